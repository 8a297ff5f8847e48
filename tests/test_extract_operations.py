"""Operations the rules recognise on invented sentences: names, unnamed operations, phases.

The rule layer alone is run (no learned weights), so each test pins down a rule.
"""
from __future__ import annotations

import pytest

from kg.extract.learned.settings import using
from kg.model import Extraction
from kg.rdf.ontology import normalise, top_class
from tests.conftest import extract_text
from tests.extraction import check_relations, find as entity, labels, rel


def run(nlp, text: str) -> Extraction:
    with using(mode="rules"):
        return extract_text(nlp, text)


def operations(ex: Extraction) -> set[str]:
    return labels(ex, "Operation")


def aliases(ex: Extraction, name: str) -> set[str]:
    return {normalise(a) for a in entity(ex, name).aliases}


def n(*names: str) -> set[str]:
    return {normalise(x) for x in names}


def test_quoted_full_name_holding_operation_keeps_the_short_form_as_alias(nlp):
    ex = run(nlp, 'Ten Killed\n\nTroops killed ten militants on the fifth day of "Comprehensive Operation '
                  'Sahel 2019", the army said. Operation Sahel 2019 involves land and air forces.')
    assert n("Operation Sahel 2019") <= aliases(ex, "Comprehensive Operation Sahel 2019")
    assert len(operations(ex)) == 1


def test_decisive_phase_of_a_short_name_is_a_phase_of_the_operation(nlp):
    ex = run(nlp, "Patrols Widen\n\nThe army launched Operation Desert Hawk in March. The decisive phase of "
                  "Desert Hawk began on May 2, when soldiers patrolled around Tessit.")
    phase = entity(ex, "decisive phase of Desert Hawk")
    assert phase.type == "Phase"
    assert rel(ex, "decisive phase of Desert Hawk", "partOf", "Operation Desert Hawk")


def test_phase_of_an_unseen_capitalised_name_makes_that_name_an_operation(nlp):
    ex = run(nlp, "Phase Ends\n\nThe brigades declared that the second phase of Storm of the North was over "
                  "with the capture of Tessit.")
    assert entity(ex, "Storm of the North").type == "Operation"
    assert rel(ex, "second phase of Storm of the North", "partOf", "Storm of the North")
    assert not n("North") & {normalise(e.label) for e in ex.entities if top_class(e.type) == "Place"}


@pytest.mark.parametrize("text", [
    "Raids Go On\n\nThe army said a campaign against al-Shabaab would go on.",
    "Raids Go On\n\nThe allies said their joint offensive against al-Shabaab would go on.",
])
def test_indefinite_or_pronoun_owned_campaign_is_no_identified_operation(nlp, text):
    assert not operations(run(nlp, text))


def test_shorter_description_of_an_unnamed_campaign_is_the_same_operation(nlp):
    ex = run(nlp, "Campaign Widens\n\nThe government's military campaign against al-Shabaab entered a new stage. "
                  "In the first phase of the campaign against al-Shabaab, troops recaptured Baidoa.")
    assert n("campaign against al-Shabaab") <= aliases(ex, "military campaign against al-Shabaab")


def test_name_known_by_another_name_in_apposition_to_an_operation(nlp):
    ex = run(nlp, "New Push\n\nThe army announced Shield of the West, known in Arabic as Dir al-Gharb, an "
                  "operation launched on August 23 to clear Menaka.")
    assert entity(ex, "Shield of the West").type == "Operation"
    assert n("Dir al-Gharb") <= aliases(ex, "Shield of the West")


