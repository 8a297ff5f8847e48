"""Which identity keys denote one thing: clusters of keys from evidence, and their canonical IRI.

:func:`cluster_keys` is a pure function of the evidence records of all articles and of the
curators' decisions, so the result does not depend on the order articles arrived in. Keys
are joined (union-find), in this order, by:

1. a curator's ``same`` decision;
2. an equivalence an article states (two names the article gives one entity);
3. the same gazetteer identifier (GeoNames, Wikidata) on keys of one class;
4. systematic variants of one name (:mod:`kg.rdf.variants`) in one class and one country
   (for operations also two translations of their name);
   an acronym joins the full name its letters spell only when one cluster of that class
   and country has such a name;
5. a name an article states for an operation or a force, carried elsewhere by a place or a
   person the parser guessed (no gazetteer identifier), in the same country: the node takes
   the stated class;
6. a numbered unit named without its parent joins the one unit of that name, country and
   class that has a parent, when there is exactly one;
7. incidents of different articles: same kind (or a generic "attack"), dates at most a day
   apart, the same place or one inside the other, and a shared actor.

A curator's ``different`` decision vetoes every join that would put its two keys together.
The canonical IRI of a cluster is the key of its fullest non-acronym label (then the
smallest key), and that label is the node's ``rdfs:label``; the class is the most specific
reading among its keys (an operation over a place the parser guessed).
"""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from kg.rdf.variants import is_acronym, translation_forms, variant_forms

_GENERIC_INCIDENTS = {"Incident", "Attack"}
_CLASS_RANK = {"Operation": 0, "Force": 1, "Incident": 2, "Place": 3, "Person": 4}


@dataclass(frozen=True, slots=True)
class Decision:
    """A curator's decision on two keys: ``same`` or ``different``."""

    id: str
    decision: str
    a: str
    b: str


@dataclass(frozen=True, slots=True)
class Merge:
    """One join of the union-find, with its reason and the articles it rests on."""

    reason: str
    a: str
    b: str
    note: str
    articles: tuple[str, ...] = ()


@dataclass(slots=True)
class Clustering:
    """Key -> canonical IRI, canonical IRI -> label, and the joins made."""

    canonical: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    classes: dict[str, str] = field(default_factory=dict)
    merges: list[Merge] = field(default_factory=list)
    stated: list[Merge] = field(default_factory=list)


@dataclass(slots=True)
class _Key:
    cls: str = ""
    labels: Counter[str] = field(default_factory=Counter)
    names: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    articles: set[str] = field(default_factory=set)
    unit: str | None = None
    has_parent: bool = False
    gazetteer: bool = False


@dataclass(slots=True)
class _Incident:
    key: str
    article: str
    kind: str
    date: dt.date
    places: list[str]
    actors: list[str]


