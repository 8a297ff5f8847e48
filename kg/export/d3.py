"""D3 node-link JSON (``nodes`` + ``links``), also readable by ``networkx.node_link_graph``."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kg.export.common import colour, degrees, json_edge, json_node, write_text


def to_node_link(G: Any) -> dict[str, Any]:
    """Node-link data: nodes carry ``group`` (contract class), ``color`` and ``degree``."""
    deg = degrees(G)
    nodes = [{**json_node(n, d), "group": d.get("top", ""), "color": colour(d.get("top")), "degree": deg[n]}
             for n, d in G.nodes(data=True)]
    links = [{"source": s, "target": t, "key": k, **json_edge(d)} for s, t, k, d in G.edges(keys=True, data=True)]
    return {"directed": True, "multigraph": True, "graph": {"name": "kg"}, "nodes": nodes, "links": links}


def write_node_link(G: Any, path: str | Path) -> Path:
    """Write ``G`` as node-link JSON to ``path``."""
    return write_text(path, json.dumps(to_node_link(G), ensure_ascii=False, indent=1) + "\n")
