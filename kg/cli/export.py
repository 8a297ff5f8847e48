"""``kg export``: the store as RDF, or its graph projection for visualisation tools."""
from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import StoreOpt, UpdateUrlOpt, app


class ExportFormat(str, Enum):
    ttl = "ttl"
    nt = "nt"
    nq = "nq"
    trig = "trig"
    jsonld = "jsonld"


@app.command()
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="Output format.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")],
    store: StoreOpt = None,
    update_url: UpdateUrlOpt = None,
) -> None:
    """Write the whole store to a file.

    RDF: ttl and nt merge all articles into one graph; nq, trig and jsonld keep one named
    graph per article.

    Examples:
      kg export --format trig -o out/graph.trig
      kg export --format nq -o backup.nq
    """
    from kg.dump import write_rdf
    from kg.store import open_store

    with open_store(store, update_url=update_url) as st:
        n = write_rdf(st, fmt.value, output)
    print(f"wrote {output} ({n} quads)")
