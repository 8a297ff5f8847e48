"""``kg query`` and ``kg update``."""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import StoreOpt, UpdateUrlOpt, app
from kg.cli.core import WaitOpt
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
    timeout: Annotated[float, typer.Option(
        "--timeout", min=0, metavar="SECONDS", envvar="KG_QUERY_TIMEOUT", show_envvar=True,
        help="Give up on a query running longer than this (0: no limit).")] = 60.0,
    allow_service: Annotated[bool, typer.Option(
        "--allow-service", help="Permit SERVICE clauses (federated queries make outbound requests).")] = False,
) -> None:
    """Run a read-only SPARQL query over all articles (the union of their graphs).

    The kgo:, rdfs:, skos:, schema:, prov:, geo: and xsd: prefixes are predeclared.
    The query never writes (use kg update), never fetches anything (SERVICE is refused
    unless --allow-service; LOAD always), and stops after --timeout seconds. It runs on a
    read-only snapshot of an embedded store, so it works while an ingest is writing.

    Examples:
      kg query 'SELECT ?f WHERE { ?f a kgo:MilitaryUnit }'
      kg query --file examples/queries/forces.rq --format csv
    """
    from kg.query.sparql import run_query, run_query_serialized
    from kg.store import open_store

    text = _query_text(sparql, file)
    opts = {"allow_service": allow_service, "timeout": timeout}
    with open_store(store, "r", update_url=update_url) as st:
        if fmt is ResultFormat.table:
            res = run_query(st, text, **opts)
            if res.kind == "ask":
                print("yes" if res.boolean else "no")
            elif res.kind == "graph":
                emit(["subject", "predicate", "object"], [(t.subject, t.predicate, t.object) for t in res.triples])
            else:
                emit(res.variables, [[short(t) for t in row] for row in res.rows])
                print(f"({len(res.rows)} rows)")
        else:
            sys.stdout.buffer.write(run_query_serialized(st, text, fmt=fmt.value, **opts)[1])


def _query_text(sparql: str | None, file: Path | None) -> str:
    from kg.errors import ConfigError

    if (sparql is None) == (file is None):
        raise ConfigError("give a query or --file, not both or neither")
    if file is not None:
        if file.is_dir():
            raise ConfigError(f"cannot read {file}: is a folder, not a file")
        if file.exists() and not file.is_file():
            raise ConfigError(f"cannot read {file}: not a regular file")
        try:
            text = file.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise ConfigError(f"cannot read {file}: not UTF-8 text") from None
        except OSError as exc:
            raise ConfigError(f"cannot read {file}: {exc.strerror or exc}") from None
    else:
        text = sparql or ""
    if not text.strip():
        raise ConfigError("the query is empty")
    return text


@app.command()
def update(
    sparql: Annotated[str | None, typer.Argument(help="A SPARQL Update request.")] = None,
    file: Annotated[Path | None, typer.Option("--file", "-f", help="Read the request from a file.")] = None,
    store: StoreOpt = None,
    update_url: UpdateUrlOpt = None,
    wait: WaitOpt = 0.0,
    allow_service: Annotated[bool, typer.Option(
        "--allow-service", help="Permit SERVICE clauses (they make outbound requests).")] = False,
) -> None:
    """Change the store with SPARQL Update (kg query never writes); LOAD is refused.

    Example:
      kg update 'DELETE WHERE { ?s kgo:confidence ?c FILTER(?c < 0.3) }'
    """
    from kg.query.sparql import run_update
    from kg.store import open_store

    text = _query_text(sparql, file)
    with open_store(store, "w", update_url=update_url, wait=wait) as st:
        run_update(st, text, allow_service=allow_service)
    print("updated")
