"""N-Quads and N-Triples dumps of an on-disk Oxigraph store whose memory stays flat.

One RocksDB handle that reads a whole store fills its block cache (32 MB, which pyoxigraph
does not let one lower) and its table readers: a dump through one handle ends with the
process 2x larger than the store opened idle. Here the store is read a window of graphs at
a time, each window through its own short-lived read-only handle, so memory never holds
more than one window's blocks. Each graph is dumped by Oxigraph's own serialiser, by as many
threads as the process has cores (up to 4) through the window's one handle, and written in order.
Reopening is kept cheap (see :func:`kg.store.opening.lean_opening`).

The windows page through the named graphs with SPARQL ``LIMIT``/``OFFSET``, which Oxigraph
skips without decoding a name. Pages are only consistent while the store stays as it was:
if a writer changes the store's files between two windows, :class:`StoreChanged` is raised
and the caller dumps again from one snapshot.
"""
from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from kg.store.opening import lean_opening

#: Graphs read through one handle. A window's share of the block cache is mostly the blocks of
#: the terms its quads name, scattered over the term table: about 0.15 MB per article graph on a
#: million-quad store, against about 2 ms of CPU for each reopening. Measured on that store (peak
#: RSS, CPU of the whole command on 2 cores): 16 graphs 40 MB, 10.5-11.2 s; 24 graphs 41 MB,
#: 8.5-8.7 s; 32 graphs 42 MB, 8.2 s; 48 graphs 44 MB, 8.0 s. The store opened idle as kg opens
#: it: 35 MB; ``Store.dump``: 80 MB, 5.9-6.2 s.
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
    import ctypes

    try:
        libc = ctypes.CDLL(None)
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc (musl has no mallopt)
        return
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt(_M_ARENA_MAX, 1)


def _open(path: Path, open_store) -> ox.Store:
    with lean_opening(path, small_stacks=True):
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
