"""Incidents: attacks, ambushes, raids, bombings, air strikes, with their participants."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.extract.tokens import toks
from kg.extract.relations.context import M, Ctx, main_hostile
from kg.extract.lexicon import INCIDENT_NOUNS, LOCATIVE_PREPS, REFERENCE_PREPS
from kg.extract.lookups import resolve_date
from kg.model import Entity, Mention

if TYPE_CHECKING:
    from spacy.tokens import Token

_VERB_KIND = {"attack": "Attack", "ambush": "Ambush", "storm": "Attack", "raid": "Raid", "abduct": "Attack",
              "kidnap": "Attack",
              "bomb": "Bombing", "assassinate": "Assassination", "shell": "Attack"}
_DENIAL = {"false", "deny", "denied", "dismiss", "dismissed", "reject", "rejected", "untrue", "fake"}
_NUM_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
              "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "dozen": 12, "a": 1, "an": 1}
_GENERIC_HOSTILE = {"militant", "insurgent", "group", "jihadist", "attacker", "assailant",
                    "terrorist", "gunman", "fighter", "raider"}


def _triggers(sent) -> list[tuple[Token, str]]:
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


#: Event nouns whose "of" phrase names who was hit ("the abduction of X", "the killing of X").
_OF_VICTIM = {"killing", "killings", "abduction", "abductions", "kidnapping", "kidnappings", "assassination",
              "capture", "massacre", "shooting", "beheading"}


def _number(tok_text: str) -> int | None:
    s = tok_text.lower().replace(",", "")
    if s.isdigit():
        return int(s)
    return _NUM_WORDS.get(s)


def _casualties(text: str) -> tuple[int | None, int | None]:
    killed = wounded = None
    num = r"(\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a dozen)"
    m = re.search(r"(?:killed|killing|kills|left dead)\s+(?:at least |more than |some |about )?" + num, text, re.I) \
        or re.search(num + r"\s+(?:\w+\s+){0,3}(?:were|was|had been|have been)\s+killed", text, re.I) \
        or re.search(num + r"\s+(?:\w+\s+){0,2}(?:dead|deaths)", text, re.I)
    if m:
        killed = _number(m.group(1).split()[-1])
    m = re.search(r"(?:wounded|wounding|injured|injuring)\s+(?:at least |more than |some |about )?" + num, text, re.I) \
        or re.search(num + r"\s+(?:\w+\s+){0,3}(?:were|was|had been|have been)\s+(?:wounded|injured)", text, re.I) \
        or re.search(num + r"\s+others\s+(?:were\s+)?(?:wounded|injured)", text, re.I)
    if m:
        wounded = _number(m.group(1).split()[-1])
    return killed, wounded


@dataclass(slots=True)
class _Event:
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


def incidents(ctx: Ctx, article) -> None:
    """Add one Incident per discrete event, with its perpetrator, target, place and date.

    Every trigger word ("attack", "stormed", "the blast") is a mention; mentions of the same
    event (a definite "the attack" after the event was told, or a second mention at the same
    place) are one incident (:func:`_corefer`).
    """
    doc = ctx.doc
    main = main_hostile(ctx)
    title_end = toks(doc).doc_text.find("\n")
    dates = _dates_by_sentence(doc)
    events: list[_Event] = []
    for i, sent in enumerate(ctx.sents):
        words = toks(doc).lower_set(sent.start, sent.end)
        if words & _DENIAL:
            continue
        trig = [(t, k) for t, k in _triggers(sent) if t.idx > title_end]  # the headline repeats the body
        if not trig:
            continue
        ms = ctx.by_sent.get(i, [])
        if any(m.top == "Operation" for m in ms) and not any(t.pos_ == "NOUN" for t, _ in trig):
            continue
        # group triggers: a verb trigger right next to a noun trigger describes the same event
        seen_pos: list[int] = []
        groups: list[tuple[Token, str]] = []
        for t, kind in trig:
            if any(abs(t.i - p) <= 3 for p in seen_pos):
                continue
            seen_pos.append(t.i)
            groups.append((t, kind))
        for t, kind in groups:
            if not _discrete(doc, t):
                continue
            others = [g for g, _ in groups if g is not t]
            mine = [m for m in ms if not others or
                    min(others + [t], key=lambda x: _dist(x.i, m.start)) is t]
            own_ms = _places(ctx, t, mine)[0]
            own = {m.key for m in own_ms}
            date = _date_of(doc, t, dates.get(i, ()), article.published, alone=len(groups) == 1)
            if _summary(t) or _generic_plural(ctx, t, own_ms, date):
                continue
            events.append(_Event(t, kind, i, mine, words, own, date, _definite(t), _several(t)))
    for n, cluster in enumerate(_corefer(ctx, events), start=1):
        _emit(ctx, f"incident:{n}", cluster, main)


def _emit(ctx: Ctx, key: str, cluster: list[_Event], main: str | None) -> None:
    """One Incident entity for the mentions of ``cluster`` and the relations each one gives."""
    doc = ctx.doc
    first = cluster[0]
    kind = next((e.kind for e in cluster if e.kind != "Attack"), first.kind)
    label = max((_label(doc, e.trig, e.ms, ctx) for e in cluster), key=lambda x: (len(x.split()), -len(x)))
    ent = Entity(key=key, type=kind, label=label)
    for e in cluster:
        t = e.trig
        ent.mentions.append(Mention(t.idx, t.idx + len(t.text), t.text))
    ent.attributes["kind"] = kind.lower()
    for e in cluster:
        k, w = _casualties(ctx.sents[e.sent].text)
        if k is not None or w is not None:
            if k is not None:
                ent.attributes["killed"] = k
            if w is not None:
                ent.attributes["wounded"] = w
            break
    date = next((e.date for e in cluster if e.date and e.date[0] != "now"), None)
    if date:
        ent.attributes["date"] = date[0]
        if date[1] != date[0]:
            ent.attributes["end_date"] = date[1]
    ctx.ex.entities.append(ent)
    ctx.types[key] = kind
    for e in cluster:
        _args(ctx, e.sent, key, e.kind, e.trig, e.ms, main, e.words)


#: Determiners and modifiers that make an event noun refer back to an event already told.
_DEFINITE = {"the", "this", "that", "these", "those", "its", "their", "his", "her", "same", "latest"}


def _definite(t) -> bool:
    """An event noun that refers back ("the attack", "that raid", "the group's assault", "the same
    clash"), or one that only describes another ("X was the deadliest attack")."""
    if t.pos_ == "VERB":
        return False
    if _describes(t):
        return True
    return any(c.lower_ in _DEFINITE and c.dep_ in ("det", "poss", "amod") or c.dep_ == "poss" for c in t.children)


def _describes(t) -> bool:
    """An event noun that only describes an event already named: "X was the deadliest attack",
    "the army described it as a defensive strike", "called the strike an assassination"."""
    if t.dep_ in ("attr", "oprd"):
        return True
    return t.dep_ == "pobj" and t.head.lower_ == "as" and \
        t.head.head.lemma_.lower() in ("describe", "call", "term", "label", "characterise", "characterize",
                                       "condemn", "denounce", "brand", "see", "view", "classify")


def _several(t) -> bool:
    """A plural event noun counted above one ("two attacks", "six air strikes")."""
    return t.pos_ != "VERB" and t.tag_ in ("NNS", "NNPS") and \
        any(c.dep_ == "nummod" and (_number(c.text) or 0) >= 2 for c in t.children)


def _summary(t) -> bool:
    """A plural noun that sums up several events already told ("the two attacks")."""
    if t.pos_ == "VERB" or t.tag_ not in ("NNS", "NNPS"):
        return False
    kids = list(t.children)
    return any(c.dep_ == "det" and c.lower_ in ("the", "these", "those") for c in kids) and \
        any(c.dep_ == "nummod" and (_number(c.text) or 0) >= 2 for c in kids)


#: Modifiers that make a plural event noun one occasion ("coordinated attacks", "twin blasts").
_ONE_OCCASION = {"coordinated", "simultaneous", "twin", "double", "triple", "overnight", "weekend",
                 "dawn", "separate", "consecutive", "multiple"}


def _generic_plural(ctx: Ctx, t, own: list[M], date) -> bool:
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


def _corefer(ctx: Ctx, events: list[_Event]) -> list[list[_Event]]:
    """Group event mentions into incidents, in text order.

    A mention joins the latest earlier incident it is compatible with (no other date, no other
    place of the same grain, an air strike only with air strikes, not "another" / "also") when it
    refers back ("the attack"), happened at one of its places, or repeats its trigger word
    ("ambushed" after "the ambush"); otherwise it opens a new incident.
    """
    clusters: list[list[_Event]] = []
    inside = _containment(ctx)
    for e in events:
        target = None
        if not _another(e.trig) and not e.several and not _introduced(e.trig):
            fits = [c for c in clusters if not any(x.several for x in c) and _compatible(ctx, e, c, inside)]
            for c in reversed(fits):
                if _same_place(e, c, inside) or any(x.trig.lemma_.lower() == e.trig.lemma_.lower() and
                                                    (x.trig.pos_ == "VERB" or e.trig.pos_ == "VERB" or
                                                     _plural(x.trig) == _plural(e.trig)) for x in c):
                    target = c
                    break
            if target is None and e.definite and fits:
                # the latest incident told, preferring one of the same number and kind
                target = max(reversed(fits), key=lambda c: (_plural(c[0].trig) == _plural(e.trig),
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
    return t.pos_ != "VERB" and not _describes(t) and \
        any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in t.children)


_COARSE = {"Country", "Province"}


def _plural(t) -> bool:
    return t.tag_ in ("NNS", "NNPS")


def _compatible(ctx: Ctx, e: _Event, cluster: list[_Event], inside: dict[str, set[str]]) -> bool:
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
    out: dict[str, set[str]] = {}
    for k in up:
        seen: set[str] = set()
        todo = list(up[k])
        while todo:
            x = todo.pop()
            if x not in seen:
                seen.add(x)
                todo.extend(up.get(x, ()))
        out[k] = seen
    return out


def _same_place(e: _Event, cluster: list[_Event], inside: dict[str, set[str]]) -> bool:
    """The mention's own place is one of the incident's own places, or inside or around one."""
    theirs = set().union(*(x.own_places for x in cluster))
    for a in e.own_places:
        for b in theirs:
            if a == b or b in inside.get(a, ()) or a in inside.get(b, ()):
                return True
    return False


def _date_conflict(e: _Event, cluster: list[_Event]) -> bool:
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


#: Words of a date relative to the day of the report, when the report's date is unknown.
_RELATIVE_DAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday",
                  "today", "tonight", "overnight", "weekend"}


def _date_of(doc, t, texts, published: str | None, *, alone: bool) -> tuple[str, str] | None:
    """The date of the event told by trigger ``t``: a date in its own phrase, else (when the
    sentence tells one event only) the sentence's first date."""
    anchor = _anchor(t)
    lo = min(x.i for x in anchor.subtree)
    hi = max(x.i for x in anchor.subtree)
    own = [e.text for e in toks(doc).ents if e.label_ == "DATE" and lo <= e.start and e.end - 1 <= hi
           and e.text in texts]
    for text in own or (list(texts) if alone else []):
        d = resolve_date(text, published)
        if d:
            return d
        if set(text.lower().replace("'s", " ").split()) & _RELATIVE_DAYS:
            return ("now", "now")  # the days around the report, whose date is not known
    return None


def _dates_by_sentence(doc) -> dict[int, list[str]]:
    """DATE entity texts of each sentence, read in one pass over the document's entities."""
    sent_of = toks(doc).sent_of
    out: dict[int, list[str]] = {}
    for e in toks(doc).ents:
        if e.label_ == "DATE":
            out.setdefault(sent_of[e.start], []).append(e.text)
    return out


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
#: Words before an event that make it unreal: plans, threats, prevention.
_UNREAL_HEADS = {"plan", "plot", "threaten", "vow", "prevent", "foil", "thwart", "warn", "avert", "deter",
                 "risk", "fear", "could", "would", "might", "may", "will"}


def _discrete(doc, t) -> bool:
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
    return True


def _dist(trig: int, pos: int) -> int:
    return (pos - trig) if pos >= trig else (trig - pos) * 2


def _label(doc, t, ms, ctx: Ctx) -> str:
    left = [x for x in t.lefts if x.dep_ in ("amod", "compound") and x.i >= t.i - 3]
    start = min([x.i for x in left] + [t.i])
    base = doc[start:t.i + 1].text
    place = next((m for m in ms if m.top == "Place" and m.start > t.i), None)
    if place is not None:
        return f"{base} in {ctx.ex.entity(place.key).label}"
    return base


def _roles(doc, t, ms) -> tuple[list, list]:
    """Forces the parse makes the attacker and the attacked of trigger ``t``.

    Attacker: the subject of an attack verb, its "by" agent, or the possessor/modifier of an
    event noun ("ISWAP's attack", "an RSF drone attack"). Attacked: the verb's object, the
    object of "on/against" after an event noun ("strikes on X"), with the possessor of what
    was hit ("an SDF checkpoint", "the army's base").
    """
    by_tok = {}
    for m in ms:
        if m.top in ("Force", "Person"):
            for k in range(m.start, m.end):
                by_tok[k] = m
    perps: list = []
    targets: list = []

    def owners(tok) -> list:
        """Mentions in the noun phrase headed by ``tok``: the head itself and its modifiers."""
        out = []
        for x in [tok, *[c for c in tok.children if c.dep_ in ("poss", "compound", "nmod", "amod")]]:
            m = by_tok.get(x.i)
            if m is None and x.dep_ in ("poss", "compound"):
                m = next((by_tok[y.i] for y in x.subtree if y.i in by_tok), None)
            if m is not None and m not in out:
                out.append(m)
        for c in tok.children:  # "a patrol of the X", "positions of X"
            if c.dep_ == "prep" and c.lower_ == "of":
                for g in c.children:
                    m = by_tok.get(g.i)
                    if m is not None and m not in out:
                        out.append(m)
        return out

    def add(lst, items) -> None:
        for m in items:
            if m not in lst:
                lst.append(m)

    if t.pos_ == "VERB":
        for c in t.children:
            if c.dep_ in ("nsubj",):
                add(perps, owners(c))
            elif c.dep_ in ("dobj", "nsubjpass"):
                add(targets, owners(c))
            elif c.dep_ == "agent":
                for g in c.children:
                    add(perps, owners(g))
            elif c.dep_ == "prep" and c.lower_ in ("on", "against"):
                for g in c.children:
                    add(targets, owners(g))
        if t.dep_ in ("relcl", "acl") and not perps:
            add(perps if t.dep_ == "relcl" else targets, owners(t.head))
    else:
        for c in t.children:
            if c.dep_ in ("poss", "compound", "nmod") and c.i < t.i:
                add(perps, owners(c))
            elif c.dep_ == "prep" and c.lower_ in ("on", "against", "targeting"):
                for g in c.children:
                    add(targets, owners(g))
            elif c.dep_ == "prep" and c.lower_ == "by":
                for g in c.children:
                    add(perps, owners(g))
            elif c.dep_ == "prep" and c.lower_ == "of" and t.lower_ in _OF_VICTIM:
                for g in c.children:
                    add(targets, owners(g))
        # "X carried out / launched / claimed the attack"
        h = t.head
        if t.dep_ in ("dobj",) and h.pos_ == "VERB" and h.lemma_.lower() in ("carry", "launch", "claim", "stage",
                                                                            "mount", "conduct", "execute"):
            for c in h.children:
                if c.dep_ == "nsubj":
                    add(perps, owners(c))
                elif c.dep_ == "prep" and c.lower_ in ("on", "against"):  # "carried out strikes on X"
                    for g in c.children:
                        add(targets, owners(g))
        for who in _claimants(t):
            add(perps, owners(who))
    # "... attacked the village, killing ten soldiers": who was killed was hit
    for v in {t, t.head} if t.pos_ != "VERB" else {t}:
        for c in v.children:
            if c.dep_ in ("advcl", "xcomp", "conj") and c.lemma_.lower() in ("kill", "wound", "injure") \
                    and c.tag_ == "VBG":
                for g in c.children:
                    if g.dep_ == "dobj":
                        add(targets, owners(g))
    targets = [m for m in targets if m not in perps]
    return perps, targets


def _claimants(t) -> list:
    """Who the sentence says did the event noun ``t``: "X claimed responsibility for the attack",
    "officials blamed the attack on X", "blamed X for the raid", "X was behind the blast"."""
    h = t.head
    out = []
    if t.dep_ == "pobj" and h.lower_ == "for":
        v = h.head
        if v.lower_ == "responsibility" and v.head.lemma_.lower() in ("claim", "accept", "assume", "take"):
            out += [c for c in v.head.children if c.dep_ == "nsubj"]
        elif v.lemma_.lower() == "blame":
            out += [c for c in v.children if c.dep_ == "dobj"]
    elif t.dep_ == "dobj" and h.lemma_.lower() in ("blame", "attribute", "pin"):
        # the parse may hang "on X" on the event noun itself
        out += [g for c in [*h.children, *t.children] if c.dep_ == "prep" and c.lower_ in ("on", "to")
                for g in c.children]
    elif t.dep_ == "pobj" and h.lower_ == "behind" and h.head.lemma_.lower() == "be":
        out += [c for c in h.head.children if c.dep_ == "nsubj"]
    return out


def _args(ctx: Ctx, i: int, key: str, kind: str, t, ms, main: str | None, words: set[str]) -> None:
    """Perpetrators, targets and places of incident ``key`` told by trigger ``t`` in sentence ``i``:
    from the parse, else (while the incident has no known role) guessed from the sentence's forces."""
    doc = ctx.doc
    known = any(r.subject == key and r.predicate in ("perpetratedBy", "targeted") for r in ctx.ex.relations)
    hostile = [m for m in ms if m.key in ctx.hostile]
    friendly = [m for m in ms if m.top in ("Force",) and m.key not in ctx.hostile]
    persons = [m for m in ms if m.top == "Person"]
    p_parse, t_parse = _roles(doc, t, ms)
    p_parse = [m for m in p_parse if m.top == "Force"]
    if p_parse or t_parse:
        for m in p_parse:
            ctx.add(key, "perpetratedBy", m.key, i, 0.6)
        for m in t_parse:
            if m.top == "Person" and not _victim(doc, m) and kind != "Assassination" and t.lower_ not in _OF_VICTIM:
                continue
            ctx.add(key, "targeted", m.key, i, 0.55)
        if not p_parse and kind != "Airstrike" and not known:
            perps = [m.key for m in hostile if m not in t_parse]
            lemmas = toks(ctx.doc).lemma_set(ctx.sents[i].start, ctx.sents[i].end)
            if not perps and main and (lemmas & _GENERIC_HOSTILE) and main not in {m.key for m in t_parse}:
                perps = [main]
            for p in dict.fromkeys(perps):
                ctx.add(key, "perpetratedBy", p, i, 0.5)
    elif known:
        pass
    elif kind == "Airstrike" and friendly:
        perp = [m for m in friendly if m.start < t.i][:1] or friendly[:1]
        for m in perp:
            ctx.add(key, "perpetratedBy", m.key, i, 0.6)
        for m in hostile:
            ctx.add(key, "targeted", m.key, i, 0.55)
    elif kind == "Airstrike":  # insurgents are hit by air strikes, not their authors
        for m in hostile:
            ctx.add(key, "targeted", m.key, i, 0.5)
    else:
        perps = [m.key for m in hostile]
        lemmas = toks(ctx.doc).lemma_set(ctx.sents[i].start, ctx.sents[i].end)
        if not perps and main and (lemmas & _GENERIC_HOSTILE):
            perps = [main]
        for p in dict.fromkeys(perps):
            ctx.add(key, "perpetratedBy", p, i, 0.55)
        for m in friendly + persons:
            if m.start < t.i and _is_subject_like(doc, m):
                continue
            if m.top == "Person" and not _victim(doc, m):
                continue
            ctx.add(key, "targeted", m.key, i, 0.5)
    own, places = _places(ctx, t, ms)
    for m in own or places:
        ctx.add(key, "tookPlaceIn", m.key, i, 0.55)
    # a hostile group attacking a place threatens it (the contract's "attacking")
    perps = {r.object for r in ctx.ex.relations if r.subject == key and r.predicate == "perpetratedBy"}
    for m in own or places:
        for p in perps & ctx.hostile:
            ctx.add(m.key, "threatenedBy", p, i, 0.5)


def _places(ctx: Ctx, t, ms: list[M]) -> tuple[list[M], list[M]]:
    """Places of the event told by trigger ``t``: those in its own phrase (after a locative
    preposition, or naming it: "the Kolo raid"), and every locative place of the sentence."""
    doc = ctx.doc
    places = []
    for m in ms:
        if m.top != "Place":
            continue
        k = m.start - 1
        while k >= 0 and doc[k].lower_ in ("the", "of", "outskirts", "area", "town", "village"):
            k -= 1
        if k >= 0 and doc[k].lower_ in LOCATIVE_PREPS and doc[k].lower_ not in REFERENCE_PREPS:
            if not (k > 0 and doc[k - 1].lower_ in ("south", "north", "east", "west")):
                places.append(m)
    own = [m for m in places if _in_phrase(doc, t, m)]
    for m in ms:  # "militants stormed Kolo"
        if m.top == "Place" and m not in own and t.pos_ == "VERB" and \
                any(doc[k].head.i == t.i and doc[k].dep_ == "dobj" for k in range(m.start, m.end)):
            own.append(m)
    for m in ms:  # "the Kolo raid", "Friday's Kolo ambush"
        if m.top == "Place" and m not in own and t.pos_ != "VERB" and m.end <= t.i and \
                any(doc[k].head.i == t.i and doc[k].dep_ in ("compound", "nmod") for k in range(m.start, m.end)):
            own.append(m)
    return own, places


def _anchor(t):
    """The token whose subtree is the trigger's phrase: a verb trigger, or a noun's verb."""
    return t if t.pos_ == "VERB" or t.head is t else t.head if t.head.pos_ == "VERB" else t


def _in_phrase(doc, t, m) -> bool:
    """Place mention ``m`` belongs to the trigger's own phrase (its subtree, or its verb's)."""
    anchor = _anchor(t)
    lo = min(x.i for x in anchor.subtree)
    hi = max(x.i for x in anchor.subtree)
    return lo <= m.start and m.end - 1 <= hi


def _is_subject_like(doc, m) -> bool:
    tok = doc[m.end - 1]
    return tok.dep_ in ("nsubj",) and tok.head.lemma_.lower() in ("say", "tell", "report", "confirm")


def _victim(doc, m) -> bool:
    window = toks(doc).lemma_set(max(0, m.start - 6), m.end + 4)
    return bool(window & {"kill", "target", "assassinate", "wound", "injure", "die"})
