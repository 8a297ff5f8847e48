"""Projection of the store to a networkx graph, its cache, and entity lookup."""
from __future__ import annotations

import json
import pickle
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import numpy as np
import pytest

from kg.errors import ConfigError, NodeNotFound
from kg.graph.cache import fingerprint
from kg.graph.projection import build_graph, project, read_projection
from kg.graph.lookup import find_entity
from kg.rdf.quads import article_quads
from kg.store import open_store
from tests import graph_data as gd


@pytest.fixture
def store(graph_store):
    return graph_store


@pytest.fixture
def G(graph_store):
    return project(graph_store)  # a private copy: tests may change it


def test_nodes_and_attributes(G):
    assert G.number_of_nodes() == gd.N_NODES and G.number_of_edges() == gd.N_EDGES
    k = G.nodes[gd.KESTREL]
    assert (k["label"], k["type"], k["top"]) == ("Kestrel Brigade", "MilitaryUnit", "Force")
    assert k["aliases"] == ["the Kestrels"]
    assert k["articles"] == 3 and (k["first_seen"], k["last_seen"]) == ("2030-05-01", "2030-07-02")
    t = G.nodes[gd.TARSK]
    assert (t["lat"], t["lon"]) == (35.1, 40.2)
    assert t["same_as"] == ["https://sws.geonames.org/1234567/"]
    op = G.nodes[gd.GRANITE]
    assert op["date"] == "2030-04-28" and op["articles"] == 2
    assert set(op["aliases"]) | {op["label"]} == {"Operation Granite Shield", "Granite Shield"}
    assert G.nodes[gd.DARA]["role"] == "commander"


def test_edges_keyed_by_predicate_with_weight_and_evidence(G):
    data = G.get_edge_data(gd.KESTREL, gd.GRANITE)
    assert list(data) == ["participatedIn"]
    edge = data["participatedIn"]
    assert edge["predicate"] == "participatedIn" and edge["weight"] == 2
    assert len(edge["evidence"]) == 2
    best = edge["evidence"][0]
    assert best["confidence"] == pytest.approx(0.9)
    assert best["sentence"].startswith("The Kestrel Brigade of Northern Command")
    text = gd.TEXT_A
    assert text[best["start"]:best["end"]] == best["sentence"]
    assert {e["article"] for e in edge["evidence"]} == {
        f"https://w3id.org/kg/article/{x.article.id[:32]}" for x in gd.extractions() if x.article.text != gd.TEXT_B}


def test_most_specific_class_wins_over_contract_class():
    store = gd.fill(open_store("memory"))  # changed below: not the shared store
    ext = gd.extractions()[0]
    ext.entities[0].type = "Force"  # a later article only knows the Kestrel Brigade as a Force
    ext.article = type(ext.article)(id="f" * 64, text="x", published="2030-08-01", source="d.txt")
    quads = article_quads(ext)
    store.put_graph(quads[0].graph_name.value, quads)
    node = project(store).nodes[gd.KESTREL]
    assert node["type"] == "MilitaryUnit" and set(node["classes"]) == {"Force", "MilitaryUnit"}


def test_filter_by_class_keeps_subclasses(store):
    F = project(store, classes=["Force"])
    assert {d["top"] for _n, d in F.nodes(data=True)} == {"Force"}
    assert F.number_of_nodes() == 4
    assert list(F.edges(keys=True)) == [(gd.KESTREL, "https://w3id.org/kg/id/force/northern-command", "partOf")]
    S = project(store, classes=["settlement", "Operation"])
    assert {d["type"] for _n, d in S.nodes(data=True)} == {"Settlement", "Operation"}


def test_filter_by_predicate_and_dates(store):
    P = project(store, predicates=["locatedIn"])
    assert P.number_of_nodes() == gd.N_NODES
    assert {k for _s, _t, k in P.edges(keys=True)} == {"locatedIn"} and P.number_of_edges() == 2
    D = project(store, since="2030-06-01", until="2030-06-30")
    assert gd.TARSK not in D and gd.OSTRA in D and gd.SELVA not in D
    assert D.nodes[gd.KESTREL]["articles"] == 1
    late = project(store, since="2030-07-01")
    assert late.get_edge_data(gd.KESTREL, gd.GRANITE)["participatedIn"]["weight"] == 1


def test_filter_by_named_graph(store):
    art_c = gd.extractions()[2].article.id
    C = project(store, graphs=[art_c])
    assert gd.SELVA in C and gd.OSTRA not in C and C.number_of_nodes() == 5


def test_bad_filters_are_config_errors(store):
    with pytest.raises(ConfigError, match="unknown class 'Tank'"):
        project(store, classes=["Tank"])
    with pytest.raises(ConfigError, match="unknown predicate"):
        project(store, predicates=["likes"])
    with pytest.raises(ConfigError, match="YYYY-MM-DD"):
        project(store, since="June")


