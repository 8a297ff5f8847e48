"""Extraction -> quads: the RDF layout, deterministic IRIs, serialisations."""
from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from rdflib import Graph

from kg.rdf import ontology as o
from kg.errors import ConfigError
from kg.model import Entity, Evidence, Extraction, Relation
from kg.rdf.quads import article_quads, serialize_quads
from tests.conftest import sample_extraction

KGO = o.KGO


def _by_pred(quads, pred):
    return [q for q in quads if q.predicate.value == pred]


def test_one_named_graph_per_article_with_metadata():
    ext = sample_extraction()
    quads = article_quads(ext)
    graphs = {q.graph_name.value for q in quads}
    assert graphs == {o.article_iri(ext.article.id)}
    g = ox.NamedNode(o.article_iri(ext.article.id))
    types = {q.object.value for q in quads if q.subject == g and q.predicate.value == o.RDF + "type"}
    assert types == {o.SCHEMA + "NewsArticle", o.PROV + "Entity"}
    published = _by_pred(quads, o.SCHEMA + "datePublished")
    assert published[0].object.value == "2024-03-04"
    assert published[0].object.datatype.value == o.XSD + "date"
    assert _by_pred(quads, o.SCHEMA + "headline")[0].object.value == "Kestrel Brigade cleared Varna Ridge"


def test_entity_iris_are_deterministic_from_class_and_name():
    q1 = article_quads(sample_extraction())
    q2 = article_quads(sample_extraction("Other text entirely. " + "The Kestrel Brigade cleared the village of Varna Ridge in Operation Iron Lantern on Monday. Red Hand fighters still hold Dorun."))
    unit = o.entity_iri("Force", "Kestrel Brigade")
    assert unit == "https://w3id.org/kg/id/force/kestrel-brigade"
    assert any(q.subject.value == unit for q in q1)
    assert any(q.subject.value == unit for q in q2)


def test_relation_has_evidence_node_with_offsets():
    ext = sample_extraction()
    quads = article_quads(ext)
    rel = [q for q in quads if q.predicate.value == KGO + "participatedIn"]
    assert len(rel) == 1
    ev = [q.subject for q in quads if q.predicate.value == o.RDF + "subject" and q.object == rel[0].subject]
    assert len(ev) == 1
    props = {q.predicate.value: q.object for q in quads if q.subject == ev[0]}
    start, end = int(props[KGO + "startOffset"].value), int(props[KGO + "endOffset"].value)
    assert ext.article.text[start:end] == props[KGO + "sentence"].value
    assert props[o.RDF + "predicate"].value == KGO + "participatedIn"
    assert 0 <= float(props[KGO + "confidence"].value) <= 1


def test_geometry_and_aliases():
    quads = article_quads(sample_extraction())
    wkt = _by_pred(quads, o.GEO + "asWKT")
    assert [q.object.value for q in wkt] == ["POINT(22.25000 41.50000)"]
    alts = {q.object.value for q in _by_pred(quads, o.SKOS + "altLabel")}
    assert alts == {"the Kestrel Brigade", "Iron Lantern"}


def test_incidents_without_resolution_key_stay_local_to_their_article():
    text_a, text_b = "An attack hit Dorun. Nothing else.", "An attack hit Dorun. Something else."
    def ext(text):
        from kg.read.articles import make_article
        art = make_article(text, source="x")
        return Extraction(art, [Entity("i", "Attack", "attack on Dorun")], [])
    a = {q.subject.value for q in article_quads(ext(text_a)) if "/id/incident/" in q.subject.value}
    b = {q.subject.value for q in article_quads(ext(text_b)) if "/id/incident/" in q.subject.value}
    assert a and b and a != b


def test_hostile_strings_make_valid_rdf():
    from kg.read.articles import make_article
    text = 'He said "<script>" \\ and \ud800 {}\n\nmore'
    art = make_article(text.encode("utf-8", "replace").decode("utf-8"), source="x")
    ents = [Entity("a", "ArmedGroup", 'The "<Bad>" Group \\'), Entity("b", "Settlement", "Ḥamāh ‹x›")]
    rels = [Relation("b", "threatenedBy", "a", Evidence('"<script>" \\', 0, 10))]
    nq = serialize_quads(article_quads(Extraction(art, ents, rels)), "nq")
    assert len(list(ox.parse(nq, format=ox.RdfFormat.N_QUADS))) > 5


@pytest.mark.parametrize("fmt", ["nt", "ttl", "jsonld", "nq", "trig"])
def test_serialisations_parse_back_with_rdflib(fmt):
    data = serialize_quads(article_quads(sample_extraction()), fmt)
    if fmt == "jsonld":
        json.loads(data)
    g = Graph() if fmt in ("nt", "ttl") else __import__("rdflib").Dataset()
    g.parse(data=data.decode("utf-8"), format={"nt": "nt", "ttl": "turtle", "jsonld": "json-ld",
                                                 "nq": "nquads", "trig": "trig"}[fmt])
    assert len(g) > 20 if fmt in ("nt", "ttl") else sum(1 for _ in g.quads()) > 20


def test_unknown_format_is_a_config_error():
    with pytest.raises(ConfigError, match="unknown RDF format"):
        serialize_quads([], "yaml")


def test_repeated_reports_of_one_incident_are_one_node():
    from kg.read.articles import make_article

    def report(text):
        art = make_article(text, source="x")
        ev = Evidence(text, 0, len(text))
        ents = [Entity("i", "Ambush", "ambush near Varna", attributes={"date": "2030-05-02"}),
                Entity("p", "Settlement", "Varna"), Entity("g", "ArmedGroup", "Red Hand")]
        rels = [Relation("i", "tookPlaceIn", "p", ev), Relation("i", "perpetratedBy", "g", ev)]
        return Extraction(art, ents, rels)

    def incident(ext):
        return {q.subject.value for q in article_quads(ext) if "/id/incident/" in q.subject.value
                and "#" not in q.subject.value}

    a = incident(report("Red Hand fighters ambushed a patrol near Varna on Friday."))
    b = incident(report("A patrol was ambushed near Varna on Friday; Red Hand claimed it."))
    assert a == b and len(a) == 1


def test_numbered_units_are_qualified_by_their_parent_force():
    from kg.read.articles import make_article

    def unit_iris(text, parent):
        art = make_article(text, source="x")
        ev = Evidence(text, 0, len(text))
        ents = [Entity("u", "MilitaryUnit", "20th Brigade"), Entity("a", "MilitaryUnit", parent)]
        ext = Extraction(art, ents, [Relation("u", "partOf", "a", ev)])
        return {q.subject.value for q in article_quads(ext) if "20th-brigade" in q.subject.value}

    assert unit_iris("The 20th Brigade of the Velmar Army advanced.", "Velmar Army") != \
        unit_iris("The 20th Brigade of the Dorun Army advanced.", "Dorun Army")
