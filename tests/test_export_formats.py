"""Each graph export read back by an independent reader."""
from __future__ import annotations

import csv
import json
import math

import networkx as nx
import pytest

from kg.export import GRAPH_FORMATS, export_graph, format_for
from kg.export.common import CLASS_COLOURS, rgb
from kg.export.cytoscape import to_cytoscape
from kg.export.geojson import to_geojson
from kg.export.graphml import generate_graphml
from kg.export.neo4j import NODE_HEADER, REL_HEADER, to_neo4j
from tests import graph_data as gd


@pytest.fixture
def G(graph):
    return graph


def _edge_set(H):
    return sorted((s, t, d.get("predicate") or d.get("label")) for s, t, d in H.edges(data=True))


def test_graphml_read_by_networkx(G, tmp_path):
    path = export_graph(G, "graphml", tmp_path / "g.graphml")
    H = nx.read_graphml(path)
    assert H.number_of_nodes() == G.number_of_nodes() and H.number_of_edges() == G.number_of_edges()
    assert _edge_set(H) == sorted((s, t, k) for s, t, k in G.edges(keys=True))
    k = H.nodes[gd.KESTREL]
    assert (k["label"], k["type"], k["aliases"], k["articles"]) == ("Kestrel Brigade", "MilitaryUnit", "the Kestrels", 3)
    assert H.nodes[gd.TARSK]["lat"] == pytest.approx(35.1)
    edge = next(d for s, t, d in H.edges(data=True) if (s, t) == (gd.KESTREL, gd.GRANITE))
    assert edge["weight"] == 2 and "The Kestrels pressed on" in edge["sentences"]


def test_graphml_attributes_are_scalars_and_edge_ids_unique(G):
    from lxml import etree

    doc = etree.fromstring("\n".join(generate_graphml(G)).encode("utf-8"))
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    types = {k.get("attr.type") for k in doc.findall("g:key", ns) if k.get("yfiles.type") is None}
    assert types <= {"string", "int", "long", "double", "float", "boolean"}
    ids = [e.get("id") for e in doc.iterfind(".//g:edge", ns)]
    assert len(ids) == len(set(ids)) == G.number_of_edges()


def test_graphml_carries_yed_labels_colours_and_arrows(G):
    """yEd shows only its own yFiles graphics: each node a labelled shape in its class colour."""
    from lxml import etree

    doc = etree.fromstring("\n".join(generate_graphml(G)).encode("utf-8"))
    ns = {"g": "http://graphml.graphdrawing.org/xmlns", "y": "http://www.yworks.com/xml/graphml"}
    keys = {k.get("for"): k.get("id") for k in doc.findall("g:key", ns) if k.get("yfiles.type")}
    assert {k.get("yfiles.type") for k in doc.findall("g:key", ns) if k.get("yfiles.type")} == {
        "nodegraphics", "edgegraphics"}
    for node in doc.iterfind(".//g:node", ns):
        shape = node.find(f"g:data[@key='{keys['node']}']/y:ShapeNode", ns)
        d = G.nodes[node.get("id")]
        assert shape.findtext("y:NodeLabel", namespaces=ns) == d["label"]
        assert shape.find("y:Fill", ns).get("color").lower() == CLASS_COLOURS[d["top"]]
    edges = doc.findall(".//g:edge", ns)
    labels = sorted(e.findtext(f"g:data[@key='{keys['edge']}']/y:PolyLineEdge/y:EdgeLabel", namespaces=ns)
                    for e in edges)
    assert labels == sorted(k for _s, _t, k in G.edges(keys=True))
    assert all(e.find(".//y:Arrows", ns).get("target") == "standard" for e in edges)
    # networkx reads yEd's label back (its GraphML reader understands the extension)
    H = nx.parse_graphml("\n".join(generate_graphml(G)))
    assert H.nodes[gd.SELVA]["label"] == "Sélva"


def test_graphml_read_by_igraph(G, tmp_path):
    import igraph

    path = export_graph(G, "graphml", tmp_path / "g.graphml")
    ig = igraph.Graph.Read_GraphML(str(path))
    assert ig.vcount() == G.number_of_nodes() and ig.ecount() == G.number_of_edges()
    assert ig.is_directed()
    labels = dict(zip(ig.vs["id"], ig.vs["label"]))
    assert labels[gd.SELVA] == "Sélva"
    assert sorted(ig.es["predicate"]) == sorted(k for _s, _t, k in G.edges(keys=True))
    assert len(ig.connected_components(mode="weak")) == 2


