"""``kg extract``: the graph of articles without a store.

One article prints its graph in any RDF format; many (folders, JSONL shards, several files)
stream N-Quads or TriG with one named graph per article, ready for ``kg load`` elsewhere.
"""
from __future__ import annotations

import sys
from typing import Annotated

import typer

from kg.cli.app import BatchSizeOpt, ExtractorOpt, ModelOpt, RdfFormat, RdfFormatOpt, WorkersOpt, app
from kg.cli.settings import settings


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Article files (.txt .md .html .jsonl), folders, or - for stdin.")],
    fmt: RdfFormatOpt = RdfFormat.nt,
    model: ModelOpt = None,
    extractor: ExtractorOpt = None,
    workers: WorkersOpt = 1,
    batch_size: BatchSizeOpt = 32,
) -> None:
    """Print the graph of articles on stdout, touching no store (nq or trig for many articles).

    Exit code 1 when some inputs were skipped (listed on stderr).

    \b
    Examples:
      kg extract examples/articles/ninewa-desert-sweep.txt --format ttl
      kg extract examples/articles/borno-convoy.txt --format nt > borno.nt
      kg extract examples/articles --format nq --workers 2 > shard.nq
    """
    from kg.convert import extract_rdf

    cfg = settings(model=model, extractor=extractor)
    cfg.use_extractor()
    stream = extract_rdf(paths, fmt.value, model=cfg.model, workers=workers, batch_size=batch_size)
    out = sys.stdout.buffer
    for chunk in stream.chunks:
        out.write(chunk)
    out.flush()
    for s in stream.skipped:
        print(f"skipped {s.source}: {s.reason}", file=sys.stderr)
    if stream.skipped:
        raise typer.Exit(1)
