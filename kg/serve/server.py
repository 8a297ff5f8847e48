"""Run the endpoint on uvicorn: bind the socket, serve, stop.

uvicorn (with httptools, i.e. llhttp) parses HTTP; :mod:`kg.serve.protocol` adds the
request-head deadline and size caps; :mod:`kg.serve.app` is the SPARQL Protocol itself.
The socket is bound here, before serving, so that ``port=0`` reports the port it got and
an unusable address fails with a one-line error.
"""
from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Callable

import uvicorn

from kg.errors import ConfigError
from kg.serve.app import create_app
from kg.serve.config import ServeConfig
from kg.serve.protocol import configure
from kg.store import Store


class _LineHandler(logging.Handler):
    def __init__(self, log: Callable[[str], None]) -> None:
        super().__init__(logging.INFO)
        self._log = log

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self._log(record.getMessage())
        except Exception:  # noqa: BLE001 - a broken log sink must not stop the server
            pass


def _bind(host: str, port: int, backlog: int) -> socket.socket:
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                             flags=socket.AI_PASSIVE)[0]
        sock = socket.socket(family, kind, proto)
    except OSError as exc:
        raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(backlog)
        sock.set_inheritable(True)
    except OSError as exc:
        sock.close()
        raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    return sock


class Server:
    """A SPARQL endpoint bound to an address; :meth:`serve_forever` or :meth:`start` it."""

    def __init__(self, store: Store, host: str, port: int, config: ServeConfig,
                 log: Callable[[str], None] | None = None) -> None:
        self.config = config
        self._sock = _bind(host, port, config.backlog)
        self.address: tuple[str, int] = self._sock.getsockname()[:2]
        try:
            app = create_app(store, config, bind=host)
        except BaseException:
            self._sock.close()
            raise
        self._engine = app.state.endpoint.engine
        self._loggers = self._attach(log)
        self._uvicorn = uvicorn.Server(uvicorn.Config(
            app, http=configure(header_timeout=config.header_timeout, max_url=config.max_url,
                                max_headers=config.max_headers),
            loop="asyncio", lifespan="off", log_config=None, access_log=log is not None,
            server_header=False, timeout_keep_alive=config.keep_alive,  # type: ignore[arg-type]
            limit_concurrency=config.max_connections, backlog=config.backlog, timeout_graceful_shutdown=3,
        ))
        self._thread: threading.Thread | None = None

    @staticmethod
    def _attach(log: Callable[[str], None] | None) -> list[tuple[logging.Logger, logging.Handler]]:
        if log is None:
            return []
        handler = _LineHandler(log)
        pairs = []
        for name, level in (("uvicorn.access", logging.INFO), ("uvicorn.error", logging.WARNING)):
            logger = logging.getLogger(name)
            logger.setLevel(level)
            logger.addHandler(handler)
            pairs.append((logger, handler))
        return pairs

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:7878`` (IPv6 hosts in brackets)."""
        host = self.address[0]
        return f"http://{'[' + host + ']' if ':' in host else host}:{self.address[1]}"

    def worker_pids(self) -> list[int]:
        """Process ids of the query workers kept for a store on disk (none for a store in memory)."""
        return self._engine.pool.pids() if self._engine.pool is not None else []

    def serve_forever(self) -> None:
        """Serve until interrupted (Ctrl-C or SIGTERM stop it gracefully in the main thread)."""
        try:
            self._uvicorn.run(sockets=[self._sock])
        finally:
            self.close()

    def start(self, *, wait: float = 30.0) -> Server:
        """Serve on a background thread; return once the server accepts connections."""
        self._thread = threading.Thread(target=self.serve_forever, name="kg-serve", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + wait
        while not self._uvicorn.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise ConfigError(f"kg serve did not start on {self.url}")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        """Stop a server started with :meth:`start` and wait for its thread."""
        self._uvicorn.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        self.close()

    def close(self) -> None:
        """Release the socket, the query workers and the log handlers."""
        self._sock.close()
        self._engine.close()
        for logger, handler in self._loggers:
            logger.removeHandler(handler)
        self._loggers = []

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def make_server(store: Store, host: str = "127.0.0.1", port: int = 7878, config: ServeConfig | None = None,
                log: Callable[[str], None] | None = None) -> Server:
    """A SPARQL 1.1 Protocol endpoint over ``store`` bound to ``host:port`` (port 0 picks one).

    Raises:
        ConfigError: the address is unusable.
    """
    return Server(store, host, port, config or ServeConfig(), log)
