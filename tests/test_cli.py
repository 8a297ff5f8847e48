"""End to end through the CLI on the project's example articles (real model, real store)."""
from __future__ import annotations

import json
import shutil

import pytest
from rdflib import Dataset, Graph

from tests.conftest import EXAMPLES, ROOT, kg

N_EXAMPLES = 7  # five files and two JSONL records



@pytest.fixture
def store(example_store) -> str:
    """The example articles' store (ingested once per test session)."""
    return str(example_store)


def _count(store: str, sparql: str) -> int:
    out = kg("query", sparql, "--store", store, "--format", "json").stdout
    return int(json.loads(out)["results"]["bindings"][0]["n"]["value"])


def test_stats_reports_articles_and_classes(store):
    out = kg("stats", "--store", store, "--format", "json").stdout
    stats = json.loads(out)
    assert stats["articles"] == N_EXAMPLES
    assert stats["kind"] == "oxigraph"
    assert stats["classes"], "no typed entities"
    assert stats["properties"].get("tookPlaceIn", 0) > 0


def test_reingest_replaces_graphs_without_duplicates(store, tmp_path):
    store = str(shutil.copytree(store, tmp_path / "store"))  # a copy: the session's store stays as ingested
    before = _count(store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    out = kg("ingest", str(EXAMPLES / "borno-convoy.txt"), "--store", store, "--quiet").output
    assert "1 articles ingested" in out
    after = _count(store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert after == before
    assert _count(store, "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?g a schema:NewsArticle } }") == N_EXAMPLES


def test_same_entity_from_two_articles_is_one_node(store):
    n = _count(store, """SELECT (COUNT(*) AS ?n) WHERE { SELECT ?e WHERE {
        GRAPH ?g { ?e rdfs:label ?l } }
        GROUP BY ?e HAVING (COUNT(DISTINCT ?g) > 1) }""")
    assert n >= 3


def test_every_relation_has_evidence_in_its_article(store):
    missing = _count(store, """SELECT (COUNT(*) AS ?n) WHERE {
        GRAPH ?g { ?s ?p ?o FILTER(STRSTARTS(STR(?p), STR(kgo:)))
                   FILTER(isIRI(?o) && ?p != kgo:source) }
        FILTER NOT EXISTS { GRAPH ?g { ?ev rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
                                          kgo:sentence ?sent ; kgo:startOffset ?a } } }""")
    assert missing == 0


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json", "xml"])
def test_query_formats(store, fmt):
    out = kg("query", "--file", str(ROOT / "examples/queries/entities-by-class.rq"), "--store", store, "--format", fmt).stdout
    if fmt == "json":
        assert json.loads(out)["head"]["vars"] == ["class", "entities"]
    elif fmt == "xml":
        assert "<sparql" in out
    elif fmt == "table":
        assert out.splitlines()[0].split() == ["class", "entities"]
    else:
        assert out.splitlines()[0].replace("?", "").replace("\t", ",") == "class,entities"


def test_example_queries_all_run(store):
    for q in sorted((ROOT / "examples" / "queries").glob("*.rq")):
        out = kg("query", "--file", str(q), "--store", store).stdout
        assert "rows)" in out, q.name


def test_query_errors_are_one_line(store):
    ran = kg("query", "SELECT ?x WHERE { ?x ", "--store", store, code=1)
    assert ran.stderr.startswith("Error: invalid SPARQL at line 1, column ") and ran.stderr.count("\n") == 1


@pytest.mark.parametrize("fmt,parser", [("ttl", "turtle"), ("nt", "nt"), ("nq", "nquads"), ("trig", "trig"),
                                        ("jsonld", "json-ld")])
def test_export_rdf_parses_back(store, tmp_path, fmt, parser):
    out = tmp_path / f"graph.{fmt}"
    kg("export", "--format", fmt, "-o", str(out), "--store", store)
    g = Graph() if fmt in ("ttl", "nt") else Dataset()
    g.parse(out, format=parser)
    assert len(g) > 100 if fmt in ("ttl", "nt") else sum(1 for _ in g.quads()) > 100


@pytest.mark.model
@pytest.mark.parametrize("fmt,parser", [("nt", "nt"), ("ttl", "turtle"), ("jsonld", "json-ld")])
def test_extract_prints_one_article_graph(fmt, parser):
    out = kg("extract", str(EXAMPLES / "ninewa-desert-sweep.txt"), "--format", fmt).stdout
    g = Graph()
    g.parse(data=out, format=parser)
    labels = {str(o) for o in g.objects(None, __import__("rdflib").RDFS.label)}
    assert "Tal Abta" in labels


def test_extract_missing_file_is_a_one_line_error():
    ran = kg("extract", "no/such/file.txt", code=1)
    assert ran.stderr == "Error: no/such/file.txt: no such file or folder\n"
