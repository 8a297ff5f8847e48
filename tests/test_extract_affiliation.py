"""affiliatedWith read from the clause or apposition after a name: "who speaks for X", "aligned
with the faction of X", "pledged allegiance to X", and "led by" in a conjoined clause."""
from __future__ import annotations

from tests.conftest import extract_text as run
from tests.extraction import check_relations


def test_a_person_aligned_with_a_faction_of_a_force(nlp):
    ex = run(nlp, "Hill Report\n\nGen. Tesfaye Abera, a senior officer aligned with the faction of the Karsa "
                  "Liberation Front (KLF) headed by Omar Daud, was arrested on Monday.")
    check_relations(ex, holds=[("Tesfaye Abera", "affiliatedWith", "Karsa Liberation Front"),
                               ("Omar Daud", "affiliatedWith", "Karsa Liberation Front")])


def test_who_speaks_for_a_force(nlp):
    ex = run(nlp, "Hill Report\n\nThe Hill Militia attacked an army post. Lemma Girma, who speaks for the "
                  "Hill Militia in Dorva, said the army had lost 40 men.")
    check_relations(ex, holds=[("Lemma Girma", "affiliatedWith", "Hill Militia")],
                    fails=[("Lemma Girma", "affiliatedWith", "Dorva")])


def test_pledged_allegiance_after_a_name(nlp):
    ex = run(nlp, "Desert Report\n\nTroops killed Hamid Farouk, a cleric who pledged allegiance to the "
                  "Desert Front in 2019, near Dorva. Troops also killed Omar Sadiq, a cleric who was close to "
                  "the Desert Front.")
    check_relations(ex, holds=[("Hamid Farouk", "affiliatedWith", "Desert Front")],
                    fails=[("Omar Sadiq", "affiliatedWith", "Desert Front")])


def test_the_leader_named_in_a_conjoined_passive(nlp):
    ex = run(nlp, "Hill Report\n\nThe army has fought the Red Hand Brigade, which is nominally headed by "
                  "Amos Kerubo but has been led by deputy chairman Ravi Menon since March.")
    check_relations(ex, holds=[("Amos Kerubo", "affiliatedWith", "Red Hand Brigade"),
                               ("Ravi Menon", "affiliatedWith", "Red Hand Brigade")])


def test_a_name_in_the_apposition_stops_the_reading(nlp):
    ex = run(nlp, "Hill Report\n\nOmar Daud, a friend of Karim Salem, who speaks for the Hill Militia, "
                  "was arrested.")
    check_relations(ex, fails=[("Omar Daud", "affiliatedWith", "Hill Militia")])
