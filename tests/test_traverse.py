"""Traversals of the projected fixture graph."""
from __future__ import annotations

import itertools

import networkx as nx
import pytest

from kg.graph import traverse as t
from kg.errors import ConfigError, NodeNotFound
from tests import graph_data as gd

NORTHERN = gd.iri("force", "northern-command")


@pytest.fixture
def G(graph):
    return graph


def _ambush(G):
    return next(n for n, d in G.nodes(data=True) if d["type"] == "Ambush")


def test_neighbours_depth_one_both_directions(G):
    rows = t.neighbours(G, gd.KESTREL)
    assert {r["id"] for r in rows} == {NORTHERN, gd.GRANITE, _ambush(G)}
    by_id = {r["id"]: r for r in rows}
    assert (by_id[NORTHERN]["predicate"], by_id[NORTHERN]["direction"]) == ("partOf", "out")
    assert (by_id[_ambush(G)]["predicate"], by_id[_ambush(G)]["direction"]) == ("targeted", "in")
    assert by_id[gd.GRANITE]["weight"] == 2 and all(r["distance"] == 1 for r in rows)


def test_neighbours_depth_two_and_type_filter(G):
    rows = t.neighbours(G, gd.KESTREL, depth=2)
    assert {r["id"] for r in rows if r["distance"] == 2} == {gd.RED_HAND, gd.OSTRA, gd.TARSK}
    assert [r["distance"] for r in rows] == sorted(r["distance"] for r in rows)
    places = t.neighbours(G, gd.KESTREL, depth=3, type="Place")
    assert {r["id"] for r in places} == {gd.OSTRA, gd.TARSK, gd.VELMAR}
    assert {r["label"] for r in t.neighbours(G, gd.KESTREL, depth=3, type="Settlement")} == {"Ostra", "Tarsk"}


def test_neighbours_along_one_predicate(G):
    rows = t.neighbours(G, gd.OSTRA, depth=3, predicate="locatedIn")
    assert [(r["label"], r["distance"]) for r in rows] == [("Velmar Province", 1), ("Tarsk", 2)]


def test_neighbours_errors(G):
    with pytest.raises(NodeNotFound, match="place/nowhere is not in the graph"):
        t.neighbours(G, "https://w3id.org/kg/id/place/nowhere")
    with pytest.raises(ConfigError, match="depth must be at least 1"):
        t.neighbours(G, gd.KESTREL, depth=0)


def test_shortest_path_hops_have_predicate_direction_evidence(G):
    [path] = t.shortest_paths(G, gd.DARA, gd.TARSK)
    assert [(h["from_label"], h["direction"], h["predicate"], h["to_label"]) for h in path] == [
        ("Dara Venn", "->", "affiliatedWith", "Red Hand Front"),
        ("Red Hand Front", "<-", "targets", "Granite Shield"),
        ("Granite Shield", "->", "tookPlaceIn", "Tarsk"),
    ]
    assert path[0]["evidence"][0]["sentence"].startswith("Dara Venn, a commander")
    assert all(h["evidence"] for h in path)


def test_path_matches_networkx_length_and_all_paths(G):
    U = nx.Graph(G.to_undirected())
    for a, b in [(gd.DARA, gd.TARSK), (gd.KESTREL, gd.VELMAR), (NORTHERN, gd.OSTRA)]:
        [path] = t.shortest_paths(G, a, b)
        assert len(path) == nx.shortest_path_length(U, a, b)
        assert path[0]["from"] == a and path[-1]["to"] == b
        assert all(x["to"] == y["from"] for x, y in itertools.pairwise(path))
    every = t.shortest_paths(G, gd.KESTREL, gd.VELMAR, all_paths=True)
    assert len(every) == len(list(nx.all_shortest_paths(U, gd.KESTREL, gd.VELMAR))) == 2
    assert {p[-2]["to_label"] for p in every} == {"Ostra", "Tarsk"}


