"""The graph commands and ``kg export`` through the CLI, on an on-disk store of the fixture graph."""
from __future__ import annotations

import json
import shutil

import networkx as nx
import pytest
from tests import graph_data as gd
from tests.conftest import kg


@pytest.fixture
def store(graph_store_path) -> str:
    return graph_store_path


def test_neighbors_table_and_json(store):
    out = kg("neighbors", "kestrel brigade", "--store", store).output
    assert out.splitlines()[0].split() == ["dist", "entity", "type", "relation", "via"]
    assert "Northern Command" in out and "-> partOf" in out and "<- targeted" in out
    data = json.loads(kg("neighbors", "Kestrel Brigade", "--depth", "2", "--type", "Place", "--format", "json",
                         "--store", store).stdout)
    assert data["entity"] == gd.KESTREL
    assert {r["label"] for r in data["neighbors"]} == {"Ostra", "Tarsk"}


def test_unknown_entity_exits_1_with_suggestions(store):
    result = kg("neighbors", "Kestrel Brigad", "--store", store, code=1)
    assert "did you mean: Kestrel Brigade (MilitaryUnit)" in result.output


def test_path_prints_hops_with_evidence(store):
    out = kg("path", "Dara Venn", "Tarsk", "--store", store).output
    assert out.splitlines()[0] == "3 hops"
    assert "Dara Venn -[affiliatedWith]-> Red Hand Front" in out
    assert "Red Hand Front <-[targets]- Granite Shield" in out
    assert '"The fighting centred on Tarsk, a town in Velmar Province."' in out
    data = json.loads(kg("path", "Kestrel Brigade", "Velmar Province", "--all", "--format", "json",
                         "--store", store).stdout)
    assert len(data["paths"]) == 2 and all(len(p) == 3 for p in data["paths"])


def test_path_missing_exits_1(store):
    result = kg("path", "Kestrel Brigade", "Sélva", "--store", store, code=1)
    assert "no path between Kestrel Brigade and Sélva" in result.output
    result = kg("path", "Dara Venn", "Tarsk", "--max-length", "2", "--store", store, code=1)
    assert "within 2 hops" in result.output


def test_central(store):
    out = kg("central", "--top", "2", "--store", store).output
    rows = out.splitlines()[2:]
    assert len(rows) == 2 and rows[0].split()[1:4] == ["Red", "Hand", "Front"]
    data = json.loads(kg("central", "--metric", "betweenness", "--type", "Place", "--format", "json",
                         "--store", store).stdout)
    assert {r["top"] for r in data} == {"Place"} and data[0]["score"] >= data[-1]["score"]
    ran = kg("central", "--metric", "fame", "--store", store, code=2)
    assert ran.stderr == "Error: unknown metric 'fame'; choose one of degree, betweenness, pagerank\n"


def test_subgraph_print_and_export(store, tmp_path):
    out = kg("subgraph", "Ostra", "--store", store).output
    assert "ambush near Ostra  perpetratedBy  Red Hand Front" in out
    data = json.loads(kg("subgraph", "Ostra", "--depth", "1", "--format", "json", "--store", store).stdout)
    assert len(data["nodes"]) == 4
    out = kg("subgraph", "Ostra", "--depth", "2", "-o", str(tmp_path / "ostra.graphml"), "--store", store).output
    H = nx.read_graphml(tmp_path / "ostra.graphml")
    assert f"({H.number_of_nodes()} nodes, {H.number_of_edges()} edges)" in out
    assert gd.OSTRA in H and gd.SELVA not in H


def test_components_and_timeline(store):
    data = json.loads(kg("components", "--format", "json", "--store", store).stdout)
    assert [c["size"] for c in data] == [9, 3]
    out = kg("timeline", "--store", store).output
    lines = out.splitlines()
    assert lines[2].startswith("2030-04-28  Granite Shield") and lines[4].startswith("2030-07-01  car bomb in Sélva")
    data = json.loads(kg("timeline", "Blue Lake Militia", "--format", "json", "--store", store).stdout)
    assert [r["label"] for r in data] == ["car bomb in Sélva"]


def test_export_all_writes_every_format(store, tmp_path):
    out_dir = tmp_path / "out"
    out = kg("export", "--all", "-o", str(out_dir), "--store", store).output
    names = {p.name for p in out_dir.iterdir()}
    expected = {"graph.ttl", "graph.nt", "graph.nq", "graph.trig", "graph.jsonld", "graph.graphml", "graph.gexf",
                "graph.cyjs", "graph.d3.json", "graph.dot", "places.geojson", "neo4j", "graph.html"}
    assert expected <= names
    if shutil.which("dot"):
        assert {"graph.svg", "graph.png"} <= names
    else:
        assert "skipped: Graphviz 'dot' is not installed" in out
    assert {p.name for p in (out_dir / "neo4j").iterdir()} == {"nodes.csv", "relationships.csv"}
    H = nx.read_gexf(out_dir / "graph.gexf", version="1.3")
    assert H.number_of_nodes() == gd.N_NODES
    from rdflib import Dataset

    ds = Dataset()
    ds.parse(out_dir / "graph.trig", format="trig")
    assert len(list(ds.graphs())) >= 3


def test_export_filters(store, tmp_path):
    out = kg("export", "-o", str(tmp_path / "forces.json"), "--type", "Force", "--type", "Person",
             "--store", store).output
    data = json.loads((tmp_path / "forces.json").read_text(encoding="utf-8"))
    assert {n["top"] for n in data["nodes"]} == {"Force", "Person"} and "(5 nodes, 2 edges)" in out
    kg("export", "-f", "gexf", "-o", str(tmp_path / "june.gexf"), "--since", "2030-06-01",
       "--until", "2030-06-30", "--predicate", "tookPlaceIn", "--store", store)
    H = nx.read_gexf(tmp_path / "june.gexf", version="1.3")
    assert gd.TARSK not in H and {d["label"] for _s, _t, d in H.edges(data=True)} == {"tookPlaceIn"}
    kg("export", "-o", str(tmp_path / "k.geojson"), "--entity", "Kestrel Brigade", "--depth", "2",
       "--store", store)
    doc = json.loads((tmp_path / "k.geojson").read_text(encoding="utf-8"))
    assert {f["properties"]["label"] for f in doc["features"] if f["properties"]["kind"] == "place"} == {"Ostra", "Tarsk"}


def test_export_usage_errors(store, tmp_path):
    result = kg("export", "-o", str(tmp_path / "x.ttl"), "--type", "Force", "--store", store, code=2)
    assert "filters apply to graph formats only" in result.output
    result = kg("export", "-o", str(tmp_path / "x.unknown"), "--store", store, code=2)
    assert "pass --format" in result.output
    result = kg("export", "-o", str(tmp_path / "x.json"), "--type", "Tank", "--store", store, code=2)
    assert "unknown class 'Tank'" in result.output


def test_rdf_export_still_works(store, tmp_path):
    out = kg("export", "--format", "nq", "-o", str(tmp_path / "all.nq"), "--store", store).output
    assert "quads)" in out and (tmp_path / "all.nq").stat().st_size > 1000
