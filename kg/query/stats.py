"""Summary figures of a store, computed by SPARQL so that every backend answers alike."""
from __future__ import annotations

from dataclasses import dataclass, field

from kg.rdf.axioms import ONTOLOGY_GRAPH
from kg.rdf.ontology import KGO, PROPERTIES, SCHEMA
from kg.store import Store


@dataclass(slots=True)
class Stats:
    """Counts of a store: articles, quads, entities by class, relations by property."""

    kind: str
    location: str
    articles: int = 0
    quads: int = 0
    classes: dict[str, int] = field(default_factory=dict)
    properties: dict[str, int] = field(default_factory=dict)


def _int(term: object) -> int:
    return int(getattr(term, "value", 0) or 0)


def store_stats(store: Store) -> Stats:
    """Count what ``store`` holds (distinct entities and distinct relation triples).

    ``quads`` counts the articles' quads: the ontology's own graph is not data.
    """
    st = Stats(store.kind, store.location)
    r = store.query(f"SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE {{ GRAPH ?g {{ ?g a <{SCHEMA}NewsArticle> }} }}")
    st.articles = _int(r.rows[0][0]) if r.rows else 0
    r = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{ONTOLOGY_GRAPH}>) }}")
    st.quads = _int(r.rows[0][0]) if r.rows else 0
    r = store.query(f"""SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{
        ?s a ?c FILTER(STRSTARTS(STR(?c), "{KGO}")) }} GROUP BY ?c ORDER BY DESC(?n)""")
    st.classes = {row[0].value[len(KGO):]: _int(row[1]) for row in r.rows}
    values = " ".join(f"<{KGO}{p}>" for p in PROPERTIES)
    r = store.query(f"""SELECT ?p (COUNT(*) AS ?n) WHERE {{
        SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?p {{ {values} }} ?s ?p ?o }} }} GROUP BY ?p ORDER BY DESC(?n)""")
    st.properties = {row[0].value[len(KGO):]: _int(row[1]) for row in r.rows}
    return st
