"""The store as a property graph: entities are nodes, contract relations typed edges.

:func:`project` reads the store with a handful of large SPARQL queries (so it works on
every backend) and builds a ``networkx.MultiDiGraph`` filtered by class, predicate, date and
named graph. The readers also take a set of entities, so that commands about one
neighbourhood (:mod:`kg.graph.local`) read only that; whole-graph commands go through the
data-only cache of :mod:`kg.graph.cache`.

Node attributes: ``label``, ``type`` (most specific class), ``top`` (contract class),
``classes``, ``aliases``, ``lat``/``lon``, ``date``/``end_date``, ``killed``/``wounded``,
``role``, ``same_as``, ``first_seen``/``last_seen``, ``articles``.
Edge attributes (key = predicate): ``predicate``, ``weight`` (supporting articles),
``confidence`` (highest), ``evidence`` (list of {article, sentence, start, end, confidence}).
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pyoxigraph import NamedNode

from kg.errors import ConfigError
from kg.rdf import ontology as o
from kg.store import Store

if TYPE_CHECKING:
    import networkx as nx

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_POINT = re.compile(r"POINT\s*\(\s*([-+0-9.eE]+)\s+([-+0-9.eE]+)\s*\)", re.IGNORECASE)
_ATTRS = {"date": "date", "endDate": "end_date", "killed": "killed", "wounded": "wounded", "role": "role"}


@dataclass(slots=True)
class Projection:
    """Per-article rows read from the store, from which any filtered graph is built."""

    fingerprint: str
    articles: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)  # g -> (date, headline)
    types: list[tuple[str, str, str]] = field(default_factory=list)  # (entity, class, graph)
    labels: list[tuple[str, str, str, bool]] = field(default_factory=list)  # (entity, text, graph, preferred)
    attrs: dict[str, dict[str, Any]] = field(default_factory=dict)  # entity -> attributes
    relations: list[tuple[str, str, str, str]] = field(default_factory=list)  # (s, p, o, graph)
    evidence: list[tuple[str, str, str, str, str, int, int, float]] = field(default_factory=list)


def _local(iri: str) -> str:
    return iri[len(o.KGO):] if iri.startswith(o.KGO) else iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _val(term: Any) -> str | None:
    return None if term is None else term.value


def terms(iris: Iterable[str]) -> str:
    """IRIs as SPARQL terms, serialised by Oxigraph (never pasted in unescaped).

    Raises:
        ValueError: a string is not a valid IRI.
    """
    return " ".join(str(NamedNode(i)) for i in iris)


def read_articles(store: Store, p: Projection) -> None:
    """Date and headline of every article graph."""
    for g, d, h in store.query(f"""SELECT ?g ?d ?h WHERE {{ GRAPH ?g {{ ?g a <{o.SCHEMA}NewsArticle> }}
        OPTIONAL {{ GRAPH ?g {{ ?g <{o.SCHEMA}datePublished> ?d }} }}
        OPTIONAL {{ GRAPH ?g {{ ?g <{o.SCHEMA}headline> ?h }} }} }}""").rows:
        d = _val(d)
        p.articles[g.value] = (d[:10] if d and _DATE.match(d[:10]) else None, _val(h))


def attribute_query(values: str = "") -> str:
    """The query of entity attributes (restricted by a ``VALUES ?e`` clause when given).

    Ordered, so that an entity with different values in different articles always gets the
    same one (the first) whichever way it is read.
    """
    names = ", ".join(f"<{o.KGO}{a}>" for a in _ATTRS)
    return f"""SELECT DISTINCT ?e ?p ?v WHERE {{
        {{ {values} GRAPH ?g {{ ?e ?p ?v }} FILTER(?p IN ({names})) }}
        UNION {{ {values} GRAPH ?g {{ ?e <{o.GEO}hasGeometry> ?geo . ?geo <{o.GEO}asWKT> ?v }} BIND(<{o.GEO}asWKT> AS ?p) }}
        UNION {{ {values} GRAPH ?g {{ ?e <{o.SCHEMA}sameAs> ?v }} BIND(<{o.SCHEMA}sameAs> AS ?p) }}
        }} ORDER BY ?e ?p ?v"""


def add_attributes(p: Projection, rows: Iterable[tuple[Any, ...]]) -> None:
    """Fold rows of :func:`attribute_query` into ``p.attrs``."""
    for e, prop, v in rows:
        _add_attr(p.attrs.setdefault(e.value, {}), _local(prop.value), v.value)


def read_nodes(store: Store, p: Projection) -> None:
    """Classes, labels and attributes of every entity."""
    q = store.query
    p.types = [(e.value, c.value[len(o.KGO):], g.value) for e, c, g in q(f"""SELECT ?e ?c ?g WHERE {{
        GRAPH ?g {{ ?e a ?c }} FILTER(STRSTARTS(STR(?c), "{o.KGO}") && isIRI(?e)) }}""").rows]
    p.labels = [(e.value, lab.value, g.value, pref.value.endswith("label")) for e, lab, g, pref in q(f"""
        SELECT ?e ?l ?g ?p WHERE {{ VALUES ?p {{ <{o.RDFS}label> <{o.SKOS}altLabel> }}
        GRAPH ?g {{ ?e ?p ?l }} }}""").rows]
    add_attributes(p, q(attribute_query()).rows)


def read_relations(store: Store, p: Projection) -> None:
    """Every contract relation, per article graph."""
    preds = " ".join(f"<{o.KGO}{name}>" for name in o.PROPERTIES)
    p.relations = [(s.value, pr.value[len(o.KGO):], ob.value, g.value) for s, pr, ob, g in store.query(f"""
        SELECT DISTINCT ?s ?p ?o ?g WHERE {{ VALUES ?p {{ {preds} }} GRAPH ?g {{ ?s ?p ?o }} }}""").rows]


EVIDENCE_PATTERN = f"""?st <{o.RDF}subject> ?s ; <{o.RDF}predicate> ?p ; <{o.RDF}object> ?o ;
    <{o.KGO}sentence> ?sent ; <{o.KGO}startOffset> ?start ; <{o.KGO}endOffset> ?end ; <{o.KGO}confidence> ?conf"""


def evidence_row(g: Any, s: Any, pr: Any, ob: Any, sent: Any, start: Any, end: Any,
                 conf: Any) -> tuple[str, str, str, str, str, int, int, float] | None:
    """One evidence row as plain values (``None`` for a relation outside the ontology)."""
    if not pr.value.startswith(o.KGO):
        return None
    return (s.value, pr.value[len(o.KGO):], ob.value, g.value, _val(sent) or "", _int(start), _int(end), _float(conf))


def read_evidence(store: Store, p: Projection) -> None:
    """Every evidence statement of a relation."""
    for row in store.query(f"""SELECT ?g ?s ?p ?o ?sent ?start ?end ?conf WHERE {{
            GRAPH ?g {{ {EVIDENCE_PATTERN} }} }}""").rows:
        ev = evidence_row(*row)
        if ev is not None:
            p.evidence.append(ev)


def read_projection(store: Store, fp: str = "") -> Projection:
    """Read everything the graph needs from ``store`` in six SPARQL queries."""
    p = Projection(fp)
    read_articles(store, p)
    read_nodes(store, p)
    read_relations(store, p)
    read_evidence(store, p)
    return p


def _int(term: Any) -> int:
    try:
        return int(term.value)
    except (AttributeError, TypeError, ValueError):
        return -1


def _float(term: Any) -> float:
    try:
        return float(term.value)
    except (AttributeError, TypeError, ValueError):
        return 0.0


def _add_attr(attrs: dict[str, Any], name: str, value: str) -> None:
    if name == "asWKT":
        m = _POINT.search(value)
        if m and "lat" not in attrs:
            attrs["lon"], attrs["lat"] = float(m.group(1)), float(m.group(2))
    elif name == "sameAs":
        attrs.setdefault("same_as", set()).add(value)
    elif name in ("killed", "wounded"):
        try:
            attrs[name] = max(int(value), attrs.get(name, 0))
        except ValueError:
            pass
    elif name in ("date", "endDate"):
        key = _ATTRS[name]
        if _DATE.match(value[:10]):
            old = attrs.get(key)
            pick = min if key == "date" else max
            attrs[key] = pick(old, value[:10]) if old else value[:10]
    elif name == "role":
        attrs.setdefault("role", value)


# --- building --------------------------------------------------------------------------

def _norm_names(names: Iterable[str] | None, known: Iterable[str], what: str) -> set[str] | None:
    if not names:
        return None
    by_fold = {k.lower(): k for k in known}
    out = set()
    for n in names:
        for part in str(n).split(","):
            part = part.strip()
            if not part:
                continue
            if part.lower() not in by_fold:
                raise ConfigError(f"unknown {what} '{part}'; choose from {', '.join(sorted(by_fold.values()))}")
            out.add(by_fold[part.lower()])
    return out or None


def _graph_names(graphs: Iterable[str] | None) -> set[str] | None:
    if not graphs:
        return None
    return {g if "://" in g else o.article_iri(g) for g in graphs}


def _check_date(value: str | None, name: str) -> str | None:
    if value and not _DATE.match(value):
        raise ConfigError(f"--{name} must be a date YYYY-MM-DD, got '{value}'")
    return value


def node_attributes(entity: str, classes: dict[str, int], labels: dict[str, int] | None,
                    aliases: set[str] | None, articles: int, dates: list[str],
                    attrs: dict[str, Any] | None) -> dict[str, Any]:
    """A node's attributes from what the articles say of it.

    Args:
        classes: class -> number of articles typing the entity so.
        labels: preferred label -> number of articles using it.
        aliases: alternative labels.
        articles: number of articles about the entity.
        dates: publication dates of those articles (any order, repeats allowed).
        attrs: attributes read from the store (coordinates, dates, casualties, role, sameAs).
    """
    top_of = o.CLASSES
    if len(classes) == 1:
        typ = next(iter(classes))
    else:
        typ = min(classes, key=lambda c: (top_of.get(c, c) == c, -classes[c], c))
    if not labels:
        label = _local(entity).replace("-", " ")
    elif len(labels) == 1:
        label = next(iter(labels))
    else:
        label = min(labels, key=lambda t: (-labels[t], len(t), t))
    names = aliases
    aliases_out = sorted((names | labels.keys() if labels else names) - {label}) if names else \
        sorted(t for t in labels or () if t != label)
    extra: dict[str, Any] = dict(attrs or ())
    if "same_as" in extra:
        extra["same_as"] = sorted(extra["same_as"])
    if not dates:
        dates = [extra[k] for k in ("date", "end_date") if extra.get(k)]
    return {"label": label, "type": typ, "top": top_of.get(typ, typ), "classes": sorted(classes),
            "aliases": aliases_out, "first_seen": min(dates, default=None), "last_seen": max(dates, default=None),
            "articles": articles, **extra}


def edge_attributes(predicate: str, weight: int, evidence: list[dict[str, Any]]) -> dict[str, Any]:
    """A relation's attributes: its evidence, most confident first, and that confidence."""
    if len(evidence) > 1:
        evidence.sort(key=lambda x: (-x["confidence"], x["article"], x["start"]))
    return {"predicate": predicate, "weight": weight, "evidence": evidence,
            "confidence": evidence[0]["confidence"] if evidence else 0.0}


