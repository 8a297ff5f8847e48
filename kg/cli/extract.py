"""``kg extract``: the graph of articles without a store.

One article prints its graph in any format; many (folders, JSONL shards, several files)
stream N-Quads with one named graph per article, ready for ``kg load`` on another machine.
"""
from __future__ import annotations

import sys
from collections.abc import Iterator
from enum import Enum
from typing import Annotated

import typer

from kg.cli.app import ModelOpt, app


class ExtractFormat(str, Enum):
    nt = "nt"
    ttl = "ttl"
    jsonld = "jsonld"
    nq = "nq"


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Article files (.txt .md .html .jsonl), folders, or - for stdin.")],
    fmt: Annotated[ExtractFormat, typer.Option("--format", "-f", help="RDF format (nq for many articles).")]
    = ExtractFormat.nt,
    model: ModelOpt = None,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="spaCy processes.")] = 1,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Articles per spaCy batch.")] = 32,
) -> None:
    """Print the graph of articles on stdout, touching no store.

    Exit code 1 when some inputs were skipped (listed on stderr).

    Examples:
      kg extract examples/articles/ninewa-desert-sweep.txt --format ttl
      kg extract report.txt --format nt > report.nt
      kg extract shard-07.jsonl --format nq --workers 2 > shard-07.nq && kg load shard-07.nq
    """
    from kg.read.articles import read_articles
    from kg.errors import ArticleError, ConfigError
    from kg.ingest import extract_articles
    from kg.model import Article, Skipped
    from kg.rdf.quads import article_quads, serialize_quads

    skipped: list[Skipped] = []

    def articles() -> Iterator[Article]:
        seen: set[str] = set()
        for item in read_articles(paths):
            if isinstance(item, Skipped):
                skipped.append(item)
            elif item.id not in seen:
                seen.add(item.id)
                yield item

    out = sys.stdout.buffer
    if fmt is not ExtractFormat.nq:
        it = articles()
        first = next(it, None)
        if first is None:
            if skipped:
                raise ArticleError(f"{skipped[0].source}: {skipped[0].reason}")
            raise ArticleError(f"{' '.join(paths)}: no article found")
        if next(it, None) is not None:
            raise ConfigError(f"several articles: use --format nq (one named graph per article), not {fmt.value}")
        ext = next(extract_articles([first], model=model))
        out.write(serialize_quads(article_quads(ext), fmt.value, keep_graphs=False))
    else:
        for ext in extract_articles(articles(), model=model, workers=workers, batch_size=batch_size):
            out.write(serialize_quads(article_quads(ext), "nq"))
    sys.stdout.flush()
    for s in skipped:
        print(f"skipped {s.source}: {s.reason}", file=sys.stderr)
    if skipped:
        raise typer.Exit(1)
