"""Incidents: attacks, ambushes, raids, bombings, air strikes, with their participants.

Event words (:mod:`.event_words`) are found sentence by sentence; the mentions of one event
are grouped into one incident (:mod:`.event_coref`); each mention then adds what its sentence
says: who did it (the parse, claims of responsibility, blame), who was hit, where, when.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.extract.lexicon import LOCATIVE_PREPS, REFERENCE_PREPS
from kg.extract.relations.context import M, Ctx, hostile_in_focus
from kg.extract.relations.event_coref import EventMention, corefer
from kg.extract.relations.event_words import (anchor, date_of, dates_by_sentence, definite, discrete,
                                              generic_plural, number, opens_fire, several, summary,
                                              triggers)
from kg.extract.tokens import toks
from kg.model import Entity, Mention

if TYPE_CHECKING:
    from spacy.tokens import Token

_DENIAL = {"false", "deny", "denied", "dismiss", "dismissed", "reject", "rejected", "untrue", "fake"}


_GENERIC_HOSTILE = {"militant", "insurgent", "group", "jihadist", "attacker", "assailant",
                    "terrorist", "gunman", "fighter", "raider"}


#: Event nouns whose "of" phrase names who was hit ("the abduction of X", "the killing of X").
_OF_VICTIM = {"killing", "killings", "abduction", "abductions", "kidnapping", "kidnappings", "assassination",
              "capture", "massacre", "shooting", "beheading"}


def _casualties(text: str) -> tuple[int | None, int | None]:
    killed = wounded = None
    num = r"(\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a dozen)"
    m = re.search(r"(?:killed|killing|kills|left dead)\s+(?:at least |more than |some |about )?" + num, text, re.I) \
        or re.search(num + r"\s+(?:\w+\s+){0,3}(?:were|was|had been|have been)\s+killed", text, re.I) \
        or re.search(num + r"\s+(?:\w+\s+){0,2}(?:dead|deaths)", text, re.I)
    if m:
        killed = number(m.group(1).split()[-1])
    m = re.search(r"(?:wounded|wounding|injured|injuring)\s+(?:at least |more than |some |about )?" + num, text, re.I) \
        or re.search(num + r"\s+(?:\w+\s+){0,3}(?:were|was|had been|have been)\s+(?:wounded|injured)", text, re.I) \
        or re.search(num + r"\s+others\s+(?:were\s+)?(?:wounded|injured)", text, re.I)
    if m:
        wounded = number(m.group(1).split()[-1])
    return killed, wounded


def incidents(ctx: Ctx, article) -> None:
    """Add one Incident per discrete event, with its perpetrator, target, place and date.

    Every trigger word ("attack", "stormed", "the blast") is a mention; mentions of the same
    event (a definite "the attack" after the event was told, or a second mention at the same
    place) are one incident (:func:`corefer`).
    """
    doc = ctx.doc
    title_end = toks(doc).doc_text.find("\n")
    dates = dates_by_sentence(doc)
    events: list[EventMention] = []
    for i, sent in enumerate(ctx.sents):
        words = toks(doc).lower_set(sent.start, sent.end)
        if words & _DENIAL:
            continue
        trig = [(t, k) for t, k in triggers(sent) if t.idx > title_end  # the headline repeats the body
                and not _names_operation(ctx, t)]
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
            if not discrete(doc, t):
                continue
            others = [g for g, _ in groups if g is not t]
            mine = [m for m in ms if not others or
                    min(others + [t], key=lambda x: _dist(x.i, m.start)) is t]
            own_ms = _places(ctx, t, mine)[0]
            own = {m.key for m in own_ms}
            date = date_of(doc, t, dates.get(i, ()), article.published, alone=len(groups) == 1)
            if summary(t) or generic_plural(ctx, t, own_ms, date):
                continue
            events.append(EventMention(t, kind, i, mine, words, own, date, definite(t), several(t)))
    told: list[tuple[str, list[int]]] = []
    for n, cluster in enumerate(corefer(ctx, events), start=1):
        _emit(ctx, f"incident:{n}", cluster)
        told.append((f"incident:{n}", [e.sent for e in cluster]))
    _bare_claims(ctx, told)


def _bare_claims(ctx: Ctx, told: list[tuple[str, list[int]]]) -> None:
    """"X claimed responsibility." with no event named: X carried out the latest incident told
    before (or in) that sentence, when nothing has named its author yet."""
    for i, sent in enumerate(ctx.sents):
        for verb in sent:
            claimant = _bare_claimant(ctx, verb)
            if claimant is None:
                continue
            before = [(max(x for x in sents if x <= i), key) for key, sents in told if min(sents) <= i]
            if not before:
                continue
            key = max(before)[1]
            if not any(r.subject == key and r.predicate == "perpetratedBy" for r in ctx.ex.relations):
                ctx.add(key, "perpetratedBy", claimant.key, i, 0.55)


def _bare_claimant(ctx: Ctx, verb) -> M | None:
    """The named force that ``verb`` says claimed responsibility without naming what for."""
    if verb.lemma_.lower() not in ("claim", "accept", "assume") or verb.pos_ != "VERB":
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.lower_ == "responsibility"), None)
    if obj is None or _nobody_claims(verb):
        return None
    if any(c.dep_ == "prep" and c.lower_ == "for" for c in (*obj.children, *verb.children)):
        return None  # "claimed responsibility for the attack": the event noun's own rule
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None:
        return None
    m = ctx.tok_mention.get(subj.i)
    return m if m is not None and m.top == "Force" else None


def _names_operation(ctx: Ctx, t) -> bool:
    """The trigger word heads an operation's own mention ("the siege of X" read as an operation)."""
    m = ctx.tok_mention.get(t.i)
    return m is not None and m.top == "Operation"


