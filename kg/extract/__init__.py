"""Entity and relation extraction from news articles (spaCy + linguistic rules).

Importing this package does not import spaCy; the pipeline is loaded on first use.
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
