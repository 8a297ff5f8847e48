"""N-Quads and N-Triples dumps of an on-disk Oxigraph store whose memory stays flat.

One RocksDB handle that reads a whole store fills its block cache (32 MB, which pyoxigraph
does not let one lower) and its table readers: a dump through one handle ends with the
process 2x larger than the store opened idle. Here the store is read a window of graphs at
a time, each window through its own short-lived read-only handle, so memory never holds
more than one window's blocks. Each graph is dumped by Oxigraph's own serialiser, by as many
threads as the process has cores (up to 4) through the window's one handle, and written in order.
Reopening is kept cheap (see :func:`_lean_opening`).

The windows page through the named graphs with SPARQL ``LIMIT``/``OFFSET``, which Oxigraph
skips without decoding a name. Pages are only consistent while the store stays as it was:
if a writer changes the store's files between two windows, :class:`StoreChanged` is raised
and the caller dumps again from one snapshot.
"""
from __future__ import annotations

import ctypes
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import pyoxigraph as ox

#: Graphs read through one handle. A window's share of the block cache is mostly the blocks of
#: the terms its quads name, scattered over the term table: about 0.15 MB per article graph on a
#: million-quad store, against about 2 ms of CPU for each reopening. Measured on that store (peak
#: RSS, CPU): 16 graphs 44 MB, 9.2 s; 24 graphs 45-46 MB, 8.3 s; 32 graphs 46-47 MB, 8.0-8.3 s;
#: 48 graphs 48 MB, 7.9 s; ``Store.dump`` 80 MB, 6.2-6.7 s; the store opened idle 40 MB.
WINDOW_GRAPHS = 24

#: Files of a RocksDB folder whose names and sizes change with every committed write.
_STATE_SUFFIXES = (".sst", ".log")
_STATE_PREFIXES = ("MANIFEST-", "CURRENT")

_PAGE = "SELECT ?g WHERE {{ GRAPH ?g {{ }} }} LIMIT {limit} OFFSET {offset}"


#: glibc's ``mallopt`` parameter for the number of malloc arenas.
_M_ARENA_MAX = -8


def use_one_malloc_arena() -> None:
    """Make glibc's threads share one malloc arena from now on (no-op elsewhere).

    RocksDB opens table files on threads of its own; each new thread gets a malloc arena of
    its own, and memory freed into an arena is seldom returned to the system. Reopening the
    store every window would spread table readers over new arenas and let memory creep up.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None)
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc (musl has no mallopt)
        return
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt(_M_ARENA_MAX, 1)


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


def _libc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None)
        libc.pthread_getattr_default_np, libc.pthread_setattr_default_np  # noqa: B018 - glibc only
    except (OSError, AttributeError):
        return None
    return libc


@contextmanager
def _lean_opening(path: Path) -> Iterator[None]:
    """While a read-only handle opens: a table cache just large enough, and small thread stacks.

    Opening a handle, RocksDB reads table files on 16 new threads per column family until a
    quarter of its table cache (at most 16 files) is loaded; pyoxigraph sizes that cache from
    the soft ``RLIMIT_NOFILE`` (tens of thousands of files here). With a cache of room for
    the store's own table files (at least pyoxigraph's minimum), fewer tables and threads are
    opened up front, and the rest of the tables open when first read; glibc keeps the small
    stacks of finished threads for the next opening instead of mapping 8 MiB for each. Both
    are process-wide settings, so they are changed only while this is the process's one thread,
    and put back as soon as the handle is open. This cuts a reopening from about 6 to 2 ms of CPU.
    """
    libc = _libc()
    if libc is None or threading.active_count() != 1:
        yield
        return
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    tables = sum(1 for name in os.listdir(path) if name.endswith(".sst"))
    in_use = len(os.listdir("/proc/self/fd"))
    room = max(_OXIGRAPH_MIN_OPEN_FILES, tables + _ROCKSDB_OTHER_FILES + 1)
    lean = room + max(_OXIGRAPH_FD_RESERVE, in_use + 16)
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


def _open(path: Path, open_store) -> ox.Store:
    with _lean_opening(path):
        return open_store(str(path))


class StoreChanged(Exception):
    """The store's files changed between two windows: the pages no longer line up."""


