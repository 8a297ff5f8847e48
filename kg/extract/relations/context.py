"""Per-article context for the relation rules: mentions by sentence, hostility, focus."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.extract.tokens import toks
from kg.extract.lexicon import HOSTILE_WORDS
from kg.model import Evidence, Extraction, Relation
from kg.rdf.ontology import PROPERTIES, top_class

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

_GOV_WORDS = {"army", "forces", "police", "troops", "soldiers", "command", "military", "government",
              "mission", "coalition", "brigade", "battalion", "division", "service"}


@dataclass(frozen=True, slots=True)
class M:
    """One resolved mention: tokens [start, end) of entity ``key`` with class ``type``."""

    start: int
    end: int
    key: str
    type: str
    sent: int

    @property
    def top(self) -> str:
        return top_class(self.type)


@dataclass(slots=True)
class Ctx:
    """What the relation rules share while reading one article."""

    doc: Doc
    ex: Extraction
    sents: list[Span]
    by_sent: dict[int, list[M]] = field(default_factory=dict)
    mentions: list[M] = field(default_factory=list)
    hostile: set[str] = field(default_factory=set)
    types: dict[str, str] = field(default_factory=dict)
    seen: set[tuple[str, str, str]] = field(default_factory=set)
    tok_mention: dict[int, M] = field(default_factory=dict)
    text: str = ""

    def add(self, s: str, p: str, o: str, sent: int, conf: float) -> None:
        """Record relation (s, p, o) read in sentence ``sent`` if domain and range fit."""
        if s == o or (s, p, o) in self.seen:
            return
        dom, rng = PROPERTIES[p]
        if top_class(self.types.get(s, "")) not in dom or top_class(self.types.get(o, "")) not in rng:
            return
        self.seen.add((s, p, o))
        sp = self.sents[sent]
        start = sp.start_char
        end = sp.end_char
        raw = self.text[start:end]
        text = raw.strip()
        lead = len(raw) - len(raw.lstrip())
        start += lead
        self.ex.relations.append(Relation(s, p, o, Evidence(text, start, start + len(text)), round(conf, 2)))

    def of_top(self, sent: int, top: str) -> list[M]:
        return [m for m in self.by_sent.get(sent, []) if m.top == top]


def build_ctx(doc: Doc, ex: Extraction, cands, cand_key) -> Ctx:
    """Index the resolved mentions of ``doc`` by sentence and mark hostile forces."""
    sents = list(toks(doc).sents)
    sent_of = {}
    for i, s in enumerate(sents):
        for t in range(s.start, s.end):
            sent_of[t] = i
    ctx = Ctx(doc=doc, ex=ex, sents=sents, text=toks(doc).doc_text)
    ctx.types = {e.key: e.type for e in ex.entities}
    for c in cands:
        k = cand_key.get(id(c))
        if k is None:
            continue
        m = M(c.start, c.end, k, ctx.types[k], sent_of.get(c.start, 0))
        ctx.mentions.append(m)
        ctx.by_sent.setdefault(m.sent, []).append(m)
        for t in range(c.start, c.end):
            ctx.tok_mention[t] = m
    _name_mentions(ctx, sent_of)
    ctx.mentions.sort(key=lambda m: m.start)
    for v in ctx.by_sent.values():
        v.sort(key=lambda m: m.start)
    _mark_hostile(ctx)
    return ctx


def _name_mentions(ctx: Ctx, sent_of: dict[int, int]) -> None:
    """Later uses of an operation's or force's name the recognisers did not mark.

    "The Iron Resolve operations began ..." repeats a name first given in quotes;
    "the third phase ended ..." repeats a phase's short form.
    """
    doc = ctx.doc
    names: dict[tuple[str, ...], str] = {}
    for e in ctx.ex.entities:
        if top_class(e.type) not in ("Operation", "Force"):
            continue
        short = []
        if e.type == "Phase":
            w = e.label.lower().split()
            if len(w) > 2 and w[1] == "phase":
                short.append(" ".join(w[:2]))  # "the third phase" repeats "third phase of X"
        for n in (e.label, *e.aliases, *short):
            words = tuple(n.lower().split())
            if len(n) >= 4 and (len(words) >= 2 or n[:1].isupper()) and words:
                names.setdefault(words, e.key)
    if not names:
        return
    first = {w[0] for w in names}
    maxlen = max(len(w) for w in names)
    i = 0
    n = len(doc)
    low = toks(doc).lower
    while i < n:
        if low[i] not in first or i in ctx.tok_mention:
            i += 1
            continue
        hit = None
        for ln in range(min(maxlen, n - i), 0, -1):
            words = tuple(t.lower_ for t in doc[i:i + ln])
            if words in names and not any(t in ctx.tok_mention for t in range(i, i + ln)):
                nxt = doc[i + ln] if i + ln < n else None
                if nxt is not None and (nxt.text[:1].isupper() or nxt.text[:1].isdigit()):
                    break  # part of a longer name ("X II", "X Command")
                hit = (ln, names[words])
                break
        if hit is None:
            i += 1
            continue
        ln, key = hit
        m = M(i, i + ln, key, ctx.types[key], sent_of.get(i, 0))
        ctx.mentions.append(m)
        ctx.by_sent.setdefault(m.sent, []).append(m)
        for t in range(i, i + ln):
            ctx.tok_mention[t] = m
        i += ln


def _mark_hostile(ctx: Ctx) -> None:
    doc = ctx.doc
    score: dict[str, int] = {}
    for m in ctx.mentions:
        if m.top != "Force":
            continue
        if m.type == "ArmedGroup":
            score[m.key] = score.get(m.key, 0) + 3
        nxt = doc[m.end].lower_ if m.end < len(doc) else ""
        prev = doc[m.start - 1].lower_ if m.start > 0 else ""
        prev2 = doc[m.start - 2].lower_ if m.start > 1 else ""
        if nxt in HOSTILE_WORDS or nxt in ("claimed",):
            score[m.key] = score.get(m.key, 0) + 2
        if prev in ("against", "anti") or prev2 == "against" or (prev == "-" and prev2 == "anti"):
            score[m.key] = score.get(m.key, 0) + 2
        words = {t.lower_ for t in doc[m.start:m.end]}
        if words & _GOV_WORDS and not _rebel_modifier(doc, m):
            score[m.key] = score.get(m.key, 0) - 3
        score[m.key] = score.get(m.key, 0) + _hostile_cues(doc, m)
    allies = {m.key for m in ctx.mentions if m.top == "Force" and _sides_with_state(doc, m)}
    ctx.hostile = {k for k, v in score.items() if v > 0 and k not in allies}
    ctx.hostile |= _units_of_hostile(ctx) | _listed_as_hostile(ctx)


def _rebel_modifier(doc: Doc, m: M) -> bool:
    """A rebel word right before the name ("the paramilitary X Forces", "rebel X Army"): the name's
    own force word then says nothing of a state."""
    return any(doc[k].lower_ in _REBEL_WORDS and doc[k].pos_ in ("ADJ", "NOUN", "VERB")
               for k in range(max(0, m.start - 2), m.start))


#: Nouns of armed groups outside the law: "criminal gangs", "drug cartels".
_OUTLAW_NOUNS = {"gang", "cartel", "militia"}
#: Words that open the list of a group noun's named members.
_LIST_OPENERS = (("among", "them"), ("including",), ("such", "as"), ("notably",), ("namely",))


def _listed_as_hostile(ctx: Ctx) -> set[str]:
    """Forces a sentence lists as members of armed groups: "criminal groups operating in X, among
    them A, B and C", "armed groups such as A"."""
    doc = ctx.doc
    low = toks(doc).lower
    out: set[str] = set()
    for i, sent in enumerate(ctx.sents):
        for k in range(sent.start, sent.end):
            opener = next((o for o in _LIST_OPENERS if tuple(low[k:k + len(o)]) == o), None)
            if opener is None or not _outlaw_noun_before(doc, max(sent.start, k - 12), k):
                continue
            j = k + len(opener)
            while j < sent.end:
                m = ctx.tok_mention.get(j)
                if m is not None:
                    if m.top != "Force":
                        break
                    out.add(m.key)
                    j = m.end
                elif low[j] in (",", "and", "the", "or", "(", ")") or doc[j].is_upper:
                    j += 1
                else:
                    break
    return out


