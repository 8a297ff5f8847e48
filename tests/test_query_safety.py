"""Query safety: read-only queries, no outbound requests, time limits, exact syntax errors, no injection."""
from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import QueryError, QueryTimeout
from kg.query.sparql import run_query, run_update
from kg.rdf.quads import article_quads
from kg.store import Store, open_store
from tests.conftest import kg, sample_extraction

# 10^15 combinations of constants: no machine finishes this, so a time limit must stop it.
DIGITS = "VALUES ?{v} {{ " + " ".join(str(i) for i in range(1000)) + " }} "
ENDLESS = ("SELECT (COUNT(*) AS ?n) WHERE { " + "".join(DIGITS.format(v=v) for v in "abcde") + "}")


def children() -> set[int]:
    """Process ids whose parent is this process (from /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == os.getpid():
            found.add(int(stat.parent.name))
    return found


@pytest.fixture
def filled(tmp_path) -> Path:
    """An on-disk store holding the sample article."""
    path = tmp_path / "store"
    st = open_store(path, "w")
    ext = sample_extraction()
    st.put_graph(f"https://w3id.org/kg/article/{ext.article.id[:32]}", article_quads(ext))
    st.close()
    return path


@pytest.mark.parametrize("sparql", [
    "INSERT DATA { <http://a> <http://b> <http://c> }",
    "  prefix ex: <http://ex/#>\n delete where { ?s ?p ?o }",
    "DROP ALL", "CLEAR DEFAULT", "WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "LOAD <http://example.org/data.ttl>", "BASE <http://x/> CREATE GRAPH <g>",
])
def test_query_refuses_updates(sparql, memory_store):
    with pytest.raises(QueryError, match="is a SPARQL Update|LOAD"):
        run_query(memory_store, sparql)


def test_keywords_inside_names_strings_and_comments_are_fine(memory_store):
    q = ('SELECT ?load ?service WHERE { ?load ?service "SERVICE <http://x> LOAD" '
         'FILTER(?load != <http://ex/SERVICE>) } # SERVICE LOAD INSERT')
    assert run_query(memory_store, q).kind == "select"


def test_service_is_refused_and_makes_no_request(memory_store, listener):
    url, hits = listener
    for q in (f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
              f"SELECT * WHERE {{ service silent <{url}/s2> {{ ?s ?p ?o }} }}"):
        with pytest.raises(QueryError, match="SERVICE"):
            run_query(memory_store, q)
    with pytest.raises(QueryError, match="SERVICE"):  # a \\u escape does not smuggle the keyword past the check
        run_query(memory_store, f"SELECT * WHERE {{ \\u0053ERVICE <{url}/s3> {{ ?s ?p ?o }} }}")
    assert hits == []


def test_allow_service_really_reaches_out(memory_store, listener):
    url, hits = listener  # shows that the refusal above is what prevents the request
    with pytest.raises(QueryError, match="query failed: Error 500 "):  # the listener answers 500
        run_query(memory_store, f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}", allow_service=True)
    assert hits == ["/sparql"] or hits[0].startswith("/sparql")


def test_load_is_refused_in_updates(memory_store, listener):
    url, hits = listener
    for u in (f"LOAD <{url}/x.ttl>", f"load silent <{url}/y.ttl> INTO GRAPH <http://g>"):
        with pytest.raises(QueryError, match="LOAD"):
            run_update(memory_store, u)
    with pytest.raises(QueryError, match="SERVICE"):
        run_update(memory_store, f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}/q> {{ ?s ?p ?o }} }}")
    assert hits == []


def test_cli_service_refused(filled, listener):
    url, hits = listener
    out = kg("query", f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}", "--store", str(filled), process=True, code=None)
    assert out.code == 1 and "SERVICE" in out.stderr and "--allow-service" in out.stderr
    assert hits == []


def test_syntax_error_names_line_and_column_of_user_text(memory_store):
    q = "SELECT ?x\nWHERE {\n  ?x <http://ex/label> ?y .\n  FILTER(?y = ?x ?) \n}"
    with pytest.raises(SyntaxError, match="error at 5:2"):  # the parser on the bare text
        ox.Store().query(q)
    with pytest.raises(QueryError) as err:  # kg adds prefix lines, yet reports the same place
        run_query(memory_store, q)
    msg = str(err.value)
    assert "line 5, column 2" in msg and "(in: })" in msg and "\n" not in msg
    with pytest.raises(QueryError, match=r"SPARQL Update at line 1, column"):
        run_update(memory_store, "INSERT DATA { <http://a> <http://b> }")


def test_cli_syntax_error(filled):
    q = "SELECT ?x WHERE {\n ?x a <http://ex/Force> ;; ?y\n}"
    with pytest.raises(SyntaxError, match="error at 3:2"):
        ox.Store().query(q)
    out = kg("query", q, "--store", str(filled), process=True, code=None)
    assert out.code == 1
    assert out.stderr.startswith("Error: invalid SPARQL at line 3, column 2") and out.stderr.count("\n") == 1


def test_user_prefixes_are_kept(memory_store):
    memory_store.extend([ox.Quad(ox.NamedNode("http://other/#s"), ox.NamedNode("http://other/#x"),
                                 ox.Literal("mine"), ox.NamedNode("http://g"))])
    q = "PREFIX kgo: <http://other/#>\nSELECT ?o WHERE { ?s kgo:x ?o }"
    assert run_query(memory_store, q).dicts() == [{"o": "mine"}]


def test_timeout_stops_a_runaway_query():
    st = open_store("memory")
    g = ox.NamedNode("http://g")
    st.extend([ox.Quad(ox.NamedNode(f"http://s{i}"), ox.NamedNode("http://p"), ox.Literal(str(i)), g)
                  for i in range(300)])
    before = children()
    with pytest.raises(QueryTimeout, match="timed out after 0.5 s and was stopped"):
        run_query(st, ENDLESS, timeout=0.5)
    assert children() == before  # the worker was killed and reaped: its CPU is free
    assert run_query(st, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", timeout=5).rows[0][0].value == "300"


def test_cli_timeout_exits_cleanly_and_leaves_the_store_usable(filled):
    out = kg("query", ENDLESS, "--timeout", "1", "--store", str(filled), process=True, code=None)
    assert out.code == 1 and out.stderr == ("Error: query timed out after 1 s and was stopped (make the "
                                                  "query more selective, or raise --timeout)\n")
    out = kg("query", ENDLESS, "--store", str(filled), "--timeout", "1", process=True, code=None)  # again: the store opens fine
    assert out.code == 1
    st = open_store(filled, "w")  # and a writer can take it at once
    assert len(list(st.quads())) > 10
    st.close()


def test_cli_query_cannot_write_even_through_the_store(filled):
    before = len(list(open_store(filled).quads()))
    out = kg("query", "INSERT DATA { GRAPH <http://g> { <http://a> <http://b> <http://c> } }", "--store", str(filled), process=True, code=None)
    assert out.code == 1 and "use kg update" in out.stderr
    out = kg("update", "INSERT DATA { GRAPH <http://g> { <http://a> <http://b> <http://c> } }", "--store", str(filled), process=True, code=None)
    assert out.code == 0
    assert len(list(open_store(filled).quads())) == before + 1


INJECTIONS = [
    '" } ; DROP ALL ; #',
    "> } DELETE WHERE { ?s ?p ?o } #",
    "Kestrel Brigade' . ?x ?y ?z #",
    "<https://w3id.org/kg/id/force/kestrel-brigade> } INSERT DATA { <http://a> <http://b> <http://c> } #",
    "\\u0022 } DROP ALL",
    "\udcff\udcfe not UTF-8",
    "x" * 5000,
]


@pytest.mark.parametrize("name", INJECTIONS)
def test_traversal_names_cannot_inject(filled, name):
    before = sorted(str(q) for q in open_store(filled).quads())
    for args in (["neighbors", name], ["path", name, "Varna Ridge"], ["path", "Kestrel Brigade", name]):
        res = kg(*args, "--store", filled, code=1)
        assert res.stderr.startswith("Error: no entity ") and res.stderr.count("\n") == 1, (args, res.stderr)
    assert sorted(str(q) for q in open_store(filled).quads()) == before


def test_traversal_finds_real_names(filled):
    out = kg("neighbors", "Kestrel Brigade", "--store", filled, process=True)
    assert "Iron Lantern" in out.stdout
