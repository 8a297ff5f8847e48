"""Size and nesting bounds, checked before any parser sees a request.

Oxigraph's parser and evaluator recurse once per level of nesting: 2,500 nested braces,
1,000 nested function calls or 20,000 chained ``+`` overflow the stack and kill the
process. One linear pass over the text, skipping strings, IRIs and comments, measures the
bracket depth and counts the operators that each add a level (``+ - * / ! | ^ && || = !=
< > <= >=`` and ``UNION``), and refuses a request over the limits. The scan only ever
refuses: what it admits is still parsed by a real parser and run in a killable worker.
"""
from __future__ import annotations

from kg.errors import QueryTooComplex

#: Deepest nesting of ``( [ {`` accepted (hand-written queries rarely pass 10).
MAX_DEPTH = 64
#: Most operators and UNION branches accepted in one request.
MAX_OPERATORS = 2_000
#: Longest request accepted, in characters.
MAX_LENGTH = 2_000_000

_OPEN = "([{"
_CLOSE = ")]}"
_OPERATOR_CHARS = "+-*/!|^&=<>"
_IRI_FORBIDDEN = set('<>"{}|^`\\')
_NAME_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:%?$@")


def check_bounds(text: str) -> None:
    """Refuse a request too long, too deeply nested or with too many chained operators.

    Raises:
        QueryTooComplex: one line naming the limit (and where the nesting passed it).
    """
    if len(text) > MAX_LENGTH:
        raise QueryTooComplex(f"query too large: {len(text):,} characters (at most {MAX_LENGTH:,})")
    depth = operators = 0
    line, line_start = 1, 0
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            line, line_start = line + 1, i + 1
            i += 1
        elif c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif c in "\"'":
            i = _skip_string(text, i)
        elif c == "<" and _iri_end(text, i) > 0:
            i = _iri_end(text, i)
        elif c in _OPEN:
            depth += 1
            if depth > MAX_DEPTH:
                raise QueryTooComplex(f"query too deeply nested: more than {MAX_DEPTH} levels of brackets "
                                      f"(at line {line}, column {i - line_start + 1})")
            i += 1
        elif c in _CLOSE:
            depth = max(0, depth - 1)
            i += 1
        elif c in _OPERATOR_CHARS:
            operators += 1
            i += 2 if text[i:i + 2] in ("&&", "||", "!=", "<=", ">=") else 1
        elif c in _NAME_CHARS:
            j = i + 1
            while j < n and (text[j] in _NAME_CHARS or text[j] == "-"):
                j += 1
            if j - i == 5 and text[i:j].upper() == "UNION":
                operators += 1
            i = j
        else:
            i += 1
        if operators > MAX_OPERATORS:
            raise QueryTooComplex(f"query too deeply nested: more than {MAX_OPERATORS:,} chained operators "
                                  "or UNION branches (each is one more level for the query engine)")


def _skip_string(text: str, i: int) -> int:
    """Index just past the string literal starting at ``i`` (or the end of the text)."""
    quote = text[i]
    if text.startswith(quote * 3, i):
        end = i + 3
        while True:
            k = text.find(quote * 3, end)
            if k < 0:
                return len(text)
            backslashes = 0
            while k - 1 - backslashes >= end and text[k - 1 - backslashes] == "\\":
                backslashes += 1
            if backslashes % 2 == 0:
                return k + 3
            end = k + 1
    j = i + 1
    while j < len(text):
        c = text[j]
        if c == "\\":
            j += 2
        elif c == quote or c == "\n":
            return j + 1
        else:
            j += 1
    return len(text)


def _iri_end(text: str, i: int) -> int:
    """Index just past an IRI reference ``<...>`` starting at ``i``, or 0 when ``<`` is an operator."""
    j = i + 1
    while j < len(text):
        c = text[j]
        if c == ">":
            return j + 1
        if c in _IRI_FORBIDDEN or ord(c) <= 0x20:
            return 0
        j += 1
    return 0
