"""The one query path: parsed structure decides, bounds before parsing, killable workers, datasets, errors."""
from __future__ import annotations

import os
import signal
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import (
    QueryError,
    QueryMemoryError,
    QueryRefused,
    QuerySyntaxError,
    QueryTooComplex,
    WrongOperation,
)
from kg.query.parse import analyse
from kg.query.sparql import prepare, run_query, run_query_serialized, run_update
from kg.query.worker import RemoteTraceback, run_forked
from kg.store import open_store
from tests.conftest import kg
from tests.test_query_safety import DIGITS, ENDLESS

G1, G2 = "http://example.org/graph/one", "http://example.org/graph/two"


def _quad(s: str, o: str, g: str) -> ox.Quad:
    return ox.Quad(ox.NamedNode(s), ox.NamedNode("http://example.org/says"), ox.Literal(o), ox.NamedNode(g))


@pytest.fixture
def two_graphs():
    st = open_store("memory")
    st.extend([_quad("http://example.org/a", "in one", G1), _quad("http://example.org/b", "in two", G2)])
    return st


@pytest.fixture
def disk_store(tmp_path) -> Path:
    path = tmp_path / "store"
    with open_store(path, "w") as st:
        st.extend([_quad("http://example.org/a", "in one", G1), _quad("http://example.org/b", "in two", G2)])
    return path


def values(query: str, st) -> list[str]:
    return sorted(v for row in run_query(st, query).dicts() for v in row.values() if v is not None)


# --- prefixes and the dataset ----------------------------------------------------------

def test_thirty_declared_prefixes_parse_at_once(two_graphs):
    # rdflib's SPARQLStore sends 29 PREFIX lines before every query
    prologue = "".join(f"PREFIX p{i}: <http://example.org/ns{i}#>\n" for i in range(30))
    q = prologue + "SELECT ?o WHERE { ?s <http://example.org/says> ?o }"
    assert analyse(q).operation == "query"
    assert values(q, two_graphs) == ["in one", "in two"]


def test_default_graph_is_the_union_and_from_selects_graphs(two_graphs):
    q = "SELECT ?o {} WHERE {{ ?s ?p ?o }}"
    assert values(q.format(""), two_graphs) == ["in one", "in two"]
    assert values(q.format(f"FROM <{G1}>"), two_graphs) == ["in one"]
    assert values(q.format(f"FROM <{G1}> FROM <{G2}>"), two_graphs) == ["in one", "in two"]
    assert values(q.format("FROM <http://example.org/graph/missing>"), two_graphs) == []
    named = f"SELECT ?g ?o FROM NAMED <{G2}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    assert values(named, two_graphs) == [G2, "in two"]


def test_protocol_dataset_parameters_override_from(two_graphs):
    q = f"SELECT ?o FROM <{G1}> WHERE {{ ?s ?p ?o }}"
    assert [r["o"] for r in run_query(two_graphs, q, default_graphs=[G2]).dicts()] == ["in two"]
    named = "SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert [r["o"] for r in run_query(two_graphs, named, named_graphs=[G1]).dicts()] == ["in one"]
    # named graphs alone: the default graph is empty (SPARQL 1.1 Protocol)
    assert run_query(two_graphs, "SELECT ?o WHERE { ?s ?p ?o }", named_graphs=[G1]).rows == []


