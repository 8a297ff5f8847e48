"""Which hostile group a generic "the militants" stands for, groups on the state's side, and
parts named through a possessed apposition; rule layer only, on invented sentences."""
from __future__ import annotations

import pytest

from kg.extract.learned.settings import using
from kg.model import Extraction
from kg.rdf.ontology import normalise
from tests.conftest import extract_text
from tests.extraction import incidents, rel, roles

pytestmark = pytest.mark.model


def run(nlp, text: str) -> Extraction:
    with using(mode="rules"):
        return extract_text(nlp, text)


def threats(ex: Extraction) -> set[tuple[str, str]]:
    label = {e.key: normalise(e.label) for e in ex.entities}
    return {(label[r.subject], label[r.object]) for r in ex.relations if r.predicate == "threatenedBy"}


_TWO_FRONTS = (
    "Two Fronts\n\nThe Red Hand Front attacked Dorva on Monday, and Red Hand Front fighters still hold "
    "Melkar.\n\nOfficials said the roads to Dorva had been closed. Schools in the district will stay shut "
    "until Friday. Aid workers said food was running short.\n\nIn the east, the Karsa Liberation Army "
    "raided a police post in Bosk on Tuesday. The militants also attacked a checkpoint in Pelmir, killing "
    "two guards.")


def test_the_militants_are_the_group_just_named_not_the_one_named_most(nlp):
    ex = run(nlp, _TWO_FRONTS)
    got = threats(ex)
    assert (normalise("Pelmir"), normalise("Karsa Liberation Army")) in got
    assert (normalise("Pelmir"), normalise("Red Hand Front")) not in got
    pelmir = [e for e in incidents(ex) if "pelmir" in roles(ex, e, "tookPlaceIn")]
    assert pelmir and all(roles(ex, e, "perpetratedBy") == {"karsa liberation army"} for e in pelmir)


def test_the_militants_stay_the_main_group_while_it_was_just_named(nlp):
    ex = run(nlp, "Hill War\n\nThe Red Hand Front attacked Dorva on Monday. Red Hand Front fighters are "
                  "backed by the Black Flag Battalion, a rebel group. The militants now hold Melkar.")
    got = threats(ex)
    assert (normalise("Melkar"), normalise("Red Hand Front")) in got
    assert (normalise("Melkar"), normalise("Black Flag Battalion")) not in got


@pytest.mark.parametrize("militia", [
    "the Homeland Guard (HG), a civilian militia that fights alongside the army,",
    "the Homeland Guard (HG), a pro-government militia,",
    "the Homeland Guard (HG), an auxiliary force that backs the army,",
])
def test_a_militia_on_the_states_side_is_no_threat(nlp, militia):
    ex = run(nlp, f"Town Attacked\n\nFour members of {militia} were killed in Dorva. Convoys to Melkar have "
                  "been escorted by soldiers and HG fighters since the attack. Homeland Guard fighters are "
                  "active in Tarvo.")
    assert not {p for p, g in threats(ex) if g == normalise("Homeland Guard")}


def test_a_possessed_apposition_names_the_whole_and_a_breakaway_faction_has_left_it(nlp):
    ex = run(nlp, "Hill Raids\n\nThe Dark Hawks, the Iron Front's branch in the hills, raided Solvo. "
                  "Police blamed the Kalanga People's Army (KPA), a breakaway faction of the Sarno "
                  "Liberation Front, for a bombing in Tarvo. The Tasso Brigade (TB), the Sarno Liberation "
                  "Front's northern wing, denied it.")
    assert rel(ex, "Dark Hawks", "partOf", "Iron Front")
    assert rel(ex, "Tasso Brigade", "partOf", "Sarno Liberation Front")
    assert not rel(ex, "Kalanga People's Army", "partOf", "Sarno Liberation Front")


def test_an_affiliate_is_not_a_sub_unit(nlp):
    ex = run(nlp, "Hill Raids\n\nThe Dark Hawks, the Iron Front's affiliate in the hills, raided Solvo.")
    assert not rel(ex, "Dark Hawks", "partOf", "Iron Front")


@pytest.mark.parametrize("claim,author", [
    ("The Red Hand Front claimed responsibility in a statement.", "red hand front"),
    ("No group has claimed responsibility, but officials suspect the Red Hand Front.", None),
    ("The Red Hand Front did not claim responsibility.", None),
])
def test_a_bare_claim_names_the_author_of_the_event_just_told(nlp, claim, author):
    ex = run(nlp, f"Bank Bombing\n\nA suicide bombing outside a bank in Dorva killed 11 people on Monday. {claim}")
    (bombing,) = incidents(ex)
    assert roles(ex, bombing, "perpetratedBy") == ({author} if author else set())
