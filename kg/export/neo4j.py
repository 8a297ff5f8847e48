"""CSV files for ``neo4j-admin database import full`` (typed headers, ``;`` array delimiter).

Import with::

    neo4j-admin database import full --nodes=nodes.csv --relationships=relationships.csv neo4j
"""
from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from kg.export.common import sentences, write_chunks

NODE_HEADER = ["id:ID", ":LABEL", "name", "type", "top", "aliases:string[]", "lat:double", "lon:double",
               "date:date", "end_date:date", "killed:int", "wounded:int", "role", "first_seen:date",
               "last_seen:date", "articles:int"]
REL_HEADER = [":START_ID", ":END_ID", ":TYPE", "weight:int", "confidence:float", "sentence",
              "articles:string[]"]


def _clean(value: Any) -> str:
    if value is None:
        return ""
    return " ".join(str(value).split())


def _array(values: Any) -> str:
    return ";".join(_clean(v).replace(";", ",") for v in values or [])


class _Line:
    """Collects what ``csv.writer`` writes for one row."""

    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> None:
        self.text = text


def _csv_lines(rows: Iterable[list[Any]]) -> Iterator[str]:
    line = _Line()
    writer = csv.writer(line, lineterminator="\n")
    for row in rows:
        writer.writerow(row)
        yield line.text


def _node_rows(G: Any) -> Iterator[list[Any]]:
    yield NODE_HEADER
    for n, d in G.nodes(data=True):
        labels = ["Entity", *dict.fromkeys(x for x in (d.get("top"), d.get("type")) if x)]
        yield [n, ";".join(labels), _clean(d.get("label")), d.get("type", ""), d.get("top", ""),
               _array(d.get("aliases")), d.get("lat", ""), d.get("lon", ""), d.get("date", ""),
               d.get("end_date", ""), d.get("killed", ""), d.get("wounded", ""), _clean(d.get("role")),
               d.get("first_seen") or "", d.get("last_seen") or "", d.get("articles", 0)]


def _relationship_rows(G: Any) -> Iterator[list[Any]]:
    yield REL_HEADER
    for s, t, k, d in G.edges(keys=True, data=True):
        ev = d.get("evidence", [])
        first = sentences(ev)[:1]
        yield [s, t, k, int(d.get("weight", 1)), f"{float(d.get('confidence', 0.0)):.3f}",
               first[0] if first else "", _array(sorted({x.get("article", "") for x in ev}))]


def to_neo4j(G: Any) -> dict[str, str]:
    """``{"nodes.csv": text, "relationships.csv": text}``.

    Nodes are labelled ``Entity`` plus their contract and specific classes; relationship
    types are the predicate names; ``sentence`` holds the best evidence sentence.
    """
    return {"nodes.csv": "".join(_csv_lines(_node_rows(G))),
            "relationships.csv": "".join(_csv_lines(_relationship_rows(G)))}


def write_neo4j(G: Any, folder: str | Path) -> Path:
    """Write ``nodes.csv`` and ``relationships.csv`` into ``folder``, row by row; return the folder."""
    folder = Path(folder)
    write_chunks(folder / "nodes.csv", _csv_lines(_node_rows(G)))
    write_chunks(folder / "relationships.csv", _csv_lines(_relationship_rows(G)))
    return folder
