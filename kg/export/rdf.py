"""Writing the whole store as RDF, streamed: memory stays flat however large the store is.

The store serialises itself (:meth:`kg.store.Store.dump`): the embedded store's N-Quads come
straight from Oxigraph's own dump, other formats stream its quads through Oxigraph's
serialiser. This module only makes the file appear whole.
"""
from __future__ import annotations

from pathlib import Path

from kg.errors import ExportError, StoreError
from kg.export.common import atomic_path
from kg.store import Store


def write_rdf(store: Store, fmt: str, path: str | Path) -> int:
    """Write every quad of ``store`` to ``path`` in ``fmt`` (atomically); return the number of quads.

    Triple formats (nt, ttl, xml) merge the named graphs into one graph.

    Raises:
        ConfigError: unknown format.
        ExportError: the file cannot be written.
    """
    path = Path(path)
    try:
        with atomic_path(path) as tmp, tmp.open("wb") as fh:
            return store.dump(fh, fmt)
    except StoreError as exc:  # the store could not be read to its end
        raise ExportError(f"cannot write {path}: {exc}") from exc
