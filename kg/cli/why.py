"""``kg why``: show the evidence for a fact."""
from __future__ import annotations

import json
from dataclasses import asdict
from typing import Annotated

import typer

from kg.cli.app import StoreOpt, UpdateUrlOpt, app


@app.command()
def why(
    subject: Annotated[str, typer.Argument(help="Subject entity name (label or alias).")],
    predicate: Annotated[str, typer.Argument(help="Relation, e.g. participatedIn or kgo:tookPlaceIn.")],
    obj: Annotated[str, typer.Argument(metavar="OBJECT", help="Object entity name (label or alias).")],
    store: StoreOpt = None,
    update_url: UpdateUrlOpt = None,
    fmt: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
) -> None:
    """Show the articles and sentences that support a fact, most confident first.

    Exit code 1 when the fact has no evidence in the store.

    Examples:
      kg why "20th Brigade" participatedIn "Operation Southern Shield"
      kg why "Ain Jahsh" threatenedBy ISIS --format json
    """
    from kg.cli.graph import open_for_reading
    from kg.graph.why import why as run

    with open_for_reading(store, update_url) as st:
        rows = run(st, subject, predicate, obj)
    if fmt == "json":
        print(json.dumps([asdict(r) for r in rows], indent=2, ensure_ascii=False))
    for r in rows if fmt != "json" else []:
        print(f"[{r.confidence:.2f}] {r.title or r.article} ({r.source or r.article}, chars {r.start}-{r.end})")
        print(f"    {' '.join(r.sentence.split())}")
    if not rows:
        if fmt != "json":
            print(f"no evidence for: {subject} {predicate} {obj}")
        raise typer.Exit(1)