def test_one_return_type_and_wire_formats(disk_store):
    with open_store(disk_store) as st:
        res = run_query(st, "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o")
        assert res.kind == "select" and [r["o"] for r in res.dicts()] == ["in one", "in two"]
        assert run_query(st, "ASK { ?s ?p 'in two' }").boolean is True
        graph = run_query(st, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        assert graph.kind == "graph" and len(graph.triples) == 2
        media, body = run_query_serialized(st, "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o", fmt="csv")
        assert (media, body.split()) == ("text/csv", [b"o", b"in", b"one", b"in", b"two"])
        media, body = run_query_serialized(st, "DESCRIBE <http://example.org/a>", graph_fmt="ttl")
        assert media == "text/turtle" and b"in one" in body


# --- errors in the user's terms ------------------------------------------------------

def test_unknown_prefix_is_named_at_the_users_position(two_graphs):
    with pytest.raises(QuerySyntaxError) as err:
        run_query(two_graphs, "SELECT ?x WHERE {\n  ?x nope:label ?y\n}")
    assert str(err.value).startswith("invalid SPARQL at line 2, column ")
    assert "unknown prefix 'nope:'" in str(err.value) and "Prefix not found" not in str(err.value)
    assert err.value.line == 2


def test_errors_keep_their_cause(two_graphs):
    with pytest.raises(QuerySyntaxError) as err:
        run_query(two_graphs, "SELECT ?x WHERE { ?x")
    assert isinstance(err.value.__cause__, RemoteTraceback)
    assert "SyntaxError" in str(err.value.__cause__)  # pyoxigraph's own error, from the worker
    with pytest.raises(QuerySyntaxError) as err:
        two_graphs.query("SELECT ?x WHERE { ?x")
    assert isinstance(err.value.__cause__, SyntaxError)


def test_kg_debug_shows_the_chain(disk_store):
    out = kg("query", "SELECT ?x WHERE { ?x", "--store", disk_store, env={"KG_DEBUG": "1"}, process=True, code=1,
             traceback=True)
    assert "SyntaxError: error at 1:" in out.stderr and "direct cause" in out.stderr
    assert out.stderr.rstrip().splitlines()[-1].startswith("Error: invalid SPARQL at line 1")


def test_updates_and_queries_are_told_apart_by_the_parser(two_graphs):
    with pytest.raises(WrongOperation, match=r"is a SPARQL Update \(INSERT DATA\), not a query") as err:
        run_query(two_graphs, "PREFIX ex: <http://example.org/>\nINSERT DATA { ex:a ex:b ex:c }")
    assert err.value.operation == "update"
    with pytest.raises(WrongOperation, match="is a SPARQL query"):
        run_update(two_graphs, "SELECT * WHERE { ?s ?p ?o }")
    # words that look like keywords, in strings, IRIs, names and comments, change nothing
    q = ('SELECT ?insert ?load WHERE { ?insert ?load "INSERT DATA { } SERVICE <http://x> {}" '
         'FILTER(?load != <http://example.org/SERVICE>) } # DROP ALL')
    assert prepare(q).operation == "query"


def test_messages_carry_no_cli_advice(two_graphs):
    for q in ("INSERT DATA { <http://a> <http://b> <http://c> }", "SELECT * WHERE { SERVICE <http://x> {} }"):
        with pytest.raises(QueryError) as err:
            run_query(two_graphs, q)
        assert "kg " not in str(err.value) and "--" not in str(err.value)


def test_cli_adds_its_own_advice(disk_store):
    out = kg("query", "INSERT DATA { <http://a> <http://b> <http://c> }", "--store", str(disk_store), process=True, code=None)
    assert (out.code, out.stderr) == (1, "Error: the request is a SPARQL Update (INSERT DATA), not a query "
                                               "(use kg update)\n")
    out = kg("update", "ASK {}", "--store", str(disk_store), process=True, code=None)
    assert (out.code, out.stderr) == (1, "Error: the request is a SPARQL query (ASK), not an update "
                                               "(use kg query)\n")


# --- SERVICE and LOAD, decided from the parse tree ---------------------------------------

SERVICE_FORMS = [
    "PREFIX : <{url}/colon/>\nSELECT * WHERE {{ SERVICE:x {{ ?s ?p ?o }} }}",
    "PREFIX ex: <{url}/ex/>\nSELECT * WHERE {{ SERVICEex:a {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ BIND(<{url}/var> AS ?v) SERVICE ?v {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ \\u0053ERVICE <{url}/escaped> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ \\U00000053ervice <{url}/long-escape> {{ ?s ?p ?o }} }}",
    "select * where {{ service silent <{url}/lower> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ SERVICE<{url}/tight>{{?s ?p ?o}} }}",
    "ASK {{ SERVICE <{url}/ask> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ {{ {{ SERVICE <{url}/nested> {{ ?s ?p ?o }} }} }} }}",
    "SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{url}/exists> {{ ?s ?p ?o }} }} }}",
]


@pytest.mark.parametrize("form", SERVICE_FORMS)
def test_every_service_form_is_refused_without_a_request(two_graphs, listener, form):
    url, hits = listener
    q = form.format(url=url)
    with pytest.raises(QueryError) as err:
        run_query(two_graphs, q)
    assert isinstance(err.value, QueryRefused) and err.value.feature == "SERVICE"
    insert = f"INSERT {{ ?s ?p ?o }} WHERE {{ {q[q.index('{') + 1:q.rindex('}')]} }}"
    prologue = q[:q.index("SELECT")] if "SELECT" in q else ""
    with pytest.raises(QueryError, match="SERVICE"):
        run_update(two_graphs, prologue + insert)
    assert hits == []


@pytest.mark.parametrize("form", [SERVICE_FORMS[i] for i in (0, 1, 6, 7, 8)])
def test_the_same_forms_do_reach_out_when_allowed(two_graphs, listener, form):
    url, hits = listener  # proves that the refusal above is what keeps the request from being made
    with pytest.raises(QueryError, match="query failed: Error 500 "):  # the listener answers 500
        run_query(two_graphs, form.format(url=url), allow_service=True)
    assert len(hits) == 1


def test_service_on_a_variable_fails_cleanly_when_allowed(two_graphs, listener):
    url, hits = listener
    with pytest.raises(QueryError, match="^query failed: .*service name is unbound"):
        run_query(two_graphs, SERVICE_FORMS[2].format(url=url), allow_service=True)
    assert hits == []


def test_cli_refuses_service_forms_and_load(disk_store, listener):
    url, hits = listener
    for form in SERVICE_FORMS[:3]:
        out = kg("query", form.format(url=url), "--store", str(disk_store), process=True, code=1)
        assert "SERVICE" in out.stderr and "--allow-service" in out.stderr
        assert out.stderr.count("\n") == 1
    out = kg("update", f"LOAD <{url}/data.ttl>", "--store", str(disk_store), process=True, code=None)
    assert (out.code, out.stderr) == (1, "Error: LOAD is disabled: it would fetch a remote document "
                                               "(use kg load FILE)\n")
    out = kg("update", f"PREFIX : <{url}/u/>\nDELETE {{ ?s ?p ?o }} WHERE {{ SERVICE:x {{ ?s ?p ?o }} }}",
             "--store", str(disk_store), process=True, code=1)
    assert out.stderr.startswith("Error: SERVICE") and out.stderr.count("\n") == 1
    assert hits == []


# --- bounds before any parser, and no crash ---------------------------------------------

HOSTILE = {
    "2,500 nested braces": "SELECT * WHERE " + "{" * 2500 + " ?s ?p ?o " + "}" * 2500,
    "deep FILTER parentheses": "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 3000 + "?o" + ")" * 3000 + ") }",
    "20,000 + terms": "SELECT (" + "+".join(["1"] * 20_000) + " AS ?x) WHERE {}",
    "50,000 !": "SELECT (" + "!" * 50_000 + "true AS ?x) WHERE {}",
    "nested CONCAT": "SELECT (" + "CONCAT(" * 1000 + '"a"' + ")" * 1000 + " AS ?x) WHERE {}",
    "20,000-branch UNION": "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 20_000) + " }",
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_shapes_are_refused_before_parsing(two_graphs, name):
    with pytest.raises(QueryTooComplex, match=r"^query too deeply nested: "):
        run_query(two_graphs, HOSTILE[name])
    with pytest.raises(QueryTooComplex, match=r"^query too deeply nested: "):  # the bounds come first, updates included
        run_update(two_graphs, HOSTILE[name])


