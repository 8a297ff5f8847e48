"""The Store interface every backend implements, and the materialised query result.

Callers hold a :class:`Store` obtained from :func:`kg.store.open_store` and use only the
methods below; no caller reaches into a backend or checks which one it has.

Cache location (``Store.cache_dir``): derived data (the graph projection) is kept OUTSIDE
the store itself, so a read-only open never writes into the database directory:

- on disk: a sibling folder ``<store>.cache/`` (e.g. ``.kg`` -> ``.kg.cache``); it lives and
  is deleted beside the store, on the same file system;
- remote: ``$XDG_CACHE_HOME/kg/<hash of the endpoint URL>`` (``~/.cache/kg/...``);
- memory: ``None`` (nothing is cached on disk).

The folder is not created by the store; whoever writes a cache creates it.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Literal, Union

import pyoxigraph as ox

from kg.errors import QueryError, StoreError

Term = Union[ox.NamedNode, ox.BlankNode, ox.Literal, ox.Triple]
Mode = Literal["r", "w"]

DEFAULT_PATH = ".kg"

RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
#: RDF formats for CONSTRUCT / DESCRIBE results.
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "nt": ox.RdfFormat.N_TRIPLES,
    "ttl": ox.RdfFormat.TURTLE,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}
RESULT_MEDIA_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}


@dataclass(slots=True)
class QueryResult:
    """A materialised SPARQL result.

    ``kind`` is ``"select"`` (``variables`` + ``rows``), ``"ask"`` (``boolean``) or
    ``"graph"`` (``triples``, from CONSTRUCT / DESCRIBE).
    """

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)

    def dicts(self) -> list[dict[str, str | None]]:
        """Rows as ``{variable: value}`` with plain string values."""
        return [{v: (t.value if t is not None else None) for v, t in zip(self.variables, row)}
                for row in self.rows]

    @classmethod
    def from_oxigraph(cls, result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> QueryResult:
        """Read a pyoxigraph result to the end."""
        if isinstance(result, ox.QueryBoolean):
            return cls("ask", boolean=bool(result))
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            # tuple(solution) reads every value in one call: no per-cell Python indexing.
            return cls("select", variables=names, rows=[tuple(sol) for sol in result])
        return cls("graph", triples=list(result))


class Store:
    """What every backend offers. Obtain one with :func:`kg.store.open_store`.

    ``kind`` is ``"oxigraph"``, ``"memory"`` or ``"remote"`` (for display only: never branch
    on it); ``location`` is where the data lives; ``mode`` is ``"r"`` or ``"w"``.
    """

    kind: str = ""
    location: str = ""
    mode: Mode = "r"
    #: How a worker process reaches the data: ``"reopen"`` (it opens ``location`` itself),
    #: ``"fork"`` (only a forked child sees it: in memory), ``"none"`` (the work happens
    #: elsewhere, at a remote endpoint: run it in the calling process).
    isolation: str = "none"

    def open_again(self, mode: Mode = "r") -> Store:
        """A new handle on the same data, for a worker process (``self`` when there is no other)."""
        return self

    # --- reading ---------------------------------------------------------------------
    def query(self, sparql: str, *, prefixes: dict[str, str] | None = None,
              default_graphs: list[str] | None = None, named_graphs: list[str] | None = None,
              union: bool = True) -> QueryResult:
        """Run a SPARQL query, read to the end.

        The default graph is ``default_graphs`` when given (``[]``: empty), else the union of
        all graphs (``union``), else what the query's own FROM clauses name. ``named_graphs``
        restricts GRAPH to those graphs. ``prefixes`` are declared for the parser (the
        query's own PREFIX lines win).

        Raises:
            QueryError: invalid query or a failure while evaluating it.
        """
        raise NotImplementedError

    def query_serialized(self, sparql: str, *, fmt: str = "json", graph_fmt: str = "nt",
                         prefixes: dict[str, str] | None = None, default_graphs: list[str] | None = None,
                         named_graphs: list[str] | None = None, union: bool = True) -> tuple[str, bytes]:
        """Run a query; ``(media type, bytes)``: SELECT/ASK in ``fmt`` (json, xml, csv, tsv),
        CONSTRUCT/DESCRIBE in ``graph_fmt`` (nt, ttl, nq, trig, jsonld, xml).

        Raises:
            QueryError: invalid query, unknown format, or a failure while evaluating it.
        """
        raise NotImplementedError

    def has_graph(self, graph: str) -> bool:
        """Whether named graph ``graph`` holds anything."""
        raise NotImplementedError

    def graphs(self) -> Iterator[str]:
        """IRIs of the named graphs."""
        raise NotImplementedError

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad of the store, streamed."""
        raise NotImplementedError

    def __len__(self) -> int:
        """Number of quads."""
        raise NotImplementedError

    def dump(self, output: IO[bytes], fmt: str) -> int:
        """Stream the store to ``output`` in ``fmt`` (nt, ttl, xml, nq, trig, jsonld); return the quad count.

        Triple formats (nt, ttl, xml) write the triples of every graph without the graph
        name; dataset formats keep it. Nothing is held in memory beyond the serialiser's buffer.

        Raises:
            ConfigError: unknown format.
            StoreError: the store cannot be read or ``output`` written.
        """
        from kg.rdf.ontology import PREFIXES
        from kg.rdf.quads import QUAD_FORMATS, RDF_FORMATS
        from kg.errors import ConfigError

        rdf = RDF_FORMATS.get(fmt)
        if rdf is None:
            raise ConfigError(f"unknown RDF format '{fmt}'; choose one of {', '.join(RDF_FORMATS)}")
        count = 0

        def items() -> Iterator[ox.Quad | ox.Triple]:
            nonlocal count
            for q in self.quads():
                count += 1
                yield q if fmt in QUAD_FORMATS else ox.Triple(q.subject, q.predicate, q.object)

        prefixes = PREFIXES if fmt in ("ttl", "trig", "xml", "jsonld") else None
        try:
            ox.serialize(items(), output, format=rdf, prefixes=prefixes)
        except OSError as exc:
            raise StoreError(f"cannot write the {fmt} dump: {exc}") from exc
        return count

    @property
    def cache_dir(self) -> Path | None:
        """Folder for data derived from this store (see the module docstring); not created here."""
        return None

    # --- writing (mode "w") ----------------------------------------------------------
    def put_graph(self, graph: str, quads: list[ox.Quad]) -> None:
        """Replace named graph ``graph`` with ``quads`` in one transaction."""
        raise NotImplementedError

    def put_graphs(self, graphs: Iterable[tuple[str, list[ox.Quad]]]) -> None:
        """Write a batch of named graphs (each replacing any previous version)."""
        for graph, quads in graphs:
            self.put_graph(graph, quads)

    def extend(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads (of any graphs, the default graph included) in one transaction."""
        raise NotImplementedError

    def drop_graph(self, graph: str) -> None:
        """Remove a named graph (no error when absent)."""
        raise NotImplementedError

    def update(self, sparql: str, *, prefixes: dict[str, str] | None = None) -> None:
        """Run a SPARQL Update request (one transaction).

        Raises:
            QueryError: invalid request.
            StoreError: the store is read-only or cannot be written.
        """
        raise NotImplementedError

    def load(self, path: str | Path, fmt: ox.RdfFormat | None = None) -> None:
        """Bulk-load an RDF file (N-Quads, TriG, ...)."""
        raise NotImplementedError

    def _check_writable(self) -> None:
        if self.mode != "w":
            raise StoreError(f"store {self.location} was opened read-only")

    # --- lifetime --------------------------------------------------------------------
    @contextmanager
    def released(self) -> Iterator[None]:
        """Let another process write the store meanwhile: this handle gives up its hold on the
        data (an embedded store's writer lock) and takes it again on exit.

        Used to run an update in a killable worker process. A no-op where nothing is held.

        Raises:
            StoreBusy: another process took the store in between and kept it.
        """
        yield

    def close(self) -> None:
        """Flush and release the store."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def user_cache_dir(key: str) -> Path:
    """``$XDG_CACHE_HOME/kg/<hash of key>`` (default ``~/.cache/kg/...``)."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kg"
    import hashlib

    return base / hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def iter_nquads(store: Store) -> Iterable[bytes]:
    """N-Quads lines of the whole store (for export and validation)."""
    chunk: list[ox.Quad] = []
    for q in store.quads():
        chunk.append(q)
        if len(chunk) >= 10_000:
            yield ox.serialize(chunk, format=ox.RdfFormat.N_QUADS)
            chunk = []
    if chunk:
        yield ox.serialize(chunk, format=ox.RdfFormat.N_QUADS)


@dataclass(frozen=True, slots=True)
class WireFormats:
    """How a query's answer is written: SELECT/ASK results, or the graph of CONSTRUCT/DESCRIBE."""

    results: ox.QueryResultsFormat
    results_media_type: str
    graph: ox.RdfFormat


def wire_formats(fmt: str, graph_fmt: str) -> WireFormats:
    """The formats named ``fmt`` (json, xml, csv, tsv) and ``graph_fmt`` (nt, ttl, nq, trig, jsonld, xml).

    Raises:
        QueryError: ``fmt`` is not a W3C results format or ``graph_fmt`` not a graph format.
    """
    if fmt not in RESULT_FORMATS:
        raise QueryError(f"unknown result format '{fmt}'; use one of {', '.join(RESULT_FORMATS)}")
    if graph_fmt not in GRAPH_FORMATS:
        raise QueryError(f"unknown graph format '{graph_fmt}'; use one of {', '.join(GRAPH_FORMATS)}")
    return WireFormats(RESULT_FORMATS[fmt], RESULT_MEDIA_TYPES[fmt], GRAPH_FORMATS[graph_fmt])