def _tamper_labels(path, change) -> None:
    """Rewrite the cached graph file with its labels changed (a data-only edit)."""
    with np.load(path, allow_pickle=False) as npz:
        cols = {k: npz[k] for k in npz.files}
    labels = json.loads(cols["labels"].tobytes())
    cols["labels"] = np.frombuffer(json.dumps([change(x) for x in labels]).encode(), dtype=np.uint8)
    np.savez(path, **cols)


def test_cache_is_data_only_next_to_the_store_and_reused(tmp_path, own_graph_store_path):
    path = Path(own_graph_store_path)
    with open_store(str(path)) as st:
        G1 = project(st)
        fp = fingerprint(st)
        project(st, since="2030-01-01")
    files = sorted(f.name for f in (tmp_path / "store.cache").iterdir())
    assert files == [f"graph-{fp}.npz", f"rows-{fp}.json"]
    # A marked cache entry under the same fingerprint is what the next reader gets back.
    _tamper_labels(tmp_path / "store.cache" / files[0], lambda x: "from the cache" if x == "Tarsk" else x)
    with open_store(str(path)) as st:
        assert project(st).nodes[gd.TARSK]["label"] == "from the cache"
        assert project(st, classes=["Place"]).nodes[gd.TARSK]["label"] == "from the cache"
        assert project(st, since="2030-01-01").nodes[gd.TARSK]["label"] == "Tarsk"
        assert project(st, cache=False).nodes[gd.TARSK]["label"] == "Tarsk"
    assert G1.nodes[gd.TARSK]["label"] == "Tarsk"


def test_a_cache_file_holding_a_pickle_is_never_unpickled(tmp_path, own_graph_store_path):
    path = Path(own_graph_store_path)
    with open_store(str(path)) as st:
        project(st)
        fp = fingerprint(st)
    marker = tmp_path / "pwned"
    graph_file = tmp_path / "store.cache" / f"graph-{fp}.npz"
    with np.load(graph_file, allow_pickle=False) as npz:
        cols = {k: npz[k] for k in npz.files}
    cols["labels"] = np.array([_Payload(str(marker))], dtype=object)  # np.savez pickles object arrays
    np.savez(graph_file, **cols)
    (tmp_path / "store.cache" / f"rows-{fp}.json").write_bytes(pickle.dumps(_Payload(str(marker))))
    with open_store(str(path)) as st:
        G = project(st)
        assert project(st, since="2030-01-01").nodes[gd.TARSK]["label"] == "Tarsk"
    assert not marker.exists()
    assert G.nodes[gd.TARSK]["label"] == "Tarsk"  # the bad file was rejected and the graph rebuilt


class _Payload:
    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))


def test_cache_follows_store_changes(tmp_path):
    path = str(tmp_path / "store")
    with open_store(path, "w") as st:
        ext_a, ext_b, _ext_c = gd.extractions()
        quads = article_quads(ext_a)
        st.put_graph(quads[0].graph_name.value, quads)
        assert gd.OSTRA not in project(st)
        quads = article_quads(ext_b)
        st.put_graph(quads[0].graph_name.value, quads)
        assert gd.OSTRA in project(st)
        st.drop_graph(quads[0].graph_name.value)
        assert gd.OSTRA not in project(st)
    assert len(list((tmp_path / "store.cache").iterdir())) <= 2


def test_a_renamed_label_is_seen_by_the_next_command(own_graph_store_path):
    """Same quad count, same ingest times: the cache must still be invalidated."""
    path = own_graph_store_path
    with open_store(path) as st:
        assert project(st).nodes[gd.TARSK]["label"] == "Tarsk"
    with open_store(path, "w") as st:
        st.update('DELETE { GRAPH ?g { ?e rdfs:label "Tarsk" } } INSERT { GRAPH ?g { ?e rdfs:label "Tarsq" } } '
                  'WHERE { GRAPH ?g { ?e rdfs:label "Tarsk" } }'.replace(
                      "rdfs:label", "<http://www.w3.org/2000/01/rdf-schema#label>"))
    with open_store(path) as st:
        assert project(st).nodes[gd.TARSK]["label"] == "Tarsq"


def test_projection_copies_are_independent(store):
    G1 = project(store)
    G1.remove_node(gd.TARSK)
    assert gd.TARSK in project(store)


def test_build_from_rows_equals_project(store):
    proj = read_projection(store)
    assert sorted(build_graph(proj).edges(keys=True)) == sorted(project(store).edges(keys=True))


def test_cached_graph_equals_a_fresh_projection(own_graph_store_path):
    path = own_graph_store_path
    with open_store(path) as st:
        fresh = project(st, cache=False)
        project(st)  # writes the cache
        cached = project(st)  # reads it
        filtered = project(st, classes=["Force"], predicates=["partOf", "targeted"])
        rebuilt = build_graph(read_projection(st), classes=["Force"], predicates=["partOf", "targeted"])
    assert list(cached.nodes(data=True)) == list(fresh.nodes(data=True))
    assert list(cached.edges(keys=True, data=True)) == list(fresh.edges(keys=True, data=True))
    assert list(filtered.nodes(data=True)) == list(rebuilt.nodes(data=True))
    assert list(filtered.edges(keys=True, data=True)) == list(rebuilt.edges(keys=True, data=True))


