"""Incidents and force structure on invented sentences (real pipeline: the parse decides)."""
from __future__ import annotations

import pytest

from kg.model import Extraction
from kg.rdf.ontology import normalise, top_class
from tests.conftest import extract_text as run

pytestmark = pytest.mark.model


def triples(ex: Extraction) -> set[tuple[str, str, str]]:
    names = {e.key: normalise(e.label) for e in ex.entities}
    return {(names[r.subject], r.predicate, names[r.object]) for r in ex.relations}


def incident_rels(ex: Extraction, pred: str) -> set[str]:
    names = {e.key: normalise(e.label) for e in ex.entities}
    inc = {e.key for e in ex.entities if top_class(e.type) == "Incident"}
    return {names[r.object] for r in ex.relations if r.subject in inc and r.predicate == pred}


def test_attacker_and_target_are_kept_apart(nlp):
    ex = run(nlp, "Checkpoint Hit\n\nFighters of the Red Hand Front attacked a Varnian Army checkpoint near "
                  "Kolo on Monday, killing four soldiers.")
    assert incident_rels(ex, "perpetratedBy") == {"red hand front"}
    assert incident_rels(ex, "targeted") == {"varnian army"}
    assert "kolo" in incident_rels(ex, "tookPlaceIn")


def test_strikes_on_a_group_give_the_target(nlp):
    ex = run(nlp, "Strikes Reported\n\nThe Varnian Air Force carried out air strikes on Red Hand Front positions "
                  "in Kolo district on Sunday, the ministry said.")
    assert "varnian air force" in incident_rels(ex, "perpetratedBy")
    assert "red hand front" in incident_rels(ex, "targeted")
    assert "red hand front" not in incident_rels(ex, "perpetratedBy")


def test_attack_place_is_threatened_by_the_attacker(nlp):
    ex = run(nlp, "Town Attacked\n\nRed Hand Front militants stormed the town of Dorun on Friday, "
                  "burning the market, police said.")
    assert ("dorun", "threatenedBy", "red hand front") in triples(ex)


def test_habitual_and_planned_attacks_are_no_incidents(nlp):
    ex = run(nlp, "Threats\n\nThe Red Hand Front frequently attacks convoys on the Kolo road. Police said "
                  "the militants had planned an attack on Dorun.")
    assert not [e for e in ex.entities if top_class(e.type) == "Incident"]


def test_abduction_is_an_incident_with_its_date(nlp):
    ex = run(nlp, "Women Taken\n\nRed Hand Front fighters abducted three women in Dorun on March 3, "
                  "a local official said.", published="2024-03-10")
    inc = [e for e in ex.entities if top_class(e.type) == "Incident"]
    assert inc and inc[0].attributes.get("date") == "2024-03-03"


def test_named_parts_of_forces(nlp):
    ex = run(nlp, "Structure\n\nThe Kestrel Brigades, the armed wing of the Red Hand Front, said the "
                  "Varnian Army's Northern Command had moved. The Osprey Battalion of the Falcon Brigade "
                  "joined. Jaysh al-Nour, an elite Red Hand Front unit, withdrew.")
    t = triples(ex)
    assert ("kestrel brigades", "partOf", "red hand front") in t
    assert ("northern command", "partOf", "varnian army") in t
    assert ("osprey battalion", "partOf", "falcon brigade") in t
    assert ("jaysh al nour", "partOf", "red hand front") in t


def test_apposition_and_listed_places_are_located(nlp):
    ex = run(nlp, "Fighting Spreads\n\nTroops retook Dorun, a small locality in Kolva district, on Monday. "
                  "Fighting spread to Melkar, Dosani and Rutova townships in Varno State.")
    t = triples(ex)
    assert ("dorun", "locatedIn", "kolva district") in t
    for place in ("melkar", "dosani", "rutova"):
        assert (place, "locatedIn", "varno state") in t


def test_rebel_apposition_makes_a_group_hostile(nlp):
    ex = run(nlp, "Rebels Hold Town\n\nThe Kestrel Coalition, a rebel alliance, still holds Dorun, residents said.")
    assert ("dorun", "threatenedBy", "kestrel coalition") in triples(ex)


def test_roles_through_possessives_ranks_and_leading_verbs(nlp):
    ex = run(nlp, "Leaders Speak\n\nThe Red Hand Front's longtime leader Omar Tal was killed on Monday. "
                  "KLF Major General Aung Tun said the fighting resumed. The Kestrel Militia, a group led by "
                  "Idris Bako, joined the offensive.")
    t = triples(ex)
    assert ("omar tal", "affiliatedWith", "red hand front") in t
    assert ("aung tun", "affiliatedWith", "klf") in t
    assert ("idris bako", "affiliatedWith", "kestrel militia") in t
