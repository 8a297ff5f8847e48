"""Soak test of ``kg serve``: many clients mixing normal, slow and hostile requests for a while.

A ``kg serve`` process answers ``clients`` client threads for ``seconds`` seconds. Most
clients ask normal questions whose answers are known in advance (every answer is checked);
some send slow queries (large aggregates), some hostile ones: queries that cannot finish in
the time limit, nesting that would crash the query engine, SERVICE calls, malformed HTTP,
and connections that send half a request and stall. The figures: normal answers right out of
all sent, their median and 95th-percentile latency, how the other requests were answered,
and the server's memory (its process plus its query workers) sampled through the run.
"""
from __future__ import annotations

import json
import os
import random
import socket
import statistics
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

from bench.common import BIN, Row

SLOW = "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY DESC(?n)"  # a full scan
HOSTILE = [
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",  # cannot finish in time
    "SELECT * WHERE " + "{" * 3000 + "?s ?p ?o" + "}" * 3000,  # would overflow the parser's stack
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
]
RAW_HOSTILE = [
    b"POST /query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0_6\r\n\r\nASK{}",
    b"POST /query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    b"GET /query HTTP/1.1\r\nHost: attacker.example\r\n\r\n",
]


def _rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MB (Linux /proc)."""
    total = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status", encoding="ascii") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children", encoding="ascii") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError):
            continue
    return total / 1024


def _store(work: Path, articles: int) -> tuple[Path, dict[str, list[str]]]:
    """A store of synthetic articles on disk, and the label(s) of some of its entities."""
    from bench import synth
    from kg.ingest import write_extractions
    from kg.query.sparql import run_query
    from kg.store import open_store

    path = work / "soak-store"
    store = open_store(path, "w")
    write_extractions(synth.extractions(articles, seed=5), store)
    store.close()
    store = open_store(path, "r")
    rows = run_query(store, "SELECT ?e ?l WHERE { ?e a kgo:Settlement ; rdfs:label ?l }").rows
    truth: dict[str, list[str]] = {}
    for entity, label in rows:
        truth.setdefault(entity.value, []).append(label.value)
    store.close()
    # Compared as sets: an entity typed in several articles repeats its labels in the union graph.
    return path, {e: sorted(set(ls)) for e, ls in list(truth.items())[:200]}


def _thirty_prefixes(entity: str) -> str:
    """A label lookup under 30 PREFIX lines, as rdflib's SPARQLStore sends them."""
    names = ["brick", "csvw", "dc", "dcat", "dcmitype", "dcterms", "dcam", "doap", "foaf", "geo", "odrl",
             "org", "prof", "prov", "qb", "schema", "sh", "skos", "sosa", "ssn", "time", "vann", "void",
             "wgs", "owl", "rdf", "rdfs", "xsd", "xml", "ex"]
    lines = [f"PREFIX {n}: <http://example.org/{n}#>" for n in names if n not in ("rdfs",)]
    lines.append("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>")
    return "\n".join(lines) + f"\nSELECT ?l WHERE {{ <{entity}> rdfs:label ?l }}"


