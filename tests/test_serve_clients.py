"""kg serve with the clients people use: SPARQLWrapper, rdflib's SPARQLStore, curl, a browser; and the CLI."""
from __future__ import annotations

import io
import json
import subprocess
import time
import urllib.parse
import warnings
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.store import open_store
from tests.conftest import kg, kg_popen, require_program
from tests.serve_helpers import KGO, RDFS_LABEL, call, get, running, small_store

pytestmark = [pytest.mark.server,
              pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")]

TOWNS = "SELECT ?label WHERE { ?t a kgo:Settlement ; rdfs:label ?label } ORDER BY ?label"
NAMES = ["Ashford", "Brenmoor", "Calder"]
CONSTRUCT = "CONSTRUCT { ?t rdfs:label ?label } WHERE { ?t a kgo:Settlement ; rdfs:label ?label }"
WANT = {(f"urn:kg:town/{n.lower()}", RDFS_LABEL, n) for n in NAMES}


@pytest.fixture(scope="module")
def endpoint():
    with running(small_store()) as server:
        yield server.url


def _graph_triples(graph) -> set[tuple[str, str, str]]:
    return {(str(s), str(p), str(o)) for s, p, o in graph}


def _ox_triples(body: bytes, fmt: ox.RdfFormat) -> set[tuple[str, str, str]]:
    return {(t.subject.value, t.predicate.value, t.object.value) for t in ox.parse(body, format=fmt)}


# -- SPARQLWrapper ---------------------------------------------------------------------
def _wrapper(endpoint: str, query: str, fmt: str, method: str):
    from SPARQLWrapper import GET, POST, SPARQLWrapper

    sw = SPARQLWrapper(f"{endpoint}/query")
    sw.setQuery("PREFIX kgo: <" + KGO + ">\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" + query)
    sw.setReturnFormat(fmt)
    sw.setMethod(GET if method == "GET" else POST)
    with warnings.catch_warnings():
        # SPARQLWrapper warns when an answer's type is not the one it asked for; it also warns,
        # before sending, that it has no Accept header of its own for JSON from a CONSTRUCT.
        warnings.simplefilter("error", RuntimeWarning)
        warnings.filterwarnings("ignore", "Sending Accept header", RuntimeWarning)
        return sw.queryAndConvert()


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_sparqlwrapper_select(endpoint, fmt, method):
    result = _wrapper(endpoint, TOWNS, fmt, method)
    if fmt == "json":
        labels = [b["label"]["value"] for b in result["results"]["bindings"]]
    elif fmt == "xml":
        labels = [n.firstChild.data for n in result.getElementsByTagName("literal")]
    else:
        sep = "," if fmt == "csv" else "\t"
        labels = [line.split(sep)[0].strip('"') for line in result.decode().splitlines()[1:]]
    assert labels == NAMES


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_sparqlwrapper_ask(endpoint, fmt):
    result = _wrapper(endpoint, "ASK { ?t rdfs:label 'Calder' }", fmt, "GET")
    value = result["boolean"] if fmt == "json" else result.getElementsByTagName("boolean")[0].firstChild.data == "true"
    assert value is True


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("fmt", ["turtle", "n3", "xml", "rdf+xml", "json-ld", "json"])
def test_sparqlwrapper_construct_and_describe(endpoint, fmt, method):
    result = _wrapper(endpoint, CONSTRUCT, fmt, method)
    if fmt in ("turtle", "n3"):
        got = _ox_triples(result, ox.RdfFormat.TURTLE)
    else:
        got = _graph_triples(result)  # SPARQLWrapper parsed it (RDF/XML or JSON-LD) into an rdflib graph
    assert got == WANT
    described = _wrapper(endpoint, "DESCRIBE <urn:kg:town/calder>", fmt, method)
    assert described  # parsed without error; its content is checked in test_serve.py


# -- rdflib's SPARQLStore, default settings ------------------------------------------------
def test_rdflib_sparqlstore_with_its_default_prefixes(endpoint):
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDFS
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    g = Graph(store=SPARQLStore(f"{endpoint}/query"))
    assert len(list(g.namespaces())) >= 25  # rdflib sends all of these as PREFIX lines with every query
    rows = g.query(TOWNS)
    assert [str(r[0]) for r in rows] == NAMES
    assert g.query("ASK { ?t rdfs:label 'Calder' }").askAnswer is True
    assert _graph_triples(g.query(CONSTRUCT).graph) == WANT
    assert (URIRef("urn:kg:town/calder"), RDFS.label, Literal("Calder")) in g
    assert {str(o) for o in g.objects(URIRef("urn:kg:town/ashford"), RDFS.label)} == {"Ashford"}
    assert len(g) == 10


# -- curl ------------------------------------------------------------------------------
def test_curl(endpoint):
    curl = require_program("curl")

    def run(*args: str) -> str:
        proc = subprocess.run([curl, "-sS", "--fail-with-body", *args], capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, proc.stderr + proc.stdout
        return proc.stdout

    out = run("-H", "Accept: text/csv", "--data-urlencode", f"query={TOWNS}", f"{endpoint}/query")
    assert out.splitlines() == ["label", *NAMES]
    out = run("-G", "--data-urlencode", f"query={TOWNS}", f"{endpoint}/query")
    assert [b["label"]["value"] for b in json.loads(out)["results"]["bindings"]] == NAMES
    out = run("-H", "Content-Type: application/sparql-query", "-H", "Accept: application/n-triples",
              "--data-binary", CONSTRUCT, f"{endpoint}/sparql")
    assert _ox_triples(out.encode(), ox.RdfFormat.N_TRIPLES) == WANT
    out = run("-H", "Accept: application/trig", f"{endpoint}/store?graph=urn:kg:article/1")
    assert len(_ox_triples(out.encode(), ox.RdfFormat.TRIG)) == 4
    proc = subprocess.run([curl, "-sS", "-o", "-", "-w", "%{http_code}", "-G", "--data-urlencode", "query=SELECT ?x {",
                           f"{endpoint}/query"], capture_output=True, text=True, timeout=60)
    assert proc.stdout.endswith("400") and proc.stdout.count("\n") == 1


# -- a browser -------------------------------------------------------------------------
def _chromium(chromium: str, url: str, profile: Path, *extra: str) -> subprocess.CompletedProcess:
    cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
           "--window-size=1000,700", "--virtual-time-budget=15000", *extra, url]
    return subprocess.run(cmd, capture_output=True, timeout=180, check=False)


@pytest.mark.external
def test_query_page_shows_a_result_table_in_chromium(endpoint, tmp_path):
    from PIL import Image

    chromium = require_program("chromium")
    url = f"{endpoint}/?" + urllib.parse.urlencode({"query": TOWNS})
    dom = _chromium(chromium, url, tmp_path / "p1", "--dump-dom").stdout.decode()
    assert '<table id="result-table">' in dom and "3 rows in" in dom
    for name in NAMES:
        assert f"<td>{name}</td>" in dom
    shot = tmp_path / "page.png"
    proc = _chromium(chromium, url, tmp_path / "p2", f"--screenshot={shot}")
    assert shot.exists(), proc.stderr.decode("utf-8", "replace")[-2000:]
    image = Image.open(io.BytesIO(shot.read_bytes())).convert("RGB")
    assert image.size == (1000, 700)
    colours = dict((rgb, n) for n, rgb in image.getcolors(maxcolors=1_000_000))
    header = colours.get((0xdd, 0xe6, 0xf3), 0)  # the table's header row colour
    striped = colours.get((0xf5, 0xf7, 0xfa), 0)  # its even rows
    assert header > 300 and striped > 300, (header, striped)


# -- the CLI, and a store that changes while it is served ----------------------------------------
def _count(url: str) -> int:
    status, _, body = get(url, "SELECT (COUNT(*) AS ?n) WHERE { ?s rdfs:label ?l }", "text/csv")
    assert status == 200, body
    return int(body.split()[1])


def test_cli_serve_answers_and_follows_store_changes(tmp_path):
    store_dir = tmp_path / "db"
    writer = open_store(store_dir, "w")
    writer.extend(small_store().quads())
    writer.close()
    proc = kg_popen("serve", "--store", store_dir, "--port", "0", "--quiet", stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE, text=True, env={"KG_STORE": ""})
    try:
        line = proc.stdout.readline()
        assert "http://127.0.0.1:" in line, proc.stderr.read() if proc.poll() is not None else line
        url = line.split()[2].rsplit("/query", 1)[0]
        assert _count(url) == 5
        upd = urllib.parse.urlencode({"update": "CLEAR ALL"}).encode()
        assert call(f"{url}/update", data=upd,
                    headers={"Content-Type": "application/x-www-form-urlencoded"})[0] == 403
        # Another process adds an article while the server runs: the server sees it.
        writer = open_store(store_dir, "w")
        writer.put_graph("urn:kg:article/9", [ox.Quad(ox.NamedNode("urn:kg:town/dunmore"), ox.NamedNode(RDFS_LABEL),
                                                      ox.Literal("Dunmore"), ox.NamedNode("urn:kg:article/9"))])
        writer.close()
        deadline = time.monotonic() + 60
        while _count(url) != 6:
            assert time.monotonic() < deadline, "the server kept answering from the store as it was opened"
            time.sleep(0.2)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_cli_serve_refuses_a_used_port(tmp_path):
    with running(small_store()) as server:
        port = server.address[1]
        out = kg("serve", "--store", "memory", "--port", port, process=True, code=2, timeout=60)
    assert out.stderr == f"Error: cannot listen on 127.0.0.1:{port}: Address already in use\n"
