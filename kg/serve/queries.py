"""The endpoint's only calls into kg's query path (one place to follow it as it changes).

Everything here is blocking and runs on a worker thread started by :mod:`kg.serve.engine`.
Checks (refused updates, SERVICE, LOAD), predeclared prefixes and syntax messages all
come from :mod:`kg.query`; this module only passes the request's dataset through and
picks the serialisation the client negotiated.
"""
from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from kg.errors import QueryError, StoreError
from kg.query.sparql import check_query, run_update, syntax_message, with_prefixes
from kg.rdf.ontology import PREFIXES
from kg.serve.negotiate import GRAPH_MEDIA, RESULT_MEDIA, Choice
from kg.store import OxigraphStore, Store

_RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
_GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
_WITH_PREFIXES = ("turtle", "trig", "rdfxml")


@dataclass(frozen=True, slots=True)
class Dataset:
    """The RDF dataset of a request (``default-graph-uri`` / ``named-graph-uri``); empty: kg's default."""

    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Answer:
    """A serialised answer: its media type and bytes."""

    media_type: str
    body: bytes


class NotAcceptable(QueryError):
    """The answer's kind (results or graph) has no format the client accepts."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def _db(store: Store) -> ox.Store:
    if not isinstance(store, OxigraphStore):
        raise StoreError("kg serve needs an embedded store")
    return store.db


def _iri(value: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(value)
    except ValueError as exc:
        raise QueryError(f"not an absolute IRI: '{value[:80]}'") from None


def serialize_graph(triples: object, fmt: str) -> Answer:
    """Triples (or quads) in graph format ``fmt`` (a key of :data:`GRAPH_MEDIA`)."""
    prefixes = PREFIXES if fmt in _WITH_PREFIXES else None
    try:
        body = ox.serialize(triples, format=_GRAPH_FORMATS[fmt], prefixes=prefixes)  # type: ignore[arg-type]
    except (OSError, ValueError, SyntaxError) as exc:
        raise QueryError(f"cannot serialise the answer: {' '.join(str(exc).split())[:200]}") from None
    return Answer(GRAPH_MEDIA[fmt], body)


def run_query(store: Store, sparql: str, *, dataset: Dataset, choice: Choice) -> Answer:
    """Run a read-only query on ``store`` and serialise its answer as ``choice`` says.

    Raises:
        QueryError: invalid or refused query (its message names the user's line and column).
        NotAcceptable: the client accepts no format of this answer's kind.
    """
    check_query(sparql)
    text = with_prefixes(sparql)
    shift = text.count("\n") - sparql.count("\n")
    options: dict[str, object] = {}
    if dataset.default_graphs or dataset.named_graphs:
        options["default_graph"] = [_iri(g) for g in dataset.default_graphs] or ox.DefaultGraph()
        if dataset.named_graphs:
            options["named_graphs"] = [_iri(g) for g in dataset.named_graphs]
    else:
        options["use_default_graph_as_union"] = True
    try:
        result = _db(store).query(text, **options)  # type: ignore[arg-type]
        if isinstance(result, ox.QueryTriples):
            if choice.graph is None:
                raise NotAcceptable("graph")
            return serialize_graph(result, choice.graph)
        if choice.results is None:
            raise NotAcceptable("results")
        return Answer(RESULT_MEDIA[choice.results], result.serialize(format=_RESULT_FORMATS[choice.results]))
    except SyntaxError as exc:
        raise QueryError(syntax_message(exc, sparql, shift=shift)) from None
    except OSError as exc:
        raise QueryError(f"query failed: {' '.join(str(exc).split())[:300]}") from None


def run_write(store: Store, sparql: str) -> None:
    """Run a SPARQL Update request (LOAD and SERVICE refused by the query path).

    Raises:
        QueryError: invalid or refused request.
        StoreError: the store could not be written.
    """
    run_update(store, sparql)


def read_graph(store: Store, graph: str | None, fmt: str) -> Answer | None:
    """A graph of the store for the Graph Store Protocol; None when the named graph is absent.

    ``graph=None`` reads the default graph as queries see it: the union of all graphs.
    """
    db = _db(store)
    if graph is None:
        triples = db.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
        return serialize_graph(triples, fmt)
    node = _iri(graph)
    if not db.contains_named_graph(node):
        return None
    return serialize_graph((ox.Triple(q.subject, q.predicate, q.object)
                            for q in db.quads_for_pattern(None, None, None, node)), fmt)