def test_no_path_and_max_length(G):
    assert t.shortest_paths(G, gd.KESTREL, gd.SELVA) == []
    assert t.shortest_paths(G, gd.DARA, gd.TARSK, max_length=2) == []
    assert len(t.shortest_paths(G, gd.DARA, gd.TARSK, max_length=3)[0]) == 3
    assert t.shortest_paths(G, gd.DARA, gd.DARA) == [[]]


def test_centrality_metrics(G):
    deg = t.centrality(G, metric="degree", top=3)
    assert deg[0]["label"] == "Red Hand Front" and deg[0]["score"] == 4
    assert [r["score"] for r in deg] == sorted((r["score"] for r in deg), reverse=True)
    btw = t.centrality(G, metric="betweenness", top=0)
    ref = nx.betweenness_centrality(nx.Graph(G.to_undirected()))
    assert {r["id"]: r["score"] for r in btw} == pytest.approx(ref, abs=1e-6)
    pr = t.centrality(G, metric="pagerank", top=0)
    assert sum(r["score"] for r in pr) == pytest.approx(1.0, abs=1e-4)
    assert pr[0]["label"] == "Red Hand Front"
    places = t.centrality(G, metric="degree", type="Place")
    assert {r["top"] for r in places} == {"Place"} and places[0]["label"] == "Ostra"
    with pytest.raises(ConfigError, match="unknown metric 'closeness'; choose one of degree, betweenness, pagerank"):
        t.centrality(G, metric="closeness")


def test_pagerank_matches_networkx_on_a_weighted_graph():
    H = nx.Graph()
    H.add_weighted_edges_from([("a", "b", 2), ("b", "c", 1), ("c", "a", 1), ("c", "d", 3), ("e", "d", 1)])
    H.add_node("lonely")
    ref = nx.pagerank(H, weight="weight") if _has_scipy() else _reference_pagerank(H)
    assert t._pagerank(H) == pytest.approx(ref, abs=1e-6)


def _has_scipy() -> bool:
    try:
        import scipy  # noqa: F401
    except ImportError:
        return False
    return True


def _reference_pagerank(H):
    """networkx's own pure-Python PageRank on the directed version of ``H``."""
    from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

    return _pagerank_python(H.to_directed(), weight="weight")


def test_ego_subgraph(G):
    sub = t.ego(G, gd.OSTRA, depth=1)
    assert set(sub) == {gd.OSTRA, gd.VELMAR, gd.RED_HAND, _ambush(G)}
    assert sub.number_of_edges() == 4  # includes the ambush's perpetratedBy between two members
    assert sub.nodes[gd.OSTRA]["label"] == "Ostra"
    only = t.ego(G, gd.OSTRA, depth=2, predicate="locatedIn")
    assert set(only) == {gd.OSTRA, gd.VELMAR, gd.TARSK}
    assert {k for _s, _t, k in only.edges(keys=True)} == {"locatedIn"}


def test_components(G):
    comps = t.components(G)
    assert [c["size"] for c in comps] == [9, 3]
    assert comps[1]["classes"] == {"Force": 1, "Incident": 1, "Place": 1}
    assert comps[0]["members"][0] == "Red Hand Front"
    assert sum(c["edges"] for c in comps) == G.number_of_edges()


def test_timeline_in_date_order(G):
    rows = t.timeline(G)
    assert [(r["date"], r["type"]) for r in rows] == [
        ("2030-04-28", "Operation"), ("2030-06-08", "Ambush"), ("2030-07-01", "Bombing")]
    assert rows[1]["killed"] == 4 and rows[1]["places"] == ["Ostra"] and rows[1]["actors"] == ["Red Hand Front"]
    assert rows[0]["actors"] == ["Kestrel Brigade"] and rows[0]["targets"] == ["Red Hand Front"]


def test_timeline_of_an_entity(G):
    assert [r["label"] for r in t.timeline(G, gd.MILITIA)] == ["car bomb in Sélva"]
    assert [r["type"] for r in t.timeline(G, gd.KESTREL)] == ["Operation", "Ambush"]
    # a province: the events in the places located in it
    assert [r["label"] for r in t.timeline(G, gd.VELMAR)] == ["Granite Shield", "ambush near Ostra"]
    assert t.timeline(G, gd.GRANITE)[0]["id"] == gd.GRANITE
