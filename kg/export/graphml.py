"""GraphML for yEd, Gephi, Cytoscape and igraph: scalar attributes only, unique edge ids."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kg.export.common import colour, flat_edge, flat_node, write_chunks


def to_graphml_graph(G: Any) -> Any:
    """A copy of ``G`` whose attributes are all str/int/float (lists joined, evidence as text).

    Nodes also get ``color`` (hex of the contract class); edges get unique keys ``e0``, ``e1`` ...
    """
    import networkx as nx

    H = nx.MultiDiGraph(name="kg")
    for n, d in G.nodes(data=True):
        H.add_node(n, **flat_node(d), color=colour(d.get("top")))
    for i, (s, t, d) in enumerate(G.edges(data=True)):
        H.add_edge(s, t, key=f"e{i}", **flat_edge(d))
    return H


def generate_graphml(G: Any) -> Iterator[str]:
    """GraphML text of ``G``, line by line."""
    import networkx as nx

    yield from nx.generate_graphml(to_graphml_graph(G), encoding="utf-8", prettyprint=True)


def write_graphml(G: Any, path: str | Path) -> Path:
    """Write ``G`` as GraphML to ``path``, line by line."""
    return write_chunks(path, (line + "\n" for line in generate_graphml(G)))
