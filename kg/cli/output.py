"""Formatting results for the terminal: tables, JSON, CSV; ``-`` as standard output."""
from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from collections.abc import Sequence
from enum import Enum
from typing import Any

from kg.rdf.ontology import PREFIXES

_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


def short(term: Any) -> str:
    """A compact string of an RDF term: prefixed IRIs, plain literal values."""
    if term is None:
        return ""
    value = getattr(term, "value", term)
    if type(term).__name__ == "NamedNode":
        for prefix, ns in _BY_LENGTH:
            if value.startswith(ns) and len(value) > len(ns):
                return f"{prefix}:{value[len(ns):]}"
        return value
    if type(term).__name__ == "BlankNode":
        return f"_:{value}"
    return str(value)


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], *, max_width: int = 60) -> str:
    """A plain-text table with a header rule; long cells are cut with an ellipsis."""
    cells = [[_cell(c, max_width) for c in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        for i, c in enumerate(row):
            widths[i] = max(widths[i], len(c))
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths)).rstrip()
    rule = "  ".join("-" * w for w in widths)
    body = ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join([line, rule, *body])


def _cell(value: Any, max_width: int) -> str:
    text = short(value) if not isinstance(value, (str, int, float)) else str(value)
    text = " ".join(text.split())
    return text if len(text) <= max_width else text[: max_width - 1] + "…"


def emit(headers: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str | Enum = "table") -> None:
    """Print rows as a table, JSON (list of objects), CSV or TSV (``fmt`` a :class:`RowFormat` or its value)."""
    fmt = fmt.value if isinstance(fmt, Enum) else fmt
    if fmt not in ("table", "json", "csv", "tsv"):
        raise ValueError(f"not a row format: {fmt}")
    out = sys.stdout
    if fmt == "json":
        json.dump([dict(zip(headers, r)) for r in rows], out, indent=2, ensure_ascii=False, default=str)
        out.write("\n")
    elif fmt in ("csv", "tsv"):
        import csv

        buf = io.StringIO()
        w = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        w.writerow(headers)
        w.writerows(rows)
        out.write(buf.getvalue())
    else:
        out.write(table(headers, rows) + "\n")


def print_json(data: Any) -> None:
    """Print ``data`` as indented JSON (non-ASCII kept, unknown types as strings)."""
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")


def is_stdout(path: Any) -> bool:
    """Whether an ``--output`` value is ``-``, standard output."""
    return str(path) == "-"


@contextmanager
def stdout_path(suffix: str) -> Iterator[Path]:
    """A temporary file to write to; its bytes go to standard output when the block ends.

    For writers that take a path (atomic renames, external programs) behind ``-o -``.
    """
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory(prefix="kg-stdout-") as folder:
        path = Path(folder) / f"out{suffix}"
        yield path
        sys.stdout.flush()
        with path.open("rb") as src:
            out = getattr(sys.stdout, "buffer", None)
            if out is None:  # a text-only stream (tests): decode
                sys.stdout.write(src.read().decode("utf-8", "replace"))
            else:
                shutil.copyfileobj(src, out)
                out.flush()
