"""Outlets and civil bodies the text describes as such are no entities (invented sentences)."""
from __future__ import annotations

import pytest

from kg.extract.mentions.nonentities import described_as_outlet, drop_non_entities
from tests.conftest import extract_text as run
from tests.extraction import labels
from tests.test_extract_names import cand, make_doc


@pytest.mark.parametrize(("text", "span"), [
    ("quoted by the state news agency Varta , the official said", (6, 7)),
    ("according to the rights group Voz Libre , 40 were held", (5, 7)),
    ("In a video posted by Dawn Signal , the insurgents ' media outlet , a fighter spoke", (5, 7)),
    ("Kestrel Daily and other outlets reported the deaths", (0, 2)),
])
def test_described_outlets(text, span):
    doc = make_doc(text, pos={"posted": "VERB", "quoted": "VERB", "reported": "VERB", "by": "ADP", "of": "ADP"})
    assert described_as_outlet(doc, cand(doc, *span, "Force"))


@pytest.mark.parametrize(("text", "span"), [
    ("the armed group Red Hand attacked", (3, 5)),
    ("Red Hand , the militant group , attacked", (0, 2)),
    ("the group 's leader Tomas Kell said", (4, 6)),
])
def test_not_outlets(text, span):
    doc = make_doc(text, pos={"attacked": "VERB", "said": "VERB", "armed": "ADJ", "militant": "ADJ"})
    assert not described_as_outlet(doc, cand(doc, *span, "Force"))


def test_acronym_of_a_described_outlet_goes_too():
    doc = make_doc("the Joint Press Office ( JPO ) , the army 's media wing , said JPO staff left",
                   pos={"said": "VERB", "left": "VERB"})
    long_, acr, again = cand(doc, 1, 4, "Force"), cand(doc, 5, 6, "Force"), cand(doc, 15, 16, "Force")
    assert drop_non_entities(doc, [long_, acr, again]) == []


def test_news_agency_is_no_entity(nlp):
    ex = run(nlp, "Border clash\n\n"
                  "A military official quoted by the state news agency Varta said the Kessel Border Guard "
                  "had killed four smugglers near Tamsa.")
    assert "varta" not in labels(ex, "Person") | labels(ex, "Force") | labels(ex, "Place")
