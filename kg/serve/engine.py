"""Query slots, time limits and a fresh view of the store, for the asynchronous endpoint.

At most ``workers`` queries are evaluated at once; a request waits up to ``queue_wait``
seconds for a slot (then 503, "busy"). Each query runs on a worker thread and is answered
503 after ``timeout`` seconds; its slot is freed at once so that later queries are not
starved by a runaway one.

A store opened read-only on disk is a snapshot. :class:`StoreView` reopens it when the
files on disk have changed (an ingest or load by another process), checking at most once
every ``refresh`` seconds, so the endpoint answers from the store as it is now.
"""
from __future__ import annotations

import asyncio
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from kg.errors import KgError, QueryError
from kg.serve import queries
from kg.serve.config import ServeConfig
from kg.serve.negotiate import Choice
from kg.store import Store, open_store

T = TypeVar("T")


class Busy(QueryError):
    """Every query slot stayed taken for longer than the queue wait."""


class TimedOut(QueryError):
    """A query ran past the time limit."""


def _fingerprint(path: Path) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and modification times of the store's files (RocksDB's info logs left out)."""
    try:
        entries = [(e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in os.scandir(path)
                   if e.is_file() and not e.name.startswith("LOG")]
    except OSError:
        return ()
    return tuple(sorted(entries))


class StoreView:
    """The store the endpoint answers from, reopened when a read-only store changed on disk."""

    def __init__(self, store: Store, *, refresh: float) -> None:
        self._snapshot = store
        self._refresh = refresh
        self._lock = threading.Lock()
        # Only a read-only store in a folder is a snapshot that can go stale.
        self._path = Path(store.location) if store.mode == "r" and Path(store.location).is_dir() else None
        self._seen = _fingerprint(self._path) if self._path else ()
        self._checked = time.monotonic()

    @property
    def refreshes(self) -> bool:
        """Whether this view follows changes made by other processes."""
        return self._path is not None

    def current(self) -> Store:
        """The store to query now (reopened first if it changed since the last check)."""
        if self._path is None or self._refresh < 0:
            return self._snapshot
        with self._lock:
            now = time.monotonic()
            if now - self._checked >= self._refresh:
                self._checked = now
                seen = _fingerprint(self._path)
                if seen and seen != self._seen:
                    try:
                        # The old snapshot is left to the queries still reading it.
                        self._snapshot = open_store(self._path, "r")
                        self._seen = seen
                    except KgError:
                        pass  # mid-write or briefly unreadable: keep answering from the last snapshot
            return self._snapshot


async def in_thread(fn: Callable[[], T]) -> T:
    """Run ``fn`` on a new daemon thread; the awaiting task can give up without waiting for it."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def settle(ok: bool, value: object) -> None:
        if future.done():
            return
        if ok:
            future.set_result(value)  # type: ignore[arg-type]
        else:
            future.set_exception(value)  # type: ignore[arg-type]

    def work() -> None:
        try:
            value: object = fn()
            ok = True
        except BaseException as exc:  # noqa: BLE001 - handed to the awaiting task
            # Drop the traceback here: its frames hold Oxigraph objects, which must be
            # released on the thread that made them.
            exc.__context__ = exc.__cause__ = None
            value, ok = exc.with_traceback(None), False
        try:
            loop.call_soon_threadsafe(settle, ok, value)
        except RuntimeError:
            pass  # the loop closed while this query ran

    threading.Thread(target=work, name="kg-serve-query", daemon=True).start()
    return await future


class Engine:
    """Runs the endpoint's queries and updates within its slots and limits."""

    def __init__(self, store: Store, config: ServeConfig) -> None:
        self.view = StoreView(store, refresh=config.refresh)
        self.config = config
        self._slots: asyncio.Semaphore | None = None
        self._writes: asyncio.Lock | None = None

    def _sync_primitives(self) -> tuple[asyncio.Semaphore, asyncio.Lock]:
        # Made on first use, inside the server's event loop.
        if self._slots is None or self._writes is None:
            self._slots = asyncio.Semaphore(max(1, self.config.workers))
            self._writes = asyncio.Lock()
        return self._slots, self._writes

    async def _limited(self, what: str, fn: Callable[[], T]) -> T:
        slots, _ = self._sync_primitives()
        try:
            await asyncio.wait_for(slots.acquire(), self.config.slot_wait)
        except asyncio.TimeoutError:
            raise Busy(f"server busy: {self.config.workers} queries running for over "
                       f"{self.config.slot_wait:g} s; try again later") from None
        try:
            return await asyncio.wait_for(in_thread(fn), self.config.timeout)
        except asyncio.TimeoutError:
            raise TimedOut(f"{what} timed out after {self.config.timeout:g} s "
                           "(make it more selective, or start kg serve with a larger --timeout)") from None
        finally:
            slots.release()

    async def query(self, sparql: str, *, dataset: queries.Dataset, choice: Choice) -> queries.Answer:
        """Answer one query (see :func:`kg.serve.queries.run_query`)."""
        return await self._limited("query", lambda: queries.run_query(
            self.view.current(), sparql, dataset=dataset, choice=choice))

    async def graph(self, graph: str | None, fmt: str) -> queries.Answer | None:
        """Read one graph for the Graph Store Protocol (None: no such graph)."""
        return await self._limited("graph read", lambda: queries.read_graph(self.view.current(), graph, fmt))

    async def update(self, sparql: str) -> None:
        """Run one update, alone: no query runs meanwhile, and a store write is never cut short."""
        slots, writes = self._sync_primitives()
        async with writes:
            # Take every query slot first: no query starts while the store is being written.
            taken = 0
            try:
                for _ in range(max(1, self.config.workers)):
                    await slots.acquire()
                    taken += 1
                await in_thread(lambda: queries.run_write(self.view.current(), sparql))
            finally:
                for _ in range(taken):
                    slots.release()
