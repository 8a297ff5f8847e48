"""Texts without sentence breaks: the parser never sees a sentence longer than the cap, and the
extraction's work grows linearly with the text (counted, never timed)."""
from __future__ import annotations

import pytest

from kg.model import Article

pytestmark = pytest.mark.model

#: Invented words with a name or place every few tokens, and no full stop anywhere.
_RUN_ON = ("the Harrow Rifles pushed past Lindell Crossing while Grey Lantern fighters held the ford at Marrow Cove "
           "and the convoy of the Harrow Rifles waited").split()


def run_on(tokens: int) -> str:
    """A headline and one paragraph of ``tokens`` words with no sentence break."""
    return "Harrow Rifles advance\n\n" + " ".join(_RUN_ON[i % len(_RUN_ON)] for i in range(tokens))


def test_no_sentence_given_to_the_parser_is_longer_than_the_cap(nlp):
    from kg.extract.paragraphs import MAX_SENTENCE_TOKENS

    doc = nlp(run_on(3_000))
    lengths = [len(s) for s in doc.sents]
    assert max(lengths) <= MAX_SENTENCE_TOKENS
    assert sum(lengths) == len(doc) and len(lengths) >= 3_000 // MAX_SENTENCE_TOKENS
    # an ordinary paragraph keeps the sentences the parser finds
    text = "Harrow Rifles advance\n\nThe Harrow Rifles crossed the river on Monday. Grey Lantern fighters withdrew."
    assert [s.text for s in nlp(text).sents][-2:] == ["The Harrow Rifles crossed the river on Monday.",
                                                      "Grey Lantern fighters withdrew."]


def _pairs_scored(nlp, monkeypatch, text: str) -> int:
    """How many (subject, object) mention pairs the relation layer scores while extracting ``text``."""
    from kg.extract import extract
    from kg.extract.learned import features

    calls = 0
    real = features.instance_features

    def counted(*args, **kwargs):
        nonlocal calls
        calls += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(features, "instance_features", counted)
    extract(Article(id=str(len(text)), text=text, title="Harrow Rifles advance"), nlp=nlp)
    monkeypatch.setattr(features, "instance_features", real)
    return calls


def test_work_on_a_run_on_text_grows_linearly(nlp, monkeypatch):
    short = _pairs_scored(nlp, monkeypatch, run_on(1_500))
    long = _pairs_scored(nlp, monkeypatch, run_on(3_000))
    assert short > 0
    # twice the text: about twice the pairs (one sentence, or one pairing per paragraph, gives ~4x)
    assert long <= 2.5 * short, (short, long)


def test_work_on_one_sentence_repeated_grows_linearly(nlp, monkeypatch):
    sentence = "Grey Lantern fighters attacked the Harrow Rifles near Marrow Cove on Monday."
    short = _pairs_scored(nlp, monkeypatch, "Harrow Rifles advance\n\n" + " ".join([sentence] * 40))
    long = _pairs_scored(nlp, monkeypatch, "Harrow Rifles advance\n\n" + " ".join([sentence] * 160))
    assert short > 0
    assert long <= 5 * short, (short, long)  # pairing across the whole paragraph would give ~16x
