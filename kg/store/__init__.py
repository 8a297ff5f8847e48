"""Where the graph lives: one interface, three backends.

- ``OxigraphStore``: the embedded default, Oxigraph (RocksDB) on disk or in memory.
- ``RemoteStore``: any SPARQL 1.1 endpoint (Protocol for queries, Update for writes).

``open_store(spec)`` picks the backend from a spec string: ``"memory"``, a URL
(``http(s)://...``), or a directory path (created on first use).
Each article is one named graph and is written in one transaction.
"""
from __future__ import annotations

from pathlib import Path

from kg.errors import ConfigError, StoreError
from kg.store.base import (
    BULK_ATOMIC_LIMIT,
    DEFAULT_PATH,
    GRAPH_FORMATS,
    RESULT_FORMATS,
    RESULT_MEDIA_TYPES,
    QueryResult,
    Store,
    Term,
    iter_nquads,
)
from kg.store.oxigraph import OxigraphStore

__all__ = ["BULK_ATOMIC_LIMIT", "DEFAULT_PATH", "GRAPH_FORMATS", "OxigraphStore", "QueryResult",
           "RESULT_FORMATS", "RESULT_MEDIA_TYPES", "Store", "Term", "iter_nquads", "open_store"]


def open_store(spec: str | None = None, *, update_url: str | None = None, read_only: bool = False,
               wait: float = 0.0, authorization: str | None = None) -> Store:
    """Open the store named by ``spec`` (default ``./.kg``; the CLI resolves ``KG_STORE``).

    ``"memory"`` gives an empty in-memory store; an ``http(s)://`` URL a remote SPARQL
    endpoint (``update_url`` for writes, default: the query URL with
    ``/query`` replaced by ``/update``); anything else a directory on disk.
    On disk, one process writes at a time: a writer waits up to ``wait`` seconds for the
    lock; ``read_only`` opens without the lock (a snapshot, usable during an ingest).
    ``authorization`` is the ``Authorization`` header sent to a remote endpoint.

    Raises:
        StoreBusy: another process holds the embedded store.
        StoreError: the store cannot be opened.
    """
    spec = spec or DEFAULT_PATH
    if spec == "memory":
        return OxigraphStore(None)
    if spec.startswith(("http://", "https://")):
        from kg.store.remote import RemoteStore

        return RemoteStore(spec, update_url=update_url, authorization=authorization)
    if "://" in spec:
        raise ConfigError(f"unsupported store '{spec}': use 'memory', a directory, or an http(s):// SPARQL endpoint")
    path = Path(spec).expanduser()
    if path.exists() and not path.is_dir():
        raise StoreError(f"store path {path} is a file, not a directory")
    return OxigraphStore(path, read_only=read_only, wait=wait)
