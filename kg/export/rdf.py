"""Writing the whole store as RDF, streamed: memory stays flat however large the store is.

N-Quads from an embedded store come straight from Oxigraph's own dump; every other case
streams the store's quads through Oxigraph's serialiser into the file.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from kg.errors import ConfigError, ExportError
from kg.rdf import ontology as o
from kg.rdf.quads import QUAD_FORMATS, RDF_FORMATS
from kg.store import Store


class _LineCounter:
    """A binary file wrapper counting the lines written (one per statement in N-Quads)."""

    def __init__(self, fh: IO[bytes]) -> None:
        self.fh, self.lines = fh, 0

    def write(self, data: bytes) -> int:
        self.lines += data.count(b"\n")
        return self.fh.write(data)

    def flush(self) -> None:
        self.fh.flush()


def _counted(items: Iterator[ox.Quad], seen: list[int]) -> Iterator[ox.Quad]:
    for n, q in enumerate(items, 1):
        seen[0] = n
        yield q


def stream_rdf(store: Store, fmt: str, output: IO[bytes]) -> int:
    """Write every quad of ``store`` to ``output`` in ``fmt``; return the number of quads.

    Triple formats (nt, ttl, xml) merge the named graphs into one graph.

    Raises:
        ConfigError: unknown format.
    """
    try:
        rdf_format = RDF_FORMATS[fmt]
    except KeyError:
        raise ConfigError(f"unknown RDF format '{fmt}'; choose one of {', '.join(RDF_FORMATS)}") from None
    dump = getattr(store, "dump", None)
    if fmt == "nq" and callable(dump):
        counter = _LineCounter(output)
        dump(counter, rdf_format)
        return counter.lines
    seen = [0]
    quads = _counted(iter(store.quads()), seen)
    items = quads if fmt in QUAD_FORMATS else (ox.Triple(q.subject, q.predicate, q.object) for q in quads)
    prefixes = o.PREFIXES if fmt in ("ttl", "trig", "xml", "jsonld") else None
    ox.serialize(items, output, rdf_format, prefixes=prefixes)
    return seen[0]


def write_rdf(store: Store, fmt: str, path: str | Path) -> int:
    """Write every quad of ``store`` to ``path`` in ``fmt`` (atomically); return the number of quads.

    Raises:
        ConfigError: unknown format.
        ExportError: the file cannot be written.
    """
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as fh:
            n = stream_rdf(store, fmt, fh)
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return n
