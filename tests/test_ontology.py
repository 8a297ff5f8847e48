"""The OWL ontology (ontology/kg.ttl): declarations, domains and ranges, alignments, and how
the extraction contract's local-name closure reads it."""
from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import owlrl
import pytest
from rdflib import OWL, RDF, RDFS, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection

from kg.rdf import ontology as o
from tests.vocab import DCTERMS, GEO, KGO, PROV, SCHEMA, SEM

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ONTOLOGY_IRI = URIRef("https://w3id.org/kg/ontology")
DATA_PROPERTIES = {
    "date": "date", "endDate": "date", "killed": "integer", "wounded": "integer", "role": "string",
    "contentHash": "string", "source": "string", "sentence": "string", "startOffset": "integer",
    "endOffset": "integer", "confidence": "decimal",
}


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY_DIR / "kg.ttl", format="turtle")


@pytest.fixture(scope="module")
def everything() -> Graph:
    """All RDF files of ontology/, loaded the way the contract's scorer loads them."""
    g = Graph()
    files = [f for f in sorted(ONTOLOGY_DIR.rglob("*"))
             if f.suffix in (".ttl", ".owl", ".rdf", ".nt", ".jsonld", ".n3")]
    assert {f.name for f in files} >= {"kg.ttl", "shapes.ttl"}
    for f in files:
        g.parse(f)
    return g


def _local(term: object) -> str:
    return re.split(r"[#/]", str(term))[-1]


def _closure(g: Graph, prop: URIRef) -> dict[str, set[str]]:
    """Local name -> local names of itself and all its ancestors (the contract's reading)."""
    parents: dict[str, set[str]] = defaultdict(set)
    for s, obj in g.subject_objects(prop):
        parents[_local(s)].add(_local(obj))

    def up(name: str, seen: frozenset[str] = frozenset()) -> set[str]:
        out = {name}
        for p in parents.get(name, ()):
            if p not in seen:
                out |= up(p, seen | {name})
        return out

    names = set(parents) | {p for ps in parents.values() for p in ps}
    return {n: up(n) for n in names}


def _classes(g: Graph, node: object) -> set[str]:
    """Local names of a class expression: a named class or an owl:unionOf of named classes."""
    union = g.value(node, OWL.unionOf)
    if union is not None:
        return {_local(m) for m in Collection(g, union)}
    return {_local(node)}


