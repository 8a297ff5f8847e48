"""What an endpoint allows and how long it waits: one frozen settings object."""
from __future__ import annotations

from dataclasses import dataclass

from kg.query.limits import DEFAULT_MAX_MEMORY, DEFAULT_TIMEOUT


@dataclass(frozen=True, slots=True, kw_only=True)
class ServeConfig:
    """Permissions, limits and timeouts of a ``kg serve`` endpoint.

    Attributes:
        allow_update: accept SPARQL Update on ``/update`` (refused with 403 otherwise).
        allowed_hosts: extra names the ``Host`` header may carry (``"*"``: any); the bound
            address and, on loopback, ``localhost`` are always allowed.
        cors_origins: origins that may read answers from a browser page (and write, with
            ``allow_update``); no CORS headers at all when empty.
        timeout: seconds a query may run (None: no limit); its worker is then stopped and the client gets 503.
        max_memory: bytes a query may use beyond its worker's start (None: no limit); 503 above it.
        workers: queries evaluated at once; later ones wait for a free slot.
        queue_wait: seconds a request waits for a free slot before 503 (default: ``timeout``).
        max_body: largest request body in bytes (413 above it).
        max_url: longest request target in bytes (414 above it).
        max_headers: largest request head (request line and headers) in bytes (431 above it).
        header_timeout: seconds a client has to send a complete request head.
        body_timeout: seconds a client has to send the request body.
        keep_alive: seconds an idle keep-alive connection stays open.
        backlog: length of the listen queue.
        max_connections: open connections (and requests in progress) before 503.
    """

    allow_update: bool = False
    allowed_hosts: tuple[str, ...] = ()
    cors_origins: tuple[str, ...] = ()
    timeout: float | None = DEFAULT_TIMEOUT
    max_memory: int | None = DEFAULT_MAX_MEMORY
    workers: int = 4
    queue_wait: float | None = None
    max_body: int = 1_000_000
    max_url: int = 16_384
    max_headers: int = 32_768
    header_timeout: float = 10.0
    body_timeout: float = 10.0
    keep_alive: float = 5.0
    backlog: int = 2048
    max_connections: int = 1000

    @property
    def slot_wait(self) -> float | None:
        """Seconds a request may wait for a free query slot (None: as long as it takes)."""
        return self.timeout if self.queue_wait is None else self.queue_wait
