"""partOf in the common forms of reporting: possessive pronouns, lists after a possessed part
noun, relative clauses, short forms, "of the army's X", and operations that are part of another."""
from __future__ import annotations

import pytest

from tests.conftest import extract_text as run
from tests.extraction import check_relations

#: text -> partOf pairs (subject, object by name) that hold, and that do not
CASES = [
    pytest.param(
        "Karsa Report\n\nThe Karsa Liberation Front rejected the ceasefire on Sunday. The group added that "
        "its military wing, the Red Hand Brigade, would keep fighting around Dorva.",
        [("Red Hand Brigade", "Karsa Liberation Front")], [],
        id="the_group_said_its_armed_wing"),
    pytest.param(
        "Ridge Push\n\nThe 9th Division crossed the river at dawn with three of its brigades - the Falcon "
        "Brigade, the Iron Brigade and the 44th Armored Brigade held the far bank.",
        [("Falcon Brigade", "9th Division"), ("Iron Brigade", "9th Division"),
         ("44th Armored Brigade", "9th Division")],
        [("Iron Brigade", "Falcon Brigade")],
        id="a_list_after_its_brigades"),
    pytest.param(
        "Border Report\n\nTwo medics of the Northern Brigade of the army's Coastal Division were hurt by a "
        "mine near Dorva.",
        [("Northern Brigade", "Coastal Division")], [],
        id="of_the_army_s_division"),
    pytest.param(
        "Town Retaken\n\nElite squads of the State Police, its SWAT and Rapid Action Unit (RAU) teams, "
        "stormed the compound. The wounded included three officers of the State Police's District Guard "
        "(DG) and two of its Mountain Task Force (MTF).",
        [("SWAT", "State Police"), ("Rapid Action Unit", "State Police"), ("District Guard", "State Police"),
         ("Mountain Task Force", "State Police")],
        [("Mountain Task Force", "District Guard")],
        id="its_after_an_owner_named_earlier_in_the_sentence"),
    pytest.param(
        "Valley Report\n\nVillagers blamed the Northern Command (NC), a breakaway faction of the Karsa "
        "Liberation Front (KLF) to which the Hill Front belongs.",
        [("Hill Front", "Northern Command")],
        [("Northern Command", "Karsa Liberation Front"), ("Hill Front", "Karsa Liberation Front")],
        id="to_which_x_belongs_and_a_breakaway_faction"),
    pytest.param(
        "Convoy Hit\n\nThe mortars came from the Popular Defence Front (PDF), a loose coalition of militias "
        "of which the Iron Brigade is a member. The Eastern Alliance, the bloc whose largest component is "
        "the Desert Army, said nothing.",
        [("Iron Brigade", "Popular Defence Front"), ("Desert Army", "Eastern Alliance")], [],
        id="of_which_x_is_a_part_and_whose_component_is_x"),
    pytest.param(
        "Karsa Report\n\nThe National Liberation Army (NLA) denied the attack on Monday. The NLA's Eastern "
        "War Front controls the hills.",
        [("Eastern War Front", "National Liberation Army")], [],
        id="a_short_form_as_the_possessor"),
    pytest.param(
        "Hill Report\n\nSince 2019 the Northern Alliance has united the Karsa Liberation Front with the "
        "Desert Army (DA) and the Hill People's Army (HPA).",
        [("Karsa Liberation Front", "Northern Alliance"), ("Desert Army", "Northern Alliance"),
         ("Hill People's Army", "Northern Alliance")], [],
        id="y_groups_a_with_b_and_c"),
    pytest.param(
        "Sahel Report\n\nThe Desert Front, the local affiliate of the Karsa Liberation Front, claimed the "
        "attack. The Hill Militia, an offshoot of the Karsa Liberation Front, denied it.",
        [], [("Desert Front", "Karsa Liberation Front"), ("Hill Militia", "Karsa Liberation Front")],
        id="an_affiliate_or_offshoot_is_no_sub_unit"),
    pytest.param(
        "Hill Drive\n\nThe army launched Operation Stone Wall in March. Operation Iron Hammer was part of "
        "Operation Stone Wall, a spokesman said. Operation Red Sky was carried out in the north as part of "
        "Operation Stone Wall.",
        [("Operation Iron Hammer", "Operation Stone Wall"), ("Operation Red Sky", "Operation Stone Wall")],
        [("Operation Stone Wall", "Operation Iron Hammer")],
        id="an_operation_said_to_be_part_of_another"),
]


@pytest.mark.parametrize("text,holds,fails", CASES)
def test_part_of_stated_in_the_text(nlp, text, holds, fails):
    check_relations(run(nlp, text), [(s, "partOf", o) for s, o in holds], [(s, "partOf", o) for s, o in fails])


def test_the_peer_of_a_list_is_not_the_owner_of_its_next_unit(nlp):
    ex = run(nlp, "Town Falls\n\nThe 57 Division entered the town. The 2nd Brigade pushed in from the west "
                  "and its 4th Brigade from the south.")
    check_relations(ex, fails=[("4th Brigade", "partOf", "2nd Brigade")])
