"""Extraction on a Dask cluster: the store equals a local run, even when a worker dies.

The scheduler and the workers run as ``dask scheduler`` / ``dask worker`` processes, as on
a real cluster (and so that no process of theirs outlives the tests as a child of pytest).
"""
from __future__ import annotations

import os
import signal

import pytest

from bench import synth
from kg.ingest import extract_on_dask, ingest
from kg.store import open_store

pytestmark = pytest.mark.slow
_GENERATED = "http://www.w3.org/ns/prov#generatedAtTime"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return synth.write_jsonl(tmp_path_factory.mktemp("dask") / "articles.jsonl", 12, seed=5)


@pytest.fixture(scope="module")
def client(dask_cluster):
    from distributed import Client

    with Client(dask_cluster, timeout=120) as c:
        c.wait_for_workers(2, timeout=180)
        yield c


@pytest.fixture(scope="module")
def expected(corpus):
    """Canonical N-Quads of the uninterrupted local run (ingest times left out)."""
    st = open_store("memory")
    report = ingest([str(corpus)], st)
    assert report.articles == 12
    return _canonical(st)


def _canonical(st) -> set[str]:
    """The articles' quads (ingest times and the ontology's own graph left out)."""
    from kg.rdf.axioms import ONTOLOGY_GRAPH

    return {str(q) for q in st.quads() if q.predicate.value != _GENERATED and q.graph_name.value != ONTOLOGY_GRAPH}


@pytest.mark.model
def test_ingest_on_dask_equals_a_local_run(corpus, client, expected):
    st = open_store("memory")
    stored = []
    report = ingest([str(corpus)], st, dask=client, on_graph=lambda g: stored.append(g.graph))
    assert report.articles == len(stored) == 12 and len(set(stored)) == 12
    assert _canonical(st) == expected


@pytest.mark.model
def test_a_killed_worker_loses_and_duplicates_nothing(corpus, client, expected):
    from kg import cluster
    from kg.extract.nlp import DEFAULT_MODEL
    from kg.ingest import WRITE_BATCH, _unique_articles, IngestReport

    killed: list[int] = []

    def kill_one_busy_worker() -> None:
        pids = client.run(os.getpid)
        busy = {w for w, keys in client.processing().items() if keys}
        busy |= {w for w, keys in client.has_what().items() if keys}
        assert busy, "partitions are outstanding, so some worker holds one"
        victim = sorted(busy)[0]
        os.kill(pids[victim], signal.SIGKILL)
        killed.append(pids[victim])

    def kill_after_first(graphs):
        for i, g in enumerate(graphs):
            if i == 0:
                kill_one_busy_worker()
            yield g

    st = open_store("memory")
    report = IngestReport()
    graphs = cluster.extract_graphs(_unique_articles([str(corpus)], report), client, model=DEFAULT_MODEL,
                                    partition_size=2)
    stored = []
    cluster.write_graphs(kill_after_first(graphs), st, batch=WRITE_BATCH, on_graph=lambda g: stored.append(g.graph))
    assert killed
    assert len(stored) == len(set(stored)) == 12
    assert _canonical(st) == expected
    client.wait_for_workers(2, timeout=120)  # the nanny restarted the worker


@pytest.mark.model
def test_shards_hold_every_article_once(corpus, client, expected, tmp_path):
    chunks, report = extract_on_dask([str(corpus)], client, shards=tmp_path / "shards", per_shard=5)
    assert list(chunks) == []
    files = sorted((tmp_path / "shards").iterdir())
    assert [f.name for f in files] == ["part-00001.nq", "part-00002.nq", "part-00003.nq"]
    st = open_store("memory")
    for f in files:
        st.load(f)
    assert report.articles == 12
    from kg.rdf.resolve import resolve_store

    resolve_store(st)  # shards hold graphs as extracted; resolving them gives the ingested store
    assert _canonical(st) == expected


def test_unreachable_scheduler_is_a_config_error(corpus, monkeypatch):
    from kg import cluster
    from kg.errors import ConfigError

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 2)

    with pytest.raises(ConfigError, match="cannot reach the Dask scheduler"):
        ingest([str(corpus)], open_store("memory"), dask="tcp://127.0.0.1:9")


@pytest.mark.model
def test_cli_ingest_and_extract_with_dask(corpus, client, expected, tmp_path):
    from tests.conftest import kg

    address = client.scheduler.address
    store = str(tmp_path / "store")
    result = kg("ingest", corpus, "--store", store, "--dask", address, "--log-articles")
    assert result.output.count("stored https://w3id.org/kg/article/") == 12
    with open_store(store) as st:
        assert _canonical(st) == expected
    result = kg("extract", corpus, "--format", "nq", env={"KG_DASK": address})
    st = open_store("memory")
    (tmp_path / "all.nq").write_text(result.stdout)
    st.load(tmp_path / "all.nq")
    from kg.rdf.resolve import resolve_store

    resolve_store(st)
    assert _canonical(st) == expected
    result = kg("extract", corpus, "--dask", address, code=2)
    assert result.stderr.startswith("Error: ") and "--format nq" in result.stderr and result.stderr.count("\n") == 1