def build_graph(proj: Projection, *, classes: Iterable[str] | None = None,
                predicates: Iterable[str] | None = None, since: str | None = None,
                until: str | None = None, graphs: Iterable[str] | None = None) -> nx.MultiDiGraph:
    """Build the (filtered) graph from projection rows.

    A date range keeps the articles published in it (undated articles are dropped);
    ``classes`` match an entity's specific or contract class.
    """
    import networkx as nx

    cls = _norm_names(classes, o.CLASSES, "class")
    preds = _norm_names(predicates, o.PROPERTIES, "predicate")
    since, until = _check_date(since, "since"), _check_date(until, "until")
    wanted = _graph_names(graphs)
    allowed = {g for g, (d, _h) in proj.articles.items()
               if (wanted is None or g in wanted)
               and (not (since or until) or (d is not None and (not since or d >= since)
                                             and (not until or d <= until)))}

    dated = {g: proj.articles[g][0] for g in allowed}
    seen: dict[str, set[str]] = {}
    class_count: dict[str, dict[str, int]] = {}
    for e, c, g in proj.types:
        if g in dated:
            if e in seen:
                seen[e].add(g)
                counts = class_count[e]
                counts[c] = counts.get(c, 0) + 1
            else:
                seen[e], class_count[e] = {g}, {c: 1}
    label_count: dict[str, dict[str, int]] = {}
    alt: dict[str, set[str]] = {}
    for e, text, g, pref in proj.labels:
        if g in dated and e in seen:
            if pref:
                counts = label_count.setdefault(e, {})
                counts[text] = counts.get(text, 0) + 1
            else:
                alt.setdefault(e, set()).add(text)

    G = nx.MultiDiGraph()
    nodes: list[tuple[str, dict[str, Any]]] = []
    for e in sorted(seen):
        counts = class_count[e]
        attrs = node_attributes(e, counts, label_count.get(e), alt.get(e), len(seen[e]),
                                [d for g in seen[e] if (d := dated[g])], proj.attrs.get(e))
        if cls and not (cls & (counts.keys() | {attrs["top"]})):
            continue
        nodes.append((e, attrs))
    G.add_nodes_from(nodes)  # in bulk: networkx clears its caches once per call

    support: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for s, p, ob, g in proj.relations:
        if g in allowed and (preds is None or p in preds) and s in G and ob in G:
            support[(s, p, ob)].add(g)
    evidence: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for s, p, ob, g, sent, start, end, conf in proj.evidence:
        if (s, p, ob) in support and g in allowed:
            evidence[(s, p, ob)].append({"article": g, "sentence": sent, "start": start, "end": end,
                                         "confidence": conf})
    G.add_edges_from((s, ob, p, edge_attributes(p, len(gs), evidence.get((s, p, ob), [])))
                     for (s, p, ob), gs in sorted(support.items()))
    return G


