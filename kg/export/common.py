"""What every graph export shares: class colours, flat attributes, atomic writes."""
from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from kg.errors import ExportError

#: Colour of each contract class (colour-blind safe palette), and for anything else.
CLASS_COLOURS: dict[str, str] = {
    "Force": "#d62728",
    "Place": "#2ca02c",
    "Operation": "#1f77b4",
    "Incident": "#ff7f0e",
    "Person": "#9467bd",
}
OTHER_COLOUR = "#7f7f7f"

#: Node attributes every export carries, in column order, with their scalar type.
NODE_FIELDS: dict[str, type] = {
    "label": str, "type": str, "top": str, "classes": str, "aliases": str, "lat": float, "lon": float,
    "date": str, "end_date": str, "killed": int, "wounded": int, "role": str, "same_as": str,
    "first_seen": str, "last_seen": str, "articles": int,
}
EDGE_FIELDS: dict[str, type] = {
    "predicate": str, "weight": int, "confidence": float, "sentences": str, "sources": str,
}
LIST_SEPARATOR = "; "


def colour(top: str | None) -> str:
    """Hex colour of a contract class."""
    return CLASS_COLOURS.get(top or "", OTHER_COLOUR)


def rgb(hex_colour: str) -> tuple[int, int, int]:
    """``"#d62728"`` -> ``(214, 39, 40)``."""
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def flat_node(d: dict[str, Any]) -> dict[str, str | int | float]:
    """Node attributes as scalars (lists joined), ``None`` values dropped."""
    out: dict[str, str | int | float] = {}
    for name, kind in NODE_FIELDS.items():
        v = d.get(name)
        if v is None or v == [] or v == "":
            continue
        if isinstance(v, (list, tuple, set)):
            v = LIST_SEPARATOR.join(str(x) for x in v)
        out[name] = kind(v)
    return out


def sentences(evidence: Iterable[dict[str, Any]]) -> list[str]:
    """Distinct evidence sentences in order."""
    seen: list[str] = []
    for ev in evidence:
        s = " ".join(str(ev.get("sentence", "")).split())
        if s and s not in seen:
            seen.append(s)
    return seen


def flat_edge(d: dict[str, Any]) -> dict[str, str | int | float]:
    """Edge attributes as scalars: evidence sentences joined by `` | ``, articles by spaces."""
    ev = d.get("evidence", [])
    return {
        "predicate": str(d.get("predicate", "")),
        "weight": int(d.get("weight", 1)),
        "confidence": float(d.get("confidence", 0.0)),
        "sentences": " | ".join(sentences(ev)),
        "sources": " ".join(sorted({str(x.get("article", "")) for x in ev})),
    }


def json_node(n: str, d: dict[str, Any]) -> dict[str, Any]:
    """Node attributes for JSON formats (lists kept, ``None`` dropped)."""
    keep = {k: v for k, v in d.items() if v is not None and k in NODE_FIELDS}
    return {"id": n, **keep}


def json_edge(d: dict[str, Any]) -> dict[str, Any]:
    """Edge attributes for JSON formats, evidence kept as a list of objects."""
    return {"predicate": d.get("predicate", ""), "weight": int(d.get("weight", 1)),
            "confidence": float(d.get("confidence", 0.0)), "evidence": list(d.get("evidence", []))}


def degrees(G: Any) -> dict[str, int]:
    """Number of distinct neighbours of every node (direction and predicate ignored)."""
    return {n: len(set(G.successors(n)) | set(G.predecessors(n))) for n in G}


def write_text(path: str | Path, text: str | bytes) -> Path:
    """Write a file atomically (temporary file, then rename).

    Raises:
        ExportError: the file cannot be written.
    """
    path = Path(path)
    with atomic_path(path) as tmp:
        tmp.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def write_chunks(path: str | Path, chunks: Iterable[str]) -> Path:
    """Write text chunks to a file as they are produced, atomically (temporary file, then rename).

    Raises:
        ExportError: the file cannot be written.
    """
    path = Path(path)
    with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8", newline="") as fh:
        for chunk in chunks:
            fh.write(chunk)
    return path


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary file beside ``path`` to write; it replaces ``path`` when the block ends
    without error and is removed otherwise, so ``path`` is never seen half written.

    Raises:
        ExportError: the file cannot be written (the ``OSError`` is its cause).
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        yield tmp
        tmp.replace(path)
    except OSError as exc:
        _discard(tmp)
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from exc
    except BaseException:
        _discard(tmp)
        raise


def json_array(items: Iterable[object]) -> Iterable[str]:
    """A JSON array written one item per line, as the items come."""
    import json

    yield "["
    for i, item in enumerate(items):
        yield ("," if i else "") + "\n" + json.dumps(item, ensure_ascii=False)
    yield "\n]"


def iter_json(value: object) -> Iterator[str]:
    """The JSON text of ``value``, streamed: its iterators (generators) are written item by item.

    >>> "".join(iter_json({"a": 1, "b": iter([{"c": 2}])}))
    '{"a": 1, "b": [\\n{"c": 2}\\n]}'
    """
    import json

    if isinstance(value, dict):
        yield "{"
        for i, (key, item) in enumerate(value.items()):
            yield (", " if i else "") + json.dumps(key, ensure_ascii=False) + ": "
            yield from iter_json(item)
        yield "}"
    elif isinstance(value, Iterator):
        yield from json_array(value)
    else:
        yield json.dumps(value, ensure_ascii=False)


def _discard(path: Path) -> None:
    """Remove a temporary file if it is there (no error when it cannot be)."""
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass
