"""The on-disk store's N-Quads / N-Triples dump, read a window of graphs at a time.

It must write exactly the lines of Oxigraph's one-pass dump, whatever the literals hold,
and never mix two states of a store that a writer changes meanwhile.
"""
from __future__ import annotations

import io

import pyoxigraph as ox
import pytest

from kg.errors import StoreError
from kg.store import open_store
from kg.store.windowed_dump import StoreChanged, dump_in_windows

EX = "http://example.org/"
TRICKY = [
    "ends like a line .\nand goes on",  # a raw line feed after " ." inside a literal
    'quotes " and a backslash \\ and a tab \t',
    "multi\r\nline\rtext",
    "ünïcödé and emoji \U0001F600",
    " .",
    "",
]


def _quads() -> list[ox.Quad]:
    quads = []
    for i in range(11):  # more graphs than two windows of 4
        g = ox.NamedNode(f"{EX}article/{i}")
        s = ox.NamedNode(f"{EX}entity/{i}")
        quads.append(ox.Quad(s, ox.NamedNode(f"{EX}label"), ox.Literal(TRICKY[i % len(TRICKY)]), g))
        quads.append(ox.Quad(s, ox.NamedNode(f"{EX}near"), ox.NamedNode(f"{EX}entity/{(i + 1) % 11}"), g))
        quads.append(ox.Quad(s, ox.NamedNode(f"{EX}count"), ox.Literal(str(i), datatype=ox.NamedNode(
            "http://www.w3.org/2001/XMLSchema#integer")), g))
        quads.append(ox.Quad(s, ox.NamedNode(f"{EX}said"), ox.Literal(f"texte {i}", language="fr"), g))
    # the same triple in two graphs, and a triple in the default graph
    quads.append(ox.Quad(ox.NamedNode(f"{EX}entity/0"), ox.NamedNode(f"{EX}near"), ox.NamedNode(f"{EX}entity/1"),
                         ox.NamedNode(f"{EX}article/5")))
    quads.append(ox.Quad(ox.NamedNode(f"{EX}entity/0"), ox.NamedNode(f"{EX}kind"), ox.Literal("default"),
                         ox.DefaultGraph()))
    return quads


@pytest.fixture
def store_dir(tmp_path):
    path = tmp_path / "store"
    db = ox.Store(str(path))
    db.extend(_quads())
    db.flush()
    del db
    return path


def _one_pass(path, fmt) -> list[bytes]:
    db = ox.Store.read_only(str(path))
    if fmt == ox.RdfFormat.N_QUADS:
        return sorted(db.dump(format=fmt).splitlines())
    out = b"".join(db.dump(format=fmt, from_graph=g) for g in [ox.DefaultGraph(), *db.named_graphs()])
    return sorted(out.splitlines())


@pytest.mark.parametrize("window", [1, 4, 100])
@pytest.mark.parametrize("readers", [1, 3])
def test_same_lines_as_oxigraphs_dump(store_dir, window, readers):
    buf = io.BytesIO()
    n = dump_in_windows(store_dir, buf, quads=True, window=window, readers=readers)
    assert n == len(_quads()) == buf.getvalue().count(b"\n")
    assert sorted(buf.getvalue().splitlines()) == _one_pass(store_dir, ox.RdfFormat.N_QUADS)
    assert set(ox.parse(buf.getvalue(), format=ox.RdfFormat.N_QUADS)) == set(_quads())


def test_triples_keep_every_graphs_copy(store_dir):
    buf = io.BytesIO()
    assert dump_in_windows(store_dir, buf, quads=False, window=3) == len(_quads())
    assert sorted(buf.getvalue().splitlines()) == _one_pass(store_dir, ox.RdfFormat.N_TRIPLES)


def test_a_writer_between_two_windows_is_noticed(store_dir):
    opened = []

    def open_and_write(path):
        opened.append(path)
        if len(opened) == 1:  # the first window is being read: another process writes meanwhile
            writer = ox.Store(path)
            writer.add(ox.Quad(ox.NamedNode(f"{EX}late"), ox.NamedNode(f"{EX}p"), ox.Literal("x"),
                               ox.NamedNode(f"{EX}article/late")))
            del writer
        return ox.Store.read_only(path)

    with pytest.raises(StoreChanged):
        dump_in_windows(store_dir, io.BytesIO(), quads=True, window=4, open_store=open_and_write)
    assert len(opened) == 1  # refused before a second window was read


