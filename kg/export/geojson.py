"""GeoJSON (RFC 7946) of the located places, and of the operations and incidents at them."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kg.export.common import colour, write_text

EVENT_CLASSES = ("Operation", "Incident")


def _point(d: dict[str, Any]) -> dict[str, Any] | None:
    lat, lon = d.get("lat"), d.get("lon")
    if lat is None or lon is None:
        return None
    return {"type": "Point", "coordinates": [round(float(lon), 6), round(float(lat), 6)]}


def _ref(G: Any, n: str) -> dict[str, Any]:
    d = G.nodes[n]
    out = {"id": n, "label": d.get("label", n), "type": d.get("type", "")}
    if d.get("date"):
        out["date"] = d["date"]
    return out


def to_geojson(G: Any) -> dict[str, Any]:
    """A FeatureCollection.

    One ``kind: "place"`` Point per place with coordinates (its events and threatening
    forces as properties), and one ``kind: "event"`` Point per operation or incident and
    located place it took place in.
    """
    features: list[dict[str, Any]] = []
    for n, d in G.nodes(data=True):
        if d.get("top") != "Place" or (geom := _point(d)) is None:
            continue
        events = sorted({s for s, _t, k in G.in_edges(n, keys=True) if k == "tookPlaceIn"
                         and G.nodes[s].get("top") in EVENT_CLASSES})
        threats = sorted({t for _s, t, k in G.out_edges(n, keys=True) if k == "threatenedBy"})
        within = sorted({t for _s, t, k in G.out_edges(n, keys=True) if k == "locatedIn"})
        props = {"kind": "place", "id": n, "label": d.get("label", n), "type": d.get("type", ""),
                 "aliases": list(d.get("aliases", [])), "articles": d.get("articles", 0),
                 "color": colour("Place"), "located_in": [_ref(G, x) for x in within],
                 "events": [_ref(G, x) for x in events], "threatened_by": [_ref(G, x) for x in threats]}
        features.append({"type": "Feature", "id": n, "geometry": geom, "properties": props})
    for n, d in G.nodes(data=True):
        if d.get("top") not in EVENT_CLASSES:
            continue
        for _s, place, k in G.out_edges(n, keys=True):
            if k != "tookPlaceIn" or (geom := _point(G.nodes[place])) is None:
                continue
            actors = sorted({t for _s2, t, k2 in G.out_edges(n, keys=True) if k2 in ("perpetratedBy", "targets",
                                                                                 "targeted")}
                            | {s for s, _t2, k2 in G.in_edges(n, keys=True) if k2 == "participatedIn"})
            props = {"kind": "event", "id": n, "label": d.get("label", n), "type": d.get("type", ""),
                     "top": d.get("top"), "date": d.get("date") or d.get("first_seen"),
                     "end_date": d.get("end_date"), "killed": d.get("killed"), "wounded": d.get("wounded"),
                     "place": place, "place_label": G.nodes[place].get("label", place),
                     "color": colour(d.get("top")), "forces": [_ref(G, x) for x in actors]}
            features.append({"type": "Feature", "id": f"{n}@{place}", "geometry": geom, "properties": props})
    return {"type": "FeatureCollection", "features": features}


def write_geojson(G: Any, path: str | Path) -> Path:
    """Write the places of ``G`` as GeoJSON to ``path``."""
    return write_text(path, json.dumps(to_geojson(G), ensure_ascii=False, indent=1) + "\n")
