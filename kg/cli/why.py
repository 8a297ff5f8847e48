"""``kg why``: show the evidence for a fact."""
from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

import typer

from kg.cli.app import RowFormat, RowFormatOpt, StoreOpt, UpdateUrlOpt, app
from kg.cli.output import emit, print_json
from kg.cli.settings import settings


@app.command()
def why(
    subject: Annotated[str, typer.Argument(help="Subject entity name (label or alias).")],
    predicate: Annotated[str, typer.Argument(help="Relation, e.g. participatedIn or kgo:tookPlaceIn.")],
    obj: Annotated[str, typer.Argument(metavar="OBJECT", help="Object entity name (label or alias).")],
    store: StoreOpt = None,
    update_url: UpdateUrlOpt = None,
    fmt: RowFormatOpt = RowFormat.table,
) -> None:
    """Show the articles and sentences that support a fact, most confident first.

    Exit code 1 when the fact has no evidence in the store.

    \b
    Examples:
      kg why "Malian Armed Forces" participatedIn Kapigdou
      kg why "Malian Armed Forces" participatedIn Kapigdou --format json
    """
    from kg.graph.why import why as run

    with settings(store=store, update_url=update_url).open_store("r") as st:
        rows = run(st, subject, predicate, obj)
    if fmt is RowFormat.json:
        print_json([asdict(r) for r in rows])
    elif fmt is RowFormat.table:
        for r in rows:
            print(f"[{r.confidence:.2f}] {r.title or r.article} ({r.source or r.article}, chars {r.start}-{r.end})")
            print(f"    {' '.join(r.sentence.split())}")
        if not rows:
            print(f"no evidence for: {subject} {predicate} {obj}")
    else:
        emit(["confidence", "article", "title", "source", "start", "end", "sentence"],
             [[r.confidence, r.article, r.title, r.source, r.start, r.end, " ".join(r.sentence.split())]
              for r in rows], fmt)
    if not rows:
        raise typer.Exit(1)