#: text -> operations it names (at least), and relations (subject, property, object by name) that hold
CASES = {
    "year_after_an_operation_name_belongs_to_it": (
        "Drive Resumes\n\nThe army launched Operation Sahel 2019 in Menaka on Monday.",
        ["Operation Sahel 2019"],
        []),
    "size_and_status_words_are_not_part_of_an_unnamed_operation": (
        "Town Retaken\n\nPolice launched a large-scale operation to retake Tinzaouaten on Monday. "
        "The army's ongoing operation in the Hombori Hills continued.",
        ["operation to retake Tinzaouaten", "operation in the Hombori Hills"],
        [("operation to retake Tinzaouaten", "tookPlaceIn", "Tinzaouaten")]),
    "operation_to_track_down_a_group_targets_it": (
        "Manhunt\n\nThe army mounted a large-scale operation to track down Ansar al-Khilafa's members "
        "after the murder. Ansar al-Khilafa is a jihadist group.",
        ["operation to track down Ansar al-Khilafa's members"],
        [("operation to track down Ansar al-Khilafa's members", "targets", "Ansar al-Khilafa")]),
    "identified_offensive_against_a_group_is_an_operation": (
        "Offensive Widens\n\nSoldiers of the 5th Brigade took part in the government offensive "
        "against al-Shabaab.",
        ["government offensive against al-Shabaab"],
        [("5th Brigade", "participatedIn", "government offensive against al-Shabaab"),
         ("government offensive against al-Shabaab", "targets", "al-Shabaab")]),
    "place_name_before_a_counteroffensive_identifies_it": (
        "Lines Broken\n\nThe 5th Brigade opened the Gao counteroffensive days later.",
        ["Gao counteroffensive"],
        [("5th Brigade", "participatedIn", "Gao counteroffensive")]),
    "name_given_in_a_relative_clause_after_an_offensive": (
        "Group Hits Back\n\nOn Tuesday the militants announced a counter-offensive against the "
        "army's forces, which they named Storms of Faith.",
        ["Storms of Faith"],
        []),
    "definite_assault_on_a_town_is_an_operation": (
        "Town Falls\n\nThe 4th Brigade was among the units in the assault on Kidal, and the rebels' base "
        "was overrun.",
        ["assault on Kidal"],
        [("assault on Kidal", "tookPlaceIn", "Kidal"), ("4th Brigade", "participatedIn", "assault on Kidal")]),
    "definite_advance_on_a_town_is_an_operation": (
        "Jungle Cleared\n\nSoldiers of the 9th Division had cut through the jungle since the advance on "
        "Kidal was launched in March.",
        ["advance on Kidal"],
        [("advance on Kidal", "tookPlaceIn", "Kidal")]),
    "offensive_in_a_place_the_parser_reads_as_a_person": (
        "Lines Hold\n\nMost rebels fell back on Kuruvilla. The offensive in Kuruvilla is being pressed by "
        "the 9th Division.",
        ["offensive in Kuruvilla"],
        [("offensive in Kuruvilla", "tookPlaceIn", "Kuruvilla")]),
    "definite_counter_terrorist_operation_is_an_operation": (
        "Curfew Lifted\n\nThe governor said he was personally directing the counter-terrorist operation, "
        "which was entering its final phase.",
        ["counter-terrorist operation"],
        []),
    "joint_anti_x_operation_given_its_conductors_is_an_operation": (
        "Patrol Ambushed\n\nThe ambushed team was part of a joint anti-Maoist operation by the 5th Brigade "
        "and the 9th Brigade.",
        ["joint anti-Maoist operation"],
        [("5th Brigade", "participatedIn", "joint anti-Maoist operation")]),
    "operation_in_hill_tracts_with_an_acronym": (
        "Militants Mass\n\nThe army's ongoing operation in the Kandora Hill Tracts (KHT) continued on "
        "Monday, officials said.",
        ["operation in the Kandora Hill Tracts"],
        [("operation in the Kandora Hill Tracts", "tookPlaceIn", "Kandora Hill Tracts")]),
}


@pytest.mark.parametrize("text,named,holds", CASES.values(), ids=list(CASES))
def test_operations_and_their_relations(nlp, text, named, holds):
    ex = run(nlp, text)
    assert n(*named) <= operations(ex)
    check_relations(ex, holds)


def test_purpose_operations_in_general_are_no_operation(nlp):
    ex = run(nlp, "Officer Honoured\n\nThe colonel won medals for gallantry in counter-insurgency operations. "
                  "An anti-drug campaign would follow, he said.")
    assert not operations(ex)


def test_indefinite_assault_on_a_post_is_no_operation(nlp):
    ex = run(nlp, "Post Hit\n\nAn assault on a checkpoint near Kidal killed two soldiers on Monday. "
                  "The assault on the checkpoint lasted an hour.")
    assert not operations(ex)


