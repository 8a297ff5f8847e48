"""The ontology's hierarchy in the store, query-time RDFS reasoning, and Oxigraph's query plan."""
from __future__ import annotations

import json
import shutil

import pyoxigraph as ox
import pytest

import kg as kgapi
from kg.errors import QueryError
from kg.query.reason import expand
from kg.rdf.axioms import ONTOLOGY_GRAPH, axioms, ensure_ontology, ontology_quads
from kg.rdf.ontology import BASE_IRI, CLASSES, KGO, PREFIXES, ontology_dir
from kg.store import open_store
from tests.conftest import kg

INCIDENT_TYPES = sorted(c for c, top in CLASSES.items() if top == "Incident")


def _graph_triples(store, graph: str = ONTOLOGY_GRAPH) -> set[tuple[str, str, str]]:
    rows = store.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}").rows
    return {(s.value, p.value, o.value) for s, p, o in rows}


def test_the_hierarchy_is_written_once_and_replaced_when_the_ontology_changes(tmp_path):
    store = open_store(tmp_path / "db", "w")
    assert ensure_ontology(store) is True
    first = _graph_triples(store)
    assert (KGO + "Ambush", PREFIXES["rdfs"] + "subClassOf", KGO + "Incident") in first
    assert len(first) == len(ontology_quads()) == len(axioms()) + 1
    assert ensure_ontology(store) is False  # same version: nothing written
    assert _graph_triples(store) == first

    changed = tmp_path / "ontology"
    shutil.copytree(ontology_dir(), changed)
    ttl = changed / "kg.ttl"
    text = ttl.read_text(encoding="utf-8")
    assert "rdfs:subClassOf kgo:Incident ;" in text
    ttl.write_text(text.replace("kgo:Ambush a owl:Class ;\n    rdfs:subClassOf kgo:Incident ;",
                                "kgo:Ambush a owl:Class ;"), encoding="utf-8")
    assert ensure_ontology(store, changed) is True
    second = _graph_triples(store)
    assert (KGO + "Ambush", PREFIXES["rdfs"] + "subClassOf", KGO + "Incident") not in second
    assert len(second) == len(first) - 1
    store.close()


def test_a_read_only_store_is_left_alone(tmp_path):
    open_store(tmp_path / "db", "w").close()
    with open_store(tmp_path / "db", "r") as store:
        assert ensure_ontology(store) is False
        assert not store.has_graph(ONTOLOGY_GRAPH)


def test_expand_rewrites_types_and_superproperties_in_patterns_only():
    text = expand("CONSTRUCT { ?x a ?t } WHERE { ?x a kgo:Incident ; sem:hasActor ?f . ?f rdfs:label ?l }", "rdfs")
    template, where = text.split("WHERE", 1)
    assert template == "CONSTRUCT { ?x a ?t } "
    assert f"(<{PREFIXES['rdf']}type>/<{PREFIXES['rdfs']}subClassOf>*) kgo:Incident" in where
    assert f"<{KGO}perpetratedBy>" in where and f"<{KGO}targeted>" in where
    assert "rdfs:label ?l" in where  # no subproperties: unchanged
    # the query's own prefix for a property is honoured
    own = expand("PREFIX s: <http://semanticweb.cs.vu.nl/2009/11/sem/> SELECT * { ?x s:hasActor ?y }", "rdfs")
    assert f"<{KGO}targets>" in own
    with pytest.raises(QueryError, match="unknown reasoning"):
        expand("SELECT * { ?s ?p ?o }", "owl")


@pytest.mark.model
def test_the_example_store_holds_the_hierarchy_and_answers_over_subclasses(example_store):
    with kgapi.open(example_store) as graph:
        assert graph.store.has_graph(ONTOLOGY_GRAPH)
        values = " ".join(f"kgo:{c}" for c in INCIDENT_TYPES)
        explicit = {r["i"] for r in graph.query(
            f"SELECT DISTINCT ?i WHERE {{ VALUES ?t {{ {values} }} ?i a ?t }}").dicts()}
        assert explicit, "the example articles report incidents"
        path = {r["i"] for r in graph.query(
            "SELECT DISTINCT ?i WHERE { ?i a/rdfs:subClassOf* kgo:Incident }").dicts()}
        plain = {r["i"] for r in graph.query("SELECT DISTINCT ?i WHERE { ?i a kgo:Incident }").dicts()}
        reasoned = {r["i"] for r in graph.query("SELECT DISTINCT ?i WHERE { ?i a kgo:Incident }",
                                                reason="rdfs").dicts()}
        assert path == reasoned == explicit
        assert plain < explicit  # subclass instances are found only by reasoning
        actors = graph.query("SELECT DISTINCT ?e ?f WHERE { ?e sem:hasActor ?f }", reason="rdfs").dicts()
        direct = graph.query("SELECT DISTINCT ?e ?f WHERE { ?e kgo:perpetratedBy|kgo:targeted|kgo:targets ?f }").dicts()
        assert direct and {(r["e"], r["f"]) for r in direct} <= {(r["e"], r["f"]) for r in actors}
    out = kg("query", "--reason", "rdfs", "--store", example_store, "--format", "json",
             "SELECT DISTINCT ?i WHERE { ?i a kgo:Incident }").stdout
    assert {b["i"]["value"] for b in json.loads(out)["results"]["bindings"]} == explicit


@pytest.mark.model
def test_counts_projection_and_exports_leave_the_ontology_graph_out(example_store, tmp_path):
    with kgapi.open(example_store) as graph:
        stats = graph.stats()
        articles = len([g for g in graph.store.graphs() if g.startswith(BASE_IRI + "article/")])
        article_quads = sum(1 for q in graph.store.quads() if q.graph_name != ox.NamedNode(ONTOLOGY_GRAPH))
        nodes = set(graph.graph().nodes)
    assert stats.articles == articles and stats.quads == article_quads
    assert not [c for c in stats.classes if not c[:1].isupper()] and "Class" not in stats.classes
    schema_terms = {t.value for q in ontology_quads() for t in (q.subject, q.object) if isinstance(t, ox.NamedNode)}
    assert nodes and not nodes & schema_terms
    listed = json.loads(kg("stats", "--store", example_store, "--format", "json").stdout)
    assert listed["quads"] == article_quads
    out = tmp_path / "out"
    kg("export", "--all", "-o", out, "--store", example_store)
    graphml = (out / "graph.graphml").read_text(encoding="utf-8")
    assert KGO + "Incident" not in graphml and ONTOLOGY_GRAPH + '"' not in graphml


@pytest.mark.model
def test_explain_prints_oxigraphs_plan(example_store):
    text = kg("query", "--explain", "--store", example_store, "SELECT ?f WHERE { ?f a kgo:MilitaryUnit }").stdout
    assert "QuadPattern" in text and "number of results" in text
    plan = json.loads(kg("query", "--explain", "--format", "json", "--store", example_store,
                         "SELECT ?f WHERE { ?f a kgo:MilitaryUnit }").stdout)
    assert plan["plan"]["children"] and "number of results" in plan["plan"]
    bad = kg("query", "--explain", "--store", example_store, "SELECT ?f WHERE {\n ?f a nope:Thing }", code=1)
    assert bad.stderr.startswith("Error: invalid SPARQL at line 2, column ") and bad.stderr.count("\n") == 1
    assert "unknown prefix 'nope:' (declare it with PREFIX)" in bad.stderr


def test_explain_refuses_a_store_that_is_not_on_disk():
    with pytest.raises(QueryError, match="embedded store on disk"):
        from kg.query.explain import explain_query

        explain_query(open_store("memory"), "SELECT * { ?s ?p ?o }")
