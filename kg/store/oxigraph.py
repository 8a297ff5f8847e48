"""Oxigraph, the embedded default: on disk (RocksDB, one writer process) or in memory."""
from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from kg.errors import QueryError, StoreBusy, StoreError
from kg.store.base import (
    BULK_ATOMIC_LIMIT,
    GRAPH_FORMATS,
    RESULT_FORMATS,
    RESULT_MEDIA_TYPES,
    QueryResult,
    Store,
    _materialise,
)


class OxigraphStore(Store):
    """Oxigraph: on disk at ``path`` (persistent, one writer process) or in memory."""

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False, wait: float = 0.0) -> None:
        """Open the store; on disk, wait up to ``wait`` seconds for another writer to finish.

        A read-only store never takes the lock: it opens while an ingest runs and sees the
        articles committed when it was opened (each one whole, never part of one).

        Raises:
            StoreBusy: another process holds the store for writing (after ``wait`` seconds).
            StoreError: the store does not exist (read-only) or cannot be opened.
        """
        self.kind = "oxigraph" if path is not None else "memory"
        self.location = str(Path(path).resolve()) if path is not None else ":memory:"
        self.read_only = read_only
        if path is None:
            self._db = ox.Store()
            return
        deadline = time.monotonic() + max(0.0, wait)
        delay = 0.05
        while True:
            try:
                self._db = self._open(Path(path), read_only)
                return
            except StoreBusy:
                if time.monotonic() >= deadline:
                    raise
            time.sleep(min(delay, max(0.0, deadline - time.monotonic())))
            delay = min(delay * 2, 1.0)

    def _open(self, path: Path, read_only: bool) -> ox.Store:
        try:
            if read_only:
                if not (path / "CURRENT").is_file():
                    raise StoreError(f"no store at {self.location}: ingest articles first, or pass --store")
                return ox.Store.read_only(str(path))
            path.mkdir(parents=True, exist_ok=True)
            return ox.Store(str(path))
        except OSError as exc:
            msg = str(exc)
            if "lock" in msg.lower():
                raise StoreBusy(f"store {self.location} is in use by another kg process; "
                                "wait for it to finish (or pass --wait SECONDS)") from None
            raise StoreError(f"cannot open store {self.location}: {msg.splitlines()[0] if msg else exc}") from None
        except RuntimeError as exc:  # a store being created by another process right now
            if read_only and "column family" in str(exc).lower():
                raise StoreBusy(f"store {self.location} is being created by another kg process; "
                                "try again in a moment (or pass --wait SECONDS)") from None
            raise StoreError(f"cannot open store {self.location}: {str(exc).splitlines()[0]}") from None

    @property
    def db(self) -> ox.Store:
        """The underlying :class:`pyoxigraph.Store`."""
        return self._db

    def put_graph(self, graph: str, quads: list[ox.Quad]) -> None:
        g = ox.NamedNode(graph)
        try:
            if not self._db.contains_named_graph(g):
                self._db.extend(quads)  # atomic
                return
            # Replacing an existing graph: drop and insert in one update transaction.
            body = ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads),
                                format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
            self._db.update(f"DROP SILENT GRAPH <{graph}> ; INSERT DATA {{ GRAPH <{graph}> {{\n{body}}} }}")
        except OSError as exc:
            raise StoreError(f"cannot write graph {graph}: {exc}") from None

    def put_graphs(self, graphs: Iterable[tuple[str, list[ox.Quad]]]) -> None:
        """Write a batch of graphs: new ones in one atomic write, replaced ones one transaction each.

        New graphs of an on-disk store go through Oxigraph's bulk loader, 2-3x faster than a
        transaction. It is atomic while one call stays under its batch size (1,000,000 quads):
        the SST files of every index are then ingested by a single RocksDB
        ``IngestExternalFiles`` call, so a reader or a crash sees all of the batch or none.
        Larger batches are split below that size, on article boundaries.
        """
        fresh: list[ox.Quad] = []
        for graph, quads in dict(graphs).items():  # a graph given twice: the last wins
            if self._db.contains_named_graph(ox.NamedNode(graph)):
                self.put_graph(graph, quads)
            else:
                fresh.extend(quads)
        if not fresh:
            return
        try:
            if self.kind == "oxigraph" and len(fresh) < BULK_ATOMIC_LIMIT:
                self._db.bulk_extend(fresh)
            else:
                self._db.extend(fresh)
        except OSError as exc:
            raise StoreError(f"cannot write to store {self.location}: {exc}") from None

    def drop_graph(self, graph: str) -> None:
        try:
            self._db.update(f"DROP SILENT GRAPH <{graph}>")
        except OSError as exc:
            raise StoreError(f"cannot remove graph {graph}: {exc}") from None

    def has_graph(self, graph: str) -> bool:
        return self._db.contains_named_graph(ox.NamedNode(graph))

    def _run(self, sparql: str) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        try:
            return self._db.query(sparql, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise QueryError(f"invalid SPARQL: {exc}") from None
        except OSError as exc:
            raise QueryError(f"query failed: {exc}") from None

    def query(self, sparql: str) -> QueryResult:
        return _materialise(self._run(sparql))

    def query_to(self, sparql: str, fmt: str) -> bytes:
        return self.query_payload(sparql, fmt)[1]

    def query_payload(self, sparql: str, fmt: str, graph_fmt: str = "nt") -> tuple[str, bytes]:
        """Run a query; return ``(media type, bytes)``.

        SELECT and ASK results are written in ``fmt`` (json, xml, csv, tsv), CONSTRUCT and
        DESCRIBE results in ``graph_fmt`` (nt or ttl), straight from Oxigraph's serialisers.
        """
        if fmt not in RESULT_FORMATS:
            raise QueryError(f"unknown result format '{fmt}'")
        result = self._run(sparql)
        try:
            if isinstance(result, ox.QueryTriples):
                rdf_fmt = GRAPH_FORMATS.get(graph_fmt, ox.RdfFormat.N_TRIPLES)
                return rdf_fmt.media_type, ox.serialize(result, format=rdf_fmt)
            return RESULT_MEDIA_TYPES[fmt], result.serialize(format=RESULT_FORMATS[fmt])
        except (OSError, SyntaxError) as exc:
            raise QueryError(f"query failed: {exc}") from None

    def update(self, sparql: str) -> None:
        try:
            self._db.update(sparql)
        except SyntaxError as exc:
            raise QueryError(f"invalid SPARQL Update: {exc}") from None
        except OSError as exc:
            raise StoreError(f"update failed: {exc}") from None

    def quads(self) -> Iterator[ox.Quad]:
        return iter(self._db)

    def load(self, path: str | Path, fmt: ox.RdfFormat | None = None) -> None:
        try:
            self._db.bulk_load(path=str(path), format=fmt or ox.RdfFormat.from_extension(Path(path).suffix[1:]))
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"cannot load {path}: {str(exc).splitlines()[0]}") from None

    def dump(self, output: IO[bytes] | str | Path, fmt: ox.RdfFormat) -> None:
        """Write the whole dataset with Oxigraph's own serialiser."""
        self._db.dump(output=output, format=fmt)

    def close(self) -> None:
        if self.kind == "oxigraph" and not getattr(self, "read_only", False) and self._db is not None:
            try:
                self._db.flush()
            except OSError:
                pass
        self._db = None  # type: ignore[assignment]


