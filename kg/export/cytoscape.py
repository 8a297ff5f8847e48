"""Cytoscape.js JSON: ``{"elements": {"nodes": [{"data": ..., "classes": ...}], "edges": [...]}}``.

``classes`` sits beside ``data`` on each element, where Cytoscape.js reads it, so the
selectors ``.Force`` or ``.MilitaryUnit`` (a node's contract class and its classes) and
``.participatedIn`` (an edge's predicate) style the graph.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from kg.export.common import colour, degrees, flat_edge, iter_json, json_edge, json_node, write_chunks


def _nodes(G: Any) -> Iterator[dict[str, Any]]:
    deg = degrees(G)
    for n, d in G.nodes(data=True):
        data = {k: v for k, v in json_node(n, d).items() if k != "classes"}
        yield {"data": {**data, "name": d.get("label", n), "color": colour(d.get("top")), "degree": deg[n]},
               "classes": node_classes(d)}


def node_classes(d: dict[str, Any]) -> str:
    """Cytoscape.js classes of a node: its contract class, then its own classes (space-separated)."""
    names: list[str] = []
    for name in (d.get("top"), d.get("type"), *(d.get("classes") or ())):
        if name and name not in names:
            names.append(str(name))
    return " ".join(names)


def _edges(G: Any) -> Iterator[dict[str, Any]]:
    for i, (s, t, k, d) in enumerate(G.edges(keys=True, data=True)):
        yield {"data": {"id": f"e{i}", "source": s, "target": t, "key": k, **json_edge(d),
                        "sentences": flat_edge(d)["sentences"]}, "classes": str(k)}


def _document(nodes: Iterable[dict[str, Any]], edges: Iterable[dict[str, Any]]) -> dict[str, Any]:
    return {"data": {"name": "kg"}, "directed": True, "multigraph": True,
            "elements": {"nodes": nodes, "edges": edges}}


def to_cytoscape(G: Any) -> dict[str, Any]:
    """Cytoscape.js elements; nodes carry ``name`` (label), ``color`` and ``degree``."""
    return _document(list(_nodes(G)), list(_edges(G)))


def iter_cytoscape(G: Any) -> Iterator[str]:
    """The JSON text of :func:`to_cytoscape`, element by element."""
    yield from iter_json(_document(_nodes(G), _edges(G)))
    yield "\n"


def write_cytoscape(G: Any, path: str | Path) -> Path:
    """Write ``G`` as Cytoscape.js JSON to ``path``, streamed."""
    return write_chunks(path, iter_cytoscape(G))
