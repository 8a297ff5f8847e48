"""``kg extract``: the graph of articles without a store.

One article prints its graph in any RDF format; many (folders, JSONL shards, several files)
stream N-Quads or TriG with one named graph per article, ready for ``kg load`` elsewhere.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import BatchSizeOpt, ExtractorOpt, ModelOpt, RdfFormat, RdfFormatOpt, WorkersOpt, app
from kg.cli.settings import settings

DaskOpt = Annotated[str | None, typer.Option(
    "--dask", metavar="SCHEDULER",
    help="Extract on this Dask scheduler (tcp://host:8786): workers send N-Quads back. [env: KG_DASK]")]


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Article files (.txt .md .html .jsonl), folders, or - for stdin.")],
    fmt: RdfFormatOpt = RdfFormat.nt,
    model: ModelOpt = None,
    extractor: ExtractorOpt = None,
    workers: WorkersOpt = 1,
    batch_size: BatchSizeOpt = 32,
    dask: DaskOpt = None,
    shards: Annotated[Path | None, typer.Option(
        "--shards", metavar="DIR", help="With --dask: write N-Quads files of 1,000 articles into DIR.")] = None,
) -> None:
    """Print the graph of articles on stdout, touching no store (nq or trig for many articles).

    With --dask the articles are extracted on a Dask cluster and come out as N-Quads, on
    stdout or as shard files in --shards DIR (for kg load or an engine's bulk loader).

    Exit code 1 when some inputs were skipped (listed on stderr).

    \b
    Examples:
      kg extract examples/articles/ninewa-desert-sweep.txt --format ttl
      kg extract examples/articles/borno-convoy.txt --format nt > borno.nt
      kg extract examples/articles --format nq --workers 2 > shard.nq
      kg extract examples/articles/wire-reports.jsonl --dask tcp://scheduler:8786 --shards shards/
    """
    from kg.convert import extract_rdf
    from kg.errors import ConfigError

    cfg = settings(model=model, extractor=extractor, dask=dask)
    cfg.use_extractor()
    dask = cfg.dask
    if shards is not None and dask is None:
        raise ConfigError("--shards needs --dask (without a cluster: kg extract ... --format nq > FILE)")
    if dask is not None:
        if shards is None and fmt is not RdfFormat.nq:
            raise ConfigError("--dask writes N-Quads: add --format nq (or --shards DIR)")
        from kg.ingest import extract_on_dask

        chunks, stream = extract_on_dask(paths, dask, model=cfg.model, shards=shards)
    else:
        stream = extract_rdf(paths, fmt.value, model=cfg.model, workers=workers, batch_size=batch_size)
        chunks = stream.chunks
    out = sys.stdout.buffer
    for chunk in chunks:
        out.write(chunk)
    out.flush()
    if shards is not None:
        print(f"wrote {stream.articles} articles to {shards}", file=sys.stderr)
    for s in stream.skipped:
        print(f"skipped {s.source}: {s.reason}", file=sys.stderr)
    if stream.skipped:
        raise typer.Exit(1)
