"""The main job: read articles, extract, write one named graph per article.

Everything is streamed: articles are read lazily, extracted in spaCy batches, and written
in batches of graphs (:data:`WRITE_BATCH` quads), so memory stays flat however large the
corpus is. Extraction runs here (``workers`` processes) or on a Dask cluster (``dask``, see
:mod:`kg.cluster`), whose workers send back N-Quads for this process to write.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import pyoxigraph as ox

from kg.rdf import ontology
from kg.read.articles import read_articles
from kg.model import Article, Extraction, Skipped
from kg.rdf.resolve import Resolver, article_graph
from kg.store import Store

if TYPE_CHECKING:
    from kg.cluster import ArticleGraph

T = TypeVar("T")

#: Quads gathered before one write to the store.
WRITE_BATCH = 20_000


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
    """Extractions of ``articles`` in input order, streamed.

    With ``workers`` > 1, whole extractions (spaCy parse and kg's rules) run in that many
    processes; only articles and extractions cross process boundaries, never parsed documents.
    At most ``2 * workers`` batches are in flight, so memory stays bounded.
    """
    from kg.extract.nlp import DEFAULT_MODEL, load_pipeline

    name = model or DEFAULT_MODEL
    if workers <= 1:
        from kg.extract import extract_many

        yield from extract_many(articles, nlp=load_pipeline(name), batch_size=batch_size)
        return
    yield from _parallel(articles, name, workers, batch_size)


def _extract_batch(name: str, batch: list[Article], batch_size: int) -> list[Extraction]:
    from kg.extract import extract_many
    from kg.extract.nlp import load_pipeline

    return list(extract_many(batch, nlp=load_pipeline(name), batch_size=batch_size))


def _parallel(articles: Iterable[Article], name: str, workers: int, batch_size: int) -> Iterator[Extraction]:
    import multiprocessing as mp
    from collections import deque

    from kg.extract.nlp import load_pipeline

    methods = mp.get_all_start_methods()
    ctx = mp.get_context("fork" if "fork" in methods else "spawn")
    if ctx.get_start_method() == "fork":
        # Load the pipeline and the extractor's lazy tables once, here: the forked workers
        # share them copy-on-write instead of each loading its own.
        from kg.read.articles import make_article

        load_pipeline(name)
        _extract_batch(name, [make_article("Troops patrolled the town on Monday.", source="<warm-up>")], 1)
    with ctx.Pool(workers) as pool:
        pending: deque = deque()
        batch: list[Article] = []
        for art in articles:
            batch.append(art)
            if len(batch) >= batch_size:
                pending.append(pool.apply_async(_extract_batch, (name, batch, batch_size)))
                batch = []
                if len(pending) >= 2 * workers:
                    yield from pending.popleft().get()
        if batch:
            pending.append(pool.apply_async(_extract_batch, (name, batch, batch_size)))
        while pending:
            yield from pending.popleft().get()


def write_extractions(extractions: Iterable[Extraction], store: Store, *, base: str = ontology.BASE_IRI,
                      batch: int = WRITE_BATCH, report: IngestReport | None = None,
                      on_article: Callable[[Extraction], None] | None = None,
                      resolve: bool = True) -> IngestReport:
    """Write extractions to ``store``, one named graph each, in batches of about ``batch`` quads.

    Then, unless ``resolve`` is false, entities that the evidence of the whole store shows to
    be one thing become one node (:func:`kg.rdf.resolve.resolve_store`).

    Raises:
        StoreError: the store cannot be written (batches written before stay stored).
    """
    report = report if report is not None else IngestReport()

    def graph_of(ext: Extraction) -> tuple[str, list[ox.Quad]]:
        quads = article_graph(ext, base=base)
        report.triples += len(quads)
        return ontology.article_iri(ext.article.id, base=base), quads

    def written(ext: Extraction) -> None:
        report.articles += 1
        report.entities += len(ext.entities)
        report.relations += len(ext.relations)
        if on_article is not None:
            on_article(ext)

    write_batches(extractions, store, graph_of, batch=batch, base=base, on_written=written, resolve=resolve)
    return report


def write_batches(items: Iterable[T], store: Store, graph_of: Callable[[T], tuple[str, list[ox.Quad]]], *,
                  batch: int = WRITE_BATCH, base: str = ontology.BASE_IRI,
                  on_written: Callable[[T], None] | None = None, resolve: bool = True) -> None:
    """Write the named graph ``graph_of(item)`` of each item, in transactional batches of about ``batch`` quads.

    Each graph is written whole; ``on_written`` is called for each item once its batch is
    stored. Unless ``resolve`` is false, entities that the evidence of the whole store shows
    to be one thing become one node as the batches are written (:class:`kg.rdf.resolve.Resolver`).

    Raises:
        StoreError: the store cannot be written (batches written before stay stored).
    """
    pending: list[tuple[str, list[ox.Quad]]] = []
    done: list[T] = []
    size = 0
    resolver = Resolver(store, base=base) if resolve else None

    def flush() -> None:
        store.put_graphs(resolver.resolve_batch(pending) if resolver is not None else pending)
        if on_written is not None:
            for item in done:
                on_written(item)
        pending.clear()
        done.clear()

    for item in items:
        graph, quads = graph_of(item)
        pending.append((graph, quads))
        done.append(item)
        size += len(quads)
        if size >= batch:
            flush()
            size = 0
    if pending:
        flush()
    if resolver is not None:
        resolver.finish()


def _unique_articles(inputs: Iterable[str | Path], report: IngestReport) -> Iterator[Article]:
    seen: set[str] = set()
    for item in read_articles(inputs):
        if isinstance(item, Skipped):
            report.skipped.append(item)
        elif item.id in seen:
            report.unchanged += 1
        else:
            seen.add(item.id)
            yield item


def ingest(inputs: Iterable[str | Path], store: Store, *, model: str | None = None, workers: int = 1,
           batch_size: int = 32, base: str = ontology.BASE_IRI,
           on_article: Callable[[Extraction], None] | None = None, dask: Any = None,
           on_graph: Callable[[ArticleGraph], None] | None = None) -> IngestReport:
    """Ingest files, folders or ``-`` into ``store``; each article is one named graph.

    The same text ingested again replaces its graph, so re-running an ingest converges. The
    ontology's class and property hierarchy is kept up to date in its own graph
    (:mod:`kg.rdf.axioms`).
    Inputs that cannot be read are reported in :attr:`IngestReport.skipped`. With ``dask``
    (a scheduler address or a ``distributed.Client``) extraction runs on that cluster and
    ``on_graph`` is called per stored article instead of ``on_article``.

    Raises:
        ConfigError: the Dask scheduler cannot be reached.
        ModelNotFound: the spaCy pipeline is not installed.
        StoreError: the store cannot be written (articles written before stay stored).
    """
    from kg.rdf.axioms import ensure_ontology

    ensure_ontology(store)  # the class and property hierarchy, in its own graph
    report = IngestReport()
    articles = _unique_articles(inputs, report)
    if dask is None:
        exts = extract_articles(articles, model=model, workers=workers, batch_size=batch_size)
        return write_extractions(exts, store, base=base, report=report, on_article=on_article)
    from kg import cluster
    from kg.extract.nlp import DEFAULT_MODEL

    def count(g: ArticleGraph) -> None:
        report.articles += 1
        report.entities += g.entities
        report.relations += g.relations
        report.triples += g.triples
        if on_graph is not None:
            on_graph(g)

    with _client(dask) as client:
        graphs = cluster.extract_graphs(articles, client, model=model or DEFAULT_MODEL, base=base)
        cluster.write_graphs(graphs, store, batch=WRITE_BATCH, base=base, on_graph=count)
    return report


class _client:
    """A Dask client for the ``with`` block: connected here (and closed after) or the caller's."""

    def __init__(self, dask: Any) -> None:
        self.dask = dask
        self.client: Any = None

    def __enter__(self) -> Any:
        from kg import cluster

        self.client = cluster.connect(self.dask)
        return self.client

    def __exit__(self, *exc: object) -> None:
        if self.client is not None and self.client is not self.dask:
            self.client.close()


def extract_on_dask(inputs: Iterable[str | Path], dask: Any, *, model: str | None = None,
                    base: str = ontology.BASE_IRI, shards: str | Path | None = None,
                    per_shard: int = 1000) -> tuple[Iterator[bytes], IngestReport]:
    """N-Quads of the articles in ``inputs``, extracted on a Dask cluster, without a store.

    With ``shards`` the graphs go to N-Quads files in that folder (``per_shard`` articles
    each) and the returned iterator yields nothing; otherwise it yields each article's
    N-Quads in input order. The report fills while the iterator is consumed.

    Raises (while consumed):
        ConfigError: the Dask scheduler cannot be reached.
        StoreError: the shard folder cannot be written.
    """
    from kg.extract.nlp import DEFAULT_MODEL

    report = IngestReport()

    def run() -> Iterator[bytes]:
        from kg import cluster

        def count(g: ArticleGraph) -> None:
            report.articles += 1
            report.entities += g.entities
            report.relations += g.relations
            report.triples += g.triples

        with _client(dask) as client:
            graphs = cluster.extract_graphs(_unique_articles(inputs, report), client,
                                            model=model or DEFAULT_MODEL, base=base)
            if shards is not None:
                cluster.write_shards(graphs, shards, per_shard=per_shard, on_graph=count)
                return
            for g in graphs:
                count(g)
                yield g.nquads

    return run(), report
