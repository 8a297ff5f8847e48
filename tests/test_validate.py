"""SHACL validation (kg/validate.py with ontology/shapes.ttl): a well-formed article graph
conforms, and each kind of malformed graph is reported on the right focus node and path."""
from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS, Dataset, Graph, Literal, Namespace, URIRef

from kg.rdf import ontology as o
from kg.model import Article, Entity, Evidence, Extraction, Relation
from kg.rdf.quads import article_quads
from kg.rdf.validate import Result, ValidationError, ValidationReport, validate
from tests.vocab import GEO, KGO, PROV, SCHEMA, SKOS, XSD

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "valid_article.trig"
ART = URIRef(o.BASE_IRI + "article/0f3c9a51d2e84b7a9c6e1f2d3b4a5c6d")
EV1 = URIRef(str(ART) + "/evidence/1a2b3c4d5e6f7a8b")
BRIGADE = URIRef(o.BASE_IRI + "id/force/kestrel-brigade")
FRONT = URIRef(o.BASE_IRI + "id/force/red-hand-front")
VALDORIA = URIRef(o.BASE_IRI + "id/place/valdoria")
SALTMERE = URIRef(o.BASE_IRI + "id/place/saltmere")
OPERATION = URIRef(o.BASE_IRI + "id/operation/silver-dawn")
AMBUSH = URIRef(o.BASE_IRI + "id/incident/ambush-near-valdoria-0f3c9a51d2e8")
GEOMETRY = URIRef(str(VALDORIA) + "#geometry")


def _dataset() -> Dataset:
    ds = Dataset()
    ds.parse(FIXTURE, format="trig")
    return ds


def _violations(report: ValidationReport) -> set[tuple[str, str | None]]:
    return {(r.focus, r.path) for r in report.results if r.severity == "Violation"}


# -- well-formed input, in every accepted form ----------------------------------------------

def test_wellformed_dataset_conforms() -> None:
    report = validate(_dataset())
    assert report.conforms, report.text
    assert report.results == []
    assert report.text.startswith("conforms: 70 triple(s) in 1 graph(s)")


def test_accepts_nquads_text_bytes_lines_graph_and_oxigraph_quads() -> None:
    nquads = _dataset().serialize(format="nquads")
    lines = [line for line in nquads.splitlines() if line.strip()]
    store = ox.Store()
    store.load(nquads.encode(), format=ox.RdfFormat.N_QUADS)
    plain = Graph()
    for s, p, obj, _ in _dataset().quads((None, None, None, None)):
        plain.add((s, p, obj))
    for data in (nquads, nquads.encode(), lines, [x.encode() + b"\n" for x in lines], store.quads_for_pattern(None, None, None), plain):
        report = validate(data)
        assert report.conforms, report.text
        assert "70 triple(s)" in report.text


def test_per_graph_mode_conforms_too() -> None:
    report = validate(_dataset(), per_graph=True)
    assert report.conforms, report.text


def test_output_of_the_rdf_writer_conforms() -> None:
    art = Article(id="ab" * 32, text="...", title="Border clashes", published="2031-05-06",
                  url="https://news.example.org/a", source="a.txt")
    ents = [
        Entity("u", "MilitaryUnit", "Ninth Lancers", {"the Lancers"}),
        Entity("op", "Operation", "Iron Gate", attributes={"date": "2031-05-01", "end_date": "2031-05-04"}),
        Entity("ph", "Phase", "first phase of Iron Gate"),
        Entity("g", "ArmedGroup", "Black Ridge Movement"),
        Entity("t", "Settlement", "Orlen", attributes={"lat": 10.5, "lon": 20.25, "geonames": "123"}),
        Entity("p", "Province", "Kessar Province", attributes={"wikidata": "Q1"}),
        Entity("a", "Bombing", "bombing in Orlen", attributes={"killed": 4, "wounded": 9}),
        Entity("c", "Person", "Dara Molk", attributes={"role": "spokesman"}),
    ]
    ev = Evidence("The Ninth Lancers launched Iron Gate near Orlen.", 0, 48)
    rels = [Relation("u", p, obj, ev, 0.9) for p, obj in (("participatedIn", "op"),)] + [
        Relation("op", "targets", "g", ev), Relation("ph", "partOf", "op", ev),
        Relation("op", "tookPlaceIn", "t", ev), Relation("t", "locatedIn", "p", ev),
        Relation("t", "threatenedBy", "g", ev), Relation("a", "perpetratedBy", "g", ev),
        Relation("a", "targeted", "c", ev), Relation("c", "affiliatedWith", "u", ev),
    ]
    quads = article_quads(Extraction(art, ents, rels))
    report = validate(quads)
    assert report.conforms, report.text