def test_siege_of_a_named_ground_is_an_operation_not_an_incident(nlp):
    ex = run(nlp, "Swamp Standoff\n\nThe siege of the Kuala Tok swamp, carried out by soldiers and rangers of "
                  "the Fourth Army Region, began on Sept. 28 after insurgents shot dead a ranger.")
    assert n("siege of the Kuala Tok swamp") <= operations(ex)
    assert rel(ex, "siege of the Kuala Tok swamp", "tookPlaceIn", "Kuala Tok")
    assert not any(top_class(e.type) == "Incident" and "siege" in e.label.lower() for e in ex.entities)


def test_blockade_of_an_area_near_a_place_is_labelled_with_its_whole_phrase(nlp):
    ex = run(nlp, "Town Cut Off\n\nOn Saturday the army said it had tightened the blockade of a wooded area near "
                  "Tizi Gheniff, where the gunmen hide.")
    assert n("blockade of a wooded area near Tizi Gheniff") <= operations(ex)
    assert entity(ex, "Tizi Gheniff")


def test_numbered_sequel_of_a_named_operation_is_its_phase(nlp):
    ex = run(nlp, "Army Opens New Push\n\nThe army launched Operation Forest Sweep in the Sambisa Forest in May. "
                  "In June troops of the 7 Division began the second phase of Operation Forest Sweep, clearing "
                  "camps at Alagarno. Forest Sweep II ended in July.")
    phase = "second phase of Operation Forest Sweep"
    assert n("Forest Sweep II") <= aliases(ex, phase)
    check_relations(ex, [(phase, "partOf", "Operation Forest Sweep"), ("7 Division", "participatedIn", phase)],
                    [("7 Division", "participatedIn", "Operation Forest Sweep")])


def test_hyphen_numbered_operation_and_the_phase_it_is_are_one(nlp):
    ex = run(nlp, "Talon Widens\n\nThe army launched Operation Talon in May. Operation Talon-3, the third phase "
                  "of Operation Talon, began on Friday in the Haftanin region.")
    phases = [e for e in ex.entities if e.type == "Phase"]
    assert len(phases) == 1
    assert rel(ex, phases[0].label, "partOf", "Operation Talon")


def test_numbered_operation_without_its_base_named_stays_an_operation(nlp):
    ex = run(nlp, "Lake Push\n\nOperation Lake Sanity 2 began on Monday, the task force said.")
    assert entity(ex, "Operation Lake Sanity 2").type == "Operation"
    assert not any(r.predicate == "partOf" for r in ex.relations)


def test_what_the_army_called_its_operations_is_their_label(nlp):
    ex = run(nlp, "Army Launches Sweep\n\nAttacks by the Arakan Salvation Front on police posts in Maungdaw "
                  "prompted the Myanmar army to launch what it called clearance operations against the militants "
                  "in Rakhine State.")
    assert n("clearance operations") <= operations(ex)
    check_relations(ex, fails=[("Arakan Salvation Front", "participatedIn", "clearance operations")])
    assert not operations(run(nlp, "Fire\n\nHe said what the soldiers called a hut was burnt."))


def test_the_force_an_operation_retakes_ground_from_is_its_target(nlp):
    ex = run(nlp, "Town Besieged\n\nThe Sudanese army began a ground operation to retake Wad Madani from the "
                  "Rapid Support Forces on Friday.")
    op = "ground operation to retake Wad Madani"
    check_relations(ex, [(op, "targets", "Rapid Support Forces")], [("Rapid Support Forces", "participatedIn", op)])


def test_described_plural_operations_in_a_place_are_one_operation(nlp):
    ex = run(nlp, "Sweep Widens\n\nSoldiers of the 5th Brigade conducted clearance operations in Tala Mau district "
                  "on Monday. A rise in insurgent operations in Kuba village worried the army, and operations in "
                  "Gaba resumed.")
    assert operations(ex) == n("clearance operations in Tala Mau district")
    assert rel(ex, "5th Brigade", "participatedIn", "clearance operations in Tala Mau district")


def test_strikes_by_a_force_under_an_operation_make_it_a_participant(nlp):
    ex = run(nlp, "Strikes\n\nAir strikes by the Nigerian Air Force under Operation Lake Sanity 2 killed 140 "
                  "militants near Tumbum Fulani.")
    assert rel(ex, "Nigerian Air Force", "participatedIn", "Operation Lake Sanity 2")


