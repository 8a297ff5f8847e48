"""Event words: which words tell a discrete violent event, and what their phrase says about it.

A trigger is an event noun ("attack", "the Kolo raid", "strikes on X", "the killing of X") or an
event verb ("stormed", "ambushed"). A trigger tells a discrete event unless its phrase makes it
habitual, generic, planned, conditional or a trend; a plural may be one occasion, several
counted events, or a summary of events already told. The phrase also gives the event's date.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.lexicon import INCIDENT_NOUNS
from kg.extract.lookups import resolve_date
from kg.extract.tokens import toks

if TYPE_CHECKING:
    from spacy.tokens import Token

    from kg.extract.relations.context import M, Ctx


_VERB_KIND = {"attack": "Attack", "ambush": "Ambush", "storm": "Attack", "raid": "Raid", "abduct": "Attack",
              "kidnap": "Attack",
              "bomb": "Bombing", "assassinate": "Assassination", "shell": "Attack"}


_NUM_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
              "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "dozen": 12, "a": 1, "an": 1}


def triggers(sent) -> list[tuple[Token, str]]:
    out = []
    doc = sent.doc
    tk = toks(doc)
    lower, pos, lemma = tk.lower, tk.pos, tk.lemma_low
    for i in range(sent.start, sent.end):
        low = lower[i]
        if pos[i] == "NOUN" and low in _TOLD_BY_ITS_PHRASE:
            kind = _told_by_its_phrase(doc[i])
            if kind:
                out.append((doc[i], kind))
            continue
        if pos[i] == "VERB" and opens_fire(doc[i]):
            out.append((doc[i], "Attack"))
            continue
        if not (pos[i] in ("NOUN", "PROPN") and low in INCIDENT_NOUNS
                or pos[i] == "VERB" and lemma[i] in _VERB_KIND):
            continue
        t = doc[i]
        if t.dep_ == "compound" and t.head.pos_ in ("NOUN", "PROPN") and t.head.lower_ not in INCIDENT_NOUNS:
            continue  # "attack helicopters", "raid teams"
        if t.pos_ in ("NOUN", "PROPN") and low in INCIDENT_NOUNS:
            if low in ("strike", "strikes") and not _military_strike(t):
                continue
            if low == "seizure" and not any(c.lower_ == "of" and any(g.text[:1].isupper() for g in c.children)
                                            for c in t.children):
                continue  # "the seizure of weapons" is no event; "the seizure of Kolo" is
            air = any(x.lower_ in ("air", "drone", "aerial") for x in t.lefts) or \
                (t.i > 0 and doc[t.i - 1].lower_ in ("air", "drone"))
            out.append((t, "Airstrike" if air and INCIDENT_NOUNS[low] in ("Raid", "Attack") else INCIDENT_NOUNS[low]))
        elif t.pos_ == "VERB" and t.lemma_.lower() in _VERB_KIND:
            out.append((t, _VERB_KIND[t.lemma_.lower()]))
    return out


def opens_fire(t) -> bool:
    """"opened fire on X": an attack told by a verb and its object ("fire" alone is no event)."""
    return t.lemma_.lower() == "open" and any(c.dep_ == "dobj" and c.lower_ == "fire" for c in t.children)


#: Nouns that tell a violent event only with the right phrase around them.
_TOLD_BY_ITS_PHRASE = {"killing", "killings", "capture"}


#: Verbs whose object "strikes" are military ones ("carried out strikes", "the strike killed").
_STRIKE_VERBS = {"carry", "launch", "conduct", "order", "call", "claim", "kill", "hit", "destroy", "target",
                 "wound", "confirm", "announce"}


def _military_strike(t) -> bool:
    """"strike(s)" as a military strike: an air/drone/missile strike, strikes on or against a
    target, or strikes that were carried out or killed someone (not a labour strike)."""
    if any(x.lower_ in ("air", "drone", "missile", "rocket", "artillery", "precision") for x in t.lefts) or \
            (t.i > 0 and t.doc[t.i - 1].lower_ in ("air", "drone", "defensive")):
        return True
    if any(c.dep_ == "prep" and c.lower_ in ("on", "against", "targeting") for c in t.children):
        return True
    return t.dep_ in ("dobj", "nsubj", "nsubjpass") and t.head.lemma_.lower() in _STRIKE_VERBS


def _told_by_its_phrase(t) -> str | None:
    """The incident kind of "the killing of X" / "the Kolo killings" and "the capture of <person>";
    None for other uses of these words."""
    low = t.lower_
    of = [g for c in t.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
    if low in ("killing", "killings"):
        named_before = any(c.dep_ in ("compound", "poss") and c.text[:1].isupper() for c in t.children)
        return "Attack" if of or named_before else None
    if low == "capture":
        return "Attack" if any(g.ent_type_ == "PERSON" for g in of) else None
    return None


def number(tok_text: str) -> int | None:
    s = tok_text.lower().replace(",", "")
    if s.isdigit():
        return int(s)
    return _NUM_WORDS.get(s)


#: Modifiers of an event noun that make it generic, habitual or hypothetical ("repeated attacks").
_NOT_DISCRETE_MODS = {"repeated", "frequent", "future", "possible", "potential", "planned", "further",
                      "regular", "sporadic", "occasional", "periodic", "any", "such", "more", "recurrent",
                      "constant", "daily", "nightly"}


#: Nouns for a run of events: "a wave of attacks" tells no single event.
_SERIES = {"run", "string", "wave", "series", "spate", "spree", "surge", "rise", "flurry", "number", "dozens",
           "hundreds", "scores", "campaign", "upsurge", "uptick", "increase", "escalation", "pattern"}


#: Verbs of a trend: plural events they govern are no single event ("stepped up attacks").
_TREND_VERBS = {"step", "intensify", "escalate", "increase", "multiply", "slow", "decline", "rise", "surge",
                "continue", "resume", "fall", "drop", "decrease", "persist", "spike", "double"}


#: Verbs that make the event verb they govern a habit: "continued to attack", "kept raiding".
_HABIT_HEADS = {"continue", "keep"}
#: Words before an event that make it unreal: plans, threats, prevention.
_UNREAL_HEADS = {"plan", "plot", "threaten", "vow", "prevent", "foil", "thwart", "warn", "avert", "deter",
                 "risk", "fear", "could", "would", "might", "may", "will"}


def discrete(doc, t) -> bool:
    """A discrete event, not a habitual, generic, planned or hypothetical one."""
    if any(c.lower_ in _NOT_DISCRETE_MODS for c in t.children if c.dep_ in ("amod", "det", "compound")):
        return False
    if any(c.dep_ == "compound" and c.lemma_.lower() in _UNREAL_HEADS for c in t.children):
        return False  # "to plot attacks" read as a compound
    if t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.lemma_.lower() in _SERIES:
        return False  # "a string of attacks", "a wave of bombings"
    if t.tag_ in ("NNS", "NNPS") and t.dep_ in ("dobj", "nsubj", "nsubjpass") and \
            t.head.lemma_.lower() in _TREND_VERBS:
        return False  # "stepped up attacks", "attacks have slowed"
    verb = t if t.pos_ == "VERB" else t.head
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "lest", "whether") for c in verb.children):
        return False  # "if the town is attacked"
    cur = t
    for _ in range(3):
        if any(c.lower_ in ("will", "would", "could", "might", "may") and c.dep_ == "aux" for c in cur.children):
            return False
        if cur.head is cur:
            break
        if cur.dep_ in ("dobj", "xcomp", "pobj", "prep") and cur.head.lemma_.lower() in _UNREAL_HEADS:
            return False
        cur = cur.head
    if t.pos_ == "VERB" and any(c.lower_ in ("frequently", "often", "regularly", "repeatedly", "routinely",
                                             "usually") for c in t.children):
        return False
    if t.pos_ == "VERB" and t.dep_ == "xcomp" and t.head.lemma_.lower() in _HABIT_HEADS:
        return False  # "has continued to attack army posts", "keeps raiding villages"
    return True


#: Determiners and modifiers that make an event noun refer back to an event already told.
_DEFINITE = {"the", "this", "that", "these", "those", "its", "their", "his", "her", "same", "latest"}


def definite(t) -> bool:
    """An event noun that refers back ("the attack", "that raid", "the group's assault", "the same
    clash"), one that only describes another ("X was the deadliest attack"), an event verb whose
    object is a pronoun, told of a target already named ("before storming it"), or "opened fire"."""
    if t.pos_ == "VERB":
        # "opened fire on X" mostly tells how an event already named began
        return opens_fire(t) or any(c.dep_ == "dobj" and c.lower_ in ("it", "them") for c in t.children)
    if describes(t):
        return True
    return any(c.lower_ in _DEFINITE and c.dep_ in ("det", "poss", "amod") or c.dep_ == "poss" for c in t.children)


def describes(t) -> bool:
    """An event noun that only describes an event already named: "X was the deadliest attack",
    "the army described it as a defensive strike", "called the strike an assassination"."""
    if t.dep_ in ("attr", "oprd"):
        return True
    return t.dep_ == "pobj" and t.head.lower_ == "as" and \
        t.head.head.lemma_.lower() in ("describe", "call", "term", "label", "characterise", "characterize",
                                       "condemn", "denounce", "brand", "see", "view", "classify")


def several(t) -> bool:
    """A plural event noun counted above one ("two attacks", "six air strikes")."""
    return t.pos_ != "VERB" and t.tag_ in ("NNS", "NNPS") and \
        any(c.dep_ == "nummod" and (number(c.text) or 0) >= 2 for c in t.children)


def summary(t) -> bool:
    """A plural noun that sums up several events already told ("the two attacks")."""
    if t.pos_ == "VERB" or t.tag_ not in ("NNS", "NNPS"):
        return False
    kids = list(t.children)
    return any(c.dep_ == "det" and c.lower_ in ("the", "these", "those") for c in kids) and \
        any(c.dep_ == "nummod" and (number(c.text) or 0) >= 2 for c in kids)


#: Modifiers that make a plural event noun one occasion ("coordinated attacks", "twin blasts").
_ONE_OCCASION = {"coordinated", "simultaneous", "twin", "double", "triple", "overnight", "weekend",
                 "dawn", "separate", "consecutive", "multiple"}


def generic_plural(ctx: Ctx, t, own: list[M], date) -> bool:
    """A bare plural event noun with nothing that ties it to one occasion: no number, no
    determiner, no place narrower than a country (a spread "across X" is none), no target
    phrase and no date ("militant attacks", "Israeli attacks have killed ...")."""
    if t.pos_ == "VERB" or t.tag_ not in ("NNS", "NNPS"):
        return False
    for c in t.children:
        if c.dep_ in ("nummod", "det", "poss") or c.lower_ in _ONE_OCCASION:
            return False
        if c.dep_ == "prep" and c.lower_ in ("on", "against", "targeting"):
            return False
    if date:
        return False
    doc = ctx.doc
    for m in own:
        k = m.start - 1
        while k > 0 and doc[k].lower_ in ("the", "of", "parts", "much", "areas"):
            k -= 1
        if ctx.types.get(m.key) != "Country" and doc[k].lower_ not in ("across", "throughout"):
            return False
    return True


#: Words of a date relative to the day of the report, when the report's date is unknown.
_RELATIVE_DAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday",
                  "today", "tonight", "overnight", "weekend"}


def date_of(doc, t, texts, published: str | None, *, alone: bool) -> tuple[str, str] | None:
    """The date of the event told by trigger ``t``: a date in its own phrase, else (when the
    sentence tells one event only) the sentence's first date."""
    phrase = anchor(t)
    lo = min(x.i for x in phrase.subtree)
    hi = max(x.i for x in phrase.subtree)
    own = [e.text for e in toks(doc).ents if e.label_ == "DATE" and lo <= e.start and e.end - 1 <= hi
           and e.text in texts]
    for text in own or (list(texts) if alone else []):
        d = resolve_date(text, published)
        if d:
            return d
        if set(text.lower().replace("'s", " ").split()) & _RELATIVE_DAYS:
            return ("now", "now")  # the days around the report, whose date is not known
    return None


def dates_by_sentence(doc) -> dict[int, list[str]]:
    """DATE entity texts of each sentence, read in one pass over the document's entities."""
    sent_of = toks(doc).sent_of
    out: dict[int, list[str]] = {}
    for e in toks(doc).ents:
        if e.label_ == "DATE":
            out.setdefault(sent_of[e.start], []).append(e.text)
    return out


def anchor(t):
    """The token whose subtree is the trigger's phrase: a verb trigger, or a noun's verb."""
    return t if t.pos_ == "VERB" or t.head is t else t.head if t.head.pos_ == "VERB" else t


def plural(t) -> bool:
    return t.tag_ in ("NNS", "NNPS")
