"""kg's exceptions: one tree, messages written for users (what went wrong, what to do).

    KgError
    ├── ConfigError       bad option or environment value
    ├── ModelNotFound     the spaCy pipeline is not installed
    ├── ArticleError      an input could not be read as an article
    ├── StoreError        the store cannot be opened, read or written
    │   ├── StoreBusy     another process holds the embedded store
    │   └── NotAStore     a path that is not a kg store (missing, a file, a damaged store)
    ├── QueryError        invalid, refused or timed-out SPARQL
    │   ├── QuerySyntaxError  not valid SPARQL (``line``, ``column`` in the user's text)
    │   ├── QueryRefused      a SERVICE or LOAD that would make an outbound request (``feature``)
    │   ├── WrongOperation    an update sent as a query or the reverse (``operation`` it is)
    │   ├── QueryTooComplex   too deeply nested or too large to parse or evaluate safely
    │   ├── QueryTimeout      ran longer than its time limit (``seconds``); it was stopped
    │   └── QueryMemoryError  needed more than its memory limit (``limit`` bytes); it was stopped
    ├── NodeNotFound      no entity matches a name (carries suggestions)
    ├── ExportError       an export could not be written
    └── ValidationError   data, ontology or shapes unreadable for SHACL validation

The CLI maps every ``KgError`` to a one-line message and a non-zero exit code.
Third-party errors become kg's in one place, the ``map_*`` context managers at the end of
this module (pyoxigraph's ``SyntaxError``/``OSError``, urllib's errors); the original
exception stays attached as ``__cause__`` (``KG_DEBUG=1`` shows the chain).
"""
from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator


class KgError(Exception):
    """Base class of every error kg raises on purpose."""

    exit_code: int = 1


class ConfigError(KgError):
    """An option or ``KG_*`` environment value is invalid."""

    exit_code = 2


class ModelNotFound(KgError):
    """The configured spaCy pipeline cannot be loaded."""


class ArticleError(KgError):
    """An input file or record cannot be read as an article."""


class StoreError(KgError):
    """The store cannot be opened, read or written."""


class StoreBusy(StoreError):
    """Another process holds the embedded store."""


class NotAStore(StoreError):
    """A store path that does not hold a kg store; nothing was created or changed there."""

    exit_code = 2


class QueryError(KgError):
    """A SPARQL query is invalid, refused or timed out."""


class QuerySyntaxError(QueryError):
    """Not valid SPARQL; ``line`` and ``column`` (1-based) point into the user's own text."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


class QueryRefused(QueryError):
    """A request kg will not run: ``feature`` is ``"SERVICE"`` or ``"LOAD"`` (outbound requests)."""

    def __init__(self, message: str, feature: str = "") -> None:
        super().__init__(message)
        self.feature = feature


class WrongOperation(QueryError):
    """An update where a query was expected, or the reverse; ``operation`` is what the text is."""

    def __init__(self, message: str, operation: str = "") -> None:
        super().__init__(message)
        self.operation = operation


class QueryTooComplex(QueryError):
    """Too deeply nested or too large to parse or evaluate without risking a crash."""


class QueryTimeout(QueryError):
    """The request ran longer than ``seconds`` and was stopped (its worker freed)."""

    def __init__(self, message: str, seconds: float | None = None) -> None:
        super().__init__(message)
        self.seconds = seconds


class QueryMemoryError(QueryError):
    """The request needed more than ``limit`` bytes and was stopped; the store is untouched."""

    def __init__(self, message: str, limit: int | None = None) -> None:
        super().__init__(message)
        self.limit = limit


class NodeNotFound(KgError):
    """No entity matches the given name; ``candidates`` lists near matches."""

    def __init__(self, message: str, candidates: list[str] | None = None) -> None:
        super().__init__(message)
        self.candidates = candidates or []


class ExportError(KgError):
    """An export cannot be produced or written."""


class ValidationError(KgError):
    """The data, the ontology or the shapes cannot be read for validation."""


# --- mapping third-party exceptions -----------------------------------------------------

_POSITION = re.compile(r"error at (\d+):(\d+):?\s*")
_PNAME_BEFORE = re.compile(r"([A-Za-z][\w.-]*)?:[\w.%-]*$")


def syntax_message(exc: BaseException, text: str | None, *, what: str = "SPARQL") -> str:
    """One line for a parser error: the user's line and column, the unknown prefix or what was expected."""
    msg = " ".join(str(exc).split())
    m = _POSITION.search(msg)
    if not m:
        return f"invalid {what}: {msg[:200]}"
    line, col = int(m.group(1)), int(m.group(2))
    lines = (text or "").split("\n")
    here = lines[line - 1] if 1 <= line <= len(lines) else ""
    detail = msg[m.end():]
    if "Prefix not found" in detail:
        pname = _PNAME_BEFORE.search(here[: max(0, col - 1)])
        name = pname.group(1) or "" if pname else None
        detail = f"unknown prefix '{name}:' (declare it with PREFIX)" if name is not None else "unknown prefix"
    elif len(detail) > 120:
        detail = detail[:117] + "..."
    near = here.strip()
    near = near if len(near) <= 60 else near[:57] + "..."
    return f"invalid {what} at line {line}, column {col}: {detail}" + (f" (in: {near})" if near else "")


@contextlib.contextmanager
def map_oxigraph_errors(what: str = "SPARQL", text: str | None = None) -> Iterator[None]:
    """pyoxigraph's ``SyntaxError`` -> :class:`QueryError` naming the user's line and column;
    ``OSError`` while evaluating -> :class:`QueryError` (queries) or :class:`StoreError` (updates)."""
    try:
        yield
    except SyntaxError as exc:
        m = _POSITION.search(str(exc))
        line, col = (int(m.group(1)), int(m.group(2))) if m else (None, None)
        raise QuerySyntaxError(syntax_message(exc, text, what=what), line, col) from exc
    except OSError as exc:
        first = " ".join(str(exc).split())[:300]
        if what == "SPARQL Update":
            raise StoreError(f"update failed: {first}") from exc
        raise QueryError(f"query failed: {first}") from exc


@contextlib.contextmanager
def map_http_errors(url: str) -> Iterator[None]:
    """urllib's errors talking to a SPARQL endpoint -> :class:`QueryError` (HTTP 400) or :class:`StoreError`."""
    import urllib.error

    try:
        yield
    except urllib.error.HTTPError as exc:
        try:
            lines = exc.read(500).decode("utf-8", "replace").strip().splitlines()
        except OSError:
            lines = []
        msg = f"{url} answered HTTP {exc.code}: {lines[0] if lines else exc.reason}"
        raise (QueryError if exc.code == 400 else StoreError)(msg) from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise StoreError(f"cannot reach SPARQL endpoint {url}: {reason}") from exc
