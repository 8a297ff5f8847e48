"""Incidents on invented sentences: one incident per event, only discrete events, their roles.

The real pipeline parses the text (rule layer only); the assertions are about what an analyst
reads in the graph: how many incidents, who attacked whom, where and when.
"""
from __future__ import annotations

import pytest

from tests.conftest import extract_text as run
from tests.extraction import incidents, roles

pytestmark = pytest.mark.model

def test_later_mentions_of_the_event_are_one_incident(nlp):
    ex = run(nlp, "Convoy Ambushed\n\nRed Hand Front fighters ambushed a Varnian Army convoy near Kolo on "
                  "Monday, killing six soldiers. The ambush was the deadliest in the province this year. "
                  "The group claimed the attack in a statement on Tuesday, and the army said the blast "
                  "that opened it came from a roadside bomb.")
    inc = incidents(ex)
    assert len(inc) == 1
    assert len(inc[0].mentions) >= 3
    assert "red hand front" in roles(ex, inc[0], "perpetratedBy")
    assert "kolo" in roles(ex, inc[0], "tookPlaceIn")


def test_events_at_different_places_stay_apart(nlp):
    ex = run(nlp, "Two Attacks\n\nMilitants attacked a police post in Dorun on Monday. In a separate attack, "
                  "gunmen stormed a checkpoint in Melkar, killing two guards.")
    inc = incidents(ex)
    assert len(inc) == 2
    assert {frozenset(roles(ex, i, "tookPlaceIn")) for i in inc} == {frozenset({"dorun"}), frozenset({"melkar"})}