def test_the_store_dumps_again_from_one_snapshot_when_changed(store_dir, monkeypatch):
    """A seekable output is rewritten whole; a stream is refused rather than left mixed."""
    import kg.store.windowed_dump as wd

    def first_window_then_changed(path, output, **_kw):
        output.write(b"partial\n")
        raise StoreChanged(str(path))

    with open_store(store_dir) as st:
        monkeypatch.setattr(wd, "dump_in_windows", first_window_then_changed)
        buf = io.BytesIO()
        buf.write(b"# header\n")
        assert st.dump(buf, "nq") == len(_quads())
        head, _, body = buf.getvalue().partition(b"\n")
        assert head == b"# header"
        assert b"partial" not in body
        assert set(ox.parse(body, format=ox.RdfFormat.N_QUADS)) == set(_quads())

        class Stream(io.RawIOBase):
            def writable(self):
                return True

            def write(self, b):
                return len(b)

        with pytest.raises(StoreError, match="changed during the nq dump; run it again"):
            st.dump(Stream(), "nq")
        assert len(st) == len(_quads())  # the store's own handle is open again


def test_export_command_writes_the_windowed_dump(store_dir, tmp_path):
    from kg.export.rdf import write_rdf

    with open_store(store_dir) as st:
        assert write_rdf(st, "nq", tmp_path / "out.nq") == len(_quads())
    assert sorted((tmp_path / "out.nq").read_bytes().splitlines()) == _one_pass(store_dir, ox.RdfFormat.N_QUADS)


def test_graphs_read_side_by_side_are_written_in_store_order(store_dir):
    one, three = io.BytesIO(), io.BytesIO()
    dump_in_windows(store_dir, one, quads=True, window=4, readers=1)
    dump_in_windows(store_dir, three, quads=True, window=4, readers=3)
    assert three.getvalue() == one.getvalue()


def test_a_failing_reader_stops_the_dump(store_dir):
    class Failing:
        def __init__(self, path):
            self._db = ox.Store.read_only(path)

        def query(self, *a, **kw):
            return self._db.query(*a, **kw)

        def dump(self, *a, from_graph=None, **kw):
            if str(from_graph).endswith("/3>"):
                raise OSError("disk read failed")
            return self._db.dump(*a, from_graph=from_graph, **kw)

    with pytest.raises(OSError, match="disk read failed"):
        dump_in_windows(store_dir, io.BytesIO(), quads=True, window=6, readers=2, open_store=Failing)


def _default_stack_size() -> int:
    import ctypes

    libc = ctypes.CDLL(None)
    attr = ctypes.create_string_buffer(128)
    size = ctypes.c_size_t()
    assert libc.pthread_getattr_default_np(attr) == 0
    assert libc.pthread_attr_getstacksize(attr, ctypes.byref(size)) == 0
    libc.pthread_attr_destroy(attr)
    return size.value


def test_a_reopening_lowers_the_file_limit_and_thread_stacks_only_while_it_opens(store_dir, monkeypatch):
    """The process-wide settings are changed around the open alone, and only in a one-thread process."""
    import os
    import resource

    import kg.store.opening as op
    import kg.store.windowed_dump as wd

    before = resource.getrlimit(resource.RLIMIT_NOFILE), _default_stack_size()
    seen = []

    def spy(path):
        seen.append((resource.getrlimit(resource.RLIMIT_NOFILE)[0], _default_stack_size()))
        return ox.Store.read_only(path)

    monkeypatch.setattr(op.threading, "active_count", lambda: 1)
    db = wd._open(store_dir, spy)
    assert len(db) == len(_quads())
    soft, stack = seen[0]
    # pyoxigraph's least, 48 for RocksDB and 48 kept aside, or more when the process holds many files
    assert 96 <= soft <= 96 + len(os.listdir("/proc/self/fd")) < before[0][0]
    assert stack == op._OPENING_THREAD_STACK
    assert (resource.getrlimit(resource.RLIMIT_NOFILE), _default_stack_size()) == before

    with op.lean_opening(store_dir):  # a single opening: the file limit only
        seen.append((resource.getrlimit(resource.RLIMIT_NOFILE)[0], _default_stack_size()))
    assert 96 <= seen[1][0] <= 96 + len(os.listdir("/proc/self/fd")) < before[0][0]
    assert seen[1][1] == before[1]

    monkeypatch.setattr(op.threading, "active_count", lambda: 2)  # another thread could open files
    wd._open(store_dir, spy)
    assert seen[2] == (before[0][0], before[1])

