"""Relations between the entities of one article, read sentence by sentence.

The rules use the dependency parse and the words around mentions: possessives and
"of" phrases for sub-units, subjects of operation verbs for participation, locative
prepositions for where things happened, stated containment for places, presence words
for threats and role nouns for affiliations.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.extract.tokens import toks
from kg.extract.relations.context import M, Ctx, build_ctx, main_hostile
from kg.extract.relations.containment import more_containment
from kg.extract.relations.nominals import stands_for
from kg.extract.relations.part_of import after_name, whole_at, named_unit_structure
from kg.extract.relations.place_roles import list_head, place_role, span_root
from kg.extract.relations.threats import threats
from kg.extract.lexicon import (CLEAR_VERBS, DIRECTION_WORDS, INCIDENT_NOUNS, LOCATIVE_PREPS, OPERATION_NOUNS,
                                PARTICIPATE_VERBS, PRESENCE_WORDS, REFERENCE_PREPS)

if TYPE_CHECKING:
    from spacy.tokens import Doc

_SPEECH = {"say", "tell", "announce", "state", "report", "add", "confirm", "deny", "claim",
           "describe", "urge", "commend", "dismiss", "praise", "quote", "hail", "call"}
_RANK = {"Country": 4, "Province": 3, "District": 2, "Settlement": 1, "Area": 1, "Place": 1}
_OP_REF = OPERATION_NOUNS | {"phase", "mission", "operations"}
_MADE_UP = ("made up of", "comprising", "consisting of", "consists of", "composed of", "including")


def find_relations(doc: Doc, article, cands, cand_key, ex) -> None:
    """Append the relations found in ``doc`` to ``ex``."""
    ctx = build_ctx(doc, ex, cands, cand_key)
    _unit_structure(ctx, cands, cand_key)
    named_unit_structure(ctx)
    _operation_structure(ctx)
    _containment(ctx, cands, cand_key)
    more_containment(ctx, lambda k: _rank(ctx, k))
    _operations(ctx)
    threats(ctx, _is_reference_point, _is_dateline)
    from kg.extract.relations.incidents import incidents
    from kg.extract.relations.affiliation import affiliations

    incidents(ctx, article)
    affiliations(ctx)


def _sent_ms(ctx: Ctx, i: int) -> list[M]:
    return ctx.by_sent.get(i, [])


# -- partOf ------------------------------------------------------------------------------
def _owner_before(ctx: Ctx, start: int) -> str | None:
    """Force named by a possessive just before token ``start`` ("the SDF's ...")."""
    doc = ctx.doc
    k = start - 1
    while k >= 0 and doc[k].lower_ in ("the", "its", "their"):
        k -= 1
    if k >= 1 and doc[k].text in ("'s", "’s", "'", "’"):
        m = ctx.tok_mention.get(k - 1)
        if m is not None and m.top == "Force":
            return m.key
        return stands_for(ctx, k - 1)  # "the army's 31 Brigade", "the division's 571 Brigade"
    return None


def _unit_structure(ctx: Ctx, cands, cand_key) -> None:
    doc = ctx.doc
    done: set[int] = set()
    for c in cands:
        key = cand_key.get(id(c))
        if key is None or ctx.types.get(key) not in ("MilitaryUnit", "Force", "PoliceForce", "Paramilitary"):
            continue
        if not re.match(r"^\d", c.label):
            continue
        sent = ctx.tok_mention[c.start].sent if c.start in ctx.tok_mention else 0
        # "X's 9th Brigade" / "the army's 31 ..., 45 ... and elements of 77 ..." (list-distributive)
        owner = _owner_before(ctx, c.start)
        if owner is None:
            k = c.start - 1
            while k >= 0 and (doc[k].text == "," or doc[k].lower_ in ("and", "the", "of", "elements", "units", "troops")):
                k -= 1
        # "3rd Brigade of the 61st Division", "5th Brigade (5 Bde) of the army's 27th Division"
        e = after_name(doc, c.end)
        if e + 1 < len(doc) and doc[e].lower_ == "of":
            k = e + 1
            while k < len(doc) and doc[k].lower_ in ("the",):
                k += 1
            m = whole_at(ctx, k)
            if m is not None:
                ctx.add(key, "partOf", m.key, sent, 0.8)
        if owner is not None:
            ctx.add(key, "partOf", owner, sent, 0.8)
            _distribute(ctx, c.end, owner, sent, done)
        # "77 Brigade, which consists of the 12, 14 and 15 Battalions"
        tail = doc[c.end:min(len(doc), c.end + 8)].text.lower()
        if any(p in tail for p in _MADE_UP):
            for m in _sent_ms(ctx, sent):
                if m.start > c.end and m.top == "Force" and m.start - c.end <= 12 and m.key != key \
                        and re.match(r"^\d", ctx.ex.entity(m.key).label):
                    ctx.add(m.key, "partOf", key, sent, 0.75)


def _distribute(ctx: Ctx, pos: int, owner: str, sent: int, done: set[int]) -> None:
    """A possessive owner distributes over the rest of a coordinated unit list."""
    doc = ctx.doc
    k = pos
    while k < len(doc):
        while k < len(doc) and (doc[k].text == "," or doc[k].lower_ in ("and", "elements", "of", "the", "units")):
            k += 1
        m = ctx.tok_mention.get(k)
        if m is None or m.top != "Force" or not re.match(r"^\d", ctx.ex.entity(m.key).label):
            return
        ctx.add(m.key, "partOf", owner, sent, 0.7)
        k = m.end


def _operation_structure(ctx: Ctx) -> None:
    doc = ctx.doc
    ents = {e.key: e for e in ctx.ex.entities}
    ops = [e for e in ctx.ex.entities if e.type in ("Operation", "Phase")]
    for c in ops:
        parent = c.attributes.pop("_parent", None)
        if parent:
            pk = next((o.key for o in ops if o.label == parent or parent in o.aliases), None)
            if pk:
                ctx.add(c.key, "partOf", pk, _first_sent(ctx, c.key), 0.9)
        # "Desert Storm II" partOf "Operation Desert Storm", "Operation Iron Rain I" of "Iron Rain"
        m = re.match(r"^(.*\S)\s+(I{1,3}|IV|V|VI{0,3}|\d{1,2})$", c.label)
        if m:
            base = _code_name(m.group(1))
            for o in ops:
                if o is not c and base in {_code_name(n) for n in (o.label, *o.aliases)}:
                    ctx.add(c.key, "partOf", o.key, _first_sent(ctx, c.key), 0.8)
    # "the Idlib operation": the place in an unnamed operation's label
    places = [e for e in ctx.ex.entities if e.type in ("Place", "Country", "Province", "District", "Settlement", "Area")]
    for c in ops:
        if c.label.startswith("Operation "):
            continue
        lab = " " + c.label.lower() + " "
        for p in places:
            names = [n for n in [p.label, *p.aliases] if len(n) > 2 and f" {n.lower()} " in lab]
            if names and not _in_code_name(c.label, names[0]):
                ctx.add(c.key, "tookPlaceIn", p.key, _first_sent(ctx, c.key), 0.7)
    # "X, a ... operation conducted under Operation Y" / "X, part of Y" / "X, a subsidiary
    # operation of Y": the link word hangs off X's own phrase, not off the clause's verb
    # ("strikes flown by the task force of Y as part of X" makes X no part of Y)
    for i in range(len(ctx.sents)):
        ms = [m for m in _sent_ms(ctx, i) if m.top == "Operation"]
        for a, b in zip(ms, ms[1:]):
            between = doc[a.end:b.start]
            words = {t.lower_ for t in between}
            if len(between) > 10 or "phase" in words:
                continue
            link = _part_link(doc, a, b)
            if link:
                ctx.add(a.key, "partOf", b.key, i, 0.7)
    _ = ents


def _code_name(name: str) -> str:
    """An operation's name without the word "Operation" before it."""
    return name[len("operation "):] if name.lower().startswith("operation ") else name


