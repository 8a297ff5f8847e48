"""The evidence behind a fact: which articles and sentences support ``S P O``."""
from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import NamedNode

from kg.rdf import ontology as o
from kg.errors import QueryError
from kg.store import Store


@dataclass(frozen=True, slots=True)
class Support:
    """One piece of evidence for a fact."""

    article: str
    title: str | None
    source: str | None
    sentence: str
    start: int
    end: int
    confidence: float


def resolve_predicate(name: str) -> str:
    """The IRI of a relation given as ``participatedIn``, ``kgo:participatedIn`` or a full IRI.

    Raises:
        QueryError: not one of the ontology's relations.
    """
    local = name.rsplit("#", 1)[-1].split(":", 1)[-1] if not name.startswith(o.KGO) else name[len(o.KGO):]
    if local not in o.PROPERTIES:
        raise QueryError(f"unknown relation '{name}'; use one of: {', '.join(o.PROPERTIES)}")
    return o.KGO + local


def why(store: Store, subject: str, predicate: str, obj: str) -> list[Support]:
    """Evidence for ``subject predicate obj``, entity names resolved by label or alias.

    Raises:
        NodeNotFound: a name matches no entity (with suggestions).
        QueryError: the predicate is not a known relation.
    """
    from kg.graph.lookup import find_entity

    p = resolve_predicate(predicate)
    s, ob = find_entity(store, subject), find_entity(store, obj)
    res = store.query(f"""
        PREFIX rdf: <{o.RDF}> PREFIX kgo: <{o.KGO}> PREFIX schema: <{o.SCHEMA}>
        SELECT ?g ?title ?src ?sent ?a ?b ?c WHERE {{
          GRAPH ?g {{ ?ev rdf:subject {NamedNode(s)} ; rdf:predicate {NamedNode(p)} ; rdf:object {NamedNode(ob)} ;
                          kgo:sentence ?sent ; kgo:startOffset ?a ; kgo:endOffset ?b ; kgo:confidence ?c }}
          OPTIONAL {{ GRAPH ?g {{ ?g schema:headline ?title }} }}
          OPTIONAL {{ GRAPH ?g {{ ?g kgo:source ?src }} }}
        }} ORDER BY DESC(?c) ?g ?a""")
    out = []
    for g, title, src, sent, a, b, c in res.rows:
        out.append(Support(g.value, title.value if title else None, src.value if src else None,  # type: ignore[union-attr]
                           sent.value, int(a.value), int(b.value), float(c.value)))  # type: ignore[union-attr]
    return out
