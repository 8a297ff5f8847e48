"""Where a force's name ends: "Operations Command of al-X", "Command of X Operations",
"Armed Forces of [the] COUNTRY (ACRONYM)", on invented sentences.

The boundary tests build the Doc by hand (no model); the last test runs the pipeline.
"""
from __future__ import annotations

import pytest

from kg.extract.mentions.gather import acronym_names
from kg.extract.mentions.forces import named_forces
from kg.rdf.ontology import top_class
from tests.conftest import extract_text
from tests.test_extract_names import make_doc


def _forces(text: str) -> list[str]:
    return [c.label for c in named_forces(make_doc(text))]


def test_operations_command_of_an_area_with_its_arabic_article():
    assert _forces("troops of the Operations Command of al~-~Jazira moved north") == [
        "Operations Command of al-Jazira"]
    assert _forces("the Operations Command of north Varna and Kolo said") == [
        "Operations Command of north Varna and Kolo"]


def test_command_of_area_operations_is_a_name_and_a_bare_command_is_not():
    assert _forces("the Command of Dhuluiya Operations said") == ["Command of Dhuluiya Operations"]
    assert _forces("the Command said on Monday") == []


def test_armed_forces_of_a_country_and_not_of_its_possession():
    assert _forces("the Armed Forces of the Philippines said") == ["Armed Forces of the Philippines"]
    assert _forces("the Armed Forces of Ukraine said") == ["Armed Forces of Ukraine"]
    assert _forces("the Quds Force of Iran~'s Guard Corps said") == ["Quds Force", "Guard Corps"]
    assert _forces("the Armed Forces of Varna said") == ["Armed Forces"]  # not a country: the name stops


def test_acronym_spans_a_name_with_the_inside():
    doc = make_doc("the Armed Forces of the Philippines ( AFP ) said", pos={"of": "ADP", "the": "DET"})
    assert [c.label for c in acronym_names(doc)] == ["Armed Forces of the Philippines"]


@pytest.mark.model
def test_army_acronym_and_the_news_agency_stay_apart(nlp):
    ex = extract_text(nlp, "Troops clash in Sulu\n\nThe Armed Forces of the Philippines (AFP) said soldiers "
                           "clashed with gunmen near Patikul on Sunday. The AFP said the sweep would go on, "
                           "an officer told AFP.")
    forces = [e for e in ex.entities if top_class(e.type) == "Force"]
    army = [e for e in forces if e.label == "Armed Forces of the Philippines"]
    assert len(army) == 1 and "AFP" in army[0].aliases
    country = [e for e in ex.entities if e.label == "Philippines"]
    assert all("AFP" not in e.aliases for e in country)
    assert not [e for e in ex.entities if e.label == "AFP"]


def test_a_name_ending_in_cartel_is_a_force():
    assert _forces("gunmen of the Sierra Madre Cartel attacked a patrol") == ["Sierra Madre Cartel"]


def test_a_name_before_a_lower_case_group_is_an_armed_group_and_a_quantifier_is_no_part_of_it():
    from kg.extract.mentions.forces import hostile_named_groups

    def groups(text):
        return [c.label for c in hostile_named_groups(make_doc(text, pos={"Most": "ADJ"}))]

    assert groups("members of the Dawla Varna~-~Kolo group clashed with troops") == ["Dawla Varna-Kolo"]
    assert groups("Most Red Hand rebels laid down their arms") == ["Red Hand"]
    assert groups("the Group said") == []
