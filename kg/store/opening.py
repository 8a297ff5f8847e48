"""Read-only Oxigraph handles that open cheaply, for a process that opens one after another.

Opening a handle on a store of a few dozen table files costs RocksDB about 10 ms of CPU and
about 190 new threads. The windowed dump (:mod:`kg.store.windowed_dump`) opens a handle for
every window, through :func:`lean_opening`, which cuts that to about 2 ms.
"""
from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

#: pyoxigraph gives RocksDB the soft ``RLIMIT_NOFILE`` less 48 descriptors kept for other uses
#: as ``max_open_files``, and refuses to open with fewer than 48 for RocksDB.
_OXIGRAPH_FD_RESERVE = 48
_OXIGRAPH_MIN_OPEN_FILES = 48
#: Of ``max_open_files``, RocksDB keeps 10 for files other than tables; the rest is its table cache.
_ROCKSDB_OTHER_FILES = 10
#: Stack of the threads RocksDB starts while a handle opens (glibc's default is 8 MiB, musl's 128 KiB).
_OPENING_THREAD_STACK = 256 * 1024
#: Bytes enough for a ``pthread_attr_t`` on every glibc platform (56 on x86-64, 64 on arm64).
_PTHREAD_ATTR_SIZE = 128


def _libc() -> Any:
    """glibc, when the process runs on it (None elsewhere)."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        libc = ctypes.CDLL(None)
        libc.pthread_getattr_default_np, libc.pthread_setattr_default_np  # noqa: B018 - glibc only
    except (OSError, AttributeError):
        return None
    return libc


@contextmanager
def lean_opening(path: Path, *, small_stacks: bool = False) -> Iterator[None]:
    """While a read-only handle opens: a table cache just large enough (and small thread stacks).

    Opening a handle, RocksDB reads table files on 16 new threads per column family until a
    quarter of its table cache (at most 16 files) is loaded; pyoxigraph sizes that cache from
    the soft ``RLIMIT_NOFILE`` (tens of thousands of files here). With a cache of room for
    the store's own table files (at least pyoxigraph's minimum), fewer tables and threads are
    opened up front, and the rest of the tables open when first read: about 6 ms of CPU
    instead of 10 for a store of a million quads. With ``small_stacks`` (for a process that
    opens handle after handle), the threads get 256 KiB stacks, which glibc keeps for the
    next opening instead of mapping 8 MiB for each: a reopening then costs about 2 ms. Both
    are process-wide settings, so they are changed only while this is the process's one thread,
    and put back as soon as the handle is open.
    """
    if not sys.platform.startswith("linux") or threading.active_count() != 1:
        yield
        return
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    tables = sum(1 for name in os.listdir(path) if name.endswith(".sst"))
    in_use = len(os.listdir("/proc/self/fd"))
    room = max(_OXIGRAPH_MIN_OPEN_FILES, tables + _ROCKSDB_OTHER_FILES + 1)
    lean = room + max(_OXIGRAPH_FD_RESERVE, in_use + 16)
    libc = _libc() if small_stacks else None
    stacks = False
    if libc is not None:
        import ctypes

        saved = ctypes.create_string_buffer(_PTHREAD_ATTR_SIZE)
        small = ctypes.create_string_buffer(_PTHREAD_ATTR_SIZE)
        stacks = (libc.pthread_getattr_default_np(saved) == 0 and libc.pthread_attr_init(small) == 0
                  and libc.pthread_attr_setstacksize(small, ctypes.c_size_t(_OPENING_THREAD_STACK)) == 0)
    try:
        if lean < soft:
            resource.setrlimit(resource.RLIMIT_NOFILE, (lean, hard))
        if stacks:
            libc.pthread_setattr_default_np(small)
        yield
    finally:
        if stacks:
            libc.pthread_setattr_default_np(saved)
            libc.pthread_attr_destroy(small)
            libc.pthread_attr_destroy(saved)
        if lean < soft:
            resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
