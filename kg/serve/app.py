"""The SPARQL 1.1 Protocol as a Starlette (ASGI) application.

    GET  /                 the query page (HTML + JS served from the package, no CDN)
    GET  /health           JSON: endpoints and whether updates are allowed
    GET  /query, /sparql   ?query=...  (+ default-graph-uri, named-graph-uri, format)
    POST /query, /sparql   form-encoded ``query=...`` or an ``application/sparql-query`` body
    POST /update           SPARQL Update, only with ``allow_update`` and from a trusted origin
    GET  /store            Graph Store Protocol reads: ``?graph=IRI`` or ``?default``

Every error is one line of plain text. Requests whose body is not read to the end are
answered with ``Connection: close``, so unread bytes are never taken for a next request.
"""
from __future__ import annotations

import asyncio
import urllib.parse
from importlib import resources

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from kg.errors import KgError, QueryMemoryError, QueryTimeout, StoreError
from kg.serve.config import ServeConfig
from kg.serve.engine import Busy, Engine, TimedOut
from kg.serve.guard import Guard, make_guard
from kg.serve.middleware import HostGuard
from kg.serve.negotiate import UnknownFormat, negotiate, supported
from kg.serve.queries import Dataset, NotAcceptable
from kg.store import Store

_FORM = "application/x-www-form-urlencoded"
_QUERY_BODY = "application/sparql-query"
_UPDATE_BODY = "application/sparql-update"
_FORMAT_PARAMS = ("format", "output", "results")
_PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; "
             "img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


class Refusal(HTTPException):
    """An HTTP error answered as one line; ``close`` ends the connection after it."""

    def __init__(self, status: int, message: str, *, close: bool = False,
                 headers: dict[str, str] | None = None) -> None:
        extra = dict(headers or {})
        if close:
            extra["Connection"] = "close"
        super().__init__(status, message, extra or None)


def _one_line(text: str) -> str:
    line = " ".join(text.split()) if text else ""
    return (line[:500] or "error") + "\n"


def _media(value: str | None) -> str:
    return (value or "").split(";", 1)[0].strip().lower()


def _with_charset(media: str) -> str:
    return media + "; charset=utf-8" if media.startswith("text/") or "json" in media else media


class Endpoint:
    """Request handlers bound to one engine, config and Host/Origin guard."""

    def __init__(self, engine: Engine, config: ServeConfig, guard: Guard) -> None:
        self.engine = engine
        self.config = config
        self.guard = guard

    # -- request plumbing ----------------------------------------------------------
    async def _body(self, request: Request) -> bytes:
        """The request body, bounded in size and time (411, 413, 408 otherwise)."""
        length = request.headers.get("content-length")
        if length is None and "transfer-encoding" not in request.headers:
            raise Refusal(411, "Content-Length required", close=True)
        limit = self.config.max_body
        if length is not None and int(length) > limit:
            raise Refusal(413, f"request body larger than {limit} bytes", close=True)

        async def read() -> bytes:
            chunks: list[bytes] = []
            size = 0
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    raise Refusal(413, f"request body larger than {limit} bytes", close=True)
                chunks.append(chunk)
            return b"".join(chunks)

        try:
            return await asyncio.wait_for(read(), self.config.body_timeout)
        except asyncio.TimeoutError:
            raise Refusal(408, f"request body not received within {self.config.body_timeout:g} s",
                          close=True) from None

    @staticmethod
    def _text(body: bytes) -> str:
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            raise Refusal(400, "request body is not UTF-8") from None

    async def _params(self, request: Request, direct: str) -> tuple[dict[str, list[str]], str | None]:
        """URL parameters merged with a form body; and the text of a direct (non-form) body."""
        params: dict[str, list[str]] = {}
        for key, value in request.query_params.multi_items():
            params.setdefault(key, []).append(value)
        if request.method != "POST":
            return params, None
        ctype = _media(request.headers.get("content-type"))
        if ctype not in (_FORM, direct):
            if ctype in (_QUERY_BODY, _UPDATE_BODY):
                where = "/update" if ctype == _UPDATE_BODY else "/query"
                raise Refusal(415, f"{ctype} goes to {where}", close=True)
            raise Refusal(415, f"use {_FORM} or {direct}", close=True)
        text = self._text(await self._body(request))
        if ctype == direct:
            return params, text
        for key, value in urllib.parse.parse_qsl(text, keep_blank_values=True):
            params.setdefault(key, []).append(value)
        return params, None

    @staticmethod
    def _single(params: dict[str, list[str]], name: str) -> str | None:
        values = params.get(name, [])
        if len(values) > 1:
            raise Refusal(400, f"give one '{name}' parameter, not {len(values)}")
        return values[0] if values else None

    # -- routes --------------------------------------------------------------------
    async def page(self, request: Request) -> Response:
        html = resources.files("kg.serve").joinpath("page/index.html").read_bytes()
        return Response(html, media_type="text/html; charset=utf-8",
                        headers={"Content-Security-Policy": _PAGE_CSP, "Cache-Control": "no-cache"})

    async def script(self, request: Request) -> Response:
        js = resources.files("kg.serve").joinpath("page/query.js").read_bytes()
        return Response(js, media_type="text/javascript; charset=utf-8", headers={"Cache-Control": "no-cache"})

    async def health(self, request: Request) -> Response:
        return JSONResponse({"endpoint": "/query", "update": "/update" if self.config.allow_update else None,
                             "graph_store": "/store", "store": self.engine.store.location})

    async def query(self, request: Request) -> Response:
        params, direct = await self._params(request, _QUERY_BODY)
        if "update" in params:
            raise Refusal(400, "this is the query endpoint; send SPARQL Update to /update")
        sparql = direct if direct is not None else self._single(params, "query")
        if sparql is None:
            raise Refusal(400, "missing 'query' parameter")
        try:
            choice = negotiate(request.headers.get("accept"),
                               [v for name in _FORMAT_PARAMS for v in params.get(name, [])])
        except UnknownFormat as exc:
            raise Refusal(400, str(exc)) from None
        if choice.results is None and choice.graph is None:
            raise Refusal(406, f"no acceptable format; this endpoint answers {supported('results')}, "
                               f"{supported('graph')}")
        dataset = Dataset(tuple(params.get("default-graph-uri", [])), tuple(params.get("named-graph-uri", [])))
        answer = await self.engine.query(sparql, dataset=dataset, choice=choice)
        return Response(answer.body, media_type=_with_charset(answer.media_type), headers={"Vary": "Accept"})

    async def update(self, request: Request) -> Response:
        if not self.config.allow_update:
            raise Refusal(403, "updates are disabled; start kg serve with --allow-update", close=True)
        origin = request.headers.get("origin")
        if not self.guard.write_allowed(host=request.headers.get("host"), origin=origin,
                                        fetch_site=request.headers.get("sec-fetch-site"),
                                        scheme=request.url.scheme):
            shown = (origin or "another site")[:100]
            raise Refusal(403, f"refused a write from {shown}: writes are accepted from this endpoint's own "
                               "page, from --cors origins, or from non-browser clients", close=True)
        params, direct = await self._params(request, _UPDATE_BODY)
        if "using-graph-uri" in params or "using-named-graph-uri" in params:
            raise Refusal(400, "using-graph-uri / using-named-graph-uri are not supported; write USING in the update")
        sparql = direct if direct is not None else self._single(params, "update")
        if sparql is None:
            raise Refusal(400, "missing 'update' parameter")
        await self.engine.update(sparql)
        return Response(status_code=204)

    async def graph_store(self, request: Request) -> Response:
        params = {k: request.query_params.getlist(k) for k in request.query_params.keys()}
        graph = self._single(params, "graph")
        if (graph is None) == ("default" not in params):
            raise Refusal(400, "give ?graph=IRI or ?default")
        try:
            fmt = negotiate(request.headers.get("accept"),
                            [v for name in _FORMAT_PARAMS for v in params.get(name, [])]).graph
        except UnknownFormat as exc:
            raise Refusal(400, str(exc)) from None
        if fmt is None:
            raise Refusal(406, f"no acceptable format; graphs are served as {supported('graph')}")
        answer = await self.engine.graph(graph, fmt)
        if answer is None:
            raise Refusal(404, f"no graph <{graph}> in this store")
        return Response(answer.body, media_type=_with_charset(answer.media_type), headers={"Vary": "Accept"})


