"""The embedded store's write and query paths."""
from __future__ import annotations

from datetime import datetime, timezone

import pyoxigraph as ox
import pytest

from bench import synth
from kg.errors import QueryError
from kg.rdf.ontology import article_iri
from kg.query.sparql import run_query
from kg.rdf.quads import article_quads
from kg.store import Store, open_store

WHEN = datetime(2024, 5, 1, tzinfo=timezone.utc)


def graphs(n: int, start: int = 0) -> list[tuple[str, list[ox.Quad]]]:
    out = []
    for ext in synth.extractions(n, seed=3, start=start):
        out.append((article_iri(ext.article.id), article_quads(ext, ingested_at=WHEN)))
    return out


def count(store: Store) -> int:
    return int(store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows[0][0].value)


@pytest.mark.parametrize("on_disk", [False, True])
def test_put_graphs_writes_every_graph_and_replaces_existing(tmp_path, on_disk):
    store = open_store(tmp_path / "db" if on_disk else "memory", "w")
    batch = graphs(20)
    store.put_graphs(batch)
    assert count(store) == sum(len(set(q)) for _, q in batch)
    assert all(store.has_graph(g) for g, _ in batch)
    # Writing the batch again (and a changed graph) replaces, never duplicates.
    g0, q0 = batch[0]
    store.put_graphs([(g0, q0[:5]), *batch[1:]])
    assert count(store) == sum(len(set(q)) for _, q in batch) - len(set(q0)) + len(set(q0[:5]))
    store.close()


def test_put_graphs_last_version_of_a_graph_wins(memory_store):
    (g, quads), = graphs(1)
    memory_store.put_graphs([(g, quads), (g, quads[:3])])
    assert count(memory_store) == len(set(quads[:3]))


def test_put_graph_matches_put_graphs(memory_store):
    batch = graphs(5)
    other = open_store("memory")
    for g, q in batch:
        other.put_graph(g, q)
    memory_store.put_graphs(batch)
    assert set(memory_store.quads()) == set(other.quads())


def test_query_rows_match_pyoxigraph(memory_store):
    memory_store.put_graphs(graphs(30))
    sparql = "SELECT ?e ?l WHERE { ?e a kgo:Settlement ; rdfs:label ?l } ORDER BY ?e ?l"
    res = run_query(memory_store, sparql)
    raw = ox.Store()
    raw.extend(memory_store.quads())
    raw = raw.query("PREFIX kgo: <https://w3id.org/kg/ontology#> "
                    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> " + sparql, use_default_graph_as_union=True)
    assert res.variables == ["e", "l"]
    assert res.rows == [tuple(s) for s in raw]
    assert len(res.rows) > 30


def test_query_serialized_formats(memory_store):
    memory_store.put_graphs(graphs(3))
    media, body = memory_store.query_serialized("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", fmt="csv")
    assert media == "text/csv" and body.splitlines()[0] == b"n"
    media, body = memory_store.query_serialized(
        "CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 3", graph_fmt="ttl")
    assert media == "text/turtle"
    assert len(list(ox.parse(body, format=ox.RdfFormat.TURTLE))) == 3
    with pytest.raises(QueryError, match=r"invalid SPARQL at line 1, column \d+"):
        memory_store.query_serialized("SELECT ?x WHERE { ?x }", fmt="json")
    with pytest.raises(QueryError, match="unknown result format 'yaml'"):
        memory_store.query_serialized("ASK {}", fmt="yaml")


def test_load_bulk_nquads_file(tmp_path):
    batch = graphs(40)
    path = tmp_path / "big.nq"
    with path.open("wb") as fh:
        for _, quads in batch:
            fh.write(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
    store = open_store(tmp_path / "db", "w")
    store.load(path)
    assert count(store) == sum(len(set(q)) for _, q in batch)
    assert len(list(store.graphs())) == 40
    store.close()


# --- a load that runs out of space -------------------------------------------------------

def _write_nquads(path, n: int) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(f'<http://example.org/s{i}> <http://example.org/says> "statement number {i} of a long file" '
                     f'<http://example.org/g{i % 7}> .\n')


_LIMITED_LOAD = """
import os, resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[3]), resource.RLIM_INFINITY))
if sys.argv[4] == "kg":
    from kg.cli import main
    sys.argv = ["kg", "load", sys.argv[2], "--store", sys.argv[1]]
    main()
else:  # the bulk loader alone, in a process that then dies without cleaning up (as on a crash)
    import pyoxigraph
    try:
        pyoxigraph.Store(sys.argv[1]).bulk_load(path=sys.argv[2], format=pyoxigraph.RdfFormat.N_QUADS)
    except OSError:
        os._exit(3)
"""


def _load_with_file_size_limit(store, nq, limit: int, *, by: str):
    """Load ``nq`` in a child process whose files may not grow past ``limit`` bytes.

    The kernel fails the bulk loader's write as on a full disk (EFBIG instead of ENOSPC).
    ``by="kg"`` runs ``kg load``; ``by="crash"`` runs Oxigraph's loader in a process that
    dies at the error without any cleanup.
    """
    import subprocess
    import sys

    from tests.conftest import ROOT, child_env

    return subprocess.run([sys.executable, "-c", _LIMITED_LOAD, str(store), str(nq), str(limit), by],
                          capture_output=True, text=True, cwd=ROOT, timeout=300, env=child_env())


@pytest.mark.parametrize("by", ["kg", "crash"])
def test_a_load_that_fills_the_disk_leaves_no_file_behind_and_the_store_writable(tmp_path, by):
    from tests.conftest import kg

    store, nq, small = tmp_path / "store", tmp_path / "big.nq", tmp_path / "small.nq"
    _write_nquads(nq, 20_000)
    _write_nquads(small, 3)
    kg("load", small, "--store", store)
    with open_store(store) as st:
        before = len(st)
    out = _load_with_file_size_limit(store, nq, 128 * 1024, by=by)
    if by == "kg":
        assert out.returncode == 1
        assert out.stderr.startswith(f"Error: cannot load {nq}: IO error: While appending to file: ")
        assert out.stderr.endswith("File too large\n") and out.stderr.count("\n") == 1
        assert not list(store.glob("bulk-*.sst"))  # the loader's partial file is gone at once
    else:
        assert out.returncode == 3
        assert list(store.glob("bulk-*.sst"))  # a crashed process cleans nothing...
    kg("load", small, "--store", store)  # ...the next writer does, and the store takes writes
    assert not list(store.glob("bulk-*.sst"))
    with open_store(store) as st:
        assert len(st) == before  # nothing of the failed load was stored (the small file again adds nothing)
