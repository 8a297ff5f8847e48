"""``kg query`` and ``kg update``."""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import StoreOpt, UpdateUrlOpt, app
from kg.cli.output import emit, short


class ResultFormat(str, Enum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    xml = "xml"


@app.command()
def query(
    sparql: Annotated[str | None, typer.Argument(help="A SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE).")] = None,
    file: Annotated[Path | None, typer.Option("--file", "-f", help="Read the query from a .rq file.")] = None,
    fmt: Annotated[ResultFormat, typer.Option("--format", help="table, or a W3C results format.")] = ResultFormat.table,
    store: StoreOpt = None,
    update_url: UpdateUrlOpt = None,
) -> None:
    """Run a read-only SPARQL query over all articles (the union of their graphs).

    The kgo:, rdfs:, skos:, schema:, prov:, geo: and xsd: prefixes are predeclared.

    Examples:
      kg query 'SELECT ?f WHERE { ?f a kgo:MilitaryUnit }'
      kg query --file examples/queries/forces.rq --format csv
    """
    from kg.query import run_query
    from kg.store import open_store

    text = _query_text(sparql, file)
    with open_store(store, update_url=update_url) as st:
        if fmt is ResultFormat.table:
            res = run_query(st, text)
            if res.kind == "ask":
                print("yes" if res.boolean else "no")
            elif res.kind == "graph":
                emit(["subject", "predicate", "object"], [(t.subject, t.predicate, t.object) for t in res.triples])
            else:
                emit(res.variables, [[short(t) for t in row] for row in res.rows])
                print(f"({len(res.rows)} rows)")
        else:
            sys.stdout.buffer.write(run_query(st, text, fmt=fmt.value))  # type: ignore[arg-type]


def _query_text(sparql: str | None, file: Path | None) -> str:
    from kg.errors import ConfigError

    if (sparql is None) == (file is None):
        raise ConfigError("give a query or --file, not both or neither")
    if file is not None:
        try:
            return file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot read {file}: {exc}") from None
    return sparql or ""


@app.command()
def update(
    sparql: Annotated[str | None, typer.Argument(help="A SPARQL Update request.")] = None,
    file: Annotated[Path | None, typer.Option("--file", "-f", help="Read the request from a file.")] = None,
    store: StoreOpt = None,
    update_url: UpdateUrlOpt = None,
) -> None:
    """Change the store with SPARQL Update (kg query never writes).

    Example:
      kg update 'DELETE WHERE { ?s kgo:confidence ?c FILTER(?c < 0.3) }'
    """
    from kg.query import run_update
    from kg.store import open_store

    with open_store(store, update_url=update_url) as st:
        run_update(st, _query_text(sparql, file))
    print("updated")
