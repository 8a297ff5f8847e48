"""Cytoscape.js JSON: ``{"elements": {"nodes": [{"data": ...}], "edges": [{"data": ...}]}}``."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kg.export.common import (
    colour,
    degrees,
    flat_edge,
    json_edge,
    json_node,
    write_text,
)


def to_cytoscape(G: Any) -> dict[str, Any]:
    """Cytoscape.js elements; nodes carry ``name`` (label), ``color`` and ``degree``."""
    deg = degrees(G)
    nodes = [{"data": {**json_node(n, d), "name": d.get("label", n), "color": colour(d.get("top")),
                       "degree": deg[n]}} for n, d in G.nodes(data=True)]
    edges = []
    for i, (s, t, k, d) in enumerate(G.edges(keys=True, data=True)):
        data = {"id": f"e{i}", "source": s, "target": t, "key": k, **json_edge(d),
                "sentences": flat_edge(d)["sentences"]}
        edges.append({"data": data})
    return {"data": {"name": "kg"}, "directed": True, "multigraph": True,
            "elements": {"nodes": nodes, "edges": edges}}


def write_cytoscape(G: Any, path: str | Path) -> Path:
    """Write ``G`` as Cytoscape.js JSON to ``path``."""
    return write_text(path, json.dumps(to_cytoscape(G), ensure_ascii=False, indent=1) + "\n")
