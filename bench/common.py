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


def timed_cpu(fn: Callable[[], object]) -> tuple[float, float, object]:
    """Wall seconds and CPU seconds (this process) ``fn`` took, and what it returned.

    On a loaded machine wall time is CPU time stretched by the queue for a core; CPU time is
    the work itself.
    """
    t, c = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - t, time.process_time() - c, out


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


#: Run in a wrapper process: the command, its CPU time (user + system), its peak RSS (``ru_maxrss``, the kernel's VmHWM of the
#: largest process) and, sampled every 10 ms from /proc, the peaks of its anonymous and
#: file-backed resident memory (heap and caches vs mapped files such as shared libraries).
_WRAPPER = """import json, re, resource, subprocess, sys, time
t = time.perf_counter()
p = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
peak = {"RssAnon": 0, "RssFile": 0}
def sample():
    try:
        with open(f"/proc/{p.pid}/status") as fh:
            text = fh.read()
    except OSError:
        return
    for key in peak:
        m = re.search(rf"^{key}:\\s+(\\d+)", text, re.M)
        if m:
            peak[key] = max(peak[key], int(m.group(1)))
while True:
    try:
        out, err = p.communicate(timeout=0.01)
        break
    except subprocess.TimeoutExpired:
        sample()
dt = time.perf_counter() - t
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
rss = ru.ru_maxrss
print(json.dumps({"s": dt, "cpu": ru.ru_utime + ru.ru_stime, "rss": rss, "anon": peak["RssAnon"], "file": peak["RssFile"], "rc": p.returncode,
                  "out": out, "err": err[-2000:]}))
"""


@dataclass(slots=True)
class ChildRun:
    """One command run in a wrapper: wall seconds, peak RSS and sampled peaks in MB, stdout, CPU seconds."""

    seconds: float
    rss: int
    anon: int
    file: int
    out: str
    cpu: float = 0.0


def run_measured(args: list[str], timeout: float = 1800, env: dict[str, str] | None = None) -> ChildRun:
    """Run a command in a wrapper process and measure its time and memory (see :data:`_WRAPPER`).

    The wrapper's only children are the command and its own subprocesses, so
    ``RUSAGE_CHILDREN`` of the wrapper measures them alone.
    """
    import json

    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run([sys.executable, "-c", _WRAPPER, *args], check=False, capture_output=True, text=True,
                          timeout=timeout, env=full_env)
    rec = json.loads(proc.stdout)
    if rec["rc"] != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {rec['err']}")
    return ChildRun(rec["s"], rec["rss"] // 1024, rec["anon"] // 1024, rec["file"] // 1024, rec["out"], rec["cpu"])


def run_child(args: list[str], timeout: float = 1800, env: dict[str, str] | None = None) -> tuple[float, int, str]:
    """Run a command in a wrapper process; return (seconds, peak RSS in MB of the command, stdout)."""
    run = run_measured(args, timeout, env)
    return run.seconds, run.rss, run.out


def load_average() -> str:
    """The 1-, 5- and 15-minute load averages, as ``uptime`` prints them."""
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


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
