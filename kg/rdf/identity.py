"""Cross-article identity: the name an entity's IRI is minted from.

Two mentions in different articles become one node exactly when they get the same
(contract class, identity name). The rules, in order:

- **Known forces** take the canonical label of the sourced alias table (``kg/extract/data/forces.tsv``):
  "Daesh", "ISIL" and "Islamic State" are one node.
- **Numbered units** ("20th Brigade", "7 Division") are ambiguous across armies, so their name
  is qualified by the force they belong to (a ``partOf`` stated in the article) or else by
  the article's main country: an Iraqi and a Syrian "20th Brigade" stay apart.
- **Countries, provinces and districts** take the gazetteer's canonical name, so "Anbar",
  "al-Anbar" and "Anbar Province" are one node. Towns and villages keep their own name:
  a village name is too often shared by places in different countries.
- **Operations** drop the words "Operation(s)": "Operation Southern Shield" and the
  "Southern Shield operation" are one node.
- **Incidents** with a kind, a date, a place and a perpetrator are identified by the four
  (repeated reports of one attack become one node with several sources); others stay local
  to their article.
- Nothing is merged by fuzzy similarity.
"""
from __future__ import annotations

import re
from collections import Counter

from kg.rdf import ontology as o
from kg.model import Entity, Extraction

_NUMBERED = re.compile(r"\d")
_OPERATION_WORD = re.compile(r"\b(?:operations?|op\.)\b", re.I)


def _known_force(ent: Entity) -> str | None:
    from kg.extract.aliases import lookup_force

    for name in (ent.label, *sorted(ent.aliases)):
        hit = lookup_force(name)
        if hit is not None:
            return hit.label
    return None


def _admin_place(ent: Entity) -> str | None:
    from kg.extract.gazetteer import lookup_place

    for name in (ent.label, *sorted(ent.aliases)):
        hit = lookup_place(name)
        if hit is not None and hit.kind in ("Country", "Province", "District"):
            return hit.name
    return None


def canonical_label(ent: Entity) -> str | None:
    """The shared display name of a known force or administrative place, if it has one.

    Using it as ``rdfs:label`` (the article's own wording becomes a ``skos:altLabel``)
    gives a node one label however many articles spell it differently.
    """
    top = o.top_class(ent.type)
    if top == "Force":
        return _known_force(ent)
    if top == "Place":
        return _admin_place(ent)
    return None


def identity_names(ext: Extraction) -> dict[str, str]:
    """Entity key -> the name its IRI is minted from (see the module rules)."""
    names: dict[str, str] = {}
    by_key = {e.key: e for e in ext.entities}
    parents = {r.subject: r.object for r in ext.relations
               if r.predicate == "partOf" and r.object in by_key}
    countries = Counter({e.key: len(e.mentions) or 1 for e in ext.entities if e.type == "Country"})
    main_country = by_key[countries.most_common(1)[0][0]].label if countries else None

    def force_name(ent: Entity, depth: int = 0) -> str:
        known = _known_force(ent)
        if known:
            return known
        if not _NUMBERED.search(ent.label):
            return ent.label
        parent = by_key.get(parents.get(ent.key, ""))
        if parent is not None and depth < 4:
            return f"{ent.label} of {force_name(parent, depth + 1)}"
        return f"{ent.label} of {main_country}" if main_country else ent.label

    incidents: list[Entity] = []
    for ent in ext.entities:
        explicit = ent.attributes.get("iri_name")
        top = o.top_class(ent.type)
        if explicit:
            names[ent.key] = str(explicit)
        elif top == "Force":
            names[ent.key] = force_name(ent)
        elif top == "Place":
            names[ent.key] = _admin_place(ent) or ent.label
        elif top == "Operation":
            stripped = " ".join(_OPERATION_WORD.sub(" ", ent.label).split())
            names[ent.key] = stripped or ent.label
        elif top == "Incident":
            names[ent.key] = f"{ent.label} {ext.article.id[:12]}"
            incidents.append(ent)
        else:
            names[ent.key] = ent.label
    for ent in incidents:
        date = ent.attributes.get("date")
        place = sorted(names[r.object] for r in ext.relations if r.subject == ent.key and r.predicate == "tookPlaceIn")
        perp = sorted(names[r.object] for r in ext.relations if r.subject == ent.key and r.predicate == "perpetratedBy")
        if date and place and perp and ent.type != "Incident":
            names[ent.key] = f"{ent.type} {place[0]} {perp[0]} {date}"
    return names