def _outlaw_noun_before(doc: Doc, start: int, end: int) -> bool:
    """An armed-group noun among tokens [start, end): "gangs", "armed groups", "criminal groups"."""
    for t in doc[start:end]:
        lem = t.lemma_.lower()
        if t.pos_ != "NOUN":
            continue
        if lem in _OUTLAW_NOUNS or lem in ("group", "organisation", "organization") and any(
                c.dep_ == "amod" and (c.lower_ in _REBEL_WORDS or c.lower_ == "criminal") for c in t.children):
            return True
    return False


def _units_of_hostile(ctx: Ctx) -> set[str]:
    """Forces the text gives to a hostile group: "the ELN's Eastern Front", "the X front of Y"."""
    doc = ctx.doc
    out: set[str] = set()
    for m in ctx.mentions:
        if m.top != "Force" or m.key in ctx.hostile:
            continue
        root = doc[m.end - 1]
        owners = [c for c in root.children if c.dep_ == "poss" and c.i < m.start]
        owners += [g for c in root.children if c.dep_ == "prep" and c.lower_ == "of" and c.i >= m.end - 1
                   for g in c.children if g.dep_ == "pobj"]
        for o in owners:
            keys = {k.key for t in o.subtree if (k := ctx.tok_mention.get(t.i)) is not None}
            if keys & ctx.hostile and m.key not in keys:
                out.add(m.key)
    return out


