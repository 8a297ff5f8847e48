"""Coordinated names sharing one plural head ("the Orvan and Talis regions") on invented text.

Hand-built Docs check :func:`kg.extract.mentions.shared_heads.shared_head_names` without the
model; the last test runs the pipeline.
"""
from __future__ import annotations

import pytest

from kg.extract.mentions.shared_heads import shared_head_names
from tests.conftest import extract_text as run
from tests.extraction import find
from tests.test_extract_names import make_doc


def _labels(text: str) -> list[tuple[str, str]]:
    doc = make_doc(text, pos={"Northern": "ADJ", "Velan": "ADJ", "Dorish": "ADJ"})
    return [((c.alias if c.top == "Place" else None) or c.label, c.top) for c in shared_head_names(doc, [0])]


@pytest.mark.parametrize(("text", "expected"), [
    ("fighting in the Orvan and Talis regions went on",
     [("Orvan region", "Place"), ("Talis region", "Place")]),
    ("strikes by the Velan and Dorish air forces killed",
     [("Velan air force", "Force"), ("Dorish air force", "Force")]),
    ("troops of its Velan , Dorish and Northern contingents arrived",
     [("Velan contingent", "Force"), ("Dorish contingent", "Force"), ("Northern contingent", "Force")]),
    # names that already carry a number or a unit noun keep their label
    ("The 4th Kessel Rifles , 9th Marl Regiment and 2nd Ost Guard battalions attacked",
     [("4th Kessel Rifles", "Force"), ("9th Marl Regiment", "Force"), ("2nd Ost Guard", "Force")]),
    ("in the Ahlen and Al~-~Baris districts",
     [("Ahlen district", "Place"), ("Al-Baris district", "Place")]),
    # one conjunction per list: "A townships in X and B and C townships" are two lists
    ("the Ahlen townships in Varo and Kesh and Mura townships",
     [("Kesh township", "Place"), ("Mura township", "Place")]),
])
def test_shared_head_splits(text, expected):
    assert _labels(text) == expected


@pytest.mark.parametrize("text", [
    "the Orvan regions were calm",            # one name: the head is its own
    "Orvan , Talis regions were calm",        # no conjunction: not a coordinated list
    "the United Arab Emirates and Talis States",  # a capitalised head belongs to a name
    "officials counted Orvan and Talis districts",  # no determiner or preposition opens the phrase
])
def test_no_split(text):
    doc = make_doc(text, pos={"counted": "NOUN"})
    assert shared_head_names(doc, [0]) == []


def test_each_region_is_its_own_place(nlp):
    ex = run(nlp, "Separatists attack in two regions\n\n"
                  "Separatist fighters attacked army posts in the Oskar and Varna regions on Monday, "
                  "officials said. The Varna region has seen heavy fighting since 2019.")
    oskar, varna = find(ex, "Oskar"), find(ex, "Varna region")
    assert oskar.key != varna.key


def test_two_lists_two_containers(nlp):
    from tests.extraction import triples

    ex = run(nlp, "Fighting spreads\n\n"
                  "Fighting spread to Melkar and Dosani townships in Varno State and Kesh, Lodo and Mura "
                  "townships in Tarn Region, the rebels said.")
    t = triples(ex)
    assert ("mura", "locatedIn", "tarn region") in t
    assert ("melkar", "locatedIn", "varno state") in t
    assert ("varno state", "locatedIn", "tarn region") not in t


@pytest.mark.parametrize(("text", "expected"), [
    ("Troops advance in Varno region\n\nTroops entered Varno region on Monday. They later took Kessa, "
     "a railway hub in the region, after heavy fighting.", ("kessa", "locatedIn", "varno region")),
    ("Rebels flee Dorun district\n\nThe army retook Dorun district on Friday. The forces also took Melk, "
     "one of the district's villages, officials said.", ("melk", "locatedIn", "dorun district")),
])
def test_definite_area_noun_refers_back(nlp, text, expected):
    from tests.extraction import triples

    assert expected in triples(run(nlp, text))


def test_apposition_after_a_gloss_and_past_a_reference_point(nlp):
    from tests.extraction import triples

    t = triples(run(nlp, "Militant killed\n\nTroops killed a militant in Kessar, also spelt Kesar, a town about "
                         "60 km east of Dorvala in Tamsin province, the ministry said."))
    assert ("kessar", "locatedIn", "tamsin province") in t


def _names(text: str) -> list[tuple[str, str | None]]:
    doc = make_doc(text, pos={"Mechanized": "ADJ"})
    return [(c.label, c.alias) for c in shared_head_names(doc, [0])]


def test_a_unit_without_a_head_of_its_own_is_also_named_with_the_shared_one():
    assert _names("troops of the 33rd Infantry and 1st Mechanized battalions , both under") == [
        ("33rd Infantry", "33rd Infantry battalion"), ("1st Mechanized battalion", "1st Mechanized")]
    # a name with a head of its own keeps it alone
    assert _names("The 9th Marl Regiment and 2nd Ost Guard battalions attacked")[0] == ("9th Marl Regiment", None)
