"""The Store interface every backend implements, and the materialised query result."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Union

import pyoxigraph as ox


Term = Union[ox.NamedNode, ox.BlankNode, ox.Literal, ox.Triple]

DEFAULT_PATH = ".kg"
#: Oxigraph's bulk loader ingests up to this many quads in one atomic RocksDB ingestion.
BULK_ATOMIC_LIMIT = 1_000_000

RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {"nt": ox.RdfFormat.N_TRIPLES, "ttl": ox.RdfFormat.TURTLE}
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


def _materialise(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> QueryResult:
    if isinstance(result, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        # tuple(solution) reads every value in one call: no per-cell Python indexing.
        return QueryResult("select", variables=names, rows=[tuple(sol) for sol in result])
    return QueryResult("graph", triples=list(result))


class Store:
    """What every backend offers. Obtain one with :func:`open_store`."""

    kind: str = ""
    location: str = ""

    def put_graph(self, graph: str, quads: list[ox.Quad]) -> None:
        """Replace named graph ``graph`` with ``quads`` in one transaction."""
        raise NotImplementedError

    def put_graphs(self, graphs: Iterable[tuple[str, list[ox.Quad]]]) -> None:
        """Write a batch of named graphs (each replacing any previous version)."""
        for graph, quads in graphs:
            self.put_graph(graph, quads)

    def drop_graph(self, graph: str) -> None:
        """Remove a named graph (no error when absent)."""
        raise NotImplementedError

    def has_graph(self, graph: str) -> bool:
        """Whether named graph ``graph`` holds anything."""
        raise NotImplementedError

    def query(self, sparql: str) -> QueryResult:
        """Run a read-only SPARQL query over the union of all graphs."""
        raise NotImplementedError

    def query_to(self, sparql: str, fmt: str) -> bytes:
        """Run a query and serialise its result in a W3C results format (json, xml, csv, tsv)."""
        raise NotImplementedError

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update request (one transaction)."""
        raise NotImplementedError

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad of the store."""
        raise NotImplementedError

    def load(self, path: str | Path, fmt: ox.RdfFormat | None = None) -> None:
        """Bulk-load an RDF file (N-Quads, TriG, ...)."""
        raise NotImplementedError

    def close(self) -> None:
        """Flush and release the store."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()



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