#: Words that present a group as fighting the state ("the rebel alliance", "separatist fighters").
_REBEL_WORDS = {"rebel", "rebels", "insurgent", "insurgents", "militant", "militants", "separatist",
                "separatists", "jihadist", "jihadists", "terrorist", "terrorists", "guerrilla", "guerrillas",
                "dissident", "dissidents", "extremist", "extremists", "outlawed", "banned", "proscribed",
                "armed", "paramilitary", "breakaway", "secessionist", "islamist", "maoist", "maoists"}
#: Words of a group's own name that present it as fighting a state.
_REBEL_NAME_WORDS = {"liberation", "salvation", "mujahideen", "mujahidin", "jihad", "emirate", "caliphate",
                     "insurgency", "rebel", "rebels"}
_GROUP_NOUNS = {"group", "groups", "alliance", "coalition", "movement", "militia", "faction", "force", "forces",
                "organisation", "organization", "outfit", "network", "front", "army", "wing", "unit"}


def _hostile_cues(doc: Doc, m: M) -> int:
    """Score from the words around a force that present it as an armed opponent of the state.

    "X, a rebel alliance", "the separatist X", "X dissidents", "blamed on X", "X claimed
    responsibility", "an attack by X".
    """
    score = 0
    n = len(doc)
    end = m.end
    if end + 2 < n and doc[end].text == "(":  # "X (XYZ), a rebel group": past the short form
        end = next((k + 1 for k in range(end + 1, min(n, end + 6)) if doc[k].text == ")"), end)
    # apposition: "X, a (loose) rebel alliance", "X, the banned armed group"
    if end + 2 < n and doc[end].text == "," and doc[end + 1].lower_ in ("a", "an", "the"):
        window = [t.lower_ for t in doc[end + 2:min(n, end + 7)]]
        for k, w in enumerate(window):
            if w in _GROUP_NOUNS:
                if set(window[:k]) & _REBEL_WORDS:
                    score += 5  # outweighs a force word in the name ("X Coalition, a rebel alliance")
                break
            if w in (",", ".", ";") or doc[end + 2 + k].pos_ in ("VERB", "AUX"):
                break
    # the name itself: "X Liberation Front", "Y Salvation Army", "Mujahideen of Z"
    if {t.lower_ for t in doc[m.start:m.end]} & _REBEL_NAME_WORDS:
        score += 4
    # modifier before: "the separatist X", "rebel X", "banned X"
    for k in range(max(0, m.start - 2), m.start):
        if doc[k].lower_ in _REBEL_WORDS and doc[k].pos_ in ("ADJ", "NOUN", "VERB"):
            score += 2
            break
    nxt = doc[m.end].lower_ if m.end < n else ""
    if nxt in ("dissidents", "dissident", "rebels", "guerrillas", "separatists", "jihadists"):
        score += 2
    # attribution: "blamed on X", "claimed by X", "an attack by X", "X claimed responsibility"
    prev = doc[m.start - 1].lower_ if m.start > 0 else ""
    prev2 = doc[m.start - 2].lower_ if m.start > 1 else ""
    if prev2 in ("blamed", "blame") and prev == "on" or prev == "by" and prev2 in ("claimed", "carried", "perpetrated"):
        score += 3
    # "militants of X", "rebels of the X" (not "fighters of", which pro-government militias have too)
    hostile_of = HOSTILE_WORDS - {"fighters", "cells", "cell", "camps", "hideouts", "hideout"}
    if prev == "of" and prev2 in hostile_of or prev == "the" and prev2 == "of" and m.start > 2 \
            and doc[m.start - 3].lower_ in hostile_of:
        score += 2
    if nxt in ("claimed",) or m.end + 1 < n and doc[m.end + 1].lower_ == "responsibility":
        score += 2
    return score


