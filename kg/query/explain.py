"""Oxigraph's own explanation of how it evaluates a query (``kg query --explain``).

pyoxigraph 0.5 has no call that returns a query plan, but Oxigraph's command-line tool (the
``oxigraph`` package, same version range as pyoxigraph) has ``oxigraph query --explain``:
it evaluates the query on a store folder, opened read-only, and writes the evaluation tree
with, per node, the number of results and the time spent (``--stats``). This module runs
that tool on the embedded store, after the same checks as every query
(:func:`kg.query.sparql.prepare`), with the same default graph (the union of all graphs
unless the query names its own) and under the same time limit.

The tool takes no ``prefixes=`` option, so kg's prefixes that the query does not declare
itself are declared on one line before its text; syntax errors are found first by
pyoxigraph with ``prefixes=``, so they name the user's own line and column.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

from kg.errors import QueryError, QueryTimeout
from kg.query.limits import DEFAULT_TIMEOUT
from kg.rdf.ontology import PREFIXES
from kg.store import Store, open_store

#: Explanation formats: Oxigraph's human-readable text, or its JSON tree.
FORMATS = {"text": ".txt", "json": ".json"}


def oxigraph_tool() -> str | None:
    """Path of Oxigraph's command-line tool: the one installed beside this Python first."""
    for folder in (sysconfig.get_path("scripts"), str(Path(sys.executable).parent)):
        candidate = Path(folder) / "oxigraph"
        if candidate.is_file():
            return str(candidate)
    return shutil.which("oxigraph")


def explain_query(store: Store, sparql: str, *, fmt: str = "text", timeout: float | None = DEFAULT_TIMEOUT,
                  allow_service: bool = False, reason: str | None = None) -> str:
    """Oxigraph's explanation of ``sparql`` evaluated on ``store``, with result counts and times.

    Raises:
        QueryError: invalid or refused query; a store that is not an embedded one on disk;
            Oxigraph's tool missing or failing.
        QueryTimeout: the evaluation took longer than ``timeout`` seconds.
    """
    from kg.query.reason import declared_prefixes, expand
    from kg.query.sparql import prepare

    if fmt not in FORMATS:
        raise QueryError(f"unknown explanation format '{fmt}'; use one of {', '.join(FORMATS)}")
    analysis = prepare(sparql, operation="query", allow_service=allow_service)
    if reason is not None:
        sparql = expand(sparql, reason)
    if store.isolation != "reopen":
        raise QueryError(f"a query plan needs an embedded store on disk, not {store.location}")
    tool = oxigraph_tool()
    if tool is None:
        raise QueryError("a query plan needs Oxigraph's command-line tool: pip install oxigraph")
    if not analysis.services:  # syntax errors at the user's own positions (nothing to evaluate)
        open_store("memory").query(sparql, prefixes=PREFIXES)
    own = declared_prefixes(sparql)
    header = " ".join(f"PREFIX {name}: <{iri}>" for name, iri in PREFIXES.items() if name not in own)
    with tempfile.TemporaryDirectory(prefix="kg-explain-") as folder:
        query_file = Path(folder) / "query.rq"
        query_file.write_text(f"{header}\n{sparql}", encoding="utf-8")
        plan = Path(folder) / f"plan{FORMATS[fmt]}"
        command = [tool, "query", "--location", store.location, "--query-file", str(query_file),
                   "--results-format", "json", "--explain-file", str(plan), "--stats"]
        if not analysis.dataset:
            command.append("--union-default-graph")
        try:
            done = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise QueryTimeout(f"query timed out after {timeout:g} s and was stopped; the store is unchanged",
                               timeout) from exc
        except OSError as exc:
            raise QueryError(f"cannot run {tool}: {exc.strerror or exc}") from exc
        if done.returncode != 0 or not plan.is_file():
            message = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise QueryError(f"Oxigraph could not explain the query: {message[-1] if message else 'no output'}")
        return plan.read_text(encoding="utf-8")
