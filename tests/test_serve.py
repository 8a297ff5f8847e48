"""kg serve: the SPARQL 1.1 Protocol (queries, formats, datasets, Graph Store reads, updates, limits)."""
from __future__ import annotations

import csv
import io
import json
import urllib.parse
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest

from kg.serve.negotiate import Choice, UnknownFormat, negotiate
from kg.store import open_store
from tests.serve_helpers import RDFS_LABEL, call, get, running, small_store

pytestmark = pytest.mark.server

TOWNS = "SELECT ?label WHERE { ?t a kgo:Settlement ; rdfs:label ?label } ORDER BY ?label"
TOWN_NAMES = ["Ashford", "Brenmoor", "Calder"]
CONSTRUCT = "CONSTRUCT { ?t rdfs:label ?label } WHERE { ?t a kgo:Settlement ; rdfs:label ?label }"
SRX = "{http://www.w3.org/2005/sparql-results#}"


@pytest.fixture(scope="module")
def store():
    return small_store()


@pytest.fixture(scope="module")
def endpoint(store):
    with running(store) as server:
        yield server.url


def labels_from_json(body: bytes) -> list[str]:
    return [b["label"]["value"] for b in json.loads(body)["results"]["bindings"]]


@pytest.mark.parametrize("accept,media,parse", [
    (None, "application/sparql-results+json", labels_from_json),
    ("application/sparql-results+json", "application/sparql-results+json", labels_from_json),
    ("application/sparql-results+xml", "application/sparql-results+xml",
     lambda b: [e.text for e in ET.fromstring(b).iter(f"{SRX}literal")]),
    ("text/csv", "text/csv", lambda b: [r["label"] for r in csv.DictReader(io.StringIO(b.decode()))]),
    ("text/tab-separated-values", "text/tab-separated-values",
     lambda b: [line.strip('"') for line in b.decode().splitlines()[1:]]),
    ("text/html;q=0.9, text/csv;q=0.5, image/png", "text/csv",
     lambda b: [r["label"] for r in csv.DictReader(io.StringIO(b.decode()))]),
])
def test_select_in_every_results_format(endpoint, accept, media, parse):
    status, headers, body = get(endpoint, TOWNS, accept)
    assert status == 200 and headers["content-type"].startswith(media)
    assert parse(body) == TOWN_NAMES


@pytest.mark.parametrize("accept,truth", [
    ("application/sparql-results+json", lambda b: json.loads(b)["boolean"] is True),
    ("application/sparql-results+xml", lambda b: ET.fromstring(b).find(f"{SRX}boolean").text == "true"),
])
def test_ask(endpoint, accept, truth):
    status, _, body = get(endpoint, "ASK { ?t rdfs:label 'Calder' }", accept)
    assert status == 200 and truth(body)


