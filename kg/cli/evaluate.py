"""``kg evaluate``: measure the extractor on annotated articles."""
from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import ModelOpt, app
from kg.cli.output import emit
from kg.cli.settings import settings


@app.command()
def evaluate(
    gold_dir: Annotated[Path, typer.Argument(help="Folder of NAME.txt articles with NAME.json gold files.")],
    model: ModelOpt = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write every miss to this JSON file.")] = None,
) -> None:
    """Precision, recall and F1 of entities and relations, per file and micro-averaged.

    Gold files follow the extraction contract: {"entities": [{"label", "type", "aliases"}],
    "relations": [{"s", "p", "o"}]}.

    \b
    Example:
      kg evaluate examples/gold --json misses.json
    """
    from kg.evaluate import evaluate as run, prf, totals

    scores = run(gold_dir, model=settings(model=model).model)
    rows = []
    for s in [*scores, totals(scores)]:
        ep = prf(s.ent_tp, s.ent_pred, s.ent_found, s.ent_gold)
        rp = prf(s.rel_tp, s.rel_pred, s.rel_found, s.rel_gold)
        rows.append([s.name, *(f"{x:.3f}" for x in (*ep, *rp))])
    emit(["file", "ent P", "ent R", "ent F1", "rel P", "rel R", "rel F1"], rows)
    if json_out is not None:
        json_out.write_text(json.dumps([asdict(s) for s in scores], indent=1), encoding="utf-8")
