"""Word classes for the relation features: what a word does in conflict reporting, not the word.

A feature that names a lemma ("path_verb=ambush") helps only where that lemma recurs; its class
("path_verb~attack") carries to reports that use another word of the same kind. The classes come
from the rule layer's general word lists (:mod:`kg.extract.lexicon`) plus a few kinds of verbs the
rules do not list (harm, claims and reports, membership); a word may belong to several classes.
"""
from __future__ import annotations

import functools

from kg.extract import lexicon as lx

#: Verbs and nouns of a violent act done *to* someone (their object is the target).
ATTACK_WORDS = frozenset({
    "attack", "ambush", "storm", "raid", "abduct", "kidnap", "bomb", "assassinate", "shell", "strike", "hit",
    "target", "fire", "shoot", "overrun", "besiege", "assault", "bombard", "blow", "detonate", "hijack",
})
#: Harm to people: killing, wounding, capture.
HARM_WORDS = frozenset({
    "kill", "wound", "injure", "murder", "behead", "execute", "massacre", "slaughter", "maim", "die", "dead",
    "death", "casualty", "victim", "hostage", "capture", "abduction", "kidnapping", "killing",
})
#: Verbs and nouns that attribute an act or report it.
CLAIM_WORDS = frozenset({
    "claim", "blame", "accuse", "attribute", "responsibility", "say", "report", "tell", "announce", "confirm",
    "deny", "suspect", "allege", "statement", "according",
})
#: Words of membership and alliance between forces.
MEMBERSHIP_WORDS = frozenset({
    "member", "branch", "affiliate", "affiliated", "wing", "faction", "component", "splinter", "loyal", "ally",
    "allied", "part", "unit", "subordinate", "offshoot", "cell", "franchise", "pledge", "join", "belong",
    "merge", "coalition", "alliance", "backed", "support",
})
#: Words of defence and protection (their object is guarded, not attacked).
DEFENCE_WORDS = frozenset({"defend", "protect", "guard", "repel", "repulse", "thwart", "foil", "secure", "escort",
                           "patrol", "deploy", "station", "reinforce"})

_CLASSES: tuple[tuple[str, frozenset[str]], ...] = (
    ("attack", ATTACK_WORDS),
    ("harm", HARM_WORDS),
    ("claim", CLAIM_WORDS),
    ("member", MEMBERSHIP_WORDS),
    ("defence", DEFENCE_WORDS),
    ("incident", frozenset(lx.INCIDENT_NOUNS)),
    ("operation", frozenset(lx.OPERATION_NOUNS)),
    ("participate", frozenset(lx.PARTICIPATE_VERBS)),
    ("clear", frozenset(lx.CLEAR_VERBS)),
    ("presence", frozenset(lx.PRESENCE_WORDS)),
    ("place_head", frozenset(lx.PLACE_HEADS)),
    ("force_head", frozenset(lx.FORCE_HEADS | lx.GENERIC_FORCE_WORDS | lx.UNIT_NOUNS)),
    ("hostile", frozenset(lx.HOSTILE_WORDS)),
    ("role", frozenset(lx.ROLE_NOUNS)),
    ("title", frozenset(lx.TITLES)),
    ("locative", frozenset(lx.LOCATIVE_PREPS)),
    ("reference", frozenset(lx.REFERENCE_PREPS)),
    ("direction", frozenset(lx.DIRECTION_WORDS)),
    ("time", frozenset(lx.MONTHS | lx.WEEKDAYS)),
)


@functools.lru_cache(maxsize=8192)
def classes_of(lemma: str) -> tuple[str, ...]:
    """The classes of a lowercased lemma (empty when it is in none)."""
    return tuple(name for name, words in _CLASSES if lemma in words)


__all__ = ["ATTACK_WORDS", "CLAIM_WORDS", "DEFENCE_WORDS", "HARM_WORDS", "MEMBERSHIP_WORDS", "classes_of"]
