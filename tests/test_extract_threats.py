"""threatenedBy on invented sentences: presence, activity in a place, and never a state's own forces.

The rule layer alone is run (no learned weights), except where a test says otherwise.
"""
from __future__ import annotations

import pytest

from kg.extract.learned.settings import using
from kg.extract.relations.threats import drop_own_forces, force_country
from kg.model import Article, Entity, Evidence, Extraction, Relation
from kg.rdf.ontology import normalise
from tests.conftest import extract_text


def run(nlp, text: str, *, mode: str = "rules") -> Extraction:
    with using(mode=mode):
        return extract_text(nlp, text)


def threats(ex: Extraction) -> set[tuple[str, str]]:
    label = {e.key: normalise(e.label) for e in ex.entities}
    return {(label[r.subject], label[r.object]) for r in ex.relations if r.predicate == "threatenedBy"}


def test_place_of_another_clause_is_not_threatened(nlp):
    ex = run(nlp, "Troops Sent\n\nThe army deployed troops in Bama on Monday to fight ISWAP.")
    assert not threats(ex)


def test_state_force_table_gives_the_country_it_serves():
    assert force_country(["Kenya Defence Forces"]) == "KE"
    assert force_country(["al-Shabaab"]) is None  # a non-state group serves no state


def _ev() -> Evidence:
    return Evidence("text", 0, 4)


def test_own_state_force_is_never_a_threat_to_its_country_but_a_foreign_army_may_be():
    ex = Extraction(article=Article(id="a", text="text"), entities=[
        Entity(key="place:lamu", type="Settlement", label="Lamu"),
        Entity(key="place:kenya", type="Country", label="Kenya"),
        Entity(key="place:ituri", type="Province", label="Ituri"),
        Entity(key="place:congo", type="Country", label="Democratic Republic of the Congo"),
        Entity(key="force:kdf", type="MilitaryUnit", label="Kenya Defence Forces"),
        Entity(key="force:updf", type="MilitaryUnit", label="Uganda People's Defence Force"),
    ], relations=[
        Relation("place:lamu", "locatedIn", "place:kenya", _ev(), 0.7),
        Relation("place:ituri", "locatedIn", "place:congo", _ev(), 0.7),
        Relation("place:lamu", "threatenedBy", "force:kdf", _ev(), 0.6),
        Relation("place:ituri", "threatenedBy", "force:updf", _ev(), 0.6),
    ])
    drop_own_forces(ex)
    kept = {(r.subject, r.object) for r in ex.relations if r.predicate == "threatenedBy"}
    assert kept == {("place:ituri", "force:updf")}


def test_hybrid_extraction_keeps_state_forces_off_their_own_places(nlp):
    ex = run(nlp, "Patrols\n\nNAIROBI, Kenya - Kenya Defence Forces soldiers patrolled Lamu on Monday, and "
                  "al-Shabaab militants remain active in Lamu.", mode="hybrid")
    assert not {t for t in threats(ex) if t[1] == normalise("Kenya Defence Forces")}


def test_place_retaken_from_a_group_was_held_by_it_not_by_the_retaking_army(nlp):
    ex = run(nlp, "Airfield Changes Hands\n\nKenyan and Somali soldiers have captured the airfield at Bardera "
                  "from al-Shabaab militants, an officer said.")
    assert threats(ex) == {(normalise("Bardera"), normalise("al-Shabaab"))}


def test_a_presence_noun_counts_only_for_the_group_it_belongs_to(nlp):
    ex = run(nlp, "Raids in Borno\n\nSoldiers destroyed an ISWAP camp in the Gaida area. ISWAP fighters fled as "
                  "soldiers reinforced the army base in Monguno. About 8,000 people displaced by the militants "
                  "live in the Gowa refugee camp near Bama.")
    got = threats(ex)
    isw = normalise("Islamic State West Africa Province")
    assert (normalise("Gaida area"), isw) in got
    assert not {p for p, _ in got} & {normalise("Monguno"), normalise("Bama"), normalise("Gowa refugee camp")}


_ISWAP = "Islamic State West Africa Province"

