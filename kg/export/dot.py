"""Graphviz DOT, and SVG/PNG rendered by the ``dot`` program when it is installed."""
from __future__ import annotations

import math
import shutil
import subprocess
from pathlib import Path
from typing import Any

from kg.errors import ExportError
from kg.export.common import colour, write_text

SHAPES = {"Force": "box", "Place": "ellipse", "Operation": "hexagon", "Incident": "octagon", "Person": "oval"}
RENDER_FORMATS = ("svg", "png")


def _q(text: Any) -> str:
    s = str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{s}"'


def to_dot(G: Any, *, name: str = "kg") -> str:
    """DOT text: nodes filled with their class colour, edges labelled with the predicate."""
    lines = [f"digraph {_q(name)} {{",
             '  graph [rankdir=LR, overlap=false, splines=true, fontname="DejaVu Sans", bgcolor="white"];',
             '  node [style="filled,rounded", fontname="DejaVu Sans", fontsize=11, fontcolor="white", penwidth=0];',
             '  edge [fontname="DejaVu Sans", fontsize=9, color="#555555", fontcolor="#333333"];']
    for n, d in G.nodes(data=True):
        top = d.get("top", "")
        tooltip = f"{d.get('label', n)} ({d.get('type', '')})"
        lines.append(f"  {_q(n)} [label={_q(d.get('label', n))}, shape={SHAPES.get(top, 'ellipse')}, "
                     f"fillcolor={_q(colour(top))}, tooltip={_q(tooltip)}];")
    for s, t, k, d in G.edges(keys=True, data=True):
        width = 1 + math.log2(max(int(d.get("weight", 1)), 1))
        lines.append(f"  {_q(s)} -> {_q(t)} [label={_q(k)}, penwidth={width:.1f}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def write_dot(G: Any, path: str | Path) -> Path:
    """Write ``G`` as DOT to ``path``."""
    return write_text(path, to_dot(G))


def dot_program() -> str | None:
    """Path of Graphviz's ``dot``, or None."""
    return shutil.which("dot")


def render_dot(dot_text: str, fmt: str, *, timeout: float = 600.0) -> bytes:
    """Render DOT text to ``svg`` or ``png`` with Graphviz.

    Raises:
        ExportError: unknown format, Graphviz missing or failing.
    """
    if fmt not in RENDER_FORMATS:
        raise ExportError(f"cannot render DOT as '{fmt}'; choose one of {', '.join(RENDER_FORMATS)}")
    prog = dot_program()
    if prog is None:
        raise ExportError(f"{fmt} needs Graphviz's 'dot' program: install graphviz, or export --format dot")
    try:
        proc = subprocess.run([prog, f"-T{fmt}"], input=dot_text.encode("utf-8"), capture_output=True,
                              timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ExportError(f"Graphviz failed: {exc}") from None
    if proc.returncode != 0:
        msg = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ExportError(f"Graphviz failed: {msg[0] if msg else 'exit code ' + str(proc.returncode)}")
    return proc.stdout


def write_rendered(G: Any, path: str | Path, fmt: str) -> Path:
    """Render ``G`` with Graphviz and write the ``svg``/``png`` file."""
    return write_text(path, render_dot(to_dot(G), fmt))