def _emit(ctx: Ctx, key: str, cluster: list[EventMention]) -> None:
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
    guess = not any(unclaimed(e.trig) for e in cluster)
    for e in cluster:
        _args(ctx, e.sent, key, e.kind, e.trig, e.ms, hostile_in_focus(ctx, e.sent), e.words, guess)


def _dist(trig: int, pos: int) -> int:
    return (pos - trig) if pos >= trig else (trig - pos) * 2


def _label(doc, t, ms, ctx: Ctx) -> str:
    left = [x for x in t.lefts if x.dep_ in ("amod", "compound") and x.i >= t.i - 3]
    start = min([x.i for x in left] + [t.i])
    base = "shooting" if opens_fire(t) else doc[start:t.i + 1].text
    place = next((m for m in ms if m.top == "Place" and m.start > t.i), None)
    if place is not None:
        return f"{base} in {ctx.ex.entity(place.key).label}"
    return base


def _roles(doc, t, ms) -> tuple[list, list, list]:
    """Forces the parse makes the attacker and the attacked of trigger ``t``.

    Attacker: the subject of an attack verb, its "by" agent, or the possessor/modifier of an
    event noun ("ISWAP's attack", "an RSF drone attack"). Attacked: the verb's object, the
    object of "on/against" after an event noun ("strikes on X"), with the possessor of what
    was hit ("an SDF checkpoint", "the army's base"), and whom the event killed, wounded or seized
    ("X was killed in the raid", "the ambush that killed X"); these last are also returned as victims.
    """
    by_tok = {}
    for m in ms:
        if m.top in ("Force", "Person"):
            for k in range(m.start, m.end):
                by_tok[k] = m
    perps: list = []
    targets: list = []
    victims: list = []  # those the sentence says the event killed, wounded or seized

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
                for x in (c, *c.conjuncts):  # "attacked the X positions and a Y base"
                    add(targets, owners(x))
            elif c.dep_ == "conj" and c.pos_ == "VERB" and not any(x.dep_ == "dobj" for x in t.children):
                for x in c.children:  # "raided and burnt an X market": the object they share
                    if x.dep_ == "dobj":
                        add(targets, owners(x))
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
                    for x in (g, *g.conjuncts):  # "attacks on X posts and a Y base"
                        add(targets, owners(x))
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
        # "jets killed nine PKK members in raids on X", "five soldiers were killed in the ambush"
        v = h.head if t.dep_ == "pobj" and (h.lower_ in ("in", "during") or h.dep_ == "agent") else None
        if v is not None and v.lemma_.lower() in _SUFFER:  # "five soldiers died in the raid", "X lost ten men in"
            for c in v.children:
                if c.dep_ == "nsubj":
                    add(victims if v.lemma_.lower() in ("die", "perish") else targets, owners(c))
        elif t.dep_ == "pobj" and h.lower_ == "under" and h.head.lemma_.lower() in ("come", "be"):
            for c in h.head.children:  # "X came under attack"
                if c.dep_ in ("nsubj", "nsubjpass"):
                    add(targets, owners(c))
        if v is not None and v.pos_ == "VERB" and v.lemma_.lower() in _INFLICT | _HIT:
            for c in v.children:  # "X was killed by a mine blast", "jets hit X in raids on Y"
                if c.dep_ == "nsubj":
                    add(perps, owners(c))
                elif c.dep_ in ("dobj", "nsubjpass"):
                    for g in (c, *c.conjuncts):
                        add(victims, owners(g))
                elif c.dep_ == "agent" and c is not h:
                    for g in c.children:
                        add(perps, owners(g))
            add(victims, _among_the_dead(v, owners))
    # "the ambush that killed two X fighters", "the blast killed six X soldiers": who was killed was hit
    if t.pos_ != "VERB":
        done = [c for c in t.children if c.dep_ in ("relcl", "acl") and c.lemma_.lower() in _INFLICT]
        if t.dep_ == "nsubj" and t.head.pos_ == "VERB" and t.head.lemma_.lower() in _INFLICT | _HIT:
            done.append(t.head)  # "the strikes hit X positions": what was hit was targeted
        for v in done:
            for c in v.children:
                if c.dep_ == "dobj":
                    for g in (c, *c.conjuncts):
                        add(victims, owners(g))
    # "three X soldiers were killed when militants stormed the post": who was killed was hit
    if t.pos_ == "VERB" and t.dep_ == "advcl" and t.head.lemma_.lower() in _INFLICT and \
            any(c.dep_ == "advmod" and c.lower_ in ("when", "as") for c in t.children):
        for c in t.head.children:
            if c.dep_ in ("nsubjpass", "dobj"):
                for g in (c, *c.conjuncts):
                    add(victims, owners(g))
    # "... attacked the village, killing ten soldiers": who was killed was hit
    for v in {t, t.head} if t.pos_ != "VERB" else {t}:
        for c in v.children:
            if c.dep_ in ("advcl", "xcomp", "conj") and c.lemma_.lower() in ("kill", "wound", "injure") \
                    and c.tag_ == "VBG":
                for g in c.children:
                    if g.dep_ == "dobj":
                        add(targets, owners(g))
    add(targets, victims)
    targets = [m for m in targets if m not in perps]
    return perps, targets, [m for m in victims if m in targets]