GRAPH_FORMATS = [
    ("text/turtle", "text/turtle", ox.RdfFormat.TURTLE),
    ("application/n-triples", "application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("application/n-quads", "application/n-quads", ox.RdfFormat.N_QUADS),
    ("application/trig", "application/trig", ox.RdfFormat.TRIG),
    ("application/ld+json", "application/ld+json", ox.RdfFormat.JSON_LD),
    ("application/rdf+xml", "application/rdf+xml", ox.RdfFormat.RDF_XML),
]


def triples(body: bytes, fmt: ox.RdfFormat) -> set[tuple[str, str, str]]:
    return {(q.subject.value, q.predicate.value, q.object.value) for q in ox.parse(body, format=fmt)}


@pytest.mark.parametrize("accept,media,fmt", GRAPH_FORMATS)
def test_construct_and_describe_in_every_graph_format(endpoint, accept, media, fmt):
    want = {(f"urn:kg:town/{n.lower()}", RDFS_LABEL, n) for n in TOWN_NAMES}
    status, headers, body = get(endpoint, CONSTRUCT, accept)
    assert status == 200 and headers["content-type"].startswith(media)
    assert triples(body, fmt) == want
    status, headers, body = get(endpoint, "DESCRIBE <urn:kg:town/calder>", accept)
    assert status == 200 and headers["content-type"].startswith(media)
    assert ("urn:kg:town/calder", RDFS_LABEL, "Calder") in triples(body, fmt)


def test_format_parameter_follows_the_answer_kind(endpoint):
    """SPARQLWrapper sends format=, output= and results=: json is JSON-LD for a graph, xml RDF/XML."""
    status, headers, body = get(endpoint, CONSTRUCT, None, format="json", output="json")
    assert status == 200 and headers["content-type"].startswith("application/ld+json")
    assert len(triples(body, ox.RdfFormat.JSON_LD)) == 3
    status, headers, _ = get(endpoint, CONSTRUCT, None, format="xml")
    assert headers["content-type"].startswith("application/rdf+xml")
    status, headers, body = get(endpoint, TOWNS, "text/turtle", format="csv")
    assert headers["content-type"].startswith("text/csv") and b"Calder" in body
    status, _, body = get(endpoint, TOWNS, None, format="yaml")
    assert status == 400 and b"unknown format 'yaml'" in body


def test_no_acceptable_format_is_406(endpoint):
    status, _, body = get(endpoint, TOWNS, "image/png")
    assert status == 406 and len(body.splitlines()) == 1
    status, _, body = get(endpoint, CONSTRUCT, "text/csv")  # fine for results, not for a graph
    assert status == 406 and b"graph" in body


def test_post_form_and_direct_body(endpoint):
    form = urllib.parse.urlencode({"query": TOWNS}).encode()
    for data, ctype in ((form, "application/x-www-form-urlencoded"), (TOWNS.encode(), "application/sparql-query")):
        status, _, body = call(f"{endpoint}/query", data=data, headers={"Content-Type": ctype})
        assert status == 200 and labels_from_json(body) == TOWN_NAMES
    status, _, body = call(f"{endpoint}/sparql", data=form,
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200 and labels_from_json(body) == TOWN_NAMES


def test_dataset_parameters(endpoint):
    q = "SELECT ?label WHERE { ?t rdfs:label ?label } ORDER BY ?label"
    status, _, body = get(endpoint, q, None, **{"default-graph-uri": "urn:kg:article/1"})
    assert status == 200 and labels_from_json(body) == ["Ashford", "Brenmoor"]
    qs = urllib.parse.urlencode([("query", q), ("default-graph-uri", "urn:kg:article/2"),
                                 ("default-graph-uri", "urn:kg:article/3")])
    status, _, body = call(f"{endpoint}/query?{qs}")
    assert labels_from_json(body) == ["Calder", "Operation Grey Heron", "Operation North Wind"]
    g = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    status, _, body = get(endpoint, g, "text/csv", **{"named-graph-uri": "urn:kg:article/3"})
    assert status == 200 and body.decode().splitlines()[1:] == ["urn:kg:article/3,2"]
    # Without dataset parameters the default graph is the union of all graphs.
    assert labels_from_json(get(endpoint, q)[2]) == sorted(TOWN_NAMES + ["Operation Grey Heron",
                                                                          "Operation North Wind"])
    status, _, body = get(endpoint, q, None, **{"default-graph-uri": "not an iri"})
    assert status == 400 and len(body.splitlines()) == 1


def test_graph_store_reads(endpoint):
    status, headers, body = call(f"{endpoint}/store?graph=urn:kg:article/1",
                                 headers={"Accept": "application/n-triples"})
    assert status == 200 and headers["content-type"].startswith("application/n-triples")
    got = triples(body, ox.RdfFormat.N_TRIPLES)
    assert ("urn:kg:town/ashford", RDFS_LABEL, "Ashford") in got and len(got) == 4
    status, headers, body = call(f"{endpoint}/store?graph=urn:kg:article/3")  # Turtle by default
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    assert len(triples(body, ox.RdfFormat.TURTLE)) == 2
    status, _, body = call(f"{endpoint}/store?default", headers={"Accept": "application/ld+json"})
    assert status == 200 and len(triples(body, ox.RdfFormat.JSON_LD)) == 10
    status, _, body = call(f"{endpoint}/store?graph=urn:kg:article/404")
    assert status == 404 and body == b"no graph <urn:kg:article/404> in this store\n"
    assert call(f"{endpoint}/store")[0] == 400
    assert call(f"{endpoint}/store?graph=urn:kg:article/1", method="PUT", data=b"")[0] == 405


def test_errors_are_one_line_without_traces(endpoint):
    status, headers, body = get(endpoint, "SELECT ?x WHERE { ?x")
    assert status == 400 and headers["content-type"].startswith("text/plain")
    assert body.count(b"\n") == 1 and b"Traceback" not in body and b"line 1" in body
    for status_want, url, kwargs in [
        (404, f"{endpoint}/nowhere", {}),
        (400, f"{endpoint}/query", {}),
        (405, f"{endpoint}/query", {"method": "PUT", "data": b"x"}),
        (415, f"{endpoint}/query", {"data": b"x", "headers": {"Content-Type": "application/json"}}),
        (400, f"{endpoint}/query?query=ASK{{}}&query=ASK{{}}", {}),
    ]:
        status, headers, body = call(url, **kwargs)
        assert status == status_want and body.count(b"\n") == 1 and headers["content-type"].startswith("text/plain")


def test_service_is_refused_without_naming_a_missing_option(endpoint):
    status, _, body = get(endpoint, "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    assert status == 400 and b"SERVICE" in body and body.count(b"\n") == 1
    assert b"--allow-service" not in body  # kg serve has no such option


def test_updates_refused_by_default(endpoint, store):
    before = len(store)
    upd = urllib.parse.urlencode({"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}).encode()
    status, _, body = call(f"{endpoint}/update", data=upd,
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403 and b"--allow-update" in body
    status, _, body = call(f"{endpoint}/query", data=upd, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 400 and b"/update" in body
    status, _, _ = get(endpoint, "INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert status == 400
    assert len(store) == before


def test_allowed_update_and_body_limit():
    store = open_store("memory")
    with running(store, allow_update=True, max_body=2000) as server:
        status, _, _ = call(f"{server.url}/update", data=b"INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                            headers={"Content-Type": "application/sparql-update"})
        assert status == 204 and len(store) == 1
        big = ("INSERT DATA { " + "<urn:a> <urn:b> 'x' . " * 200 + "}").encode()
        status, headers, body = call(f"{server.url}/update", data=big,
                                     headers={"Content-Type": "application/sparql-update"})
        assert status == 413 and headers.get("connection") == "close" and len(store) == 1
        status, _, body = call(f"{server.url}/update", data=b"LOAD <http://127.0.0.1:9/x.ttl>",
                               headers={"Content-Type": "application/sparql-update"})
        assert status == 400 and b"LOAD" in body and len(store) == 1


def test_query_page_is_served_offline(endpoint):
    status, headers, body = call(f"{endpoint}/")
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert b"<textarea" in body and b'src="query.js"' in body
    assert b"http://" not in body and b"https://" not in body  # nothing loaded from elsewhere
    assert "script-src 'self'" in headers["content-security-policy"]
    status, headers, js = call(f"{endpoint}/query.js")
    assert status == 200 and headers["content-type"].startswith("text/javascript")
    assert b"fetch(" in js and b"http://" not in js and b"https://" not in js


def test_health(endpoint):
    status, _, body = call(f"{endpoint}/health")
    assert status == 200 and json.loads(body)["endpoint"] == "/query"


def test_negotiate():
    assert negotiate(None) == Choice("json", "turtle")
    assert negotiate("text/turtle, text/csv;q=0.8") == Choice("csv", "turtle")
    assert negotiate("*/*", ["tsv"]) == Choice("tsv", "turtle")
    assert negotiate("application/sparql-results+xml, application/rdf+xml") == Choice("xml", "rdfxml")
    assert negotiate("text/csv;q=0") == Choice(None, None)
    assert negotiate("text/*") == Choice("csv", "turtle")
    with pytest.raises(UnknownFormat, match="unknown format 'yaml'; use json, "):
        negotiate(None, ["yaml"])
