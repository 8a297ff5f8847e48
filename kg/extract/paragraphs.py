"""A spaCy component that starts a sentence after every blank line, and caps sentence length.

News texts put the headline, the dateline and each paragraph on their own lines, often with no
closing full stop; without this, the parser joins a headline to the first sentence and facts
of the body get attributed to the headline's wording.

A text without sentence breaks (a run-on paste, a table flattened to one line) would reach
the parser and the extraction rules as one sentence of thousands of tokens, whose cost grows
faster than its length (relation candidates are pairs of mentions within a sentence). A
sentence is therefore cut after :data:`MAX_SENTENCE_TOKENS` tokens, at the last comma,
semicolon or dash of its final stretch when there is one: the parser keeps these starts, so
every sentence stays short and the work per text grows linearly with its length. Imported
only by :mod:`kg.extract.nlp`.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

NAME = "kg_paragraph_breaks"

#: The longest sentence the parser and the rules see; real news sentences stay well below.
MAX_SENTENCE_TOKENS = 100
#: How far back from the cap a clause break (comma, semicolon, dash) is looked for.
_SOFT_WINDOW = 40
_CLAUSE_BREAKS = frozenset({",", ";", ":", "-", "–", "—"})


@Language.component(NAME)
def paragraph_breaks(doc: Doc) -> Doc:
    """Mark the token after a blank line (or a line break after a headline) as a sentence start,
    and start a sentence wherever one would run past :data:`MAX_SENTENCE_TOKENS` tokens."""
    for tok in doc[:-1]:
        if tok.is_space and "\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
        elif "\n" in tok.whitespace_ and tok.i + 1 < len(doc):
            doc[tok.i + 1].is_sent_start = True
    cap_sentences(doc)
    return doc


def cap_sentences(doc: Doc, limit: int = MAX_SENTENCE_TOKENS) -> None:
    """Start a sentence so that no run between marked starts exceeds ``limit`` tokens (one pass)."""
    start = 0
    i = 1
    while i < len(doc):
        if doc[i].is_sent_start:
            start = i
        elif i - start >= limit:
            cut = next((k + 1 for k in range(i - 1, max(start, i - _SOFT_WINDOW), -1)
                        if doc[k].text in _CLAUSE_BREAKS), i)
            doc[cut].is_sent_start = True
            start = cut
            i = cut
        i += 1
