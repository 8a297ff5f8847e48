"""A spaCy component that starts a sentence after every blank line.

News texts put the headline, the dateline and each paragraph on their own lines, often with no
closing full stop; without this, the parser joins a headline to the first sentence and facts
of the body get attributed to the headline's wording. Imported only by :mod:`kg.extract.nlp`.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

NAME = "kg_paragraph_breaks"


@Language.component(NAME)
def paragraph_breaks(doc: Doc) -> Doc:
    """Mark the token after a blank line (or a line break after a headline) as a sentence start."""
    for tok in doc[:-1]:
        if tok.is_space and "\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
        elif "\n" in tok.whitespace_ and tok.i + 1 < len(doc):
            doc[tok.i + 1].is_sent_start = True
    return doc