def test_operations_command_in_a_force_name_does_not_move_a_phase_to_its_parent(nlp):
    ex = run(nlp, "Phase Opens\n\nThe army launched the second phase of Operation Iron Gate on Sunday. "
                  "The Northern Operations Command and the 4th Brigade are taking part.")
    check_relations(ex, [("4th Brigade", "participatedIn", "second phase of Operation Iron Gate")],
                    [("4th Brigade", "participatedIn", "Operation Iron Gate")])


def test_definite_operation_noun_after_a_phase_is_the_whole_operation(nlp):
    ex = run(nlp, "Phase Ends\n\nThe second phase of Operation Iron Gate ended on Friday. "
                  "The 4th Brigade launched the offensive in March.")
    assert rel(ex, "4th Brigade", "participatedIn", "Operation Iron Gate")


def test_subsidiary_operation_named_in_apposition_is_part_of_the_parent(nlp):
    ex = run(nlp, "Strikes Hit Camps\n\nThe strikes were flown by the air wing of Operation Safe Harbour as "
                  "part of Operation Night Watch, a subsidiary air operation of Safe Harbour, the army said.")
    check_relations(ex, [("Operation Night Watch", "partOf", "Operation Safe Harbour")],
                    [("Operation Safe Harbour", "partOf", "Operation Night Watch")])


def test_sentence_is_about_the_sub_operation_not_its_parent(nlp):
    ex = run(nlp, "Strikes Hit Camps\n\nOn Monday, troops of Operation Night Watch, a subsidiary operation of "
                  "Operation Safe Harbour, cleared militant camps in Tessit.")
    check_relations(ex, [("Operation Night Watch", "tookPlaceIn", "Tessit")],
                    [("Operation Safe Harbour", "tookPlaceIn", "Tessit")])


def test_countries_troops_come_from_are_not_where_the_operation_took_place(nlp):
    ex = run(nlp, "Force Strikes\n\nThe regional force, made up of troops from Ghana, Togo and Benin, launched "
                  "Operation Iron Gate in Tessit on Monday.")
    check_relations(ex, [("Operation Iron Gate", "tookPlaceIn", "Tessit")],
                    [("Operation Iron Gate", "tookPlaceIn", country) for country in ("Ghana", "Togo", "Benin")])


def test_place_word_of_a_code_name_is_not_where_its_phase_took_place(nlp):
    ex = run(nlp, "Phase Opens\n\nThe army launched the second phase of \"Shield of Mali\" on Sunday against "
                  "militants near Tessit. The president of Mali praised the troops.")
    assert rel(ex, "second phase of Shield of Mali", "tookPlaceIn", "Tessit")
    assert not rel(ex, "second phase of Shield of Mali", "tookPlaceIn", "Mali")


def test_place_named_in_a_descriptive_operation_label_is_where_it_took_place(nlp):
    ex = run(nlp, "Push Goes On\n\nThe Kidal operation entered its second week, the army said.")
    assert rel(ex, "Kidal operation", "tookPlaceIn", "Kidal")


def test_in_western_country_is_in_the_country_but_west_of_it_is_not(nlp):
    ex = run(nlp, "Campaign Widens\n\nThe army launched Operation Iron Gate in March. The operation opened in "
                  "February in western Mali.")
    assert rel(ex, "Operation Iron Gate", "tookPlaceIn", "Mali")
    ex = run(nlp, "Campaign Widens\n\nThe army launched Operation Iron Gate in March. The operation opened in "
                  "February west of Gao.")
    assert not rel(ex, "Operation Iron Gate", "tookPlaceIn", "Gao")


def test_every_force_of_a_list_after_against_is_a_target(nlp):
    ex = run(nlp, "Offensive Opens\n\nThe army launched Operation Iron Gate on Monday against the Tessit "
                  "Liberation Front, the Ansar Brigade and the Kidal Defence Army.")
    for force in ("Tessit Liberation Front", "Ansar Brigade", "Kidal Defence Army"):
        assert rel(ex, "Operation Iron Gate", "targets", force), force
        assert not rel(ex, force, "participatedIn", "Operation Iron Gate"), force


def test_force_whose_bases_the_operation_overran_is_a_target(nlp):
    ex = run(nlp, "Bases Fall\n\nSince launching Operation Iron Gate, the 4th Brigade overran three bases of the "
                  "Tessit Liberation Front.")
    assert rel(ex, "Operation Iron Gate", "targets", "Tessit Liberation Front")
    assert rel(ex, "4th Brigade", "participatedIn", "Operation Iron Gate")
