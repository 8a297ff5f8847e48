"""Incidents: attacks, ambushes, raids, bombings, air strikes, with their participants."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.extract.tokens import toks
from kg.extract.relations.context import Ctx, main_hostile
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
        if not (pos[i] in ("NOUN", "PROPN") and low in INCIDENT_NOUNS
                or pos[i] == "VERB" and lemma[i] in _VERB_KIND):
            continue
        t = doc[i]
        if t.pos_ in ("NOUN", "PROPN") and low in INCIDENT_NOUNS:
            if low in ("strike", "strikes") and not any(x.lower_ in ("air", "drone", "missile") for x in t.lefts):
                if not (t.i > 0 and t.doc[t.i - 1].lower_ in ("air", "drone", "defensive")):
                    continue
            if low == "seizure" and not any(c.lower_ == "of" and any(g.text[:1].isupper() for g in c.children)
                                            for c in t.children):
                continue  # "the seizure of weapons" is no event; "the seizure of Kolo" is
            out.append((t, INCIDENT_NOUNS[low]))
        elif t.pos_ == "VERB" and t.lemma_.lower() in _VERB_KIND:
            out.append((t, _VERB_KIND[t.lemma_.lower()]))
    return out


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


def incidents(ctx: Ctx, article) -> None:
    """Add an Incident per trigger word and its perpetrator, target and place."""
    doc = ctx.doc
    main = main_hostile(ctx)
    n = 0
    title_end = toks(doc).doc_text.find("\n")
    dates = _dates_by_sentence(doc)
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
            n += 1
            key = f"incident:{n}"
            label = _label(doc, t, ms, ctx)
            ent = Entity(key=key, type=kind, label=label)
            ent.mentions.append(Mention(t.idx, t.idx + len(t.text), t.text))
            ent.attributes["kind"] = kind.lower()
            k, w = _casualties(sent.text)
            if k is not None:
                ent.attributes["killed"] = k
            if w is not None:
                ent.attributes["wounded"] = w
            for text in dates.get(i, ()):
                d = resolve_date(text, article.published)
                if d:
                    ent.attributes["date"] = d[0]
                    if d[1] != d[0]:
                        ent.attributes["end_date"] = d[1]
                    break
            ctx.ex.entities.append(ent)
            ctx.types[key] = kind
            others = [g for g, _ in groups if g is not t]
            mine = [m for m in ms if not others or
                    min(others + [t], key=lambda x: _dist(x.i, m.start)) is t]
            _args(ctx, i, key, kind, t, mine, main, words)


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
#: Words before an event that make it unreal: plans, threats, prevention.
_UNREAL_HEADS = {"plan", "plot", "threaten", "vow", "prevent", "foil", "thwart", "warn", "avert", "deter",
                 "risk", "fear", "could", "would", "might", "may", "will"}


def _discrete(doc, t) -> bool:
    """A discrete event, not a habitual, generic, planned or hypothetical one."""
    if any(c.lower_ in _NOT_DISCRETE_MODS for c in t.children if c.dep_ in ("amod", "det", "compound")):
        return False
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
        if t.dep_ == "pobj" and h.lower_ == "by":  # "was hit by an X drone strike" leaves roles as they are
            pass
    targets = [m for m in targets if m not in perps]
    return perps, targets


def _args(ctx: Ctx, i: int, key: str, kind: str, t, ms, main: str | None, words: set[str]) -> None:
    doc = ctx.doc
    hostile = [m for m in ms if m.key in ctx.hostile]
    friendly = [m for m in ms if m.top in ("Force",) and m.key not in ctx.hostile]
    persons = [m for m in ms if m.top == "Person"]
    p_parse, t_parse = _roles(doc, t, ms)
    p_parse = [m for m in p_parse if m.top == "Force"]
    if p_parse or t_parse:
        for m in p_parse:
            ctx.add(key, "perpetratedBy", m.key, i, 0.6)
        for m in t_parse:
            if m.top == "Person" and not _victim(doc, m) and kind != "Assassination":
                continue
            ctx.add(key, "targeted", m.key, i, 0.55)
        if not p_parse and kind != "Airstrike":
            perps = [m.key for m in hostile if m not in t_parse]
            lemmas = toks(ctx.doc).lemma_set(ctx.sents[i].start, ctx.sents[i].end)
            if not perps and main and (lemmas & _GENERIC_HOSTILE) and main not in {m.key for m in t_parse}:
                perps = [main]
            for p in dict.fromkeys(perps):
                ctx.add(key, "perpetratedBy", p, i, 0.5)
    elif kind == "Airstrike" and friendly:
        perp = [m for m in friendly if m.start < t.i][:1] or friendly[:1]
        for m in perp:
            ctx.add(key, "perpetratedBy", m.key, i, 0.6)
        for m in hostile:
            ctx.add(key, "targeted", m.key, i, 0.55)
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
    for m in own or places:
        ctx.add(key, "tookPlaceIn", m.key, i, 0.55)
    # a hostile group attacking a place threatens it (the contract's "attacking")
    perps = {r.object for r in ctx.ex.relations if r.subject == key and r.predicate == "perpetratedBy"}
    for m in own or places:
        for p in perps & ctx.hostile:
            ctx.add(m.key, "threatenedBy", p, i, 0.5)


def _in_phrase(doc, t, m) -> bool:
    """Place mention ``m`` belongs to the trigger's own phrase (its subtree, or its verb's)."""
    anchor = t if t.pos_ == "VERB" or t.head is t else t.head if t.head.pos_ == "VERB" else t
    lo = min(x.i for x in anchor.subtree)
    hi = max(x.i for x in anchor.subtree)
    return lo <= m.start and m.end - 1 <= hi


def _is_subject_like(doc, m) -> bool:
    tok = doc[m.end - 1]
    return tok.dep_ in ("nsubj",) and tok.head.lemma_.lower() in ("say", "tell", "report", "confirm")


def _victim(doc, m) -> bool:
    window = toks(doc).lemma_set(max(0, m.start - 6), m.end + 4)
    return bool(window & {"kill", "target", "assassinate", "wound", "injure", "die"})
