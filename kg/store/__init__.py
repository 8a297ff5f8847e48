"""Where the graph lives: one interface, two backends.

    open_store(spec, mode)  -> Store            the only way in
    base.py                 Store, QueryResult  what every backend offers (and cache_dir)
    oxigraph.py             embedded Oxigraph   on disk (RocksDB) or in memory
    remote.py               SPARQL 1.1 endpoint the Protocol for queries, Update for writes
    windowed_dump.py        N-Quads/N-Triples dumps of an on-disk store in flat memory
    opening.py              read-only handles that open cheaply, for the windowed dump

Callers use :class:`Store`'s methods only: nothing outside this package imports a backend
module or pyoxigraph's ``Store``, or asks which backend it holds.
"""
from __future__ import annotations

from pathlib import Path

from kg.errors import ConfigError
from kg.store.base import DEFAULT_PATH, Mode, QueryResult, Store, Term, iter_nquads
from kg.store.windowed_dump import use_one_malloc_arena

__all__ = ["DEFAULT_PATH", "Mode", "QueryResult", "Store", "Term", "iter_nquads", "open_store",
           "use_one_malloc_arena"]


def open_store(spec: str | Path | None = None, mode: Mode = "r", *, update_url: str | None = None,
               wait: float = 0.0, authorization: str | None = None) -> Store:
    """Open the store named by ``spec`` (default ``./.kg``; the CLI resolves ``KG_STORE``).

    ``"memory"`` gives an empty in-memory store (always writable); an ``http(s)://`` URL a
    remote SPARQL endpoint (``update_url`` for writes, default: the query URL with ``/query``
    replaced by ``/update``; ``authorization`` is its ``Authorization`` header); anything
    else a directory on disk.

    ``mode="r"`` (the default) never creates, repairs or writes anything: it opens an
    existing store read-only, without the writer's lock (a snapshot, usable during an
    ingest), and refuses a path that is not a kg store. ``mode="w"`` takes the lock (waiting
    up to ``wait`` seconds for another writer) and creates the store in a folder that does
    not exist yet or is empty.

    Raises:
        NotAStore: the path does not hold a kg store (exit code 2).
        StoreBusy: another process holds the embedded store.
        StoreError: the store cannot be opened.
        ConfigError: unknown kind of spec or mode.
    """
    if mode not in ("r", "w"):
        raise ConfigError(f"unknown store mode {mode!r}: use 'r' or 'w'")
    spec = str(spec or DEFAULT_PATH)
    if spec == "memory":
        from kg.store.oxigraph import OxigraphStore

        return OxigraphStore(None)
    if spec.startswith(("http://", "https://")):
        from kg.store.remote import RemoteStore

        return RemoteStore(spec, update_url=update_url, mode=mode, authorization=authorization)
    if "://" in spec:
        raise ConfigError(f"unsupported store '{spec}': use 'memory', a directory, or an http(s):// SPARQL endpoint")
    from kg.store.oxigraph import OxigraphStore

    return OxigraphStore(Path(spec), mode=mode, wait=wait)
