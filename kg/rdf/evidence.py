"""What one article says about identity, kept with its graph for the store-wide resolver.

:func:`article_evidence` reads an :class:`~kg.model.Extraction` and returns a plain,
JSON-ready record: for every entity its identity key (the IRI it has on its own), class,
names, gazetteer identifiers and country; the names the article itself gives one entity
(its stated equivalences); numbered units with their parent; incidents with kind, date,
places and actors; and the containment (``locatedIn``) it states.
"""
from __future__ import annotations

import re
from typing import Any

from kg.model import Entity, Extraction
from kg.rdf import ontology as o
from kg.rdf.identity import Context, article_context, force_info, identity_names, place_info

#: Version of the evidence record; a record of another version is rebuilt from the graph.
VERSION = 1
_NUMBERED = re.compile(r"\d")
_ACTOR_PREDICATES = ("perpetratedBy", "targeted")


def _ids(ent: Entity) -> list[str]:
    a = ent.attributes
    out = []
    if str(a.get("geonames") or "").isdigit():
        out.append(f"geonames:{a['geonames']}")
    if re.fullmatch(r"Q\d+", str(a.get("wikidata") or "")):
        out.append(f"wikidata:{a['wikidata']}")
    return out


def _country(ent: Entity, ctx: Context) -> str | None:
    if o.top_class(ent.type) == "Place":
        hit = place_info(ent.label)
        if hit is not None and hit.country:
            return hit.country
    return ctx.main


def _known(name: str) -> str | None:
    """What the sourced tables say ``name`` is ("place:North Kivu", "force:Islamic State"), if anything."""
    force = force_info(name)
    if force is not None:
        return "force:" + force.label
    place = place_info(name)
    return "place:" + place.name if place is not None else None


def _stated_names(ent: Entity) -> list[str]:
    """Other names the article gives ``ent`` that may identify it elsewhere.

    A person's bare surname ("Rasool" for "Yahya Rasool") names them only inside the
    article, lower-case phrases are descriptions, not names, and a name the sourced tables
    give to another thing than the label ("South Kivu" beside "North Kivu", the country
    "Pakistan" beside a group) is a reading error, not an equivalence.
    """
    out = []
    top = o.top_class(ent.type)
    own = _known(ent.label)
    for alias in sorted(ent.aliases):
        alias = " ".join(alias.split())
        if not alias or alias == ent.label or not any(c.isupper() for c in alias):
            continue
        if top == "Person" and len(alias.split()) == 1:
            continue
        other = _known(alias)
        if own is not None and other is not None and other != own:
            continue
        out.append(alias)
    return out


def article_evidence(ext: Extraction, *, base: str = o.BASE_IRI,
                     keys: dict[str, str] | None = None) -> dict[str, Any]:
    """The identity evidence of one article (see the module docstring).

    ``keys`` (entity key -> identity key IRI) is computed when not given.
    """
    ctx = article_context(ext)
    names = identity_names(ext, ctx)
    if keys is None:
        keys = {e.key: o.entity_iri(e.type, names[e.key], base=base) for e in ext.entities}
    by_key = {e.key: e for e in ext.entities}
    parents = {r.subject: r.object for r in ext.relations if r.predicate == "partOf" and r.object in by_key}
    entities: list[dict[str, Any]] = []
    same: list[list[str]] = []
    for ent in ext.entities:
        top = o.top_class(ent.type)
        rec: dict[str, Any] = {"key": keys[ent.key], "class": top, "type": ent.type, "label": ent.label,
                               "names": [ent.label, *_stated_names(ent)], "ids": _ids(ent),
                               "country": _country(ent, ctx)}
        if top == "Place":
            rec["gazetteer"] = _known(ent.label) is not None
        if top == "Force" and _NUMBERED.search(ent.label):
            parent = parents.get(ent.key)
            rec["unit"] = {"name": ent.label, "parent": keys[parent] if parent else None}
        if top == "Incident":
            rels = [r for r in ext.relations if r.subject == ent.key]
            rec["incident"] = {
                "date": ent.attributes.get("date") if isinstance(ent.attributes.get("date"), str) else None,
                "places": sorted({keys[r.object] for r in rels if r.predicate == "tookPlaceIn" and r.object in keys}),
                "actors": sorted({keys[r.object] for r in rels if r.predicate in _ACTOR_PREDICATES
                                  and r.object in keys}),
            }
        if top not in ("Incident",):
            for alias in rec["names"][1:]:
                twin = Entity(ent.key, ent.type, alias, set(), attributes=dict(ent.attributes))
                alias_key = _alias_key(ext, ent, twin, ctx, base)
                if alias_key != rec["key"]:
                    same.append([rec["key"], alias_key, f"{ent.label} = {alias}"])
        entities.append(rec)
    within = sorted({(keys[r.subject], keys[r.object]) for r in ext.relations
                     if r.predicate == "locatedIn" and r.subject in keys and r.object in keys})
    return {"v": VERSION, "country": ctx.main, "entities": entities, "same": same,
            "within": [list(p) for p in within]}


def _alias_key(ext: Extraction, ent: Entity, twin: Entity, ctx: Context, base: str) -> str:
    """The key another article would give ``ent`` if it only used the alias ``twin.label``."""
    copy = Extraction(ext.article, [twin if e.key == ent.key else e for e in ext.entities], ext.relations)
    return o.entity_iri(ent.type, identity_names(copy, ctx, only=ent.key)[ent.key], base=base)
