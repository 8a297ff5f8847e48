"""Writing the whole store as RDF."""
from __future__ import annotations

from pathlib import Path

from kg.errors import ExportError
from kg.rdf.quads import serialize_quads
from kg.store import Store


def write_rdf(store: Store, fmt: str, path: str | Path) -> int:
    """Write every quad of ``store`` to ``path`` in ``fmt``; return the number of quads.

    Raises:
        ExportError: the file cannot be written.
    """
    quads = list(store.quads())
    data = serialize_quads(quads, fmt)
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".part")
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
    return len(quads)
