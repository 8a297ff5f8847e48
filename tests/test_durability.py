"""Durability: SIGKILL an ingest at random points; the store stays whole and a re-run converges."""
from __future__ import annotations

import random
import signal
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.conftest import kg_popen

pytestmark = [pytest.mark.model, pytest.mark.slow]

N_ARTICLES = 60
KILLS = 5
VOLATILE = "http://www.w3.org/ns/prov#generatedAtTime"  # the ingest time differs between runs

UNITS = ["Osprey", "Granite", "Lantern", "Meridian", "Thistle", "Cobalt"]
PLACES = ["Vellmar", "Quorin", "Ashby Ford", "Tallow Creek", "Drennick", "Parlow"]


def article(i: int) -> str:
    u, p, q = UNITS[i % 6], PLACES[i % 6], PLACES[(i + 2) % 6]
    return (f"Report {i}: fighting near {p}\n\n"
            f"The {i + 1}th {u} Brigade launched Operation Dawn {i} against rebels in {p} on {1 + i % 28} March 2023. "
            f"{2 + i % 5} soldiers were killed and {i % 7} were wounded when an ambush hit the convoy near {q}. "
            f"Officials said the {u} Brigade would stay in {p} district until the operation ends.\n")


def ingest(inputs: Path, store: Path) -> subprocess.Popen[str]:
    return kg_popen("ingest", inputs, "--store", store, "--log-articles",
                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def snapshot(store: Path) -> dict[str, frozenset[str]]:
    """N-Quads lines per named graph, without the ingest time (no blank nodes: lines are canonical)."""
    db = ox.Store(str(store))  # a writer open: fails if the killed process left the lock behind
    graphs: dict[str, set[str]] = {}
    for q in db:
        if q.predicate.value == VOLATILE:
            continue
        graphs.setdefault(q.graph_name.value, set()).add(str(q))
    db.flush()
    del db
    return {g: frozenset(lines) for g, lines in graphs.items()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, dict[str, frozenset[str]]]:
    """60 articles and the graph an uninterrupted ingest gives."""
    d = tmp_path_factory.mktemp("durability")
    inputs = d / "articles"
    inputs.mkdir()
    for i in range(N_ARTICLES):
        (inputs / f"{i:03d}.txt").write_text(article(i), encoding="utf-8")
    proc = ingest(inputs, d / "reference")
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    ref = snapshot(d / "reference")
    assert len([g for g in ref if "/article/" in g]) == N_ARTICLES  # plus the identity graph
    return inputs, ref


def test_sigkill_at_random_points_then_rerun_converges(corpus, tmp_path):
    inputs, ref = corpus
    store = tmp_path / "store"
    rng = random.Random(20240607)
    survived = 0
    for k in range(KILLS):
        target = 0 if k == 0 else rng.randint(1, N_ARTICLES - 5)  # the first kill lands before any write
        proc = ingest(inputs, store)
        reported: list[str] = []
        assert proc.stdout is not None
        while len(reported) < target:
            line = proc.stdout.readline()
            if not line:
                break
            if line.startswith("stored "):
                reported.append(line.split()[1])
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        assert proc.returncode == -signal.SIGKILL
        if not store.exists():
            continue
        snap = snapshot(store)
        for g in reported:  # everything reported before the kill is there, whole
            assert snap.get(g) == ref[g], g
        for g, lines in snap.items():  # nothing partial: every stored graph equals the reference
            assert lines == ref[g], g
        survived += 1
    assert survived >= KILLS - 1
    proc = ingest(inputs, store)
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    assert snapshot(store) == ref  # the re-run converges to the uninterrupted result


def test_rerun_of_a_complete_ingest_changes_nothing(corpus, tmp_path):
    inputs, ref = corpus
    store = tmp_path / "store"
    for _ in range(2):
        proc = ingest(inputs, store)
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
        assert snapshot(store) == ref
