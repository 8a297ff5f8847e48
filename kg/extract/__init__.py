"""Entity and relation extraction from news articles (spaCy + linguistic rules + learned layers).

Importing this package does not import spaCy; the pipeline is loaded on first use.

One article flows through these stages, in order (:mod:`kg.extract.pipeline` runs them):

0. parse -- :mod:`~kg.extract.nlp` loads the pinned spaCy pipeline (with the
   :mod:`~kg.extract.paragraphs` component); :mod:`~kg.extract.tokens` gives the rules plain
   per-document token lists.
1. mentions -- :mod:`kg.extract.mentions`: recognisers propose typed candidate spans, boundaries
   are repaired, ambiguous types settled, non-entities dropped; the learned tagger
   (:mod:`~kg.extract.learned.mentions`, combined by :mod:`~kg.extract.learned.merge`) adds and
   retypes spans in hybrid and learned modes.
2. entities -- :mod:`kg.extract.entities`: in-article coreference merges mentions into entities,
   which get gazetteer and force-table attributes, coordinates held to the article's countries.
3. relations -- :mod:`kg.extract.relations`: rules over the parse decide partOf, participation,
   places, containment, threats, incidents and affiliations; in hybrid and learned modes the
   classifier of :mod:`~kg.extract.learned.relations` (candidate pairs and features from
   :mod:`~kg.extract.learned.features`) decides the relations instead.

Shared by the stages: :mod:`~kg.extract.lexicon` (word lists) and :mod:`~kg.extract.lookups`
(one entry point to the reference tables): :mod:`~kg.extract.gazetteer` (places),
:mod:`~kg.extract.aliases` (known forces), :mod:`~kg.extract.timex` (dates), all read from
``data/``. Training and leave-one-group-out evaluation live in :mod:`kg.extract.learned`.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from kg.model import Article, Extraction

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["extract", "extract_doc", "extract_many"]


def extract_doc(doc: Doc, article: Article) -> Extraction:
    """Extract entities and relations from ``doc``, the parse of ``article.text``."""
    from kg.extract.pipeline import extract_doc as _run

    return _run(doc, article)


def extract(article: Article, *, nlp: Language | None = None) -> Extraction:
    """Parse ``article`` with ``nlp`` (default: :func:`kg.extract.nlp.load_pipeline`) and extract."""
    if nlp is None:
        from kg.extract.nlp import load_pipeline

        nlp = load_pipeline()
    return extract_doc(nlp(article.text), article)


def extract_many(articles: Iterable[Article], *, nlp: Language | None = None, n_process: int = 1,
                 batch_size: int = 32) -> Iterator[Extraction]:
    """Stream extractions of ``articles`` in order, parsing them with ``nlp.pipe``."""
    if nlp is None:
        from kg.extract.nlp import load_pipeline

        nlp = load_pipeline()
    pairs = ((a.text, a) for a in articles)
    for doc, art in nlp.pipe(pairs, as_tuples=True, n_process=n_process, batch_size=batch_size):
        yield extract_doc(doc, art)
