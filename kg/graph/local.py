"""Graphs of one neighbourhood, read from the store hop by hop through SPARQL.

Each function reads only what its question touches (the relations at the frontier of each
hop, then the classes, labels and attributes of the entities reached) and builds the same
``networkx.MultiDiGraph`` as :func:`kg.graph.projection.project` restricted to them, so the
traversals of :mod:`kg.graph.traverse` give the same answers as on the whole graph. Works on
every backend, remote endpoints included.
"""
from __future__ import annotations

import weakref
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kg.errors import ConfigError, NodeNotFound
from kg.graph import projection as pj
from kg.graph.projection import Projection
from kg.rdf import ontology as o
from kg.store import Store

if TYPE_CHECKING:
    import networkx as nx

#: ``kg path`` looks this far when no --max-length is given.
DEFAULT_MAX_PATH = 8
#: Entities per ``VALUES`` clause (keeps each request small on remote endpoints).
VALUES_CHUNK = 1000
_ARTICLE = f"?g a <{o.SCHEMA}NewsArticle>"
_IS_CLASS = f'FILTER(STRSTARTS(STR(?c), "{o.KGO}"))'
#: Per read-only store on disk: the pattern keeping ``?g`` to article graphs (see :attr:`_Reader.in_article`).
_ARTICLE_FILTERS: weakref.WeakKeyDictionary[Store, str] = weakref.WeakKeyDictionary()
#: Up to this many graphs that are not articles are named in a filter (more: a join).
_FEW_GRAPHS = 50
_DATE = f"""OPTIONAL {{ GRAPH ?g {{ ?g <{o.SCHEMA}datePublished> ?published }}
    BIND(SUBSTR(STR(?published), 1, 10) AS ?d) FILTER(REGEX(?d, "^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}$")) }}"""


def _chunks(items: Collection[str]) -> Iterator[str]:
    """``VALUES``-ready term lists of ``items``, at most :data:`VALUES_CHUNK` each."""
    ordered = sorted(items)
    for i in range(0, len(ordered), VALUES_CHUNK):
        yield pj.terms(ordered[i:i + VALUES_CHUNK])


