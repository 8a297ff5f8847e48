"""``kg extract``: the graph of an article without a store."""
from __future__ import annotations

import sys
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
    file: Annotated[str, typer.Argument(help="One article file (.txt .md .html), or - for stdin.")],
    fmt: Annotated[ExtractFormat, typer.Option("--format", "-f", help="RDF format.")] = ExtractFormat.nt,
    model: ModelOpt = None,
) -> None:
    """Print the graph of one article on stdout, touching no store.

    Examples:
      kg extract examples/articles/ninewa-clearance.txt --format ttl
      kg extract report.txt --format nt > report.nt
    """
    from kg.articles import read_articles
    from kg.errors import ArticleError
    from kg.ingest import extract_articles
    from kg.model import Skipped
    from kg.rdf import article_quads, serialize_quads

    items = list(read_articles([file]))
    if not items:
        raise ArticleError(f"{file}: no article found")
    first = items[0]
    if isinstance(first, Skipped):
        raise ArticleError(f"{first.source}: {first.reason}")
    ext = next(extract_articles([first], model=model))
    sys.stdout.buffer.write(serialize_quads(article_quads(ext), fmt.value))
    sys.stdout.flush()