def test_cli_answers_hostile_shapes_in_one_line(disk_store):
    for name in ("2,500 nested braces", "20,000 + terms"):
        out = kg("query", HOSTILE[name], "--store", str(disk_store), process=True, code=1)
        assert out.stderr.startswith("Error: query too deeply nested: ")
        assert out.stderr.count("\n") == 1


def test_depth_is_measured_outside_strings_iris_and_comments(two_graphs):
    q = 'SELECT ?o WHERE { ?s ?p ?o FILTER(?o != "' + "{(" * 500 + '") } # ' + "{" * 500
    assert prepare(q).operation == "query"


def test_a_crash_of_the_engine_kills_only_its_worker():
    def crash() -> tuple[str, bytes]:
        os.kill(os.getpid(), signal.SIGSEGV)
        return "", b""

    with pytest.raises(QueryTooComplex, match="worker stopped"):
        run_forked(crash, timeout=30, max_memory=None)
    assert run_forked(lambda: ("text/plain", b"still here"), timeout=30, max_memory=None) == ("text/plain",
                                                                                            b"still here")


# --- memory ---------------------------------------------------------------------------

# ORDER BY keeps every one of 10^12 rows: memory grows until the limit stops the worker.
HUNGRY = ("SELECT ?a ?b ?c ?d WHERE { "
          + "".join("VALUES ?" + v + " { " + " ".join(f'"{v}{i}"' for i in range(1000)) + " } " for v in "abcd")
          + "} ORDER BY ?d ?c ?b ?a")


