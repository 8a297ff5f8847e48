"""End to end through the CLI on the project's example articles (real model, real store)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from typer.testing import CliRunner

from kg.cli import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "articles"
N_EXAMPLES = 7  # five files and two JSONL records

pytestmark = pytest.mark.model


def kg(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result.output


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("cli") / "store")
    out = kg("ingest", str(EXAMPLES), "--store", path, "--quiet")
    assert f"{N_EXAMPLES} articles ingested" in out
    return path


def _count(store: str, sparql: str) -> int:
    out = kg("query", sparql, "--store", store, "--format", "json")
    return int(json.loads(out)["results"]["bindings"][0]["n"]["value"])


def test_stats_reports_articles_and_classes(store):
    out = kg("stats", "--store", store, "--format", "json")
    stats = json.loads(out)
    assert stats["articles"] == N_EXAMPLES
    assert stats["kind"] == "oxigraph"
    assert stats["classes"], "no typed entities"
    assert stats["properties"].get("tookPlaceIn", 0) > 0


def test_reingest_replaces_graphs_without_duplicates(store):
    before = _count(store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    out = kg("ingest", str(EXAMPLES / "borno-convoy.txt"), "--store", store, "--quiet")
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
    out = kg("query", "--file", str(ROOT / "examples/queries/entities-by-class.rq"), "--store", store, "--format", fmt)
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
        out = kg("query", "--file", str(q), "--store", store)
        assert "rows)" in out, q.name


def test_query_errors_are_one_line(store):
    result = CliRunner().invoke(app, ["query", "SELECT ?x WHERE { ?x ", "--store", store])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit) or result.exception is None


@pytest.mark.parametrize("fmt,parser", [("ttl", "turtle"), ("nt", "nt"), ("nq", "nquads"), ("trig", "trig"),
                                        ("jsonld", "json-ld")])
def test_export_rdf_parses_back(store, tmp_path, fmt, parser):
    out = tmp_path / f"graph.{fmt}"
    kg("export", "--format", fmt, "-o", str(out), "--store", store)
    g = Graph() if fmt in ("ttl", "nt") else Dataset()
    g.parse(out, format=parser)
    assert len(g) > 100 if fmt in ("ttl", "nt") else sum(1 for _ in g.quads()) > 100


@pytest.mark.parametrize("fmt,parser", [("nt", "nt"), ("ttl", "turtle"), ("jsonld", "json-ld")])
def test_extract_prints_one_article_graph(fmt, parser):
    out = kg("extract", str(EXAMPLES / "ninewa-desert-sweep.txt"), "--format", fmt)
    g = Graph()
    g.parse(data=out, format=parser)
    labels = {str(o) for o in g.objects(None, __import__("rdflib").RDFS.label)}
    assert "Tal Abta" in labels


def test_extract_missing_file_is_a_one_line_error():
    result = CliRunner().invoke(app, ["extract", "no/such/file.txt"])
    assert result.exit_code != 0
