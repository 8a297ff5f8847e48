"""kg serve over raw sockets: request smuggling shapes, stalled clients, size limits, Host and Origin checks."""
from __future__ import annotations

import socket
import urllib.parse

import pytest

from kg.store import open_store
from tests.serve_helpers import body_of, call, raw, read_all, responses, running, small_store

pytestmark = pytest.mark.server

ASK = "/query?query=" + urllib.parse.quote("ASK { ?s ?p ?o }")
LAST = b"GET /marker HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"


@pytest.fixture(scope="module")
def server():
    with running(small_store(), header_timeout=1.0, body_timeout=1.0, max_url=2048,
                 max_headers=4096) as srv:
        yield srv


def one_line_error(data: bytes, status: int) -> None:
    assert responses(data)[:1] == [status], data[:300]
    body = body_of(data)
    assert body.count(b"\n") <= 1 and b"<" not in body and body.strip(), body


# -- request smuggling ---------------------------------------------------------------
@pytest.mark.parametrize("name,head", [
    ("underscore in Content-Length", b"Content-Length: 0_6\r\n"),
    ("plus sign in Content-Length", b"Content-Length: +6\r\n"),
    ("duplicate Content-Length", b"Content-Length: 6\r\nContent-Length: 6\r\n"),
    ("conflicting Content-Length", b"Content-Length: 6\r\nContent-Length: 0\r\n"),
    ("Content-Length with Transfer-Encoding", b"Content-Length: 6\r\nTransfer-Encoding: chunked\r\n"),
    ("unknown Transfer-Encoding", b"Transfer-Encoding: xchunked\r\n"),
    ("space before colon", b"Content-Length : 6\r\n"),
])
def test_smuggling_shapes_are_refused_and_close(server, name, head):
    smuggled = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    data = raw(server.address, b"POST /query HTTP/1.1\r\nHost: 127.0.0.1\r\n" + head + b"\r\n0\r\n\r\n" + smuggled)
    assert responses(data) == [400], (name, data[:300])  # one answer, and the smuggled request is never run
    one_line_error(data, 400)


def test_body_of_a_404_is_not_read_as_a_request(server):
    inner = b"GET " + ASK.encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    data = raw(server.address, b"POST /nowhere HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
               + str(len(inner)).encode() + b"\r\n\r\n" + inner + LAST)
    assert responses(data)[0] == 404 and 200 not in responses(data)


def test_post_without_length_is_411_and_closes(server):
    inner = b"GET " + ASK.encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    data = raw(server.address, b"POST /query HTTP/1.1\r\nHost: 127.0.0.1\r\n"
               b"Content-Type: application/sparql-query\r\n\r\n" + inner)
    assert responses(data) == [411]
    one_line_error(data, 411)


def test_pipelined_requests_on_one_connection(server):
    req = b"GET " + ASK.encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    data = raw(server.address, req * 3 + LAST)
    assert responses(data) == [200, 200, 200, 404]


# -- stalled and oversized clients ------------------------------------------------------
def test_stalled_request_head_is_dropped(server):
    with socket.create_connection(server.address, timeout=60) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        data = read_all(sock)  # the server closes the connection after its header deadline
    one_line_error(data, 408)


def test_silent_connection_is_closed(server):
    with socket.create_connection(server.address, timeout=60) as sock:
        assert read_all(sock) == b""


def test_stalled_body_is_dropped(server):
    with socket.create_connection(server.address, timeout=60) as sock:
        sock.sendall(b"POST /query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
                     b"Content-Length: 100\r\n\r\nASK {")
        data = read_all(sock)
    one_line_error(data, 408)


def test_stalled_clients_do_not_block_others(server):
    stalled = [socket.create_connection(server.address, timeout=60) for _ in range(20)]
    try:
        for sock in stalled:
            sock.sendall(b"GET /health HTTP/1.1\r\n")
        status, _, body = call(server.url + ASK)
        assert status == 200 and b"true" in body
    finally:
        for sock in stalled:
            sock.close()


