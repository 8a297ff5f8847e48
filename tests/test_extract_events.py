"""Incidents and force structure on invented sentences (real pipeline: the parse decides)."""
from __future__ import annotations

import pytest

from kg.model import Extraction
from tests.conftest import extract_text as run
from tests.extraction import incidents, roles, triples

pytestmark = pytest.mark.model


def incident_rels(ex: Extraction, pred: str) -> set[str]:
    return set().union(*(roles(ex, inc, pred) for inc in incidents(ex)))


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


def test_habitual_and_planned_attacks_are_no_incidents(nlp):
    ex = run(nlp, "Threats\n\nThe Red Hand Front frequently attacks convoys on the Kolo road. Police said "
                  "the militants had planned an attack on Dorun.")
    assert not incidents(ex)


def test_abduction_is_an_incident_with_its_date(nlp):
    ex = run(nlp, "Women Taken\n\nRed Hand Front fighters abducted three women in Dorun on March 3, "
                  "a local official said.", published="2024-03-10")
    inc = incidents(ex)
    assert inc and inc[0].attributes.get("date") == "2024-03-03"


#: what the graph of a text holds: (subject, property, object) triples by name
STATED = {
    "attack_place_is_threatened_by_the_attacker": (
        "Town Attacked\n\nRed Hand Front militants stormed the town of Dorun on Friday, burning the market, "
        "police said.",
        [("dorun", "threatenedBy", "red hand front")]),
    "named_parts_of_forces": (
        "Structure\n\nThe Kestrel Brigades, the armed wing of the Red Hand Front, said the Varnian Army's "
        "Northern Command had moved. The Osprey Battalion of the Falcon Brigade joined. Jaysh al-Nour, an "
        "elite Red Hand Front unit, withdrew.",
        [("kestrel brigades", "partOf", "red hand front"), ("northern command", "partOf", "varnian army"),
         ("osprey battalion", "partOf", "falcon brigade"), ("jaysh al nour", "partOf", "red hand front")]),
    "apposition_and_listed_places_are_located": (
        "Fighting Spreads\n\nTroops retook Dorun, a small locality in Kolva district, on Monday. Fighting "
        "spread to Melkar, Dosani and Rutova townships in Varno State.",
        [("dorun", "locatedIn", "kolva district"),
         *((place, "locatedIn", "varno state") for place in ("melkar", "dosani", "rutova"))]),
    "rebel_apposition_makes_a_group_hostile": (
        "Rebels Hold Town\n\nThe Kestrel Coalition, a rebel alliance, still holds Dorun, residents said.",
        [("dorun", "threatenedBy", "kestrel coalition")]),
    "roles_through_possessives_ranks_and_leading_verbs": (
        "Leaders Speak\n\nThe Red Hand Front's longtime leader Omar Tal was killed on Monday. KLF Major "
        "General Aung Tun said the fighting resumed. The Kestrel Militia, a group led by Idris Bako, joined "
        "the offensive.",
        [("omar tal", "affiliatedWith", "red hand front"), ("aung tun", "affiliatedWith", "klf"),
         ("idris bako", "affiliatedWith", "kestrel militia")]),
}


@pytest.mark.parametrize("text,expected", STATED.values(), ids=STATED)
def test_stated_relations_are_in_the_graph(nlp, text, expected):
    t = triples(run(nlp, text))
    for triple in expected:
        assert triple in t
