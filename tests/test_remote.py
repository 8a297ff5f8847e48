"""The remote backend against a real SPARQL 1.1 server (Oxigraph server from PyPI)."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from bench import synth
from kg.ingest import write_extractions
from kg.query.sparql import run_query
from kg.query.stats import store_stats
from kg.rdf.axioms import ONTOLOGY_GRAPH, ontology_quads
from kg.store import Store, open_store

from .conftest import _free_port, kg

pytestmark = pytest.mark.server


@pytest.fixture
def remote(sparql_server):
    server = sparql_server
    store = open_store(f"{server}/query", "w")
    assert store.kind == "remote" and store.location == f"{server}/query (updates: {server}/update)"
    store.update("CLEAR ALL")
    return store


def _local(n: int, seed: int) -> Store:
    store = open_store("memory")
    write_extractions(synth.extractions(n, seed=seed), store)
    return store


def test_ingest_query_stats_match_embedded(remote):
    exts = list(synth.extractions(30, seed=8))
    report = write_extractions(iter(exts), remote, batch=500)  # several requests
    local = open_store("memory")
    write_extractions(iter(exts), local)
    assert report.articles == 30
    q = "SELECT ?u ?op WHERE { ?u kgo:participatedIn ?op } ORDER BY ?u ?op"
    assert run_query(remote, q).rows == run_query(local, q).rows
    s_remote, s_local = store_stats(remote), store_stats(local)
    assert (s_remote.articles, s_remote.quads, s_remote.classes, s_remote.properties) == \
           (s_local.articles, s_local.quads, s_local.classes, s_local.properties)
    # Ingesting again replaces graphs: same counts.
    write_extractions(iter(exts), remote)
    assert store_stats(remote).quads == s_local.quads


def test_export_and_load_roundtrip(remote, tmp_path):
    from kg.export.rdf import write_rdf

    local = _local(10, seed=12)
    path = tmp_path / "local.nq"
    with path.open("wb") as fh:
        local.dump(fh, "nq")
    remote.load(path)
    out = tmp_path / "remote.nq"
    n = write_rdf(remote, "nq", out)
    assert n == len(local)
    assert set(ox.parse(path=str(out), format=ox.RdfFormat.N_QUADS)) == set(local.quads())


def test_traversal_on_remote(remote):
    from kg.graph.projection import project

    exts = list(synth.extractions(15, seed=13))
    write_extractions(iter(exts), remote)
    local = open_store("memory")
    write_extractions(iter(exts), local)
    g_remote, g_local = project(remote, cache=False), project(local, cache=False)
    assert set(g_remote.nodes) == set(g_local.nodes) and g_remote.number_of_nodes() > 50
    assert set(g_remote.edges(keys=True)) == set(g_local.edges(keys=True))


def test_errors_are_kg_errors(remote, sparql_server):
    server = sparql_server
    from kg.errors import QueryError, StoreError

    with pytest.raises(QueryError, match="answered HTTP 400"):
        run_query(remote, "SELECT ?x WHERE { ?x")
    with pytest.raises(StoreError, match="cannot reach SPARQL endpoint http://127.0.0.1:"):
        open_store(f"http://127.0.0.1:{_free_port()}/query").query("ASK {}")


def test_cli_against_server(remote, sparql_server, tmp_path):
    server = sparql_server
    local = _local(8, seed=14)
    nq = tmp_path / "in.nq"
    with nq.open("wb") as fh:
        local.dump(fh, "nq")
    env = {"KG_STORE": f"{server}/query"}
    kg("load", nq, process=True, env=env)
    out = kg("stats", "--format", "json", process=True, env=env)
    assert f'"quads": {len(local)}' in out.stdout
    out = kg("query", "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o a kgo:Operation }", "--format", "csv",
             process=True, env=env)
    n = run_query(local, "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o a kgo:Operation }").rows[0][0].value
    assert out.stdout.split() == ["n", n]
    target = tmp_path / "export.trig"
    kg("export", "--format", "trig", "-o", target, process=True, env=env)
    exported = set(ox.parse(path=str(target), format=ox.RdfFormat.TRIG))
    ontology = {q for q in exported if q.graph_name == ox.NamedNode(ONTOLOGY_GRAPH)}  # kg load wrote it
    assert ontology == set(ontology_quads())
    assert exported - ontology == set(local.quads())


@pytest.mark.model
def test_cli_ingest_against_server(remote, sparql_server, tmp_path):
    server = sparql_server
    corpus = synth.write_jsonl(tmp_path / "c.jsonl", 3, seed=15)
    out = kg("ingest", corpus, "--quiet", process=True, env={"KG_STORE": f"{server}/query"})
    assert out.stdout.startswith("3 articles ingested")
    assert store_stats(remote).articles == 3
