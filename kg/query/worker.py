"""Run a request where it can be killed: in a child process with a time and a memory limit.

pyoxigraph holds the GIL and cannot be interrupted, so a thread that gives up on a query
leaves it burning a CPU. Here each request runs in a child process forked for it, which
opens the store again read-only (on disk) or inherits it (in memory, where a fork is the
only way another process can see the data). The parent waits for the child's answer; on
timeout it kills the child, which frees the CPU at once, and raises :class:`QueryTimeout`.

The child limits its own address space (``RLIMIT_AS``) to what it had plus ``max_memory``:
a query that needs more fails inside the child, which dies with a one-line error; the
store, opened read-only by the child, is untouched. A crash of the query engine (a stack
overflow on pathological input) kills only the child.

The answer comes back over a pipe as a JSON header line and the serialised result (no
pickle). Forking is safe while the parent runs no Oxigraph work of its own in other
threads: the CLI and the Python API are single-threaded; a multi-threaded server uses
:class:`WorkerPool` (fresh interpreters, nothing inherited) for on-disk stores. Without
``os.fork`` (Windows) requests run in the calling thread, without limits.
"""
from __future__ import annotations

import json
import os
import selectors
import signal
import time
import traceback
from collections.abc import Callable

from kg import errors

#: What a process under an address-space limit prints when an allocation fails (Rust, Python, C++, libc).
_OUT_OF_MEMORY = ("memory allocation", "MemoryError", "std::bad_alloc", "Cannot allocate memory")

#: Bytes of a child's stderr kept to explain how it died.
_STDERR_KEEP = 4096


class RemoteTraceback(Exception):
    """The traceback of an error raised in a worker process (shown with ``KG_DEBUG=1``)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


def can_fork() -> bool:
    return hasattr(os, "fork")


def run_forked(work: Callable[[], tuple[str, bytes]], *, timeout: float | None, max_memory: int | None,
               what: str = "query") -> tuple[str, bytes]:
    """Run ``work`` in a forked child; return its ``(media type, bytes)``.

    Raises:
        QueryTimeout: ``timeout`` seconds passed; the child was killed.
        QueryMemoryError: the child needed more than ``max_memory`` bytes.
        QueryTooComplex: the query engine crashed (stack overflow).
        KgError: whatever kg error ``work`` raised in the child, rebuilt in the parent.
    """
    if not can_fork():
        return work()
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(out_r)
        os.close(err_r)
        _child(work, out_w, err_w, max_memory, what)
    os.close(out_w)
    os.close(err_w)
    try:
        out, err, timed_out = _collect(out_r, err_r, timeout)
    except BaseException:
        _kill(pid)
        raise
    finally:
        os.close(out_r)
        os.close(err_r)
    if timed_out:
        _kill(pid)
        unchanged = "; the store is unchanged" if what == "update" else ""
        raise errors.QueryTimeout(f"{what} timed out after {timeout:g} s and was stopped{unchanged}", timeout)
    _, status = os.waitpid(pid, 0)
    return decode_reply(out, err, status, max_memory=max_memory, what=what)


def _child(work: Callable[[], tuple[str, bytes]], out_w: int, err_w: int, max_memory: int | None,
           what: str) -> None:
    code = 0
    try:
        import faulthandler

        faulthandler.disable()  # a crash is reported by the parent, from the exit status
        os.dup2(err_w, 2)
        _close_inherited(keep={out_w, err_w})
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        limit_memory(max_memory)
        payload = encode_reply(work, max_memory, what)
        _write_all(out_w, payload)
    except BaseException:  # noqa: BLE001 - the child reports through its exit code
        code = 70
    finally:
        os._exit(code)


def _close_inherited(keep: set[int]) -> None:
    """Close the parent's descriptors (a server's sockets, its store's files) in the child.

    The child must not hold a client's connection or the listening socket open after the
    parent closed them; it opens whatever it needs itself.
    """
    low = 3
    for fd in sorted(keep):
        if fd >= low:
            os.closerange(low, fd)
            low = fd + 1
    os.closerange(low, 1 << 16)


def encode_reply(work: Callable[[], tuple[str, bytes]], max_memory: int | None, what: str = "query") -> bytes:
    """Run ``work`` and encode its answer or its error as a header line plus the body."""
    try:
        media, body = work()
        header: dict[str, object] = {"ok": True, "media": media}
    except errors.KgError as exc:
        header, body = _error_header(exc), b""
    except MemoryError as exc:
        header, body = _error_header(_memory_error(max_memory, what), exc), b""
    except RecursionError as exc:
        header, body = _error_header(errors.QueryTooComplex("query too deeply nested to evaluate"), exc), b""
    except Exception as exc:  # noqa: BLE001 - reported to the parent as a query failure
        header = _error_header(errors.QueryError(f"query failed: {type(exc).__name__}: {exc}"), exc)
        body = b""
    return json.dumps(header).encode("utf-8") + b"\n" + body


def _error_header(exc: errors.KgError, cause: BaseException | None = None) -> dict[str, object]:
    attrs = {k: getattr(exc, k) for k in ("line", "column", "feature", "operation", "seconds", "limit")
             if getattr(exc, k, None) is not None}
    return {"ok": False, "type": type(exc).__name__, "message": str(exc), "attrs": attrs,
            "trace": "".join(traceback.format_exception(cause or exc))}


def decode_reply(out: bytes, err: bytes, status: int, *, max_memory: int | None, what: str) -> tuple[str, bytes]:
    """The child's answer, or the kg error it reported, or why it died."""
    head, sep, body = out.partition(b"\n")
    if sep:
        header = json.loads(head)
        if header.get("ok"):
            return str(header["media"]), body
        cls = getattr(errors, str(header.get("type")), errors.QueryError)
        if not (isinstance(cls, type) and issubclass(cls, errors.KgError)):
            cls = errors.QueryError
        exc = cls(str(header.get("message")))
        for key, value in dict(header.get("attrs") or {}).items():
            setattr(exc, key, value)
        raise exc from RemoteTraceback(header.get("trace", ""))
    stderr = err.decode("utf-8", "replace")
    sig = -status if status < 0 else (os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0)
    if any(sign in stderr for sign in _OUT_OF_MEMORY) or "out of memory" in stderr.lower():
        raise _memory_error(max_memory, what) from RemoteTraceback(stderr)
    if "overflow" in stderr or sig == signal.SIGSEGV:
        raise errors.QueryTooComplex(f"query too deeply nested: the query engine ran out of stack and "
                                     f"its worker stopped") from RemoteTraceback(stderr)
    how = f"signal {sig}" if sig else f"exit code {os.WEXITSTATUS(status) if os.WIFEXITED(status) else status}"
    first = next((line for line in stderr.splitlines() if line.strip()), "")
    raise errors.QueryError(f"{what} failed: its worker process stopped ({how})"
                            + (f": {first[:200]}" if first else "")) from RemoteTraceback(stderr)


