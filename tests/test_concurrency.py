"""Concurrency on the embedded store: one writer at a time, readers see whole articles only."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.errors import StoreBusy
from kg.store import Store, open_store
from tests.test_durability import VOLATILE, article, snapshot

pytestmark = [pytest.mark.model, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
ENV = dict(os.environ, PYTHONPATH=str(ROOT))
HOLD = ("import sys, time\nfrom kg.store import open_store\nst = open_store(sys.argv[1], 'w')\n"
        "print('held', flush=True)\ntime.sleep(float(sys.argv[2]))\nst.close()\n")


def kg(*args: str) -> subprocess.CompletedProcess[str]:
    out = subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, env=ENV, cwd=ROOT,
                         timeout=300)
    assert "Traceback" not in out.stderr, out.stderr
    return out


def hold(store: Path, seconds: float) -> subprocess.Popen[str]:
    """Another process holding the store for writing for ``seconds``."""
    p = subprocess.Popen([sys.executable, "-c", HOLD, str(store), str(seconds)], stdout=subprocess.PIPE,
                         text=True, env=ENV, cwd=ROOT)
    assert p.stdout is not None and p.stdout.readline().strip() == "held"
    return p


def test_second_writer_gets_a_clear_error_or_waits(tmp_path):
    store = tmp_path / "store"
    open_store(store, "w").close()
    p = hold(store, 4)
    try:
        with pytest.raises(StoreBusy, match="in use by another kg process"):
            open_store(str(store), "w")
        out = kg("update", "INSERT DATA { GRAPH <http://g> { <http://a> <http://b> <http://c> } }", "--store", str(store))
        assert out.returncode == 1
        assert out.stderr.strip() == (f"Error: store {store.resolve()} is in use by another kg process; "
                                       "wait for it to finish (or pass --wait SECONDS)")
        t0 = time.perf_counter()
        with pytest.raises(StoreBusy):
            open_store(str(store), "w", wait=0.5)
        assert time.perf_counter() - t0 >= 0.4  # it waited before giving up
        out = kg("update", "INSERT DATA { GRAPH <http://g> { <http://a> <http://b> <http://c> } }",
                 "--store", str(store), "--wait", "60")
        assert out.returncode == 0, out.stderr  # waited for the holder to finish
    finally:
        p.wait(timeout=30)
    assert len(list(open_store(store).quads())) == 1


def test_readers_during_an_ingest_see_whole_articles(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for i in range(40):
        (inputs / f"{i:03d}.txt").write_text(article(i), encoding="utf-8")
    ref_out = kg("ingest", str(inputs), "--store", str(tmp_path / "ref"))
    assert ref_out.returncode == 0, ref_out.stderr
    ref = snapshot(tmp_path / "ref")

    store = tmp_path / "store"
    open_store(store, "w").close()
    proc = subprocess.Popen([sys.executable, "-m", "kg", "ingest", str(inputs), "--store", str(store)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV, cwd=ROOT)
    reads = partial_seen = 0
    cli_ok = 0
    while proc.poll() is None:
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
                     "--store", str(store), "--format", "csv")
            cli_ok += out.returncode == 0
    assert proc.returncode == 0, proc.stderr.read() if proc.stderr else ""
    assert partial_seen == 0
    assert reads >= 1 and cli_ok >= 1  # readers ran while the ingest was writing
    assert snapshot(store) == ref
