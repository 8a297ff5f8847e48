"""A small hand-written graph (invented places and units) stored through kg.rdf.quads, for graph tests.

Three dated articles:
  A  2030-05-01  Kestrel Brigade (part of Northern Command) in Operation Granite Shield against the
                 Red Hand Front, at Tarsk (in Velmar Province).
  B  2030-06-10  an ambush near Ostra (in Velmar Province) by the Red Hand Front on the Kestrel
                 Brigade; Dara Venn leads the Red Hand Front; Ostra threatened by it.
  C  2030-07-02  Granite Shield again (second supporting article); a separate component: the
                 Blue Lake Militia bombs Sélva.
"""
from __future__ import annotations

from kg.read.articles import make_article
from kg.model import Entity, Evidence, Extraction, Relation
from kg.rdf.quads import article_quads
from kg.store import Store

TEXT_A = ("Granite Shield begins\n\n"
          "The Kestrel Brigade of Northern Command launched Operation Granite Shield against the Red Hand Front. "
          "The fighting centred on Tarsk, a town in Velmar Province.")
TEXT_B = ("Ambush near Ostra\n\n"
          "Red Hand Front fighters ambushed a Kestrel Brigade convoy near Ostra on Saturday, killing four soldiers. "
          "Ostra lies in Velmar Province. "
          "Dara Venn, a commander of the Red Hand Front, claimed the attack.")
TEXT_C = ("Granite Shield enters second month\n\n"
          "The Kestrels pressed on with Granite Shield. "
          "Far to the south, the Blue Lake Militia set off a car bomb in Sélva.")


def _ev(text: str, start_marker: str) -> Evidence:
    s = text.index(start_marker)
    e = text.find(". ", s)
    e = len(text) if e < 0 else e + 1
    return Evidence(text[s:e], s, e)


def extractions() -> list[Extraction]:
    """The three hand-built extractions."""
    a = make_article(TEXT_A, source="a.txt", published="2030-05-01", title="Granite Shield begins")
    b = make_article(TEXT_B, source="b.txt", published="2030-06-10", title="Ambush near Ostra")
    c = make_article(TEXT_C, source="c.txt", published="2030-07-02", title="Granite Shield enters second month")
    ea, eb1, eb2, eb3, ec1, ec2 = (_ev(TEXT_A, "The Kestrel"), _ev(TEXT_B, "Red Hand Front fighters"),
                                   _ev(TEXT_B, "Ostra lies"), _ev(TEXT_B, "Dara Venn"),
                                   _ev(TEXT_C, "The Kestrels"), _ev(TEXT_C, "Far to the south"))
    ea2 = _ev(TEXT_A, "The fighting")
    kestrel = Entity("k", "MilitaryUnit", "Kestrel Brigade", {"the Kestrels"})
    ext_a = Extraction(a, [
        kestrel,
        Entity("n", "Force", "Northern Command"),
        Entity("op", "Operation", "Operation Granite Shield", {"Granite Shield"}, attributes={"date": "2030-04-28"}),
        Entity("r", "ArmedGroup", "Red Hand Front", {"RHF"}),
        Entity("t", "Settlement", "Tarsk", attributes={"lat": 35.1, "lon": 40.2, "geonames": "1234567"}),
        Entity("v", "Province", "Velmar Province", attributes={"lat": 35.5, "lon": 40.5}),
    ], [
        Relation("k", "participatedIn", "op", ea, 0.9),
        Relation("k", "partOf", "n", ea, 0.8),
        Relation("op", "targets", "r", ea, 0.85),
        Relation("op", "tookPlaceIn", "t", ea2, 0.7),
        Relation("t", "locatedIn", "v", ea2, 0.9),
    ])
    ext_b = Extraction(b, [
        Entity("k", "MilitaryUnit", "Kestrel Brigade"),
        Entity("r", "ArmedGroup", "Red Hand Front"),
        Entity("am", "Ambush", "ambush near Ostra", attributes={"date": "2030-06-08", "killed": 4}),
        Entity("os", "Settlement", "Ostra", attributes={"lat": 34.9, "lon": 40.9}),
        Entity("v", "Province", "Velmar Province", attributes={"lat": 35.5, "lon": 40.5}),
        Entity("d", "Person", "Dara Venn", attributes={"role": "commander"}),
    ], [
        Relation("am", "perpetratedBy", "r", eb1, 0.9),
        Relation("am", "targeted", "k", eb1, 0.8),
        Relation("am", "tookPlaceIn", "os", eb1, 0.75),
        Relation("os", "locatedIn", "v", eb2, 0.9),
        Relation("os", "threatenedBy", "r", eb1, 0.5),
        Relation("d", "affiliatedWith", "r", eb3, 0.7),
    ])
    ext_c = Extraction(c, [
        Entity("k", "MilitaryUnit", "Kestrel Brigade", {"the Kestrels"}),
        Entity("op", "Operation", "Granite Shield"),  # same node: "Operation" is dropped from identity names
        Entity("m", "Paramilitary", "Blue Lake Militia"),
        Entity("b", "Bombing", "car bomb in Sélva", attributes={"date": "2030-07-01", "wounded": 2}),
        Entity("s", "Settlement", "Sélva", attributes={"lat": 30.25, "lon": 41.75}),
    ], [
        Relation("k", "participatedIn", "op", ec1, 0.6),
        Relation("b", "perpetratedBy", "m", ec2, 0.8),
        Relation("b", "tookPlaceIn", "s", ec2, 0.8),
        Relation("s", "threatenedBy", "m", ec2, 0.4),
    ])
    return [ext_a, ext_b, ext_c]


def fill(store: Store) -> Store:
    """Write the three article graphs into ``store``."""
    for ext in extractions():
        quads = article_quads(ext)
        store.put_graph(quads[0].graph_name.value, quads)
    return store


def iri(kind: str, slug: str) -> str:
    """Entity IRI in the fixture graph."""
    return f"https://w3id.org/kg/id/{kind}/{slug}"


KESTREL = iri("force", "kestrel-brigade")
RED_HAND = iri("force", "red-hand-front")
GRANITE = iri("operation", "granite-shield")
TARSK = iri("place", "tarsk")
OSTRA = iri("place", "ostra")
VELMAR = iri("place", "velmar-province")
SELVA = iri("place", "selva")
MILITIA = iri("force", "blue-lake-militia")
DARA = iri("person", "dara-venn")
N_NODES = 12
N_EDGES = 14
