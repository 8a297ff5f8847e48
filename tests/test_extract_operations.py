"""Operations the rules recognise on invented sentences: names, unnamed operations, phases.

The rule layer alone is run (no learned weights), so each test pins down a rule.
"""
from __future__ import annotations

import pytest

from kg.extract.learned.settings import using
from kg.model import Extraction
from kg.rdf.ontology import normalise, top_class
from tests.conftest import extract_text


def run(nlp, text: str) -> Extraction:
    with using(mode="rules"):
        return extract_text(nlp, text)


def entity(ex: Extraction, name: str):
    n = normalise(name)
    hits = [e for e in ex.entities if normalise(e.label) == n or n in {normalise(a) for a in e.aliases}]
    assert hits, f"{name!r} not in {[e.label for e in ex.entities]}"
    return hits[0]


def operations(ex: Extraction) -> set[str]:
    return {normalise(e.label) for e in ex.entities if top_class(e.type) == "Operation"}


def aliases(ex: Extraction, name: str) -> set[str]:
    return {normalise(a) for a in entity(ex, name).aliases}


def n(*names: str) -> set[str]:
    return {normalise(x) for x in names}


def has(ex: Extraction, s: str, p: str, o: str) -> bool:
    sk, ok = entity(ex, s).key, entity(ex, o).key
    return any(r.subject == sk and r.predicate == p and r.object == ok for r in ex.relations)


def test_year_after_an_operation_name_belongs_to_it(nlp):
    ex = run(nlp, "Drive Resumes\n\nThe army launched Operation Sahel 2019 in Menaka on Monday.")
    assert n("Operation Sahel 2019") <= operations(ex)


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
    assert has(ex, "decisive phase of Desert Hawk", "partOf", "Operation Desert Hawk")


def test_phase_of_an_unseen_capitalised_name_makes_that_name_an_operation(nlp):
    ex = run(nlp, "Phase Ends\n\nThe brigades declared that the second phase of Storm of the North was over "
                  "with the capture of Tessit.")
    assert entity(ex, "Storm of the North").type == "Operation"
    assert has(ex, "second phase of Storm of the North", "partOf", "Storm of the North")
    assert not n("North") & {normalise(e.label) for e in ex.entities if top_class(e.type) == "Place"}


def test_size_and_status_words_are_not_part_of_an_unnamed_operation(nlp):
    ex = run(nlp, "Town Retaken\n\nPolice launched a large-scale operation to retake Tinzaouaten on Monday. "
                  "The army's ongoing operation in the Hombori Hills continued.")
    ops = operations(ex)
    assert n("operation to retake Tinzaouaten", "operation in the Hombori Hills") <= ops
    assert has(ex, "operation to retake Tinzaouaten", "tookPlaceIn", "Tinzaouaten")


def test_operation_to_track_down_a_group_targets_it(nlp):
    ex = run(nlp, "Manhunt\n\nThe army mounted a large-scale operation to track down Ansar al-Khilafa's members "
                  "after the murder. Ansar al-Khilafa is a jihadist group.")
    assert n("operation to track down Ansar al-Khilafa's members") <= operations(ex)
    assert has(ex, "operation to track down Ansar al-Khilafa's members", "targets", "Ansar al-Khilafa")


def test_identified_offensive_against_a_group_is_an_operation(nlp):
    ex = run(nlp, "Offensive Widens\n\nSoldiers of the 5th Brigade took part in the government offensive "
                  "against al-Shabaab.")
    assert n("government offensive against al-Shabaab") <= operations(ex)
    assert has(ex, "5th Brigade", "participatedIn", "government offensive against al-Shabaab")
    assert has(ex, "government offensive against al-Shabaab", "targets", "al-Shabaab")


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


def test_place_name_before_a_counteroffensive_identifies_it(nlp):
    ex = run(nlp, "Lines Broken\n\nThe 5th Brigade opened the Gao counteroffensive days later.")
    assert n("Gao counteroffensive") <= operations(ex)
    assert has(ex, "5th Brigade", "participatedIn", "Gao counteroffensive")


def test_name_given_in_a_relative_clause_after_an_offensive(nlp):
    ex = run(nlp, "Group Hits Back\n\nOn Tuesday the militants announced a counter-offensive against the "
                  "army's forces, which they named Storms of Faith.")
    assert n("Storms of Faith") <= operations(ex)


def test_name_known_by_another_name_in_apposition_to_an_operation(nlp):
    ex = run(nlp, "New Push\n\nThe army announced Shield of the West, known in Arabic as Dir al-Gharb, an "
                  "operation launched on August 23 to clear Menaka.")
    assert entity(ex, "Shield of the West").type == "Operation"
    assert n("Dir al-Gharb") <= aliases(ex, "Shield of the West")


