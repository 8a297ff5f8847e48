"""affiliatedWith read from the clause or apposition after a name ("who speaks for X", "aligned
with the faction of X", "pledged allegiance to X"), "led by" in a conjoined clause, a role after
a force's short form, and the head of a place."""
from __future__ import annotations

from tests.conftest import extract_text as run
from tests.extraction import check_relations


def test_a_person_aligned_with_a_faction_of_a_force(nlp):
    ex = run(nlp, "Hill Report\n\nPolice detained Gen. Tesfaye Abera, a retired commander aligned with the "
                  "faction of the Karsa Liberation Front (KLF) that Omar Daud heads, on Monday.")
    check_relations(ex, holds=[("Tesfaye Abera", "affiliatedWith", "Karsa Liberation Front")])


def test_who_speaks_for_a_force(nlp):
    ex = run(nlp, "Hill Report\n\nThe Hill Militia shelled an army post. Lemma Girma, who speaks for the "
                  "Hill Militia in Dorva, told reporters that no fighter was hurt.")
    check_relations(ex, holds=[("Lemma Girma", "affiliatedWith", "Hill Militia")],
                    fails=[("Lemma Girma", "affiliatedWith", "Dorva")])


def test_pledged_allegiance_after_a_name(nlp):
    ex = run(nlp, "Desert Report\n\nTroops killed Hamid Farouk, a cleric who pledged allegiance to the "
                  "Desert Front in 2019, near Dorva. Troops also killed Omar Sadiq, a cleric who was close to "
                  "the Desert Front.")
    check_relations(ex, holds=[("Hamid Farouk", "affiliatedWith", "Desert Front")],
                    fails=[("Omar Sadiq", "affiliatedWith", "Desert Front")])


def test_the_leader_named_in_a_conjoined_passive(nlp):
    ex = run(nlp, "Hill Report\n\nTalks stalled with the Red Hand Brigade, which was founded by Amos Kerubo "
                  "but is now run by Ravi Menon.")
    check_relations(ex, holds=[("Amos Kerubo", "affiliatedWith", "Red Hand Brigade"),
                               ("Ravi Menon", "affiliatedWith", "Red Hand Brigade")])


def test_a_name_in_the_apposition_stops_the_reading(nlp):
    ex = run(nlp, "Hill Report\n\nOmar Daud, a friend of Karim Salem, who speaks for the Hill Militia, "
                  "was arrested.")
    check_relations(ex, fails=[("Omar Daud", "affiliatedWith", "Hill Militia")])


def test_a_role_after_a_force_and_its_short_form(nlp):
    ex = run(nlp, "Depot Raid\n\nRebels raided a depot at Dorva. Karsa Defence Forces (KDF) spokesman Amos "
                  "Kerubo said the raid was repulsed.")
    check_relations(ex, holds=[("Amos Kerubo", "affiliatedWith", "Karsa Defence Forces")])


def test_the_head_of_a_place_and_of_a_place_s_district(nlp):
    ex = run(nlp, "Hill Report\n\nLev Orlov, the head of Karsa region, said six were killed. A nephew of Ivan "
                  "Petrov, the head of Karsa region's Dorva district, was arrested.")
    check_relations(ex, holds=[("Lev Orlov", "affiliatedWith", "Karsa region"),
                               ("Ivan Petrov", "affiliatedWith", "Dorva district")],
                    fails=[("Ivan Petrov", "affiliatedWith", "Karsa region")])