#: Nouns and prepositions that make the operation after them the whole the one before is part of.
_PART_WORDS = {"under", "part", "subsidiary", "component", "sub-operation", "offshoot", "extension"}


def _part_link(doc: Doc, a: M, b: M) -> bool:
    """Operation ``b`` is the whole that ``a``'s own phrase, or a clause with ``a`` as subject,
    puts it in."""
    a_root = span_root(doc, a.start, a.end)
    b_root = span_root(doc, b.start, b.end)
    tok, seen_link = b_root, False
    for _ in range(8):
        if tok.i == a_root.i:
            return seen_link
        if seen_link and a_root.head.i == tok.i and a_root.dep_ in ("nsubj", "nsubjpass"):
            return True  # "A was part of B", "A was launched as part of B"
        if a.end <= tok.i < b.start and (tok.lower_ in _PART_WORDS
                                         or tok.lemma_ in OPERATION_NOUNS and tok.head.i == a_root.i
                                         and tok.dep_ == "appos"):
            seen_link = True
        if tok.head is tok:
            return False
        tok = tok.head
    return False


#: Capitalised heads that describe an operation by its place rather than name it ("Battle of X").
_PLACE_EVENT_HEADS = {"battle", "siege", "liberation", "capture", "fall", "recapture", "defence", "defense"}