def test_header(onto: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto
    assert onto.value(ONTOLOGY_IRI, OWL.versionInfo) is not None
    assert str(onto.value(ONTOLOGY_IRI, RDFS.label)).strip()
    assert len(str(onto.value(ONTOLOGY_IRI, RDFS.comment))) > 100
    assert onto.value(ONTOLOGY_IRI, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert dict(onto.namespaces())["kgo"] == URIRef(o.KGO)


def _assert_declared(onto: Graph, term: URIRef, kind: URIRef) -> None:
    """``term`` is declared a ``kind`` with a label and a comment of more than ten characters."""
    assert (term, RDF.type, kind) in onto
    assert str(onto.value(term, RDFS.label)).strip()
    assert len(str(onto.value(term, RDFS.comment))) > 10


@pytest.mark.parametrize("name", sorted(o.CLASSES))
def test_every_class_is_declared_with_label_and_comment(onto: Graph, name: str) -> None:
    cls = KGO[name]
    _assert_declared(onto, cls, OWL.Class)
    assert onto.value(cls, RDFS.isDefinedBy) == ONTOLOGY_IRI


def test_kgo_classes_are_exactly_those_of_the_code(onto: Graph) -> None:
    declared = {_local(c) for c in onto.subjects(RDF.type, OWL.Class) if str(c).startswith(o.KGO)}
    assert declared == set(o.CLASSES)


@pytest.mark.parametrize("name", sorted(set(o.CLASSES) - set(o.TOP_CLASSES)))
def test_subclass_of_its_contract_class(onto: Graph, name: str) -> None:
    supers = set(onto.objects(KGO[name], RDFS.subClassOf))
    assert KGO[o.CLASSES[name]] in supers
    assert not {KGO[t] for t in o.TOP_CLASSES if t != o.CLASSES[name]} & supers


def test_contract_classes_are_disjoint_and_not_nested(onto: Graph) -> None:
    groups = [set(Collection(onto, onto.value(n, OWL.members)))
              for n in onto.subjects(RDF.type, OWL.AllDisjointClasses)]
    assert {KGO[t] for t in o.TOP_CLASSES} in groups
    for top in o.TOP_CLASSES:
        assert not {_local(c) for c in onto.objects(KGO[top], RDFS.subClassOf)} & (set(o.TOP_CLASSES) - {top})
        assert onto.value(KGO[top], OWL.equivalentClass) is None


@pytest.mark.parametrize("name", sorted(o.PROPERTIES))
def test_every_property_is_declared_with_domain_and_range_of_the_code(onto: Graph, name: str) -> None:
    prop = KGO[name]
    _assert_declared(onto, prop, OWL.ObjectProperty)
    domain, range_ = o.PROPERTIES[name]
    assert _classes(onto, onto.value(prop, RDFS.domain)) == set(domain)
    assert _classes(onto, onto.value(prop, RDFS.range)) == set(range_)


def test_transitive_properties(onto: Graph) -> None:
    transitive = {_local(p) for p in onto.subjects(RDF.type, OWL.TransitiveProperty)}
    assert transitive == {"locatedIn", "partOf"}


@pytest.mark.parametrize("name", sorted(DATA_PROPERTIES))
def test_data_properties(onto: Graph, name: str) -> None:
    prop = KGO[name]
    assert (prop, RDF.type, OWL.DatatypeProperty) in onto
    assert str(onto.value(prop, RDFS.label)).strip() and str(onto.value(prop, RDFS.comment)).strip()
    assert onto.value(prop, RDFS.range) == URIRef(o.XSD + DATA_PROPERTIES[name])


def test_alignments(onto: Graph) -> None:
    expected = {
        "Force": {SEM.Actor, PROV.Agent, SCHEMA.Organization},
        "Place": {SEM.Place, SCHEMA.Place, GEO.Feature},
        "Operation": {SEM.Event, SCHEMA.Event},
        "Incident": {SEM.Event, SCHEMA.Event},
        "Person": {PROV.Person, SCHEMA.Person},
    }
    for name, supers in expected.items():
        assert supers <= set(onto.objects(KGO[name], RDFS.subClassOf)), name
    assert SEM.hasPlace in set(onto.objects(KGO.tookPlaceIn, RDFS.subPropertyOf))
    assert (KGO.hadParticipant, OWL.inverseOf, KGO.participatedIn) in onto
    assert SEM.hasActor in set(onto.objects(KGO.hadParticipant, RDFS.subPropertyOf))


def test_contract_closure_maps_each_class_to_its_contract_class(everything: Graph) -> None:
    up = _closure(everything, RDFS.subClassOf)
    for name, top in o.CLASSES.items():
        assert up.get(name, {name}) & set(o.TOP_CLASSES) == {top}, name


def test_contract_closure_maps_each_property_to_itself(everything: Graph) -> None:
    up = _closure(everything, RDFS.subPropertyOf)
    for name in o.PROPERTIES:
        assert up.get(name, {name}) & set(o.PROPERTIES) == {name}, name
    # no other property of the ontology reduces to a contract property
    for prop in everything.subjects(RDF.type, OWL.ObjectProperty):
        if _local(prop) not in o.PROPERTIES:
            assert not up.get(_local(prop), set()) & set(o.PROPERTIES), prop


def test_no_class_reduces_to_two_contract_classes(everything: Graph) -> None:
    up = _closure(everything, RDFS.subClassOf)
    for name, ancestors in up.items():
        assert len(ancestors & set(o.TOP_CLASSES)) <= 1, (name, ancestors)


def test_owl_rl_consistent_with_a_wellformed_graph_and_catches_a_disjointness_clash(onto: Graph) -> None:
    err = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")
    g = Graph()
    g += onto
    ds = Dataset()
    ds.parse(FIXTURES / "valid_article.trig", format="trig")
    for s, p, obj, _ in ds.quads((None, None, None, None)):
        g.add((s, p, obj))
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    assert list(g.objects(None, err.error)) == []
    unit = URIRef(o.BASE_IRI + "id/force/kestrel-brigade")
    assert (unit, RDF.type, SEM.Actor) in g  # alignment reached through MilitaryUnit ⊑ Force

    g.add((unit, RDF.type, KGO.Settlement))
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    errors = [str(m) for m in g.objects(None, err.error)]
    assert any("Disjoint classes" in m and str(unit) in m for m in errors), errors


def test_labels_are_english_literals(onto: Graph) -> None:
    for s, label in onto.subject_objects(RDFS.label):
        if str(s).startswith(o.KGO):
            assert isinstance(label, Literal) and label.language == "en", s
