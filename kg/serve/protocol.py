"""uvicorn's httptools protocol with the limits it leaves out: a deadline and a size cap for the request head.

llhttp (through httptools) does the HTTP parsing and refuses the request-smuggling shapes
(malformed or duplicate Content-Length, Content-Length with Transfer-Encoding, bare LF,
space before the colon) with a 400 and a closed connection. What uvicorn does not bound is
the request *head*: a client that connects and sends nothing, or one header byte at a
time, would keep its connection forever, and a head of any size is buffered. This protocol
closes a connection whose head is not complete within ``header_timeout`` (408), and answers
414 or 431 when the request target or the whole head grows past its limit.
"""
from __future__ import annotations

import asyncio
from http import HTTPStatus
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol


class _Refused(Exception):
    """Raised in a parser callback to stop parsing a request already answered."""


class GuardedHttpProtocol(HttpToolsProtocol):
    """HttpToolsProtocol plus a request-head deadline and size limits (set on the class by :func:`configure`)."""

    header_timeout: float = 10.0
    max_url: int = 16_384
    max_headers: int = 32_768

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_timer: asyncio.TimerHandle | None = None
        self._head_bytes: int | None = 0  # bytes of the current request head; None once it is complete
        self._answered = False

    # -- connection lifecycle --------------------------------------------------------
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_head_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_timer()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._head_bytes is not None:
            self._head_bytes += len(data)
            if self._head_bytes > self.max_headers + self.max_url:
                self._reject(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                             f"request head larger than {self.max_headers + self.max_url} bytes")
                return
        super().data_received(data)

    # -- parser callbacks ------------------------------------------------------------
    def on_message_begin(self) -> None:
        super().on_message_begin()
        if self._head_bytes is None:
            self._head_bytes = 0
        self._arm_head_timer()

    def on_url(self, url: bytes) -> None:
        super().on_url(url)
        if len(self.url) > self.max_url:
            self._reject(HTTPStatus.REQUEST_URI_TOO_LONG,
                         f"request target longer than {self.max_url} bytes; send long queries by POST")
            raise _Refused

    def on_header(self, name: bytes, value: bytes) -> None:
        super().on_header(name, value)
        if sum(len(n) + len(v) + 4 for n, v in self.headers) > self.max_headers:
            self._reject(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                         f"request headers larger than {self.max_headers} bytes")
            raise _Refused

    def on_headers_complete(self) -> None:
        self._cancel_head_timer()
        self._head_bytes = None
        super().on_headers_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._head_bytes = 0

    def send_400_response(self, msg: str) -> None:
        if not self._answered:  # the parser stopped on a request this protocol already refused
            super().send_400_response(msg)

    # -- helpers ---------------------------------------------------------------------
    def _arm_head_timer(self) -> None:
        if self._head_timer is None and self.header_timeout > 0:
            self._head_timer = self.loop.call_later(self.header_timeout, self._head_timed_out)

    def _cancel_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if self._head_bytes is None or self.transport.is_closing():
            return
        if self._head_bytes == 0 and (self.cycle is not None or self.pipeline):
            return  # between requests: the keep-alive timer owns this connection
        if self._head_bytes == 0:
            self.transport.close()  # connected and silent: nothing to answer
        else:
            self._reject(HTTPStatus.REQUEST_TIMEOUT,
                         f"request head not received within {self.header_timeout:g} s")

    def _reject(self, status: HTTPStatus, message: str) -> None:
        """Answer with a one-line error and close; no further bytes of this connection are read."""
        self._cancel_head_timer()
        self._head_bytes = None
        if self._answered or self.transport.is_closing():
            return
        self._answered = True
        body = (message + "\n").encode("ascii")
        head = (f"HTTP/1.1 {status.value} {status.phrase}\r\ncontent-type: text/plain; charset=utf-8\r\n"
                f"content-length: {len(body)}\r\nconnection: close\r\n\r\n").encode("ascii")
        self.transport.write(head + body)
        self.transport.close()


def configure(*, header_timeout: float, max_url: int, max_headers: int) -> type[GuardedHttpProtocol]:
    """A protocol class carrying these limits (uvicorn builds one protocol per connection)."""
    return type("KgHttpProtocol", (GuardedHttpProtocol,),
                {"header_timeout": header_timeout, "max_url": max_url, "max_headers": max_headers})