def test_memory_limit_stops_the_worker_and_keeps_the_store(disk_store):
    with open_store(disk_store) as st:
        with pytest.raises(QueryMemoryError, match=r"more memory than its limit \(300 MiB\)") as err:
            run_query(st, HUNGRY, timeout=None, max_memory=300 * 2**20)
        assert err.value.limit == 300 * 2**20
        assert len(st) == 2


def test_cli_memory_limit(disk_store):
    out = kg("query", HUNGRY, "--max-memory", "300M", "--timeout", "0", "--store", str(disk_store), process=True, code=1)
    assert out.stderr == ("Error: query needed more memory than its limit (300 MiB) and was stopped; the store "
                          "is unchanged (make the query more selective, or raise --max-memory)\n")
    out = kg("query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "csv", "--store", str(disk_store), process=True, code=0)
    assert out.stdout.split() == ["n", "2"]
    out = kg("query", "ASK {}", "--max-memory", "lots", "--store", str(disk_store), process=True, code=2)
    assert "'lots' is not a size" in out.stderr


# --- the worker pool of a server ---------------------------------------------------------

def test_pool_answers_and_frees_a_slot_on_timeout(disk_store):
    from kg.errors import QueryTimeout
    from kg.query.pool import WorkerPool

    with open_store(disk_store) as st, WorkerPool(st, size=1) as pool:
        q = "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o"
        assert [r["o"] for r in run_query(st, q, pool=pool).dicts()] == ["in one", "in two"]
        [first] = pool.pids()
        with pytest.raises(QueryTimeout, match="timed out after 1 s and was stopped"):
            run_query(st, ENDLESS, timeout=1, pool=pool)
        with pytest.raises(ProcessLookupError):  # the overrunning worker is gone, its CPU freed
            os.kill(first, 0)
        # the only slot is free again: the next query is answered (by the replacement worker)
        assert [r["o"] for r in run_query(st, q, timeout=120, pool=pool).dicts()] == ["in one", "in two"]


def test_pool_memory_limit_and_fresh_reads(disk_store):
    from kg.query.pool import WorkerPool

    with open_store(disk_store) as st, WorkerPool(st, size=1, max_memory=300 * 2**20) as pool:
        with pytest.raises(QueryMemoryError, match=r"\(300 MiB\)"):
            run_query(st, HUNGRY, timeout=None, pool=pool)
        count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
        assert run_query(st, count, timeout=120, pool=pool).rows[0][0].value == "2"
        with open_store(disk_store, "w") as writer:  # another writer adds a quad meanwhile
            writer.extend([_quad("http://example.org/c", "new", G1)])
        assert run_query(st, count, timeout=120, pool=pool).rows[0][0].value == "3"


def test_pool_sees_every_commit_however_close_in_time(disk_store):
    """Commits a few milliseconds apart (one file-system clock tick) are each seen by the next query."""
    from kg.query.pool import WorkerPool

    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    with open_store(disk_store) as st, WorkerPool(st, size=1) as pool, open_store(disk_store, "w") as writer:
        for i in range(1, 11):
            writer.update(f'INSERT DATA {{ GRAPH <{G1}> {{ <http://example.org/n{i}> <http://example.org/says> "x" }} }}')
            assert run_query(st, count, timeout=120, pool=pool).rows[0][0].value == str(2 + i)


def test_queries_in_a_writing_process_use_a_fresh_worker(tmp_path):
    path = tmp_path / "store"
    with open_store(path, "w") as st:
        for i in range(20):  # keep RocksDB's background threads busy, as an ingest does
            st.extend([_quad(f"http://example.org/s{i}-{j}", "x", G1) for j in range(500)])
            res = run_query(st, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", timeout=120)
            assert res.rows[0][0].value == str(500 * (i + 1))
    from kg.query import sparql

    sparql._close_writer_pools()


def test_a_forked_worker_holds_none_of_the_parents_sockets():
    import socket

    with socket.socket() as listening:  # like a server's listening socket
        listening.bind(("127.0.0.1", 0))
        listening.listen()
        parent_fd = listening.fileno()
        media, body = run_forked(lambda: ("text/plain", " ".join(os.listdir("/proc/self/fd")).encode()),
                                 timeout=30, max_memory=None)
    child_fds = {int(fd) for fd in body.split()}
    assert parent_fd not in child_fds
    assert {0, 1, 2} <= child_fds and len(child_fds) <= 6  # stdio, the two pipes, the listing itself


# --- updates have the limits of queries ---------------------------------------------------

# One transaction: a DELETE of graph one, then an INSERT whose WHERE has 10^15 rows to filter
# (no machine finishes it): stopped, it must leave graph one in place.
ENDLESS_UPDATE = (f"DELETE WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }} ; "
                  f"INSERT {{ GRAPH <{G2}> {{ <http://example.org/c> <http://example.org/says> ?a }} }} "
                  "WHERE { " + "".join(DIGITS.format(v=v) for v in "abcde") + "FILTER(?a + ?b + ?c + ?d + ?e < 0) }")
SAYS = "SELECT ?o WHERE { ?s <http://example.org/says> ?o } ORDER BY ?o"


@pytest.mark.parametrize("on_disk", [True, False], ids=["disk", "memory"])
def test_a_stopped_update_changes_nothing_and_the_store_stays_writable(tmp_path, two_graphs, on_disk):
    from kg.errors import QueryTimeout

    if on_disk:
        with open_store(tmp_path / "store", "w") as st:
            st.extend(list(two_graphs.quads()))
    st = open_store(tmp_path / "store", "w") if on_disk else two_graphs
    with st:
        with pytest.raises(QueryTimeout, match=r"^update timed out after 1 s and was stopped; the store is unchanged$"):
            run_update(st, ENDLESS_UPDATE, timeout=1)
        assert [r["o"] for r in run_query(st, SAYS).dicts()] == ["in one", "in two"]
        run_update(st, f"DELETE WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}", timeout=120)  # the handle still writes
        assert [r["o"] for r in run_query(st, SAYS).dicts()] == ["in two"]
        assert len(st) == 1


def test_an_update_over_its_memory_limit_changes_nothing(disk_store):
    hungry = (f"DELETE WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }} ; INSERT {{ GRAPH <{G2}> {{ ?a ?b ?c }} }} WHERE {{ "
              + "".join("VALUES ?" + v + " { " + " ".join(f"<http://example.org/{v}{i}>" for i in range(1000)) + " } "
                        for v in "abc") + "}")
    with open_store(disk_store, "w") as st:
        with pytest.raises(QueryMemoryError, match=r"^update needed more memory than its limit \(300 MiB\) and was stopped; the store is unchanged$"):
            run_update(st, hungry, timeout=None, max_memory=300 * 2**20)
        assert len(st) == 2


def test_cli_update_timeout(disk_store):
    out = kg("update", ENDLESS_UPDATE, "--timeout", "1", "--store", str(disk_store), process=True, code=1)
    assert out.stderr == ("Error: update timed out after 1 s and was stopped; the store is unchanged "
                          "(make the update more selective, or raise --timeout)\n")
    out = kg("update", f"DELETE WHERE {{ GRAPH <{G2}> {{ ?s ?p ?o }} }}", "--store", str(disk_store), process=True)
    assert out.stdout == "updated\n"
    out = kg("query", SAYS, "--format", "csv", "--store", str(disk_store), process=True)
    assert out.stdout.splitlines() == ["o", "in one"]


def test_serve_stops_a_runaway_update_and_keeps_the_data(disk_store):
    from tests.serve_helpers import call, running

    def post(server, sparql: str) -> tuple[int, bytes]:
        status, _, body = call(f"{server.url}/update", data=sparql.encode(),
                               headers={"Content-Type": "application/sparql-update"})
        return status, body

    with open_store(disk_store, "w") as st, running(st, allow_update=True, timeout=1, workers=1) as server:
        assert post(server, ENDLESS_UPDATE) == (503, b"update timed out after 1 s and was stopped; the store is "
                                                     b"unchanged; make the query more selective, or start kg serve "
                                                     b"with a larger --timeout\n")
        assert [r["o"] for r in run_query(st, SAYS).dicts()] == ["in one", "in two"]
        assert post(server, f"DELETE WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}") == (204, b"")
        assert [r["o"] for r in run_query(st, SAYS).dicts()] == ["in two"]
