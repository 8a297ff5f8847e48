"""kg serve: the SPARQL 1.1 Protocol endpoint."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox
import pytest

from bench import synth
from kg.ingest import write_extractions
from kg.serve.server import ServeConfig, make_server, negotiate
from kg.store import Store, open_store

pytestmark = pytest.mark.server

COUNT = "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o a kgo:Operation }"


def _start(store: Store, **cfg):
    server = make_server(store, "127.0.0.1", 0, ServeConfig(**cfg))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="module")
def data_store():
    store = open_store("memory")
    write_extractions(synth.extractions(40, seed=9), store)
    return store


@pytest.fixture(scope="module")
def endpoint(data_store):
    server, url = _start(data_store)
    yield url
    server.shutdown()
    server.server_close()


def call(url: str, *, data: bytes | None = None, headers: dict | None = None) -> tuple[int, str, bytes]:
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()


def get(base: str, query: str, accept: str | None = None) -> tuple[int, str, bytes]:
    return call(f"{base}/query?{urllib.parse.urlencode({'query': query})}",
                headers={"Accept": accept} if accept else None)


def expected(store: Store) -> int:
    from kg.query.sparql import run_query

    return int(run_query(store, COUNT).rows[0][0].value)


def test_get_json(endpoint, data_store):
    status, ctype, body = get(endpoint, COUNT)
    assert status == 200 and ctype.startswith("application/sparql-results+json")
    doc = json.loads(body)
    assert int(doc["results"]["bindings"][0]["n"]["value"]) == expected(data_store) > 0


@pytest.mark.parametrize("accept,media,check", [
    ("text/csv", "text/csv", lambda b: b.splitlines()[0] == b"n"),
    ("text/tab-separated-values", "text/tab-separated-values", lambda b: b.splitlines()[0] == b"?n"),
    ("application/sparql-results+xml", "application/sparql-results+xml", lambda b: b"<sparql" in b),
    ("text/html;q=0.9, text/csv;q=0.5", "text/csv", lambda b: b.startswith(b"n")),
])
def test_content_negotiation_select(endpoint, accept, media, check):
    status, ctype, body = get(endpoint, COUNT, accept)
    assert status == 200 and ctype.startswith(media) and check(body)


def test_construct_ntriples_and_turtle(endpoint):
    q = "CONSTRUCT { ?o a kgo:Operation } WHERE { ?o a kgo:Operation }"
    status, ctype, body = get(endpoint, q, "application/n-triples")
    assert status == 200 and ctype.startswith("application/n-triples")
    nt = set(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
    status, ctype, body = get(endpoint, q, "text/turtle")
    assert status == 200 and ctype.startswith("text/turtle")
    assert set(ox.parse(body, format=ox.RdfFormat.TURTLE)) == nt and nt


def test_post_form_and_direct(endpoint, data_store):
    n = expected(data_store)
    form = urllib.parse.urlencode({"query": COUNT}).encode()
    for data, ctype in ((form, "application/x-www-form-urlencoded"), (COUNT.encode(), "application/sparql-query")):
        status, _, body = call(f"{endpoint}/query", data=data,
                               headers={"Content-Type": ctype, "Accept": "text/csv"})
        assert status == 200 and body.split()[1] == str(n).encode()


def test_errors_are_one_line_without_traces(endpoint):
    status, ctype, body = get(endpoint, "SELECT ?x WHERE { ?x")
    assert status == 400 and ctype.startswith("text/plain")
    assert b"Traceback" not in body and len(body.strip().splitlines()) == 1
    status, _, body = get(endpoint, "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    assert status == 400 and b"SERVICE" in body
    assert call(f"{endpoint}/nowhere")[0] == 404
    assert call(f"{endpoint}/query")[0] == 400
    status, _, _ = call(f"{endpoint}/query", data=b"x", headers={"Content-Type": "application/json"})
    assert status == 415


def test_updates_refused_by_default(endpoint, data_store):
    before = len(data_store)
    upd = urllib.parse.urlencode({"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}).encode()
    status, _, body = call(f"{endpoint}/update", data=upd,
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403 and b"--allow-update" in body
    assert len(data_store) == before


def test_body_limit_and_allowed_update():
    store = open_store("memory")
    server, url = _start(store, allow_update=True, max_body=2000)
    try:
        status, _, _ = call(f"{url}/update", data=b"INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                            headers={"Content-Type": "application/sparql-update"})
        assert status == 204 and len(store) == 1
        big = ("INSERT DATA { " + "<urn:a> <urn:b> 'x' . " * 200 + "}").encode()
        status, _, _ = call(f"{url}/update", data=big, headers={"Content-Type": "application/sparql-update"})
        assert status == 413 and len(store) == 1
    finally:
        server.shutdown()
        server.server_close()


def test_query_timeout():
    store = open_store("memory")
    store.extend(ox.Quad(ox.NamedNode(f"urn:s{i}"), ox.NamedNode("urn:p"), ox.Literal(i)) for i in range(150))
    server, url = _start(store, timeout=0.05)
    try:
        slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # 3.4M rows
        status, _, body = get(url, slow)
        assert status == 503 and b"timed out" in body
    finally:
        server.shutdown()
        server.server_close()


def test_negotiate():
    assert negotiate(None) == ("json", "nt")
    assert negotiate("text/turtle, text/csv;q=0.8") == ("csv", "ttl")
    assert negotiate("*/*", "tsv") == ("tsv", "nt")


def test_concurrent_clients_get_correct_answers(endpoint, data_store):
    """8 clients x 25 queries on loopback, every answer checked."""
    from kg.query.sparql import run_query

    towns = [r[0].value for r in run_query(data_store, "SELECT DISTINCT ?t WHERE { ?t a kgo:Settlement } "
                                                       "ORDER BY ?t LIMIT 25").rows]
    truth = {t: sorted(r[0].value for r in run_query(
        data_store, f"SELECT DISTINCT ?l WHERE {{ <{t}> rdfs:label ?l }}").rows) for t in towns}

    def client(k: int) -> int:
        ok = 0
        for j in range(25):
            t = towns[(k * 7 + j) % len(towns)]
            status, _, body = get(endpoint, f"SELECT DISTINCT ?l WHERE {{ <{t}> rdfs:label ?l }}")
            labels = sorted(b["l"]["value"] for b in json.loads(body)["results"]["bindings"])
            ok += status == 200 and labels == truth[t]
        return ok

    with ThreadPoolExecutor(8) as pool:
        assert sum(pool.map(client, range(8))) == 200


def test_cli_serve_subprocess(tmp_path):
    store_dir = tmp_path / "db"
    st = open_store(store_dir, "w")
    write_extractions(synth.extractions(5, seed=4), st)
    n = expected(st)
    st.close()
    kg = str(Path(sys.executable).parent / "kg")
    proc = subprocess.Popen([kg, "serve", "--store", str(store_dir), "--port", "0", "--quiet"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "KG_STORE": ""})
    try:
        line = proc.stdout.readline()
        assert "http://127.0.0.1:" in line, proc.stderr.read() if proc.poll() is not None else line
        url = line.split()[2].rsplit("/query", 1)[0]
        status, _, body = get(url, COUNT, "text/csv")
        assert status == 200 and body.split()[1] == str(n).encode()
        upd = urllib.parse.urlencode({"update": "CLEAR ALL"}).encode()
        assert call(f"{url}/update", data=upd,
                    headers={"Content-Type": "application/x-www-form-urlencoded"})[0] == 403
    finally:
        proc.terminate()
        proc.wait(timeout=10)