def test_gexf_13_read_by_networkx_and_lxml(G, tmp_path):
    from lxml import etree

    path = export_graph(G, "gexf", tmp_path / "g.gexf")
    H = nx.read_gexf(path, version="1.3")
    assert H.number_of_nodes() == G.number_of_nodes() and H.number_of_edges() == G.number_of_edges()
    assert H.nodes[gd.KESTREL]["label"] == "Kestrel Brigade" and H.nodes[gd.KESTREL]["articles"] == 3
    assert H.nodes[gd.KESTREL]["viz"]["color"]["r"] == rgb(CLASS_COLOURS["Force"])[0]

    root = etree.parse(str(path)).getroot()
    ns = {"g": "http://gexf.net/1.3", "viz": "http://gexf.net/1.3/viz"}
    assert root.tag == "{http://gexf.net/1.3}gexf" and root.get("version") == "1.3"
    nodes = root.findall(".//g:node", ns)
    assert len(nodes) == G.number_of_nodes()
    sizes = {}
    for node in nodes:
        colour = node.find("viz:color", ns)
        top = G.nodes[node.get("id")]["top"]
        assert tuple(int(colour.get(c)) for c in "rgb") == rgb(CLASS_COLOURS[top])
        sizes[node.get("id")] = float(node.find("viz:size", ns).get("value"))
    assert max(sizes, key=sizes.get) == gd.RED_HAND  # most neighbours, biggest node
    assert sizes[gd.DARA] < sizes[gd.OSTRA]
    edges = root.findall(".//g:edge", ns)
    assert {e.get("kind") for e in edges} == {k for _s, _t, k in G.edges(keys=True)}
    assert len({e.get("id") for e in edges}) == len(edges)


def test_gexf_is_dynamic_over_the_articles_dates(G, tmp_path):
    """Gephi's timeline: a dynamic graph, each node living from its first to its last article date."""
    from lxml import etree

    path = export_graph(G, "gexf", tmp_path / "g.gexf")
    root = etree.parse(str(path)).getroot()
    ns = {"g": "http://gexf.net/1.3"}
    graph = root.find("g:graph", ns)
    assert graph.get("mode") == "dynamic" and graph.get("timeformat") == "date"
    for node in root.findall(".//g:node", ns):
        d = G.nodes[node.get("id")]
        assert (node.get("start"), node.get("end")) == (d.get("first_seen"), d.get("last_seen"))
    kestrel = root.find(f".//g:node[@id='{gd.KESTREL}']", ns)
    assert (kestrel.get("start"), kestrel.get("end")) == ("2030-05-01", "2030-07-02")
    # every edge is visible at some date where both its ends are
    for s, t in G.edges():
        a, b = G.nodes[s], G.nodes[t]
        assert max(a["first_seen"], b["first_seen"]) <= min(a["last_seen"], b["last_seen"])
    H = nx.read_gexf(path, version="1.3")
    assert H.nodes[gd.KESTREL]["start"] == "2030-05-01"


