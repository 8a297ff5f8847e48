"""A plural noun opening a list types its members ("armed groups, among them A and B")."""
from __future__ import annotations

import pytest

from kg.extract.mentions.type_cues import list_head_types
from kg.rdf.ontology import top_class
from tests.conftest import extract_text as run
from tests.extraction import find
from tests.test_extract_names import cand, make_doc


@pytest.mark.parametrize(("text", "spans", "expected"), [
    ("troops will face armed groups , among them the Red Vipers , Los Halcones and Casa Verde",
     [(9, 11), (12, 14), (15, 17)], "Force"),
    ("gangs active in Tarvo , including Black Sun and Iron Crown , attacked",
     [(6, 8), (9, 11)], "Force"),
    ("villages such as Old Merin and Kasso Hill were shelled",
     [(3, 5), (6, 8)], "Place"),
])
def test_members_take_the_list_class(text, spans, expected):
    doc = make_doc(text, pos={"active": "ADJ", "in": "ADP", "attacked": "VERB", "shelled": "VERB", "face": "VERB",
                              "will": "AUX", "were": "AUX"})
    other = "Place" if expected == "Force" else "Force"
    cands = [cand(doc, s, e, other, prio=2) for s, e in spans]
    list_head_types(doc, cands)
    assert [c.top for c in cands] == [expected] * len(cands)


def test_titled_and_table_types_stay():
    doc = make_doc("groups , including Red Vipers and General Tomas Kell , met")
    a, b = cand(doc, 3, 5, "Place", prio=2), cand(doc, 6, 9, "Person", titled=True)
    list_head_types(doc, [a, b])
    assert (a.top, b.top) == ("Force", "Person")


def test_no_list_noun_no_change():
    doc = make_doc("officials , including Tomas Kell and Ana Vire , met", pos={"met": "VERB"})
    cands = [cand(doc, 3, 5, "Person", prio=2), cand(doc, 6, 8, "Person", prio=2)]
    list_head_types(doc, cands)
    assert [top_class(c.type) for c in cands] == ["Person", "Person"]


def test_listed_cartels_are_forces(nlp):
    ex = run(nlp, "Army deploys to the west\n\n"
                  "The army said its units would confront several criminal groups operating in Velaro, "
                  "among them the Sierra Azul Cartel, Los Cuervos and La Hermandad Norte.")
    for name in ("Los Cuervos", "La Hermandad Norte"):
        assert top_class(find(ex, name).type) == "Force"


@pytest.mark.parametrize(("text", "expected"), [
    ("carried out by Wilayat Tarsa , the northern branch of the Red Hand , police said", "Force"),
    ("Kolo Province , an affiliate of the Red Hand , claimed it", "Force"),
    ("Kolo Province , a remote district of Varnia , was calm", "Place"),
    ("Tomas Kell , the group 's spokesman , said", "Person"),
])
def test_apposition_calls_a_name_an_armed_group(text, expected):
    from kg.extract.mentions.type_cues import apposed_forces

    doc = make_doc(text, pos={"carried": "VERB", "claimed": "VERB", "said": "VERB", "was": "AUX", "of": "ADP",
                              "by": "ADP", "out": "ADP", "northern": "ADJ", "remote": "ADJ"})
    start = 3 if text.startswith("carried") else 0
    c = cand(doc, start, start + 2, "Person" if expected == "Person" else "Place", prio=3)
    again = cand(doc, len(doc) - 1, len(doc), "Place", prio=3)
    again.label = c.label
    apposed_forces(doc, [c, again])
    assert top_class(c.type) == expected
    assert top_class(again.type) == ("Force" if expected == "Force" else "Place")


def test_name_claiming_an_attack_is_a_force(nlp):
    ex = run(nlp, "Blast in the capital\n\n"
                  "A bomb killed four police officers in Tarsa on Monday. The Kolvar Emirate, an old name in "
                  "the hills, claimed responsibility on Tuesday. Officials said the Kolvar Emirate had grown stronger.")
    assert top_class(find(ex, "Kolvar Emirate").type) == "Force"
