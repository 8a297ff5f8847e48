"""Cytoscape.js JSON: ``{"elements": {"nodes": [{"data": ...}], "edges": [{"data": ...}]}}``."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kg.export.common import (
    colour,
    degrees,
    flat_edge,
    json_array,
    json_edge,
    json_node,
    write_chunks,
)


def _nodes(G: Any) -> Iterator[dict[str, Any]]:
    deg = degrees(G)
    for n, d in G.nodes(data=True):
        yield {"data": {**json_node(n, d), "name": d.get("label", n), "color": colour(d.get("top")),
                        "degree": deg[n]}}


def _edges(G: Any) -> Iterator[dict[str, Any]]:
    for i, (s, t, k, d) in enumerate(G.edges(keys=True, data=True)):
        yield {"data": {"id": f"e{i}", "source": s, "target": t, "key": k, **json_edge(d),
                        "sentences": flat_edge(d)["sentences"]}}


def to_cytoscape(G: Any) -> dict[str, Any]:
    """Cytoscape.js elements; nodes carry ``name`` (label), ``color`` and ``degree``."""
    return {"data": {"name": "kg"}, "directed": True, "multigraph": True,
            "elements": {"nodes": list(_nodes(G)), "edges": list(_edges(G))}}


def iter_cytoscape(G: Any) -> Iterator[str]:
    """The JSON text of :func:`to_cytoscape`, element by element."""
    yield '{"data": {"name": "kg"}, "directed": true, "multigraph": true,\n"elements": {"nodes": '
    yield from json_array(_nodes(G))
    yield ',\n"edges": '
    yield from json_array(_edges(G))
    yield "}}\n"


def write_cytoscape(G: Any, path: str | Path) -> Path:
    """Write ``G`` as Cytoscape.js JSON to ``path``, streamed."""
    return write_chunks(path, iter_cytoscape(G))