def test_node_link_round_trip(G, tmp_path):
    path = export_graph(G, "d3", tmp_path / "g.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert {"nodes", "links"} <= set(data) and all({"source", "target"} <= set(x) for x in data["links"])
    H = nx.node_link_graph(data, edges="links")
    assert H.is_multigraph() and H.is_directed()
    assert sorted(H.edges(keys=True)) == sorted(G.edges(keys=True))
    assert H.nodes[gd.KESTREL]["aliases"] == ["the Kestrels"] and H.nodes[gd.KESTREL]["group"] == "Force"
    assert H[gd.KESTREL][gd.GRANITE]["participatedIn"]["evidence"][0]["confidence"] == pytest.approx(0.9)


def test_cytoscape_elements_round_trip(G, tmp_path):
    """Cytoscape.js contract: unique element ids, every edge's source/target a node id."""
    path = export_graph(G, "cyjs", tmp_path / "g.cyjs")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data["elements"]) == {"nodes", "edges"}
    nodes, edges = data["elements"]["nodes"], data["elements"]["edges"]
    ids = [x["data"]["id"] for x in nodes + edges]
    assert len(ids) == len(set(ids)) and all(isinstance(i, str) for i in ids)
    node_ids = {x["data"]["id"] for x in nodes}
    assert all(e["data"]["source"] in node_ids and e["data"]["target"] in node_ids for e in edges)
    H = nx.MultiDiGraph()
    H.add_nodes_from((x["data"]["id"], x["data"]) for x in nodes)
    H.add_edges_from((e["data"]["source"], e["data"]["target"], e["data"]["key"], e["data"]) for e in edges)
    assert sorted(H.edges(keys=True)) == sorted(G.edges(keys=True))
    assert H.nodes[gd.OSTRA]["name"] == "Ostra" and H.nodes[gd.OSTRA]["color"] == CLASS_COLOURS["Place"]
    assert to_cytoscape(G) == data
    # classes at element level, where Cytoscape.js selectors (.Force, .MilitaryUnit) read them
    assert not any("classes" in x["data"] for x in nodes + edges)
    by_id = {x["data"]["id"]: x["classes"].split() for x in nodes}
    assert by_id[gd.KESTREL][:2] == ["Force", "MilitaryUnit"] and by_id[gd.OSTRA][0] == "Place"
    assert sorted(e["classes"] for e in edges) == sorted(k for _s, _t, k in G.edges(keys=True))


def _check_geojson(doc):
    """RFC 7946 structure: types, Point coordinates [lon, lat] in range, properties objects."""
    assert doc["type"] == "FeatureCollection" and isinstance(doc["features"], list)
    assert "crs" not in doc
    for f in doc["features"]:
        assert set(f) <= {"type", "id", "geometry", "properties", "bbox"}
        assert f["type"] == "Feature" and isinstance(f["properties"], dict)
        assert isinstance(f["id"], (str, int))
        geom = f["geometry"]
        assert geom["type"] == "Point" and len(geom["coordinates"]) == 2
        lon, lat = geom["coordinates"]
        assert all(isinstance(v, (int, float)) and math.isfinite(v) for v in (lon, lat))
        assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_geojson_places_and_events(G, tmp_path):
    path = export_graph(G, "geojson", tmp_path / "p.geojson")
    doc = json.loads(path.read_text(encoding="utf-8"))
    _check_geojson(doc)
    places = [f for f in doc["features"] if f["properties"]["kind"] == "place"]
    located = [n for n, d in G.nodes(data=True) if d["top"] == "Place" and "lat" in d]
    assert sorted(f["id"] for f in places) == sorted(located)
    tarsk = next(f for f in places if f["id"] == gd.TARSK)
    assert tarsk["geometry"]["coordinates"] == [40.2, 35.1]  # lon, lat
    assert [e["label"] for e in tarsk["properties"]["events"]] == ["Granite Shield"]
    ostra = next(f for f in places if f["id"] == gd.OSTRA)
    assert [x["label"] for x in ostra["properties"]["threatened_by"]] == ["Red Hand Front"]
    events = [f for f in doc["features"] if f["properties"]["kind"] == "event"]
    assert sorted(f["properties"]["label"] for f in events) == ["Granite Shield", "ambush near Ostra",
                                                                "car bomb in Sélva"]
    ambush = next(f for f in events if f["properties"]["type"] == "Ambush")
    assert ambush["geometry"] == ostra["geometry"] and ambush["properties"]["killed"] == 4
    assert to_geojson(G) == doc
    assert doc["unplaced"] == {"count": 0, "places": []}