@dataclass(slots=True)
class _Facts:
    classes: dict[str, int] = field(default_factory=dict)
    labels: dict[str, int] = field(default_factory=dict)
    aliases: set[str] = field(default_factory=set)
    articles: int = 0
    dates: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Reader:
    """What has been read of one neighbourhood: per-entity counts, relations, evidence.

    Queries aggregate per entity and per relation (counts of articles, first and last
    dates), so a popular entity costs a few rows, not one per article that mentions it.
    """

    store: Store
    full: bool = True
    aliases: bool = False
    facts: dict[str, _Facts] = field(default_factory=dict)
    attrs: Projection = field(default_factory=lambda: Projection(""))
    known: set[str] = field(default_factory=set)
    support: dict[tuple[str, str, str], int] = field(default_factory=dict)
    evidence: dict[tuple[str, str, str], list[dict[str, Any]]] = field(default_factory=dict)
    evidence_read: set[str] = field(default_factory=set)
    _in_article: str | None = None

    @property
    def in_article(self) -> str:
        """What keeps ``?g`` to article graphs, written after a ``GRAPH ?g`` block.

        Nothing when every graph is an article; else a filter naming the other graphs
        (an ingested store has its identity graph), or a join with the article type when
        there are many of them (a join costs Oxigraph up to 10x on every row).
        """
        if self._in_article is None:
            self._in_article = _ARTICLE_FILTERS.get(self.store)
        if self._in_article is None:
            self._in_article = self._article_filter()
            if self.store.kind == "oxigraph" and self.store.mode == "r":  # a snapshot: it cannot change
                _ARTICLE_FILTERS[self.store] = self._in_article
        return self._in_article

    def _article_filter(self) -> str:
        q = self.store.query
        res = q(f"""SELECT ?graphs ?articles WHERE {{
            {{ SELECT (COUNT(*) AS ?graphs) WHERE {{ GRAPH ?g {{ }} }} }}
            {{ SELECT (COUNT(*) AS ?articles) WHERE {{ GRAPH ?g {{ {_ARTICLE} }} }} }} }}""")
        counts = [t.value if t is not None else "" for t in (res.rows[0] if res.rows else ())]
        if len(counts) == 2 and counts[0] == counts[1]:
            return ""
        graphs = {row[0].value for row in q("SELECT ?g WHERE { GRAPH ?g { } }").rows}
        graphs -= {row[0].value for row in q(f"SELECT ?g WHERE {{ GRAPH ?g {{ {_ARTICLE} }} }}").rows}
        if 0 < len(graphs) <= _FEW_GRAPHS:
            try:
                return f"FILTER(?g NOT IN ({', '.join(pj.terms(sorted(graphs)).split())}))"
            except ValueError:  # a graph named by a blank node
                pass
        return f"GRAPH ?g {{ {_ARTICLE} }}"

    def add_nodes(self, entities: Collection[str]) -> set[str]:
        """Read the facts of ``entities``; return those that are nodes (typed in an article).

        Without ``full`` only classes and preferred labels are read (and alternative labels
        with ``aliases``): enough for the label, type and class of each node, not for its
        other attributes.
        """
        q, art = self.store.query, self.in_article
        names = (f"<{o.RDFS}label>", f"<{o.SKOS}altLabel>") if self.full or self.aliases else (f"<{o.RDFS}label>",)
        # Spelt-out predicates and classes filtered here, not in SPARQL: Oxigraph then reads
        # only the quads asked for (a FILTER on ?p or ?c costs 2-4x on a large store).
        labels = " UNION ".join(f"{{ GRAPH ?g {{ ?e {p} ?l }} {art} BIND({p} AS ?p) }}" for p in names)
        for values in _chunks(set(entities) - self.known):
            for e, c, n in q(f"""SELECT ?e ?c (COUNT(*) AS ?n) WHERE {{ VALUES ?e {{ {values} }}
                    GRAPH ?g {{ ?e a ?c }} {art} }} GROUP BY ?e ?c""").rows:
                if c.value.startswith(o.KGO):
                    self.facts.setdefault(e.value, _Facts()).classes[c.value[len(o.KGO):]] = int(n.value)
            if self.full:
                for e, n, first, last in q(f"""SELECT ?e (COUNT(DISTINCT ?g) AS ?n) (MIN(?d) AS ?first)
                        (MAX(?d) AS ?last) WHERE {{ VALUES ?e {{ {values} }} GRAPH ?g {{ ?e a ?c }} {art} {_IS_CLASS}
                        {_DATE} }} GROUP BY ?e""").rows:
                    f = self.facts[e.value]
                    f.articles = int(n.value)
                    f.dates = [t.value for t in (first, last) if t is not None]
            for e, lab, pred, n in q(f"""SELECT ?e ?l ?p (COUNT(*) AS ?n) WHERE {{ VALUES ?e {{ {values} }}
                    {labels} }} GROUP BY ?e ?l ?p""").rows:
                f = self.facts.get(e.value)
                if f is None:
                    continue
                if pred.value.endswith("label"):
                    f.labels[lab.value] = int(n.value)
                else:
                    f.aliases.add(lab.value)
            if self.full:
                pj.add_attributes(self.attrs, q(pj.attribute_query(f"VALUES ?e {{ {values} }}")).rows)
        self.known |= set(entities)
        return {e for e in entities if e in self.facts}

    def hop(self, frontier: Collection[str], predicates: Collection[str] | None = None,
            *, read_ends: bool = True) -> set[str]:
        """Read the relations at ``frontier``; return the nodes they reach (not in ``frontier``)."""
        if not frontier:
            return set()
        art = self.in_article
        branches = " UNION ".join(f"{{ GRAPH ?g {{ ?s <{o.KGO}{p}> ?o }} {art} BIND(<{o.KGO}{p}> AS ?p) }}"
                                  for p in sorted(predicates or o.PROPERTIES))
        ends: set[str] = set()
        for values in _chunks(frontier):
            for s, p, ob, n in self.store.query(f"""SELECT ?s ?p ?o (COUNT(DISTINCT ?g) AS ?n) WHERE {{
                    {{ VALUES ?s {{ {values} }} {branches} }} UNION {{ VALUES ?o {{ {values} }} {branches} }}
                    }} GROUP BY ?s ?p ?o""").rows:
                self.support[(s.value, p.value[len(o.KGO):], ob.value)] = int(n.value)
                ends.add(s.value)
                ends.add(ob.value)
        ends -= set(frontier)
        return self.add_nodes(ends) if read_ends else ends

    def read_evidence(self, subjects: Collection[str]) -> None:
        """Read the evidence of the relations whose subject is in ``subjects``."""
        for values in _chunks(set(subjects) - self.evidence_read):
            for row in self.store.query(f"""SELECT ?g ?s ?p ?o ?sent ?start ?end ?conf WHERE {{
                    VALUES ?s {{ {values} }} GRAPH ?g {{ {pj.EVIDENCE_PATTERN} }} {self.in_article} }}""").rows:
                ev = pj.evidence_row(*row)
                if ev is not None:
                    s, p, ob, g, sent, start, end, conf = ev
                    self.evidence.setdefault((s, p, ob), []).append(
                        {"article": g, "sentence": sent, "start": start, "end": end, "confidence": conf})
        self.evidence_read |= set(subjects)

    def graph(self, *, evidence_for: Collection[str] = (), small: bool = False) -> nx.MultiDiGraph:
        """The graph of everything read: the same nodes and edges as the whole projection's.

        ``small`` gives a :class:`SmallGraph` instead (no networkx import: faster to start).
        """
        if evidence_for:
            self.read_evidence(evidence_for)
        if small:
            G: Any = SmallGraph()
        else:
            import networkx as nx

            G = nx.MultiDiGraph()
        G.add_nodes_from((e, pj.node_attributes(e, f.classes, f.labels or None, f.aliases or None, f.articles,
                                                f.dates, self.attrs.attrs.get(e)))
                         for e, f in sorted(self.facts.items()))
        G.add_edges_from((s, ob, p, pj.edge_attributes(p, n, list(self.evidence.get((s, p, ob), []))))
                         for (s, p, ob), n in sorted(self.support.items()) if s in G and ob in G)
        return G


