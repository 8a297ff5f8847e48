"""General naming rules on invented sentences: operation names, appositions, Arabic particles, classes."""
from __future__ import annotations

import pytest

from kg.rdf.ontology import normalise, top_class
from tests.conftest import extract_text as run
from tests.extraction import find as entity, labels, rel


def check_labels(ex, has: dict[str, set[str]], lacks: dict[str, set[str]]) -> None:
    """Each class of ``has`` has those labels among its entities, each class of ``lacks`` none of those."""
    for top, names in has.items():
        assert names <= labels(ex, top), (top, labels(ex, top))
    for top, names in lacks.items():
        assert not names & labels(ex, top), (top, labels(ex, top))


def test_apposition_after_role_of_place_is_a_person(nlp):
    ex = run(nlp, "Clashes Near River\n\nGunmen attacked a checkpoint near Kassala on Monday. "
                  "The governor of Kassala, Yusuf Adam, said three soldiers were killed.")
    person = entity(ex, "Yusuf Adam")
    assert top_class(person.type) == "Person"
    place = entity(ex, "Kassala")
    assert rel(ex, "Yusuf Adam", "affiliatedWith", "Kassala")


def test_arabic_topographic_names_stay_whole(nlp):
    ex = run(nlp, "Patrol Sweeps Valley\n\nTroops searched the Wadi al-Hamra valley on Tuesday. Fighters "
                  "fled toward Jabal al-Sawda mountain and Ain al-Beida.")
    check_labels(ex, {"Place": {"wadi al hamra valley", "jabal al sawda mountain", "ain al beida"}},
                 {"Place": {"wadi al", "al hamra valley", "al sawda mountain"}})
    assert not labels(ex, "Person")


def test_bare_operation_name_in_headline_is_the_operation(nlp):
    ex = run(nlp, "Second report: Northern Dawn advances toward Kassala\n\nThe army's Operation Northern Dawn "
                  "reached Kassala on Tuesday, officials said. Troops met little resistance.")
    assert "northern dawn" not in labels(ex, "Place")
    op = entity(ex, "Operation Northern Dawn")
    assert top_class(op.type) == "Operation"
    assert sum(1 for e in ex.entities if top_class(e.type) == "Operation") == 1


def test_place_classes_follow_the_label(nlp):
    ex = run(nlp, "Attack in North East\n\nMilitants attacked a village in the North East on Sunday, killing "
                  "five people. The army said it was deploying troops to the Mopti Region.")
    assert entity(ex, "North East").type == "Area"
    assert entity(ex, "Mopti Region").type == "Province"


def test_region_head_decides_class_over_town_dateline(nlp):
    ex = run(nlp, "Villages Cleared\n\nGAO, Mali — Soldiers cleared militants from two villages in the Gao "
                  "region on Friday, the army said.")
    gao = entity(ex, "Gao region")
    assert gao.type == "Province"
    assert sum(1 for e in ex.entities if "gao" in normalise(e.label)) == 1


def test_apposition_after_two_word_place_name(nlp):
    ex = run(nlp, "Town Shelled\n\nMortar rounds hit the villages of Tal Sabra and Kafr Hamid on Monday. "
                  "The mayor of Tal Sabra, Omar Khalid, said two people were wounded.")
    person = entity(ex, "Omar Khalid")
    assert person.type == "Person"
    place = entity(ex, "Tal Sabra")
    assert top_class(place.type) == "Place"
    assert rel(ex, "Omar Khalid", "affiliatedWith", "Tal Sabra")


#: text -> labels each contract class must have, and labels it must not have
CASES = {
    "operation_names_keep_of_for_to_phrases": (
        "Army Pushes North\n\nThe army launched Operation Shield of Valour on Monday near Kassala. "
        "A second push, Operation Path to Freedom, began later. Officials said Operation Dawn "
        "for Peace would continue.",
        {"Operation": {"operation shield of valour", "operation path to freedom", "operation dawn for peace"}},
        {"Place": {"valour", "freedom", "peace"}}),
    "operation_name_stops_before_known_place_after_to": (
        "Troops Redeploy\n\nFrench troops deployed under Operation Serval to Mali in January, "
        "officials said.",
        {"Operation": {"operation serval"}, "Place": {"mali"}},
        {}),
    "abstract_noun_is_never_a_place": (
        "Strikes Continue\n\nThe council vowed to confront Extremism and Lawlessness in Kassala "
        "on Monday, officials said.",
        {"Place": {"kassala"}},
        {"Place": {"extremism", "lawlessness"}}),
    "hyphenated_particles_join_one_name": (
        "Strike in East\n\nAn air strike hit a convoy in Raqqat ez-Zahra province on Friday. "
        "Another strike hit Tell el-Hamam district near the border.",
        {"Place": {"raqqat ez zahra province", "tell el hamam district"}},
        {"Place": {"raqqat", "zahra province", "el hamam district"}}),
}


@pytest.mark.parametrize("text,has,lacks", CASES.values(), ids=list(CASES))
def test_names_and_their_classes(nlp, text, has, lacks):
    check_labels(run(nlp, text), has, lacks)
