"""A store behind a SPARQL 1.1 endpoint: the Protocol for queries, Update for writes.

Works with any conforming server (Oxigraph server, Fuseki, GraphDB, Virtuoso, QLever with
an update endpoint). Uses only the standard library's HTTP client.
"""
from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from kg.errors import QueryError, StoreError
from kg.store.base import (
    RESULT_FORMATS,
    RESULT_MEDIA_TYPES,
    QueryResult,
    Store,
    _materialise,
)

_TIMEOUT = 300.0


class RemoteStore(Store):
    """A remote SPARQL 1.1 endpoint; ``update_url`` receives writes; ``authorization`` is sent as is."""

    def __init__(self, query_url: str, *, update_url: str | None = None, timeout: float = _TIMEOUT,
                 authorization: str | None = None) -> None:
        self.kind = "remote"
        self.query_url = query_url
        if update_url is None:
            update_url = query_url[: -len("/query")] + "/update" if query_url.endswith("/query") else query_url
        self.update_url = update_url
        self.location = query_url if update_url == query_url else f"{query_url} (updates: {update_url})"
        self.timeout = timeout
        self._auth = authorization

    def _post(self, url: str, form: dict[str, str], accept: str) -> bytes:
        data = urllib.parse.urlencode(form).encode("utf-8")
        headers = {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"}
        if self._auth:
            headers["Authorization"] = self._auth
        req = urllib.request.Request(url, data=data, method="POST", headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                return resp.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read(500).decode("utf-8", "replace").strip().splitlines()
            msg = f"{url} answered HTTP {exc.code}: {detail[0] if detail else exc.reason}"
            raise (QueryError if exc.code == 400 else StoreError)(msg) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise StoreError(f"cannot reach SPARQL endpoint {url}: {reason}") from None

    def put_graph(self, graph: str, quads: list[ox.Quad]) -> None:
        self.update(_replace_op(graph, quads))

    def put_graphs(self, graphs: Iterable[tuple[str, list[ox.Quad]]]) -> None:
        """Replace several graphs with few requests (each request is one Update transaction)."""
        ops: list[str] = []
        size = 0
        for graph, quads in graphs:
            op = _replace_op(graph, quads)
            if ops and size + len(op) > _REQUEST_BYTES:
                self.update(" ;\n".join(ops))
                ops, size = [], 0
            ops.append(op)
            size += len(op)
        if ops:
            self.update(" ;\n".join(ops))

    def drop_graph(self, graph: str) -> None:
        self.update(f"DROP SILENT GRAPH <{graph}>")

    def has_graph(self, graph: str) -> bool:
        res = self.query(f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        return bool(res.boolean)

    def query(self, sparql: str) -> QueryResult:
        raw = self._post(self.query_url, {"query": sparql},
                         "application/sparql-results+json, application/n-triples;q=0.9")
        text = raw.lstrip()
        if text.startswith(b"{"):
            try:
                return _materialise(ox.parse_query_results(raw, format=ox.QueryResultsFormat.JSON))
            except SyntaxError as exc:
                raise StoreError(f"unreadable SPARQL results from {self.query_url}: {exc}") from None
        triples = [ox.Triple(q.subject, q.predicate, q.object)
                   for q in ox.parse(raw, format=ox.RdfFormat.N_TRIPLES)]
        return QueryResult("graph", triples=triples)

    def query_to(self, sparql: str, fmt: str) -> bytes:
        if fmt not in RESULT_FORMATS:
            raise QueryError(f"unknown result format '{fmt}'")
        return self._post(self.query_url, {"query": sparql},
                          f"{RESULT_MEDIA_TYPES[fmt]}, application/n-triples;q=0.9")

    def update(self, sparql: str) -> None:
        self._post(self.update_url, {"update": sparql}, "*/*")

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad of the named graphs, fetched a few hundred graphs per request."""
        graphs = [row[0] for row in self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }").rows
                  if isinstance(row[0], ox.NamedNode)]
        for i in range(0, len(graphs), _GRAPHS_PER_REQUEST):
            values = " ".join(str(g) for g in graphs[i:i + _GRAPHS_PER_REQUEST])
            res = self.query(f"SELECT ?s ?p ?o ?g WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}")
            for s, p, o, g in res.rows:
                yield ox.Quad(s, p, o, g)  # type: ignore[arg-type]

    def load(self, path: str | Path, fmt: ox.RdfFormat | None = None) -> None:
        """Add the quads of an RDF file (streamed, in requests of about 10,000 quads)."""
        fmt = fmt or ox.RdfFormat.from_extension(Path(path).suffix[1:])
        chunk: list[ox.Quad] = []
        try:
            for q in ox.parse(path=str(path), format=fmt):
                chunk.append(q)
                if len(chunk) >= 10_000:
                    self.update(_insert_op(chunk))
                    chunk = []
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"cannot load {path}: {str(exc).splitlines()[0]}") from None
        if chunk:
            self.update(_insert_op(chunk))


_REQUEST_BYTES = 4_000_000
_GRAPHS_PER_REQUEST = 200


def _triples(quads: Iterable[ox.Quad]) -> str:
    return ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads),
                        format=ox.RdfFormat.N_TRIPLES).decode("utf-8")


def _replace_op(graph: str, quads: list[ox.Quad]) -> str:
    return f"DROP SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{\n{_triples(quads)}}} }}"


def _insert_op(quads: list[ox.Quad]) -> str:
    """INSERT DATA for quads of any graphs (default graph included)."""
    by_graph: dict[object, list[ox.Quad]] = {}
    for q in quads:
        by_graph.setdefault(q.graph_name, []).append(q)
    parts = []
    for g, qs in by_graph.items():
        body = _triples(qs)
        parts.append(f"GRAPH <{g.value}> {{\n{body}}}" if isinstance(g, ox.NamedNode) else body)
    return "INSERT DATA {\n" + "\n".join(parts) + "}"
