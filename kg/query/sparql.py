"""Read-only SPARQL for users: predeclared prefixes, refused updates and remote calls, a time limit.

``kg query`` never writes (updates go through ``kg update``), never makes an outbound
request (SERVICE and LOAD are refused unless explicitly allowed) and gives up after a
time limit. Syntax errors name the line and column of the user's text.
"""
from __future__ import annotations

import functools
import re
import threading
from typing import Any, Callable

from kg.errors import KgError, QueryError
from kg.rdf.ontology import PREFIXES
from kg.store import QueryResult, Store

DEFAULT_TIMEOUT = 60.0
UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")

# Strip strings, IRIs and comments before looking for keywords.
_NOISE = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s]*>|#[^\n]*')
_IS_UPDATE = re.compile(r"^(?:\s*(?:PREFIX\s+(?:[A-Za-z][\w.-]*)?:|BASE)\s*)*\s*(" + "|".join(UPDATE_KEYWORDS) + r")\b",
                        re.I)
_SERVICE = re.compile(r"(?<![?$\w:])SERVICE(?![\w:-])", re.I)
_LOAD = re.compile(r"(?<![?$\w:])LOAD(?![\w:-])", re.I)
_SURROGATE = re.compile("[\ud800-\udfff]")


def _bare(sparql: str) -> str:
    """The query with strings, IRIs and comments blanked out (keeping line breaks)."""
    return _NOISE.sub(lambda m: "\n" * m.group(0).count("\n") + " ", sparql)


def check_read_only(sparql: str, *, allow_service: bool = False) -> None:
    """Refuse SPARQL that would make outbound requests.

    Raises:
        QueryError: the query uses SERVICE (unless allowed) or LOAD.
    """
    if _SURROGATE.search(sparql):
        raise QueryError("the request contains invalid Unicode (a lone surrogate code point)")
    bare = _bare(sparql)
    if not allow_service and _SERVICE.search(bare):
        raise QueryError("SERVICE (federated query) is disabled: it would make an outbound request "
                         "(pass --allow-service to permit it)")
    if _LOAD.search(bare):
        raise QueryError("LOAD is disabled: it would fetch a remote document (use kg load FILE)")


def check_query(sparql: str, *, allow_service: bool = False) -> None:
    """Refuse updates and outbound requests in a read-only query.

    Raises:
        QueryError: the text is a SPARQL Update, or uses SERVICE (unless allowed) or LOAD.
    """
    m = _IS_UPDATE.match(_bare(sparql))
    if m:
        raise QueryError(f"kg query is read-only: {m.group(1).upper()} is an update; use kg update")
    check_read_only(sparql, allow_service=allow_service)


class _Runner:
    """One long-lived worker thread for timed queries (a new thread per query costs ~0.1 ms).

    A query that overruns keeps its thread busy: that runner is abandoned and the next
    query gets a fresh one.
    """

    _current: _Runner | None = None
    _lock = threading.Lock()

    def __init__(self) -> None:
        import queue

        self.jobs: queue.SimpleQueue[tuple[Callable[[], None], threading.Event]] = queue.SimpleQueue()
        threading.Thread(target=self._loop, name="kg-query", daemon=True).start()

    def _loop(self) -> None:
        while True:
            fn, done = self.jobs.get()
            fn()
            done.set()

    def run(self, fn: Callable[[], None]) -> threading.Event:
        done = threading.Event()
        self.jobs.put((fn, done))
        return done

    @classmethod
    def get(cls) -> _Runner:
        with cls._lock:
            if cls._current is None:
                cls._current = cls()
            return cls._current

    @classmethod
    def abandon(cls) -> None:
        with cls._lock:
            cls._current = None


def _with_timeout(fn: Callable[[], Any], timeout: float | None) -> Any:
    """Run ``fn`` in a worker thread; give up after ``timeout`` seconds (None or 0: no limit).

    A query cannot be cancelled inside Oxigraph: on timeout the worker thread is abandoned
    (it only reads) and the caller gets a :class:`QueryError`.
    """
    box: dict[str, Any] = {}

    def work() -> None:
        # Errors are rebuilt without their traceback: its frames hold Oxigraph objects that
        # must be released in the thread that made them.
        try:
            box["value"] = fn()
        except KgError as exc:
            box["error"] = type(exc)(str(exc))
        except OSError as exc:  # e.g. a failure while reading results
            box["error"] = QueryError(f"query failed: {' '.join(str(exc).split())[:300]}")
        except Exception as exc:  # noqa: BLE001 - re-raised in the caller's thread
            box["error"] = RuntimeError(f"{type(exc).__name__}: {exc}")

    if not timeout or timeout <= 0:
        work()
        if "error" in box:
            raise box["error"]
        return box["value"]

    done = _Runner.get().run(work)
    if not done.wait(timeout):
        _Runner.abandon()
        raise QueryError(f"query timed out after {timeout:g} s (make it more selective, or raise --timeout)")
    if "error" in box:
        raise box["error"]
    return box["value"]


@functools.lru_cache(maxsize=256)
def _prepare(sparql: str, allow_service: bool) -> None:
    """Refuse updates and outbound requests (cached: queries repeat)."""
    check_query(sparql, allow_service=allow_service)


def run_query(store: Store, sparql: str, *, allow_service: bool = False, timeout: float | None = None,
              default_graphs: list[str] | None = None, named_graphs: list[str] | None = None) -> QueryResult:
    """Run a read-only query over the union of the store's graphs (or the given dataset).

    kg's prefixes are predeclared. ``timeout`` (seconds) runs the query on a worker and
    gives up after it; None runs it in the calling thread without a limit.

    Raises:
        QueryError: invalid, refused (update, SERVICE, LOAD) or timed-out query.
    """
    _prepare(sparql, allow_service)
    return _with_timeout(lambda: store.query(sparql, prefixes=PREFIXES, default_graphs=default_graphs,
                                             named_graphs=named_graphs), timeout)


def run_query_serialized(store: Store, sparql: str, *, fmt: str = "json", graph_fmt: str = "nt",
                         allow_service: bool = False, timeout: float | None = None,
                         default_graphs: list[str] | None = None,
                         named_graphs: list[str] | None = None) -> tuple[str, bytes]:
    """Like :func:`run_query`, answered as ``(media type, bytes)`` for a wire format.

    SELECT/ASK results in ``fmt`` (json, xml, csv, tsv), CONSTRUCT/DESCRIBE in ``graph_fmt``.
    """
    _prepare(sparql, allow_service)
    return _with_timeout(lambda: store.query_serialized(
        sparql, fmt=fmt, graph_fmt=graph_fmt, prefixes=PREFIXES, default_graphs=default_graphs,
        named_graphs=named_graphs), timeout)


def run_update(store: Store, sparql: str, *, allow_service: bool = False) -> None:
    """Run a SPARQL Update request (LOAD refused; SERVICE refused unless allowed).

    Raises:
        QueryError: invalid or refused request.
    """
    check_read_only(sparql, allow_service=allow_service)
    store.update(sparql, prefixes=PREFIXES)
