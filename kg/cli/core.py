"""Commands that fill and inspect the store: ingest, load, stats, validate."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kg.cli.app import (
    BatchSizeOpt, ExtractorOpt, ModelOpt, QuietOpt, RowFormat, RowFormatOpt, StoreOpt, UpdateUrlOpt, WaitOpt,
    WorkersOpt, app,
)
from kg.cli.extract import DaskOpt
from kg.cli.output import emit, print_json
from kg.cli.settings import settings

if TYPE_CHECKING:
    from kg.model import Extraction

__all__ = ["WaitOpt", "ingest", "load", "stats", "validate"]


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files (.txt .md .html .jsonl), folders, or - for stdin.")],
    store: StoreOpt = None,
    update_url: UpdateUrlOpt = None,
    model: ModelOpt = None,
    extractor: ExtractorOpt = None,
    workers: WorkersOpt = 1,
    batch_size: BatchSizeOpt = 32,
    wait: WaitOpt = 0.0,
    log_articles: Annotated[bool, typer.Option(
        "--log-articles", help="Print one line per stored article: 'stored GRAPH-IRI SOURCE'.")] = False,
    quiet: QuietOpt = False,
    dask: DaskOpt = None,
) -> None:
    """Extract articles into the store, one named graph per article.

    Each article is written in one transaction: an interrupted ingest leaves whole articles
    only, and running it again completes it. Ingesting the same text again replaces its graph.
    Exit code 0 when every input was ingested; 1 when some files or JSONL lines were
    skipped (each listed with the reason, then a summary); 2 for bad usage or an input
    path that does not exist or cannot be read (nothing is ingested then).

    \b
    Examples:
      kg ingest examples/articles
      kg ingest examples/articles/wire-reports.jsonl --workers 2 --store ./my-graph
      cat examples/articles/borno-convoy.txt | kg ingest -
      kg ingest examples/articles --dask tcp://127.0.0.1:8786
    """
    from kg.read.articles import input_problem
    from kg.errors import ConfigError
    from kg.ingest import ingest as run_ingest
    from kg.rdf.ontology import article_iri

    cfg = settings(store=store, update_url=update_url, model=model, extractor=extractor, dask=dask)
    cfg.use_extractor()
    problems = [(p, why) for p in paths if (why := input_problem(p))]
    if problems:
        for p, why in problems[:-1]:
            print(f"Error: {p}: {why}", file=sys.stderr)
        p, why = problems[-1]
        raise ConfigError(f"{p}: {why}")
    if paths.count("-") > 1:
        raise ConfigError("'-' (standard input) can be given only once")
    from kg.cli.progress import progress
    from kg.read.articles import count_articles

    show = not quiet and not log_articles and sys.stderr.isatty()
    count = 0
    with progress("ingesting", total=count_articles(paths) if show else None, unit="articles",
                  enabled=show) as advance:

        def stored(graph: str, source: str) -> None:
            nonlocal count
            count += 1
            advance(1)
            if log_articles:
                print(f"stored {graph} {' '.join(source.split())}", flush=True)

        def tick(ext: Extraction) -> None:
            stored(article_iri(ext.article.id), ext.article.source)

        try:
            with cfg.open_store("w", wait=wait) as st:
                report = run_ingest(paths, st, model=cfg.model, workers=workers, batch_size=batch_size,
                                    on_article=tick, dask=cfg.dask, on_graph=lambda g: stored(g.graph, g.source))
        except KeyboardInterrupt:
            print(f"Interrupted: {count} articles stored, each one whole; run the command again to complete "
                  "the rest (stored articles are replaced, not duplicated)", file=sys.stderr)
            raise typer.Exit(130) from None
    for s in report.skipped:
        print(f"skipped {' '.join(s.source.split())}: {' '.join(s.reason.split())}", file=sys.stderr)
    print(f"{report.articles} articles ingested ({report.entities} entities, {report.relations} relations, "
          f"{report.triples} triples); {report.unchanged} duplicates; {len(report.skipped)} skipped")
    if report.skipped:
        raise typer.Exit(1)


@app.command()
def stats(
    store: StoreOpt = None,
    update_url: UpdateUrlOpt = None,
    fmt: RowFormatOpt = RowFormat.table,
) -> None:
    """Counts by class and property, articles, and where the store is.

    With --format csv or tsv: one row per figure (section, name, value).

    \b
    Examples:
      kg stats --store ./.kg
      kg stats --format csv
    """
    from dataclasses import asdict

    from kg.query.stats import store_stats

    with settings(store=store, update_url=update_url).open_store("r") as st:
        s = store_stats(st)
    if fmt is RowFormat.json:
        print_json(asdict(s))
        return
    if fmt is not RowFormat.table:
        rows = [("store", "kind", s.kind), ("store", "location", s.location),
                ("total", "articles", s.articles), ("total", "quads", s.quads)]
        rows += [("class", name, n) for name, n in sorted(s.classes.items(), key=lambda kv: -kv[1])]
        rows += [("property", name, n) for name, n in sorted(s.properties.items(), key=lambda kv: -kv[1])]
        emit(["section", "name", "value"], rows, fmt)
        return
    print(f"store: {s.location} ({s.kind})")
    print(f"articles: {s.articles}   quads: {s.quads}\n")
    emit(["class", "entities"], sorted(s.classes.items(), key=lambda kv: -kv[1]))
    print()
    emit(["property", "relations"], sorted(s.properties.items(), key=lambda kv: -kv[1]))


@app.command()
def load(
    files: Annotated[list[Path], typer.Argument(help="N-Quads (.nq) or TriG files, e.g. from kg extract --format nq.")],
    store: StoreOpt = None,
    update_url: UpdateUrlOpt = None,
    wait: WaitOpt = 0.0,
) -> None:
    """Bulk-load RDF files into the store (the fast path for sharded extraction output).

    \b
    Example:
      kg extract examples/articles --format nq > shard.nq
      kg load shard.nq --store ./other-graph
    """
    from kg.errors import ConfigError

    for f in files:
        if not f.is_file():
            raise ConfigError(f"{f}: no such file" if not f.exists() else f"{f}: not a regular file")
    from kg.cli.progress import progress

    size = sum(f.stat().st_size for f in files)
    with progress("loading", total=size, unit="bytes", enabled=sys.stderr.isatty()) as advance, \
            settings(store=store, update_url=update_url).open_store("w", wait=wait) as st:
        for f in files:
            st.load(f)
            advance(f.stat().st_size)
            print(f"loaded {f}")
        from kg.rdf.axioms import ensure_ontology
        from kg.rdf.resolve import resolve_store

        ensure_ontology(st)
        resolve_store(st)  # articles from shards join the identities of the store


@app.command()
def validate(
    store: StoreOpt = None,
    update_url: UpdateUrlOpt = None,
) -> None:
    """Check the store against kg's SHACL shapes (ontology/shapes.ttl).

    Exit code 0 when the graph conforms, 1 with the violations otherwise.

    \b
    Example:
      kg validate --store ./.kg
    """
    from kg.store import iter_nquads
    from kg.rdf.validate import validate as run_validate

    with settings(store=store, update_url=update_url).open_store("r") as st:
        data = b"".join(iter_nquads(st)).decode("utf-8")
    report = run_validate(data)
    if report.conforms:
        print("conforms: the graph satisfies every shape")
        return
    emit(["focus", "path", "message"], [(r[0], r[1], r[2]) for r in report.results])
    print(f"{len(report.results)} violations")
    raise typer.Exit(1)
