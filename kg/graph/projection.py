"""The store as a property graph: entities are nodes, contract relations typed edges.

:func:`project` reads the store with a handful of large SPARQL queries (so it works on
every backend), keeps the per-article rows in a cache keyed by a fingerprint of the store,
and builds a ``networkx.MultiDiGraph`` filtered by class, predicate, date and named graph.

Node attributes: ``label``, ``type`` (most specific class), ``top`` (contract class),
``classes``, ``aliases``, ``lat``/``lon``, ``date``/``end_date``, ``killed``/``wounded``,
``role``, ``same_as``, ``first_seen``/``last_seen``, ``articles``.
Edge attributes (key = predicate): ``predicate``, ``weight`` (supporting articles),
``confidence`` (highest), ``evidence`` (list of {article, sentence, start, end, confidence}).
"""
from __future__ import annotations

import hashlib
import os
import pickle
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.rdf import ontology as o
from kg.errors import ConfigError
from kg.store import Store

if TYPE_CHECKING:
    import networkx as nx

CACHE_VERSION = 1
_CACHE_NAME = "kg-projection"
_MEMORY_CACHE: dict[tuple[int, str], _Entry] = {}
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


def fingerprint(store: Store) -> str:
    """A cheap digest of the store's state: quad count and each article graph's ingestion time."""
    n = str(len(store))
    r = store.query(f"SELECT ?g ?t WHERE {{ GRAPH ?g {{ ?g <{o.PROV}generatedAtTime> ?t }} }}")
    h = hashlib.sha256(f"v{CACHE_VERSION}|{n}".encode())
    for g, t in sorted((_val(a) or "", _val(b) or "") for a, b in r.rows):
        h.update(f"|{g}={t}".encode())
    return h.hexdigest()[:24]


def read_projection(store: Store, fp: str | None = None) -> Projection:
    """Read everything the graph needs from ``store`` in six SPARQL queries."""
    p = Projection(fp or fingerprint(store))
    q = store.query
    for g, d, h in q(f"""SELECT ?g ?d ?h WHERE {{ GRAPH ?g {{ ?g a <{o.SCHEMA}NewsArticle>
        OPTIONAL {{ ?g <{o.SCHEMA}datePublished> ?d }} OPTIONAL {{ ?g <{o.SCHEMA}headline> ?h }} }} }}""").rows:
        d = _val(d)
        p.articles[g.value] = (d[:10] if d and _DATE.match(d[:10]) else None, _val(h))
    p.types = [(e.value, c.value[len(o.KGO):], g.value) for e, c, g in q(f"""SELECT ?e ?c ?g WHERE {{
        GRAPH ?g {{ ?e a ?c }} FILTER(STRSTARTS(STR(?c), "{o.KGO}") && isIRI(?e)) }}""").rows]
    p.labels = [(e.value, lab.value, g.value, pref.value.endswith("label")) for e, lab, g, pref in q(f"""
        SELECT ?e ?l ?g ?p WHERE {{ VALUES ?p {{ <{o.RDFS}label> <{o.SKOS}altLabel> }}
        GRAPH ?g {{ ?e ?p ?l }} }}""").rows]
    values = " ".join(f"<{o.KGO}{a}>" for a in _ATTRS)
    for e, prop, v in q(f"""SELECT ?e ?p ?v WHERE {{
        {{ VALUES ?p {{ {values} }} ?e ?p ?v }}
        UNION {{ ?e <{o.GEO}hasGeometry> ?geo . ?geo <{o.GEO}asWKT> ?v BIND(<{o.GEO}asWKT> AS ?p) }}
        UNION {{ ?e <{o.SCHEMA}sameAs> ?v BIND(<{o.SCHEMA}sameAs> AS ?p) }} }}""").rows:
        _add_attr(p.attrs.setdefault(e.value, {}), _local(prop.value), v.value)
    preds = " ".join(f"<{o.KGO}{name}>" for name in o.PROPERTIES)
    p.relations = [(s.value, pr.value[len(o.KGO):], ob.value, g.value) for s, pr, ob, g in q(f"""
        SELECT DISTINCT ?s ?p ?o ?g WHERE {{ VALUES ?p {{ {preds} }} GRAPH ?g {{ ?s ?p ?o }} }}""").rows]
    for g, s, pr, ob, sent, start, end, conf in q(f"""SELECT ?g ?s ?p ?o ?sent ?start ?end ?conf WHERE {{
        GRAPH ?g {{ ?st <{o.RDF}subject> ?s ; <{o.RDF}predicate> ?p ; <{o.RDF}object> ?o ;
        <{o.KGO}sentence> ?sent ; <{o.KGO}startOffset> ?start ; <{o.KGO}endOffset> ?end ;
        <{o.KGO}confidence> ?conf }} }}""").rows:
        if not pr.value.startswith(o.KGO):
            continue
        p.evidence.append((s.value, pr.value[len(o.KGO):], ob.value, g.value, _val(sent) or "",
                           _int(start), _int(end), _float(conf)))
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


# --- cache -----------------------------------------------------------------------------
# Two pickles per store state: the rows (for filtered graphs) and the unfiltered graph, so
# that the common case (no filter) loads only the graph.

