"""Questions about the projected graph, answered as plain data (lists of dicts).

Every function takes the ``networkx.MultiDiGraph`` of :func:`kg.graph.projection.project`.
Traversals follow relations in both directions; each hop says which way the relation points.
"""
from __future__ import annotations

import itertools
from collections import Counter
from typing import Any

from kg.errors import ConfigError, NodeNotFound

METRICS = ("degree", "betweenness", "pagerank")
EVENT_CLASSES = ("Operation", "Incident")
#: Above this many nodes betweenness is estimated from a sample of sources.
BETWEENNESS_EXACT_LIMIT = 3000


def _node(G: Any, n: str) -> dict[str, Any]:
    d = G.nodes[n]
    return {"id": n, "label": d.get("label", n), "type": d.get("type", ""), "top": d.get("top", "")}


def _check(G: Any, *nodes: str) -> None:
    for n in nodes:
        if n not in G:
            raise NodeNotFound(f"{n} is not in the graph")


def _type_ok(d: dict[str, Any], type_: str | None) -> bool:
    if not type_:
        return True
    t = type_.lower()
    return t in {str(d.get("type", "")).lower(), str(d.get("top", "")).lower(),
                 *(c.lower() for c in d.get("classes", []))}


def _incident(G: Any, n: str, predicate: str | None = None) -> list[tuple[str, str, str, dict[str, Any]]]:
    """(neighbour, predicate, direction, edge data) of every relation at ``n``."""
    out = [(t, k, "out", d) for _s, t, k, d in G.out_edges(n, keys=True, data=True)]
    out += [(s, k, "in", d) for s, _t, k, d in G.in_edges(n, keys=True, data=True)]
    return [x for x in out if predicate is None or x[1] == predicate]


def neighbours(G: Any, node: str, *, depth: int = 1, predicate: str | None = None,
               type: str | None = None) -> list[dict[str, Any]]:
    """Entities within ``depth`` hops of ``node`` (breadth first), nearest first.

    Each row: id, label, type, top, distance, and ``via`` (the node it was reached from,
    the predicate and its direction seen from that node). ``predicate`` restricts the
    relations followed; ``type`` the entities listed.
    """
    _check(G, node)
    if depth < 1:
        raise ConfigError("depth must be at least 1 hop")
    seen = {node}
    frontier = [node]
    rows: list[dict[str, Any]] = []
    for dist in range(1, depth + 1):
        nxt: list[str] = []
        for cur in frontier:
            for other, pred, direction, data in sorted(_incident(G, cur, predicate), key=lambda x: (x[0], x[1])):
                if other in seen:
                    continue
                seen.add(other)
                nxt.append(other)
                if _type_ok(G.nodes[other], type):
                    rows.append({**_node(G, other), "distance": dist, "via": cur, "predicate": pred,
                                 "direction": direction, "weight": data.get("weight", 1)})
        frontier = nxt
    return rows


def _hop(G: Any, a: str, b: str) -> dict[str, Any]:
    """The best-supported relation between consecutive path nodes ``a`` and ``b``."""
    cands = [(k, "->", d) for k, d in (G.get_edge_data(a, b) or {}).items()]
    cands += [(k, "<-", d) for k, d in (G.get_edge_data(b, a) or {}).items()]
    pred, direction, data = max(cands, key=lambda c: (c[2].get("weight", 1), c[2].get("confidence", 0), c[0]))
    return {"from": a, "from_label": G.nodes[a].get("label", a), "to": b, "to_label": G.nodes[b].get("label", b),
            "predicate": pred, "direction": direction, "weight": data.get("weight", 1),
            "evidence": list(data.get("evidence", [])),
            "other_predicates": sorted({k for k, _d, _x in cands} - {pred})}


def shortest_paths(G: Any, source: str, target: str, *, all_paths: bool = False,
                   max_length: int | None = None, limit: int = 50) -> list[list[dict[str, Any]]]:
    """The shortest path (or all shortest paths, at most ``limit``) between two entities.

    A path is a list of hops (from, to, predicate, direction ``->``/``<-``, weight,
    evidence). Returns an empty list when no path exists within ``max_length`` hops.
    """
    import networkx as nx

    _check(G, source, target)
    if source == target:
        return [[]]
    U = G.to_undirected(as_view=True)
    try:
        if all_paths:
            found = []
            for p in nx.all_shortest_paths(U, source, target):
                found.append(p)
                if len(found) >= limit:
                    break
        else:
            found = [nx.shortest_path(U, source, target)]
    except nx.NetworkXNoPath:
        return []
    if max_length is not None and found and len(found[0]) - 1 > max_length:
        return []
    found.sort()
    return [[_hop(G, a, b) for a, b in itertools.pairwise(p)] for p in found]


def _simple(G: Any) -> Any:
    """Undirected simple graph; parallel relations add their weights."""
    import networkx as nx

    H = nx.Graph()
    H.add_nodes_from(G.nodes)
    for s, t, d in G.edges(data=True):
        if s == t:
            continue
        w = d.get("weight", 1)
        if H.has_edge(s, t):
            H[s][t]["weight"] += w
        else:
            H.add_edge(s, t, weight=w)
    return H