#: Verbs of what an event did to its targets: "X killed Y in an attack", "Y was wounded in the raid".
_INFLICT = {"kill", "wound", "injure", "neutralise", "neutralize", "eliminate", "capture", "abduct", "kidnap"}
#: Verbs of what an event noun as subject struck: "the strikes hit X positions".
_HIT = {"hit", "target", "strike", "pound", "destroy", "overrun", "shell"}
#: Verbs of losses suffered in an event: "five soldiers died in the ambush", "X lost ten men in it".
_SUFFER = {"die", "perish", "lose"}


def _among_the_dead(v, owners) -> list:
    """Who "Among those killed in the strikes was X" names: the subject of the copula whose "among"
    phrase holds the killing verb ``v``, with the name in apposition ("a commander, X")."""
    if v.dep_ != "acl" or v.head.dep_ != "pobj" or v.head.head.lower_ != "among":
        return []
    out = []
    for c in v.head.head.head.children:
        if c.dep_ in ("nsubj", "attr"):
            for g in (c, *c.conjuncts, *[a for a in c.children if a.dep_ == "appos"]):
                out += [m for m in owners(g) if m not in out]
    return out


def _claimants(t) -> list:
    """Who the sentence says did the event noun ``t``: "X claimed responsibility for the attack",
    "officials blamed the attack on X", "blamed X for the raid", "X was behind the blast"."""
    h = t.head
    out = []
    if t.dep_ == "pobj" and h.lower_ == "for":
        v = h.head
        if v.lower_ == "responsibility" and v.head.lemma_.lower() in ("claim", "accept", "assume", "take"):
            out += [c for c in v.head.children if c.dep_ == "nsubj"]
            # "responsibility for the attack was claimed by X"
            out += [g for c in v.head.children if c.dep_ == "agent" for g in c.children]
        elif v.lemma_.lower() == "blame":
            out += [c for c in v.children if c.dep_ == "dobj"]
    elif t.dep_ == "dobj" and h.lemma_.lower() in ("blame", "attribute", "pin"):
        # the parse may hang "on X" on the event noun itself
        out += [g for c in [*h.children, *t.children] if c.dep_ == "prep" and c.lower_ in ("on", "to")
                for g in c.children]
    elif t.dep_ == "nsubjpass" and h.lemma_.lower() in ("claim", "blame"):  # "was claimed by / blamed on X"
        out += [g for c in h.children if c.dep_ == "agent" or c.dep_ == "prep" and c.lower_ == "on"
                for g in c.children]
    elif t.dep_ == "pobj" and h.lower_ == "behind" and h.head.lemma_.lower() == "be":
        out += [c for c in h.head.children if c.dep_ == "nsubj"]
    return out


#: Subject words of a claim that nobody made: "no group", "no one", "none of the groups".
_NOBODY = {"no", "none", "nobody", "noone"}


