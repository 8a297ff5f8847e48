"""What a worker does with one checked query: evaluate it and serialise the answer.

A :class:`Request` is plain data (it crosses to pool workers as JSON), built by
:mod:`kg.query.sparql` after the bounds and the parse tree have been checked.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from kg.errors import QueryError, QuerySyntaxError, WrongOperation
from kg.rdf.ontology import PREFIXES
from kg.store import Store, open_store


@dataclass(frozen=True, slots=True)
class Request:
    """A checked query and how to answer it.

    ``union``: the default graph is the union of all graphs (the query names no dataset);
    ``maybe_update``: the parser could not read the text, so a syntax error is checked
    against the update grammar to say "this is an update" instead.
    """

    sparql: str
    fmt: str = "json"
    graph_fmt: str = "nt"
    default_graphs: list[str] | None = None
    named_graphs: list[str] | None = None
    union: bool = True
    maybe_update: bool = False

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Request:
        return cls(**{k: data[k] for k in cls.__slots__ if k in data})  # type: ignore[attr-defined]


def execute(store: Store, request: Request) -> tuple[str, bytes]:
    """Evaluate ``request`` on ``store``; ``(media type, bytes)``.

    Raises:
        QueryError: from Oxigraph (syntax, evaluation), or WrongOperation for an update.
    """
    try:
        return store.query_serialized(request.sparql, fmt=request.fmt, graph_fmt=request.graph_fmt,
                                      prefixes=PREFIXES, default_graphs=request.default_graphs,
                                      named_graphs=request.named_graphs, union=request.union)
    except QuerySyntaxError as exc:
        if request.maybe_update and _is_update(request.sparql):
            raise WrongOperation("the request is a SPARQL Update, not a query", "update") from exc
        raise


def _is_update(sparql: str) -> bool:
    """Whether Oxigraph reads ``sparql`` as an update: tried on an empty scratch store.

    Only for requests the grammar of :mod:`kg.query.parse` could not read, which hold no word
    that could be SERVICE or LOAD (those were refused), and only inside a worker.
    """
    try:
        open_store("memory").update(sparql, prefixes=PREFIXES)
    except QueryError:
        return False
    return True
