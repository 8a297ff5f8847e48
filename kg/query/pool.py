"""A pool of worker processes for a server: killable, fresh interpreters, one request each at a time.

Forking a process that runs threads (an HTTP server, a writer inside RocksDB) can leave a
lock held in the child forever, so a server does not fork per query. It keeps ``size``
worker processes instead, each a fresh ``python -m kg.query.pool STORE`` that opens the
store read-only, caps its own memory (``RLIMIT_AS``: its size after start-up plus
``max_memory``) and answers requests read as JSON lines on stdin with a length-prefixed
reply (the header line and body of :mod:`kg.query.worker`). No pickle crosses the pipe.

A request waits for an idle worker; the time it waits counts against its timeout. A
worker that overruns is killed (its CPU is freed at once) and replaced, in the background,
by a new one. A worker reopens the store when the store's files changed, so it answers
from the latest committed state.
"""
from __future__ import annotations

import json
import os
import queue
import selectors
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from kg.errors import QueryError, QueryTimeout
from kg.query.execute import Request
from kg.query.limits import DEFAULT_MAX_MEMORY
from kg.query.worker import decode_reply
from kg.store import Store

_START_TIMEOUT = 120.0
#: Seconds an update worker waits for the writer's lock its caller just released.
_RETAKE_WAIT = 30.0


class _Worker:
    """One worker process and its pipes."""

    def __init__(self, location: str, max_memory: int | None, *, mode: str = "r") -> None:
        self.stderr = tempfile.TemporaryFile()
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
        # The memory limit caps address space: glibc reserves 64 MiB more for each malloc arena
        # it adds when threads contend, which depends on timing. Two arenas keep it steady.
        env.setdefault("MALLOC_ARENA_MAX", "2")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kg.query.pool", location, str(max_memory or 0), mode],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.stderr, env=env, bufsize=0)
        self.ready = False

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for pipe in (self.proc.stdin, self.proc.stdout):
            if pipe is not None:
                pipe.close()

    def stderr_text(self) -> bytes:
        self.stderr.seek(0)
        return self.stderr.read(4096)

    def read_reply(self, deadline: float | None) -> bytes | None:
        """The next length-prefixed reply, or None when the deadline passed first."""
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        buf = bytearray()
        need: int | None = None
        with selectors.DefaultSelector() as sel:
            sel.register(fd, selectors.EVENT_READ)
            while need is None or len(buf) < need:
                wait = None if deadline is None else deadline - time.monotonic()
                if wait is not None and wait <= 0:
                    return None
                if not sel.select(wait):
                    continue
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    raise EOFError
                buf += chunk
                if need is None and b"\n" in buf:
                    size, _, rest = bytes(buf).partition(b"\n")
                    need, buf = int(size), bytearray(rest)
        return bytes(buf)