def _in_code_name(label: str, place: str) -> bool:
    """The place is a word of a code name ("Heroes of Iraq", "third phase of Storm of the North",
    "Comprehensive Operation Sinai 2018"), which says nothing of where the operation went, unlike
    a description ("Kursk operation", "offensive in central Somalia", "Battle of Mosul")."""
    at = label.lower().find(place.lower())
    before = label[:at].split()
    caps = [w for w in before if w[:1].isupper() and w.lower() not in _PLACE_EVENT_HEADS]
    return bool(caps)


def _first_sent(ctx: Ctx, key: str) -> int:
    return next((m.sent for m in ctx.mentions if m.key == key), 0)


# -- locatedIn ---------------------------------------------------------------------------
_HEAD_RANK = {"province": 3, "governorate": 3, "state": 3, "region": 3, "department": 3, "division": 3,
              "agency": 3, "district": 2, "county": 2, "lga": 2, "local government area": 2, "subdivision": 2,
              "territory": 2, "tehsil": 2, "upazila": 2, "township": 2, "municipality": 2}


def _rank(ctx: Ctx, key: str) -> int:
    r = _RANK.get(ctx.types.get(key, "Place"), 1)
    e = ctx.ex.entity(key)
    for n in [e.label, *e.aliases]:
        low = n.lower()
        for h, v in _HEAD_RANK.items():
            if low.endswith(" " + h):
                r = max(r, v)
    return r


def _containment(ctx: Ctx, cands, cand_key) -> None:
    doc = ctx.doc
    for c in cands:
        k = cand_key.get(id(c))
        if k is None:
            continue
        if c.extra.get("dateline_container_of"):
            inner = next((cand_key.get(id(x)) for x in cands if x.extra.get("dateline")
                          and x.label == c.extra["dateline_container_of"]), None)
            if inner:
                ctx.add(inner, "locatedIn", k, 0, 0.9)
    places = [m for m in ctx.mentions if m.top == "Place"]
    for m in places:
        e = m.end
        # "X in/of Y" and "X, Y" (Y a larger unit)
        j = e
        if j < len(doc) and doc[j].lower_ in ("in", "of", ","):
            sep = doc[j].lower_
            j += 1
            while j < len(doc) and doc[j].lower_ in ("the",):
                j += 1
            y = ctx.tok_mention.get(j)
            if y is not None and y.end < len(doc) and doc[y.end].text in ("'s", "’s"):
                y = None  # "X in Z's Y": the possessed place is the container (containment.py)
            if y is not None and y.top == "Place" and y.key != m.key:
                if (m.start > 0 and doc[m.start - 1].lower_ in DIRECTION_WORDS):
                    continue
                ok = _rank(ctx, y.key) > _rank(ctx, m.key) or (
                    sep != "," and _rank(ctx, y.key) >= _rank(ctx, m.key) and ctx.types.get(y.key) != "Place")
                if sep == "of" and ctx.types.get(m.key) not in ("District", "Area", "Place", "Province"):
                    ok = ok and False
                if sep == "," and y.end < len(doc) and (
                        j + 1 < len(doc) and doc[y.end].lower_ in ("and",)
                        or doc[y.end].text == "," and ctx.tok_mention.get(y.end + 1) is not None):
                    ok = False  # a list, not an apposition
                if sep == "," and y.end < len(doc) and doc[y.end].lower_ == "and":
                    ok = False
                if ok:
                    ctx.add(m.key, "locatedIn", y.key, m.sent, 0.7)
        # "Y's X"
        if m.end + 1 < len(doc) and doc[m.end].text in ("'s", "’s"):
            x = ctx.tok_mention.get(m.end + 1)
            if x is not None and x.top == "Place" and _rank(ctx, m.key) >= _rank(ctx, x.key):
                ctx.add(x.key, "locatedIn", m.key, m.sent, 0.7)


