"""ASGI middleware: refuse foreign Host names before any route runs, and add safety headers."""
from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kg.serve.guard import Guard

_SAFETY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


async def send_error(send: Send, status: int, message: str) -> None:
    """A one-line plain-text error that also closes the connection."""
    body = (message.splitlines()[0] + "\n").encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()), (b"connection", b"close"),
                            *_SAFETY_HEADERS]})
    await send({"type": "http.response.body", "body": body})


class HostGuard:
    """Answer only requests whose Host the :class:`Guard` allows (DNS rebinding defence)."""

    def __init__(self, app: ASGIApp, guard: Guard) -> None:
        self.app = app
        self.guard = guard

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        hosts = [v for k, v in scope["headers"] if k == b"host"]
        if len(hosts) > 1:
            await send_error(send, 400, "more than one Host header")
            return
        if not hosts and scope.get("http_version") == "1.1":
            await send_error(send, 400, "missing Host header (required by HTTP/1.1)")
            return
        host = hosts[0].decode("latin-1") if hosts else None
        if not self.guard.host_allowed(host):
            shown = (host or "")[:100].encode("ascii", "replace").decode("ascii")
            await send_error(send, 403, f"host '{shown}' is not served here (DNS rebinding defence); "
                                        "start kg serve with --allowed-host NAME to allow it")
            return

        async def send_safely(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + _SAFETY_HEADERS
            await send(message)

        await self.app(scope, receive, send_safely)