# -- error rendering ---------------------------------------------------------------
_STATUS_TEXT = {404: "not found; the SPARQL endpoint is /query (the query page is /)",
                405: "method not allowed"}


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    text = exc.detail if isinstance(exc, Refusal) else _STATUS_TEXT.get(exc.status_code, exc.detail)
    headers = dict(exc.headers or {})
    if request.method == "POST" and "Connection" not in headers:
        headers["Connection"] = "close"  # the body may not have been read
    return PlainTextResponse(_one_line(text), exc.status_code, headers=headers)


#: Errors that are the server's fault, not the request's (answered 500).
_SERVER_FAULTS = (StoreError,)
#: Limits of the server rather than faults of the request (answered 503), with advice.
_LIMITS = {QueryTimeout: "make the query more selective, or start kg serve with a larger --timeout",
           QueryMemoryError: "make the query more selective, or start kg serve with a larger --max-memory",
           TimedOut: "make the query more selective, or start kg serve with a larger --timeout",
           Busy: ""}


async def _kg_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, KgError)
    if isinstance(exc, NotAcceptable):
        return PlainTextResponse(_one_line(f"{exc}; use one of {supported(exc.kind)}"), 406)
    advice = next((hint for cls, hint in _LIMITS.items() if isinstance(exc, cls)), None)
    if advice is not None:
        return PlainTextResponse(_one_line(f"{exc}; {advice}" if advice else str(exc)), 503)
    if isinstance(exc, _SERVER_FAULTS):
        return PlainTextResponse(_one_line(f"store error: {exc}"), 500)
    return PlainTextResponse(_one_line(str(exc)), 400)


async def _internal_error(request: Request, exc: Exception) -> Response:
    return PlainTextResponse("internal error\n", 500)


def create_app(store: Store, config: ServeConfig, *, bind: str = "127.0.0.1") -> Starlette:
    """The ASGI application serving ``store`` under ``config`` for a server bound to ``bind``."""
    guard = make_guard(bind, allowed_hosts=config.allowed_hosts, cors_origins=config.cors_origins)
    ep = Endpoint(Engine(store, config), config, guard)
    read = ["GET", "POST"]
    routes = [
        Route("/", ep.page, methods=["GET"]),
        Route("/query.js", ep.script, methods=["GET"]),
        Route("/health", ep.health, methods=["GET"]),
        Route("/query", ep.query, methods=read),
        Route("/sparql", ep.query, methods=read),
        Route("/update", ep.update, methods=["POST"]),
        Route("/store", ep.graph_store, methods=["GET"]),
    ]
    middleware = [Middleware(HostGuard, guard=guard)]
    if config.cors_origins:
        middleware.append(Middleware(CORSMiddleware, allow_origins=list(config.cors_origins),
                                     allow_methods=["GET", "POST", "HEAD"], allow_headers=["Accept", "Content-Type"],
                                     max_age=600))
    app = Starlette(routes=routes, middleware=middleware,
                    exception_handlers={HTTPException: _http_error, KgError: _kg_error, Exception: _internal_error})
    app.state.endpoint = ep
    return app