def _start(path: Path, timeout: float) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([str(BIN / "kg"), "serve", "--store", str(path), "--port", "0", "--quiet",
                             "--timeout", str(timeout), "--workers", "4", "--queue-wait", "300"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline() if proc.stdout else ""
    if "http://" not in line:
        proc.kill()
        raise RuntimeError(f"kg serve did not start: {proc.stderr.read() if proc.stderr else ''}"[:300])
    return proc, line.split()[2].rsplit("/query", 1)[0]


def _get(url: str, query: str, timeout: float) -> tuple[int, bytes]:
    req = urllib.request.Request(f"{url}/query?{urllib.parse.urlencode({'query': query})}")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()
    except OSError:
        return 0, b""


def soak(clients: int, seconds: float, work: Path, *, articles: int = 300, timeout: float = 2.0) -> list[Row]:
    """Run the soak; one row per figure."""
    path, truth = _store(work, articles)
    entities = sorted(truth)
    proc, url = _start(path, timeout)
    host, port = url.removeprefix("http://").rsplit(":", 1)
    prefixed = _thirty_prefixes(entities[0])
    for _ in range(3):  # warm the workers
        _get(url, prefixed, 120)
    prefix_times = []
    for _ in range(20):
        t = time.perf_counter()
        status, body = _get(url, prefixed, 120)
        prefix_times.append(time.perf_counter() - t)
        if status != 200:
            raise RuntimeError(f"the 30-prefix query failed: {status} {body[:200]!r}")
    stop = time.monotonic() + seconds
    lock = threading.Lock()
    normal = Counter()
    other: Counter[str] = Counter()
    latencies: list[float] = []
    memory: list[float] = [_rss_mb(proc.pid)]

    def client(k: int) -> None:
        rnd = random.Random(k)
        while time.monotonic() < stop:
            roll = rnd.random()
            if roll < 0.8:
                entity = entities[rnd.randrange(len(entities))]
                t = time.perf_counter()
                status, body = _get(url, f"SELECT ?l WHERE {{ <{entity}> rdfs:label ?l }}", 330)
                dt = time.perf_counter() - t
                try:
                    got = sorted({b["l"]["value"] for b in json.loads(body)["results"]["bindings"]})
                except (ValueError, KeyError):
                    got = None
                with lock:
                    normal["right" if status == 200 and got == truth[entity] else f"wrong ({status})"] += 1
                    latencies.append(dt)
            elif roll < 0.88:
                status, _ = _get(url, SLOW, 120)
                with lock:
                    other[f"slow -> {status}"] += 1
            elif roll < 0.96:
                status, _ = _get(url, HOSTILE[rnd.randrange(len(HOSTILE))], 120)
                with lock:
                    other[f"hostile query -> {status}"] += 1
            else:
                try:
                    with socket.create_connection((host, int(port)), timeout=60) as sock:
                        if rnd.random() < 0.5:
                            sock.sendall(RAW_HOSTILE[rnd.randrange(len(RAW_HOSTILE))])
                        else:
                            sock.sendall(b"GET /query HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # then stall
                        reply = sock.recv(200)
                    status = reply.split(b" ", 2)[1].decode() if reply.startswith(b"HTTP/") else "closed"
                except OSError:
                    status = "reset"
                with lock:
                    other[f"hostile HTTP -> {status}"] += 1

    def sample() -> None:
        while time.monotonic() < stop:
            memory.append(_rss_mb(proc.pid))
            time.sleep(0.5)

    threads = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(clients)]
    threads.append(threading.Thread(target=sample, daemon=True))
    try:
        for th in threads:
            th.start()
        for th in threads:
            th.join(timeout=seconds + 300)
        memory.append(_rss_mb(proc.pid))
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
    sent = sum(normal.values())
    right = normal["right"]
    lat = sorted(latencies) or [0.0]
    p95 = lat[min(len(lat) - 1, int(0.95 * len(lat)))]
    start_mb, peak_mb, end_mb = memory[0], max(memory), memory[-1]
    note = "; ".join(f"{k}: {v}" for k, v in sorted(other.items()))
    return [
        Row("serve", f"normal queries right ({clients} clients, {seconds:.0f} s)", f"{right:,}/{sent:,}", "all",
            right / sent if sent else None, "every one", bool(sent) and right == sent,
            "; ".join(f"{k}: {v}" for k, v in normal.items() if k != "right")),
        Row("serve", "normal query latency p50 / p95", f"{statistics.median(lat) * 1000:.0f} / {p95 * 1000:.0f} ms",
            "", None, "", None),
        Row("serve", "30-prefix query through kg serve (median of 20)",
            f"{statistics.median(prefix_times) * 1000:.0f} ms", "", None, "< 100 ms",
            statistics.median(prefix_times) < 0.1),
        Row("serve", "server memory start / peak / end", f"{start_mb:.0f} / {peak_mb:.0f} / {end_mb:.0f} MB", "",
            peak_mb / start_mb if start_mb else None, "peak < 1 GB", peak_mb < 1024),
        Row("serve", "slow and hostile requests", f"{sum(other.values()):,}", "", None, "", None, note[:400]),
    ]
