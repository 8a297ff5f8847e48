"""A store behind a SPARQL 1.1 endpoint: the Protocol for queries, Update for writes.

Works with any conforming server (Oxigraph server, Fuseki, GraphDB, Virtuoso, QLever with
an update endpoint). Uses only the standard library's HTTP client.
"""
from __future__ import annotations

import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from kg.errors import StoreError, map_http_errors
from kg.store.base import Mode, QueryResult, Store, user_cache_dir, wire_formats

_TIMEOUT = 300.0


class RemoteStore(Store):
    """A remote SPARQL 1.1 endpoint; ``update_url`` receives writes; ``authorization`` is sent as is."""

    def __init__(self, query_url: str, *, update_url: str | None = None, mode: Mode = "r",
                 timeout: float = _TIMEOUT, authorization: str | None = None) -> None:
        self.kind = "remote"
        self.mode = mode
        self.query_url = query_url
        if update_url is None:
            update_url = query_url[: -len("/query")] + "/update" if query_url.endswith("/query") else query_url
        self.update_url = update_url
        self.location = query_url if update_url == query_url else f"{query_url} (updates: {update_url})"
        self.timeout = timeout
        self._auth = authorization

    def _post(self, url: str, form: dict[str, str] | list[tuple[str, str]], accept: str) -> tuple[str, bytes]:
        """POST a form; ``(content type, body)`` of the answer."""
        data = urllib.parse.urlencode(form).encode("utf-8")
        headers = {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"}
        if self._auth:
            headers["Authorization"] = self._auth
        req = urllib.request.Request(url, data=data, method="POST", headers=headers)
        with map_http_errors(url):
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                return resp.headers.get("Content-Type", ""), resp.read()

    def _query_form(self, sparql: str, prefixes: dict[str, str] | None, default_graphs: list[str] | None,
                    named_graphs: list[str] | None) -> list[tuple[str, str]]:
        if prefixes:  # the Protocol has no prefix parameter: declare what the query does not
            sparql = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes.items()) + sparql
        form = [("query", sparql)]
        form += [("default-graph-uri", g) for g in default_graphs or []]
        form += [("named-graph-uri", g) for g in named_graphs or []]
        return form

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
        return bool(self.query(f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}").boolean)

    def query(self, sparql: str, *, prefixes: dict[str, str] | None = None,
              default_graphs: list[str] | None = None, named_graphs: list[str] | None = None,
              union: bool = True) -> QueryResult:
        _, raw = self._post(self.query_url, self._query_form(sparql, prefixes, default_graphs, named_graphs),
                            "application/sparql-results+json, application/n-triples;q=0.9")
        try:
            if raw.lstrip().startswith(b"{"):
                return QueryResult.from_oxigraph(ox.parse_query_results(raw, format=ox.QueryResultsFormat.JSON))
            triples = [ox.Triple(q.subject, q.predicate, q.object)
                       for q in ox.parse(raw, format=ox.RdfFormat.N_TRIPLES)]
        except SyntaxError as exc:
            raise StoreError(f"unreadable SPARQL results from {self.query_url}: {exc}") from exc
        return QueryResult("graph", triples=triples)

    def query_serialized(self, sparql: str, *, fmt: str = "json", graph_fmt: str = "nt",
                         prefixes: dict[str, str] | None = None, default_graphs: list[str] | None = None,
                         named_graphs: list[str] | None = None, union: bool = True) -> tuple[str, bytes]:
        wire = wire_formats(fmt, graph_fmt)
        accept = f"{wire.results_media_type}, {wire.graph.media_type};q=0.9"
        ctype, body = self._post(self.query_url, self._query_form(sparql, prefixes, default_graphs, named_graphs),
                                 accept)
        return ctype.split(";")[0].strip() or wire.results_media_type, body

    def __len__(self) -> int:
        """Quads in named graphs (whether the endpoint's default graph is a union is unknown)."""
        res = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(res.rows[0][0].value) if res.rows and res.rows[0][0] is not None else 0

    @property
    def cache_dir(self) -> Path | None:
        return user_cache_dir(self.query_url)

    def update(self, sparql: str, *, prefixes: dict[str, str] | None = None) -> None:
        self._check_writable()
        if prefixes:
            sparql = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes.items()) + sparql
        self._post(self.update_url, {"update": sparql}, "*/*")

    def extend(self, quads: Iterable[ox.Quad]) -> None:
        chunk: list[ox.Quad] = []
        for q in quads:
            chunk.append(q)
            if len(chunk) >= 10_000:
                self.update(_insert_op(chunk))
                chunk = []
        if chunk:
            self.update(_insert_op(chunk))

    def graphs(self) -> Iterator[str]:
        rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }").rows
        return (row[0].value for row in rows if isinstance(row[0], ox.NamedNode))

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad of the named graphs, fetched a few hundred graphs per request."""
        graphs = list(self.graphs())
        for i in range(0, len(graphs), _GRAPHS_PER_REQUEST):
            values = " ".join(f"<{g}>" for g in graphs[i:i + _GRAPHS_PER_REQUEST])
            res = self.query(f"SELECT ?s ?p ?o ?g WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}")
            for s, p, o, g in res.rows:
                yield ox.Quad(s, p, o, g)  # type: ignore[arg-type]

    def load(self, path: str | Path, fmt: ox.RdfFormat | None = None) -> None:
        """Add the quads of an RDF file (streamed, in requests of about 10,000 quads)."""
        self._check_writable()
        fmt = fmt or ox.RdfFormat.from_extension(Path(path).suffix[1:])
        try:
            self.extend(ox.parse(path=str(path), format=fmt))
        except (OSError, SyntaxError, ValueError) as exc:
            raise StoreError(f"cannot load {path}: {str(exc).splitlines()[0]}") from exc


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
