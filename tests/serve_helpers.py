"""Helpers for the ``kg serve`` tests: start a server on a free loopback port, speak HTTP to it."""
from __future__ import annotations

import contextlib
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pyoxigraph as ox

from kg.serve import ServeConfig, Server, make_server
from kg.store import Store, open_store

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
KGO = "https://w3id.org/kg/ontology#"


def small_store() -> Store:
    """Three towns and two operations, each in its own named graph (written by hand for these tests)."""
    store = open_store("memory")
    rows = [
        ("urn:kg:town/ashford", "Settlement", "Ashford", "urn:kg:article/1"),
        ("urn:kg:town/brenmoor", "Settlement", "Brenmoor", "urn:kg:article/1"),
        ("urn:kg:town/calder", "Settlement", "Calder", "urn:kg:article/2"),
        ("urn:kg:op/north-wind", "Operation", "Operation North Wind", "urn:kg:article/2"),
        ("urn:kg:op/grey-heron", "Operation", "Operation Grey Heron", "urn:kg:article/3"),
    ]
    quads = []
    for iri, cls, label, graph in rows:
        g = ox.NamedNode(graph)
        quads.append(ox.Quad(ox.NamedNode(iri), ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                             ox.NamedNode(KGO + cls), g))
        quads.append(ox.Quad(ox.NamedNode(iri), ox.NamedNode(RDFS_LABEL), ox.Literal(label), g))
    store.extend(quads)
    return store


@contextlib.contextmanager
def running(store: Store, host: str = "127.0.0.1", **cfg: object) -> Iterator[Server]:
    """A server over ``store`` on a free port, stopped on exit."""
    server = make_server(store, host, 0, ServeConfig(**cfg)).start()  # type: ignore[arg-type]
    try:
        yield server
    finally:
        server.stop()


def call(url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None,
         method: str | None = None) -> tuple[int, dict[str, str], bytes]:
    """One HTTP request with urllib; ``(status, headers (lower-case names), body)``, errors included."""
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()


def get(base: str, query: str, accept: str | None = None, **params: str) -> tuple[int, dict[str, str], bytes]:
    """GET /query?query=... with an optional Accept header and extra parameters."""
    qs = urllib.parse.urlencode({"query": query, **params})
    return call(f"{base}/query?{qs}", headers={"Accept": accept} if accept else None)


def raw(address: tuple[str, int], data: bytes, *, timeout: float = 60.0) -> bytes:
    """Send raw bytes and read until the server closes the connection."""
    with socket.create_connection(address, timeout=timeout) as sock:
        sock.sendall(data)
        return read_all(sock)


def read_all(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes (a reset counts as closing)."""
    out = b""
    while True:
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            return out
        if not chunk:
            return out
        out += chunk


def split_responses(data: bytes) -> list[tuple[int, dict[bytes, bytes], bytes]]:
    """``(status, headers, body)`` of each HTTP response in a raw byte stream, framed by Content-Length."""
    found = []
    while data.startswith(b"HTTP/1."):
        head, sep, rest = data.partition(b"\r\n\r\n")
        if not sep:
            break
        lines = head.split(b"\r\n")
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get(b"content-length", len(rest)))
        found.append((int(lines[0].split()[1]), headers, rest[:length]))
        data = rest[length:]
    return found


def responses(data: bytes) -> list[int]:
    """Status codes of the HTTP responses in a raw byte stream, in order."""
    return [status for status, _, _ in split_responses(data)]


def body_of(data: bytes) -> bytes:
    """The body of the first response in a raw byte stream."""
    found = split_responses(data)
    return found[0][2] if found else b""
