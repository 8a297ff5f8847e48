"""Whole-graph measures on the cached columns equal those of kg.graph.traverse on networkx."""
from __future__ import annotations

import random

import pytest

from kg.graph import traverse, whole
from kg.graph.projection import project
from kg.ingest import write_extractions
from kg.store import open_store
from bench import synth


@pytest.fixture(scope="module")
def stores(tmp_path_factory, graph_store):
    """The fixture graph (in memory), and a synthetic store on disk with a few hundred entities."""
    path = str(tmp_path_factory.mktemp("whole") / "store")
    with open_store(path, "w") as st:
        write_extractions(synth.extractions(40, seed=3), st)
    return [graph_store, open_store(path)]


@pytest.mark.parametrize("metric", ["degree", "pagerank", "betweenness"])
@pytest.mark.parametrize("type_", [None, "Force", "Settlement", "Place"])
def test_centrality_equals_networkx(stores, metric, type_):
    for st in stores:
        G = project(st, cache=False)
        for top in (3, 10, 0):
            want = traverse.centrality(G, metric=metric, type=type_, top=top)
            assert whole.centrality(st, metric=metric, type=type_, top=top) == want


def test_components_equal_networkx(stores):
    for st in stores:
        G = project(st, cache=False)
        assert whole.components(st) == traverse.components(G)
        assert whole.components(st, members=2) == traverse.components(G, members=2)


def test_component_labels_on_a_long_chain():
    import numpy as np

    n = 500
    order = list(range(n))
    random.Random(1).shuffle(order)
    src, dst = np.array(order[:-1]), np.array(order[1:])
    labels = whole._component_labels(n + 3, src, dst)
    assert set(labels[:n].tolist()) == {0} and labels[n:].tolist() == [n, n + 1, n + 2]


def test_cached_columns_are_used_when_present(tmp_path, own_graph_store_path):
    path = own_graph_store_path
    with open_store(path) as st:
        first = whole.centrality(st, metric="pagerank")
        assert any((tmp_path / "store.cache").glob("graph-*.npz"))
        assert whole.centrality(st, metric="pagerank") == first