class _UnionFind:
    def __init__(self, cannot: Iterable[tuple[str, str]]) -> None:
        self.parent: dict[str, str] = {}
        self.members: dict[str, set[str]] = {}
        self.cannot: dict[str, set[str]] = defaultdict(set)
        for a, b in cannot:
            self.cannot[a].add(b)
            self.cannot[b].add(a)

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        self.members.setdefault(x, {x})
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        small, big = sorted((ra, rb), key=lambda r: (len(self.members[r]), r))
        if any(self.cannot.get(m, set()) & self.members[big] for m in self.members[small]):
            return False
        self.parent[small] = big
        self.members[big] |= self.members.pop(small)
        return True


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def cluster_keys(evidence: dict[str, dict[str, Any]], decisions: Iterable[Decision] = ()) -> Clustering:
    """Cluster the keys of ``evidence`` (article IRI -> record of :mod:`kg.rdf.evidence`)."""
    keys: dict[str, _Key] = defaultdict(_Key)
    incidents: list[_Incident] = []
    within: set[tuple[str, str]] = set()
    stated: dict[tuple[str, str], tuple[str, set[str]]] = {}
    for art in sorted(evidence):
        rec = evidence[art]
        for ent in rec.get("entities", []):
            k = keys[ent["key"]]
            k.cls = ent["class"]
            k.labels[ent["label"]] += 1
            k.names.update(ent.get("names", []))
            k.ids.update(ent.get("ids", []))
            if ent.get("country"):
                k.countries.add(ent["country"])
            k.articles.add(art)
            k.gazetteer = k.gazetteer or bool(ent.get("gazetteer"))
            if ent.get("unit"):
                k.unit = ent["unit"]["name"]
                k.has_parent = k.has_parent or bool(ent["unit"].get("parent"))
            inc = ent.get("incident")
            day = _date(inc.get("date")) if inc else None
            if inc and day is not None:
                incidents.append(_Incident(ent["key"], art, ent.get("type", "Incident"), day,
                                           inc.get("places", []), inc.get("actors", [])))
        for a, b, note in rec.get("same", []):
            pair = (min(a, b), max(a, b))
            stated.setdefault(pair, (note, set()))[1].add(art)
        within.update((a, b) for a, b in rec.get("within", []))

    decisions = sorted(decisions, key=lambda d: d.id)
    uf = _UnionFind((d.a, d.b) for d in decisions if d.decision == "different")
    out = Clustering()
    for k in keys:
        uf.find(k)

    def join(reason: str, a: str, b: str, note: str, arts: Iterable[str] = ()) -> None:
        if uf.union(a, b):
            out.merges.append(Merge(reason, a, b, note, tuple(sorted(arts))))

    for d in decisions:
        if d.decision == "same":
            join("curated", d.a, d.b, f"curation {d.id}")
    for (a, b), (note, arts) in sorted(stated.items()):
        out.stated.append(Merge("stated", a, b, note, tuple(sorted(arts))))
        join("stated", a, b, note, arts)
    by_id: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key in sorted(keys):
        for ident in keys[key].ids:
            by_id[(keys[key].cls, ident)].append(key)
    for (_cls, ident), members in sorted(by_id.items()):
        for other in members[1:]:
            join("gazetteer", members[0], other, ident)

    _join_variants(keys, uf, join)
    _join_stated_names(keys, stated, uf, join)
    _join_units(keys, uf, join)
    _join_incidents(incidents, within, uf, join)

    groups: dict[str, list[str]] = defaultdict(list)
    for key in sorted(keys):
        groups[uf.find(key)].append(key)
    for members in groups.values():
        known = [m for m in members if keys[m].labels] or members
        cls = min((keys[m].cls for m in known), key=lambda c: _CLASS_RANK.get(c, 9))
        best = min((m for m in known if keys[m].cls == cls), key=lambda m: _rank(keys[m], m))
        label = _label(keys[best]) if keys[best].labels else best
        for m in members:
            out.canonical[m] = best
        out.labels[best] = label
        out.classes[best] = cls
    return out


def _words(name: str) -> list[str]:
    return [w for w in "".join(c.lower() if c.isalnum() else " " for c in name).split() if w not in ("al", "the")]


def _join_stated_names(keys: dict[str, _Key], stated: dict[tuple[str, str], tuple[str, set[str]]],
                       uf: _UnionFind, join: Any) -> None:
    strong: dict[tuple[str, str], set[str]] = defaultdict(set)
    for a, b in stated:
        for key in (a, b):
            k = keys.get(key)
            if k is None or k.cls not in ("Operation", "Force"):
                continue
            label_words = {w for n in k.labels for w in _words(n)}
            for name in k.names:
                if name in k.labels or set(_words(name)) <= label_words:
                    continue  # a shortening of the label ("Tigray" of the TPLF) is not another name
                for form in variant_forms(name):
                    if form.startswith("name:"):
                        for country in k.countries:
                            strong[(form, country)].add(key)
    if not strong:
        return
    for key in sorted(keys):
        k = keys[key]
        if k.cls not in ("Place", "Person") or k.ids or k.gazetteer:
            continue
        for form in sorted({f for n in k.labels for f in variant_forms(n) if f.startswith("name:")}):
            for country in sorted(k.countries):
                hits = strong.get((form, country), set())
                roots = {uf.find(h) for h in hits}
                if len(roots) == 1:
                    join("stated-name", min(hits), key, f"{form[5:]} ({country}) is a stated name")


