"""Property-based tests: generated texts, names and queries never crash kg or store invalid RDF."""
from __future__ import annotations

import io
import json

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.read.articles import make_article, read_jsonl
from kg.errors import ArticleError, KgError, NodeNotFound, QueryError
from kg.model import Article
from kg.query.sparql import run_query
from kg.rdf.quads import article_quads
from kg.store import open_store
from kg.extract.timex import parse_published

FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                        HealthCheck.too_slow])

WORDS = ["The", "brigade", "Battalion", "attacked", "Operation", "in", "near", "village", "of", "killed",
         "police", "militia", "on", "3", "May", "2021", ".", ",", "Colonel", "said", "forces", "Province"]
ODD = ['"', "'", "<", ">", "\\", "{", "}", "^^", "@en", "\ud800", "\udfff", "\u202e", "\ufeff", "\x00", "\u0301",
       "<http://x/>", "_:b0", "\n", "\t", "#", "ﷺ", "𝔘𝔫𝔦", "日本", "Ωmega", "x" * 3000]
token = st.one_of(st.sampled_from(WORDS), st.sampled_from(ODD), st.text(max_size=12),
                  st.text(alphabet=st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), max_size=2))
caps = st.builds(lambda a, b: f"{a.title()} {b.title()}", st.text(min_size=1, max_size=15),
                 st.sampled_from(["Brigade", "Regiment", "Front", "Province", "Operation"]))
texts = st.lists(st.one_of(token, caps), min_size=1, max_size=80).map(" ".join)


def assert_valid_nquads(quads: list[ox.Quad]) -> None:
    """Every quad serialises and parses back unchanged (valid IRIs and literals only)."""
    data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    back = list(ox.parse(data, format=ox.RdfFormat.N_QUADS))
    assert len(back) == len(quads) and set(back) == set(quads)
    from rdflib import Dataset

    ds = Dataset()
    ds.parse(data=data.decode("utf-8"), format="nquads")
    assert len(list(ds.quads())) == len(set(quads))


def _article(text: str, title: str | None = None, date: str | None = None, url: str | None = None) -> Article | None:
    try:
        return make_article(text, source="fuzz<>\"\n.txt", title=title, published=date, url=url)
    except ArticleError:
        return None


@pytest.mark.model
@FUZZ
@given(text=texts, title=st.one_of(st.none(), st.text(max_size=40)), date=st.one_of(st.none(), st.text(max_size=30)),
       url=st.one_of(st.none(), st.sampled_from(["https://ex.org/a b", "http://ex.org/<x>", "javascript:x",
                                                   "https://ex.org/ok", "\ud800", ""])))
def test_extraction_of_generated_text_stores_valid_rdf(nlp, text, title, date, url):
    from kg.extract import extract

    art = _article(text, title, date, url)
    if art is None:
        assert not text.strip() or len(text) > 1_000_000 or not "".join(c for c in text if c.isprintable()).strip()
        return
    ext = extract(art, nlp=nlp)
    quads = article_quads(ext)
    assert_valid_nquads(quads)
    for rel in ext.relations:
        ev = rel.evidence
        assert 0 <= ev.start <= ev.end <= len(art.text)
    store = open_store("memory")
    store.put_graph(f"https://w3id.org/kg/article/{art.id[:32]}", quads)
    assert_valid_nquads(list(store.quads()))


@FUZZ
@given(lines=st.lists(st.one_of(
    st.builds(lambda t, d, i: json.dumps({"id": i, "text": t, "date": d}).encode(), texts, st.text(max_size=20),
              st.one_of(st.integers(), st.text(max_size=10))),
    st.binary(max_size=60), st.text(max_size=60).map(lambda s: s.encode("utf-8", "surrogatepass"))), max_size=8))
def test_jsonl_reader_never_raises(lines):
    data = b"\n".join(lines)
    for item in read_jsonl(io.BytesIO(data), "feed.jsonl"):
        if isinstance(item, Article):
            item.text.encode("utf-8")  # no lone surrogates left
        else:
            assert item.source.startswith("feed.jsonl:") and "\n" not in item.reason


@FUZZ
@given(value=st.text(max_size=60))
def test_dates_never_raise(value):
    out = parse_published(value)
    assert out is None or (len(out) == 10 and out[4] == "-" and out[7] == "-")


@pytest.fixture(scope="module")
def small_store():
    from tests.conftest import sample_extraction

    st_ = open_store("memory")
    ext = sample_extraction()
    st_.put_graph(f"https://w3id.org/kg/article/{ext.article.id[:32]}", article_quads(ext))
    return st_


@FUZZ
@given(name=st.one_of(st.text(max_size=40), st.sampled_from(ODD), texts))
def test_lookup_of_generated_names(small_store, name):
    from kg.graph.projection import project
    from kg.graph.lookup import find_entity

    G = project(small_store)
    before = len(list(small_store.quads()))
    try:
        node = find_entity(G, name)
        assert node in G
    except NodeNotFound as exc:
        assert str(exc)
    assert len(list(small_store.quads())) == before


@FUZZ
@given(body=st.one_of(texts, st.text(max_size=80)),
       pattern=st.sampled_from(["SELECT * WHERE {{ ?s ?p {0} }}", 'SELECT * WHERE {{ ?s ?p "{0}" }}',
                                "SELECT * WHERE {{ ?s <{0}> ?o }}", "ASK {{ FILTER(CONTAINS(STR(?x), '{0}')) }}",
                                "{0}"]))
def test_generated_queries_fail_cleanly(small_store, body, pattern):
    before = len(list(small_store.quads()))
    try:
        run_query(small_store, pattern.format(body), timeout=10)
    except QueryError as exc:
        assert "\n" not in str(exc)
    except KgError as exc:  # pragma: no cover - any other kg error is a failure of this property
        pytest.fail(f"unexpected {type(exc).__name__}: {exc}")
    assert len(list(small_store.quads())) == before