class _NodeView(dict):  # type: ignore[type-arg]
    """Node attributes by id; called like networkx's ``G.nodes(data=True)``."""

    def __call__(self, data: bool = False) -> list[Any]:
        return list(self.items()) if data else list(self)


class SmallGraph:
    """A read-only directed multigraph with the part of networkx's ``MultiDiGraph`` API that
    :func:`kg.graph.traverse.neighbours`, :func:`~kg.graph.traverse.timeline` and the name
    lookup use; it spares a command that needs no more the import of networkx.
    """

    def __init__(self) -> None:
        self.nodes = _NodeView()
        self._out: dict[str, list[tuple[str, str, str, dict[str, Any]]]] = {}
        self._in: dict[str, list[tuple[str, str, str, dict[str, Any]]]] = {}

    def add_nodes_from(self, nodes: Iterable[tuple[str, dict[str, Any]]]) -> None:
        for n, attrs in nodes:
            self.nodes[n] = attrs

    def add_edges_from(self, edges: Iterable[tuple[str, str, str, dict[str, Any]]]) -> None:
        for s, t, k, d in edges:
            self._out.setdefault(s, []).append((s, t, k, d))
            self._in.setdefault(t, []).append((s, t, k, d))

    def __contains__(self, n: object) -> bool:
        return n in self.nodes

    def __iter__(self) -> Iterator[str]:
        return iter(self.nodes)

    def __len__(self) -> int:
        return len(self.nodes)

    @staticmethod
    def _shape(edges: list[tuple[str, str, str, dict[str, Any]]], keys: bool, data: bool) -> list[Any]:
        return [(s, t, *((k,) if keys else ()), *((d,) if data else ())) for s, t, k, d in edges]

    def out_edges(self, n: str, keys: bool = False, data: bool = False) -> list[Any]:
        return self._shape(self._out.get(n, []), keys, data)

    def in_edges(self, n: str, keys: bool = False, data: bool = False) -> list[Any]:
        return self._shape(self._in.get(n, []), keys, data)


def _start(store: Store, node: str, *, full: bool = True) -> _Reader:
    reader = _Reader(store, full)
    if not reader.add_nodes([node]):
        raise NodeNotFound(f"{node} is not in the graph")
    return reader


def _check_predicate(predicate: str | None) -> list[str] | None:
    if predicate is None:
        return None
    if predicate not in o.PROPERTIES:
        raise ConfigError(f"unknown predicate '{predicate}'; choose from {', '.join(sorted(o.PROPERTIES))}")
    return [predicate]


def neighbourhood(store: Store, node: str, *, depth: int = 1, predicate: str | None = None,
                  evidence: bool = False, closed: bool = False, full: bool = True) -> nx.MultiDiGraph:
    """The graph of everything within ``depth`` hops of ``node``, read hop by hop.

    It holds every relation of the entities nearer than ``depth``; ``closed`` adds the
    relations among the entities at exactly ``depth`` (what an ego subgraph shows);
    ``evidence`` reads the supporting sentences of the relations too. Without ``full``
    nodes carry only ``label``, ``type``, ``top`` and ``classes`` (what
    :func:`kg.graph.traverse.neighbours` reports), which is cheaper to read.

    Raises:
        NodeNotFound: ``node`` is not an entity of the store.
        ConfigError: ``depth`` < 1 or an unknown predicate.
    """
    reader, seen, frontier = _read_around(store, node, depth=depth, predicate=predicate, full=full)
    if closed and frontier:
        reader.hop(frontier, _check_predicate(predicate), read_ends=False)
    return reader.graph(evidence_for=seen if evidence else ())