def store_state(path: Path) -> tuple[tuple[str, int], ...]:
    """Names and sizes of the files a write changes (the write-ahead log grows with each one)."""
    entries = []
    with os.scandir(path) as it:
        for entry in it:
            if entry.name.endswith(_STATE_SUFFIXES) or entry.name.startswith(_STATE_PREFIXES):
                try:
                    entries.append((entry.name, entry.stat().st_size))
                except FileNotFoundError:  # removed by a compaction this instant: a change
                    entries.append((entry.name, -1))
    return tuple(sorted(entries))


def dump_in_windows(path: Path, output: IO[bytes], *, quads: bool, window: int = WINDOW_GRAPHS,
                    open_store=ox.Store.read_only, readers: int | None = None) -> int:
    """Write every quad (``quads``) or triple of the store at ``path`` to ``output``; return the line count.

    Lines are N-Quads (or N-Triples), the default graph first, then graph by graph.
    ``readers`` threads dump each window's graphs (default: the process's cores, up to 4).

    Raises:
        StoreChanged: a writer changed the store during the dump (``output`` holds a partial dump).
        OSError: the store cannot be read or ``output`` written.
    """
    use_one_malloc_arena()
    state = store_state(path)
    lines = 0
    db = _open(path, open_store)
    data = db.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    lines += data.count(b"\n")
    output.write(data)
    offset = 0
    readers = readers or _readers()
    while True:
        names = [row[0] for row in db.query(_PAGE.format(limit=window, offset=offset))]
        for data in _read_window(db, names, quads, readers):
            lines += data.count(b"\n")
            output.write(data)
        if len(names) < window:
            return lines
        offset += window
        del db  # closes the handle: its cached blocks are freed and reused by the next one
        if store_state(path) != state:
            raise StoreChanged(str(path))
        db = _open(path, open_store)


def _readers() -> int:
    """Threads that dump a window's graphs side by side: the cores this process may use, up to 4."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(4, cores))


def _dump_graph(db: ox.Store, graph: ox.NamedNode | ox.BlankNode, quads: bool) -> bytes:
    data = db.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
    if quads:
        # A raw line feed only ends a line in N-Triples (literals escape theirs), and every line
        # ends with " .": the graph name goes just before that end.
        data = data.replace(b" .\n", b" " + str(graph).encode() + b" .\n")
    return data


def _read_window(db: ox.Store, names: list, quads: bool, readers: int) -> Iterator[bytes]:
    """The window's graphs, each dumped by Oxigraph, in ``names`` order, each as soon as it is read.

    Oxigraph dumps without holding Python's GIL, so ``readers`` threads dump graphs of the
    window through the one handle side by side (they share its block cache: memory is that
    of one window). The threads end with the window, so a reopening finds the process alone.
    """
    if readers == 1 or len(names) < 2:
        for graph in names:
            yield _dump_graph(db, graph, quads)
        return
    ready: dict[int, bytes] = {}
    failed: list[BaseException] = []
    cond = threading.Condition()

    def read(first: int) -> None:
        try:
            for i in range(first, len(names), readers):
                data = _dump_graph(db, names[i], quads)
                with cond:
                    ready[i] = data
                    cond.notify()
        except BaseException as exc:  # noqa: BLE001 - raised again in the calling thread
            with cond:
                failed.append(exc)
                cond.notify()

    threads = [threading.Thread(target=read, args=(k,), daemon=True) for k in range(min(readers, len(names)))]
    for t in threads:
        t.start()
    try:
        for i in range(len(names)):
            with cond:
                cond.wait_for(lambda i=i: i in ready or failed)
                if failed:
                    raise failed[0]
                data = ready.pop(i)
            yield data
    finally:
        for t in threads:
            t.join()
