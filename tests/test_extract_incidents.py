"""Incidents on invented sentences: one incident per event, only discrete events, their roles.

The real pipeline parses the text (rule layer only); the assertions are about what an analyst
reads in the graph: how many incidents, who attacked whom, where and when.
"""
from __future__ import annotations

import pytest

from kg.model import Entity, Extraction
from kg.rdf.ontology import normalise, top_class
from tests.conftest import extract_text as run

pytestmark = pytest.mark.model


def incidents_of(ex: Extraction) -> list[Entity]:
    return [e for e in ex.entities if top_class(e.type) == "Incident"]


def rels_of(ex: Extraction, inc: Entity, pred: str) -> set[str]:
    names = {e.key: normalise(e.label) for e in ex.entities}
    return {names[r.object] for r in ex.relations if r.subject == inc.key and r.predicate == pred}


def test_later_mentions_of_the_event_are_one_incident(nlp):
    ex = run(nlp, "Convoy Ambushed\n\nRed Hand Front fighters ambushed a Varnian Army convoy near Kolo on "
                  "Monday, killing six soldiers. The ambush was the deadliest in the province this year. "
                  "The group claimed the attack in a statement on Tuesday, and the army said the blast "
                  "that opened it came from a roadside bomb.")
    inc = incidents_of(ex)
    assert len(inc) == 1
    assert len(inc[0].mentions) >= 3
    assert "red hand front" in rels_of(ex, inc[0], "perpetratedBy")
    assert "kolo" in rels_of(ex, inc[0], "tookPlaceIn")


def test_events_at_different_places_stay_apart(nlp):
    ex = run(nlp, "Two Attacks\n\nMilitants attacked a police post in Dorun on Monday. In a separate attack, "
                  "gunmen stormed a checkpoint in Melkar, killing two guards.")
    inc = incidents_of(ex)
    assert len(inc) == 2
    assert {frozenset(rels_of(ex, i, "tookPlaceIn")) for i in inc} == {frozenset({"dorun"}), frozenset({"melkar"})}


def test_an_earlier_attack_on_the_same_place_is_another_incident(nlp):
    ex = run(nlp, "Post Raided\n\nRed Hand Front gunmen raided a police post in Dorun on Wednesday. "
                  "The police post in Dorun was also attacked in 2019, when three officers died.")
    assert len(incidents_of(ex)) == 2


def test_a_place_naming_the_event_is_where_it_happened(nlp):
    ex = run(nlp, "Hideout Raided\n\nVarnian troops raided a Red Hand Front hideout in Dorun on Friday, "
                  "the army said. Two soldiers were wounded in the Dorun raid.")
    inc = incidents_of(ex)
    assert len(inc) == 1
    assert "dorun" in rels_of(ex, inc[0], "tookPlaceIn")


def test_generic_and_summing_up_plurals_are_no_incidents(nlp):
    ex = run(nlp, "Insurgency\n\nRed Hand Front attacks have killed hundreds of civilians across Varnia "
                  "since the insurgency began.")
    assert not incidents_of(ex)
    ex = run(nlp, "Convoys Hit\n\nGunmen ambushed a convoy near Kolo on Monday. Another convoy hit a mine "
                  "near Dorun on Tuesday in a separate attack. The army put the toll of the two attacks at "
                  "nine soldiers.")
    assert len(incidents_of(ex)) == 2


def test_attack_helicopters_are_no_attack(nlp):
    ex = run(nlp, "Helicopters\n\nThe Varnian Army deployed two attack helicopters to Kolo on Sunday.")
    assert not incidents_of(ex)


def test_strikes_on_a_group_without_air_are_an_incident(nlp):
    ex = run(nlp, "Strikes\n\nThe Varnian Air Force carried out strikes on Red Hand Front positions near "
                  "Dorun on Sunday.")
    inc = incidents_of(ex)
    assert len(inc) == 1
    assert "red hand front" in rels_of(ex, inc[0], "targeted")
    assert "varnian air force" in rels_of(ex, inc[0], "perpetratedBy")


def test_the_killing_of_a_person_is_an_incident_targeting_them(nlp):
    ex = run(nlp, "Commander Dead\n\nThe army confirmed the killing of Arko Belen, a Red Hand Front "
                  "commander, by Varnian special forces in Dorun on Saturday.")
    inc = incidents_of(ex)
    assert len(inc) == 1
    assert "arko belen" in rels_of(ex, inc[0], "targeted")


def test_an_event_described_again_is_the_same_incident(nlp):
    ex = run(nlp, "Camp Hit\n\nThe Varnian Air Force carried out an air strike on a Red Hand Front camp near "
                  "Kolo on Monday. The ministry described it as a defensive strike and said no civilians "
                  "were hurt.")
    assert len(incidents_of(ex)) == 1


def test_conditional_and_trend_attacks_are_no_incidents(nlp):
    ex = run(nlp, "Warning\n\nAid groups warned of mass casualties if Dorun is attacked. Red Hand Front "
                  "militants have stepped up attacks on army posts in the hills.")
    assert not incidents_of(ex)


def test_insurgents_killed_in_air_strikes_are_their_target(nlp):
    ex = run(nlp, "Strikes Kill Militants\n\nOfficials said at least twelve Red Hand Front militants were "
                  "among those killed in the air strikes near Kolo.")
    inc = incidents_of(ex)
    assert len(inc) == 1
    assert "red hand front" in rels_of(ex, inc[0], "targeted")
    assert "red hand front" not in rels_of(ex, inc[0], "perpetratedBy")


def test_who_claimed_or_was_blamed_is_the_perpetrator(nlp):
    ex = run(nlp, "Blast Claimed\n\nA bomb went off at a market in Dorun on Monday, killing nine people. "
                  "The Red Hand Front claimed responsibility for the blast.")
    inc = incidents_of(ex)
    assert len(inc) == 1
    assert "red hand front" in rels_of(ex, inc[0], "perpetratedBy")
    ex = run(nlp, "Raid Blamed\n\nGunmen raided a police post in Kolo on Friday. Officials blamed the raid "
                  "on the Kestrel Militia.")
    inc = incidents_of(ex)
    assert len(inc) == 1
    assert "kestrel militia" in rels_of(ex, inc[0], "perpetratedBy")