def rels(ex: Extraction, predicate: str) -> set[tuple[str, str]]:
    label = {e.key: normalise(e.label) for e in ex.entities}
    return {(label[r.subject], label[r.object]) for r in ex.relations if r.predicate == predicate}


def test_siege_of_a_named_ground_is_an_operation_not_an_incident(nlp):
    ex = run(nlp, "Swamp Standoff\n\nThe siege of the Kuala Tok swamp, carried out by soldiers and rangers of "
                  "the Fourth Army Region, began on Sept. 28 after insurgents shot dead a ranger.")
    siege = entity(ex, "siege of the Kuala Tok swamp")
    assert top_class(siege.type) == "Operation"
    assert (normalise("siege of the Kuala Tok swamp"), normalise("Kuala Tok")) in rels(ex, "tookPlaceIn")
    assert not any(top_class(e.type) == "Incident" and "siege" in e.label.lower() for e in ex.entities)


def test_blockade_of_an_area_near_a_place_is_labelled_with_its_whole_phrase(nlp):
    ex = run(nlp, "Town Cut Off\n\nOn Saturday the army said it had tightened the blockade of a wooded area near "
                  "Tizi Gheniff, where the gunmen hide.")
    assert normalise("blockade of a wooded area near Tizi Gheniff") in operations(ex)
    assert entity(ex, "Tizi Gheniff")


def test_numbered_sequel_of_a_named_operation_is_its_phase(nlp):
    ex = run(nlp, "Army Opens New Push\n\nThe army launched Operation Forest Sweep in the Sambisa Forest in May. "
                  "In June troops of the 7 Division began the second phase of Operation Forest Sweep, clearing "
                  "camps at Alagarno. Forest Sweep II ended in July.")
    phase = entity(ex, "second phase of Operation Forest Sweep")
    assert normalise("Forest Sweep II") in {normalise(a) for a in phase.aliases}
    assert (normalise(phase.label), normalise("Operation Forest Sweep")) in rels(ex, "partOf")
    assert (normalise("7 Division"), normalise(phase.label)) in rels(ex, "participatedIn")
    assert (normalise("7 Division"), normalise("Operation Forest Sweep")) not in rels(ex, "participatedIn")


def test_hyphen_numbered_operation_and_the_phase_it_is_are_one(nlp):
    ex = run(nlp, "Talon Widens\n\nThe army launched Operation Talon in May. Operation Talon-3, the third phase "
                  "of Operation Talon, began on Friday in the Haftanin region.")
    phases = [e for e in ex.entities if e.type == "Phase"]
    assert len(phases) == 1
    assert (normalise(phases[0].label), normalise("Operation Talon")) in rels(ex, "partOf")


def test_numbered_operation_without_its_base_named_stays_an_operation(nlp):
    ex = run(nlp, "Lake Push\n\nOperation Lake Sanity 2 began on Monday, the task force said.")
    assert entity(ex, "Operation Lake Sanity 2").type == "Operation"
    assert not rels(ex, "partOf")


def test_what_the_army_called_its_operations_is_their_label(nlp):
    ex = run(nlp, "Army Launches Sweep\n\nAttacks by the Arakan Salvation Front on police posts in Maungdaw "
                  "prompted the Myanmar army to launch what it called clearance operations against the militants "
                  "in Rakhine State.")
    assert normalise("clearance operations") in operations(ex)
    assert not any(s == normalise("Arakan Salvation Front") for s, _ in rels(ex, "participatedIn"))
    quiet = run(nlp, "Fire\n\nHe said what the soldiers called a hut was burnt.")
    assert not operations(quiet)


def test_the_force_an_operation_retakes_ground_from_is_its_target(nlp):
    ex = run(nlp, "Town Besieged\n\nThe Sudanese army began a ground operation to retake Wad Madani from the "
                  "Rapid Support Forces on Friday.")
    op = normalise("ground operation to retake Wad Madani")
    assert (op, normalise("Rapid Support Forces")) in rels(ex, "targets")
    assert (normalise("Rapid Support Forces"), op) not in rels(ex, "participatedIn")


def test_described_plural_operations_in_a_place_are_one_operation(nlp):
    ex = run(nlp, "Sweep Widens\n\nSoldiers of the 5th Brigade conducted clearance operations in Tala Mau district "
                  "on Monday. A rise in insurgent operations in Kuba village worried the army, and operations in "
                  "Gaba resumed.")
    assert operations(ex) == {normalise("clearance operations in Tala Mau district")}
    assert (normalise("5th Brigade"), normalise("clearance operations in Tala Mau district")) in rels(ex, "participatedIn")
