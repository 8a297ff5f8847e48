"""``python -m bench`` (``make bench``): kg's figures next to their baselines, measured in one run.

Every ratio compares two things timed side by side in the same process and run (runs
interleaved, medians), so machine load affects both sides alike. ``--quick`` shrinks every
corpus (figures then only show that each path works; targets are judged on the full run).
"""
from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

from bench.common import ROOT, Row, load_average, render

FULL = {"dask": 200, "extract": 80, "workers": 120, "bulk": 2000, "query": 6600, "traverse": 10500, "startup": 7,
        "grow": (200, 2000), "runs": 3, "rdflib_timeout": 480.0}
QUICK = {"dask": 24, "extract": 24, "workers": 40, "bulk": 300, "query": 400, "traverse": 600, "startup": 3,
         "grow": (20, 200), "runs": 2, "rdflib_timeout": 60.0}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small corpora: a smoke run in under 2 minutes")
    ap.add_argument("--only", nargs="*", choices=["extraction", "bulk", "queries", "traversal", "startup", "scale", "growth", "serve"],
                    help="run these sections only")
    ap.add_argument("--json", type=Path, help="also write the rows as JSON")
    args = ap.parse_args(argv)
    from bench import cases, extract_speed, serve_soak

    cfg = QUICK if args.quick else FULL
    # Fresh-process figures run kg as an installed wheel does: from compiled bytecode (with
    # PYTHONDONTWRITEBYTECODE set, an editable install would recompile every module each run).
    compileall.compile_dir(str(ROOT / "kg"), quiet=1)
    want = set(args.only or ["extraction", "bulk", "queries", "traversal", "startup", "scale", "growth", "serve"])
    work = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    os.environ.setdefault("KG_WAIT", "0")
    rows: list[Row] = []
    started = time.perf_counter()
    pending: list = []
    loads: list[tuple[str, str, str]] = []  # section, load averages at its start and end

    def run_queries() -> list[Row]:
        rows_q, rdflib_run = cases.queries(cfg["query"], cfg["runs"] + 2, work, cfg["rdflib_timeout"])
        pending.append(rdflib_run)
        return rows_q

    def run_scale() -> list[Row]:
        from bench.scale import scale

        nq = work / "query-store.nq"
        if not nq.exists():  # the queries section was not run: make the same store
            cases.queries(cfg["query"], 1, work, 1.0)[1].proc.kill()
        return scale(nq, work, cfg["runs"], cfg["dask"])

    def collect_rdflib() -> list[Row]:
        return [pending.pop().row()] if pending else []

    plan = [
        ("startup", lambda: cases.startup(cfg["startup"], work)),
        ("extraction", lambda: cases.extraction(cfg["extract"], cfg["runs"], cfg["workers"])),
        ("extraction", lambda: extract_speed.extraction_modes(extract_speed.paths_from_env(), runs=cfg["runs"])),
        ("queries", run_queries),
        ("traversal", lambda: cases.traversal(cfg["traverse"], cfg["runs"], work)),
        ("bulk", lambda: cases.bulk(cfg["bulk"], cfg["runs"], work)),
        ("queries", collect_rdflib),
        ("scale", lambda: run_scale()),
        ("growth", lambda: cases.growth(*cfg["grow"], work)),
        ("serve", lambda: serve_soak.soak(200, 10.0 if args.quick else 60.0, work)),
    ]
    try:
        for name, fn in plan:
            if name not in want:
                continue
            t = time.perf_counter()
            load_before = load_average()
            print(f"[bench] {name} ... (load average {load_before})", file=sys.stderr, flush=True)
            try:
                new_rows = fn()
                # rdflib's row belongs with the other query rows.
                at = max((i + 1 for i, r in enumerate(rows) if r.section == name), default=len(rows))
                rows[at:at] = new_rows
            except Exception as exc:  # noqa: BLE001 - one failing section must not hide the others
                rows.append(Row(name, "FAILED", "", "", None, "", False, f"{type(exc).__name__}: {exc}"[:200]))
            loads.append((name, load_before, load_average()))
            print(f"[bench] {name} done in {time.perf_counter() - t:.0f} s", file=sys.stderr, flush=True)
    finally:
        for run in pending:
            run.proc.kill()
            run.proc.communicate()
        shutil.rmtree(work, ignore_errors=True)
    total = time.perf_counter() - started
    mode = "quick" if args.quick else "full"
    g1, g2 = cfg["grow"]
    print(f"kg benchmark ({mode}; {os.cpu_count()} cores; total {total:.0f} s; medians of {cfg['runs']} "
          f"interleaved runs unless noted; growth measured at {g1:,} vs {g2:,} articles)\n")
    if args.quick:  # small corpora: show that every path works; targets are judged by the full run
        for r in rows:
            if r.name != "FAILED":
                r.ok = None
    print(render(rows))
    print("\nload averages (1, 5, 15 min) at the start and end of each section (uptime; 2 cores):")
    for name, before, after in loads:
        print(f"- {name}: {before} -> {after}")
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in rows], indent=2))
    return 1 if any(r.ok is False for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
