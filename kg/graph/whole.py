"""Whole-graph measures computed on the cached columns (numpy), without building networkx.

:func:`centrality` and :func:`components` answer exactly as their namesakes in
:mod:`kg.graph.traverse` do on the projected graph; they read the graph's arrays from the
cache (:mod:`kg.graph.cache`), projecting the store first when it has changed.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kg.errors import ConfigError
from kg.graph import cache
from kg.graph.traverse import METRICS
from kg.store import Store

if TYPE_CHECKING:
    import numpy as np

    from kg.graph.cache import GraphArrays


def graph_arrays(store: Store) -> GraphArrays:
    """The store's unfiltered graph as columns: from the cache, else projected (and cached)."""
    from kg.graph.projection import project

    fp = cache.fingerprint(store)
    arrays = cache.load_arrays(store, fp) if fp else None
    if arrays is None:
        G = project(store)
        arrays = cache.load_arrays(store, fp) if fp else None
        if arrays is None:  # not cacheable (a memory store) or the cache folder is read-only
            arrays = cache.to_arrays(G)
    return arrays


def _simple_edges(a: GraphArrays) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The undirected simple graph: (u, v, summed weight) with u < v, self-loops dropped."""
    import numpy as np

    keep = a.src != a.dst
    u = np.minimum(a.src[keep], a.dst[keep])
    v = np.maximum(a.src[keep], a.dst[keep])
    n = max(len(a.ids), 1)
    pairs, inverse = np.unique(u * n + v, return_inverse=True)
    weight = np.bincount(inverse, weights=a.weight[keep].astype(np.float64), minlength=len(pairs))
    return pairs // n, pairs % n, weight


def _pagerank(n: int, u: np.ndarray, v: np.ndarray, w: np.ndarray, alpha: float = 0.85,
              tol: float = 1e-10, max_iter: int = 200) -> np.ndarray:
    """Weighted PageRank on the undirected graph, the same iteration as traverse's."""
    import numpy as np

    rank = np.full(n, 1.0 / n)
    strength = np.bincount(u, weights=w, minlength=n) + np.bincount(v, weights=w, minlength=n)
    dangling = strength == 0
    safe = np.where(dangling, 1.0, strength)
    for _ in range(max_iter):
        share = np.where(dangling, 0.0, alpha * rank / safe)
        new = np.full(n, (1.0 - alpha) / n + alpha * rank[dangling].sum() / n)
        new += np.bincount(v, weights=share[u] * w, minlength=n) + np.bincount(u, weights=share[v] * w, minlength=n)
        if np.abs(new - rank).sum() < n * tol:
            return new
        rank = new
    return rank


def centrality(store: Store, *, metric: str = "degree", type: str | None = None,
               top: int = 10) -> list[dict[str, Any]]:
    """:func:`kg.graph.traverse.centrality` of the store's graph, from the cached columns.

    Degree and PageRank are computed with numpy; betweenness needs networkx's algorithm,
    so it builds the graph.

    Raises:
        ConfigError: unknown metric.
    """
    import numpy as np

    if metric not in METRICS:
        raise ConfigError(f"unknown metric '{metric}'; choose one of {', '.join(METRICS)}")
    if metric == "betweenness":
        from kg.graph.projection import project
        from kg.graph.traverse import centrality as on_graph

        return on_graph(project(store), metric=metric, type=type, top=top)
    a = graph_arrays(store)
    n = len(a.ids)
    if n == 0:
        return []
    u, v, w = _simple_edges(a)
    degree = np.bincount(u, minlength=n) + np.bincount(v, minlength=n)
    scores = degree.astype(np.float64) if metric == "degree" else _pagerank(n, u, v, w)
    keep = np.flatnonzero(a.matching(type))
    rounded = np.round(scores, 6)
    rows = [{"id": a.ids[i], "label": a.labels[i], "type": a.vocabulary[a.type[i]], "top": a.vocabulary[a.top[i]],
             "score": float(rounded[i]), "degree": int(degree[i]), "articles": int(a.articles[i])}
            for i in _best(keep, rounded, a, top)]
    return rows


def _best(keep: np.ndarray, scores: np.ndarray, a: GraphArrays, top: int) -> list[int]:
    """Indices of the ``top`` nodes by (-score, -articles, label) among ``keep``."""
    import numpy as np

    if top > 0 and len(keep) > 4 * top:
        # Everything tied with the top-th score must be compared by articles and label.
        cut = np.partition(scores[keep], len(keep) - top)[len(keep) - top]
        keep = keep[scores[keep] >= cut]
    order = sorted(keep.tolist(), key=lambda i: (-scores[i], -a.articles[i], a.labels[i]))
    return order[:top] if top > 0 else order


def _component_labels(n: int, src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """Each node's component, as the smallest node index in it (label propagation + jumping)."""
    import numpy as np

    label = np.arange(n)
    while True:
        low = np.minimum(label[src], label[dst])
        new = label.copy()
        np.minimum.at(new, src, low)
        np.minimum.at(new, dst, low)
        new = new[new]
        if np.array_equal(new, label):
            return label
        label = new


def components(store: Store, *, members: int = 5) -> list[dict[str, Any]]:
    """:func:`kg.graph.traverse.components` of the store's graph, from the cached columns."""
    import numpy as np

    a = graph_arrays(store)
    n = len(a.ids)
    if n == 0:
        return []
    comp = _component_labels(n, a.src, a.dst)
    degree = np.bincount(a.src, minlength=n) + np.bincount(a.dst, minlength=n)
    edges = np.bincount(comp[a.src], minlength=n)
    groups: dict[int, list[int]] = {}
    for i, c in enumerate(comp.tolist()):
        groups.setdefault(c, []).append(i)
    first_id = {c: min(a.ids[i] for i in g) for c, g in groups.items()}
    out = []
    for k, (c, nodes) in enumerate(sorted(groups.items(), key=lambda x: (-len(x[1]), first_id[x[0]])), 1):
        counts: dict[str, int] = {}
        for i in nodes:
            t = a.vocabulary[a.top[i]]
            counts[t] = counts.get(t, 0) + 1
        best = sorted(nodes, key=lambda i: (-degree[i], a.labels[i]))[:members]
        out.append({"component": k, "size": len(nodes), "edges": int(edges[c]),
                    "classes": dict(sorted(counts.items(), key=lambda x: -x[1])),
                    "members": [a.labels[i] for i in best]})
    return out
