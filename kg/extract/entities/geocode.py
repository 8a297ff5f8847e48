"""Coordinates held to the article's countries.

A village a Burkina Faso report names is looked up among Burkina Faso's places, never
matched to a namesake in Brazil: when the article names countries, a place whose gazetteer
entry lies elsewhere is looked up again within those countries, and left without
coordinates (and without the foreign entry's class) when none matches.
"""
from __future__ import annotations

from kg.extract.lookups import lookup_place
from kg.model import Entity
from kg.rdf.ontology import top_class

_GEO_KEYS = ("lat", "lon", "geonames", "wikidata")


def article_countries(entities: list[Entity]) -> frozenset[str]:
    """ISO codes of the countries the article names."""
    out = set()
    for e in entities:
        if e.type == "Country":
            hit = lookup_place(e.label)
            if hit is not None and hit.country:
                out.add(hit.country)
    return frozenset(out)


def hold_to_countries(entities: list[Entity]) -> None:
    """Re-geocode or un-geocode places whose gazetteer entry is outside the article's countries."""
    countries = article_countries(entities)
    if not countries:
        return
    from kg.extract.gazetteer import lookup_place_in

    for e in entities:
        if top_class(e.type) != "Place" or e.type == "Country" or "lat" not in e.attributes and "geonames" not in e.attributes:
            continue
        names = [e.label, *sorted(e.aliases)]
        hit = next((h for h in (lookup_place(n) for n in names) if h is not None), None)
        if hit is None or hit.country is None or hit.country in countries:
            continue
        held = next((h for h in (lookup_place_in(n, countries) for n in names) if h is not None), None)
        for k in _GEO_KEYS:
            e.attributes.pop(k, None)
        if held is not None:
            for k in ("lat", "lon", "geonames", "wikidata"):
                v = getattr(held, k, None)
                if v not in (None, ""):
                    e.attributes[k] = v if k in ("lat", "lon") else str(v)
        elif e.type == hit.kind and not _has_head_word(e.label):
            e.type = "Place"  # the class came from the foreign namesake


def _has_head_word(label: str) -> bool:
    from kg.extract.mentions.places import KIND_OF_HEAD

    words = label.lower().split()
    return len(words) >= 2 and words[-1] in KIND_OF_HEAD
