"""Relation rules on invented sentences: focus, lists, containment, threats, participation."""
from __future__ import annotations

import pytest

from tests.conftest import extract_text as run
from tests.extraction import check_relations

_CLEARED = ("Melkar", "Dosani", "Rutova", "Pelmir")
_PHASE = "second phase of Operation Blue Heron"

def test_named_as_alias_for_a_phase(nlp):
    ex = run(nlp, "Northern Drive\n\nTroops began the third phase of Operation Red Dune last week. "
                  "This phase is known as Red Dune III.")
    phase = next(e for e in ex.entities if e.type == "Phase")
    assert "Red Dune III" in phase.aliases


#: text -> relations (subject, property, object by name) that hold, and that do not
CASES = [
    pytest.param(
        "Lakeside Push\n\nThe 12th Brigade cleared rebel camps in Tarvo District during the second "
        "phase of Operation Blue Heron, a campaign run under Operation Iron Gate.\n\n"
        "An officer said the camps that were searched included Melkar, Dosani, Rutova and Pelmir.",
        # "the camps in Tarvo District ... the camps that were searched included ...": stated containment
        [*((_PHASE, "tookPlaceIn", p) for p in _CLEARED), *((p, "locatedIn", "Tarvo District") for p in _CLEARED),
         ("12th Brigade", "participatedIn", _PHASE)],
        [("Operation Iron Gate", "tookPlaceIn", p) for p in _CLEARED],
        id="list_of_cleared_places_goes_to_the_phase_in_focus"),
    pytest.param(
        "Valley Sweep\n\nThe 40 Brigade, which consists of the 7, 8 and 9 Rifle Battalions, "
        "led Operation Stone Wall in Korvi.",
        [("40 Brigade", "participatedIn", "Operation Stone Wall"), ("Operation Stone Wall", "tookPlaceIn", "Korvi")],
        [("8 Rifle Battalion", "participatedIn", "Operation Stone Wall")],
        id="components_of_a_unit_do_not_participate"),
    pytest.param(
        "Ridge Clearance\n\nOperation Grey Falcon cleared Hasvik on Monday. Wounded rebels were "
        "taken to Omberg and Tallin, where the group treats them.",
        [("Operation Grey Falcon", "tookPlaceIn", "Hasvik")],
        [("Operation Grey Falcon", "tookPlaceIn", "Omberg")],
        id="destination_is_not_where_the_operation_took_place"),
    pytest.param(
        "Delta Report\n\nMilitia fighters seized Korlanu, a town in the Upper Vessa region, on "
        "Friday. Rebels were later seen at Fenmoor, Astrabad and Brightwater, in Kolva "
        "district.",
        [("Korlanu", "locatedIn", "Upper Vessa region"), ("Fenmoor", "locatedIn", "Kolva district"),
         ("Brightwater", "locatedIn", "Kolva district")],
        [],
        id="apposition_and_distributed_containment"),
    pytest.param(
        "Border Raid\n\nTroops moved into Hallen district in Norland's eastern Vesk province.",
        [("Hallen district", "locatedIn", "Vesk province"), ("Vesk province", "locatedIn", "Norland")],
        [("Hallen district", "locatedIn", "Norland")],
        id="possessive_container_is_the_possessed_place"),
    pytest.param(
        "Desert Watch\n\nThe Crimson Front militants still hold the town of Velkaro, officials "
        "said in Mardan. Its cells are active in Pelko province.",
        [("Velkaro", "threatenedBy", "Crimson Front"), ("Pelko province", "threatenedBy", "Crimson Front")],
        [("Mardan", "threatenedBy", "Crimson Front")],
        id="threat_needs_the_place_tied_to_presence"),
    pytest.param(
        "Forest Push\n\nThe Green Hand militants attacked a patrol on Monday. Troops later "
        "cleared the Kettle Forest and the Marsh Valley, long the insurgents' main bastions.",
        [("Marsh Valley", "threatenedBy", "Green Hand"), ("Kettle Forest", "threatenedBy", "Green Hand")],
        [],
        id="threat_from_a_stronghold_apposition"),
    pytest.param(
        "Mines Kill Two\n\nThe governor of Pelko State, in which Varsa lies, condemned the attack. "
        "Soldiers were ambushed at Dorun, a locality in Kesh Subdivision, Mardo Division, the army "
        "said. Strikes hit Tamla and Ossir, two villages in Pelko State.",
        [("Varsa", "locatedIn", "Pelko State"), ("Kesh Subdivision", "locatedIn", "Mardo Division"),
         ("Tamla", "locatedIn", "Pelko State"), ("Ossir", "locatedIn", "Pelko State")],
        [],
        id="relative_clause_and_admin_chain_and_counted_apposition_give_containment"),
    pytest.param(
        "NDJAMENA, Chad (Agency) - Chadian troops cleared Karo island on Monday. President Idrissa "
        "Maloum praised the troops, army spokesman Colonel Abakar Tidjani said. Former president "
        "Hissein Kodi was not invited. Army commander Lieutenant General Moussa Bichara said the "
        "Chadian Army had lost two men, according to the Director of Army Public Relations, Brig. "
        "Gen. Adoum Saleh.",
        # a head of state with no country named heads the dateline's; "army" roles name the army
        [("Idrissa Maloum", "affiliatedWith", "Chad"), ("Abakar Tidjani", "affiliatedWith", "Chadian Army"),
         ("Moussa Bichara", "affiliatedWith", "Chadian Army"), ("Adoum Saleh", "affiliatedWith", "Chadian Army")],
        [("Hissein Kodi", "affiliatedWith", "Chad")],
        id="implicit_country_and_army_of_a_role"),
    pytest.param(
        "Lake Push\n\nThe Rapid Response Unit (RRU), the elite force of the Chadian Army, led the "
        "attack. The Falcon Group, the French-trained commando unit of the Chadian Army, held the "
        "bridge. The 4th Brigade of the Chadian Army's 12th Division moved north. Ali Mahamat, head "
        "of the Lake Operations Command, a joint force of Chadian Army soldiers and gendarmes, spoke. "
        "Troops of the Chadian Army, the Chadian Air Force and the National Guard deployed.",
        [("Rapid Response Unit", "partOf", "Chadian Army"), ("Falcon Group", "partOf", "Chadian Army"),
         ("4th Brigade", "partOf", "12th Division"), ("12th Division", "partOf", "Chadian Army")],
        [("4th Brigade", "partOf", "Chadian Army"), ("Lake Operations Command", "partOf", "Chadian Army"),
         ("Chadian Army", "partOf", "Chadian Air Force")],
        id="unit_apposition_past_a_short_form_and_the_nearer_whole"),
    pytest.param(
        "Karsa Report\n\nThe Black Crescent Brigade, a rebel group, attacked Dorva on Monday. The "
        "group's leader, Hamid Saleh, said more attacks would follow. Officials in Dorva said its "
        "mayor, Lina Farouk, had fled. The Federal Army retook the town on Tuesday. Its spokesman, Omar "
        "Haddad, said ten rebels were killed, and regional police commander Amos Kerubo said Deputy "
        "Superintendent Ravi Menon of the Dorva State Police was wounded.",
        # a possessive before a role stands for the last fitting entity; "police" roles, the police
        [("Hamid Saleh", "affiliatedWith", "Black Crescent Brigade"), ("Lina Farouk", "affiliatedWith", "Dorva"),
         ("Omar Haddad", "affiliatedWith", "Federal Army"), ("Amos Kerubo", "affiliatedWith", "Dorva State Police"),
         ("Ravi Menon", "affiliatedWith", "Dorva State Police")],
        [("Omar Haddad", "affiliatedWith", "Black Crescent Brigade")],
        id="roles_through_possessive_pronouns_and_titled_of"),
    pytest.param(
        "Karsa Report\n\nThe Karsa Liberation Front, an alliance of rebel militias that includes the "
        "Red Hand Brigade, claimed the attack. The Northern Alliance includes the Blue Flag Brigade and "
        "the Black Flag Battalion. The State Police said its Special Task Force had been deployed.",
        [("Red Hand Brigade", "partOf", "Karsa Liberation Front"), ("Blue Flag Brigade", "partOf", "Northern Alliance"),
         ("Black Flag Battalion", "partOf", "Northern Alliance"), ("Special Task Force", "partOf", "State Police")],
        [("Special Task Force", "partOf", "Northern Alliance")],
        id="members_an_alliance_includes_and_units_a_pronoun_owns"),
    pytest.param(
        "Hill Report\n\nThe Red Hand Brigade, one of three rebel armies in the Northern Alliance, took "
        "Dorva. The Blue Flag Battalion, one of the units of Karsa Province, held.",
        [("Red Hand Brigade", "partOf", "Northern Alliance")],
        [("Blue Flag Battalion", "partOf", "Karsa Province")],
        id="one_of_the_members_of_an_alliance"),
    pytest.param(
        "Border Report\n\nMilitants of the Tehreek-e-Qital, a new group affiliated with the Red Hand "
        "Front militants, are active in Darvan.",
        [("Darvan", "threatenedBy", "Tehreek-e-Qital")],
        [("Darvan", "threatenedBy", "Red Hand Front")],
        id="a_group_named_only_to_describe_another_is_not_the_holder"),
    pytest.param(
        "Border Report\n\nThe Red Hand Front, a rebel group, has waged an insurgency in Norland since "
        "1984. Its fighters carried out attacks in several districts of Kesh province last week. An army "
        "offensive in Dorva killed ten militants. Army attacks in Velko destroyed two depots.",
        [("Norland", "threatenedBy", "Red Hand Front"), ("Kesh province", "threatenedBy", "Red Hand Front")],
        [("Dorva", "threatenedBy", "Red Hand Front"), ("Velko", "threatenedBy", "Red Hand Front")],
        id="threat_from_a_groups_insurgency_and_attacks_in_a_place"),
    pytest.param(
        "Delta Report\n\nSoldiers of the 12 Division, led by Major General Asanka Perera, and of the 5th "
        "Brigade under Brigadier Ruwan Silva entered the town. The 8th Brigade, under the command of "
        "Colonel Nimal Dias, held the bridge.",
        [("Asanka Perera", "affiliatedWith", "12 Division"), ("Ruwan Silva", "affiliatedWith", "5th Brigade"),
         ("Nimal Dias", "affiliatedWith", "8th Brigade")],
        [("Ruwan Silva", "affiliatedWith", "12 Division")],
        id="a_force_under_its_commander"),
    pytest.param(
        "Valley Report\n\nThe Red Banner Front militants attacked a checkpoint. Troops took Harvik, a "
        "market town that had been under Red Banner Front control since 2019. Soldiers reached Dalmo "
        "and Pesk, the latter still in Red Banner Front hands. Red Banner Front fighters fled to Omsa "
        "after the battle. The Red Banner Front's raid on Ulma killed three. Troops moved from Kosta.",
        [("Harvik", "threatenedBy", "Red Banner Front"), ("Pesk", "threatenedBy", "Red Banner Front"),
         ("Omsa", "threatenedBy", "Red Banner Front"), ("Ulma", "threatenedBy", "Red Banner Front")],
        [("Dalmo", "threatenedBy", "Red Banner Front"), ("Kosta", "threatenedBy", "Red Banner Front")],
        id="threat_from_control_phrases_flight_and_assaults"),
    pytest.param(
        "Valley Report\n\nThe Red Banner Front, a rebel group, and the Blue Flag Movement, a separatist "
        "militia, have fought the government since 2010. The Red Banner Front's coordinated attacks on "
        "some 20 police posts and an army base in Kelvo, Marsa and Tindu districts prompted a crackdown. "
        "Joint forces of the Red Banner Front and the Blue Flag Movement struck the headquarters of Lasno "
        "town on Saturday. Government jets struck Red Banner Front positions near Ossa.",
        [("Kelvo", "threatenedBy", "Red Banner Front"), ("Tindu", "threatenedBy", "Red Banner Front"),
         ("Lasno town", "threatenedBy", "Red Banner Front"), ("Lasno town", "threatenedBy", "Blue Flag Movement")],
        [("Ossa", "threatenedBy", "Red Banner Front")],
        id="threat_from_the_places_of_what_a_group_attacked"),
    pytest.param(
        "Ridge Ambush\n\nThe Red Banner Front, a rebel group, has fought the government since 2010. A police "
        "team was ambushed by the rebels near Tekulgo, a village under Tarrem police station. Its fighters "
        "also attacked a convoy in Marsa on Friday. Government jets later struck Red Banner Front positions "
        "near Ossa.",
        # the place of an attack a hostile group makes, in the active and the passive voice
        [("Tekulgo", "threatenedBy", "Red Banner Front"), ("Marsa", "threatenedBy", "Red Banner Front")],
        [("Ossa", "threatenedBy", "Red Banner Front")],
        id="threat_where_a_group_attacks"),
    pytest.param(
        "Coast Violence\n\nGunmen killed two police officers on Monday in the Sonora municipality of Cajeme, "
        "officials said. Gunfire later spread to the Sonora municipalities of Navojoa, Etchojoa and "
        "Huatabampo. The checkpoint on the road through the Dalvan district of Pelko governorate was hit "
        "too. Officials are to meet in the Haitian town of Mirebalais.",
        # "the Y municipality of X": X in Y; the larger place contains the other; a nationality is no place
        [("Cajeme", "locatedIn", "Sonora"), ("Navojoa", "locatedIn", "Sonora"),
         ("Huatabampo", "locatedIn", "Sonora"), ("Dalvan district", "locatedIn", "Pelko governorate")],
        [("Pelko governorate", "locatedIn", "Dalvan district"), ("Mirebalais", "locatedIn", "Haitian town")],
        id="containment_from_the_kind_of_place_of_a_name"),
    pytest.param(
        "Lake Sweep\n\nTroops cleared Doro, Zamari, Bagaza and other strongholds in the Tarvo area. Soldiers "
        "raided Jasa, Kadama and Bayan Roko, among other places in Marudan. They later seized Sabno, Barire "
        "and Awdeg, the three so-called bridge towns of Lower Kelvo.",
        # "A, B and other N in Y", "A, among other N in Y", "A and B, the so-called N of Y": each in Y
        [("Doro", "locatedIn", "Tarvo area"), ("Bagaza", "locatedIn", "Tarvo area"),
         ("Jasa", "locatedIn", "Marudan"), ("Bayan Roko", "locatedIn", "Marudan"),
         ("Sabno", "locatedIn", "Lower Kelvo"), ("Awdeg", "locatedIn", "Lower Kelvo")],
        [],
        id="containment_of_lists_with_other_places"),
]


@pytest.mark.parametrize("text,holds,fails", CASES)
def test_relations_stated_in_the_text(nlp, text, holds, fails):
    # the module runs in rules mode (conftest), so each case pins down a rule
    check_relations(run(nlp, text), holds, fails)


def test_a_part_noun_predicated_of_a_force_makes_it_part_of_the_other(nlp):
    from kg.extract.learned.settings import using
    from tests.extraction import find, triples

    with using(mode="rules"):
        ex = run(nlp, "Sahel Groups\n\nKatiba Macina is a branch of JNIM, the army said. Ansar Dine, "
                      "which is a faction of al-Qaeda, took Kidal. The Kenyan army is part of AMISOM. "
                      "Ansar Dine is allied with the Tuareg rebels.")
    check_relations(ex, [("Katiba Macina", "partOf", "JNIM"), ("Ansar Dine", "partOf", "al-Qaeda"),
                         ("Kenyan army", "partOf", "AMISOM")])
    assert len([t for t in triples(ex) if t[1] == "partOf"]) == 3
    assert find(ex, "JNIM")
