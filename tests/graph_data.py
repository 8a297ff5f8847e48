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


#: article, subject, property, object, the words its evidence sentence starts with, confidence
_RELATIONS = [
    ("a", "k", "participatedIn", "op", "The Kestrel", 0.9),
    ("a", "k", "partOf", "n", "The Kestrel", 0.8),
    ("a", "op", "targets", "r", "The Kestrel", 0.85),
    ("a", "op", "tookPlaceIn", "t", "The fighting", 0.7),
    ("a", "t", "locatedIn", "v", "The fighting", 0.9),
    ("b", "am", "perpetratedBy", "r", "Red Hand Front fighters", 0.9),
    ("b", "am", "targeted", "k", "Red Hand Front fighters", 0.8),
    ("b", "am", "tookPlaceIn", "os", "Red Hand Front fighters", 0.75),
    ("b", "os", "locatedIn", "v", "Ostra lies", 0.9),
    ("b", "os", "threatenedBy", "r", "Red Hand Front fighters", 0.5),
    ("b", "d", "affiliatedWith", "r", "Dara Venn", 0.7),
    ("c", "k", "participatedIn", "op", "The Kestrels", 0.6),
    ("c", "b", "perpetratedBy", "m", "Far to the south", 0.8),
    ("c", "b", "tookPlaceIn", "s", "Far to the south", 0.8),
    ("c", "s", "threatenedBy", "m", "Far to the south", 0.4),
]
_TEXTS = {"a": TEXT_A, "b": TEXT_B, "c": TEXT_C}


def _relations(article: str) -> list[Relation]:
    return [Relation(s, p, o, _ev(_TEXTS[article], marker), conf)
            for art, s, p, o, marker, conf in _RELATIONS if art == article]


def extractions() -> list[Extraction]:
    """The three hand-built extractions."""
    a = make_article(TEXT_A, source="a.txt", published="2030-05-01", title="Granite Shield begins")
    b = make_article(TEXT_B, source="b.txt", published="2030-06-10", title="Ambush near Ostra")
    c = make_article(TEXT_C, source="c.txt", published="2030-07-02", title="Granite Shield enters second month")
    ext_a = Extraction(a, [
        Entity("k", "MilitaryUnit", "Kestrel Brigade", {"the Kestrels"}),
        Entity("n", "Force", "Northern Command"),
        Entity("op", "Operation", "Operation Granite Shield", {"Granite Shield"}, attributes={"date": "2030-04-28"}),
        Entity("r", "ArmedGroup", "Red Hand Front", {"RHF"}),
        Entity("t", "Settlement", "Tarsk", attributes={"lat": 35.1, "lon": 40.2, "geonames": "1234567"}),
        Entity("v", "Province", "Velmar Province", attributes={"lat": 35.5, "lon": 40.5}),
    ], _relations("a"))
    ext_b = Extraction(b, [
        Entity("k", "MilitaryUnit", "Kestrel Brigade"),
        Entity("r", "ArmedGroup", "Red Hand Front"),
        Entity("am", "Ambush", "ambush near Ostra", attributes={"date": "2030-06-08", "killed": 4}),
        Entity("os", "Settlement", "Ostra", attributes={"lat": 34.9, "lon": 40.9}),
        Entity("v", "Province", "Velmar Province", attributes={"lat": 35.5, "lon": 40.5}),
        Entity("d", "Person", "Dara Venn", attributes={"role": "commander"}),
    ], _relations("b"))
    ext_c = Extraction(c, [
        Entity("k", "MilitaryUnit", "Kestrel Brigade", {"the Kestrels"}),
        Entity("op", "Operation", "Granite Shield"),  # same node: "Operation" is dropped from identity names
        Entity("m", "Paramilitary", "Blue Lake Militia"),
        Entity("b", "Bombing", "car bomb in Sélva", attributes={"date": "2030-07-01", "wounded": 2}),
        Entity("s", "Settlement", "Sélva", attributes={"lat": 30.25, "lon": 41.75}),
    ], _relations("c"))
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
