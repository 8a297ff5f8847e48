"""Concurrency on the embedded store: one writer at a time, readers see whole articles only."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import QueryError, StoreBusy
from kg.store import open_store
from tests.conftest import ROOT, child_env, kg, kg_popen
from tests.test_durability import VOLATILE, article, snapshot

pytestmark = pytest.mark.slow

ENV = child_env()
# Holds the store for writing until it reads a line: the test decides when the lock is released.
HOLD = ("import sys\nfrom kg.store import open_store\nst = open_store(sys.argv[1], 'w')\n"
        "print('held', flush=True)\nsys.stdin.readline()\nst.close()\n")
# Writes synthetic article graphs through the ingest's write path, one batch per line read,
# and says "wrote N" after each: the test reads the store between batches, at fixed points.
STEPS = ("import sys\nfrom bench import synth\nfrom kg.ingest import write_extractions\n"
         "from kg.store import open_store\nst = open_store(sys.argv[1], 'w')\nn = int(sys.argv[2])\n"
         "for k, line in enumerate(sys.stdin):\n"
         "    write_extractions(synth.extractions(n, seed=5, start=k * n), st, resolve=False)\n"
         "    print('wrote', (k + 1) * n, flush=True)\nst.close()\n")


def hold(store: Path) -> subprocess.Popen[str]:
    """Another process holding the store for writing until a line is written to its stdin."""
    p = subprocess.Popen([sys.executable, "-c", HOLD, str(store)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         text=True, env=ENV, cwd=ROOT)
    assert p.stdout is not None and p.stdout.readline().strip() == "held"
    return p


def release(p: subprocess.Popen[str]) -> None:
    assert p.stdin is not None
    p.stdin.write("go\n")
    p.stdin.close()
    assert p.wait(timeout=120) == 0


INSERT = "INSERT DATA { GRAPH <http://g> { <http://a> <http://b> <http://c> } }"


def test_second_writer_gets_a_clear_error_or_waits(tmp_path):
    store = tmp_path / "store"
    open_store(store, "w").close()
    p = hold(store)
    try:
        with pytest.raises(StoreBusy, match="in use by another kg process"):
            open_store(str(store), "w")
        out = kg("update", INSERT, "--store", str(store), process=True, code=None)
        assert out.code == 1
        assert out.stderr.strip() == (f"Error: store {store.resolve()} is in use by another kg process; "
                                       "wait for it to finish (or pass --wait SECONDS)")
        started = time.monotonic()
        with pytest.raises(StoreBusy, match="in use by another kg process"):
            open_store(str(store), "w", wait=0.5)
        assert time.monotonic() - started >= 0.5  # it tried again until its wait ran out
        waiting = kg_popen("update", INSERT, "--store", store, "--wait", "600",
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        release(p)  # the waiting writer gets the store once the holder lets go
        out_text, err_text = waiting.communicate(timeout=600)
        assert (waiting.returncode, out_text, err_text) == (0, "updated\n", "")
    finally:
        p.kill()
    assert len(list(open_store(store).quads())) == 1


@pytest.mark.model
def test_readers_during_an_ingest_see_whole_articles(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for i in range(40):
        (inputs / f"{i:03d}.txt").write_text(article(i), encoding="utf-8")
    ref_out = kg("ingest", str(inputs), "--store", str(tmp_path / "ref"), process=True, code=None)
    assert ref_out.code == 0, ref_out.stderr
    ref = snapshot(tmp_path / "ref")

    store = tmp_path / "store"
    open_store(store, "w").close()
    proc = kg_popen("ingest", inputs, "--store", store, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    reads = partial_seen = 0
    cli_ok = 0
    running = True
    while running:  # however fast the ingest, at least one read (and one kg query) runs
        running = proc.poll() is None
        st = open_store(store)  # no lock needed: works while the ingest writes
        graphs: dict[str, set[str]] = {}
        for q in st.quads():
            if q.predicate.value != VOLATILE:
                graphs.setdefault(q.graph_name.value, set()).add(str(q))
        st.close()
        reads += 1
        partial_seen += sum(1 for g, lines in graphs.items() if frozenset(lines) != ref[g])
        if reads % 10 == 1:
            out = kg("query", "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?g a schema:NewsArticle } }",
                     "--store", str(store), "--format", "csv", process=True, code=None)
            cli_ok += out.code == 0
    assert proc.wait() == 0, proc.stderr.read() if proc.stderr else ""
    assert partial_seen == 0
    assert cli_ok >= 1
    assert snapshot(store) == ref


def test_a_reader_sees_each_committed_batch_while_the_writer_holds_the_store(tmp_path):
    store = tmp_path / "store"
    writer = subprocess.Popen([sys.executable, "-c", STEPS, str(store), "5"], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, env=ENV, cwd=ROOT)
    assert writer.stdin is not None and writer.stdout is not None
    seen = []
    try:
        for step in range(3):
            writer.stdin.write("next\n")
            writer.stdin.flush()
            assert writer.stdout.readline().split() == ["wrote", str(5 * (step + 1))]
            with open_store(store) as st:  # read-only, while the writer keeps its lock
                seen.append(sum(1 for g in st.graphs() if "/article/" in g))
        writer.stdin.close()
        assert writer.wait(timeout=120) == 0
    finally:
        writer.kill()
    assert seen == [5, 10, 15]


class _CompactedHandle:
    """A read-only handle whose next reads fail as RocksDB's do when a writer's compaction
    removed a table file the handle had not opened yet."""

    def __init__(self, inner, failures: int) -> None:
        self.inner, self.failures = inner, failures

    def __getattr__(self, name):
        attr = getattr(self.inner, name)
        if not callable(attr):
            return attr

        def call(*args, **kwargs):
            if self.failures:
                self.failures -= 1
                raise FileNotFoundError("IO error: No such file or directory: While open a file for random "
                                        "read: store/000028.sst: No such file or directory")
            return attr(*args, **kwargs)
        return call

    def __len__(self) -> int:
        return self.__getattr__("__len__")()


def test_reads_repeat_on_a_new_handle_when_compaction_removed_a_table(tmp_path):
    store = tmp_path / "store"
    with open_store(store, "w") as st:
        st.update("INSERT DATA { GRAPH <http://example.org/article/a> { <http://example.org/x> a <http://example.org/C> } }")
    with open_store(store) as st:
        st._db = _CompactedHandle(st._db, failures=2)
        assert list(st.graphs()) == ["http://example.org/article/a"]
        st._db = _CompactedHandle(st._db, failures=1)
        rows = st.query("SELECT ?s WHERE { ?s a <http://example.org/C> }").rows
        assert [r[0].value for r in rows] == ["http://example.org/x"]
        st._db = _CompactedHandle(st._db, failures=1)
        assert len(st) == 1 and st.has_graph("http://example.org/article/a")


def test_a_read_that_keeps_failing_is_reported(tmp_path, monkeypatch):
    store = tmp_path / "store"
    with open_store(store, "w") as st:
        st.update("INSERT DATA { GRAPH <http://example.org/article/a> { <http://example.org/x> a <http://example.org/C> } }")
    with open_store(store) as st:
        real = ox.Store.read_only
        monkeypatch.setattr(ox.Store, "read_only", lambda path: _CompactedHandle(real(path), failures=100))
        st._db = ox.Store.read_only(str(store))
        with pytest.raises(QueryError, match="query failed: IO error"):
            st.query("ASK { ?s ?p ?o }")
