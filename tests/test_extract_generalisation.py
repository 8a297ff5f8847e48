"""General naming rules on invented sentences: operation names, appositions, Arabic particles, classes."""
from __future__ import annotations

from kg.model import Extraction
from kg.rdf.ontology import normalise, top_class
from tests.conftest import extract_text as run


def labels(ex: Extraction, top: str) -> set[str]:
    return {normalise(e.label) for e in ex.entities if top_class(e.type) == top}


def entity(ex: Extraction, name: str):
    n = normalise(name)
    hits = [e for e in ex.entities if normalise(e.label) == n or n in {normalise(a) for a in e.aliases}]
    assert hits, f"{name!r} not in {[e.label for e in ex.entities]}"
    return hits[0]


def test_operation_names_keep_of_for_to_phrases(nlp):
    ex = run(nlp, "Army Pushes North\n\nThe army launched Operation Shield of Valour on Monday near Kassala. "
                  "A second push, Operation Path to Freedom, began later. Officials said Operation Dawn "
                  "for Peace would continue.")
    ops = labels(ex, "Operation")
    assert {"operation shield of valour", "operation path to freedom", "operation dawn for peace"} <= ops
    places = labels(ex, "Place")
    assert not places & {"valour", "freedom", "peace"}


def test_operation_name_stops_before_known_place_after_to(nlp):
    ex = run(nlp, "Troops Redeploy\n\nFrench troops deployed under Operation Serval to Mali in January, "
                  "officials said.")
    assert "operation serval" in labels(ex, "Operation")
    assert "mali" in labels(ex, "Place")


def test_abstract_noun_is_never_a_place(nlp):
    ex = run(nlp, "Strikes Continue\n\nThe council vowed to confront Extremism and Lawlessness in Kassala "
                  "on Monday, officials said.")
    places = labels(ex, "Place")
    assert "kassala" in places
    assert not places & {"extremism", "lawlessness"}


def test_apposition_after_role_of_place_is_a_person(nlp):
    ex = run(nlp, "Clashes Near River\n\nGunmen attacked a checkpoint near Kassala on Monday. "
                  "The governor of Kassala, Yusuf Adam, said three soldiers were killed.")
    person = entity(ex, "Yusuf Adam")
    assert top_class(person.type) == "Person"
    place = entity(ex, "Kassala")
    assert any(r.subject == person.key and r.predicate == "affiliatedWith" and r.object == place.key
               for r in ex.relations)


def test_arabic_topographic_names_stay_whole(nlp):
    ex = run(nlp, "Patrol Sweeps Valley\n\nTroops searched the Wadi al-Hamra valley on Tuesday. Fighters "
                  "fled toward Jabal al-Sawda mountain and Ain al-Beida.")
    places = labels(ex, "Place")
    assert "wadi al hamra valley" in places
    assert "jabal al sawda mountain" in places
    assert "ain al beida" in places
    assert not places & {"wadi al", "al hamra valley", "al sawda mountain"}
    assert not labels(ex, "Person")


def test_hyphenated_particles_join_one_name(nlp):
    ex = run(nlp, "Strike in East\n\nAn air strike hit a convoy in Raqqat ez-Zahra province on Friday. "
                  "Another strike hit Tell el-Hamam district near the border.")
    places = labels(ex, "Place")
    assert "raqqat ez zahra province" in places
    assert "tell el hamam district" in places
    assert not places & {"raqqat", "zahra province", "el hamam district"}


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
    assert any(r.subject == person.key and r.predicate == "affiliatedWith" and r.object == place.key
               for r in ex.relations)