@pytest.mark.parametrize("column", ["alias_flat", "ev_article", "first_seen", "ev_start", "src"])
def test_a_cache_file_whose_codes_point_outside_its_tables_is_rebuilt(tmp_path, column):
    import gc

    path = tmp_path / "store"
    with open_store(str(path), "w") as st:
        gd.fill(st)
    with open_store(str(path)) as st:
        fresh = project(st, cache=False)
        project(st)
        fp = fingerprint(st)
    graph_file = tmp_path / "store.cache" / f"graph-{fp}.npz"
    with np.load(graph_file, allow_pickle=False) as npz:
        cols = {k: npz[k] for k in npz.files}
    broken = cols[column].copy()
    broken[-1] = 10**6
    cols[column] = broken
    np.savez(graph_file, **cols)
    with open_store(str(path)) as st:
        G = project(st)
    assert list(G.nodes(data=True)) == list(fresh.nodes(data=True))
    assert list(G.edges(keys=True, data=True)) == list(fresh.edges(keys=True, data=True))
    assert gc.isenabled()


# --- lookup ------------------------------------------------------------------------------

@pytest.mark.parametrize("name, expected", [
    ("Kestrel Brigade", gd.KESTREL), ("KESTREL BRIGADE", gd.KESTREL), ("the kestrels", gd.KESTREL),
    ("selva", gd.SELVA), ("SÉLVA", gd.SELVA), ("rhf", gd.RED_HAND), ("Granite Shield", gd.GRANITE),
    ("place/tarsk", gd.TARSK), (gd.OSTRA, gd.OSTRA), ("velmar", gd.VELMAR),
])
def test_find_entity(G, name, expected):
    assert find_entity(G, name) == expected


def test_find_entity_in_a_store(store):
    assert find_entity(store, "Dara Venn", type="Person") == gd.DARA


def test_not_found_suggests_near_names(G):
    with pytest.raises(NodeNotFound) as err:
        find_entity(G, "Kestrel Brigad")
    assert err.value.candidates[0] == "Kestrel Brigade (MilitaryUnit)"
    assert "did you mean: Kestrel Brigade (MilitaryUnit)" in str(err.value)
    with pytest.raises(NodeNotFound) as err:
        find_entity(G, "Qwxyz Zzzq")
    assert err.value.candidates == [] and str(err.value) == "no entity named 'Qwxyz Zzzq'"


def test_type_restricts_and_ambiguity_lists_candidates(G):
    with pytest.raises(NodeNotFound, match="no Place entity named 'Kestrel Brigade'"):
        find_entity(G, "Kestrel Brigade", type="Place")
    # "ostra" as whole words: the settlement matches by label before the ambush's label.
    assert find_entity(G, "Ostra") == gd.OSTRA
    assert find_entity(G, "granite") == gd.GRANITE  # in both names of one entity: unique


def test_partial_name_matching_several_entities_is_ambiguous(G):
    G.add_node("https://w3id.org/kg/id/force/velmar-guard", label="Velmar Guard", type="Force", top="Force",
               classes=["Force"], aliases=[], articles=1)
    with pytest.raises(NodeNotFound) as err:
        find_entity(G, "velmar")
    assert "matches 2 entities" in str(err.value)
    assert {c.split(" <")[0] for c in err.value.candidates} == {"Velmar Province (Province)", "Velmar Guard (Force)"}
    # the hint names something every command accepts (an id), not an option some commands lack
    assert "--type" not in str(err.value)
    example = str(err.value).split("e.g. '")[1].split("'")[0]
    assert find_entity(G, example) in {c.split(" <")[1].rstrip(">") for c in err.value.candidates}
    assert find_entity(G, "velmar", type="Force") == "https://w3id.org/kg/id/force/velmar-guard"


# --- the same projection from a remote SPARQL endpoint --------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.server
def test_remote_endpoint_gives_the_same_graph(tmp_path, store):
    exe = shutil.which("oxigraph") or str(__import__("pathlib").Path(__import__("sys").executable).parent / "oxigraph")
    port = _free_port()
    proc = subprocess.Popen([exe, "serve", "--location", str(tmp_path / "srv"), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        remote = open_store(base + "/query", "w", update_url=base + "/update")
        gd.fill(remote)
        R, M = project(remote, cache=False), project(store)
        assert sorted(R.nodes) == sorted(M.nodes)
        assert sorted(R.edges(keys=True)) == sorted(M.edges(keys=True))
        assert R.nodes[gd.KESTREL]["aliases"] == M.nodes[gd.KESTREL]["aliases"]
        from kg.graph import local, traverse

        for node in M:  # neighbourhoods read hop by hop from the endpoint, names looked up there
            H = local.neighbourhood(remote, node, depth=2)
            assert traverse.neighbours(H, node, depth=2) == traverse.neighbours(M, node, depth=2)
        assert find_entity(remote, "the kestrels") == gd.KESTREL
    finally:
        proc.terminate()
        proc.wait(timeout=10)
