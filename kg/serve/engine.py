"""Query slots and time limits for the asynchronous endpoint.

At most ``workers`` requests are evaluated at once; a request waits up to ``queue_wait``
seconds for a slot (then 503, "busy"). Each query goes through kg's query path, which runs
it in a worker process and kills that process after ``timeout`` seconds or when it needs
more than ``max_memory``: a timed-out query frees its slot and its CPU. For a store on disk
the workers are a :class:`~kg.query.pool.WorkerPool` of ``workers`` fresh processes (a
threaded server must not fork), which reopen the store when other processes changed it, so
answers follow the store as it is now; an in-memory store is queried in a forked child.

Updates run alone: an update takes every slot first, so no query worker is started while
the store is being written. An update has the same time and memory limits as a query (its
worker is stopped, and the store left as it was, when it overruns).
"""
from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import TypeVar

from kg.errors import QueryError
from kg.query.pool import WorkerPool
from kg.serve import queries
from kg.serve.config import ServeConfig
from kg.serve.negotiate import Choice
from kg.store import Store

T = TypeVar("T")

#: Seconds past the time limit before the endpoint stops waiting for the query path itself.
_GRACE = 10.0


class Busy(QueryError):
    """Every query slot stayed taken for longer than the queue wait."""


class TimedOut(QueryError):
    """The query path did not answer within the time limit plus a grace period."""


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
            # Drop the traceback here: its frames may hold Oxigraph objects, which must be
            # released on the thread that made them.
            exc.__context__ = exc.__cause__ = None
            value, ok = exc.with_traceback(None), False
        try:
            loop.call_soon_threadsafe(settle, ok, value)
        except RuntimeError:
            pass  # the loop closed while this request ran

    threading.Thread(target=work, name="kg-serve-request", daemon=True).start()
    return await future


class Engine:
    """Runs the endpoint's queries and updates within its slots and limits."""

    def __init__(self, store: Store, config: ServeConfig) -> None:
        self.store = store
        self.config = config
        self.pool = (WorkerPool(store, size=max(1, config.workers), max_memory=config.max_memory)
                     if store.isolation == "reopen" else None)
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
        limit = None if self.config.timeout is None else self.config.timeout + _GRACE
        try:
            return await asyncio.wait_for(in_thread(fn), limit)
        except asyncio.TimeoutError:
            raise TimedOut(f"{what} timed out after {self.config.timeout:g} s") from None
        finally:
            slots.release()

    async def query(self, sparql: str, *, dataset: queries.Dataset, choice: Choice) -> queries.Answer:
        """Answer one query (see :func:`kg.serve.queries.run_query`)."""
        return await self._limited("query", lambda: queries.run_query(
            self.store, sparql, dataset=dataset, choice=choice, timeout=self.config.timeout,
            max_memory=self.config.max_memory, pool=self.pool))

    async def graph(self, graph: str | None, fmt: str) -> queries.Answer | None:
        """Read one graph for the Graph Store Protocol (None: no such graph)."""
        return await self._limited("graph read", lambda: queries.read_graph(
            self.store, graph, fmt, timeout=self.config.timeout, max_memory=self.config.max_memory, pool=self.pool))

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
                await in_thread(lambda: queries.run_write(self.store, sparql, timeout=self.config.timeout,
                                                          max_memory=self.config.max_memory))
            finally:
                for _ in range(taken):
                    slots.release()

    def close(self) -> None:
        """Stop the worker processes."""
        if self.pool is not None:
            self.pool.close()
