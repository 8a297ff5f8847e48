"""A SPARQL 1.1 Protocol endpoint over the embedded store (standard library HTTP server).

``GET /query?query=...`` and ``POST /query`` (form or ``application/sparql-query``) answer
queries; results are negotiated from the ``Accept`` header (or a ``format`` parameter):
SPARQL JSON, XML, CSV, TSV, and N-Triples or Turtle for CONSTRUCT / DESCRIBE.
``POST /update`` runs SPARQL Update only when the server was started with updates allowed
(403 otherwise). Bodies above a size limit get 413, queries running longer than the
timeout 503; errors are one-line messages, never stack traces.
"""
from __future__ import annotations

import json
import threading
import urllib.parse
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from kg.errors import ConfigError, KgError, QueryError, QueryTimeout
from kg.query.limits import DEFAULT_TIMEOUT
from kg.query.pool import WorkerPool
from kg.query.sparql import run_query_serialized, run_update
from kg.store import Store

#: Accept media type -> (results format, graph format).
_MEDIA: dict[str, tuple[str, str]] = {
    "application/sparql-results+json": ("json", "nt"),
    "application/json": ("json", "nt"),
    "application/sparql-results+xml": ("xml", "nt"),
    "application/xml": ("xml", "nt"),
    "text/xml": ("xml", "nt"),
    "text/csv": ("csv", "nt"),
    "text/tab-separated-values": ("tsv", "nt"),
    "application/n-triples": ("json", "nt"),
    "text/plain": ("json", "nt"),
    "text/turtle": ("json", "ttl"),
    "application/x-turtle": ("json", "ttl"),
}
_FORMAT_PARAM = {"json": ("json", "nt"), "xml": ("xml", "nt"), "csv": ("csv", "nt"), "tsv": ("tsv", "nt"),
                 "nt": ("json", "nt"), "ntriples": ("json", "nt"), "ttl": ("json", "ttl"),
                 "turtle": ("json", "ttl")}


@dataclass(slots=True)
class ServeConfig:
    """Limits and permissions of an endpoint."""

    allow_update: bool = False
    max_body: int = 1_000_000
    timeout: float = DEFAULT_TIMEOUT
    workers: int = 4


