"""D3 node-link JSON (``nodes`` + ``links``), also readable by ``networkx.node_link_graph``."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from kg.export.common import colour, degrees, iter_json, json_edge, json_node, write_chunks


def _nodes(G: Any) -> Iterator[dict[str, Any]]:
    deg = degrees(G)
    for n, d in G.nodes(data=True):
        yield {**json_node(n, d), "group": d.get("top", ""), "color": colour(d.get("top")), "degree": deg[n]}


def _links(G: Any) -> Iterator[dict[str, Any]]:
    for s, t, k, d in G.edges(keys=True, data=True):
        yield {"source": s, "target": t, "key": k, **json_edge(d)}


def _document(nodes: Iterable[dict[str, Any]], links: Iterable[dict[str, Any]]) -> dict[str, Any]:
    return {"directed": True, "multigraph": True, "graph": {"name": "kg"}, "nodes": nodes, "links": links}


def to_node_link(G: Any) -> dict[str, Any]:
    """Node-link data: nodes carry ``group`` (contract class), ``color`` and ``degree``."""
    return _document(list(_nodes(G)), list(_links(G)))


def iter_node_link(G: Any) -> Iterator[str]:
    """The JSON text of :func:`to_node_link`, node by node and link by link."""
    yield from iter_json(_document(_nodes(G), _links(G)))
    yield "\n"


def write_node_link(G: Any, path: str | Path) -> Path:
    """Write ``G`` as node-link JSON to ``path``, streamed."""
    return write_chunks(path, iter_node_link(G))
