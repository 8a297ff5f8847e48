"""``kg evaluate``: measure the extractor on annotated articles, in-sample or group by group."""
from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import ExtractorOpt, ModelOpt, app
from kg.cli.output import emit
from kg.cli.settings import settings


@app.command()
def evaluate(
    gold_dir: Annotated[Path, typer.Argument(help="Folder of NAME.txt articles with NAME.json gold files.")],
    model: ModelOpt = None,
    extractor: ExtractorOpt = None,
    mode: Annotated[str | None, typer.Option(
        "--mode", metavar="MODE",
        help="Extractor mode: rules, learned or hybrid (default: kg's default). [env: KG_EXTRACTOR_MODE]")] = None,
    by_group: Annotated[bool, typer.Option(
        "--by-group", help="Leave one group out: retrain the learned layers without each group, then score it.")]
    = False,
    groups: Annotated[Path | None, typer.Option(
        "--groups", metavar="FILE",
        help="'NAME GROUP' lines (default group: the file name up to the first '-').")] = None,
    folds: Annotated[int | None, typer.Option(
        "--folds", min=2, help="With --by-group: K folds of whole groups instead of one fold per group.")] = None,
    seed: Annotated[int, typer.Option("--seed", help="Training seed (with --by-group).")] = 0,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Processes for the folds.")] = 2,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write every miss to this JSON file.")] = None,
) -> None:
    """Precision, recall and F1 of entities and relations, per file and micro-averaged.

    Gold files follow the extraction contract: {"entities": [{"label", "type", "aliases"}],
    "relations": [{"s", "p", "o"}]}. With --by-group: one row per group, scored by weights
    trained without it, their micro-average, and the all-corpus score beside it.

    \b
    Examples:
      kg evaluate examples/gold --json misses.json
      kg evaluate examples/gold --by-group --mode hybrid
    """
    from kg.extract.learned.settings import current

    cfg = settings(model=model, extractor=extractor, extractor_mode=mode)
    cfg.use_extractor()
    if by_group:
        _by_group(gold_dir, mode=current().mode, groups=groups, folds=folds, seed=seed, workers=workers,
                  model=cfg.model, json_out=json_out)
        return
    from kg.evaluate import evaluate as run, totals

    scores = run(gold_dir, model=cfg.model)
    emit(["file", "ent P", "ent R", "ent F1", "rel P", "rel R", "rel F1"],
         [_row(s.name, s) for s in [*scores, totals(scores)]])
    if json_out is not None:
        json_out.write_text(json.dumps([asdict(s) for s in scores], indent=1), encoding="utf-8")


def _row(name: str, s, *extra) -> list[str]:
    return [name, *map(str, extra), *(f"{x:.3f}" for x in (*s.entities.prf(), *s.relations.prf()))]


def _by_group(gold_dir: Path, *, mode: str, groups: Path | None, folds: int | None, seed: int, workers: int,
              model: str | None, json_out: Path | None) -> None:
    from kg.extract.learned.corpus import group_of, load_gold_docs, read_groups, read_names
    from kg.extract.learned.crossval import cross_validate, require_groups

    mapping = read_groups(groups) if groups is not None else None
    require_groups((group_of(n, mapping) for n in read_names(gold_dir)), mode=mode)  # before parsing
    items = load_gold_docs(gold_dir, groups=mapping, model=model)
    cv = cross_validate(items, mode=mode, folds=folds, seed=seed, workers=workers, model=model)
    how = (f"leave-one-group-out, {cv.folds} groups" if cv.folds == len(cv.by_group)
           else f"{cv.folds} folds of groups")
    rows = [_row(r.group, r.score, r.files) for r in cv.by_group]
    rows.append(_row(f"micro ({how})", cv.overall, sum(r.files for r in cv.by_group)))
    if cv.all_corpus is not None:
        rows.append(_row("all-corpus (trained on all)", cv.all_corpus.score, cv.all_corpus.files))
    print(f"mode: {mode}")
    emit(["group", "files", "ent P", "ent R", "ent F1", "rel P", "rel R", "rel F1"], rows)
    if json_out is not None:
        json_out.write_text(json.dumps(asdict(cv), indent=1), encoding="utf-8")
