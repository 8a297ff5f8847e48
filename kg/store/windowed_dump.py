"""N-Quads and N-Triples dumps of an on-disk Oxigraph store whose memory stays flat.

One RocksDB handle that reads a whole store fills its block cache (32 MB, which pyoxigraph
does not let one lower) and its table readers: a dump through one handle ends with the
process 2x larger than the store opened idle. Here the store is read a window of graphs at
a time, each window through its own short-lived read-only handle, so memory never holds
more than one window's blocks. Each graph is dumped by Oxigraph's own serialiser.

The windows page through the named graphs with SPARQL ``LIMIT``/``OFFSET``, which Oxigraph
skips without decoding a name. Pages are only consistent while the store stays as it was:
if a writer changes the store's files between two windows, :class:`StoreChanged` is raised
and the caller dumps again from one snapshot.
"""
from __future__ import annotations

import ctypes
import os
import sys
from pathlib import Path
from typing import IO

import pyoxigraph as ox

#: Graphs read through one handle. A window's share of the block cache is mostly the blocks of
#: the terms its quads name, scattered over the term table: about 0.2 MB per article graph on a
#: million-quad store, against about 9 ms of CPU for each reopening (RocksDB starts ~190 threads).
WINDOW_GRAPHS = 16

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
                    open_store=ox.Store.read_only) -> int:
    """Write every quad (``quads``) or triple of the store at ``path`` to ``output``; return the line count.

    Lines are N-Quads (or N-Triples), the default graph first, then graph by graph.

    Raises:
        StoreChanged: a writer changed the store during the dump (``output`` holds a partial dump).
        OSError: the store cannot be read or ``output`` written.
    """
    use_one_malloc_arena()
    state = store_state(path)
    lines = 0
    db = open_store(str(path))
    data = db.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    lines += data.count(b"\n")
    output.write(data)
    offset = 0
    while True:
        names = [row[0] for row in db.query(_PAGE.format(limit=window, offset=offset))]
        for graph in names:
            data = db.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
            if quads:
                # A raw line feed only ends a line in N-Triples (literals escape theirs), and every
                # line ends with " .": the graph name goes just before that end.
                data = data.replace(b" .\n", b" " + str(graph).encode() + b" .\n")
            lines += data.count(b"\n")
            output.write(data)
        if len(names) < window:
            return lines
        offset += window
        del db  # closes the handle: its cached blocks are freed and reused by the next one
        if store_state(path) != state:
            raise StoreChanged(str(path))
        db = open_store(str(path))
