"""Gather candidates from all recognisers, settle overlaps and context-type ambiguous ones."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract import operations, persons, places, units
from kg.extract.cands import Cand, is_cap
from kg.extract.lexicon import (FORCE_HEADS, HOSTILE_WORDS, LOCATIVE_PREPS, PLACE_HEADS,
                                REFERENCE_PREPS, STOP_NAMES)
from kg.extract.resources import lookup_force, lookup_place

if TYPE_CHECKING:
    from spacy.tokens import Doc

_NON_FORCE_ORG = {"hospital", "university", "news", "agency", "media", "ministry", "cell",
                  "council", "committee", "bank", "website", "television", "tv", "radio",
                  "channel", "press", "times", "post", "network", "headquarters", "school",
                  "office", "parliament", "court", "company", "programme", "program",
                  "relations", "nations", "fund", "organization", "organisation", "party",
                  "government", "cabinet", "institute", "square", "airport", "hotel", "market",
                  "mosque", "church", "bridge", "road", "highway", "base", "operations"}
_PLACE_CONTEXT = LOCATIVE_PREPS | REFERENCE_PREPS | {"to", "into", "of", "outskirts", "via", "through", "across", "beyond"}
_KNOWN_AS = {"known", "called", "named", "dubbed", "referred"}


def force_phrase_cands(doc: Doc, matcher) -> list[Cand]:
    """Known forces from the alias table (PhraseMatcher built once per pipeline)."""
    if matcher is None:
        return []
    out = []
    for _mid, s, e in matcher(doc):
        hit = lookup_force(doc[s:e].text)
        if hit is None:
            continue
        c = Cand(start=s, end=e, label=doc[s:e].text, type=hit.type or "Force", prio=9)
        c.extra["known"] = hit
        out.append(c)
    return out


def org_cands(doc: Doc) -> list[Cand]:
    """spaCy ORG/NORP/PERSON/PRODUCT spans that may be forces or places (typed later)."""
    out = []
    for e in doc.ents:
        if e.label_ not in ("ORG", "NORP", "PRODUCT", "WORK_OF_ART"):
            continue
        s, t = e.start, e.end
        while s < t and (doc[s].lower_ == "the" or doc[s].is_punct):
            s += 1
        while t > s and (doc[t - 1].text in ("'s", "’s") or doc[t - 1].is_punct):
            t -= 1
        if t <= s or "\n" in doc[s:t].text:
            continue
        words = {x.lower_ for x in doc[s:t]}
        if words & _NON_FORCE_ORG:
            continue
        if e.label_ == "NORP" and (t - s == 1 and doc[s].text.endswith(("i", "n", "an", "ish", "ese"))):
            continue  # a nationality adjective
        if s > 0 and doc[s - 1].lower_ in ("told", "via", "on") and t - s == 1:
            continue  # "told AFP", "on Twitter"
        if doc[s].lower_ in STOP_NAMES and t - s == 1:
            continue
        out.append(Cand(start=s, end=t, label=doc[s:t].text, type="?", prio=2,
                        extra={"ner": e.label_}))
    return out


def select(cands: list[Cand]) -> list[Cand]:
    """Keep non-overlapping candidates, higher priority then longer first."""
    taken: set[int] = set()
    out: list[Cand] = []
    groups: dict[int, list[Cand]] = {}
    for c in cands:
        if c.group >= 0:
            groups.setdefault(c.group, []).append(c)
    done_groups: set[int] = set()
    for c in sorted(cands, key=lambda c: (-c.prio, -(c.end - c.start), c.start)):
        if c.group in done_groups:
            continue
        rng = set(range(c.start, c.end))
        if rng & taken:
            continue
        taken |= rng
        if c.group >= 0:
            out.extend(groups[c.group])
            done_groups.add(c.group)
        else:
            out.append(c)
    return sorted(out, key=lambda c: c.start)


def type_ambiguous(doc: Doc, cands: list[Cand], place_names: set[str]) -> None:
    """Give a class to ORG/NORP and single-word PERSON candidates from context and tables."""
    from kg.ontology import normalise

    for c in cands:
        if c.type not in ("?",) and not (c.type == "Person" and c.prio <= 1):
            continue
        name = c.label
        words = [t.lower_ for t in doc[c.start:c.end]]
        kf = lookup_force(name)
        if kf is not None:
            c.type = kf.type or "Force"
            continue
        prev = doc[c.start - 1].lower_ if c.start > 0 else ""
        prev2 = doc[c.start - 2].lower_ if c.start > 1 else ""
        nxt = doc[c.end].lower_ if c.end < len(doc) else ""
        if words[-1] in FORCE_HEADS:
            c.type = "Force"
        elif nxt in HOSTILE_WORDS or nxt in ("fighters", "militants", "members", "commander", "leader",
                                             "claimed", "spokesman", "brigades", "fighter"):
            c.type = "ArmedGroup" if nxt in HOSTILE_WORDS or nxt == "claimed" else "Force"
        elif lookup_place(name) is not None:
            c.type = lookup_place(name).kind
        elif normalise(name) in place_names:
            c.type = "Place"
        elif prev in _PLACE_CONTEXT or (prev in ("the",) and prev2 in _PLACE_CONTEXT):
            c.type = "Place" if c.extra.get("ner") != "ORG" or c.end - c.start == 1 else "Force"
            if c.extra.get("ner") == "ORG" and prev in ("of", "to") and name.isupper():
                c.type = "Force"
        elif c.type == "Person":
            c.type = "Place"  # a lone capitalised word the model took for a person
            c.prio = 1
        elif c.extra.get("ner") in ("ORG",):
            c.type = "Force"
        else:
            c.type = "Place" if c.extra.get("ner") in ("PRODUCT", "WORK_OF_ART") else "Force"


def list_propagation(doc: Doc, cands: list[Cand]) -> None:
    """Members of one coordinated list share the class of their typed Place members.

    "A, B, C and D" where some are Places and the rest are weakly typed: all become Places.
    """
    by_tok = {}
    for c in cands:
        for t in range(c.start, c.end):
            by_tok[t] = c
    seen: set[int] = set()
    for c in cands:
        if id(c) in seen:
            continue
        members = [c]
        k = c.end
        while k < len(doc):
            if doc[k].text == "," or doc[k].lower_ in ("and", "or"):
                k2 = k + 1
                if k2 < len(doc) and doc[k2].lower_ in ("and", "or"):
                    k2 += 1
                nxt = by_tok.get(k2)
                if nxt is not None and nxt.start == k2:
                    members.append(nxt)
                    k = nxt.end
                    continue
            break
        for m in members:
            seen.add(id(m))
        if len(members) < 3:
            continue
        tops = [m.top for m in members]
        n_place = tops.count("Place")
        if n_place >= max(2, len(members) // 2):
            for m in members:
                if m.top != "Place" and m.prio <= 4 and not m.extra.get("titled"):
                    m.type = "Place"


def proper_runs(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """Capitalised proper-noun runs left untyped inside place lists ("A, B and C")."""
    taken = {t for c in cands for t in range(c.start, c.end)}
    out = []
    n = len(doc)
    i = 0
    while i < n:
        if i in taken or doc[i].pos_ != "PROPN" or not is_cap(doc[i]) or doc[i].is_sent_start \
                or doc[i].lower_ in STOP_NAMES:
            i += 1
            continue
        j = i
        while j < n and j not in taken and doc[j].pos_ == "PROPN" and is_cap(doc[j]):
            j += 1
        prev = doc[i - 1].text if i > 0 else ""
        nxt = doc[j].text if j < n else ""
        if prev in (",", "and") or nxt in (",", "and") or doc[i - 1].lower_ in LOCATIVE_PREPS:
            if not any(t.lower_ in FORCE_HEADS | PLACE_HEADS for t in doc[i:j]):
                out.append(Cand(start=i, end=j, label=doc[i:j].text, type="?", prio=0, extra={"ner": "PROPN"}))
        i = max(j, i + 1)
    return out


def known_as(doc: Doc, cands: list[Cand]) -> list[tuple[int, int]]:
    """"(generic force noun) known as X": X names a force. Returns new spans [s, e)."""
    out = []
    for i, tok in enumerate(doc):
        if tok.lower_ not in _KNOWN_AS or i + 1 >= len(doc):
            continue
        j = i + 1
        if doc[j].lower_ == "to":
            j += 1
        if j < len(doc) and doc[j].lower_ == "in" and j + 2 < len(doc):
            j += 2
        if j >= len(doc) or doc[j].lower_ != "as":
            continue
        k = j + 1
        while k < len(doc) and doc[k].is_punct:
            k += 1
        e = k
        while e < len(doc) and (is_cap(doc[e]) or doc[e].text in ("-", "'")) and not doc[e].is_punct or \
                (e < len(doc) and e > k and doc[e].text in ("-",)):
            e += 1
        if e > k:
            out.append((k, e))
    return out


def gather(doc: Doc, matcher) -> list[Cand]:
    """All candidates of ``doc``, overlaps settled and every one typed."""
    gid = [0]
    cands: list[Cand] = []
    cands += force_phrase_cands(doc, matcher)
    cands += units.numbered_units(doc, gid)
    cands += acronym_names(doc)
    cands += units.named_forces(doc)
    cands += units.adjectival_forces(doc)
    cands += places.datelines(doc)
    cands += places.headed_places(doc)
    cands += places.ner_places(doc)
    cands += places.gazetteer_places(doc)
    ops = operations.named_operations(doc) + operations.quoted_operations(doc)
    cands += ops
    cands += operations.phases(doc, ops)
    cands += persons.persons(doc)
    cands += org_cands(doc)
    for s, e in known_as(doc, cands):
        head = doc[s - 3] if s >= 3 else None
        heads = {t.lower_ for t in doc[max(0, s - 6):s]}
        if heads & (FORCE_HEADS | {"militias", "militia", "fighters", "umbrella", "group", "paramilitary"}):
            cands.append(Cand(start=s, end=e, label=doc[s:e].text, type="Force", prio=6,
                              extra={"known_as": True}))
        _ = head
    sel = select(cands)
    place_spans = [(c.start, c.end) for c in sel if c.top == "Place" or c.type == "?"]
    extra_ops = operations.place_operations(doc, place_spans)
    if extra_ops:
        sel = select(sel + extra_ops)
    sel = select(sel + proper_runs(doc, sel))
    from kg.ontology import normalise

    place_names = {normalise(c.label) for c in sel if c.top == "Place" and c.prio >= 3}
    type_ambiguous(doc, sel, place_names)
    list_propagation(doc, sel)
    return [c for c in sel if c.type != "?"]


def acronym_names(doc: Doc) -> list[Cand]:
    """"Long Name (ACR)" where ACR abbreviates the capitalised words before the bracket."""
    from kg.extract.resolve import is_acronym_of

    out = []
    for i, tok in enumerate(doc):
        if tok.text != "(" or i + 2 >= len(doc) or doc[i + 2].text != ")":
            continue
        acr = doc[i + 1].text
        if not (acr.isupper() and acr.isalpha() and 2 <= len(acr) <= 8):
            continue
        best = None
        j = i
        while j - 1 >= 0 and i - (j - 1) <= 9:
            p = doc[j - 1]
            if not (is_cap(p) or p.lower_ in ("of", "in", "for", "and", "'s", "’s", "-")):
                break
            j -= 1
            if is_cap(doc[j]) and is_acronym_of(acr, doc[j:i].text):
                best = j
        if best is None:
            continue
        words = {t.lower_ for t in doc[best:i]}
        if words & FORCE_HEADS or doc[best].lower_ in ("islamic", "islamist"):
            t = "Force"
        elif doc[i - 1].lower_ in PLACE_HEADS:
            t = "Place"
        else:
            t = "Force"
        out.append(Cand(start=best, end=i, label=doc[best:i].text, type=t, prio=7))
    return out
