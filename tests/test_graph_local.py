"""Neighbourhoods read through SPARQL answer exactly as the whole projected graph does."""
from __future__ import annotations

import pytest

from kg.errors import ConfigError, NodeNotFound
from kg.graph import local, traverse
from kg.graph.lookup import find_entity, find_in_store, name_pattern
from kg.graph.projection import project
from kg.store import open_store
from tests import graph_data as gd


@pytest.fixture
def store(graph_store):
    return graph_store


@pytest.fixture
def G(graph):
    return graph


def _edges(H):
    return sorted((s, t, k, d["weight"], d["confidence"], len(d["evidence"])) for s, t, k, d in H.edges(keys=True, data=True))


@pytest.mark.parametrize("depth", [1, 2, 3])
def test_neighbours_equal_the_whole_graph_for_every_entity(store, G, depth):
    for node in G:
        for predicate in (None, "locatedIn", "targeted"):
            want = traverse.neighbours(G, node, depth=depth, predicate=predicate)
            for full in (True, False):
                H = local.neighbourhood(store, node, depth=depth, predicate=predicate, full=full)
                assert traverse.neighbours(H, node, depth=depth, predicate=predicate) == want, (node, predicate)


@pytest.mark.parametrize("few", [50, 0])  # the other graphs named in a filter, or a join with the article type
def test_graphs_that_are_not_articles_are_ignored_as_by_the_projection(monkeypatch, few):
    monkeypatch.setattr(local, "_FEW_GRAPHS", few)
    st = gd.fill(open_store("memory"))
    st.update(f"""INSERT DATA {{ GRAPH <urn:x:notes> {{
        <{gd.KESTREL}> a <https://w3id.org/kg/ontology#ArmedGroup> ;
            <http://www.w3.org/2000/01/rdf-schema#label> "Kestrel Notes" ;
            <https://w3id.org/kg/ontology#partOf> <{gd.TARSK}> .
        <urn:x:ghost> a <https://w3id.org/kg/ontology#Force> ;
            <https://w3id.org/kg/ontology#partOf> <{gd.KESTREL}> }} }}""")
    G = project(st, cache=False)
    for node in G:
        H = local.neighbourhood(st, node, depth=2, evidence=True, closed=True)
        assert traverse.neighbours(H, node, depth=2) == traverse.neighbours(G, node, depth=2)
        assert sorted(traverse.ego(H, node, depth=2).nodes(data=True)) == \
            sorted(traverse.ego(G, node, depth=2).nodes(data=True))


@pytest.mark.parametrize("depth", [1, 2])
def test_neighbour_rows_without_networkx_equal_the_whole_graph(store, G, depth):
    for node in G:
        for predicate, type_ in ((None, None), ("locatedIn", None), (None, "Place")):
            rows, labels = local.neighbours(store, node, depth=depth, predicate=predicate, type=type_)
            assert rows == traverse.neighbours(G, node, depth=depth, predicate=predicate, type=type_)
            assert all(labels[r["via"]] == G.nodes[r["via"]]["label"] for r in rows)


