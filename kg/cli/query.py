"""``kg query`` and ``kg update``."""
from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import Reasoning, ResultFormat, ResultFormatOpt, StoreOpt, TimeoutOpt, UpdateUrlOpt, WaitOpt, app
from kg.cli.output import emit, short
from kg.cli.settings import settings

MaxMemoryOpt = Annotated[str | None, typer.Option(
    "--max-memory", metavar="SIZE",
    help="Stop a request needing more memory than this, e.g. 512M or 2G (default: a quarter of the RAM).")]


@app.command()
def query(
    sparql: Annotated[str | None, typer.Argument(help="A SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE).")] = None,
    file: Annotated[Path | None, typer.Option("--file", metavar="FILE", help="Read the query from a .rq file.")] = None,
    fmt: ResultFormatOpt = ResultFormat.table,
    store: StoreOpt = None,
    update_url: UpdateUrlOpt = None,
    timeout: TimeoutOpt = None,
    allow_service: Annotated[bool, typer.Option(
        "--allow-service", help="Permit SERVICE clauses (federated queries make outbound requests).")] = False,
    max_memory: MaxMemoryOpt = None,
    reason: Annotated[Reasoning | None, typer.Option(
        "--reason", help="Also match what the ontology entails: rdfs reads a class as itself and its "
        "subclasses (rdf:type/rdfs:subClassOf*), a property as itself and its subproperties.")] = None,
    explain: Annotated[bool, typer.Option(
        "--explain", help="Print Oxigraph's plan of the query instead of its results: the evaluation tree "
        "with results and time per step (--format json: Oxigraph's JSON). Embedded stores only.")] = False,
) -> None:
    """Run a read-only SPARQL query over all articles (the union of their graphs).

    The prefixes kgo: rdf: rdfs: xsd: skos: prov: schema: geo: owl: sem: time: dcterms: are predeclared.
    The query never writes (use kg update), never fetches anything (SERVICE is refused
    unless --allow-service; LOAD always), and is stopped after --timeout seconds or when
    it needs more than --max-memory. It runs in a worker process on a read-only snapshot of
    an embedded store, so it works while an ingest is writing. FROM / FROM NAMED choose
    graphs (article IRIs); without them the default graph is the union of all articles.

    \b
    Examples:
      kg query 'SELECT ?f WHERE { ?f a kgo:MilitaryUnit }'
      kg query --file examples/queries/forces-in-operations.rq --format csv
      kg query --reason rdfs 'SELECT ?i WHERE { ?i a kgo:Incident }'
      kg query --explain 'SELECT ?f WHERE { ?f a kgo:MilitaryUnit }'
    """
    from kg.query.sparql import run_query, run_query_serialized

    cfg = settings(store=store, update_url=update_url, query_timeout=timeout)
    text = _query_text(sparql, file)
    opts = {"allow_service": allow_service, "timeout": cfg.query_timeout, "max_memory": _memory_limit(max_memory),
            "reason": reason.value if reason is not None else None}
    with cfg.open_store("r") as st, _advice("query"):
        if explain:
            from kg.errors import ConfigError
            from kg.query.explain import explain_query

            if fmt not in (ResultFormat.table, ResultFormat.json):
                raise ConfigError("--explain prints a table (text) or json, not " + fmt.value)
            plan = explain_query(st, text, fmt="json" if fmt is ResultFormat.json else "text",
                                 timeout=cfg.query_timeout, allow_service=allow_service, reason=opts["reason"])
            print(plan.rstrip("\n"))
        elif fmt is ResultFormat.table:
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


def _memory_limit(max_memory: str | None) -> int | None:
    from kg.query.limits import DEFAULT_MAX_MEMORY, parse_size

    return (parse_size(max_memory) if max_memory is not None else DEFAULT_MAX_MEMORY) or None


@contextmanager
def _advice(command: str) -> Iterator[None]:
    """Add what the user can do on the command line to the library's plain query errors."""
    from kg.errors import QueryError, QueryMemoryError, QueryRefused, QueryTimeout, WrongOperation

    try:
        yield
    except QueryError as exc:
        hint = ""
        if isinstance(exc, QueryRefused):
            hint = "pass --allow-service to permit it" if exc.feature == "SERVICE" else "use kg load FILE"
        elif isinstance(exc, WrongOperation):
            hint = "use kg update" if exc.operation == "update" else "use kg query"
        elif isinstance(exc, QueryTimeout):
            hint = f"make the {command} more selective, or raise --timeout"
        elif isinstance(exc, QueryMemoryError):
            hint = f"make the {command} more selective, or raise --max-memory"
        if not hint:
            raise
        raise type(exc)(f"{exc} ({hint})") from exc


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
        except UnicodeDecodeError as exc:
            raise ConfigError(f"cannot read {file}: not UTF-8 text") from exc
        except OSError as exc:
            raise ConfigError(f"cannot read {file}: {exc.strerror or exc}") from exc
    else:
        text = sparql or ""
    if not text.strip():
        raise ConfigError("the query is empty")
    return text


@app.command()
def update(
    sparql: Annotated[str | None, typer.Argument(help="A SPARQL Update request.")] = None,
    file: Annotated[Path | None, typer.Option("--file", metavar="FILE", help="Read the request from a file.")] = None,
    store: StoreOpt = None,
    update_url: UpdateUrlOpt = None,
    wait: WaitOpt = 0.0,
    timeout: TimeoutOpt = None,
    max_memory: MaxMemoryOpt = None,
    allow_service: Annotated[bool, typer.Option(
        "--allow-service", help="Permit SERVICE clauses (they make outbound requests).")] = False,
) -> None:
    """Change the store with SPARQL Update (kg query never writes); LOAD is refused.

    The update is one transaction, run in a worker process like a query and stopped after
    --timeout seconds or when it needs more than --max-memory: a stopped update changes nothing.

    \b
    Example:
      kg update 'DELETE { GRAPH ?g { ?e kgo:confidence ?c } } WHERE { GRAPH ?g { ?e kgo:confidence ?c FILTER(?c < 0.3) } }'
    """
    from kg.query.sparql import run_update

    text = _query_text(sparql, file)
    cfg = settings(store=store, update_url=update_url, query_timeout=timeout)
    with cfg.open_store("w", wait=wait) as st, _advice("update"):
        run_update(st, text, allow_service=allow_service, timeout=cfg.query_timeout,
                   max_memory=_memory_limit(max_memory))
    print("updated")