# -- operations: participatedIn, targets, tookPlaceIn --------------------------------------
def _is_reference_point(doc: Doc, m: M, ctx: Ctx | None = None) -> bool:
    k = m.start - 1
    while k >= 0 and doc[k].lower_ in ("the", "of", "areas", "area", "outskirts"):
        if doc[k].lower_ == "of" and k >= 1 and doc[k - 1].lower_ in DIRECTION_WORDS:
            return True
        k -= 1
    while k >= 0 and doc[k].lower_.endswith("ern") and doc[k].lower_ in DIRECTION_WORDS:
        k -= 1  # "in western X" is in X; "towards western X" still only points at it
    if k >= 0 and (doc[k].lower_ in REFERENCE_PREPS or doc[k].lower_ in DIRECTION_WORDS):
        return True
    if ctx is not None:
        # a later member of a list of places shares the first one's preposition:
        # "troops from Chad, Niger and Benin", "towards X and Y"
        first = _list_start(ctx, m)
        if first is not m:
            return _is_reference_point(doc, first)
    if k >= 0 and doc[k].lower_ == "and":
        kk = k - 1
        while kk >= 0 and kk >= k - 6:
            if doc[kk].lower_ == "between":
                return True
            kk -= 1
    return False


def _list_start(ctx: Ctx, m: M) -> M:
    """The first place of the comma/and list that place mention ``m`` ends ("A, B and C" -> A)."""
    doc = ctx.doc
    first = m
    k = m.start - 1
    while k >= 1 and doc[k].lower_ in (",", "and", "or"):
        j = k - 1
        while j >= 0 and doc[j].lower_ in (",", "and", "or"):
            j -= 1
        prev = ctx.tok_mention.get(j)
        if prev is None or prev.top != "Place":
            break
        first = prev
        k = prev.start - 1
    return first


def _speech_only(doc: Doc, m: M) -> bool:
    """The force is only the source of a statement ("X said ...", "according to X")."""
    head = doc[m.end - 1]
    tok = head
    for _ in range(4):
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lemma_ in _SPEECH:
            return True
        if tok.dep_ == "pobj" and tok.head.lower_ in ("to",) and tok.head.head.lower_ == "according":
            return True
        if tok.head is tok:
            break
        if tok.dep_ in ("compound", "poss", "amod", "conj", "appos") or tok.dep_ == "pobj" and tok.head.lower_ == "of":
            tok = tok.head
            continue
        break
    return False


def _op_for_sentence(ctx: Ctx, i: int, focus: str | None) -> tuple[str | None, bool]:
    """The operation sentence ``i`` is about: (key, explicitly named)."""
    ops = [m for m in _sent_ms(ctx, i) if m.top == "Operation"]
    if ops:
        phases = [m for m in ops if ctx.types.get(m.key) == "Phase"]
        if phases:
            return phases[0].key, True
        # of an operation and its sub-operation, the sentence is about the more specific one
        keys = {m.key for m in ops}
        subs = [m for m in ops if any((m.key, "partOf", k) in ctx.seen for k in keys)]
        if subs:
            return subs[0].key, True
        # "raids under Operation X" rather than "the task force of Operation Y"
        under = [m for m in ops if _op_role(ctx, m) == "under"]
        free = [m for m in ops if _op_role(ctx, m) != "owner"]
        return (under or free or ops)[0].key, True
    if focus is None:
        return None, False
    words = toks(ctx.doc).lemma_set(ctx.sents[i].start, ctx.sents[i].end)
    if words & (_OP_REF | CLEAR_VERBS | {"troops", "advance"}):
        return focus, False
    return None, False


def _op_role(ctx: Ctx, m: M) -> str | None:
    """How an operation's mention stands in its sentence: "under" ("strikes under X", "as part of
    X"), "owner" (it only qualifies a force: "the task force of X", "X's air component") or None."""
    doc = ctx.doc
    root = span_root(doc, m.start, m.end)
    head = root.head
    if root.dep_ == "pobj" and head.lower_ in ("under", "during", "in") and head.head.pos_ in ("VERB", "NOUN"):
        return "under" if head.lower_ == "under" or head.head.lemma_ in ("part", "framework") else None
    if root.dep_ == "pobj" and head.lower_ == "of":
        owner = head.head
        if owner.lemma_ in ("part", "framework"):
            return "under"
        x = ctx.tok_mention.get(owner.i)
        if x is not None and x.top == "Force":
            return "owner"
    if root.dep_ == "poss":
        x = ctx.tok_mention.get(head.i)
        if x is not None and x.top == "Force":
            return "owner"
    return None