def test_long_url_is_414(server):
    data = raw(server.address, b"GET /query?query=" + b"A" * 5000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    one_line_error(data, 414)
    assert b"POST" in body_of(data)


def test_huge_headers_are_431(server):
    data = raw(server.address, b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"b" * 8000 + b"\r\n\r\n")
    one_line_error(data, 431)
    many = b"".join(b"X-H%d: v\r\n" % i for i in range(600))
    data = raw(server.address, b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n" + many + b"\r\n")
    one_line_error(data, 431)


@pytest.mark.parametrize("request_bytes,status", [
    (b"GARBAGE\r\n\r\n", 400),
    (b"GET /health HTTP/1.1\nHost: 127.0.0.1\n\n", 400),  # bare LF
    (b"BREW /query HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 400),
    (b"PUT /query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1\r\n\r\nx", 405),
    (b"GET /query HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 400),
    (b"POST /query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: 1\r\n\r\nx", 415),
])
def test_every_error_is_one_line(server, request_bytes, status):
    data = raw(server.address, request_bytes + LAST)
    one_line_error(data, status)


# -- Host and Origin --------------------------------------------------------------------
@pytest.mark.parametrize("host,status", [
    (b"127.0.0.1", 200), (b"localhost", 200), (b"LOCALHOST:7878", 200), (b"[::1]:7878", 200),
    (b"attacker.example", 403), (b"attacker.example:7878", 403), (b"127.0.0.1.nip.io", 403),
    (b"127.0.0.1@attacker.example", 403), (b"", 403),
])
def test_host_header_is_checked(server, host, status):
    data = raw(server.address, b"GET " + ASK.encode() + b" HTTP/1.1\r\nHost: " + host
               + b"\r\nConnection: close\r\n\r\n")
    assert responses(data) == [status], data[:200]
    if status == 403:
        assert b"--allowed-host" in body_of(data) and body_of(data).count(b"\n") == 1


def test_missing_host_and_http10(server):
    assert responses(raw(server.address, b"GET /health HTTP/1.1\r\nConnection: close\r\n\r\n")) == [400]
    assert responses(raw(server.address, b"GET /health HTTP/1.0\r\n\r\n")) == [200]
    data = raw(server.address, b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\n\r\n")
    assert responses(data) == [400]


def test_allowed_host_option():
    with running(small_store(), allowed_hosts=("kg.internal",)) as srv:
        ok = raw(srv.address, b"GET /health HTTP/1.1\r\nHost: kg.internal:8080\r\nConnection: close\r\n\r\n")
        bad = raw(srv.address, b"GET /health HTTP/1.1\r\nHost: kg.external\r\nConnection: close\r\n\r\n")
        assert responses(ok) == [200] and responses(bad) == [403]
    with running(small_store(), allowed_hosts=("*",)) as srv:
        anyhost = raw(srv.address, b"GET /health HTTP/1.1\r\nHost: any.example\r\nConnection: close\r\n\r\n")
        assert responses(anyhost) == [200]


def _post(address, path: str, body: bytes, ctype: str, extra: bytes = b"", host: bytes = b"127.0.0.1") -> bytes:
    return raw(address, b"POST " + path.encode() + b" HTTP/1.1\r\nHost: " + host + b"\r\nContent-Type: "
               + ctype.encode() + b"\r\nContent-Length: " + str(len(body)).encode() + b"\r\n" + extra
               + b"Connection: close\r\n\r\n" + body)


def test_cross_site_form_post_cannot_drop_the_data():
    store = small_store()
    before = len(store)
    drop = urllib.parse.urlencode({"update": "DROP ALL"}).encode()
    form = "application/x-www-form-urlencoded"
    with running(store, allow_update=True) as srv:
        port = str(srv.address[1]).encode()
        for extra in (b"Origin: http://attacker.example\r\n",
                      b"Origin: null\r\n",
                      b"Origin: http://127.0.0.1:1\r\n",  # another local site
                      b"Sec-Fetch-Site: cross-site\r\n"):
            data = _post(srv.address, "/update", drop, form, extra)
            assert responses(data) == [403], (extra, data[:300])
            assert body_of(data).count(b"\n") == 1
        # DNS rebinding: a foreign Host is refused before the Origin is even looked at
        data = _post(srv.address, "/update", drop, form, b"Origin: http://attacker.example:" + port + b"\r\n",
                     host=b"attacker.example:" + port)
        assert responses(data) == [403]
        assert len(store) == before
        # the endpoint's own page, and clients that are not browsers, may write
        insert = urllib.parse.urlencode({"update": "INSERT DATA { <urn:x> <urn:y> <urn:z> }"}).encode()
        own = b"Origin: http://127.0.0.1:" + port + b"\r\nSec-Fetch-Site: same-origin\r\n"
        assert responses(_post(srv.address, "/update", insert, form, own, host=b"127.0.0.1:" + port)) == [204]
        assert responses(_post(srv.address, "/update", b"INSERT DATA { <urn:x> <urn:y> <urn:w> }",
                               "application/sparql-update")) == [204]
        assert len(store) == before + 2


def test_no_cors_unless_asked():
    with running(small_store()) as srv:
        status, headers, _ = call(srv.url + ASK, headers={"Origin": "http://app.example"})
        assert status == 200 and "access-control-allow-origin" not in headers
        status, headers, _ = call(srv.url + "/query", method="OPTIONS",
                                  headers={"Origin": "http://app.example", "Access-Control-Request-Method": "POST"})
        assert "access-control-allow-origin" not in headers


def test_cors_origin_option():
    store = open_store("memory")
    with running(store, cors_origins=("http://app.example",), allow_update=True) as srv:
        status, headers, _ = call(srv.url + ASK, headers={"Origin": "http://app.example"})
        assert status == 200 and headers["access-control-allow-origin"] == "http://app.example"
        status, headers, _ = call(srv.url + ASK, headers={"Origin": "http://other.example"})
        assert status == 200 and "access-control-allow-origin" not in headers
        status, headers, _ = call(srv.url + "/query", method="OPTIONS", headers={
            "Origin": "http://app.example", "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type"})
        assert status == 200 and headers["access-control-allow-origin"] == "http://app.example"
        # a --cors origin may write; another origin may not
        upd = b"INSERT DATA { <urn:a> <urn:b> <urn:c> }"
        assert responses(_post(srv.address, "/update", upd, "application/sparql-update",
                               b"Origin: http://app.example\r\n")) == [204]
        assert responses(_post(srv.address, "/update", upd, "application/sparql-update",
                               b"Origin: http://other.example\r\n")) == [403]
        assert len(store) == 1
