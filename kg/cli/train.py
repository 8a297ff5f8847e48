"""``kg train``: train the extractor's learned layers from annotated articles."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import ModelOpt, app
from kg.cli.settings import settings


@app.command()
def train(
    gold_dir: Annotated[Path, typer.Argument(help="Folder of NAME.txt articles with NAME.json gold files.")],
    out: Annotated[Path, typer.Option("--output", "-o", metavar="DIR", help="Directory to write the weights to.")],
    exclude_group: Annotated[list[str] | None, typer.Option(
        "--exclude-group", metavar="GROUP", help="Leave this group's files out (repeatable).")] = None,
    groups: Annotated[Path | None, typer.Option(
        "--groups", metavar="FILE",
        help="'NAME GROUP' lines (default group: the file name up to the first '-').")] = None,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same weights).")] = 0,
    model: ModelOpt = None,
) -> None:
    """Train the mention and relation layers; extract with them via --extractor DIR or KG_EXTRACTOR=DIR.

    \b
    Examples:
      kg train examples/gold -o my-extractor
      kg train examples/gold -o my-extractor --exclude-group mexico --seed 1
    """
    from kg.extract.learned.corpus import read_groups
    from kg.extract.learned.train import train as run

    manifest = run(gold_dir, out, exclude_groups=exclude_group or (),
                   groups=read_groups(groups) if groups is not None else None, seed=seed,
                   model=settings(model=model).model)
    print(f"trained on {len(manifest['trained_on'])} articles in {manifest['seconds']['total']} s -> {out}")
