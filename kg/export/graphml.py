"""GraphML for yEd, Gephi, Cytoscape and igraph: scalar attributes only, unique edge ids.

Every node and edge also carries yEd's own graphics (the yFiles GraphML extension): a
labelled shape filled with the class colour, and an arrow labelled with the predicate, so
yEd shows names and colours on opening the file (it ignores plain ``label`` attributes).
Other readers skip those ``yfiles.type`` keys or, like networkx, read the label from them.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from kg.export.common import colour, flat_edge, flat_node, write_chunks

YFILES = "http://www.yworks.com/xml/graphml"
#: yEd shape of each contract class.
YED_SHAPES = {"Force": "roundrectangle", "Place": "ellipse", "Operation": "hexagon", "Incident": "octagon",
              "Person": "ellipse"}
_NODE_KEY, _EDGE_KEY = "yed_node", "yed_edge"
_CELL = (220.0, 80.0)


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


def _yed_node(label: str, top: str | None, x: float, y: float) -> ET.Element:
    data = ET.Element("data", {"key": _NODE_KEY})
    shape = ET.SubElement(data, f"{{{YFILES}}}ShapeNode")
    width = max(60.0, 7.0 * len(label) + 16.0)
    ET.SubElement(shape, f"{{{YFILES}}}Geometry", {"x": f"{x:.0f}", "y": f"{y:.0f}", "width": f"{width:.0f}", "height": "30"})
    ET.SubElement(shape, f"{{{YFILES}}}Fill", {"color": colour(top).upper(), "transparent": "false"})
    ET.SubElement(shape, f"{{{YFILES}}}BorderStyle", {"type": "line", "width": "1.0", "color": "#333333"})
    ET.SubElement(shape, f"{{{YFILES}}}NodeLabel", {"textColor": "#FFFFFF"}).text = label
    ET.SubElement(shape, f"{{{YFILES}}}Shape", {"type": YED_SHAPES.get(top or "", "rectangle")})
    return data


def _yed_edge(label: str) -> ET.Element:
    data = ET.Element("data", {"key": _EDGE_KEY})
    line = ET.SubElement(data, f"{{{YFILES}}}PolyLineEdge")
    ET.SubElement(line, f"{{{YFILES}}}LineStyle", {"type": "line", "width": "1.0", "color": "#555555"})
    ET.SubElement(line, f"{{{YFILES}}}Arrows", {"source": "none", "target": "standard"})
    ET.SubElement(line, f"{{{YFILES}}}EdgeLabel").text = label
    return data


def generate_graphml(G: Any) -> Iterator[str]:
    """GraphML text of ``G`` with yEd graphics, line by line."""
    from networkx.readwrite.graphml import GraphMLWriter

    ET.register_namespace("y", YFILES)
    H = to_graphml_graph(G)
    writer = GraphMLWriter(encoding="utf-8", prettyprint=True)
    writer.add_graph_element(H)
    root = writer.xml
    for key, target, kind in ((_EDGE_KEY, "edge", "edgegraphics"), (_NODE_KEY, "node", "nodegraphics")):
        root.insert(0, ET.Element("key", {"id": key, "for": target, "yfiles.type": kind}))
    graph = root.find("graph")  # networkx writes GraphML's elements without a namespace prefix
    columns = max(1, round(len(H) ** 0.5))
    for i, el in enumerate(graph.iter("node")):  # on a grid until a yEd layout places them
        d = H.nodes[el.get("id")]
        x, y = (i % columns) * _CELL[0], (i // columns) * _CELL[1]
        el.append(_yed_node(str(d.get("label", el.get("id"))), d.get("top"), x, y))
    for el in graph.iter("edge"):
        d = H.edges[el.get("source"), el.get("target"), el.get("id")]
        el.append(_yed_edge(str(d.get("predicate", ""))))
    yield from str(writer).splitlines()


def write_graphml(G: Any, path: str | Path) -> Path:
    """Write ``G`` as GraphML to ``path``, line by line."""
    return write_chunks(path, (line + "\n" for line in generate_graphml(G)))