def _cache_dir(store: Store) -> Path | None:
    return store.cache_dir


@dataclass(slots=True)
class _Entry:
    fingerprint: str
    rows: Projection | None = None


def _entry(store: Store, fp: str) -> _Entry:
    key = (id(store), store.location)
    entry = _MEMORY_CACHE.get(key)
    if entry is None or entry.fingerprint != fp:
        _MEMORY_CACHE.clear()
        entry = _MEMORY_CACHE[key] = _Entry(fp)
    return entry


def _cache_file(store: Store, fp: str, part: str) -> Path | None:
    folder = _cache_dir(store)
    return folder / f"{_CACHE_NAME}-{fp}.{part}.pickle" if folder else None


def _load(path: Path | None) -> Any:
    if path is None or not path.exists():
        return None
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
        return None


def _save(obj: Any, path: Path | None) -> None:
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fp = path.name.split(".")[0]
        for old in path.parent.glob(f"{_CACHE_NAME}-*.pickle"):
            if not old.name.startswith(fp + "."):
                old.unlink(missing_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
        with tmp.open("wb") as fh:
            pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:
        pass  # a read-only location only costs a rebuild next time


def load_projection(store: Store, *, cache: bool = True, fp: str | None = None) -> Projection:
    """The store's projection rows, from the cache when the store has not changed."""
    fp = fp or fingerprint(store)
    if not cache:
        return read_projection(store, fp)
    entry = _entry(store, fp)
    if entry.rows is None:
        path = _cache_file(store, fp, "rows")
        rows = _load(path)
        if not isinstance(rows, Projection) or rows.fingerprint != fp:
            rows = read_projection(store, fp)
            _save(rows, path)
        entry.rows = rows
    return entry.rows


def _full_graph(store: Store, fp: str) -> nx.MultiDiGraph:
    """The unfiltered graph, a fresh object on every call (from the pickle when there is one)."""
    path = _cache_file(store, fp, "graph")
    G = _load(path)
    if G is None or G.graph.get("fingerprint") != fp:
        G = build_graph(load_projection(store, fp=fp))
        G.graph["fingerprint"] = fp
        _save(G, path)
    return G


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
    top_of = o.CLASSES
    for e in sorted(seen):
        graphs_of = seen[e]
        counts = class_count[e]
        if len(counts) == 1:
            typ = next(iter(counts))
        else:
            typ = min(counts, key=lambda c: (top_of.get(c, c) == c, -counts[c], c))
        top = top_of.get(typ, typ)
        if cls and not (cls & (counts.keys() | {top})):
            continue
        labels = label_count.get(e)
        if not labels:
            label = _local(e).replace("-", " ")
        elif len(labels) == 1:
            label = next(iter(labels))
        else:
            label = min(labels, key=lambda t: (-labels[t], len(t), t))
        names = alt.get(e)
        aliases = sorted((names | labels.keys() if labels else names) - {label}) if names else \
            sorted(t for t in labels or () if t != label)
        dates = [d for g in graphs_of if (d := dated[g])]
        attrs: dict[str, Any] = dict(proj.attrs.get(e, ()))
        if "same_as" in attrs:
            attrs["same_as"] = sorted(attrs["same_as"])
        if not dates:
            dates = [attrs[k] for k in ("date", "end_date") if attrs.get(k)]
        nodes.append((e, {"label": label, "type": typ, "top": top, "classes": sorted(counts), "aliases": aliases,
                          "first_seen": min(dates, default=None), "last_seen": max(dates, default=None),
                          "articles": len(graphs_of), **attrs}))
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
    edges = []
    for (s, p, ob), gs in sorted(support.items()):
        ev = evidence.get((s, p, ob), [])
        if len(ev) > 1:
            ev.sort(key=lambda x: (-x["confidence"], x["article"], x["start"]))
        edges.append((s, ob, p, {"predicate": p, "weight": len(gs), "evidence": ev,
                                 "confidence": ev[0]["confidence"] if ev else 0.0}))
    G.add_edges_from(edges)
    return G


def project(store: Store, *, classes: Iterable[str] | None = None, predicates: Iterable[str] | None = None,
            since: str | None = None, until: str | None = None, graphs: Iterable[str] | None = None,
            cache: bool = True) -> nx.MultiDiGraph:
    """The store as a ``networkx.MultiDiGraph`` (see the module docstring for attributes).

    The caller owns the returned graph (it may change it). With ``cache`` the rows and the
    unfiltered graph are kept per store state, in memory and under ``store.cache_dir``.

    Raises:
        ConfigError: unknown class or predicate, or a malformed date.
    """
    filtered = any((classes, predicates, since, until, graphs))
    if not cache:
        rows = read_projection(store)
    elif not filtered:
        return _full_graph(store, fingerprint(store))
    else:
        rows = load_projection(store)
    return build_graph(rows, classes=classes, predicates=predicates, since=since, until=until, graphs=graphs)


def article_headlines(store: Store) -> dict[str, tuple[str | None, str | None]]:
    """Article graph IRI -> (publication date, headline), from the cached projection."""
    return dict(load_projection(store).articles)
