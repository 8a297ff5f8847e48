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
    store = open_store(tmp_path / "db" if on_disk else None, "w")
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
