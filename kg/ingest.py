"""The main job: read articles, extract, write one named graph per article."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg import ontology
from kg.articles import read_articles
from kg.model import Article, Extraction, Skipped
from kg.rdf import article_quads
from kg.store import Store


@dataclass(slots=True)
class IngestReport:
    """What an ingest did."""

    articles: int = 0
    entities: int = 0
    relations: int = 0
    triples: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)


def extract_articles(articles: Iterable[Article], *, model: str | None = None, workers: int = 1,
                     batch_size: int = 32) -> Iterator[Extraction]:
    """Extractions of ``articles``, streamed (spaCy runs in ``workers`` processes)."""
    from kg.extract import extract_many
    from kg.nlp import DEFAULT_MODEL, load_pipeline

    nlp = load_pipeline(model or DEFAULT_MODEL)
    yield from extract_many(articles, nlp=nlp, n_process=max(1, workers), batch_size=batch_size)


def ensure_ontology(store: Store) -> None:
    """Keep the ontology in its own named graph, so SPARQL can follow rdfs:subClassOf."""
    from kg.rdf import ontology_quads

    quads = ontology_quads()
    probe = store.query(f"ASK {{ GRAPH <{ontology.ONTOLOGY_GRAPH}> {{ ?s ?p ?o }} }}")
    count = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ontology.ONTOLOGY_GRAPH}> {{ ?s ?p ?o }} }}")
    if not probe.boolean or int(count.rows[0][0].value) != len(quads):  # type: ignore[union-attr]
        store.put_graph(ontology.ONTOLOGY_GRAPH, quads)


def ingest(inputs: Iterable[str | Path], store: Store, *, model: str | None = None, workers: int = 1,
           batch_size: int = 32, base: str = ontology.BASE_IRI,
           on_article: Callable[[Extraction], None] | None = None) -> IngestReport:
    """Ingest files, folders or ``-`` into ``store``; each article is one transaction.

    The same text ingested again replaces its graph, so re-running an ingest converges.
    Inputs that cannot be read are reported in :attr:`IngestReport.skipped`.

    Raises:
        ModelNotFound: the spaCy pipeline is not installed.
        StoreError: the store cannot be written (articles written before stay stored).
    """
    report = IngestReport()
    seen: set[str] = set()
    ensure_ontology(store)

    def articles() -> Iterator[Article]:
        for item in read_articles(inputs):
            if isinstance(item, Skipped):
                report.skipped.append(item)
            elif item.id in seen:
                report.unchanged += 1
            else:
                seen.add(item.id)
                yield item

    for ext in extract_articles(articles(), model=model, workers=workers, batch_size=batch_size):
        quads = article_quads(ext, base=base)
        store.put_graph(ontology.article_iri(ext.article.id, base=base), quads)
        report.articles += 1
        report.entities += len(ext.entities)
        report.relations += len(ext.relations)
        report.triples += len(quads)
        if on_article is not None:
            on_article(ext)
    return report