def test_entity_named_differently_by_two_articles_is_not_a_violation() -> None:
    ds = _dataset()
    other = ds.graph(URIRef(o.BASE_IRI + "article/" + "1" * 32))
    other.add((BRIGADE, RDF.type, KGO.MilitaryUnit))
    other.add((BRIGADE, RDFS.label, Literal("Kestrel brigade")))
    assert validate(ds).conforms
    assert validate(ds, per_graph=True).conforms
    ds.graph(ART).add((BRIGADE, RDFS.label, Literal("Kestrel Bde")))  # but two in one article is
    assert (str(BRIGADE), str(RDFS.label)) in _violations(validate(ds))


# -- malformed graphs ----------------------------------------------------------------------

def _set(s: URIRef, p: URIRef, value: object) -> Callable[[Graph], None]:
    def change(g: Graph) -> None:
        g.remove((s, p, None))
        if value is not None:
            g.add((s, p, value))
    return change


def _add(*triple: object) -> Callable[[Graph], None]:
    return lambda g: g.add(triple)


MALFORMED: dict[str, tuple[Callable[[Graph], None], URIRef, URIRef | None]] = {
    "missing label": (_set(VALDORIA, RDFS.label, None), VALDORIA, RDFS.label),
    "blank label": (_set(VALDORIA, RDFS.label, Literal("  ")), VALDORIA, RDFS.label),
    "label not a string": (_set(VALDORIA, RDFS.label, Literal(7)), VALDORIA, RDFS.label),
    "blank alias": (_add(FRONT, SKOS.altLabel, Literal("")), FRONT, SKOS.altLabel),
    "range of tookPlaceIn": (_add(OPERATION, KGO.tookPlaceIn, FRONT), OPERATION, KGO.tookPlaceIn),
    "range of participatedIn": (_add(BRIGADE, KGO.participatedIn, VALDORIA), BRIGADE, KGO.participatedIn),
    "range of targeted": (_add(AMBUSH, KGO.targeted, SALTMERE), AMBUSH, KGO.targeted),
    "range of affiliatedWith": (_add(URIRef(o.BASE_IRI + "id/person/arin-tavesh"), KGO.affiliatedWith, AMBUSH),
                                URIRef(o.BASE_IRI + "id/person/arin-tavesh"), KGO.affiliatedWith),
    "domain of perpetratedBy": (_add(VALDORIA, KGO.perpetratedBy, FRONT), VALDORIA, None),
    "domain of locatedIn": (_add(FRONT, KGO.locatedIn, VALDORIA), FRONT, None),
    "partOf across classes": (_add(OPERATION, KGO.partOf, BRIGADE), OPERATION, None),
    "start after end": (_set(EV1, KGO.startOffset, Literal(500)), EV1, KGO.startOffset),
    "negative offset": (_set(EV1, KGO.startOffset, Literal(-1)), EV1, KGO.startOffset),
    "offset not integer": (_set(EV1, KGO.endOffset, Literal("179")), EV1, KGO.endOffset),
    "confidence above 1": (_set(EV1, KGO.confidence, Literal("1.5", datatype=XSD.decimal)), EV1, KGO.confidence),
    "confidence as double": (_set(EV1, KGO.confidence, Literal(0.5)), EV1, KGO.confidence),
    "evidence without sentence": (_set(EV1, KGO.sentence, None), EV1, KGO.sentence),
    "evidence without article": (_set(EV1, PROV.wasDerivedFrom, None), EV1, PROV.wasDerivedFrom),
    "evidence of no triple": (_set(EV1, RDF.object, FRONT), EV1, RDF.predicate),
    "negative killed": (_set(AMBUSH, KGO.killed, Literal(-3)), AMBUSH, KGO.killed),
    "killed not integer": (_set(AMBUSH, KGO.killed, Literal("three")), AMBUSH, KGO.killed),
    "two killed counts": (_add(AMBUSH, KGO.killed, Literal(4)), AMBUSH, KGO.killed),
    "killed on a place": (_add(VALDORIA, KGO.killed, Literal(2)), VALDORIA, None),
    "date after end date": (_set(OPERATION, KGO.date, Literal("2031-04-05", datatype=XSD.date)),
                            OPERATION, KGO.date),
    "date not a date": (_set(AMBUSH, KGO.date, Literal("April 1")), AMBUSH, KGO.date),
    "role on a force": (_add(FRONT, KGO.role, Literal("leader")), FRONT, None),
    "wkt not typed": (_set(GEOMETRY, GEO.asWKT, Literal("POINT(31.25 12.5)")), GEOMETRY, GEO.asWKT),
    "wkt not wkt": (_set(GEOMETRY, GEO.asWKT, Literal("31.25, 12.5", datatype=GEO.wktLiteral)),
                    GEOMETRY, GEO.asWKT),
    "sameAs literal": (_add(VALDORIA, SCHEMA.sameAs, Literal("Q42")), VALDORIA, SCHEMA.sameAs),
    "article without hash": (_set(ART, KGO.contentHash, None), ART, KGO.contentHash),
    "hash not sha256": (_set(ART, KGO.contentHash, Literal("abc")), ART, KGO.contentHash),
    "generatedAtTime a date": (_set(ART, PROV.generatedAtTime, Literal("2031-04-03", datatype=XSD.date)),
                               ART, PROV.generatedAtTime),
    "datePublished a string": (_set(ART, SCHEMA.datePublished, Literal("2 April 2031")), ART, SCHEMA.datePublished),
    "article not a prov:Entity": (lambda g: g.remove((ART, RDF.type, PROV.Entity)), ART, None),
    "two contract classes": (_add(FRONT, RDF.type, KGO.Settlement), FRONT, None),
    "undeclared class": (_add(FRONT, RDF.type, KGO.Militia), KGO.Militia, None),
    "undeclared property": (_add(FRONT, KGO.strength, Literal(300)), FRONT, KGO.strength),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_graph_is_reported_on_focus_and_path(case: str) -> None:
    change, focus, path = MALFORMED[case]
    ds = _dataset()
    change(ds.graph(ART))
    report = validate(ds)
    assert not report.conforms
    expected = (str(focus), str(path) if path is not None else None)
    assert expected in _violations(report), report.text
    assert all(isinstance(r, Result) and r.message for r in report.results)
    assert str(focus) in report.text


def test_shapes_alone_catch_the_rules_checked_in_python() -> None:
    """pyshacl with SHACL-AF on the shapes file finds what validate() checks directly."""
    from pyshacl import validate as shacl_validate

    ds = _dataset()
    MALFORMED["evidence of no triple"][0](ds.graph(ART))
    MALFORMED["undeclared property"][0](ds.graph(ART))
    g = Graph()
    for s, p, obj, _ in ds.quads((None, None, None, None)):
        g.add((s, p, obj))
    conforms, report, _ = shacl_validate(g, shacl_graph=str(ROOT / "ontology" / "shapes.ttl"),
                                         ont_graph=str(ROOT / "ontology" / "kg.ttl"), advanced=True)
    sh = Namespace("http://www.w3.org/ns/shacl#")
    found = {(report.value(r, sh.focusNode), report.value(r, sh.resultPath))
             for r in report.subjects(RDF.type, sh.ValidationResult)}
    assert not conforms
    assert found == {(EV1, RDF.predicate), (FRONT, KGO.strength)}
    assert _violations(validate(ds)) == {(str(f), str(p)) for f, p in found}


def test_unparsable_input_raises_a_kg_error() -> None:
    with pytest.raises(ValidationError, match="N-Quads"):
        validate("<http://example.org/a> <http://example.org/b> .\n")


def test_importing_the_module_stays_light() -> None:
    code = "import sys, kg.rdf.validate; print(sorted(m for m in ('rdflib', 'pyshacl', 'pyoxigraph') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_unreadable_or_missing_shapes_raise_a_kg_error(tmp_path: Path) -> None:
    (tmp_path / "kg.ttl").write_text((ROOT / "ontology" / "kg.ttl").read_text())
    with pytest.raises(ValidationError, match="not found"):
        validate("", ontology_directory=tmp_path)
    (tmp_path / "shapes.ttl").write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\nsh:x sh:y \n")
    with pytest.raises(ValidationError, match="cannot read"):
        validate("", ontology_directory=tmp_path)


def test_empty_input_conforms() -> None:
    report = validate("")
    assert report.conforms and report.results == []
