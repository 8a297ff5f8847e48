"""Read-only SPARQL for users: predeclared prefixes, refused updates and remote calls."""
from __future__ import annotations

import re
from typing import overload

from kg.errors import QueryError
from kg.ontology import PREFIXES
from kg.store import QueryResult, Store

_PROLOGUE = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
# Strip strings, IRIs and comments before looking for keywords.
_NOISE = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s]*>|#[^\n]*')
_DECLARED = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w.-]*)?:", re.I | re.M)


def with_prefixes(sparql: str) -> str:
    """Prepend kg's prefixes that the query does not declare itself."""
    declared = {m.group(1) or "" for m in _DECLARED.finditer(_NOISE.sub(" ", sparql))}
    extra = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items() if p not in declared)
    return extra + sparql


def check_read_only(sparql: str, *, allow_service: bool = False) -> None:
    """Refuse SPARQL that would make outbound requests.

    Raises:
        QueryError: the query uses SERVICE (unless allowed) or LOAD.
    """
    bare = _NOISE.sub(" ", sparql)
    if not allow_service and re.search(r"\bSERVICE\b", bare, re.I):
        raise QueryError("SERVICE (federated query) is disabled: it would make an outbound request")
    if re.search(r"\bLOAD\b", bare, re.I):
        raise QueryError("LOAD is disabled: it would fetch a remote document")


@overload
def run_query(store: Store, sparql: str) -> QueryResult: ...
@overload
def run_query(store: Store, sparql: str, *, fmt: str) -> bytes: ...


def run_query(store: Store, sparql: str, *, fmt: str | None = None,
              allow_service: bool = False) -> QueryResult | bytes:
    """Run a read-only query; with ``fmt`` return the W3C serialisation instead of rows.

    Raises:
        QueryError: invalid or refused query.
    """
    check_read_only(sparql, allow_service=allow_service)
    text = with_prefixes(sparql)
    return store.query(text) if fmt is None else store.query_to(text, fmt)


def run_update(store: Store, sparql: str) -> None:
    """Run a SPARQL Update request (LOAD and SERVICE refused)."""
    check_read_only(sparql)
    store.update(with_prefixes(sparql))
