"""The scale section: graph commands that cost what they touch, Dask extraction, streamed export.

Everything runs on one on-disk store loaded from the queries section's N-Quads (the 1M-quad
store in a full run); command-line figures are fresh processes, as a user runs them.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox

from bench import synth
from bench.common import BIN, ChildRun, Row, fmt_s, run_measured, side_by_side, timed, timed_cpu
from kg.store.windowed_dump import WINDOW_GRAPHS, _readers

KGO = "https://w3id.org/kg/ontology#"
RELATIONS = ("participatedIn", "targets", "tookPlaceIn", "locatedIn", "threatenedBy", "perpetratedBy",
             "targeted", "affiliatedWith", "partOf")

_ONE_OF = ", ".join(f"<{KGO}{p}>" for p in RELATIONS)
#: The baseline: one raw query for the depth-2 neighbourhood of an entity, with labels.
_NEIGHBOURS_QUERY = """SELECT DISTINCT ?n ?label WHERE {{
  {{ {{ <{e}> ?p ?n }} UNION {{ ?n ?p <{e}> }} FILTER(?p IN ({one_of})) }}
  UNION {{ {{ <{e}> ?p ?m }} UNION {{ ?m ?p <{e}> }} FILTER(?p IN ({one_of}))
          {{ ?m ?q ?n }} UNION {{ ?n ?q ?m }} FILTER(?q IN ({one_of})) }}
  FILTER(isIRI(?n) && ?n != <{e}>)
  OPTIONAL {{ ?n <http://www.w3.org/2000/01/rdf-schema#label> ?label }} }}"""
_RAW_QUERY = ("import json, sys\nimport pyoxigraph as ox\n"
              "db = ox.Store.read_only(sys.argv[1])\n"
              "rows = db.query(sys.argv[2], use_default_graph_as_union=True)\n"
              "print(json.dumps(sorted({row[0].value for row in rows})))\n")
#: The store opened idle as kg opens it: interpreter, kg's command-line modules, one read-only
#: handle and one query (what ``kg export`` has before it reads the data).
_IDLE = ("import sys, kg.cli.typer_app\nfrom kg.store import open_store\n"
         "st = open_store(sys.argv[1])\nst.query('ASK { ?s ?p ?o }')\nst.close()\n")
#: The same for pyoxigraph alone (what ``Store.dump`` has before it reads the data).
_RAW_IDLE = ("import sys, pyoxigraph as ox\n"
             "ox.Store.read_only(sys.argv[1]).query('ASK { ?s ?p ?o }')\n")
_RAW_DUMP = ("import sys, pyoxigraph as ox\n"
             "ox.Store.read_only(sys.argv[1]).dump(sys.argv[2], format=ox.RdfFormat.N_QUADS)\n")


def _store_from(nq: Path, folder: Path) -> Path:
    db = ox.Store(str(folder))
    db.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
    db.flush()
    del db
    return folder


def _head(nq: Path, out: Path, quads: int) -> Path:
    """The first ``quads`` lines of an N-Quads file."""
    with nq.open("rb") as src, out.open("wb") as dst:
        for i, line in enumerate(src):
            if i >= quads:
                break
            dst.write(line)
    return out


def _lines_digest(path: Path) -> tuple[int, int]:
    """The number of lines and an order-independent digest of them (the same multiset of lines)."""
    import hashlib

    total, count = 0, 0
    with path.open("rb") as fh:
        for line in fh:
            total = (total + int.from_bytes(hashlib.blake2b(line, digest_size=8).digest(), "big")) % 2**64
            count += 1
    return count, total


def _pick_entity(folder: Path) -> tuple[str, str, int]:
    """A force whose name is unique and whose depth-2 neighbourhood is mid-sized: (IRI, name, size)."""
    from kg.errors import NodeNotFound
    from kg.graph.lookup import find_in_store
    from kg.store import open_store

    with open_store(folder) as st:
        rows = st.query(f"""SELECT DISTINCT ?e ?l WHERE {{ GRAPH ?g {{ ?e a <{KGO}MilitaryUnit> ;
            <http://www.w3.org/2000/01/rdf-schema#label> ?l }} }} LIMIT 400""").rows
        for e, label in rows:
            try:
                if find_in_store(st, label.value) != e.value:
                    continue
            except NodeNotFound:
                continue
            ids = _raw_ids(folder, e.value)
            if 100 <= len(ids) <= 3000:
                return e.value, label.value, len(ids)
    raise RuntimeError("no suitable entity in the store")


def _raw_ids(folder: Path, iri: str) -> list[str]:
    query = _NEIGHBOURS_QUERY.format(e=iri, one_of=_ONE_OF)
    out = subprocess.run([sys.executable, "-c", _RAW_QUERY, str(folder), query], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def neighbours(folder: Path, runs: int) -> Row:
    """``kg neighbors NAME --depth 2`` vs one raw pyoxigraph query, both in fresh processes."""
    iri, name, size = _pick_entity(folder)
    kg = str(BIN / "kg")
    got = json.loads(subprocess.run([kg, "neighbors", name, "--depth", "2", "--format", "json", "--store",
                                     str(folder)], check=True, capture_output=True, text=True).stdout)
    same = sorted(r["id"] for r in got["neighbors"]) == _raw_ids(folder, iri)
    t = side_by_side({
        "kg": lambda: subprocess.run([kg, "neighbors", name, "--depth", "2", "--store", str(folder)], check=True,
                                     capture_output=True),
        "raw": lambda: _raw_ids(folder, iri),
    }, runs)
    ratio = t["kg"] / t["raw"]
    return Row("scale", f"kg neighbors NAME --depth 2, new process ({size} entities, "
                        f"{'same ids' if same else 'IDS DIFFER'})",
               fmt_s(t["kg"]), fmt_s(t["raw"]) + " (one pyoxigraph query, new process)", ratio, "<= 2x",
               ratio <= 2 and same, f"entity '{name}'; kg looks the name up, then reads hop by hop")


def central(folder: Path, runs: int) -> list[Row]:
    """``kg central --metric pagerank`` with a warm cache vs networkx's pagerank in memory + start-up."""
    from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

    from kg.graph import cache
    from kg.graph.projection import project
    from kg.graph.traverse import _simple
    from kg.store import open_store

    kg = str(BIN / "kg")
    args = [kg, "central", "--metric", "pagerank", "--format", "json", "--store", str(folder)]
    cold, _ = timed(lambda: subprocess.run(args, check=True, capture_output=True))  # builds the cache
    with open_store(folder) as st:
        fp = cache.fingerprint(st)
        la, lc, _arrays = timed_cpu(lambda: cache.load_arrays(st, fp))
        tp, cp, G = timed_cpu(lambda: project(st))
    H = _simple(G)
    top_kg = [r["id"] for r in json.loads(subprocess.run(args, check=True, capture_output=True, text=True).stdout)]
    scores = _pagerank_python(H, weight="weight")
    top_nx = sorted(scores, key=lambda n: -scores[n])[:len(top_kg)]
    t = side_by_side({
        "kg": lambda: subprocess.run(args, check=True, capture_output=True),
        "start": lambda: subprocess.run([sys.executable, "-c", "pass"], check=True),
        "nx": lambda: _pagerank_python(H, weight="weight"),
    }, runs)
    base = t["start"] + t["nx"]
    ratio = t["kg"] / base
    label = f"{G.number_of_nodes():,} entities, {H.number_of_edges():,} undirected edges"
    return [
        Row("scale", f"kg central --metric pagerank, new process, warm cache ({label})", fmt_s(t["kg"]),
            f"{fmt_s(base)} (networkx pagerank in memory {fmt_s(t['nx'])} + start-up {fmt_s(t['start'])})",
            ratio, "<= 1.5x", ratio <= 1.5,
            f"same top 10 as networkx: {'yes' if top_kg == top_nx else 'no'}; cold run (projection and cache "
            f"written) {fmt_s(cold)}; in-process, loading the cached columns that kg central computes on "
            f"takes {fmt_s(la)} wall / {fmt_s(lc)} CPU, and building them into a networkx graph (project()) "
            f"{fmt_s(tp)} wall / {fmt_s(cp)} CPU"),
    ]


def dask_throughput(n: int, runs: int, work: Path) -> Row:
    """``kg ingest --dask`` on a 2-worker LocalCluster vs ``--workers 2``, same articles, memory stores."""
    import logging

    from distributed import Client, LocalCluster

    from kg import cluster
    from kg.extract.nlp import DEFAULT_MODEL, load_pipeline
    from kg.ingest import ingest
    from kg.store import open_store

    corpus = synth.write_jsonl(work / f"dask-{n}.jsonl", n, seed=71)
    load_pipeline()  # --workers forks from a parent that has the pipeline: warm both sides alike
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as lc, Client(lc) as client:
        client.register_plugin(cluster.PipelinePlugin(DEFAULT_MODEL))
        counts: dict[str, int] = {}

        def run(name: str, **kw: object) -> None:
            st = open_store("memory")
            counts[name] = ingest([str(corpus)], st, **kw).articles
            counts[name + " quads"] = len(st)

        t = side_by_side({"workers": lambda: run("workers", workers=2),
                          "dask": lambda: run("dask", dask=client)}, runs)
    ratio = t["workers"] / t["dask"]
    same = counts["workers"] == counts["dask"] == n and counts["workers quads"] == counts["dask quads"]
    return Row("scale", f"kg ingest --dask (2-worker LocalCluster) vs --workers 2 ({n} articles, throughput)",
               f"{n / t['dask']:.1f} art/s", f"{n / t['workers']:.1f} art/s (--workers 2)", ratio, ">= 0.8x",
               ratio >= 0.8 and same, "workers warmed on both sides (pipeline loaded); the 2 cores are shared "
               "with the scheduler and this process")


def export(folder: Path, small: Path, runs: int, work: Path) -> list[Row]:
    """``kg export -o FILE.nq`` vs ``pyoxigraph.Store.dump`` (time) and vs the store opened idle (memory).

    ``small`` holds a tenth of ``folder``'s quads: memory that stays flat is the same for both.
    Peak RSS is the kernel's high-water mark (``ru_maxrss``); the anonymous (heap, RocksDB's
    caches) and file-backed (mapped libraries and files) parts are peaks sampled every 10 ms.
    """
    kg = str(BIN / "kg")
    out_kg, out_raw = work / "export-kg.nq", work / "export-raw.nq"
    rec: dict[str, list[ChildRun]] = {"kg": [], "raw": [], "idle": [], "raw idle": [], "small": [], "small idle": []}

    def go(name: str, args: list[str]) -> None:
        rec[name].append(run_measured(args))

    side_by_side({
        "kg": lambda: go("kg", [kg, "export", "-o", str(out_kg), "--store", str(folder)]),
        "raw": lambda: go("raw", [sys.executable, "-c", _RAW_DUMP, str(folder), str(out_raw)]),
        "idle": lambda: go("idle", [sys.executable, "-c", _IDLE, str(folder)]),
        "raw idle": lambda: go("raw idle", [sys.executable, "-c", _RAW_IDLE, str(folder)]),
        "small": lambda: go("small", [kg, "export", "-o", str(work / "export-small.nq"), "--store", str(small)]),
        "small idle": lambda: go("small idle", [sys.executable, "-c", _IDLE, str(small)]),
    }, runs)
    secs = {k: sorted(r.seconds for r in v)[len(v) // 2] for k, v in rec.items()}
    cpu = {k: sorted(r.cpu for r in v)[len(v) // 2] for k, v in rec.items()}
    rss = {k: max(r.rss for r in v) for k, v in rec.items()}
    parts = {k: f"anon {max(r.anon for r in v)} + file {max(r.file for r in v)} MB" for k, v in rec.items()}
    same = _lines_digest(out_kg) == _lines_digest(out_raw)
    t_ratio = secs["kg"] / secs["raw"]
    m_ratio = rss["kg"] / rss["idle"]
    f_ratio = rss["kg"] / rss["small"]
    size = out_kg.stat().st_size // 1_000_000
    return [
        Row("scale", f"kg export -o FILE.nq, new process ({size} MB, {'same lines' if same else 'LINES DIFFER'})",
            fmt_s(secs["kg"]), fmt_s(secs["raw"]) + " (Store.dump, new process)", t_ratio, "<= 1.3x",
            t_ratio <= 1.3 and same, f"kg reads the store {WINDOW_GRAPHS} graphs per short-lived read-only handle, each window's graphs "
            f"dumped on {_readers()} threads; CPU time kg {fmt_s(cpu['kg'])}, Store.dump {fmt_s(cpu['raw'])} "
            f"({cpu['kg'] / cpu['raw']:.2f}x)"),
        Row("scale", "peak RSS of kg export -o FILE.nq", f"{rss['kg']} MB", f"{rss['idle']} MB (store opened idle)",
            m_ratio, "<= 1.2x", m_ratio <= 1.2,
            f"both new processes: kg export = interpreter, kg's command modules, the dump ({parts['kg']}); "
            f"idle = interpreter, kg's command modules, the store opened read-only, one ASK query "
            f"({parts['idle']})"),
        Row("scale", "peak RSS of Store.dump alone (no kg; reference)", f"{rss['raw']} MB",
            f"{rss['raw idle']} MB (pyoxigraph store opened idle)", rss["raw"] / rss["raw idle"], "", None,
            f"both new processes with pyoxigraph only: Store.dump(path, N-Quads) through one read-only handle "
            f"({parts['raw']}) vs the store opened read-only and one ASK query ({parts['raw idle']}): one "
            "handle's RocksDB block cache (32 MB, not settable in pyoxigraph) and table readers fill as "
            "it reads every table"),
        Row("scale", "peak RSS of kg export, full store vs a tenth of it (flat memory)", f"{rss['kg']} MB",
            f"{rss['small']} MB (a tenth of the quads)", f_ratio, "<= 1.1x", f_ratio <= 1.1,
            f"each over its store opened idle: full +{rss['kg'] - rss['idle']} MB ({rss['idle']} MB idle), tenth "
            f"+{rss['small'] - rss['small idle']} MB ({rss['small idle']} MB idle); RocksDB opens the store's "
            "table files (their index and filter blocks) as it opens the store, so the idle figure grows with it"),
    ]


def scale(nq: Path, work: Path, runs: int, dask_articles: int) -> list[Row]:
    """Every row of the section, on a store loaded from ``nq``."""
    tl, folder = timed(lambda: _store_from(nq, work / "scale-store"))
    n = sum(1 for _ in ox.Store.read_only(str(folder)))
    rows = [Row("scale", f"store on disk: {n:,} quads", fmt_s(tl) + " to bulk-load", "", None, "", None)]
    rows.append(neighbours(folder, runs))
    rows += central(folder, runs)
    rows += export(folder, _store_from(_head(nq, work / "tenth.nq", n // 10), work / "tenth-store"), runs, work)
    rows.append(dask_throughput(dask_articles, max(2, runs - 1), work))
    return rows
