"""Place spans from the statistical recogniser are trimmed to the name (model-free: hand-set entities)."""
from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Span

from kg.extract.mentions.places import ner_places


def _doc(words: list[str], spaces: list[bool], ent: tuple[int, int]) -> Doc:
    doc = Doc(spacy.blank("en").vocab, words=words, spaces=spaces)
    doc.ents = [Span(doc, *ent, label="GPE")]
    return doc


def test_a_trailing_paragraph_break_is_not_part_of_the_place_name():
    doc = _doc(["Fighting", "reached", "Rutba", "\n\n", "Residents", "fled", "."],
               [True, True, False, False, True, False, False], (2, 4))
    assert [c.label for c in ner_places(doc)] == ["Rutba"]


def test_a_leading_line_break_is_not_part_of_the_place_name():
    doc = _doc(["\n", "Sulu", "was", "quiet", "."], [False, True, True, False, False], (0, 2))
    assert [c.label for c in ner_places(doc)] == ["Sulu"]


def test_a_learned_operation_phrase_keeps_its_proper_name_as_an_alias():
    from kg.extract.learned.merge import _bare_operation_name

    words = ["the", "Promise", "to", "Return", "operation", "and", "the", "Kifri", "operation"]
    doc = Doc(spacy.blank("en").vocab, words=words)
    assert _bare_operation_name(doc, 1, 5) == "Promise to Return"
    assert _bare_operation_name(doc, 7, 9) is None  # a one-word place keeps its noun


@pytest.mark.parametrize(("text", "label", "alias"), [
    ("troops were ambushed near Korvet village on Monday", "Korvet", "Korvet village"),
    ("the blast hit Alder Ferro village tract", "Alder Ferro", "Alder Ferro village tract"),
    ("residents of Kessin town fled", "Kessin", "Kessin town"),
])
def test_settlement_word_is_no_part_of_the_name(text, label, alias):
    from kg.extract.mentions.places import headed_places
    from tests.test_extract_names import make_doc

    cs = headed_places(make_doc(text))
    assert [(c.label, c.alias) for c in cs] == [(label, alias)]


def test_capitalised_city_stays_in_the_name():
    from kg.extract.mentions.places import headed_places
    from tests.test_extract_names import make_doc

    assert [c.label for c in headed_places(make_doc("shelling hit Port Vella City on Monday"))] == ["Port Vella City"]


@pytest.mark.parametrize(("text", "label"), [
    ("troops crossed the Velmar lagoon at dawn", "Velmar lagoon"),
    ("they dug in at Kasso junction north of the town", "Kasso junction"),
    ("the army held the A-7 highway", "A-7 highway"),
    ("leaders of Tarsk territory met", "Tarsk territory"),
    ("the assault on the Orbis City Hall concert venue", "Orbis City Hall"),
    ("officials said Tiger Pass was next", "Tiger Pass"),
])
def test_feature_heads_stay_in_the_name(text, label):
    from kg.extract.mentions.places import headed_places
    from tests.test_extract_names import make_doc

    assert [c.label for c in headed_places(make_doc(text))] == [label]


def test_lower_case_pass_is_a_verb():
    from kg.extract.mentions.places import headed_places
    from tests.test_extract_names import make_doc

    assert headed_places(make_doc("Convoys pass through the valley")) == []


def test_dateline_with_an_apostrophe_and_a_wire_credit():
    from kg.extract.mentions.places import datelines
    from tests.test_extract_names import make_doc

    doc = make_doc("Title\n\n N'KOLO , Varnia ( Agency ) - Troops said")
    got = [(c.label, c.extra.get("dateline_container_of")) for c in datelines(doc)]
    assert got == [("N'kolo", None), ("Varnia", "N'kolo")]


def test_a_gazetteer_name_with_a_particle_inside_is_one_place(nlp):
    from kg.extract.mentions.places import gazetteer_places
    from tests.conftest import extract_text
    from tests.test_extract_names import make_doc

    doc = make_doc("insurgents attacked Mocímboa da Praia on Monday", pos={"da": "ADP"})
    assert [c.label for c in gazetteer_places(doc)] == ["Mocímboa da Praia"]
    # the whole name the gazetteer knows outranks a person the model reads in it
    ex = extract_text(nlp, "Port Attacked\n\nInsurgents attacked Mocimboa da Praia on Monday, officials said.")
    assert [(e.label, e.type) for e in ex.entities if "Praia" in e.label and e.type != "Attack"] == [("Mocimboa da Praia", "Settlement")]
