"""Graphviz DOT, and SVG/PNG rendered by the ``dot`` program when it is installed.

The drawing has a legend (one swatch per contract class drawn, in its shape and colour,
in a cluster named ``legend``) and leaves out entities without any relation, which would
otherwise sit in a stray row around the graph; a comment at the top says how many. A graph
with no relation at all keeps its entities.
"""
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


#: Prefix of the legend's node names (never an entity IRI).
LEGEND_PREFIX = "legend:"


def to_dot(G: Any, *, name: str = "kg") -> str:
    """DOT text: nodes filled with their class colour, edges labelled with the predicate, a legend."""
    drawn = [n for n in G if G.degree(n) > 0] if G.number_of_edges() else list(G)
    left_out = G.number_of_nodes() - len(drawn)
    lines = [f"// {left_out} entities without relations left out"] if left_out else []
    lines += [f"digraph {_q(name)} {{",
             '  graph [rankdir=LR, overlap=false, splines=true, fontname="DejaVu Sans", bgcolor="white"];',
             '  node [style="filled,rounded", fontname="DejaVu Sans", fontsize=11, fontcolor="white", penwidth=0];',
             '  edge [fontname="DejaVu Sans", fontsize=9, color="#555555", fontcolor="#333333"];']
    for n in drawn:
        d = G.nodes[n]
        top = d.get("top", "")
        tooltip = f"{d.get('label', n)} ({d.get('type', '')})"
        lines.append(f"  {_q(n)} [label={_q(d.get('label', n))}, shape={SHAPES.get(top, 'ellipse')}, "
                     f"fillcolor={_q(colour(top))}, tooltip={_q(tooltip)}];")
    for s, t, k, d in G.edges(keys=True, data=True):
        width = 1 + math.log2(max(int(d.get("weight", 1)), 1))
        lines.append(f"  {_q(s)} -> {_q(t)} [label={_q(k)}, penwidth={width:.1f}];")
    lines += _legend(sorted({G.nodes[n].get("top", "") for n in drawn}, key=_class_order))
    lines.append("}")
    return "\n".join(lines) + "\n"


def _class_order(top: str) -> tuple[int, str]:
    order = list(SHAPES)
    return (order.index(top) if top in order else len(order), top)


def _legend(tops: list[str]) -> list[str]:
    """A cluster with one swatch per class (unlinked, so they stack in the first rank)."""
    if not tops:
        return []
    lines = ["  subgraph cluster_legend {",
             '    label="Legend"; fontname="DejaVu Sans"; fontsize=10; style="rounded"; color="#999999";']
    names = [_q(LEGEND_PREFIX + (top or "Other")) for top in tops]
    for top, node in zip(tops, names):
        lines.append(f"    {node} [label={_q(top or 'Other')}, shape={SHAPES.get(top, 'ellipse')}, "
                     f"fillcolor={_q(colour(top))}, tooltip={_q('class ' + (top or 'other'))}];")
    lines.append("  }")
    return lines


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
        raise ExportError(f"Graphviz failed: {exc}") from exc
    if proc.returncode != 0:
        msg = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ExportError(f"Graphviz failed: {msg[0] if msg else 'exit code ' + str(proc.returncode)}")
    return proc.stdout


def write_rendered(G: Any, path: str | Path, fmt: str) -> Path:
    """Render ``G`` with Graphviz and write the ``svg``/``png`` file."""
    return write_text(path, render_dot(to_dot(G), fmt))
