"""The verbs of kg's Python API: open, ingest, extract, query, project.

Re-exported by :mod:`kg`; this module is private so that the verbs' names stay free of the
sub-packages they share a name with (``kg.query`` the verb, ``kg/query/`` the package).
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from kg._results import Result
from kg.query.limits import DEFAULT_TIMEOUT

if TYPE_CHECKING:
    import networkx as nx

    from kg.ingest import IngestReport
    from kg.model import Extraction
    from kg.query.stats import Stats
    from kg.store import Store


class KnowledgeGraph:
    """An open kg store: query it with SPARQL, project it to networkx, add articles.

    Obtain one with :func:`open`; close it (or use ``with``) to release the store.
    """

    def __init__(self, store: Store, *, timeout: float | None = None) -> None:
        self.store = store
        self.timeout = timeout

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __len__(self) -> int:
        return len(self.store)

    def __repr__(self) -> str:
        return f"<kg KnowledgeGraph {self.store.kind} {self.store.location}>"

    def close(self) -> None:
        """Release the store (a read-only snapshot, or the writer's lock)."""
        self.store.close()

    def query(self, sparql: str, *, timeout: float | None = None, reason: str | None = None) -> Result:
        """Run a read-only SPARQL query over all articles; kg's prefixes are predeclared.

        ``reason="rdfs"`` also matches what the ontology entails: a class matches its
        subclasses, a property its subproperties (see :mod:`kg.query.reason`).

        Raises:
            QueryError: invalid, refused (updates, SERVICE, LOAD) or timed-out query.
        """
        from kg.query.sparql import run_query

        return Result(run_query(self.store, sparql, timeout=self.timeout if timeout is None else timeout,
                                reason=reason))

    def graph(self, *, classes: Iterable[str] | None = None, predicates: Iterable[str] | None = None,
              since: str | None = None, until: str | None = None) -> nx.MultiDiGraph:
        """The entity graph as a ``networkx.MultiDiGraph`` (filters as in ``kg export``).

        Raises:
            ConfigError: unknown class or predicate, or a malformed date.
        """
        from kg.graph.projection import project as run

        return run(self.store, classes=classes, predicates=predicates, since=since, until=until)

    def ingest(self, paths: Iterable[str | Path], *, model: str | None = None, workers: int = 1) -> IngestReport:
        """Extract articles from files or folders into this store (opened with ``mode="w"``).

        Raises:
            StoreError: the store was opened read-only.
            ModelNotFound: the spaCy pipeline is not installed.
        """
        from kg.ingest import ingest as run

        return run([str(p) for p in paths], self.store, model=model, workers=workers)

    def stats(self) -> Stats:
        """Counts of articles, quads, entities by class and relations by property."""
        from kg.query.stats import store_stats

        return store_stats(self.store)


def open(path: str | Path = ".kg", *, mode: Literal["r", "w"] = "r", timeout: float | None = DEFAULT_TIMEOUT,
         update_url: str | None = None) -> KnowledgeGraph:
    """Open the store at ``path`` (a folder, ``"memory"`` or an http(s) SPARQL endpoint).

    Read-only by default (``mode="r"``): a snapshot that never writes or takes the writer's
    lock, so ``kg ingest`` can run while a notebook holds it. ``timeout`` limits each query.

    >>> import kg
    >>> with kg.open("memory") as g:
    ...     g.query("ASK { ?s ?p ?o }").boolean
    False

    Raises:
        NotAStore: ``path`` holds no kg store (read mode never creates one).
        StoreError: the store cannot be opened.
    """
    from kg.store import open_store

    return KnowledgeGraph(open_store(path, mode, update_url=update_url), timeout=timeout)


def ingest(paths: str | Path | Iterable[str | Path], store: str | Path | KnowledgeGraph = ".kg", *,
           model: str | None = None, workers: int = 1) -> IngestReport:
    """Extract articles (files, folders of .txt/.md/.html/.jsonl) into ``store``, one graph each.

    ``store`` is a path (opened for writing, created when new) or an open :class:`KnowledgeGraph`.

    Raises:
        StoreBusy: another process is writing the store.
        ModelNotFound: the spaCy pipeline is not installed.
    """
    items = [paths] if isinstance(paths, (str, Path)) else list(paths)
    if isinstance(store, KnowledgeGraph):
        return store.ingest(items, model=model, workers=workers)
    with open(store, mode="w") as graph:
        return graph.ingest(items, model=model, workers=workers)


def extract(text: str, *, title: str | None = None, published: str | None = None, source: str = "<text>",
            model: str | None = None) -> Extraction:
    """Entities and relations of one article's ``text`` (first line the headline unless ``title``).

    ``published`` (YYYY-MM-DD) anchors relative dates such as "on Monday".

    Raises:
        ArticleError: the text is empty or too long for one article.
        ModelNotFound: the spaCy pipeline is not installed.
    """
    from kg.extract import extract as run
    from kg.extract.nlp import DEFAULT_MODEL, load_pipeline
    from kg.read.articles import make_article

    article = make_article(text, source=source, title=title, published=published)
    return run(article, nlp=load_pipeline(model or DEFAULT_MODEL))


def query(store: str | Path | KnowledgeGraph, sparql: str, *, timeout: float | None = DEFAULT_TIMEOUT,
          reason: str | None = None) -> Result:
    """Run a read-only SPARQL query on ``store`` (a path opened read-only, or an open graph).

    ``reason="rdfs"``: see :meth:`KnowledgeGraph.query`.

    Raises:
        QueryError: invalid, refused or timed-out query.
        NotAStore: ``store`` holds no kg store.
    """
    if isinstance(store, KnowledgeGraph):
        return store.query(sparql, timeout=timeout, reason=reason)
    with open(store, timeout=timeout) as graph:
        return graph.query(sparql, reason=reason)


def project(store: str | Path | KnowledgeGraph, *, classes: Iterable[str] | None = None,
            predicates: Iterable[str] | None = None, since: str | None = None,
            until: str | None = None) -> nx.MultiDiGraph:
    """The entity graph of ``store`` as a ``networkx.MultiDiGraph`` (see :meth:`KnowledgeGraph.graph`)."""
    if isinstance(store, KnowledgeGraph):
        return store.graph(classes=classes, predicates=predicates, since=since, until=until)
    with open(store) as graph:
        return graph.graph(classes=classes, predicates=predicates, since=since, until=until)


__all__ = ["KnowledgeGraph", "Result", "extract", "ingest", "open", "project", "query"]
