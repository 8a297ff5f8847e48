"""GEXF 1.3 (Gephi): typed attributes, viz colours per class, node sizes by degree, and time.

The graph is dynamic: each node lives from the first to the last publication date of the
articles that name it (``start`` / ``end``), so Gephi's timeline plays the graph as the
reporting unfolds; an edge shows while both its ends do (every edge is read from an article
naming both). Nodes without dated articles are always shown.
"""
from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from typing import Any

from kg.export.common import (
    EDGE_FIELDS,
    NODE_FIELDS,
    colour,
    degrees,
    flat_edge,
    flat_node,
    rgb,
    write_text,
)

NS = "http://gexf.net/1.3"
VIZ = "http://gexf.net/1.3/viz"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
_TYPES = {str: "string", int: "integer", float: "double"}
MIN_SIZE, MAX_SIZE = 4.0, 24.0


def _attributes(parent: ET.Element, cls: str, fields: dict[str, type], skip: set[str]) -> None:
    el = ET.SubElement(parent, f"{{{NS}}}attributes", {"class": cls, "mode": "static"})
    for name, kind in fields.items():
        if name not in skip:
            ET.SubElement(el, f"{{{NS}}}attribute", {"id": name, "title": name, "type": _TYPES[kind]})


def _attvalues(parent: ET.Element, values: dict[str, Any], skip: set[str]) -> None:
    el = ET.SubElement(parent, f"{{{NS}}}attvalues")
    for name, v in values.items():
        if name not in skip:
            ET.SubElement(el, f"{{{NS}}}attvalue", {"for": name, "value": str(v)})


def lifetime(d: dict[str, Any]) -> dict[str, str]:
    """``start`` / ``end`` of a node: its first and last article dates (YYYY-MM-DD), when known."""
    first, last = d.get("first_seen"), d.get("last_seen")
    out = {}
    if first:
        out["start"] = str(first)[:10]
    if last:
        out["end"] = str(last)[:10]
    return out


def to_gexf(G: Any, *, description: str = "kg knowledge graph") -> ET.ElementTree:
    """The GEXF 1.3 document of ``G`` as an ElementTree.

    Node size grows with the square root of the number of distinct neighbours; edges carry
    ``kind`` = predicate (parallel edges of different predicates) and ``weight`` = articles.
    """
    ET.register_namespace("", NS)
    ET.register_namespace("viz", VIZ)
    ET.register_namespace("xsi", XSI)
    root = ET.Element(f"{{{NS}}}gexf", {"version": "1.3", f"{{{XSI}}}schemaLocation": f"{NS} {NS}/gexf.xsd"})
    meta = ET.SubElement(root, f"{{{NS}}}meta", {"lastmodifieddate": date.today().isoformat()})
    ET.SubElement(meta, f"{{{NS}}}creator").text = "kg"
    ET.SubElement(meta, f"{{{NS}}}description").text = description
    graph = ET.SubElement(root, f"{{{NS}}}graph", {"defaultedgetype": "directed", "mode": "dynamic",
                                                  "timeformat": "date", "timerepresentation": "interval"})
    _attributes(graph, "node", NODE_FIELDS, {"label"})
    _attributes(graph, "edge", EDGE_FIELDS, {"weight"})
    deg = degrees(G)
    top = max(deg.values(), default=0) or 1
    nodes = ET.SubElement(graph, f"{{{NS}}}nodes")
    for n, d in G.nodes(data=True):
        el = ET.SubElement(nodes, f"{{{NS}}}node", {"id": n, "label": str(d.get("label", n)), **lifetime(d)})
        _attvalues(el, flat_node(d), {"label"})
        r, g, b = rgb(colour(d.get("top")))
        ET.SubElement(el, f"{{{VIZ}}}color", {"r": str(r), "g": str(g), "b": str(b), "a": "1.0"})
        size = MIN_SIZE + (MAX_SIZE - MIN_SIZE) * math.sqrt(deg[n] / top)
        ET.SubElement(el, f"{{{VIZ}}}size", {"value": f"{size:.2f}"})
    edges = ET.SubElement(graph, f"{{{NS}}}edges")
    for i, (s, t, k, d) in enumerate(G.edges(keys=True, data=True)):
        flat = flat_edge(d)
        el = ET.SubElement(edges, f"{{{NS}}}edge", {"id": f"e{i}", "source": s, "target": t, "label": k,
                                                   "kind": k, "weight": str(flat["weight"])})
        _attvalues(el, flat, {"weight"})
    ET.indent(root, space=" ")
    return ET.ElementTree(root)


def generate_gexf(G: Any) -> str:
    """GEXF 1.3 text of ``G``."""
    return ET.tostring(to_gexf(G).getroot(), encoding="unicode", xml_declaration=True) + "\n"


def write_gexf(G: Any, path: str | Path) -> Path:
    """Write ``G`` as GEXF 1.3 to ``path``."""
    return write_text(path, generate_gexf(G))