def test_geojson_places_provinces_and_counts_what_it_cannot_place(tmp_path):
    """Admin areas go to the centroid of the gazetteer's places within them, or of the graph's."""
    H = nx.MultiDiGraph()
    H.add_node("p:anbar", label="Anbar Governorate", type="Province", top="Place", aliases=["Anbar"])
    H.add_node("p:quill", label="Quillon District", type="District", top="Place")
    H.add_node("p:mirrow", label="Mirrow", type="Settlement", top="Place", lat=12.0, lon=20.0)
    H.add_node("p:pell", label="Pell Crossing", type="Settlement", top="Place", lat=14.0, lon=22.0)
    H.add_node("p:flats", label="Nowhere Flats", type="Area", top="Place")
    H.add_node("i:raid", label="raid at the depot", type="Raid", top="Incident")
    H.add_edge("p:mirrow", "p:quill", key="locatedIn")
    H.add_edge("p:pell", "p:quill", key="locatedIn")
    H.add_edge("i:raid", "p:anbar", key="tookPlaceIn")
    doc = to_geojson(H)
    _check_geojson(doc)
    where = {f["id"]: f for f in doc["features"]}
    anbar = where["p:anbar"]
    lon, lat = anbar["geometry"]["coordinates"]
    assert 29 < lat < 37 and 38 < lon < 45  # inside Iraq, in the west
    assert anbar["properties"]["placement"].endswith("gazetteer places within")
    assert where["p:quill"]["geometry"]["coordinates"] == [21.0, 13.0]
    assert where["p:quill"]["properties"]["placement"] == "centroid of 2 places within it in the graph"
    assert where["p:mirrow"]["properties"]["placement"] == "own"
    assert where["i:raid@p:anbar"]["geometry"] == anbar["geometry"]
    assert doc["unplaced"] == {"count": 1, "places": [{"id": "p:flats", "label": "Nowhere Flats", "type": "Area"}]}
    from kg.export.geojson import summary

    assert summary(H) == "4 places on the map, 1 without a position"


def test_neo4j_import_csv(G, tmp_path):
    folder = export_graph(G, "neo4j", tmp_path / "neo4j")
    with (folder / "nodes.csv").open(newline="", encoding="utf-8") as fh:
        nodes = list(csv.reader(fh))
    with (folder / "relationships.csv").open(newline="", encoding="utf-8") as fh:
        rels = list(csv.reader(fh))
    assert nodes[0] == NODE_HEADER and rels[0] == REL_HEADER
    assert nodes[0][0] == "id:ID" and nodes[0][1] == ":LABEL"
    assert rels[0][:4] == [":START_ID", ":END_ID", ":TYPE", "weight:int"]
    ids = {row[0] for row in nodes[1:]}
    assert len(ids) == len(nodes) - 1 == G.number_of_nodes()
    assert all(row[0] in ids and row[1] in ids for row in rels[1:])
    assert len(rels) - 1 == G.number_of_edges()
    by_id = {row[0]: dict(zip(NODE_HEADER, row)) for row in nodes[1:]}
    assert by_id[gd.KESTREL][":LABEL"] == "Entity;Force;MilitaryUnit"
    assert by_id[gd.TARSK]["lat:double"] == "35.1"
    for row in rels[1:]:
        int(row[3])
        assert row[2] in {k for _s, _t, k in G.edges(keys=True)}
    assert to_neo4j(G)["nodes.csv"] == (folder / "nodes.csv").read_text(encoding="utf-8")


def test_format_from_suffix_and_registry():
    assert format_for("x/graph.GEXF") == "gexf" and format_for("a.json") == "d3" and format_for("m.geojson") == "geojson"
    from kg.errors import ConfigError

    with pytest.raises(ConfigError, match="cannot tell the format of 'graph.xyz' from its suffix"):
        format_for("graph.xyz")
    assert set(GRAPH_FORMATS) == {"graphml", "gexf", "cyjs", "d3", "dot", "svg", "png", "geojson", "neo4j", "html"}


def test_unwritable_target_is_an_export_error(G, tmp_path):
    from kg.errors import ExportError

    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ExportError, match="cannot write"):
        export_graph(G, "graphml", blocker / "g.graphml")


def test_streamed_json_writers_equal_the_pure_functions(G, tmp_path):
    from kg.export.d3 import to_node_link

    assert json.loads(export_graph(G, "d3", tmp_path / "g.json").read_text(encoding="utf-8")) == to_node_link(G)
    assert json.loads(export_graph(G, "cyjs", tmp_path / "g.cyjs").read_text(encoding="utf-8")) == to_cytoscape(G)
    empty = nx.MultiDiGraph()
    assert json.loads(export_graph(empty, "d3", tmp_path / "e.json").read_text(encoding="utf-8"))["nodes"] == []
    assert json.loads(export_graph(empty, "cyjs", tmp_path / "e.cyjs").read_text(encoding="utf-8")) == \
        to_cytoscape(empty)
    assert not list(tmp_path.glob(".*.part"))
