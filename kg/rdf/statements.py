"""Equivalences an article states between two of its entities, applied inside the article.

Reports give one thing two names in fixed turns of phrase: "Operation Northern Resolve
(Azm al-Shamal)", "Azm al-Shamal, the Arabic name of Operation Northern Resolve",
"Ahlu Sunna Wal Jamaa, known locally as al-Shabab". When the two names are mentions of two
entities of the extraction, :func:`fold_stated` makes them one: the named thing keeps its
label, the other name becomes an alias, and the class is the more specific reading
(an operation over a person the parser guessed). These aliases then count as evidence
across articles (:mod:`kg.rdf.evidence`).
"""
from __future__ import annotations

import re
from dataclasses import replace

from kg.model import Entity, Extraction, Relation
from kg.rdf import ontology as o

_AFTER_HEAD = re.compile(
    r"\s*(?:\(\s*(?:also known as|known as|aka|or|in Arabic|Arabic(?: for)?)?[\s:,]*"
    r"|,\s*(?:also |locally |widely |better |commonly )?(?:known|called|referred to)(?: locally)? as\s+)$",
    re.I)
_BEFORE_HEAD = re.compile(r"^,\s*the (?:[A-Z][a-z]+ )?name (?:of|for)\s+(?:the\s+)?$")
_CLASS_RANK = {"Operation": 0, "Force": 1, "Place": 2, "Person": 3}
_GAP = 60


def stated_pairs(ext: Extraction) -> list[tuple[str, str, str]]:
    """(head key, alias key, the text between them) for every stated equivalence."""
    text = ext.article.text
    spans = sorted((m.start, m.end, e.key) for e in ext.entities for m in e.mentions
                   if o.top_class(e.type) in _CLASS_RANK)
    out: list[tuple[str, str, str]] = []
    for i, (s1, e1, k1) in enumerate(spans):
        for s2, e2, k2 in spans[i + 1:]:
            if s2 - e1 > _GAP:
                break
            if k1 == k2 or s2 < e1:
                continue
            gap = text[e1:s2]
            if "\n" in gap or "." in gap:
                continue
            if _AFTER_HEAD.fullmatch(gap):
                closing = text[e2:e2 + 2].lstrip()
                if gap.lstrip().startswith("(") and not closing.startswith(")"):
                    continue
                out.append((k1, k2, text[s1:e2 + 1].strip()))
            elif _BEFORE_HEAD.fullmatch(gap):
                out.append((k2, k1, text[s1:e2].strip()))
    return out


def fold_stated(ext: Extraction) -> Extraction:
    """A copy of ``ext`` where each stated pair of entities is one entity."""
    pairs = stated_pairs(ext)
    if not pairs:
        return ext
    by_key = {e.key: e for e in ext.entities}
    into: dict[str, str] = {}

    def root(k: str) -> str:
        while k in into:
            k = into[k]
        return k

    merged: dict[str, Entity] = {}
    for head, alias, _text in pairs:
        h, a = root(head), root(alias)
        if h == a:
            continue
        he = merged.get(h) or _copy(by_key[h])
        ae = merged.pop(a, None) or by_key[a]
        cls = min((he.type, ae.type), key=lambda t: _CLASS_RANK.get(o.top_class(t), 9))
        attributes = dict(he.attributes)
        if o.top_class(cls) != o.top_class(he.type):
            attributes = {k: v for k, v in ae.attributes.items()}
        he = replace(he, type=cls, aliases=he.aliases | {ae.label} | ae.aliases,
                     mentions=sorted([*he.mentions, *ae.mentions], key=lambda m: m.start),
                     attributes=attributes)
        merged[h] = he
        into[a] = h
    entities = [merged.get(e.key, e) for e in ext.entities if e.key not in into]
    tops = {e.key: o.top_class(e.type) for e in entities}
    relations: list[Relation] = []
    for r in ext.relations:
        s, obj = root(r.subject), root(r.object)
        if s == obj:
            continue
        domain, rng = o.PROPERTIES.get(r.predicate, ((), ()))
        if domain and (tops.get(s) not in domain or tops.get(obj) not in rng):
            continue
        relations.append(replace(r, subject=s, object=obj) if (s, obj) != (r.subject, r.object) else r)
    return Extraction(ext.article, entities, relations)


def _copy(ent: Entity) -> Entity:
    return replace(ent, aliases=set(ent.aliases), mentions=list(ent.mentions), attributes=dict(ent.attributes))