#: Descriptions of a group that fights on the state's side: "a pro-government militia",
#: "a civilian militia that fights alongside the army", "government-backed vigilantes".
_STATE_SIDE = re.compile(
    r"\b(?:pro-?\s?(?:government|army|military)|(?:government|state|army|military)-\s?(?:backed|allied|sponsored)"
    r"|auxiliar(?:y|ies)|vigilantes?|civilian (?:militia|volunteers?|defen[cs]e|auxiliar)"
    r"|(?:alongside|supports?|supporting|backs?|backing|assists?|assisting|helps?|helping)"
    r" (?:the )?(?:army|military|armed forces|troops|soldiers|security forces|police|government forces))\b",
    re.I)


def _sides_with_state(doc: Doc, m: M) -> bool:
    """The words right around the force's name present it as fighting on the state's side: a
    modifier before it or the apposition or relative clause after it, up to the next stop."""
    n = len(doc)
    end = m.end
    if end + 2 < n and doc[end].text == "(":  # past a short form: "X (XYZ), a civilian militia"
        end = next((k + 1 for k in range(end + 1, min(n, end + 6)) if doc[k].text == ")"), end)
    before = doc[max(0, m.start - 3):m.start].text
    after = ""
    if end + 1 < n and doc[end].text == ",":
        stop = next((k for k in range(end + 1, min(n, end + 14)) if doc[k].text in (",", ";", ".", ")")),
                    min(n, end + 14))
        after = doc[end + 1:stop].text
    return bool(_STATE_SIDE.search(before + " " + after))


def main_hostile(ctx: Ctx) -> str | None:
    """The hostile force the article mentions most."""
    counts: dict[str, int] = {}
    for m in ctx.mentions:
        if m.key in ctx.hostile:
            counts[m.key] = counts.get(m.key, 0) + 1
    return max(counts, key=counts.get) if counts else None


#: How many sentences back "the militants" looks for the hostile group it stands for.
FOCUS_WINDOW = 3


def hostile_in_focus(ctx: Ctx, sent: int) -> str | None:
    """The hostile group a generic "the militants" / "the group" in sentence ``sent`` stands for.

    A group this sentence names (the article's main hostile group first); else the main group
    when one of the :data:`FOCUS_WINDOW` sentences before names it; else the first group named
    in the latest of those that names one, as a reader resolves "the jihadists" to the group
    just spoken of; else the main group.
    """
    main = main_hostile(ctx)
    latest = None
    for k in range(sent, max(-1, sent - FOCUS_WINDOW - 1), -1):
        named = [m.key for m in ctx.by_sent.get(k, []) if m.key in ctx.hostile and not described_by(ctx.doc, m)]
        if main in named:
            return main
        if named and k == sent:
            return named[0]
        if named and latest is None:
            latest = named[0]
    return latest or main


#: Participles that make a group's name a description of another group.
TIES = ("linked", "affiliated", "allied", "aligned", "inspired", "backed", "tied", "loyal", "connected",
        "associated")


def described_by(doc: Doc, m: M) -> bool:
    """"al-Qaeda-linked group", "a new group affiliated with al-Qaeda": the name only describes
    another group."""
    if m.end + 1 < len(doc) and doc[m.end].text == "-" and doc[m.end + 1].lower_ in TIES:
        return True
    k = m.start - 1
    while k >= 0 and doc[k].lower_ in ("the", "banned", "outlawed"):
        k -= 1
    return k >= 1 and doc[k].lower_ in ("with", "to") and doc[k - 1].lower_ in TIES
