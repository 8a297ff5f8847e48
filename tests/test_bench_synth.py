"""The synthetic article generator used by the benchmark."""
from __future__ import annotations

import json

from bench import synth
from kg.read.articles import read_articles
from kg.model import Article
from kg.rdf.ontology import CLASSES, PROPERTIES


def test_seeded_and_deterministic():
    a = list(synth.articles(20, seed=5))
    assert a == list(synth.articles(20, seed=5))
    assert a != list(synth.articles(20, seed=6))
    assert len({r["text"] for r in a}) == 20


def test_articles_vary_and_read_as_articles(tmp_path):
    path = synth.write_jsonl(tmp_path / "corpus.jsonl", 50, seed=1)
    records = [json.loads(line) for line in path.read_text().splitlines()]
    assert len(records) == 50
    first_sentences = {r["text"].split(".")[0].split(" ")[-1] for r in records}
    assert len(first_sentences) > 5
    arts = list(read_articles([path]))
    assert len(arts) == 50 and all(isinstance(a, Article) for a in arts)
    assert all(a.published and a.title for a in arts)
    words = [len(r["text"].split()) for r in records]
    assert min(words) > 100


def test_extraction_agrees_with_text():
    for ext in synth.extractions(30, seed=2):
        text = ext.article.text
        assert ext.entities and ext.relations
        for ent in ext.entities:
            assert ent.type in CLASSES
            if ent.mentions:
                m = ent.mentions[0]
                assert text[m.start:m.end] == ent.label
        keys = {e.key for e in ext.entities}
        for rel in ext.relations:
            assert rel.predicate in PROPERTIES
            assert rel.subject in keys and rel.object in keys
            assert text[rel.evidence.start:rel.evidence.end] == rel.evidence.sentence


def test_network_is_wide():
    ents = set()
    n = 0
    for quads in synth.network(200, seed=1):
        n += len(quads)
        ents.update(q.subject.value for q in quads if "/id/" in q.subject.value and "#" not in q.subject.value)
        assert not any("/evidence/" in q.subject.value for q in quads)
    assert len(ents) > 1500


def test_bench_query_section_agrees_with_pyoxigraph_and_rdflib(tmp_path):
    """The benchmark's query mix on a small store: kg, pyoxigraph and rdflib give the same rows."""
    from bench import cases
    from bench.common import render

    rows, rdflib_run = cases.queries(60, 1, tmp_path, 120.0)
    rows.append(rdflib_run.row())
    mix = [r for r in rows if r.name.split(" (")[0] in cases.QUERIES]
    assert len(mix) == len(cases.QUERIES)
    assert all("same rows" in r.name for r in mix), render(rows)
    last = rows[-1]
    assert last.name.startswith("aggregate vs rdflib") and last.ratio is not None and last.ratio > 1, render(rows)