def test_neighbours_command_does_not_import_networkx(graph_store_path):
    import subprocess
    import sys

    path = graph_store_path
    code = ("import sys\nfrom kg.cli import main\nsys.argv = ['kg', 'neighbors', 'Kestrel Brigade', '--depth', '2', "
            f"'--store', {path!r}]\n"
            "try:\n    main()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
            "assert 'networkx' not in sys.modules\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "Northern Command" in out.stdout


def test_neighbourhood_reads_only_what_it_reaches(store, G):
    H = local.neighbourhood(store, gd.KESTREL, depth=1)
    assert set(H) < set(G)
    assert gd.KESTREL in H and gd.TARSK not in H
    assert H.nodes[gd.KESTREL] == G.nodes[gd.KESTREL]


@pytest.mark.parametrize("depth", [1, 2])
def test_ego_subgraph_equals_the_whole_graph(store, G, depth):
    for node in G:
        H = local.neighbourhood(store, node, depth=depth, evidence=True, closed=True)
        mine, theirs = traverse.ego(H, node, depth=depth), traverse.ego(G, node, depth=depth)
        assert sorted(mine.nodes(data=True)) == sorted(theirs.nodes(data=True))
        assert _edges(mine) == _edges(theirs)


def test_paths_equal_the_whole_graph(store, G):
    nodes = sorted(G)
    for a in nodes:
        for b in nodes:
            want = traverse.shortest_paths(G, a, b, all_paths=True)
            got, _H, exhausted = local.shortest_paths(store, a, b, all_paths=True)
            assert got == want, (a, b)
            if not want:
                assert exhausted  # the fixture's components are small: the search runs dry


def test_path_bound_is_reported(store):
    paths, _H, exhausted = local.shortest_paths(store, gd.iri("person", "dara-venn"), gd.TARSK, max_length=2)
    assert paths == [] and not exhausted


def test_timeline_of_each_entity_equals_the_whole_graph(store, G):
    for node in G:
        assert traverse.timeline(local.event_graph(store, node), node) == traverse.timeline(G, node), node


def test_unknown_start_and_bad_options(store):
    with pytest.raises(NodeNotFound, match="force/nobody is not in the graph"):
        local.neighbourhood(store, gd.iri("force", "nobody"))
    with pytest.raises(ConfigError, match="depth must be at least 1"):
        local.neighbourhood(store, gd.KESTREL, depth=0)
    with pytest.raises(ConfigError, match="unknown predicate"):
        local.neighbourhood(store, gd.KESTREL, predicate="likes")


@pytest.mark.parametrize("name", ["Kestrel Brigade", "kestrel brigade", "KESTREL BRIGADE", "the Kestrels", "RHF",
                                  "selva", "SELVA", "Sélva", "venn", "Granite Shield", "force/kestrel-brigade",
                                  gd.KESTREL, "velmar", "Velmar Province"])
def test_store_lookup_equals_graph_lookup(store, G, name):
    assert_same_lookup(store, G, name)


def assert_same_lookup(store, G, name: str) -> None:
    """Looking ``name`` up in the store finds what the whole graph finds, or fails the same way."""
    try:
        want = find_entity(G, name)
    except NodeNotFound as exc:
        with pytest.raises(NodeNotFound) as got:
            find_in_store(store, name)
        assert str(got.value) == str(exc)
    else:
        assert find_in_store(store, name) == want


def test_store_lookup_suggestions_and_types(store, G):
    for name, type_ in [("Kestrel Brigad", None), ("Tarskk", None), ("velmar", "Force"), ("velmar", "Place"),
                        ("Ostra", "Force")]:
        try:
            want = find_entity(G, name, type=type_)
        except NodeNotFound as exc:
            with pytest.raises(NodeNotFound) as got:
                find_in_store(store, name, type=type_)
            assert str(got.value) == str(exc)
        else:
            assert find_in_store(store, name, type=type_) == want


def test_names_are_never_pasted_into_the_query(store):
    for hostile in ['x" } } DROP ALL ; SELECT * { ?s ?p "', "a\\", "<http://x> }", "' OR 1=1", "\n"]:
        with pytest.raises(NodeNotFound, match="^no entity named "):
            find_in_store(store, hostile)
    assert len(list(store.quads())) > 0


def test_name_pattern_matches_folded_forms():
    import re

    assert re.search(name_pattern("qalaat ridge"), "The Qala’at  Ridge", re.IGNORECASE)
    assert re.search(name_pattern("al qaeda"), "al-Qaeda", re.IGNORECASE)
    assert not re.search(name_pattern("tarsk"), "Ostra", re.IGNORECASE)


@pytest.mark.model
def test_neighbors_on_the_example_store_equal_the_whole_graph(example_store):
    """The examples ingested with the real pipeline: every entity's neighbours, as before."""
    with open_store(example_store) as st:
        G = project(st, cache=False)
        assert G.number_of_nodes() > 20
        for node in G:
            want = traverse.neighbours(G, node, depth=2)
            H = local.neighbourhood(st, node, depth=2)
            assert traverse.neighbours(H, node, depth=2) == want, node
            rows, labels = local.neighbours(st, node, depth=2)  # what kg neighbors prints
            assert rows == want, node
            assert all(labels[r["via"]] == G.nodes[r["via"]]["label"] for r in rows)
            assert_same_lookup(st, G, G.nodes[node]["label"])
