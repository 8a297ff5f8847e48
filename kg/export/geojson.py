"""GeoJSON (RFC 7946) of the located places, and of the operations and incidents at them.

A place is put on the map at, in this order: its own coordinates (a settlement the
gazetteer knows); the centroid of the gazetteer's places within it (a province, district
or country: the gazetteer lists them without coordinates, but with their settlements); the
centroid of the graph's own placed places located in it. ``placement`` in its properties
says which. The places that none of these can put anywhere are counted and listed in the
collection's ``unplaced`` member, and :func:`summary` reports them.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from kg.export.common import colour, write_text

EVENT_CLASSES = ("Operation", "Incident")


@dataclass(slots=True)
class Placement:
    """Where each place of a graph goes: ``points`` (node -> (lat, lon, how)) and ``unplaced`` nodes."""

    points: dict[str, tuple[float, float, str]] = field(default_factory=dict)
    unplaced: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def gazetteer_centroids() -> dict[str, tuple[float, float, int]]:
    """Normalised names and aliases of the gazetteer's places without coordinates -> centroid
    (lat, lon, number of places) of the places with coordinates within them, at any depth."""
    from kg.extract.gazetteer import curated_rows
    from kg.rdf.ontology import normalise

    rows = curated_rows()
    children: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        if row.get("parent"):
            children.setdefault(normalise(row["parent"]), []).append(row)

    def located(row: dict[str, str]) -> tuple[float, float] | None:
        try:
            return float(row["lat"]), float(row["lon"])
        except (KeyError, TypeError, ValueError):
            return None

    table: dict[str, tuple[float, float, int]] = {}
    for row in rows:
        if located(row) is not None:
            continue
        points: list[tuple[float, float]] = []
        seen = {normalise(row["name"])}
        todo = [normalise(row["name"])]
        while todo:
            for child in children.get(todo.pop(), []):
                key = normalise(child["name"])
                if key in seen:
                    continue
                seen.add(key)
                todo.append(key)
                if (point := located(child)) is not None:
                    points.append(point)
        if not points:
            continue
        centroid = (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points), len(points))
        for name in [row["name"], *(row.get("aliases") or "").split("|")]:
            if name.strip():
                table.setdefault(normalise(name), centroid)
    return table


def place(G: Any) -> Placement:
    """Put every place of ``G`` on the map where possible (see the module docstring)."""
    from kg.rdf.ontology import normalise

    out = Placement()
    places = [n for n, d in G.nodes(data=True) if d.get("top") == "Place"]
    table = gazetteer_centroids()
    pending = []
    for n in places:
        d = G.nodes[n]
        if d.get("lat") is not None and d.get("lon") is not None:
            out.points[n] = (float(d["lat"]), float(d["lon"]), "own")
            continue
        names = [d.get("label", ""), *(d.get("aliases") or [])]
        hit = next((table[k] for k in (normalise(str(x)) for x in names) if k in table), None)
        if hit is not None:
            out.points[n] = (hit[0], hit[1], f"centroid of {hit[2]} gazetteer places within")
        else:
            pending.append(n)
    for n in pending:
        within = _within(G, n)
        points = [out.points[x] for x in within if x in out.points]
        if points:
            out.points[n] = (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points),
                             f"centroid of {len(points)} places within it in the graph")
        else:
            out.unplaced.append(n)
    return out


def _within(G: Any, n: str) -> set[str]:
    """Places located in ``n`` (through locatedIn, at any depth)."""
    found: set[str] = set()
    todo = [n]
    while todo:
        for s, _t, k in G.in_edges(todo.pop(), keys=True):
            if k == "locatedIn" and s not in found and s != n:
                found.add(s)
                todo.append(s)
    return found


def _point(at: tuple[float, float, str] | None) -> dict[str, Any] | None:
    if at is None:
        return None
    lat, lon, _how = at
    return {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]}


def _ref(G: Any, n: str) -> dict[str, Any]:
    d = G.nodes[n]
    out = {"id": n, "label": d.get("label", n), "type": d.get("type", "")}
    if d.get("date"):
        out["date"] = d["date"]
    return out


def to_geojson(G: Any) -> dict[str, Any]:
    """A FeatureCollection.

    One ``kind: "place"`` Point per place that can be placed (its events and threatening
    forces as properties), and one ``kind: "event"`` Point per operation or incident and
    placed place it took place in. The foreign member ``unplaced`` counts and lists the
    places left off the map.
    """
    placed = place(G)
    features: list[dict[str, Any]] = []
    for n, d in G.nodes(data=True):
        if d.get("top") != "Place" or (geom := _point(placed.points.get(n))) is None:
            continue
        events = sorted({s for s, _t, k in G.in_edges(n, keys=True) if k == "tookPlaceIn"
                         and G.nodes[s].get("top") in EVENT_CLASSES})
        threats = sorted({t for _s, t, k in G.out_edges(n, keys=True) if k == "threatenedBy"})
        within = sorted({t for _s, t, k in G.out_edges(n, keys=True) if k == "locatedIn"})
        props = {"kind": "place", "id": n, "label": d.get("label", n), "type": d.get("type", ""),
                 "aliases": list(d.get("aliases", [])), "articles": d.get("articles", 0),
                 "color": colour("Place"), "placement": placed.points[n][2],
                 "located_in": [_ref(G, x) for x in within],
                 "events": [_ref(G, x) for x in events], "threatened_by": [_ref(G, x) for x in threats]}
        features.append({"type": "Feature", "id": n, "geometry": geom, "properties": props})
    for n, d in G.nodes(data=True):
        if d.get("top") not in EVENT_CLASSES:
            continue
        for _s, where, k in G.out_edges(n, keys=True):
            if k != "tookPlaceIn" or (geom := _point(placed.points.get(where))) is None:
                continue
            actors = sorted({t for _s2, t, k2 in G.out_edges(n, keys=True) if k2 in ("perpetratedBy", "targets",
                                                                                 "targeted")}
                            | {s for s, _t2, k2 in G.in_edges(n, keys=True) if k2 == "participatedIn"})
            props = {"kind": "event", "id": n, "label": d.get("label", n), "type": d.get("type", ""),
                     "top": d.get("top"), "date": d.get("date") or d.get("first_seen"),
                     "end_date": d.get("end_date"), "killed": d.get("killed"), "wounded": d.get("wounded"),
                     "place": where, "place_label": G.nodes[where].get("label", where),
                     "color": colour(d.get("top")), "forces": [_ref(G, x) for x in actors]}
            features.append({"type": "Feature", "id": f"{n}@{where}", "geometry": geom, "properties": props})
    unplaced = [_ref(G, n) for n in sorted(placed.unplaced)]
    return {"type": "FeatureCollection", "features": features,
            "unplaced": {"count": len(unplaced), "places": unplaced}}


def summary(G: Any) -> str:
    """How many places the map shows and how many it leaves off."""
    placed = place(G)
    return f"{len(placed.points)} places on the map, {len(placed.unplaced)} without a position"


def write_geojson(G: Any, path: str | Path) -> Path:
    """Write the places of ``G`` as GeoJSON to ``path``."""
    return write_text(path, json.dumps(to_geojson(G), ensure_ascii=False, indent=1) + "\n")