#: text -> how many incidents it reports; with one, (property, name) roles it has and has not
CASES = [
    pytest.param("Post Raided\n\nRed Hand Front gunmen raided a police post in Dorun on Wednesday. "
                 "The police post in Dorun was also attacked in 2019, when three officers died.", 2, [], [],
                 id="an_earlier_attack_on_the_same_place_is_another_incident"),
    pytest.param("Hideout Raided\n\nVarnian troops raided a Red Hand Front hideout in Dorun on Friday, "
                 "the army said. Two soldiers were wounded in the Dorun raid.", 1, [("tookPlaceIn", "dorun")], [],
                 id="a_place_naming_the_event_is_where_it_happened"),
    pytest.param("Insurgency\n\nRed Hand Front attacks have killed hundreds of civilians across Varnia "
                 "since the insurgency began.", 0, [], [],
                 id="generic_plurals_are_no_incidents"),
    pytest.param("Convoys Hit\n\nGunmen ambushed a convoy near Kolo on Monday. Another convoy hit a mine "
                 "near Dorun on Tuesday in a separate attack. The army put the toll of the two attacks at "
                 "nine soldiers.", 2, [], [],
                 id="a_summing_up_plural_is_no_further_incident"),
    pytest.param("Helicopters\n\nThe Varnian Army deployed two attack helicopters to Kolo on Sunday.", 0, [], [],
                 id="attack_helicopters_are_no_attack"),
    pytest.param("Strikes\n\nThe Varnian Air Force carried out strikes on Red Hand Front positions near "
                 "Dorun on Sunday.", 1, [("targeted", "red hand front"), ("perpetratedBy", "varnian air force")], [],
                 id="strikes_on_a_group_without_air_are_an_incident"),
    pytest.param("Commander Dead\n\nThe army confirmed the killing of Arko Belen, a Red Hand Front "
                 "commander, by Varnian special forces in Dorun on Saturday.", 1, [("targeted", "arko belen")], [],
                 id="the_killing_of_a_person_is_an_incident_targeting_them"),
    pytest.param("Camp Hit\n\nThe Varnian Air Force carried out an air strike on a Red Hand Front camp near "
                 "Kolo on Monday. The ministry described it as a defensive strike and said no civilians "
                 "were hurt.", 1, [], [],
                 id="an_event_described_again_is_the_same_incident"),
    pytest.param("Warning\n\nAid groups warned of mass casualties if Dorun is attacked. Red Hand Front "
                 "militants have stepped up attacks on army posts in the hills.", 0, [], [],
                 id="conditional_and_trend_attacks_are_no_incidents"),
    pytest.param("Strikes Kill Militants\n\nOfficials said at least twelve Red Hand Front militants were "
                 "among those killed in the air strikes near Kolo.", 1,
                 [("targeted", "red hand front")], [("perpetratedBy", "red hand front")],
                 id="insurgents_killed_in_air_strikes_are_their_target"),
    pytest.param("Blast Claimed\n\nA bomb went off at a market in Dorun on Monday, killing nine people. "
                 "The Red Hand Front claimed responsibility for the blast.", 1, [("perpetratedBy", "red hand front")], [],
                 id="who_claimed_is_the_perpetrator"),
    pytest.param("Raid Blamed\n\nGunmen raided a police post in Kolo on Friday. Officials blamed the raid "
                 "on the Kestrel Militia.", 1, [("perpetratedBy", "kestrel militia")], [],
                 id="who_was_blamed_is_the_perpetrator"),
    pytest.param("Jets Strike\n\nVarnian Air Force jets killed nine members of the Red Hand Front in raids on "
                 "the Kolo hills on Sunday, the ministry said.", 1,
                 [("perpetratedBy", "varnian air force"), ("targeted", "red hand front")],
                 [("perpetratedBy", "red hand front"), ("targeted", "varnian air force")],
                 id="who_killed_whom_in_a_raid_are_its_perpetrator_and_target"),
    pytest.param("Soldiers Killed\n\nFour soldiers of the Varnian Army were killed in an ambush near Dorun on "
                 "Monday.", 1, [("targeted", "varnian army")], [("perpetratedBy", "varnian army")],
                 id="those_killed_in_an_event_were_its_target"),
    pytest.param("Ambush Claimed\n\nThe Red Hand Front claimed the ambush that killed two Kestrel Militia "
                 "fighters near Dorun on Monday.", 1,
                 [("perpetratedBy", "red hand front"), ("targeted", "kestrel militia")],
                 [("perpetratedBy", "kestrel militia")],
                 id="who_the_event_killed_was_its_target"),
    pytest.param("Strike Kills Fighters\n\nThe Varnian Air Force said an air strike near Dorun on Monday killed "
                 "twenty Red Hand Front fighters.", 1,
                 [("perpetratedBy", "varnian air force"), ("targeted", "red hand front")],
                 [("perpetratedBy", "red hand front")],
                 id="an_air_strike_that_killed_a_group_was_flown_by_the_force_named"),
    pytest.param("Post Bombed\n\nMilitants drove a truck bomb into an army post in Kolo on Tuesday. Responsibility "
                 "for the Kolo attack was claimed by the Red Hand Front.", 1, [("perpetratedBy", "red hand front")], [],
                 id="who_responsibility_was_claimed_by_is_the_perpetrator"),
    pytest.param("Station Raided\n\nGunmen raided a police station in Dorun on Friday. The raid was claimed by "
                 "the Kestrel Militia.", 1, [("perpetratedBy", "kestrel militia")], [],
                 id="who_the_event_was_claimed_by_is_the_perpetrator"),
    pytest.param("Officers Killed\n\nColonel Arko Belen, commanding officer of the 19th Brigade, and Inspector "
                 "Dario Lenk of the Varnian Police were killed in a gunfight near Kolo on Wednesday.", 1,
                 [("targeted", "arko belen"), ("targeted", "dario lenk"), ("targeted", "varnian police")], [],
                 id="persons_killed_in_an_event_were_its_targets"),
    pytest.param("Towns Attacked\n\nKestrel Militia fighters attacked Lasu and Libogo on Sunday, the army said.", 1,
                 [("tookPlaceIn", "lasu"), ("tookPlaceIn", "libogo")], [],
                 id="places_coordinated_with_the_event_place_are_its_places"),
    pytest.param("Convoy Hit\n\nThe Varnian Army lost four soldiers in a Red Hand Front ambush near Kolo on "
                 "Monday.", 1, [("targeted", "varnian army"), ("perpetratedBy", "red hand front")],
                 [("perpetratedBy", "varnian army")],
                 id="who_lost_men_in_the_event_was_its_target"),
    pytest.param("Raid\n\nFive soldiers of the Varnian Army died in a Red Hand Front raid on Dorun on Sunday.", 1,
                 [("targeted", "varnian army")], [("perpetratedBy", "varnian army")],
                 id="who_died_in_the_event_was_its_target"),
    pytest.param("Strikes\n\nVarnian Air Force strikes hit Red Hand Front positions near Dorun on Sunday.", 1,
                 [("perpetratedBy", "varnian air force"), ("targeted", "red hand front")],
                 [("perpetratedBy", "red hand front")],
                 id="what_the_strikes_hit_was_their_target"),
    pytest.param("Checkpoint\n\nThree soldiers of the Varnian Army were killed when Red Hand Front fighters "
                 "stormed a checkpoint at Sefa on Saturday.", 1,
                 [("perpetratedBy", "red hand front"), ("targeted", "varnian army")], [],
                 id="who_was_killed_when_the_event_happened_was_its_target"),
    pytest.param("Base Stormed\n\nRed Hand Front fighters attacked an army base in Kolo on Thursday. The "
                 "insurgents detonated a car bomb at the gate before storming it.", 1,
                 [("tookPlaceIn", "kolo")], [],
                 id="an_event_verb_on_a_pronoun_continues_the_event_told"),
    pytest.param("Mine\n\nColonel Arko Belen, a Varnian Army commander, was killed by a mine explosion near Kolo "
                 "on Monday.", 1, [("targeted", "arko belen")], [],
                 id="who_an_event_killed_in_the_passive_was_its_target"),
    pytest.param("Jets\n\nVarnian Air Force jets hit Red Hand Front fighters in two raids on Dorun on Saturday.", 1,
                 [("perpetratedBy", "varnian air force"), ("targeted", "red hand front")],
                 [("perpetratedBy", "red hand front"), ("targeted", "varnian air force")],
                 id="who_hit_whom_in_raids_are_their_perpetrator_and_target"),
    pytest.param("Market\n\nTroops of the Kestrel Brigade raided and burnt a Red Hand Front market at Sefa on "
                 "Wednesday.", 1, [("perpetratedBy", "kestrel brigade"), ("targeted", "red hand front")], [],
                 id="coordinated_event_verbs_share_their_object"),
    pytest.param("Strikes\n\nAmong those killed in the air strikes near Kolo was a senior Red Hand Front "
                 "commander, Arko Belen.", 1, [("targeted", "arko belen"), ("targeted", "red hand front")],
                 [("perpetratedBy", "red hand front")],
                 id="who_was_among_those_killed_in_the_event_was_its_target"),
    pytest.param("Hills\n\nVarnian troops retreated across the Dara hills after a counterattack by the Red Hand "
                 "Front on Thursday, officials said.", 1, [("perpetratedBy", "red hand front")], [],
                 id="a_counterattack_is_an_incident"),
    pytest.param("Patrol\n\nRed Hand Front gunmen opened fire on a Varnian Army patrol near Kolo on Monday, "
                 "wounding two soldiers.", 1, [("perpetratedBy", "red hand front"), ("targeted", "varnian army")], [],
                 id="opening_fire_on_someone_is_an_attack"),
    pytest.param("Ambush\n\nRed Hand Front fighters ambushed a Varnian Army convoy near Kolo on Monday. As the "
                 "trucks slowed, the fighters opened fire on them.", 1, [("perpetratedBy", "red hand front")], [],
                 id="opening_fire_tells_how_the_event_already_named_began"),
    pytest.param("Mayor Seized\n\nThe Red Hand Front is active around Kolo. Gunmen kidnapped a local mayor "
                 "in Dorun on Sunday. No group has claimed the kidnapping.", 1, [("tookPlaceIn", "dorun")],
                 [("perpetratedBy", "red hand front")],
                 id="an_event_nobody_claimed_is_not_given_the_group_in_focus"),
    pytest.param("Posts\n\nRed Hand Front fighters have continued to attack army posts in Dorun since 2019.",
                 0, [], [], id="continuing_to_attack_is_a_habit_not_an_incident"),
]


@pytest.mark.parametrize("text,count,has,lacks", CASES)
def test_incidents_and_their_roles(nlp, text, count, has, lacks):
    ex = run(nlp, text)
    inc = incidents(ex)
    assert len(inc) == count
    for pred, name in has:
        assert name in roles(ex, inc[0], pred)
    for pred, name in lacks:
        assert name not in roles(ex, inc[0], pred)