def _memory_error(max_memory: int | None, what: str = "query") -> errors.QueryMemoryError:
    limit = f" ({max_memory / 2**20:,.0f} MiB)" if max_memory else ""
    return errors.QueryMemoryError(f"{what} needed more memory than its limit{limit} and was stopped; "
                                   "the store is unchanged", max_memory)


def limit_memory(max_memory: int | None) -> None:
    """Cap this process's address space at its current size plus ``max_memory`` bytes."""
    if not max_memory:
        return
    try:
        import resource
    except ImportError:  # not on this platform
        return
    size = _address_space()
    if size is None:
        return
    cap = size + max_memory
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def _address_space() -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def _collect(out_r: int, err_r: int, timeout: float | None) -> tuple[bytes, bytes, bool]:
    """Read both pipes to their end; ``timed_out`` when the deadline passed first."""
    deadline = None if not timeout else time.monotonic() + timeout
    out: list[bytes] = []
    err = bytearray()
    sel = selectors.DefaultSelector()
    sel.register(out_r, selectors.EVENT_READ, "out")
    sel.register(err_r, selectors.EVENT_READ, "err")
    open_fds = 2
    try:
        while open_fds:
            wait = None if deadline is None else deadline - time.monotonic()
            if wait is not None and wait <= 0:
                return b"".join(out), bytes(err), True
            for key, _ in sel.select(wait):
                chunk = os.read(key.fd, 1 << 16)
                if not chunk:
                    sel.unregister(key.fd)
                    open_fds -= 1
                elif key.data == "out":
                    out.append(chunk)
                elif len(err) < _STDERR_KEEP:
                    err += chunk[: _STDERR_KEEP - len(err)]
    finally:
        sel.close()
    return b"".join(out), bytes(err), False


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]
