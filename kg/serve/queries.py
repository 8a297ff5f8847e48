"""The endpoint's only calls into kg's query path (:mod:`kg.query.sparql`).

Checks (refused updates, SERVICE, LOAD, bounds), predeclared prefixes, the dataset and
syntax messages all belong to the query path; this module maps the negotiated formats onto
it and reads graphs for the Graph Store Protocol through the same path. Everything here
blocks and runs on a worker thread started by :mod:`kg.serve.engine`.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

import pyoxigraph as ox

from kg.errors import QueryError
from kg.query.pool import WorkerPool
from kg.query.sparql import run_query_serialized, run_update
from kg.serve.negotiate import GRAPH_MEDIA, Choice
from kg.store import Store

#: The negotiation's graph format names -> the store's.
_GRAPH_FMT = {"turtle": "ttl", "ntriples": "nt", "nquads": "nq", "trig": "trig", "jsonld": "jsonld", "rdfxml": "xml"}
_GRAPH_TYPES = frozenset(GRAPH_MEDIA.values())


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
        super().__init__(f"no acceptable format for this {kind} answer")
        self.kind = kind


def _iri(value: str) -> str:
    try:
        return ox.NamedNode(value).value
    except ValueError as exc:
        raise QueryError(f"not an absolute IRI: '{value[:80]}'") from exc


def run_query(store: Store, sparql: str, *, dataset: Dataset, choice: Choice, timeout: float | None,
              max_memory: int | None, pool: WorkerPool | None = None) -> Answer:
    """Run a read-only query and serialise its answer as ``choice`` says.

    The query path runs it in a worker process (one of ``pool`` for a store on disk), stopped
    after ``timeout`` seconds or when it needs more than ``max_memory`` bytes (None: no limit).

    Raises:
        QueryError: invalid, refused or failed query (a subclass says which).
        NotAcceptable: the client accepts no format of this answer's kind.
    """
    default_graphs = [_iri(g) for g in dataset.default_graphs] or None
    named_graphs = [_iri(g) for g in dataset.named_graphs] or None
    media, body = run_query_serialized(
        store, sparql, fmt=choice.results or "json", graph_fmt=_GRAPH_FMT[choice.graph or "ntriples"],
        timeout=timeout, max_memory=max_memory, default_graphs=default_graphs, named_graphs=named_graphs, pool=pool)
    graph = media in _GRAPH_TYPES
    if (choice.graph if graph else choice.results) is None:
        raise NotAcceptable("graph" if graph else "results")
    return Answer(media, body)


def run_write(store: Store, sparql: str, *, timeout: float | None, max_memory: int | None) -> None:
    """Run a SPARQL Update request (LOAD and SERVICE refused by the query path), in a worker
    stopped after ``timeout`` seconds or above ``max_memory`` bytes; a stopped update changes nothing.

    Raises:
        QueryError: invalid or refused request; QueryTimeout / QueryMemoryError when stopped.
        StoreError: the store could not be written.
    """
    run_update(store, sparql, timeout=timeout, max_memory=max_memory)


def read_graph(store: Store, graph: str | None, fmt: str, *, timeout: float | None,
               max_memory: int | None, pool: WorkerPool | None = None) -> Answer | None:
    """A graph for the Graph Store Protocol, through the query path; None when the named graph is absent.

    ``graph=None`` reads the default graph as queries see it: the union of all graphs.
    """
    choice = Choice("json", fmt)
    if graph is None:
        return run_query(store, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", dataset=Dataset(), choice=choice,
                         timeout=timeout, max_memory=max_memory, pool=pool)
    iri = str(ox.NamedNode(_iri(graph)))  # written by Oxigraph, so the IRI cannot end the term early
    exists = run_query(store, f"ASK {{ GRAPH {iri} {{ ?s ?p ?o }} }}", dataset=Dataset(), choice=choice,
                       timeout=timeout, max_memory=max_memory, pool=pool)
    if not json.loads(exists.body)["boolean"]:
        return None
    return run_query(store, f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {iri} {{ ?s ?p ?o }} }}",
                     dataset=Dataset(), choice=choice, timeout=timeout, max_memory=max_memory, pool=pool)