_WHOLE_OP_NOUNS = {"operation", "operations", "offensive", "campaign", "counteroffensive", "counter-offensive"}


def _whole_op_anaphor(ctx: Ctx, sent) -> bool:
    """The sentence refers to an operation by a definite noun of its own ("the offensive",
    "this campaign"), not through a name that contains one ("the Joint Operations Command")."""
    doc = ctx.doc
    for k in range(sent.start, sent.end):
        t = doc[k]
        if t.lower_ not in _WHOLE_OP_NOUNS or k in ctx.tok_mention or t.text[:1].isupper() and k > sent.start:
            continue
        if k + 1 < sent.end and doc[k + 1].lower_ in ("command", "commands", "centre", "center", "room"):
            continue
        if k > sent.start and doc[k - 1].lower_ in ("the", "this", "that", "its", "their", "whole", "entire"):
            return True
    return False


def _operations(ctx: Ctx) -> None:
    doc = ctx.doc
    focus = None
    parent_of = {r.subject: r.object for r in ctx.ex.relations if r.predicate == "partOf"
                 and ctx.types.get(r.subject) == "Phase"}
    for i, sent in enumerate(ctx.sents):
        ms = _sent_ms(ctx, i)
        op, explicit = _op_for_sentence(ctx, i, focus)
        if explicit:
            focus = op
        elif op in parent_of and _whole_op_anaphor(ctx, sent):
            # after a phase, "the offensive" / "the operation" is the operation as a whole
            # ("Phase-I was over. The army launched the offensive last Sunday.")
            op = parent_of[op]
        if op is None:
            continue
        lemmas = toks(doc).lemma_set(sent.start, sent.end)
        action = bool(lemmas & (PARTICIPATE_VERBS | CLEAR_VERBS | {"involve", "back", "support"}))
        conf = 0.7 if explicit else 0.5
        for m in ms:
            if m.top == "Force":
                if m.key in ctx.hostile or _opposed(doc, m):
                    ctx.add(op, "targets", m.key, i, conf)
                elif (explicit or action) and not _speech_only(doc, m) and not _is_possessor(doc, m) \
                        and not _component(doc, m) and not _event_agent(doc, m):
                    ctx.add(m.key, "participatedIn", op, i, conf - 0.1)
            elif m.top == "Place":
                if _is_reference_point(doc, m, ctx) or m.sent == 0 and m.start < 12 and _is_dateline(doc, m):
                    continue
                if _located_here(doc, m, lemmas):
                    ctx.add(op, "tookPlaceIn", m.key, i, conf - 0.1)


#: Verbs whose object is the side fought: "fought X", "drove X from Y", "to root out X".
_AGAINST_VERBS = {"fight", "battle", "attack", "target", "hunt", "pursue", "engage", "repel", "rout", "defeat",
                  "dislodge", "expel", "drive", "flush", "oust", "evict", "push", "chase", "crush", "degrade",
                  "neutralise", "neutralize", "eliminate", "destroy", "root", "encircle"}
#: Verbs of taking ground back: "retake X from Y" puts Y on the other side.
_RETAKE_VERBS = {"retake", "retook", "retaken", "recapture", "reclaim", "recover", "liberate", "free", "wrest",
                 "regain", "take", "seize", "capture"}


def _opposed(doc: Doc, m: M) -> bool:
    """The force is the side an operation's sentence fights: "against X", "retake Y from X",
    "drove X from Y", "to flush out X", not a party to it."""
    tok = doc[m.end - 1]
    for _ in range(4):  # "against the militants of X", "from X fighters", "against A, B and X"
        if tok.dep_ == "conj":
            tok = list_head(tok)
        elif tok.dep_ in ("compound", "nmod", "poss", "amod") or tok.dep_ == "pobj" and tok.head.lower_ == "of" \
                and tok.head.head.pos_ == "NOUN":
            tok = tok.head if tok.dep_ != "pobj" else tok.head.head
        elif tok.dep_ == "pobj" and tok.head.lower_ == "to" and tok.head.head.lemma_ in _BELONG_VERBS \
                and tok.head.head.dep_ == "acl":
            tok = tok.head.head.head  # "militants belonging to X"
        else:
            break
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ == "against":
        return True
    if tok.dep_ == "pobj" and head.lower_ == "from" and head.head.pos_ == "VERB":
        verb = head.head
        return verb.lower_ in _RETAKE_VERBS or verb.lemma_.lower() in _RETAKE_VERBS
    return tok.dep_ == "dobj" and head.pos_ == "VERB" and head.lemma_.lower() in _AGAINST_VERBS | _OVERRUN_VERBS