class WorkerPool:
    """``size`` worker processes answering queries on ``store`` (an on-disk store).

    Raises:
        QueryError: the store cannot be reopened by another process (memory, remote).
    """

    def __init__(self, store: Store, *, size: int = 2, max_memory: int | None = DEFAULT_MAX_MEMORY) -> None:
        if store.isolation != "reopen":
            raise QueryError(f"a worker pool needs a store another process can open, not {store.location}")
        self.location = store.location
        self.max_memory = max_memory
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = False
        self._lock = threading.Lock()
        self._all: set[_Worker] = set()
        for _ in range(max(1, size)):
            self._idle.put(self._spawn())

    def _spawn(self) -> _Worker:
        worker = _Worker(self.location, self.max_memory)
        with self._lock:
            self._all.add(worker)
        return worker

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` and put a fresh one in its place (in the background)."""
        worker.kill()
        with self._lock:
            self._all.discard(worker)
        if not self._closed:
            threading.Thread(target=self._refill, daemon=True).start()

    def _refill(self) -> None:
        worker = self._spawn()
        if self._closed:  # closed while it started
            worker.kill()
            with self._lock:
                self._all.discard(worker)
        else:
            self._idle.put(worker)

    def run(self, request: Request, *, timeout: float | None) -> tuple[str, bytes]:
        """Answer ``request`` on an idle worker within ``timeout`` seconds (waiting included).

        Raises:
            QueryTimeout: no answer in time; the worker was killed and is being replaced.
            QueryError: as :func:`kg.query.worker.decode_reply` reports.
        """
        deadline = None if not timeout else time.monotonic() + timeout
        try:
            worker = self._idle.get(timeout=None if deadline is None else max(0.0, deadline - time.monotonic()))
        except queue.Empty as exc:
            raise QueryTimeout(f"query timed out after {timeout:g} s waiting for a free worker", timeout) from exc
        try:
            assert worker.proc.stdin is not None
            worker.proc.stdin.write(json.dumps(request.to_json()).encode("utf-8") + b"\n")
            reply = worker.read_reply(deadline)
        except (OSError, EOFError, ValueError):
            reply = b""
        if reply is None:
            self._replace(worker)
            raise QueryTimeout(f"query timed out after {timeout:g} s and was stopped", timeout)
        if not reply:  # the worker died: out of memory, a crash
            status = worker.proc.wait()
            err = worker.stderr_text()
            self._replace(worker)
            decode_reply(b"", err, _wait_status(status), max_memory=self.max_memory, what="query")
        self._idle.put(worker)
        return decode_reply(reply, b"", 0, max_memory=self.max_memory, what="query")

    def pids(self) -> list[int]:
        """Process ids of the current workers."""
        with self._lock:
            return [w.proc.pid for w in self._all]

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.kill()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def run_update_in_worker(location: str, sparql: str, *, timeout: float | None,
                         max_memory: int | None) -> None:
    """Run a SPARQL Update on the store at ``location`` in a fresh worker process that opens it
    for writing; stop the worker after ``timeout`` seconds (counted from when the store is open).

    The caller must not hold the store's writer lock meanwhile (see ``Store.released``).
    Oxigraph applies an update in one transaction, committed at its end: a worker killed
    before that leaves the store exactly as it was.

    Raises:
        QueryTimeout: the update ran out of time; nothing was changed.
        QueryMemoryError: it needed more than ``max_memory``; nothing was changed.
        QueryError, StoreError: as the worker reports (invalid request, store busy).
    """
    worker = _Worker(location, max_memory, mode="w")
    try:
        ready = _reply_or_death(worker, time.monotonic() + _START_TIMEOUT, max_memory, "update")
        if ready is None:
            raise QueryError(f"the update worker did not open {location} within {_START_TIMEOUT:g} s")
        decode_reply(ready, b"", 0, max_memory=max_memory, what="update")  # raises if the open failed
        assert worker.proc.stdin is not None
        worker.proc.stdin.write(json.dumps({"sparql": sparql}).encode("utf-8") + b"\n")
        worker.proc.stdin.close()  # one request: the worker closes the store and exits after it
        reply = _reply_or_death(worker, None if not timeout else time.monotonic() + timeout, max_memory, "update")
        if reply is None:
            raise QueryTimeout(f"update timed out after {timeout:g} s and was stopped; the store is unchanged",
                               timeout)
        decode_reply(reply, b"", 0, max_memory=max_memory, what="update")
        worker.proc.wait()  # it closes the store: the caller may take it back
    finally:
        worker.kill()


def _reply_or_death(worker: _Worker, deadline: float | None, max_memory: int | None, what: str) -> bytes | None:
    """The worker's next reply; None when the deadline passed; raises why the worker died."""
    try:
        reply = worker.read_reply(deadline)
    except (OSError, EOFError, ValueError):
        reply = b""
    if reply == b"":
        status = worker.proc.wait()
        decode_reply(b"", worker.stderr_text(), _wait_status(status), max_memory=max_memory, what=what)
    return reply


def _wait_status(returncode: int) -> int:
    """A ``Popen.returncode`` as an ``os.waitpid`` status."""
    if returncode < 0:
        return -returncode  # killed by a signal: the low bits hold it
    return (returncode & 0xFF) << 8


# --- the worker process -------------------------------------------------------------------

def _stamp(path: Path) -> frozenset[tuple[str, int, int]]:
    """Changes whenever a write is committed to the store: name, inode and size of its data files.

    A commit appends to a write-ahead log (``*.log``) or adds SST files and a record to the
    MANIFEST (which ``CURRENT`` names); each changes a size, a name or an inode. Times are
    not used: file systems record them with a coarse clock, so two changes a few
    milliseconds apart can carry the same time.
    """
    try:
        with os.scandir(path) as entries:
            return frozenset((e.name, e.inode(), e.stat().st_size) for e in entries
                             if e.name.endswith((".log", ".sst")) or e.name.startswith(("MANIFEST-", "CURRENT")))
    except OSError:
        return frozenset()


def _serve_update(location: str, max_memory: int) -> None:
    """A writer worker: open the store for writing, say so, run each update request read."""
    from kg.query.worker import encode_reply, limit_memory
    from kg.rdf.ontology import PREFIXES
    from kg.store import open_store

    out = sys.stdout.buffer

    def reply(payload: bytes) -> None:
        out.write(b"%d\n" % len(payload) + payload)
        out.flush()

    opened: list[Store] = []

    def open_it() -> tuple[str, bytes]:
        opened.append(open_store(location, "w", wait=_RETAKE_WAIT))
        return "text/plain", b"ready"

    reply(encode_reply(open_it, None))
    if not opened:
        return
    limit_memory(max_memory or None)
    with opened[0] as store:
        for line in sys.stdin.buffer:
            sparql = json.loads(line)["sparql"]

            def update() -> tuple[str, bytes]:
                store.update(sparql, prefixes=PREFIXES)
                return "text/plain", b"updated"

            reply(encode_reply(update, max_memory or None, "update"))


def _serve(location: str, max_memory: int) -> None:
    from kg.query.execute import execute
    from kg.query.worker import encode_reply, limit_memory
    from kg.store import open_store

    path = Path(location)
    stamp = _stamp(path)
    current = [open_store(path, "r")]
    limit_memory(max_memory or None)
    out = sys.stdout.buffer

    def answer(request: Request) -> tuple[str, bytes]:
        nonlocal stamp
        if _stamp(path) != stamp:  # the store changed: read its latest committed state
            new_stamp = _stamp(path)
            fresh = open_store(path, "r")  # if this fails, the old snapshot stays and is retried
            current[0].close()
            current[0], stamp = fresh, new_stamp
        return execute(current[0], request)

    for line in sys.stdin.buffer:
        request = Request.from_json(json.loads(line))
        payload = encode_reply(lambda: answer(request), max_memory or None)
        out.write(b"%d\n" % len(payload) + payload)
        out.flush()


if __name__ == "__main__":
    if sys.argv[3:] == ["w"]:
        _serve_update(sys.argv[1], int(sys.argv[2]))
    else:
        _serve(sys.argv[1], int(sys.argv[2]))
