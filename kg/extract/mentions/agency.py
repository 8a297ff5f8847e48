"""Force or place, decided over all mentions of a name: who acts is a force, where things happen a place.

A name the tables do not know ("the K45", a military known by its local name) is often typed
a place by default. Each of its mentions votes from the parse: the subject of an agentive verb
("the K45 seized ..."), the agent of a passive ("killed by the K45"), the possessor of a unit
or of fighters ("the K45's Northern Command"), an apposition to a force noun ("Varnia's
military, the Zentorat") and a force word after it ("K45 rebels") are acts of a force; a
locative preposition before it ("in", "near", "from") or a place noun after it marks a place.
A name whose force votes outnumber its place votes, with at least two, becomes an armed force.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.lexicon import FORCE_HEADS, HOSTILE_WORDS, LOCATIVE_PREPS
from kg.extract.mentions.candidate import Cand, norm

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: Verbs whose subject acts as an armed force.
AGENT_VERBS = {
    "attack", "seize", "capture", "kill", "fight", "claim", "ambush", "storm", "overrun", "shell",
    "launch", "abduct", "kidnap", "control", "advance", "withdraw", "retreat", "recruit", "target",
    "besiege", "encircle", "raid", "bomb", "execute", "behead", "occupy", "threaten", "deploy",
    "mobilise", "mobilize", "push", "repel", "retake", "clash", "battle", "infiltrate", "loot",
}
#: Nouns after a possessive name that make the owner a force ("the K45's fighters").
_OWNED_FORCE_NOUNS = FORCE_HEADS | HOSTILE_WORDS | {"commander", "commanders", "leader", "leaders",
                                                   "spokesman", "units", "unit", "troops", "soldiers",
                                                   "members", "positions", "offensive", "ranks"}
#: Generic force nouns an apposed name can stand for ("the country's military, the Zentorat").
_FORCE_APPOSITION_HEADS = {"military", "army", "armed", "forces", "force", "group", "militia",
                           "movement", "rebels", "insurgents", "faction", "organisation", "organization"}
_PLACE_NOUNS_AFTER = {"district", "province", "region", "town", "village", "city", "residents",
                      "villagers", "outskirts", "area", "county", "state"}


def _votes(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """(force votes, place votes) of the mention ``doc[start:end]``."""
    span = doc[start:end]
    root = span.root
    head = root.head
    force = place = 0
    if root.dep_ in ("nsubj",) and head.lemma_.lower() in AGENT_VERBS:
        force += 1
    if root.dep_ == "pobj" and head.dep_ == "agent":
        force += 1  # "killed by the K45"
    if root.dep_ == "poss" and head.lower_ in _OWNED_FORCE_NOUNS:
        force += 1
    if root.dep_ == "appos" and head.lower_ in _FORCE_APPOSITION_HEADS:
        force += 1
    nxt = doc[end].lower_ if end < len(doc) else ""
    if nxt in HOSTILE_WORDS or nxt in ("troops", "soldiers", "fighters", "forces"):
        force += 1
    prev = doc[start - 1] if start > 0 else None
    if prev is not None and prev.lower_ in ("the",) and start > 1:
        prev = doc[start - 2]
    if prev is not None and prev.lower_ in LOCATIVE_PREPS | {"from", "into", "outside"} and root.dep_ == "pobj":
        place += 1
    if nxt in _PLACE_NOUNS_AFTER:
        place += 1
    return force, place


def force_by_agency(doc: Doc, cands: list[Cand]) -> None:
    """Retype as an armed force each name typed a place (not from the gazetteer) whose mentions
    act as a force more often than they name a location."""
    from kg.extract.lookups import lookup_place

    by_name: dict[str, list[Cand]] = {}
    for c in cands:
        by_name.setdefault(norm(c.label), []).append(c)
    at: dict[str, list[int]] = {}  # first word -> token positions, for mentions no candidate holds
    for t in doc:
        if t.text[:1].isupper():
            at.setdefault(t.text, []).append(t.i)
    for name, group in by_name.items():
        if not any(c.top == "Place" for c in group) or any(c.top in ("Person", "Operation") for c in group):
            continue
        if any(c.extra.get("known") for c in group):
            continue
        if lookup_place(group[0].label) is not None:
            continue
        force = place = 0
        for start, end in _mentions(doc, group, at):
            f, p = _votes(doc, start, end)
            force += f
            place += p
        if force >= 2 and force > place:
            for c in group:
                if c.top == "Place":
                    c.type = "Force"
                    c.extra["force_ev"] = True


def _mentions(doc: Doc, group: list[Cand], at: dict[str, list[int]]) -> set[tuple[int, int]]:
    """Token spans of every occurrence of the group's name (candidates or not)."""
    spans = {(c.start, c.end) for c in group}
    words = [t.text for t in doc[group[0].start:group[0].end]]
    if words:
        for s in at.get(words[0], ()):
            if [t.text for t in doc[s:s + len(words)]] == words:
                spans.add((s, s + len(words)))
    return spans


__all__ = ["AGENT_VERBS", "force_by_agency"]