#: "X belonging to / loyal to / linked to Y".
_BELONG_VERBS = {"belong", "link", "affiliate", "tie", "loyal", "allied", "ally"}
#: Verbs whose object (a force's bases, positions, fighters) is the side an operation hits.
_OVERRUN_VERBS = {"overrun", "overran", "storm", "raid", "bomb", "shell", "strike", "capture",
                  "seize", "dismantle", "wreck", "neutralise"}


def _event_agent(doc: Doc, m: M) -> bool:
    """The force is named as the author of an event ("attacks by X on ...", "X's ambush"),
    which the operation's sentence mentions beside it, not as a party to the operation."""
    tok = doc[m.end - 1]
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ == "by" and head.head.pos_ in ("NOUN", "PROPN"):
        return _raid_word(head.head.lower_)
    return tok.dep_ == "poss" and _raid_word(head.lower_)


#: Event nouns an operation's own forces carry out as part of it ("air strikes by the air force").
_OPERATION_ACTS = {"strike", "strikes", "airstrike", "airstrikes", "raid", "raids", "shelling", "bombardment"}


def _raid_word(word: str) -> bool:
    """An event noun of the other side's attacks, not of an operation's own acts."""
    return word in INCIDENT_NOUNS and word not in _OPERATION_ACTS


def _component(doc: Doc, m: M) -> bool:
    """The force is only named as a component of another ("X, made up of the A and B ...")."""
    window = doc[max(0, m.start - 12):m.start].text.lower()
    return any(p in window for p in _MADE_UP if p != "including")


def _is_possessor(doc: Doc, m: M) -> bool:
    return m.end < len(doc) and doc[m.end].text in ("'s", "’s") and m.end + 1 < len(doc) \
        and doc[m.end + 1].text[:1].isdigit()


def _is_dateline(doc: Doc, m: M) -> bool:
    t = doc[m.start]
    return t.text.isupper() and len(t.text) > 2 or (m.start > 0 and doc[m.start - 1].text.isupper()
                                                    and doc[m.start - 1].is_alpha and len(doc[m.start - 1]) > 2)


def _located_here(doc: Doc, m: M, lemmas: set[str]) -> bool:
    """A place the sentence puts the action in: a locative PP, or an object of clearing."""
    k = m.start - 1
    while k >= 0 and (doc[k].lower_ in ("the", "of", "areas", "area", "outskirts", "general", "rural",
                                        "parts", "countryside", "region", "desert", "villages", "camps",
                                        "town", "city", "district") or doc[k].text == ","
                      or doc[k].pos_ in ("PROPN",) or doc[k].ent_type_ in ("GPE", "LOC")
                      or doc[k].lower_.endswith("ern") and doc[k].lower_ in DIRECTION_WORDS):
        # "in western X" is in X; "west of X" only points at it
        if doc[k].lower_ in DIRECTION_WORDS and not doc[k].lower_.endswith("ern"):
            return False
        k -= 1
        if m.start - k > 40:
            break
    if k >= 0 and (doc[k].lower_ in LOCATIVE_PREPS or doc[k].lower_ in ("into", "across", "over")):
        return True
    if place_role(doc, m.start, m.end) is not None:
        return True
    return k >= 0 and doc[k].lemma_.lower() in CLEAR_VERBS | {"include"}


# -- threatenedBy ------------------------------------------------------------------------
def _threats(ctx: Ctx) -> None:
    doc = ctx.doc
    main = main_hostile(ctx)
    for i, sent in enumerate(ctx.sents):
        ms = _sent_ms(ctx, i)
        lemmas = toks(doc).lemma_set(sent.start, sent.end)
        if not lemmas & PRESENCE_WORDS:
            continue
        hostile = [m.key for m in ms if m.key in ctx.hostile]
        if not hostile and main and lemmas & {"militant", "insurgent", "group", "jihadist", "fighter",
                                              "cell", "remnant", "terrorist", "attacker"}:
            hostile = [main]
        if not hostile:
            continue
        for m in ms:
            if m.top != "Place" or _is_reference_point(doc, m) or _is_dateline(doc, m):
                continue
            for h in dict.fromkeys(hostile):
                ctx.add(m.key, "threatenedBy", h, i, 0.55)