def _nobody_claims(verb) -> bool:
    """The claim verb is negated ("was not claimed") or its subject is nobody ("no group claimed")."""
    return any(c.dep_ == "neg" for c in verb.children) or \
        any(x.lower_ in _NOBODY for c in verb.children if c.dep_ == "nsubj" for x in c.subtree)


def unclaimed(t) -> bool:
    """The sentence says nobody claimed the event noun ``t``: "no group has claimed the attack",
    "nobody claimed responsibility for the blast", "the bombing was not claimed"."""
    h = t.head
    if t.dep_ == "pobj" and h.lower_ == "for" and h.head.lower_ == "responsibility":
        h = h.head.head
    elif t.dep_ not in ("dobj", "nsubjpass"):
        return False
    return h.lemma_.lower() in ("claim", "accept", "assume", "take") and _nobody_claims(h)


def _args(ctx: Ctx, i: int, key: str, kind: str, t, ms, main: str | None, words: set[str],
          guess: bool = True) -> None:
    """Perpetrators, targets and places of incident ``key`` told by trigger ``t`` in sentence ``i``:
    from the parse, else (while the incident has no known role, and unless the text says nobody
    claimed it: ``guess`` false) guessed from the sentence's forces."""
    doc = ctx.doc
    known = any(r.subject == key and r.predicate in ("perpetratedBy", "targeted") for r in ctx.ex.relations)
    hostile = [m for m in ms if m.key in ctx.hostile]
    friendly = [m for m in ms if m.top in ("Force",) and m.key not in ctx.hostile]
    persons = [m for m in ms if m.top == "Person"]
    p_parse, t_parse, victims = _roles(doc, t, ms)
    p_parse = [m for m in p_parse if m.top == "Force"]
    if p_parse or t_parse:
        for m in p_parse:
            ctx.add(key, "perpetratedBy", m.key, i, 0.6)
        for m in t_parse:
            if m.top == "Person" and m not in victims and not _victim(doc, m) and kind != "Assassination" \
                    and t.lower_ not in _OF_VICTIM:
                continue
            ctx.add(key, "targeted", m.key, i, 0.55)
        if not p_parse and kind == "Airstrike" and not known:  # "an air strike killed X": flown by a force named
            for m in ([m for m in friendly if m.start < t.i] or friendly)[:1]:
                if m not in t_parse:
                    ctx.add(key, "perpetratedBy", m.key, i, 0.6)
        elif not p_parse and not known and guess:
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
    elif not guess:
        pass  # "no group has claimed the kidnapping": its author is unknown, not the group in focus
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
    places += _coordinated_places(doc, places, ms)
    own = [m for m in places if _in_phrase(doc, t, m)]
    for m in ms:  # "militants stormed Kolo"
        if m.top == "Place" and m not in own and t.pos_ == "VERB" and \
                any(doc[k].head.i == t.i and doc[k].dep_ == "dobj" for k in range(m.start, m.end)):
            own.append(m)
    for m in ms:  # "the Kolo raid", "Friday's Kolo ambush"
        if m.top == "Place" and m not in own and t.pos_ != "VERB" and m.end <= t.i and \
                any(doc[k].head.i == t.i and doc[k].dep_ in ("compound", "nmod") for k in range(m.start, m.end)):
            own.append(m)
    own += _coordinated_places(doc, own, ms)  # "militants stormed Lasu and Kolo"
    return own, places


def _coordinated_places(doc, places: list[M], ms: list[M]) -> list[M]:
    """Places coordinated with a locative place: "attacks on Lasu and Kolo", "in X, Y and Z"."""
    heads = {k for m in places for k in range(m.start, m.end)}
    out: list[M] = []
    changed = True
    while changed:
        changed = False
        for m in ms:
            if m.top != "Place" or m in places or m in out:
                continue
            if any(doc[k].dep_ == "conj" and doc[k].head.i in heads for k in range(m.start, m.end)):
                out.append(m)
                heads.update(range(m.start, m.end))
                changed = True
    return out


def _in_phrase(doc, t, m) -> bool:
    """Place mention ``m`` belongs to the trigger's own phrase (its subtree, or its verb's)."""
    phrase = anchor(t)
    lo = min(x.i for x in phrase.subtree)
    hi = max(x.i for x in phrase.subtree)
    return lo <= m.start and m.end - 1 <= hi


def _is_subject_like(doc, m) -> bool:
    tok = doc[m.end - 1]
    return tok.dep_ in ("nsubj",) and tok.head.lemma_.lower() in ("say", "tell", "report", "confirm")


def _victim(doc, m) -> bool:
    window = toks(doc).lemma_set(max(0, m.start - 6), m.end + 4)
    return bool(window & {"kill", "target", "assassinate", "wound", "injure", "die"})
