"""Extraction on a Dask cluster: articles go out in partitions, N-Quads come back.

    articles --(partitions of PARTITION_SIZE)--> Dask workers (spaCy loaded once per worker
    by :class:`PipelinePlugin`) --(N-Quads per article)--> this process: the single store
    writer (transactional batches) or N-Quads shard files for ``kg load`` / a bulk loader

At most ``2 x workers`` partitions are in flight, so memory stays bounded on both sides.
Dask reruns the partitions of a worker that dies; each partition's result is taken once
(one future, one result) and every article is its own named graph, written by replacing
that graph, so a retried partition neither loses nor duplicates an article.

Imported only by ``--dask`` runs: it imports ``distributed``.
"""
from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from distributed import Client, WorkerPlugin

from kg.errors import ConfigError, StoreError
from kg.model import Article
from kg.rdf import ontology
from kg.store import Store

#: Articles per Dask task.
PARTITION_SIZE = 8
#: Seconds to wait for the scheduler to answer.
CONNECT_TIMEOUT = 30


@dataclass(frozen=True, slots=True)
class ArticleGraph:
    """One article's extraction as it comes back from a worker."""

    graph: str
    source: str
    entities: int
    relations: int
    triples: int
    nquads: bytes


class PipelinePlugin(WorkerPlugin):
    """Loads the spaCy pipeline (and warms kg's extractor) once when a worker starts."""

    idempotent = True

    def __init__(self, model: str, extractor: tuple[str, str | None] | None = None) -> None:
        self.model, self.extractor = model, extractor
        self.name = f"kg-pipeline-{model}-{extractor}"

    def setup(self, worker: object) -> None:
        _warm(self.model, self.extractor)


def _extractor() -> tuple[str, str | None]:
    """This process's extractor mode and weights directory (``None``: the default), for the workers."""
    from kg.extract.learned.settings import SHIPPED, current

    cfg = current()
    return cfg.mode, (None if cfg.directory == SHIPPED else str(cfg.directory))


def _warm(model: str, extractor: tuple[str, str | None] | None) -> None:
    from kg.extract.nlp import load_pipeline
    from kg.read.articles import make_article

    load_pipeline(model)
    _extract_partition(model, ontology.BASE_IRI, [make_article("Troops patrolled the town.", source="<warm-up>")],
                       extractor)


def _extract_partition(model: str, base: str, articles: list[Article],
                       extractor: tuple[str, str | None] | None = None) -> list[ArticleGraph]:
    """Runs on a worker: the N-Quads of each article of one partition."""
    from kg.extract import extract_many
    from kg.extract.learned.settings import configure
    from kg.extract.nlp import load_pipeline
    from kg.rdf.resolve import article_graph

    if extractor is not None:
        configure(mode=extractor[0], directory=extractor[1])
    out = []
    for ext in extract_many(articles, nlp=load_pipeline(model), batch_size=len(articles)):
        quads = article_graph(ext, base=base)
        out.append(ArticleGraph(ontology.article_iri(ext.article.id, base=base), ext.article.source,
                                len(ext.entities), len(ext.relations), len(quads),
                                ox.serialize(quads, format=ox.RdfFormat.N_QUADS)))
    return out


def connect(address: str | Client) -> Client:
    """A client of the scheduler at ``address`` (``tcp://host:8786``), or ``address`` itself.

    Raises:
        ConfigError: the scheduler cannot be reached.
    """
    if isinstance(address, Client):
        return address
    try:
        return Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ConfigError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc


def _partitions(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for art in articles:
        batch.append(art)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def extract_graphs(articles: Iterable[Article], client: Client, *, model: str, base: str = ontology.BASE_IRI,
                   partition_size: int = PARTITION_SIZE) -> Iterator[ArticleGraph]:
    """Extract ``articles`` on the cluster; yield each article's graph in input order.

    Raises:
        ModelNotFound: a worker has no such spaCy pipeline.
    """
    extractor = _extractor()
    client.register_plugin(PipelinePlugin(model, extractor))
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    window: deque = deque()
    for part in _partitions(articles, partition_size):
        # pure=False: two equal partitions are two tasks; retries=2 on top of Dask rerunning
        # the tasks of lost workers, for errors raised inside a task.
        window.append(client.submit(_extract_partition, model, base, part, extractor, pure=False, retries=2))
        if len(window) >= 2 * workers:
            yield from _take(window.popleft())
    while window:
        yield from _take(window.popleft())


def _take(future: object) -> list[ArticleGraph]:
    try:
        return future.result()  # type: ignore[attr-defined]
    finally:
        future.release()  # type: ignore[attr-defined]


def write_graphs(graphs: Iterable[ArticleGraph], store: Store, *, batch: int, base: str = ontology.BASE_IRI,
                 on_graph: Callable[[ArticleGraph], None] | None = None, resolve: bool = True) -> None:
    """Write graphs to ``store`` in batches of about ``batch`` quads (each graph whole).

    As a local ingest does (:func:`kg.ingest.write_batches`), entities that the evidence of
    the whole store shows to be one thing become one node as the batches are written (unless
    ``resolve`` is false).

    Raises:
        StoreError: the store cannot be written (batches written before stay stored).
    """
    from kg.ingest import write_batches

    def graph_of(g: ArticleGraph) -> tuple[str, list[ox.Quad]]:
        return g.graph, list(ox.parse(g.nquads, format=ox.RdfFormat.N_QUADS))

    write_batches(graphs, store, graph_of, batch=batch, base=base, on_written=on_graph, resolve=resolve)


def write_shards(graphs: Iterable[ArticleGraph], folder: str | Path, *, per_shard: int = 1000,
                 on_graph: Callable[[ArticleGraph], None] | None = None) -> list[Path]:
    """Write graphs as N-Quads files of ``per_shard`` articles each (``part-00001.nq`` ...).

    Each file appears whole (written aside, then renamed), ready for ``kg load`` or an
    engine's bulk loader. Graphs are written as extracted: each entity under its own key,
    with the identity records that resolving them across articles needs.

    Raises:
        StoreError: the folder cannot be written.
    """
    folder = Path(folder)
    written: list[Path] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fh = None
        count = 0
        for g in graphs:
            if fh is None:
                path = folder / f"part-{len(written) + 1:05d}.nq"
                tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
                fh = tmp.open("wb")
            fh.write(g.nquads)
            count += 1
            if on_graph is not None:
                on_graph(g)
            if count >= per_shard:
                fh.close()
                tmp.replace(path)
                written.append(path)
                fh, count = None, 0
        if fh is not None:
            fh.close()
            tmp.replace(path)
            written.append(path)
    except OSError as exc:
        raise StoreError(f"cannot write shards to {folder}: {exc.strerror or exc}") from exc
    return written