#: text -> (place, group) pairs by name that it makes threatenedBy, and pairs it must not
CASES = {
    "group_killed_or_attacking_in_a_place_threatens_it": (
        "Militants Killed\n\nSecurity forces killed three ISWAP militants in the Gaida area on Monday. "
        "ISWAP's coordinated attacks on police posts in Monguno killed ten.",
        [("Gaida area", _ISWAP), ("Monguno", _ISWAP)], []),
    "group_driven_or_kept_out_of_a_place_was_there": (
        "Army Pushes North\n\nTroops fought on Monday to keep ISWAP fighters out of Marte and Dikwa, "
        "the army said.",
        [("Marte", _ISWAP), ("Dikwa", _ISWAP)], []),
    "control_and_held_wording_names_the_holder": (
        "Six Years\n\nFor six years Las Brisas had been under the control of the Estado Mayor Central, "
        "a rebel group. Troops entered the al-Shabaab-held town of Bardera on Monday.",
        [("Las Brisas", "Estado Mayor Central"), ("Bardera", "al-Shabaab")], []),
    "a_named_forces_own_words_do_not_stand_for_the_hostile_group": (
        "Peak Taken\n\nISIS fighters hold the valley. Commandos of the army's Special Service Group "
        "took Kandao Peak, a summit in the Zor valley, on Sunday.",
        [], [("Kandao Peak", "Islamic State")]),
    "groups_a_generic_noun_lists_share_its_presence": (
        "Crackdown\n\nThe governor said the police will confront more than a dozen criminal groups operating "
        "in Tarvana, among them the Red Hand Cartel, Los Halcones and the Black River Gang.",
        [("Tarvana", "Red Hand Cartel"), ("Tarvana", "Los Halcones")], []),
    "forces_listed_as_members_of_criminal_groups_are_hostile": (
        "Crackdown\n\nThe governor said the police will confront several criminal groups, among them the Red Hand "
        "Cartel and Los Halcones. Los Halcones seized Pamel, a town near the coast, in March.",
        [("Pamel", "Los Halcones")], []),
    "forces_listed_after_a_neutral_noun_are_not": (
        "Talks\n\nThe governor said he will meet several groups, among them the Red Hand Cartel and Los Halcones. "
        "Los Halcones seized Pamel, a town near the coast, in March.",
        [], [("Pamel", "Los Halcones")]),
    "a_where_clause_with_a_hostile_subject_describes_the_place": (
        "Siege\n\nGovernment troops shelled Marava, where the rebel Northern Liberation Front beat back an "
        "assault on Sunday.",
        [("Marava", "Northern Liberation Front")], []),
    "a_reference_point_whose_where_clause_says_the_group_is_there": (
        "Strikes\n\nJets bombed the Kelso Hills area, north of the Tarom Mountains, where the Northern "
        "Liberation Front has its headquarters.",
        [("Tarom Mountains", "Northern Liberation Front")], []),
    "a_where_clause_of_mere_passage_is_not_presence": (
        "Wounded\n\nWounded militants of the Northern Liberation Front were taken to Kesso and Dunari, where "
        "the group intended to treat them.",
        [], [("Kesso", "Northern Liberation Front"), ("Dunari", "Northern Liberation Front")]),
    "they_of_a_reported_clause_are_its_speakers": (
        "Town Falls\n\nOn Wednesday the rebel Kachin Independence Army and the Northern People's Defense Force "
        "said they had taken full control of Bhamo, a town near the border.",
        [("Bhamo", "Kachin Independence Army"), ("Bhamo", "Northern People's Defense Force")], []),
    "a_state_army_speaking_of_its_own_capture_names_no_hostile_holder": (
        "Town Retaken\n\nThe army said they had seized Bhamo, and the rebel Kachin Independence Army denied it.",
        [], [("Bhamo", "Kachin Independence Army")]),
    "a_unit_of_a_hostile_group_is_hostile": (
        "Front\n\nThe rebel National Liberation Army's Northern Front has held sway over parts of Kasana "
        "province for decades.",
        [("Kasana province", "Northern Front")], []),
    "a_rebel_word_before_a_name_with_forces_in_it": (
        "War\n\nThe paramilitary Rapid Strike Forces seized most of Gedaref in the opening weeks of the war.",
        [("Gedaref", "Rapid Strike Forces")], []),
    "its_stands_for_the_group_named_before_it": (
        "Border\n\nThe rebel Tehreek-i-Taliban Pakistan attacked Bajaur on Monday, and the Tehreek-i-Taliban "
        "Pakistan claimed the attack. The offensive is also meant to keep ISIS, which officials call Daesh, from "
        "pushing into the country from its stronghold in Nangarhar.",
        [("Nangarhar", "Islamic State")], [("Nangarhar", "Tehreek-i-Taliban Pakistan")]),
    "a_group_cleared_from_a_place_whatever_the_parse_attaches_from_to": (
        "Sweep\n\nThe mission set out in mid-May to clear the armed group from the Bayoo and Drodro areas "
        "of Djugu, a CODECO stronghold.",
        [("Drodro areas", "Cooperative for the Development of Congo")], []),
}


@pytest.mark.parametrize("text,held,not_held", CASES.values(), ids=list(CASES))
def test_threats_stated_in_the_text(nlp, text, held, not_held):
    got = threats(run(nlp, text))
    for place, group in held:
        assert (normalise(place), normalise(group)) in got
    for place, group in not_held:
        assert (normalise(place), normalise(group)) not in got
