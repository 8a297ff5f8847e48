"""What a SPARQL request is, read from a parse tree (tree-sitter's SPARQL 1.1 grammar).

pyoxigraph 0.5 parses only while it evaluates, so it cannot say whether a text holds a
SERVICE clause before it has already called the service. kg therefore reads the request's
structure with a second, real parser first: tree-sitter (a linear-time C parser, 0.1 ms
for a typical query) with its SPARQL grammar. From the tree kg learns whether the text is a
query or an update, which form, whether it has SERVICE or LOAD, and whether it names its
own dataset (FROM / FROM NAMED).

SPARQL's ``\\uXXXX`` / ``\\UXXXXXXXX`` escapes may spell keywords (``\\u0053ERVICE``), so they
are decoded before parsing, as the SPARQL grammar prescribes.

When the grammar cannot parse a text (a syntax error, or SPARQL 1.2 syntax it lacks), the
structure is unknown: such a text is refused if a word that could be SERVICE or LOAD occurs
in it, and otherwise left for Oxigraph to parse (and to report its own syntax error).
"""
from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from kg.errors import QueryRefused

QUERY_FORMS = {"select_query": "select", "construct_query": "construct", "describe_query": "describe",
               "ask_query": "ask"}
UPDATE_OPERATIONS = {"load", "clear", "drop", "create", "add", "move", "copy", "insert_data", "delete_data",
                     "delete_where", "modify"}
_CAPTURES = "(service_graph_pattern) @service (load) @load (dataset_clause) @dataset"
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# Only for texts the grammar could not parse, and only to refuse: a word that could be the keyword.
_MAYBE_KEYWORD = {"SERVICE": re.compile(r"(?<![\w?$:.-])service", re.I),
                  "LOAD": re.compile(r"(?<![\w?$:.-])load(?![\w.:-])", re.I)}


@dataclass(frozen=True, slots=True)
class Analysis:
    """The structure of one request.

    ``operation`` is ``"query"``, ``"update"`` or ``""`` (unknown: the grammar could not
    parse it); ``form`` the query form (select, construct, describe, ask) or the first
    update operation; ``services`` and ``loads`` count SERVICE clauses and LOAD operations;
    ``dataset`` is true when the query names its own graphs (FROM / FROM NAMED).
    """

    operation: str
    form: str = ""
    services: int = 0
    loads: int = 0
    dataset: bool = False
    error: tuple[int, int] | None = None


@lru_cache(maxsize=1)
def _grammar() -> tuple[Any, Any]:
    import tree_sitter as ts
    import tree_sitter_sparql

    with warnings.catch_warnings():  # the grammar hands its language over as an int
        warnings.simplefilter("ignore", DeprecationWarning)
        language = ts.Language(tree_sitter_sparql.language())
    return ts.Parser(language), ts.Query(language, _CAPTURES)


def decode_escapes(text: str) -> str:
    """Replace SPARQL's ``\\uXXXX`` and ``\\UXXXXXXXX`` code point escapes by the characters."""
    if "\\u" not in text and "\\U" not in text:
        return text

    def char(m: re.Match[str]) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF else m.group(0)

    return _CODEPOINT.sub(char, text)


@lru_cache(maxsize=256)
def analyse(text: str) -> Analysis:
    """Parse ``text`` and report its structure (cached: requests repeat)."""
    import tree_sitter as ts

    parser, captures = _grammar()
    tree = parser.parse(decode_escapes(text).encode("utf-8"))
    root = tree.root_node
    found = ts.QueryCursor(captures).captures(root)
    services, loads = len(found.get("service", [])), len(found.get("load", []))
    dataset = bool(found.get("dataset"))
    if root.has_error:
        return Analysis("", services=services, loads=loads, dataset=dataset, error=_first_error(root))
    operation, form = "", ""
    for child in root.children:
        if child.type in QUERY_FORMS:
            operation, form = "query", QUERY_FORMS[child.type]
            break
        if child.type in UPDATE_OPERATIONS:
            operation, form = "update", child.type.replace("_", " ")
            break
    if not operation and root.child_count and all(c.type in ("prologue", "comment") for c in root.children):
        operation, form = "update", "empty"  # a prologue alone is an empty update request
    return Analysis(operation, form, services, loads, dataset)


def check_outbound(text: str, analysis: Analysis, *, allow_service: bool) -> None:
    """Refuse LOAD always and SERVICE unless allowed, from the parse tree.

    A text the grammar could not parse is refused when a word that could be the keyword
    SERVICE or LOAD occurs in it (its structure is unknown, so any such word might be one).

    Raises:
        QueryRefused: SERVICE or LOAD found, or possibly hidden in an unparsable text
            (``feature`` says which).
    """
    if analysis.loads:
        raise QueryRefused("LOAD is disabled: it would fetch a remote document", "LOAD")
    if analysis.services and not allow_service:
        raise QueryRefused("SERVICE (federated query) is disabled: it would make an outbound request",
                           "SERVICE")
    if analysis.operation:
        return
    decoded = decode_escapes(text)
    suspects = [w for w, pattern in _MAYBE_KEYWORD.items()
                if pattern.search(decoded) and (w == "LOAD" or not allow_service)]
    if suspects:
        line, column = analysis.error or (1, 1)
        what = "SERVICE (federated query)" if suspects[0] == "SERVICE" else "LOAD"
        raise QueryRefused(f"{what} is disabled, and this request could not be parsed to rule it out "
                           f"(invalid SPARQL near line {line}, column {column})", suspects[0])


def _first_error(root: Any) -> tuple[int, int]:
    """1-based (line, column) of the first syntax error in the tree."""
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type == "ERROR" or node.is_missing:
            row, col = node.start_point
            return row + 1, col + 1
        stack.extend(reversed([c for c in node.children if c.has_error or c.is_missing]))
    return 1, 1
