"""Ingest: streamed extraction, batched writes, sharded extraction to N-Quads."""
from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from bench import synth
from kg.ingest import ingest, write_extractions
from kg.rdf.axioms import ONTOLOGY_GRAPH
from kg.rdf.ontology import article_iri
from kg.store import Store, open_store
from tests.conftest import kg



def _count(store: Store) -> int:
    """Quads of the articles (the ontology's own graph aside)."""
    return sum(1 for q in store.quads() if q.graph_name != ox.NamedNode(ONTOLOGY_GRAPH))


def test_batches_write_the_same_graph_as_one_write(tmp_path):
    exts = list(synth.extractions(25, seed=17))
    small, big = open_store(tmp_path / "a", "w"), open_store("memory")
    seen = []
    rep = write_extractions(iter(exts), small, batch=300, on_article=seen.append)
    write_extractions(iter(exts), big, batch=10**9)
    assert rep.articles == 25 == len(seen)
    assert rep.entities == sum(len(e.entities) for e in exts)
    assert rep.relations == sum(len(e.relations) for e in exts)
    strip = lambda qs: {q for q in qs if "generatedAtTime" not in q.predicate.value}
    assert strip(small.quads()) == strip(big.quads())
    assert set(small.graphs()) == {article_iri(e.article.id) for e in exts}
    small.close()


def test_writes_are_streamed():
    """Graphs reach the store while the extractions are still being produced."""
    store = open_store("memory")
    stored_midway = []

    def produce():
        for i, ext in enumerate(synth.extractions(40, seed=18)):
            if i == 30:
                stored_midway.append(len(list(store.graphs())))
            yield ext

    write_extractions(produce(), store, batch=500)
    assert stored_midway and stored_midway[0] >= 20
    assert len(list(store.graphs())) == 40


def test_rewriting_converges():
    store = open_store("memory")
    exts = list(synth.extractions(10, seed=19))
    write_extractions(iter(exts), store)
    n = _count(store)
    write_extractions(iter(exts[:5]), store, batch=50)
    assert _count(store) == n


@pytest.mark.model
def test_ingest_jsonl_with_model(tmp_path):
    corpus = synth.write_jsonl(tmp_path / "c.jsonl", 6, seed=20)
    with corpus.open("a") as fh:  # a duplicate text and a broken line
        fh.write(corpus.read_text().splitlines()[0] + "\n{not json\n")
    store = open_store(tmp_path / "db", "w")
    rep = ingest([corpus], store, batch_size=4)
    assert rep.articles == 6 and rep.unchanged == 1 and len(rep.skipped) == 1
    assert rep.entities > 6 and rep.triples == _count(store)
    n = _count(store)
    rep2 = ingest([corpus], store)
    assert rep2.articles == 6 and _count(store) == n
    store.close()


@pytest.mark.model
def test_extract_many_articles_to_nquads(tmp_path):
    corpus = synth.write_jsonl(tmp_path / "shard.jsonl", 4, seed=22)
    out = kg("extract", corpus, "--format", "nq", process=True).stdout.encode()
    quads = list(ox.parse(out, format=ox.RdfFormat.N_QUADS))
    graphs = {q.graph_name.value for q in quads}
    ids = [json.loads(line)["text"] for line in corpus.read_text().splitlines()]
    assert len(graphs) == len(ids) == 4
    # The shard loads into a store with kg load.
    nq = tmp_path / "shard.nq"
    nq.write_bytes(out)
    store_dir = tmp_path / "db"
    kg("load", nq, "--store", store_dir, process=True)
    # ... and gives the graph kg ingest gives (identity resolved the same way)
    direct = tmp_path / "direct"
    kg("ingest", corpus, "--store", direct, process=True)

    def lines(path):
        st = open_store(path, "r")
        out = sorted(str(q) for q in st.quads() if not q.predicate.value.endswith("generatedAtTime"))
        st.close()
        return out

    assert lines(store_dir) == lines(direct)


@pytest.mark.model
def test_extract_single_article_formats(tmp_path):
    rec = next(synth.articles(1, seed=23))
    art = tmp_path / "one.txt"
    art.write_text(rec["text"])
    nt = kg("extract", art, "--format", "nt", process=True).stdout.encode()
    triples = list(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES))
    assert triples
    ttl = kg("extract", art, "--format", "ttl", process=True).stdout.encode()
    assert len(list(ox.parse(ttl, format=ox.RdfFormat.TURTLE))) == len(set(triples))
    several = kg("extract", art, synth.write_jsonl(tmp_path / "two.jsonl", 2), "--format", "nt", process=True, code=2)
    assert several.stderr == "Error: several articles: use --format nq or trig (one named graph per article), not nt\n"
