"""A force named once and then spoken of by its noun ("the army's", "the division's", "the
mission's") or by its short form: sub-units and office holders are tied to the named force."""
from __future__ import annotations

from tests.conftest import extract_text as run
from tests.extraction import check_relations


def test_the_army_and_the_division_stand_for_the_named_units(nlp):
    ex = run(nlp, "Kolda Offensive\n\nThe Malian Army launched an offensive near Kolda on Monday. The army's "
                  "12th Division pushed north, and the division's 31st and 32nd Brigades reached Kolda by "
                  "nightfall. Captain Ousmane Diallo, the army's spokesman, said the town was calm.")
    check_relations(ex, holds=[("12th Division", "partOf", "Malian Army"),
                               ("31st Brigade", "partOf", "12th Division"),
                               ("32nd Brigade", "partOf", "12th Division"),
                               ("Ousmane Diallo", "affiliatedWith", "Malian Army")],
                    fails=[("31st Brigade", "partOf", "Malian Army")])


def test_the_head_of_the_service_serves_the_named_service(nlp):
    ex = run(nlp, "Desert Raid\n\nIraq's Counter-Terrorism Service said on Sunday that its troops had killed "
                  "12 militants near Rutba. The head of the service, Lt. Gen. Karim Hassan al-Obeidi, told "
                  "reporters the raid lasted six hours.")
    check_relations(ex, holds=[("Karim Hassan al-Obeidi", "affiliatedWith", "Counter-Terrorism Service")])


def test_the_force_and_the_mission_before_a_role(nlp):
    ex = run(nlp, "Lake Sweep\n\nThe Multinational Joint Task Force said it had cleared three islands near "
                  "Baga. The force's public information officer, Lt. Col. Musa Danjuma, said 40 fighters had "
                  "surrendered.")
    check_relations(ex, holds=[("Musa Danjuma", "affiliatedWith", "Multinational Joint Task Force")])
    ex = run(nlp, "Lake Sweep\n\nThe Multinational Joint Task Force said it had cleared three islands near "
                  "Baga. The force commander, Maj. Gen. Ibrahim Musa, visited Baga on Monday.")
    check_relations(ex, holds=[("Ibrahim Musa", "affiliatedWith", "Multinational Joint Task Force")])
    ex = run(nlp, "Port Talks\n\nThe African Union Mission in Somalia (AMISOM) handed a base near Kismayo to "
                  "Somali troops. The mission's deputy head, Laura Okello, said the handover was on schedule.")
    check_relations(ex, holds=[("Laura Okello", "affiliatedWith", "African Union Mission in Somalia")])


def test_the_army_of_a_text_naming_two_armies_is_nobody(nlp):
    ex = run(nlp, "Border Clash\n\nThe Kenyan Army and the Somali National Army held talks in Busia on "
                  "Friday. Major Paul Otieno, the army's spokesman, said the border was quiet.")
    check_relations(ex, fails=[("Paul Otieno", "affiliatedWith", "Kenyan Army"),
                               ("Paul Otieno", "affiliatedWith", "Somali National Army")])


def test_a_number_after_task_force_is_part_of_its_name(nlp):
    ex = run(nlp, "Jungle Push\n\nSoldiers of the 58 Division and of Task Force 3 under Brigadier Nimal Perera "
                  "entered Puliyankulam on Monday. Task Force 4 held the road.")
    check_relations(ex, holds=[("Nimal Perera", "affiliatedWith", "Task Force 3")])
    assert {e.label for e in ex.entities} >= {"Task Force 3", "Task Force 4"}
    assert "Task Force" not in {e.label for e in ex.entities}


def test_a_role_before_a_reporting_verb_is_not_the_next_name_s(nlp):
    ex = run(nlp, "Frontline Visit\n\nIvan Petrenko, commander of the Ukrainian Ground Forces, said Oleh "
                  "Marchenko, head of the Sumy regional administration, had ordered an evacuation.")
    check_relations(ex, holds=[("Ivan Petrenko", "affiliatedWith", "Ukrainian Ground Forces")],
                    fails=[("Oleh Marchenko", "affiliatedWith", "Ukrainian Ground Forces")])


def test_a_hyphenated_word_with_a_lower_case_half_belongs_to_the_unit_name(nlp):
    ex = run(nlp, "Port Raid\n\nAmong the dead was Ali Saleh Nasser, commander of the 2nd Battalion of the "
                  "Counter-terrorism Brigade. The Anti-narcotics Force said its men had seized the port.")
    assert {e.label for e in ex.entities} >= {"Counter-terrorism Brigade", "Anti-narcotics Force"}
    check_relations(ex, holds=[("2nd Battalion", "partOf", "Counter-terrorism Brigade")])


def test_of_a_country_s_force_names_the_force(nlp):
    ex = run(nlp, "Night Strikes\n\nUS bombers struck sites used by the Al-Quds Brigade of Iran's Islamic "
                  "Revolutionary Guard Corps (IRGC) near Deir ez-Zor.")
    check_relations(ex, holds=[("Al-Quds Brigade", "partOf", "Islamic Revolutionary Guard Corps")],
                    fails=[("Al-Quds Brigade", "partOf", "Iran")])


def test_a_military_spokesman_for_a_leader_is_not_given_an_army(nlp):
    ex = run(nlp, "Strike Condemned\n\nThe United States Army said its drone had struck a car in Baghdad. Maj. "
                  "Gen. Ali Jabbar, military spokesman for Prime Minister Hadi Salman, called the strike a "
                  "violation. Brig. Gen. Omar Said, the army's spokesman, declined to comment.")
    check_relations(ex, holds=[("Omar Said", "affiliatedWith", "United States Army")],
                    fails=[("Ali Jabbar", "affiliatedWith", "United States Army")])
