"""Articles to RDF without a store: the graph of each article, serialised for ``kg load`` elsewhere.

:func:`extract_rdf` streams bytes: N-Quads or TriG for many articles (one named graph
each), N-Triples, Turtle or JSON-LD for exactly one.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import ArticleError, ConfigError
from kg.model import Article, Skipped

#: Formats that keep one named graph per article, so their outputs can be concatenated.
MANY_ARTICLE_FORMATS = ("nq", "trig")
SINGLE_ARTICLE_FORMATS = ("nt", "ttl", "jsonld")


@dataclass(slots=True)
class RdfStream:
    """Serialised graphs as they are produced; ``skipped`` fills while ``chunks`` is consumed."""

    chunks: Iterator[bytes]
    skipped: list[Skipped] = field(default_factory=list)


def extract_rdf(inputs: Iterable[str | Path], fmt: str = "nq", *, model: str | None = None, workers: int = 1,
                batch_size: int = 32) -> RdfStream:
    """The RDF of the articles in ``inputs`` (files, folders, ``-``), one chunk per article.

    Raises (while ``chunks`` is consumed):
        ConfigError: several articles in a single-graph format (``nt``, ``ttl``, ``jsonld``).
        ArticleError: no readable article in a single-graph format.
        ModelNotFound: the spaCy pipeline is not installed.
    """
    if fmt not in MANY_ARTICLE_FORMATS + SINGLE_ARTICLE_FORMATS:
        raise ConfigError(f"unknown RDF format '{fmt}'; choose one of "
                          f"{', '.join(MANY_ARTICLE_FORMATS + SINGLE_ARTICLE_FORMATS)}")
    stream = RdfStream(iter(()))
    articles = _unique(inputs, stream.skipped)
    if fmt in MANY_ARTICLE_FORMATS:
        stream.chunks = _many(articles, fmt, model=model, workers=workers, batch_size=batch_size)
    else:
        stream.chunks = _single(articles, fmt, model=model, skipped=stream.skipped, described=inputs)
    return stream


def _unique(inputs: Iterable[str | Path], skipped: list[Skipped]) -> Iterator[Article]:
    from kg.read.articles import read_articles

    seen: set[str] = set()
    for item in read_articles(inputs):
        if isinstance(item, Skipped):
            skipped.append(item)
        elif item.id not in seen:
            seen.add(item.id)
            yield item


def _many(articles: Iterator[Article], fmt: str, *, model: str | None, workers: int,
          batch_size: int) -> Iterator[bytes]:
    from kg.ingest import extract_articles
    from kg.rdf.quads import serialize_quads
    from kg.rdf.resolve import article_graph

    for ext in extract_articles(articles, model=model, workers=workers, batch_size=batch_size):
        # with its identity records, so that kg load resolves identity like kg ingest
        yield serialize_quads(article_graph(ext), fmt)


def _single(articles: Iterator[Article], fmt: str, *, model: str | None, skipped: list[Skipped],
            described: Iterable[str | Path]) -> Iterator[bytes]:
    from kg.ingest import extract_articles
    from kg.rdf.quads import article_quads, serialize_quads

    first = next(articles, None)
    if first is None:
        if skipped:
            raise ArticleError(f"{skipped[0].source}: {skipped[0].reason}")
        raise ArticleError(f"{' '.join(str(p) for p in described)}: no article found")
    if next(articles, None) is not None:
        raise ConfigError(f"several articles: use --format nq or trig (one named graph per article), not {fmt}")
    ext = next(extract_articles([first], model=model))
    yield serialize_quads(article_quads(ext), fmt, keep_graphs=False)
