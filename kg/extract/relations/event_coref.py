"""Event coreference: the mentions of one event in an article become one incident.

Mentions are read in text order; each joins the latest earlier incident it is compatible with
(no other date, no other place of the same grain, an air strike only with air strikes) when it
refers back ("the attack", "X was the deadliest attack"), happened at one of the incident's
places, or repeats its trigger word; "another", "also", an indefinite article or a numbered
plural open a new incident.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.extract.relations.event_words import describes, plural
from kg.rdf.axioms import transitive_closure

if TYPE_CHECKING:
    from spacy.tokens import Token

    from kg.extract.relations.context import M, Ctx


@dataclass(slots=True)
class EventMention:
    """One mention of an incident: its trigger word and what its sentence says about it."""

    trig: Token
    kind: str
    sent: int
    ms: list[M]
    words: set[str]
    own_places: set[str]
    date: tuple[str, str] | None
    definite: bool
    several: bool = False  # a numbered plural: "two roadside attacks"


def corefer(ctx: Ctx, events: list[EventMention]) -> list[list[EventMention]]:
    """Group event mentions into incidents, in text order.

    A mention joins the latest earlier incident it is compatible with (no other date, no other
    place of the same grain, an air strike only with air strikes, not "another" / "also") when it
    refers back ("the attack"), happened at one of its places, or repeats its trigger word
    ("ambushed" after "the ambush"); otherwise it opens a new incident.
    """
    clusters: list[list[EventMention]] = []
    inside = _containment(ctx)
    for e in events:
        target = None
        if not _another(e.trig) and not e.several and not _introduced(e.trig):
            fits = [c for c in clusters if not any(x.several for x in c) and _compatible(ctx, e, c, inside)]
            for c in reversed(fits):
                if _same_place(e, c, inside) or any(x.trig.lemma_.lower() == e.trig.lemma_.lower() and
                                                    (x.trig.pos_ == "VERB" or e.trig.pos_ == "VERB" or
                                                     plural(x.trig) == plural(e.trig)) for x in c):
                    target = c
                    break
            if target is None and e.definite and fits:
                # the latest incident told, preferring one of the same number and kind
                target = max(reversed(fits), key=lambda c: (plural(c[0].trig) == plural(e.trig),
                                                            (c[0].kind == "Airstrike") == (e.kind == "Airstrike")))
        if target is None:
            clusters.append([e])
        else:
            target.append(e)
    return clusters


#: Words that make an event mention a different event from the one told before.
_ANOTHER = {"another", "also", "again", "second", "third", "earlier", "previous", "prior", "separate",
            "similar", "other", "first", "last"}


def _another(t) -> bool:
    """"another attack", "a second raid", "was also attacked", "later attacked X"."""
    if t.pos_ == "VERB":
        return any(c.lower_ in _ANOTHER or c.lower_ == "later" for c in t.children if c.dep_ == "advmod")
    near = list(t.children)
    if t.head.pos_ in ("VERB", "AUX"):
        near += [c for c in t.head.children if c.dep_ == "advmod"]
    return any(c.lower_ in _ANOTHER and c.dep_ in ("amod", "advmod", "det") for c in near)


def _introduced(t) -> bool:
    """An event noun with an indefinite article tells a new event ("an attack the army blamed on X"),
    unless it only describes another ("X was an attack on ...")."""
    return t.pos_ != "VERB" and not describes(t) and \
        any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in t.children)


_COARSE = {"Country", "Province"}


def _compatible(ctx: Ctx, e: EventMention, cluster: list[EventMention], inside: dict[str, set[str]]) -> bool:
    """Nothing in the mention contradicts the incident: its date, its kind, its place."""
    if _date_conflict(e, cluster):
        return False
    air = any(x.kind == "Airstrike" for x in cluster)
    if (e.kind == "Airstrike" and not air and not e.definite) or (air and e.kind in ("Ambush", "Clash")):
        return False
    fine = {k for k in e.own_places if ctx.types.get(k) not in _COARSE}
    theirs = {k for x in cluster for k in x.own_places if ctx.types.get(k) not in _COARSE}
    return not (fine and theirs and not _same_place(e, cluster, inside))


def _containment(ctx: Ctx) -> dict[str, set[str]]:
    """Place key -> the places the rules found it stated to be in (transitively)."""
    up: dict[str, set[str]] = {}
    for r in ctx.ex.relations:
        if r.predicate == "locatedIn":
            up.setdefault(r.subject, set()).add(r.object)
    return transitive_closure(up)


def _same_place(e: EventMention, cluster: list[EventMention], inside: dict[str, set[str]]) -> bool:
    """The mention's own place is one of the incident's own places, or inside or around one."""
    theirs = set().union(*(x.own_places for x in cluster))
    for a in e.own_places:
        for b in theirs:
            if a == b or b in inside.get(a, ()) or a in inside.get(b, ()):
                return True
    return False


def _date_conflict(e: EventMention, cluster: list[EventMention]) -> bool:
    """The mention is dated, and the incident carries another date."""
    if e.date is None:
        return False
    for x in cluster:
        if x.date is None:
            continue
        if "now" in (x.date[0], e.date[0]):
            if x.date[0] != e.date[0]:
                return True  # "on Wednesday" against "in 2014"
            continue
        if x.date[0] != e.date[0] and not (x.date[0] <= e.date[0] <= x.date[1] or e.date[0] <= x.date[0] <= e.date[1]):
            return True
    return False