def _read_around(store: Store, node: str, *, depth: int, predicate: str | None,
                 full: bool) -> tuple[_Reader, set[str], set[str]]:
    """Read ``depth`` hops around ``node``: the reader, every entity reached, the last hop's."""
    if depth < 1:
        raise ConfigError("depth must be at least 1 hop")
    preds = _check_predicate(predicate)
    reader = _start(store, node, full=full)
    seen, frontier = {node}, {node}
    for _ in range(depth):
        frontier = reader.hop(frontier, preds) - seen
        seen |= frontier
    return reader, seen, frontier


def shortest_paths(store: Store, source: str, target: str, *, all_paths: bool = False,
                   max_length: int | None = None, limit: int = 50
                   ) -> tuple[list[list[dict[str, Any]]], nx.MultiDiGraph, bool]:
    """:func:`kg.graph.traverse.shortest_paths` found by a bidirectional search in the store.

    Each round expands the smaller frontier by one SPARQL hop until the two searches meet
    or ``max_length`` (default :data:`DEFAULT_MAX_PATH`) hops are spent; the evidence is read
    for the entities on the paths found. Returns the paths, the graph they were found in, and
    whether the search ran out of entities (so no path of any length exists) rather than
    stopping at the bound.

    Raises:
        NodeNotFound: an end is not an entity of the store.
    """
    from kg.graph import traverse

    bound = max_length if max_length is not None else DEFAULT_MAX_PATH
    reader = _start(store, source)
    if not reader.add_nodes([target]):
        raise NodeNotFound(f"{target} is not in the graph")
    seen = {source: {source}, target: {target}}
    frontier = {source: {source}, target: {target}}
    spent, exhausted = 0, False
    while source != target and not seen[source] & seen[target] and spent < bound:
        side = source if len(frontier[source]) <= len(frontier[target]) else target
        frontier[side] = reader.hop(frontier[side]) - seen[side]
        seen[side] |= frontier[side]
        spent += 1
        if not frontier[side]:
            exhausted = True
            break
    G = reader.graph()
    found = traverse.shortest_paths(G, source, target, all_paths=all_paths, max_length=bound, limit=limit)
    on_paths = {x for p in found for hop in p for x in (hop["from"], hop["to"])}
    if on_paths:
        G = reader.graph(evidence_for=on_paths)
        found = traverse.shortest_paths(G, source, target, all_paths=all_paths, max_length=bound, limit=limit)
    return found, G, exhausted


def event_graph(store: Store, entity: str) -> SmallGraph:
    """The graph that :func:`kg.graph.traverse.timeline` needs for one entity.

    The entity's relations; for a place, the events in the places located in it; then every
    relation of each event and the entities at their other end.

    Raises:
        NodeNotFound: ``entity`` is not an entity of the store.
    """
    reader = _start(store, entity)
    near = reader.hop({entity})
    events = {entity} | near
    G = reader.graph(small=True)
    if G.nodes[entity].get("top") == "Place":
        inner = {s for s, t, k in G.in_edges(entity, keys=True) if k == "locatedIn"}
        events |= reader.hop(inner, ["tookPlaceIn"])
        G = reader.graph(small=True)
    events = {n for n in events if n in G and G.nodes[n].get("top") in ("Operation", "Incident")}
    reader.hop(events)
    return reader.graph(small=True)


def entity_graph(store: Store, entities: Collection[str], *, full: bool = True) -> SmallGraph:
    """The nodes (no relations) of ``entities``, with the attributes the whole graph gives them.

    Without ``full`` nodes carry their names and classes only (``label``, ``aliases``,
    ``type``, ``top``, ``classes``): what finding an entity by name needs.

    Raises:
        ValueError: an entity is not a valid IRI.
    """
    reader = _Reader(store, full, aliases=True)
    reader.add_nodes(entities)
    return reader.graph(small=True)


def neighbours(store: Store, node: str, *, depth: int = 1, predicate: str | None = None,
               type: str | None = None) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """:func:`kg.graph.traverse.neighbours` read from the store hop by hop (networkx not needed).

    Returns the rows and the label of every entity they mention (``via`` included).

    Raises:
        NodeNotFound: ``node`` is not an entity of the store.
        ConfigError: ``depth`` < 1 or an unknown predicate.
    """
    from kg.graph import traverse

    reader, _seen, _frontier = _read_around(store, node, depth=depth, predicate=predicate, full=False)
    G = reader.graph(small=True)
    rows = traverse.neighbours(G, node, depth=depth, predicate=predicate, type=type)
    return rows, {n: G.nodes[n]["label"] for n in G}
