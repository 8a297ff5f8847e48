"""Identity keys: the name each entity of one article is known by across articles.

Every entity of an article gets a *key* (the IRI it would have on its own,
``https://w3id.org/kg/id/{class}/{name}``). Keys are decided from the article alone; which
keys denote one real-world thing is decided later from evidence over the whole store
(:mod:`kg.rdf.resolve`). The name behind a key, in order:

- **Known forces** take the canonical label of the sourced alias table
  (``kg/extract/data/forces.tsv``): "Daesh", "ISIL" and "Islamic State" are one key. An
  armed group tied to a country in the table is taken as that group only when the article
  names that country; elsewhere the name gets its country ("al-Shabab" in a Mozambican
  report is not Somalia's al-Shabaab).
- **Numbered units** ("20th Brigade", "7 Division") are ambiguous across armies, so their name
  is qualified by the force they belong to (a ``partOf`` stated in the article) or else by
  the article's main country: an Iraqi and a Syrian "20th Brigade" stay apart.
- **Countries, provinces and districts** take the gazetteer's canonical name, so "Anbar",
  "al-Anbar" and "Anbar Province" are one key. Towns and villages keep their own name.
- **Operations** drop the words "Operation(s)".
- **Incidents** with a kind, a date, a place and a perpetrator are keyed by the four; others
  are local to their article.

Nothing is keyed or merged by fuzzy similarity.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from kg.model import Entity, Extraction
from kg.rdf import ontology as o

_NUMBERED = re.compile(r"\d")
_OPERATION_WORD = re.compile(r"\b(?:operations?|op\.)\b", re.I)


@lru_cache(maxsize=65536)
def place_info(name: str) -> Any:
    """The gazetteer's entry for ``name`` (cached: the same names recur in every article)."""
    from kg.extract.gazetteer import lookup_place

    return lookup_place(name)


@lru_cache(maxsize=65536)
def force_info(name: str) -> Any:
    """The alias table's force for ``name`` (cached)."""
    from kg.extract.aliases import lookup_force

    return lookup_force(name)


@dataclass(frozen=True, slots=True)
class Context:
    """Where an article is: its main country and every country it names (ISO codes)."""

    main: str | None = None
    main_name: str | None = None
    countries: frozenset[str] = frozenset()


def article_context(ext: Extraction) -> Context:
    """The countries an article is about, from its Country entities and known places."""
    weight: Counter[str] = Counter()
    names: dict[str, str] = {}
    codes: set[str] = set()
    for ent in ext.entities:
        if o.top_class(ent.type) != "Place":
            continue
        hit = place_info(ent.label)
        if hit is None or not hit.country:
            continue
        codes.add(hit.country)
        if ent.type == "Country" or hit.kind == "Country":
            weight[hit.country] += 2 * (len(ent.mentions) or 1)
            names.setdefault(hit.country, ent.label)
        else:
            weight[hit.country] += 1
    if not weight:
        return Context()
    main = sorted(weight.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    return Context(main, names.get(main), frozenset(codes))


def _known_force(ent: Entity, ctx: Context | None = None) -> tuple[str | None, str | None]:
    """(canonical label, rejected label): the table's force, or the one the context rules out."""
    rejected = None
    for i, name in enumerate((ent.label, *sorted(ent.aliases))):
        hit = force_info(name)
        if hit is None:
            continue
        # only armed groups are local to their country: armies and paramilitaries serve abroad
        if ctx is None or not hit.country or not ctx.countries or hit.type != "ArmedGroup":
            return hit.label, None
        # the label names the force: the article only has to mention its country;
        # another name of it (an alias) must come with the force's own country as the main one
        if hit.country == ctx.main or (i == 0 and hit.country in ctx.countries):
            return hit.label, None
        rejected = rejected or hit.label
    return None, rejected


def _admin_place(ent: Entity) -> str | None:
    for name in (ent.label, *sorted(ent.aliases)):
        hit = place_info(name)
        if hit is not None and hit.kind in ("Country", "Province", "District"):
            return hit.name
    return None


def canonical_label(ent: Entity, ctx: Context | None = None) -> str | None:
    """The shared display name of a known force or administrative place, if it has one."""
    top = o.top_class(ent.type)
    if top == "Force":
        return _known_force(ent, ctx)[0]
    if top == "Place":
        return _admin_place(ent)
    return None


def identity_names(ext: Extraction, ctx: Context | None = None, *, only: str | None = None) -> dict[str, str]:
    """Entity key -> the name its identity key is minted from (see the module rules).

    ``only`` limits the work to one entity that is not an incident.
    """
    if ctx is None:
        ctx = article_context(ext)
    names: dict[str, str] = {}
    by_key = {e.key: e for e in ext.entities}
    parents = {r.subject: r.object for r in ext.relations
               if r.predicate == "partOf" and r.object in by_key}
    countries = Counter({e.key: len(e.mentions) or 1 for e in ext.entities if e.type == "Country"})
    main_country = by_key[countries.most_common(1)[0][0]].label if countries else ctx.main_name

    def force_name(ent: Entity, depth: int = 0) -> str:
        known, rejected = _known_force(ent, ctx)
        if known:
            return known
        if rejected is not None and not _NUMBERED.search(ent.label):
            return f"{ent.label} ({main_country or 'elsewhere'})"
        if not _NUMBERED.search(ent.label):
            return ent.label
        parent = by_key.get(parents.get(ent.key, ""))
        if parent is not None and depth < 4:
            return f"{ent.label} of {force_name(parent, depth + 1)}"
        return f"{ent.label} of {main_country}" if main_country else ent.label

    incidents: list[Entity] = []
    for ent in ext.entities if only is None else [by_key[only]]:
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

