"""Identity curation: ``kg same``, ``kg different``, ``kg curations``, ``kg undo``, ``kg curate``, ``kg resolve``."""
from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import RowFormat, RowFormatOpt, StoreOpt, UpdateUrlOpt, WaitOpt, app
from kg.cli.output import emit
from kg.cli.settings import settings

FirstArg = Annotated[str, typer.Argument(help="An entity: its IRI, label or alias.")]
SecondArg = Annotated[str, typer.Argument(help="The other entity.")]
WhyOpt = Annotated[str, typer.Option("--why", help="Why: kept with the decision (PROV-O) in the store.")]
ByOpt = Annotated[str | None, typer.Option("--by", help="Who decides (default: the login name).")]


def _decision_command(decision: str, doc: str) -> Callable[..., None]:
    """The command recording ``decision`` on two entities (``kg same`` and ``kg different`` differ only there)."""

    def command(first: FirstArg, second: SecondArg, why: WhyOpt = "", by: ByOpt = None, store: StoreOpt = None,
                update_url: UpdateUrlOpt = None, wait: WaitOpt = 0.0) -> None:
        from kg.rdf.curation import record

        with settings(store=store, update_url=update_url).open_store("w", wait=wait) as st:
            cur = record(st, decision, first, second, why=why, who=by)
        print(f"curation {cur.id}: {cur.decision} {cur.a} {cur.b}")

    command.__doc__ = doc
    command.__name__ = decision
    return command


app.command("same")(_decision_command("same", """Record that two entities are one thing, and merge them now and after every ingest.

    \b
    Example:
      kg same Tharthar "Wadi al-Tharthar valley" --why "one valley, two names"
    """))

app.command("different")(_decision_command("different", """Record that two entities are different things; this beats every evidence-based merge.

    Names that are now merged are ambiguous: give the identity keys (IRIs) kg prints.

    \b
    Examples:
      kg different "Islamic State" "Islamic State Sahel Province"
      kg different https://w3id.org/kg/id/force/islamic-state https://w3id.org/kg/id/force/islamic-state-sahel-province
    """))


def _undo(curation: str, *, store: str | None, update_url: str | None, wait: float) -> None:
    from kg.rdf.curation import undo

    with settings(store=store, update_url=update_url).open_store("w", wait=wait) as st:
        cur = undo(st, curation)
    print(f"undone {cur.id}: {cur.decision} {cur.a} {cur.b}")


@app.command()
def curations(
    undo: Annotated[str | None, typer.Option("--undo", metavar="ID", help="Undo the curation with this id.")] = None,
    tsv: Annotated[bool, typer.Option("--tsv", help="Print the decisions in force as a curation file.")] = False,
    fmt: RowFormatOpt = RowFormat.table,
    store: StoreOpt = None,
    update_url: UpdateUrlOpt = None,
    wait: WaitOpt = 0.0,
) -> None:
    """List curators' identity decisions (or undo one with --undo ID).

    \b
    Examples:
      kg curate examples/curations.tsv
      kg curations
      kg curations --tsv > curations.tsv
      kg curations --undo f177b6801c
    """
    from kg.rdf.curation import curation_rows, list_curations

    if undo:
        _undo(undo, store=store, update_url=update_url, wait=wait)
        return
    with settings(store=store, update_url=update_url).open_store("r") as st:
        items = list_curations(st)
    if tsv:
        sys.stdout.write(curation_rows(items))
        return
    emit(["id", "decision", "first", "second", "who", "when", "why", "undone"],
         [(c.id, c.decision, c.a, c.b, c.who, c.when, c.why, c.undone or "") for c in items], fmt.value)


@app.command("undo")
def undo_command(
    curation: Annotated[str, typer.Argument(metavar="ID", help="Curation id (see kg curations).")],
    store: StoreOpt = None,
    update_url: UpdateUrlOpt = None,
    wait: WaitOpt = 0.0,
) -> None:
    """Undo a curator's decision; the graph returns to what the evidence alone says.

    \b
    Example:
      kg same Tharthar "Wadi al-Tharthar valley"
      kg undo f177b6801c
    """
    _undo(curation, store=store, update_url=update_url, wait=wait)


@app.command()
def curate(
    file: Annotated[Path, typer.Argument(help="TSV: decision, first, second[, why[, who]] (a header line is allowed).")],
    by: ByOpt = None,
    store: StoreOpt = None,
    update_url: UpdateUrlOpt = None,
    wait: WaitOpt = 0.0,
) -> None:
    """Apply a curation file kept under version control to this store (already applied lines are skipped).

    \b
    Example:
      kg curate examples/curations.tsv --store ./.kg
    """
    from kg.rdf.curation import apply_file

    with settings(store=store, update_url=update_url).open_store("w", wait=wait) as st:
        added = apply_file(st, file, who=by)
    print(f"{len(added)} curations recorded")


@app.command()
def resolve(
    store: StoreOpt = None,
    update_url: UpdateUrlOpt = None,
    wait: WaitOpt = 0.0,
) -> None:
    """Recompute identity over the whole store (ingest and curation commands do it themselves).

    \b
    Example:
      kg resolve --store ./.kg
    """
    from kg.rdf.resolve import resolve_store

    with settings(store=store, update_url=update_url).open_store("w", wait=wait) as st:
        rep = resolve_store(st)
    print(f"{rep.articles} articles, {rep.clusters} nodes, {rep.merged_keys} keys merged; {rep.rewritten} graphs rewritten")