def filter_graph(G: nx.MultiDiGraph, *, classes: Iterable[str] | None = None,
                 predicates: Iterable[str] | None = None) -> nx.MultiDiGraph:
    """The unfiltered graph ``G`` cut down to ``classes`` and ``predicates`` (in place; returned).

    Equal to :func:`build_graph` with the same filters: class and predicate filters drop
    nodes and edges but change no attribute of what stays.
    """
    cls = _norm_names(classes, o.CLASSES, "class")
    preds = _norm_names(predicates, o.PROPERTIES, "predicate")
    if cls:
        G.remove_nodes_from([n for n, d in G.nodes(data=True) if not cls & {*d.get("classes", ()), d.get("top")}])
    if preds:
        G.remove_edges_from([(s, t, k) for s, t, k in G.edges(keys=True) if k not in preds])
    return G


def project(store: Store, *, classes: Iterable[str] | None = None, predicates: Iterable[str] | None = None,
            since: str | None = None, until: str | None = None, graphs: Iterable[str] | None = None,
            cache: bool = True) -> nx.MultiDiGraph:
    """The store as a ``networkx.MultiDiGraph`` (see the module docstring for attributes).

    The caller owns the returned graph (it may change it). With ``cache`` the unfiltered
    graph and the rows are kept per store state in the store's cache folder
    (:mod:`kg.graph.cache`); a memory store is read afresh each time.

    Raises:
        ConfigError: unknown class or predicate, or a malformed date.
    """
    from kg.graph import cache as c

    fp = c.fingerprint(store) if cache else None
    if fp is None:
        return build_graph(read_projection(store), classes=classes, predicates=predicates, since=since,
                           until=until, graphs=graphs)
    if since or until or graphs:
        rows = c.load_rows(store, fp)
        if rows is None:
            rows = read_projection(store, fp)
            c.save_rows(store, fp, rows)
        return build_graph(rows, classes=classes, predicates=predicates, since=since, until=until, graphs=graphs)
    _norm_names(classes, o.CLASSES, "class")
    _norm_names(predicates, o.PROPERTIES, "predicate")
    G = c.load_graph(store, fp)
    if G is None:
        G = build_graph(read_projection(store, fp))
        c.save_graph(store, fp, G)
    return filter_graph(G, classes=classes, predicates=predicates) if classes or predicates else G


def article_headlines(store: Store) -> dict[str, tuple[str | None, str | None]]:
    """Article graph IRI -> (publication date, headline)."""
    p = Projection("")
    read_articles(store, p)
    return p.articles
