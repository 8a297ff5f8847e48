"""Main text and metadata of an HTML page (boilerplate, scripts and styles removed)."""
from __future__ import annotations

from kg.errors import ArticleError
from kg.read.articles import make_article
from kg.model import Article


def html_article(html: str, *, source: str) -> Article:
    """Build an article from an HTML page with trafilatura's main-content extraction.

    Raises:
        ArticleError: no main text was found.
    """
    import trafilatura

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_precision=True)
    if doc is None:
        raise ArticleError("no main text found in HTML")
    meta = doc if isinstance(doc, dict) else doc.as_dict()
    text = meta.get("text") or ""
    title = meta.get("title")
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"
    return make_article(text, source=source, title=title, published=meta.get("date"), url=meta.get("url"))