def negotiate(accept: str | None, param: str | None = None) -> tuple[str, str]:
    """Pick ``(results format, graph format)`` from a ``format`` parameter or an Accept header."""
    if param:
        if param.lower() not in _FORMAT_PARAM:
            raise QueryError(f"unknown format '{param}'; use json, xml, csv, tsv, nt or ttl")
        return _FORMAT_PARAM[param.lower()]
    choices: list[tuple[float, int, str]] = []
    for i, part in enumerate((accept or "").split(",")):
        media, _, params = part.strip().partition(";")
        q = 1.0
        for p in params.split(";"):
            k, _, v = p.strip().partition("=")
            if k == "q":
                try:
                    q = float(v)
                except ValueError:
                    q = 0.0
        choices.append((-q, i, media.strip().lower()))
    results, graph = None, None
    for _, _, media in sorted(choices):
        if media in _MEDIA:
            r, g = _MEDIA[media]
            if results is None and media not in ("application/n-triples", "text/plain", "text/turtle",
                                                 "application/x-turtle"):
                results = r
            if graph is None and media in ("application/n-triples", "text/plain", "text/turtle",
                                           "application/x-turtle"):
                graph = g
    return results or "json", graph or "nt"


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    server_version = "kg-sparql"
    sys_version = ""

    def log_message(self, format: str, *args: object) -> None:
        if self.server.log is not None:
            self.server.log(format % args)

    # --- plumbing -----------------------------------------------------------------
    def _send(self, status: int, body: bytes, media: str = "text/plain; charset=utf-8") -> None:
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, message: str) -> None:
        self._send(status, (message.splitlines()[0] if message else HTTPStatus(status).phrase).encode() + b"\n")

    def _body(self) -> bytes | None:
        length = self.headers.get("Content-Length")
        if length is None:
            self._error(411, "Content-Length required")
            return None
        try:
            n = int(length)
        except ValueError:
            self._error(400, "bad Content-Length")
            return None
        if n < 0 or n > self.server.config.max_body:
            self.close_connection = True
            self._error(413, f"request body larger than {self.server.config.max_body} bytes")
            return None
        return self.rfile.read(n)

    # --- verbs --------------------------------------------------------------------
    def do_GET(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        params = urllib.parse.parse_qs(url.query)
        if url.path in ("/", "/health"):
            info = {"endpoint": "/query", "update": "/update" if self.server.config.allow_update else None,
                    "store": self.server.store.location}
            self._send(200, json.dumps(info).encode(), "application/json")
        elif url.path in ("/query", "/sparql"):
            if "query" not in params:
                self._error(400, "missing 'query' parameter")
                return
            self._query(params["query"][0], params.get("format", [None])[0])
        else:
            self._error(404, "not found; the SPARQL endpoint is /query")

    do_HEAD = do_GET

    def do_POST(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        if url.path not in ("/query", "/sparql", "/update"):
            self._error(404, "not found; the SPARQL endpoint is /query")
            return
        body = self._body()
        if body is None:
            return
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = urllib.parse.parse_qs(url.query)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            self._error(400, "request body is not UTF-8")
            return
        if ctype == "application/x-www-form-urlencoded":
            params.update(urllib.parse.parse_qs(text))
            query, update = params.get("query", [None])[0], params.get("update", [None])[0]
        elif ctype == "application/sparql-query":
            query, update = text, None
        elif ctype == "application/sparql-update":
            query, update = None, text
        else:
            self._error(415, "use application/x-www-form-urlencoded, application/sparql-query "
                             "or application/sparql-update")
            return
        if update is not None:
            self._update(update)
        elif query is not None:
            self._query(query, params.get("format", [None])[0])
        else:
            self._error(400, "missing 'query' or 'update'")

    # --- work ---------------------------------------------------------------------
    def _run(self, fn, *args):  # type: ignore[no-untyped-def]
        future = self.server.pool.submit(fn, *args)
        return future.result(timeout=self.server.config.timeout or None)

    def _guarded(self, what: str, work: Callable[[], Any]) -> tuple[bool, Any]:
        """Run ``work``; on failure answer the client with a one-line error, never a trace."""
        try:
            return True, work()
        except (FutureTimeout, QueryTimeout):
            self._error(503, f"{what} timed out after {self.server.config.timeout:g} s")
        except KgError as exc:
            self._error(400, str(exc))
        except Exception:  # noqa: BLE001 - never leak a trace to a client
            self._error(500, "internal error")
        return False, None

    def _query(self, sparql: str, fmt_param: str | None) -> None:
        def work() -> tuple[str, bytes]:
            fmt, graph_fmt = negotiate(self.headers.get("Accept"), fmt_param)
            # the query runs in a worker process under the timeout, killed when it overruns
            return run_query_serialized(self.server.store, sparql, fmt=fmt, graph_fmt=graph_fmt,
                                        timeout=self.server.config.timeout, pool=self.server.query_pool)

        ok, result = self._guarded("query", work)
        if ok:
            media, data = result
            charset = "; charset=utf-8" if media.startswith("text/") or "json" in media else ""
            self._send(200, data, media + charset)

    def _update(self, sparql: str) -> None:
        if not self.server.config.allow_update:
            self._error(403, "updates are disabled; start kg serve with --allow-update")
            return

        def work() -> None:
            with self.server.write_lock:
                self._run(lambda: run_update(self.server.store, sparql))

        if self._guarded("update", work)[0]:
            self._send(204, b"")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], store: Store, config: ServeConfig,
                 log=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(address, _Handler)
        self.store = store
        self.config = config
        self.pool = ThreadPoolExecutor(max_workers=max(1, config.workers), thread_name_prefix="kg-query")
        # queries on a store other processes can open run in a pool of worker processes (a
        # threaded server must not fork); in memory each query runs in a forked child
        self.query_pool = WorkerPool(store, size=config.workers) if store.isolation == "reopen" else None
        self.write_lock = threading.Lock()
        self.log = log

    def server_close(self) -> None:
        super().server_close()
        if self.query_pool is not None:
            self.query_pool.close()
        self.pool.shutdown(wait=False, cancel_futures=True)


def make_server(store: Store, host: str = "127.0.0.1", port: int = 7878, config: ServeConfig | None = None,
                log=None) -> _Server:  # type: ignore[no-untyped-def]
    """An HTTP server answering SPARQL over ``store`` (call ``serve_forever()``; port 0 picks one).

    Queries run in ``config.workers`` worker processes (one forked child per query for an
    in-memory store); a query that exceeds the timeout is answered 503 and its worker is
    killed, which frees its CPU and its slot.

    Raises:
        ConfigError: the address is unusable.
    """
    try:
        return _Server((host, port), store, config or ServeConfig(), log)
    except OSError as exc:
        raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