def centrality(G: Any, *, metric: str = "degree", type: str | None = None,
               top: int = 10) -> list[dict[str, Any]]:
    """The ``top`` entities by ``degree`` (distinct neighbours), ``betweenness`` or ``pagerank``.

    Computed on the undirected graph; betweenness is sampled above
    :data:`BETWEENNESS_EXACT_LIMIT` nodes (fixed seed).
    """
    import networkx as nx

    if metric not in METRICS:
        raise ConfigError(f"unknown metric '{metric}'; choose one of {', '.join(METRICS)}")
    H = _simple(G)
    if H.number_of_nodes() == 0:
        return []
    if metric == "degree":
        scores = {n: float(H.degree(n)) for n in H}
    elif metric == "betweenness":
        k = min(500, H.number_of_nodes()) if H.number_of_nodes() > BETWEENNESS_EXACT_LIMIT else None
        scores = nx.betweenness_centrality(H, k=k, seed=7 if k else None, normalized=True)
    else:
        scores = _pagerank(H)
    rows = [{**_node(G, n), "score": round(s, 6), "degree": H.degree(n), "articles": G.nodes[n].get("articles", 0)}
            for n, s in scores.items() if _type_ok(G.nodes[n], type)]
    rows.sort(key=lambda r: (-r["score"], -r["articles"], r["label"]))
    return rows[:top] if top > 0 else rows


def _pagerank(H: Any, alpha: float = 0.85, tol: float = 1e-10, max_iter: int = 200) -> dict[str, float]:
    """Weighted PageRank by power iteration in pure Python (networkx's needs scipy)."""
    n = H.number_of_nodes()
    rank = dict.fromkeys(H, 1.0 / n)
    strength = {u: sum(d.get("weight", 1) for _v, d in H[u].items()) for u in H}
    for _ in range(max_iter):
        dangling = alpha * sum(rank[u] for u in H if strength[u] == 0) / n
        new = dict.fromkeys(H, (1.0 - alpha) / n + dangling)
        for u in H:
            if strength[u]:
                share = alpha * rank[u] / strength[u]
                for v, d in H[u].items():
                    new[v] += share * d.get("weight", 1)
        if sum(abs(new[u] - rank[u]) for u in H) < n * tol:
            return new
        rank = new
    return rank


def ego(G: Any, node: str, *, depth: int = 1, predicate: str | None = None) -> Any:
    """The subgraph of everything within ``depth`` hops of ``node`` (a MultiDiGraph copy)."""
    keep = {node} | {r["id"] for r in neighbours(G, node, depth=depth, predicate=predicate)}
    sub = G.subgraph(keep).copy()
    if predicate:
        sub.remove_edges_from([(s, t, k) for s, t, k in sub.edges(keys=True) if k != predicate])
    return sub


def components(G: Any, *, members: int = 5) -> list[dict[str, Any]]:
    """Weakly connected components, largest first: size, classes, best-connected members."""
    import networkx as nx

    out = []
    for i, comp in enumerate(sorted(nx.weakly_connected_components(G), key=lambda c: (-len(c), min(c)))):
        by_degree = sorted(comp, key=lambda n: (-G.degree(n), G.nodes[n].get("label", n)))
        out.append({"component": i + 1, "size": len(comp),
                    "edges": G.subgraph(comp).number_of_edges(),
                    "classes": dict(Counter(G.nodes[n].get("top", "") for n in comp).most_common()),
                    "members": [G.nodes[n].get("label", n) for n in by_degree[:members]]})
    return out


def _event_date(d: dict[str, Any]) -> str | None:
    return d.get("date") or d.get("first_seen")


def timeline(G: Any, entity: str | None = None) -> list[dict[str, Any]]:
    """Operations and incidents in date order (undated ones last).

    With ``entity``: the events it is, takes part in or is the place of (including events
    in places located in it).
    """
    if entity is not None:
        _check(G, entity)
        events = {entity} | {o for o, _p, _dir, _d in _incident(G, entity)}
        if G.nodes[entity].get("top") == "Place":
            for inner, _p, direction, _d in _incident(G, entity, "locatedIn"):
                if direction == "in":
                    events |= {o for o, _p2, _dir2, _d2 in _incident(G, inner, "tookPlaceIn")}
    else:
        events = set(G)
    rows = []
    for n in events:
        d = G.nodes[n]
        if d.get("top") not in EVENT_CLASSES:
            continue
        places = sorted(G.nodes[t].get("label", t) for t, p, direction, _x in _incident(G, n, "tookPlaceIn")
                        if direction == "out")
        actors = sorted(G.nodes[o].get("label", o) for o, p, _dir, _x in _incident(G, n)
                        if p in ("participatedIn", "perpetratedBy"))
        targets = sorted(G.nodes[o].get("label", o) for o, p, _dir, _x in _incident(G, n)
                         if p in ("targets", "targeted"))
        rows.append({"date": _event_date(d), "end_date": d.get("end_date"), **_node(G, n),
                     "places": places, "actors": actors, "targets": targets,
                     "killed": d.get("killed"), "wounded": d.get("wounded"), "articles": d.get("articles", 0)})
    rows.sort(key=lambda r: (r["date"] is None, r["date"] or "", r["label"]))
    return rows
