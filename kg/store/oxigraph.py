"""Oxigraph, the embedded default: on disk (RocksDB, one writer process) or in memory.

Only this module touches :class:`pyoxigraph.Store`. A store opened with ``mode="r"`` is
opened read-only by RocksDB and never creates, repairs or writes a file; a path that does
not hold a store is refused before Oxigraph sees it. ``mode="w"`` creates a store only in
a folder that does not exist yet or is empty.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TypeVar

import pyoxigraph as ox

from kg.errors import NotAStore, StoreBusy, StoreError, map_oxigraph_errors
from kg.store.base import Mode, QueryResult, Store, wire_formats

_T = TypeVar("_T")

#: Oxigraph's bulk loader ingests up to this many quads in one atomic RocksDB ingestion.
BULK_ATOMIC_LIMIT = 1_000_000


class _LineCounter:
    """A binary output counting the lines written through it (one per quad in N-Quads)."""

    def __init__(self, output: IO[bytes]) -> None:
        self.output, self.lines = output, 0

    def write(self, data: bytes) -> int:
        self.lines += data.count(b"\n")
        return self.output.write(data)

    def flush(self) -> None:
        self.output.flush()


#: RocksDB writes this file last when it creates a database: a kg store always has it.
_MARKER = "CURRENT"
#: Oxigraph's bulk loader writes its sorted runs to these files, then hands them to RocksDB,
#: which moves them into the database under numbered names. One still there after a load
#: (a full disk, a killed process) belongs to no index: it is only wasted space.
_BULK_LEFTOVERS = "bulk-*.sst"


class OxigraphStore(Store):
    """Oxigraph: on disk at ``path`` (persistent, one writer process) or in memory (``path=None``).

    An in-memory store always starts empty and is writable whatever ``mode`` says: it is a
    scratch store that its creator fills.
    """

    def __init__(self, path: str | Path | None = None, *, mode: Mode = "w", wait: float = 0.0) -> None:
        """Open the store; in mode ``"w"`` wait up to ``wait`` seconds for another writer to finish.

        A read-only store never takes the lock: it opens while an ingest runs and sees the
        articles committed when it was opened (each one whole, never part of one).

        Raises:
            NotAStore: ``path`` holds no kg store (mode "r"), or is a file or a non-empty
                folder that is not a store.
            StoreBusy: another process holds the store for writing (after ``wait`` seconds).
            StoreError: the store cannot be opened.
        """
        if mode not in ("r", "w"):
            raise ValueError(f"mode must be 'r' or 'w', not {mode!r}")
        self.kind = "oxigraph" if path is not None else "memory"
        self.location = str(Path(path).expanduser().resolve()) if path is not None else ":memory:"
        self.mode = mode if path is not None else "w"
        self._path = Path(self.location) if path is not None else None
        self.isolation = "reopen" if path is not None else "fork"
        if self._path is None:
            self._db: ox.Store | None = ox.Store()
            return
        self._db = self._open_waiting(self._path, wait)

    def _open_waiting(self, path: Path, wait: float) -> ox.Store:
        deadline = time.monotonic() + max(0.0, wait)
        delay = 0.05
        while True:
            try:
                db = self._open(path)
                if self.mode == "w":  # the lock is ours: no load of another process is running
                    self._remove_bulk_leftovers()
                return db
            except StoreBusy:
                if time.monotonic() >= deadline:
                    raise
            time.sleep(min(delay, max(0.0, deadline - time.monotonic())))
            delay = min(delay * 2, 1.0)

    def _remove_bulk_leftovers(self) -> None:
        """Delete the bulk loader's files left by a failed or killed load (see :data:`_BULK_LEFTOVERS`).

        Only the holder of the writer's lock loads, so while it is held no such file is in use.
        """
        if self._path is None:
            return
        for leftover in self._path.glob(_BULK_LEFTOVERS):
            try:
                leftover.unlink()
            except FileNotFoundError:
                pass
            except OSError as exc:
                raise StoreError(f"cannot remove {leftover}, left by an unfinished load: "
                                 f"{exc.strerror or exc}") from exc

    def _after_failed_load(self) -> None:
        """Free the space a failed load took (best effort: the load's own error is the one to report)."""
        try:
            self._remove_bulk_leftovers()
        except StoreError:
            pass

    def _open(self, path: Path) -> ox.Store:
        self._refuse_non_store(path)
        try:
            if self.mode == "r":
                return _open_read_only(path)
            path.mkdir(parents=True, exist_ok=True)
            return ox.Store(str(path))
        except OSError as exc:
            msg = str(exc)
            if "lock" in msg.lower():
                raise StoreBusy(f"store {self.location} is in use by another kg process; "
                                "wait for it to finish (or pass --wait SECONDS)") from exc
            raise StoreError(f"cannot open store {self.location}: {_first_line(msg) or exc}") from exc
        except RuntimeError as exc:  # a store being created by another process right now
            if self.mode == "r" and "column family" in str(exc).lower():
                raise StoreBusy(f"store {self.location} is being created by another kg process; "
                                "try again in a moment (or pass --wait SECONDS)") from exc
            raise StoreError(f"cannot open store {self.location}: {_first_line(str(exc))}") from exc

    def _refuse_non_store(self, path: Path) -> None:
        """Refuse, before RocksDB sees it, a path that is not a store (RocksDB would create one)."""
        if path.exists() and not path.is_dir():
            raise NotAStore(f"{self.location} is a file, not a kg store")
        if (path / _MARKER).is_file():
            return
        if not path.exists():
            if self.mode == "r":
                raise NotAStore(f"no kg store at {self.location}: ingest articles first, or pass --store")
            return
        try:
            entries = sorted(p.name for p in path.iterdir())
        except OSError as exc:
            raise StoreError(f"cannot read {self.location}: {exc.strerror or exc}") from exc
        if not entries:
            if self.mode == "r":
                raise NotAStore(f"no kg store at {self.location} (the folder is empty): ingest articles first")
            return
        if "LOCK" in entries and "IDENTITY" not in entries and self.mode == "w":
            # another process is creating the store this very moment
            raise StoreBusy(f"store {self.location} is being created by another kg process; "
                            "try again in a moment (or pass --wait SECONDS)")
        damaged = " (a damaged store: its CURRENT file is missing)" if any(
            e.startswith("MANIFEST-") or e.endswith(".sst") for e in entries) else ""
        raise NotAStore(f"{self.location} is not a kg store{damaged}; nothing was changed there")

    def open_again(self, mode: Mode = "r") -> Store:
        if self._path is None:
            return self
        return OxigraphStore(self._path, mode=mode)

    # --- reading ---------------------------------------------------------------------
    @property
    def _store(self) -> ox.Store:
        if self._db is None:
            raise StoreError(f"store {self.location} is closed")
        return self._db

    def _reading(self, read: Callable[[ox.Store], _T]) -> _T:
        """``read(store)``, repeated on a new read-only handle when a writer's compaction removed a
        table file this handle had not opened yet (the read is whole, so repeating it is safe)."""
        for attempt in range(_READ_ATTEMPTS):
            try:
                return read(self._store)
            except OSError as exc:
                if self.mode != "r" or self._path is None or not _table_gone(exc) or attempt == _READ_ATTEMPTS - 1:
                    raise
            self._db = None
            self._db = _open_read_only(self._path)
        raise AssertionError("unreachable")

    def _run(self, store: ox.Store, sparql: str, prefixes: dict[str, str] | None,
             default_graphs: list[str] | None, named_graphs: list[str] | None,
             union: bool) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        kwargs: dict[str, object] = {}
        if default_graphs is not None:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
        elif union:
            kwargs["use_default_graph_as_union"] = True
        if named_graphs is not None:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        return store.query(sparql, prefixes=prefixes, **kwargs)

    def query(self, sparql: str, *, prefixes: dict[str, str] | None = None,
              default_graphs: list[str] | None = None, named_graphs: list[str] | None = None,
              union: bool = True) -> QueryResult:
        with map_oxigraph_errors("SPARQL", sparql):
            return self._reading(lambda st: QueryResult.from_oxigraph(
                self._run(st, sparql, prefixes, default_graphs, named_graphs, union)))

    def query_serialized(self, sparql: str, *, fmt: str = "json", graph_fmt: str = "nt",
                         prefixes: dict[str, str] | None = None, default_graphs: list[str] | None = None,
                         named_graphs: list[str] | None = None, union: bool = True) -> tuple[str, bytes]:
        wire = wire_formats(fmt, graph_fmt)

        def read(st: ox.Store) -> tuple[str, bytes]:
            result = self._run(st, sparql, prefixes, default_graphs, named_graphs, union)
            if isinstance(result, ox.QueryTriples):
                return wire.graph.media_type, ox.serialize(result, format=wire.graph)
            return wire.results_media_type, result.serialize(format=wire.results)

        with map_oxigraph_errors("SPARQL", sparql):
            return self._reading(read)

    def has_graph(self, graph: str) -> bool:
        return self._reading(lambda st: st.contains_named_graph(ox.NamedNode(graph)))

    def graphs(self) -> Iterator[str]:
        names = self._reading(lambda st: [g.value for g in st.named_graphs() if isinstance(g, ox.NamedNode)])
        return iter(names)

    def quads(self) -> Iterator[ox.Quad]:
        return iter(self._store)

    def __len__(self) -> int:
        return self._reading(len)

    def dump(self, output: IO[bytes], fmt: str) -> int:
        """As :meth:`Store.dump`; N-Quads and N-Triples come from Oxigraph's own dump (no Python per quad).

        An on-disk store opened read-only is dumped a window of graphs at a time, so memory
        stays flat however large the store is.
        """
        if fmt in ("nq", "nt") and self._path is not None and self.mode == "r":
            return self._dump_in_windows(output, fmt)
        return self._dump_snapshot(output, fmt)

    def _dump_snapshot(self, output: IO[bytes], fmt: str) -> int:
        """The store as this handle sees it, in one pass (RocksDB's caches fill as it reads)."""
        if fmt != "nq":
            return super().dump(output, fmt)
        counter = _LineCounter(output)
        try:
            self._store.dump(counter, format=ox.RdfFormat.N_QUADS)
        except OSError as exc:
            raise StoreError(f"cannot write the {fmt} dump: {exc}") from exc
        return counter.lines

    def _dump_in_windows(self, output: IO[bytes], fmt: str) -> int:
        """An on-disk store read window by window, with flat memory (see :mod:`kg.store.windowed_dump`).

        This handle is closed meanwhile (its caches would stay beside the windows') and opened
        again after. When a writer changes the store during the dump, a seekable ``output`` is
        rewritten from one snapshot; otherwise the dump is refused (run it again).
        """
        from kg.store.windowed_dump import StoreChanged, dump_in_windows

        start = output.tell() if getattr(output, "seekable", lambda: False)() else None
        self._db = None
        try:
            return dump_in_windows(self._path, output, quads=fmt == "nq", open_store=_open_read_only)
        except StoreChanged:
            if start is None:
                raise StoreError(f"store {self.location} changed during the {fmt} dump; run it again") from None
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"cannot write the {fmt} dump: {_first_line(str(exc))}") from exc
        finally:
            self._db = self._open(self._path)
        output.seek(start)
        output.truncate()
        return self._dump_snapshot(output, fmt)

    @property
    def cache_dir(self) -> Path | None:
        if self._path is None:
            return None
        return self._path.with_name(self._path.name + ".cache")

    # --- writing ---------------------------------------------------------------------
    def put_graph(self, graph: str, quads: list[ox.Quad]) -> None:
        self._check_writable()
        g = ox.NamedNode(graph)
        try:
            if not self._store.contains_named_graph(g):
                self._store.extend(quads)  # atomic
                return
            # Replacing an existing graph: drop and insert in one update transaction.
            body = ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads),
                                format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
            self._store.update(f"DROP SILENT GRAPH <{graph}> ; INSERT DATA {{ GRAPH <{graph}> {{\n{body}}} }}")
        except OSError as exc:
            raise StoreError(f"cannot write graph {graph}: {exc}") from exc

    def put_graphs(self, graphs: Iterable[tuple[str, list[ox.Quad]]]) -> None:
        """Write a batch of graphs: new ones in one atomic write, replaced ones one transaction each.

        New graphs of an on-disk store go through Oxigraph's bulk loader, 2-3x faster than a
        transaction. It is atomic while one call stays under its batch size (1,000,000 quads):
        the SST files of every index are then ingested by a single RocksDB
        ``IngestExternalFiles`` call, so a reader or a crash sees all of the batch or none.
        Larger batches are split below that size, on article boundaries.
        """
        self._check_writable()
        fresh: list[ox.Quad] = []
        for graph, quads in dict(graphs).items():  # a graph given twice: the last wins
            if self._store.contains_named_graph(ox.NamedNode(graph)):
                self.put_graph(graph, quads)
            else:
                fresh.extend(quads)
        if fresh:
            self._add(fresh)

    def extend(self, quads: Iterable[ox.Quad]) -> None:
        self._check_writable()
        self._add(list(quads))

    def _add(self, quads: list[ox.Quad]) -> None:
        try:
            if self.kind == "oxigraph" and len(quads) < BULK_ATOMIC_LIMIT:
                self._store.bulk_extend(quads)
            else:
                self._store.extend(quads)
        except OSError as exc:
            self._after_failed_load()
            raise StoreError(f"cannot write to store {self.location}: {_first_line(str(exc))}") from exc

    def drop_graph(self, graph: str) -> None:
        self._check_writable()
        try:
            self._store.update(f"DROP SILENT GRAPH <{graph}>")
        except OSError as exc:
            raise StoreError(f"cannot remove graph {graph}: {exc}") from exc

    def update(self, sparql: str, *, prefixes: dict[str, str] | None = None) -> None:
        self._check_writable()
        with map_oxigraph_errors("SPARQL Update", sparql):
            self._store.update(sparql, prefixes=prefixes)

    def load(self, path: str | Path, fmt: ox.RdfFormat | None = None) -> None:
        self._check_writable()
        try:
            self._store.bulk_load(path=str(path), format=fmt or ox.RdfFormat.from_extension(Path(path).suffix[1:]))
        except (OSError, SyntaxError, ValueError) as exc:
            self._after_failed_load()
            raise StoreError(f"cannot load {path}: {_first_line(str(exc))}") from exc

    @contextmanager
    def released(self) -> Iterator[None]:
        """As :meth:`Store.released`: an on-disk writer closes its database (dropping the lock)."""
        if self._path is None or self.mode != "w" or self._db is None:
            yield
            return
        self.close()
        try:
            yield
        finally:
            self._db = self._open_waiting(self._path, _RETAKE_WAIT)

    def close(self) -> None:
        if self._db is not None and self.kind == "oxigraph" and self.mode == "w":
            try:
                self._db.flush()
            except OSError:
                pass
        self._db = None


#: Seconds a released writer waits to take its store back (the worker using it is stopping).
_RETAKE_WAIT = 30.0

#: A reader opening while a writer compacts may find an SST file already replaced: try again.
_READ_ATTEMPTS = 8


def _open_read_only(path: Path) -> ox.Store:
    for attempt in range(_READ_ATTEMPTS):
        try:
            return ox.Store.read_only(str(path))
        except (OSError, RuntimeError) as exc:
            if "No such file" not in str(exc) or attempt == _READ_ATTEMPTS - 1:
                raise
            time.sleep(0.01 * 2**attempt)
    raise AssertionError("unreachable")


def _table_gone(exc: OSError) -> bool:
    """RocksDB's error for a table file that compaction removed under a read-only handle."""
    return isinstance(exc, FileNotFoundError) or "No such file" in str(exc)


def _first_line(msg: str) -> str:
    return msg.splitlines()[0] if msg else ""