def _label(k: _Key) -> str:
    # the fullest form, not the most frequent: a new article then rarely relabels a node
    return sorted(k.labels, key=lambda label: (is_acronym(label), -len(label), label))[0]


def _rank(k: _Key, key: str) -> tuple[bool, int, str, str]:
    label = _label(k)
    return is_acronym(label), -len(label), label, key


def _join_variants(keys: dict[str, _Key], uf: _UnionFind, join: Any) -> None:
    names: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    acronyms: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    spelled: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for key in sorted(keys):
        k = keys[key]
        if k.cls == "Incident" or k.unit:
            continue
        for name in sorted(k.names):
            acronym = is_acronym(name)
            forms = variant_forms(name) | (translation_forms(name) if k.cls == "Operation" else set())
            for form in sorted(forms):
                for country in sorted(k.countries):
                    slot = (k.cls, form, country)
                    if form.startswith(("name:", "words:")):
                        names[slot].append(key)
                    elif acronym:
                        acronyms[slot].append(key)
                    else:
                        spelled[slot].append(key)
    for slot, members in sorted(names.items()):
        members = sorted(set(members))
        for other in members[1:]:
            join("variant", members[0], other, f"{slot[1].partition(':')[2]} ({slot[2]})")
    for slot, members in sorted(acronyms.items()):
        members = sorted(set(members))
        for other in members[1:]:
            join("variant", members[0], other, f"acronym {slot[1][4:].upper()} ({slot[2]})")
    for slot, members in sorted(acronyms.items()):
        full = sorted(set(spelled.get(slot, [])))
        if full and len({uf.find(m) for m in full}) == 1:
            join("acronym", min(members), full[0], f"{slot[1][4:].upper()} spells {_label(keys[full[0]])}")


def _join_units(keys: dict[str, _Key], uf: _UnionFind, join: Any) -> None:
    slots: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for key in sorted(keys):
        k = keys[key]
        if not k.unit:
            continue
        for form in variant_forms(k.unit):
            for country in sorted(k.countries):
                slots[(k.cls, form, country)].append(key)
    for (_cls, form, country), members in sorted(slots.items()):
        bare = sorted(m for m in set(members) if not keys[m].has_parent)
        parented = {uf.find(m): m for m in sorted(set(members)) if keys[m].has_parent}
        for other in bare[1:]:
            join("unit", bare[0], other, f"{form[5:]} ({country}), no parent named")
        if bare and len(parented) == 1:
            target = next(iter(parented.values()))
            join("unit", bare[0], target, f"{form[5:]} ({country}): the one with a parent")


def _join_incidents(incidents: list[_Incident], within: set[tuple[str, str]], uf: _UnionFind, join: Any) -> None:
    inside: dict[str, set[str]] = defaultdict(set)
    for a, b in within:
        inside[uf.find(a)].add(uf.find(b))

    def places_of(inc: _Incident) -> set[str]:
        todo = [uf.find(p) for p in inc.places]
        seen: set[str] = set()
        while todo:
            p = todo.pop()
            if p not in seen:
                seen.add(p)
                todo.extend(inside.get(p, ()))
        return seen

    incidents = sorted(incidents, key=lambda i: (i.date, i.key, i.article))
    for i, a in enumerate(incidents):
        pa = places_of(a)
        own_a = {uf.find(p) for p in a.places}
        actors_a = {uf.find(x) for x in a.actors}
        for b in incidents[i + 1:]:
            if (b.date - a.date).days > 1:
                break
            if b.article == a.article or b.key == a.key:
                continue
            if a.kind != b.kind and not ({a.kind, b.kind} & _GENERIC_INCIDENTS):
                continue
            own_b = {uf.find(p) for p in b.places}
            if not own_a or not own_b or not (own_a & places_of(b) or own_b & pa):
                continue
            if not actors_a & {uf.find(x) for x in b.actors}:
                continue
            join("incident", a.key, b.key, f"{a.kind} {a.date.isoformat()}", (a.article, b.article))
