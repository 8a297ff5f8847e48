"""Timing helpers and the result table of the benchmark."""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


@dataclass(slots=True)
class Row:
    """One line of the table: a kg figure, its baseline, their ratio and the target."""

    section: str
    name: str
    kg: str
    baseline: str
    ratio: float | None
    target: str
    ok: bool | None
    note: str = ""


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    """Seconds ``fn`` took, and what it returned."""
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def side_by_side(fns: dict[str, Callable[[], object]], runs: int,
                 setup: Callable[[], None] | None = None) -> dict[str, float]:
    """Median seconds of each function, runs interleaved so that machine load hits all alike."""
    times: dict[str, list[float]] = {k: [] for k in fns}
    for _ in range(runs):
        for name, fn in fns.items():
            if setup is not None:
                setup()
            times[name].append(timed(fn)[0])
    return {k: statistics.median(v) for k, v in times.items()}


def run_child(args: list[str], timeout: float = 1800, env: dict[str, str] | None = None) -> tuple[float, int, str]:
    """Run a command in a wrapper process; return (seconds, peak RSS in MB of the command, stdout).

    The wrapper's only children are the command and its own subprocesses, so
    ``RUSAGE_CHILDREN`` of the wrapper measures them alone.
    """
    wrapper = ("import resource, subprocess, sys, time, json\n"
               "t = time.perf_counter()\n"
               "p = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)\n"
               "dt = time.perf_counter() - t\n"
               "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
               "print(json.dumps({'s': dt, 'rss': rss, 'rc': p.returncode, 'out': p.stdout, 'err': p.stderr[-2000:]}))\n")
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run([sys.executable, "-c", wrapper, *args], check=False, capture_output=True, text=True,
                          timeout=timeout, env=full_env)
    import json

    rec = json.loads(proc.stdout)
    if rec["rc"] != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {rec['err']}")
    return rec["s"], rec["rss"] // 1024, rec["out"]


def fmt_s(seconds: float) -> str:
    """Seconds, readable at any magnitude."""
    if seconds < 0.001:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1000:.1f} ms"
    return f"{seconds:.2f} s"


def render(rows: list[Row]) -> str:
    """The table, plain text."""
    head = ("section", "measure", "kg", "baseline", "ratio", "target", "ok")
    body = [(r.section, r.name, r.kg, r.baseline, "" if r.ratio is None else f"{r.ratio:.2f}x", r.target,
             "" if r.ok is None else ("yes" if r.ok else "NO")) for r in rows]
    widths = [max(len(str(x)) for x in col) for col in zip(head, *body)]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(head, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip() for row in body]
    notes = [f"- {r.section} / {r.name}: {r.note}" for r in rows if r.note]
    return "\n".join(lines + ([""] + notes if notes else []))
