"""kg serve under concurrent load: every client answered, every answer right (no timing assertions)."""
from __future__ import annotations

import json
import os
import socket
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from kg.store import open_store
from tests.serve_helpers import get, read_all, running, small_store, split_responses

pytestmark = pytest.mark.server

TOWNS = {"ashford": "Ashford", "brenmoor": "Brenmoor", "calder": "Calder"}


def label_query(town: str) -> str:
    return f"SELECT ?l WHERE {{ <urn:kg:town/{town}> rdfs:label ?l }}"


@pytest.fixture(scope="module")
def server():
    with running(small_store(), workers=4) as srv:
        yield srv


def test_64_concurrent_clients_get_correct_answers(server):
    """64 clients at once, 5 queries each; every one of the 320 answers is checked."""
    names = sorted(TOWNS)

    def client(k: int) -> int:
        right = 0
        for j in range(5):
            town = names[(k + j) % len(names)]
            status, _, body = get(server.url, label_query(town))
            values = [b["l"]["value"] for b in json.loads(body)["results"]["bindings"]] if status == 200 else []
            right += values == [TOWNS[town]]
        return right

    with ThreadPoolExecutor(64) as pool:
        assert sum(pool.map(client, range(64))) == 320


def test_100_simultaneous_connections_are_all_accepted(server):
    """All connections are opened before any request is sent: the listen backlog must hold them."""
    names = sorted(TOWNS)
    socks = [socket.create_connection(server.address, timeout=120) for _ in range(100)]
    try:
        for i, sock in enumerate(socks):
            target = "/query?" + urllib.parse.urlencode({"query": label_query(names[i % 3])})
            sock.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/csv\r\n"
                         "Connection: close\r\n\r\n".encode())
        answers = [split_responses(read_all(sock)) for sock in socks]
    finally:
        for sock in socks:
            sock.close()
    for i, found in enumerate(answers):
        assert len(found) == 1, i
        status, _, body = found[0]
        assert status == 200 and body.decode().split() == ["l", TOWNS[names[i % 3]]]


def _children() -> set[int]:
    """Process ids of this process's children (Linux /proc)."""
    found: set[int] = set()
    for task in os.listdir("/proc/self/task"):
        try:
            with open(f"/proc/self/task/{task}/children", encoding="ascii") as fh:
                found.update(int(pid) for pid in fh.read().split())
        except FileNotFoundError:  # that thread has just ended
            continue
    return found


def test_timed_out_queries_free_their_slots_and_their_cpu():
    """Four queries that cannot finish time out; their workers are killed and the next query is answered."""
    endless = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(12)) + " }"
    before = _children()
    with running(small_store(), workers=4, timeout=1.0) as srv:
        with ThreadPoolExecutor(4) as pool:
            answers = list(pool.map(lambda _: get(srv.url, endless), range(4)))
        for status, _, body in answers:
            assert status == 503 and b"timed out" in body and body.count(b"\n") == 1
        assert _children() <= before  # the workers were stopped, not left running
        status, _, body = get(srv.url, label_query("calder"))
        assert status == 200 and [b["l"]["value"] for b in json.loads(body)["results"]["bindings"]] == ["Calder"]


def test_timed_out_queries_on_a_disk_store_stop_their_workers(tmp_path):
    """On disk the queries run in a pool of worker processes: an overrunning one is killed and replaced."""
    writer = open_store(tmp_path / "db", "w")
    writer.extend(small_store().quads())
    writer.close()
    endless = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(12)) + " }"
    with running(open_store(tmp_path / "db", "r"), workers=2, timeout=5.0) as srv:
        first = set(srv.worker_pids())
        assert len(first) == 2
        with ThreadPoolExecutor(2) as pool:
            answers = list(pool.map(lambda _: get(srv.url, endless), range(2)))
        assert [status for status, _, _ in answers] == [503, 503]
        for pid in first:
            assert not Path(f"/proc/{pid}").exists(), "an overrunning worker was left running"
        # The replacements start in the background; a query may wait for one, never for ever.
        deadline = time.monotonic() + 120
        while (answer := get(srv.url, label_query("brenmoor")))[0] == 503 and time.monotonic() < deadline:
            time.sleep(0.5)
        status, _, body = answer
        assert status == 200 and [b["l"]["value"] for b in json.loads(body)["results"]["bindings"]] == ["Brenmoor"]
        assert len(srv.worker_pids()) == 2 and not first & set(srv.worker_pids())
