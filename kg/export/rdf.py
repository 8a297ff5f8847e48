"""Writing the whole store as RDF, streamed: memory stays flat however large the store is.

The store serialises itself (:meth:`kg.store.Store.dump`): the embedded store's N-Quads come
straight from Oxigraph's own dump, other formats stream its quads through Oxigraph's
serialiser. This module only makes the file appear whole.
"""
from __future__ import annotations

import os
from pathlib import Path

from kg.errors import ExportError, StoreError
from kg.store import Store


def write_rdf(store: Store, fmt: str, path: str | Path) -> int:
    """Write every quad of ``store`` to ``path`` in ``fmt`` (atomically); return the number of quads.

    Triple formats (nt, ttl, xml) merge the named graphs into one graph.

    Raises:
        ConfigError: unknown format.
        ExportError: the file cannot be written.
    """
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as fh:
            n = store.dump(fh, fmt)
        tmp.replace(path)
    except (OSError, StoreError) as exc:
        _discard(tmp)
        raise ExportError(f"cannot write {path}: {getattr(exc, 'strerror', None) or exc}") from exc
    except BaseException:
        _discard(tmp)
        raise
    return n


def _discard(path: Path) -> None:
    """Remove a temporary file if it is there (no error when it cannot be)."""
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass
