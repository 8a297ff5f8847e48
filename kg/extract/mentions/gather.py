"""Gather candidates from all recognisers, settle overlaps and context-type ambiguous ones."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.mentions import (agency, article_names, boundaries, forces, nonentities, operations, persons, places,
                                 shared_heads, type_cues)
from kg.extract.tokens import toks
from kg.extract.mentions.candidate import Cand, is_cap, norm
from kg.extract.lexicon import (FORCE_HEADS, HOSTILE_WORDS, LOCATIVE_PREPS, MONTHS, OPERATION_NOUNS,
                                PLACE_HEADS, REFERENCE_PREPS, ROLE_NOUNS, STOP_NAMES, TITLES, WEEKDAYS)

_NOT_NAME = MONTHS | WEEKDAYS | TITLES | set(ROLE_NOUNS) | STOP_NAMES | {"head", "news"}
_FORCE_CUES = HOSTILE_WORDS | FORCE_HEADS | {"fighters", "members", "brigades", "fighter", "claimed",
                                             "commander", "leader", "spokesman", "units", "troops"}
from kg.extract.lookups import lookup_force, lookup_place

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
_KNOWN_AS = {"known", "called", "dubbed", "referred", "calling"}
#: Nouns before "known as X" / "calling itself X" that make X a force's name.
_KNOWN_AS_HEADS = {"militias", "militia", "fighters", "umbrella", "group", "paramilitary", "military",
                   "faction", "outfit", "separatists", "rebels", "insurgents", "militants"}
_PAIR_PREPS = {"in", "at", "near", "around", "between", "of", "and", "outside", "inside", "towards"}


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
    for e in toks(doc).ents:
        if e.label_ not in ("ORG", "NORP", "PRODUCT"):
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
        if e.label_ == "NORP":
            continue  # nationality, religious or political adjectives
        if all(x.lower_.rstrip(".") in _NOT_NAME for x in doc[s:t]):
            continue
        if s > 0 and doc[s - 1].lower_ in ("told", "via", "on") and t - s == 1:
            continue  # "told AFP", "on Twitter"
        if doc[s].lower_ in STOP_NAMES and t - s == 1:
            continue
        for a, b in places.split_list(doc, s, t):
            out.append(Cand(start=a, end=b, label=doc[a:b].text, type="?", prio=2,
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


def _context_type(doc: Doc, c: Cand, place_names: set[str]) -> str:
    """Class suggested by the tables and the words around a candidate, or "?"."""
    name = c.label
    words = [t.lower_ for t in doc[c.start:c.end]]
    kf = lookup_force(name)
    if kf is not None:
        return kf.type or "Force"
    prev = doc[c.start - 1].lower_ if c.start > 0 else ""
    prev2 = doc[c.start - 2].lower_ if c.start > 1 else ""
    nxt = doc[c.end].lower_ if c.end < len(doc) else ""
    nxt2 = doc[c.end + 1].lower_ if c.end + 1 < len(doc) else ""
    if words[-1] in FORCE_HEADS:
        return "Force"
    if nxt in HOSTILE_WORDS or nxt == "claimed":
        return "ArmedGroup"
    if nxt in _FORCE_CUES or (nxt in ("'s", "’s") and nxt2 in _FORCE_CUES | {"4th"} ) \
            or (nxt in ("'s", "’s") and c.end + 1 < len(doc) and doc[c.end + 1].text[:1].isdigit()):
        return "Force"
    if nxt == "," and c.end + 3 < len(doc) and doc[c.end + 1].lower_ in ("a", "an", "the") and any(
            t.lower_ in FORCE_HEADS | {"militia", "group", "faction"} for t in doc[c.end + 2:c.end + 6]) \
            and not any(t.lower_ in ROLE_NOUNS for t in doc[c.end + 2:c.end + 6]):
        return "Force"
    hit = lookup_place(name)
    if hit is not None:
        return hit.kind
    if norm(name) in place_names:
        return "Place"
    if prev in _PLACE_CONTEXT or (prev in ("the",) and prev2 in _PLACE_CONTEXT):
        if name.isupper() and len(name) <= 8 and prev in ("of", "to", "by", "from", "with"):
            return "Force"
        return "Place"
    if nxt in ("district", "region", "town", "village", "residents", "villagers", "outskirts"):
        return "Place"
    return "?"


def type_ambiguous(doc: Doc, cands: list[Cand], place_names: set[str]) -> None:
    """Give a class to ORG/PROPN and weak PERSON candidates from tables and context."""
    for c in cands:
        if c.type == "Person":
            if c.extra.get("titled") or c.extra.get("person_ev"):
                continue
            t = _context_type(doc, c, place_names)
            if t != "?" and (c.prio <= 1 or top_of(t) == "Place" and c.start > 0
                             and doc[c.start - 1].lower_ in LOCATIVE_PREPS | {"of", "to", "towards"}):
                c.type = t
            elif t != "?" and top_of(t) == "Force":
                c.type = t
            elif c.prio <= 1:
                c.type = "?"
                c.extra["was_person"] = True
            continue
        if c.type != "?":
            continue
        c.type = _context_type(doc, c, place_names)


def default_types(doc: Doc, cands: list[Cand]) -> None:
    """Last resort for candidates no rule typed: acronyms are forces, other names places."""
    for c in cands:
        if c.type != "?":
            continue
        if c.label.isupper() and c.end - c.start == 1:
            c.type = "Force"
        elif c.extra.get("ner") == "ORG" and c.end - c.start >= 3:
            c.type = "Force"
        else:
            c.type = "Place"


def top_of(t: str) -> str:
    from kg.rdf.ontology import top_class

    return top_class(t)


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
        conjoined = False
        while k < len(doc):
            if doc[k].text == "," or doc[k].lower_ in ("and", "or"):
                k2 = k + 1
                if k2 < len(doc) and doc[k2].lower_ in ("and", "or"):
                    k2 += 1
                nxt = by_tok.get(k2)
                if nxt is not None and nxt.start == k2:
                    conjoined = conjoined or any(t.lower_ in ("and", "or") for t in doc[k:k2])
                    members.append(nxt)
                    k = nxt.end
                    continue
            break
        for m in members:
            seen.add(id(m))
        if len(members) < 2:
            continue
        tops = [m.top for m in members]
        n_place = tops.count("Place")
        if len(members) == 2:
            # a pair after a place preposition: "between A and B", "in A and B"
            lead = doc[members[0].start - 1].lower_ if members[0].start > 0 else ""
            # "A, B" without a conjunction is an apposition ("the president of A, B, said")
            ok = conjoined and n_place == 1 and lead in _PAIR_PREPS and any(
                m.top == "Place" and (m.prio >= 3 or m.extra.get("place_ev")) for m in members)
        else:
            ok = n_place >= 1 and (n_place + tops.count("?") >= len(members) - 1
                                   or n_place >= 2 and n_place + tops.count("?") >= 2 * (len(members) - n_place
                                                                                        - tops.count("?")))
        if ok:
            for m in members:
                if m.top != "Place" and m.prio <= 4 and not m.extra.get("titled") \
                        and not m.extra.get("person_ev"):
                    m.type = "Place"
                    m.extra["listed"] = True


def proper_runs(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """Capitalised proper-noun runs left untyped inside place lists ("A, B and C")."""
    taken = {t for c in cands for t in range(c.start, c.end)}
    out = []
    n = len(doc)
    tk = toks(doc)
    pos, cap, low, ss = tk.pos, tk.cap, tk.lower, tk.sent_start
    i = 0
    while i < n:
        if i in taken or pos[i] != "PROPN" or not cap[i] or ss[i] \
                or low[i].rstrip(".") in _NOT_NAME or low[i] in _NON_FORCE_ORG \
                or low[i] in OPERATION_NOUNS:
            i += 1
            continue
        j = i
        while j < n and j not in taken and pos[j] == "PROPN" and cap[j] \
                and low[j] not in _NON_FORCE_ORG and low[j] not in OPERATION_NOUNS:
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
    for i in toks(doc).positions(_KNOWN_AS):
        tok = doc[i]
        if tok.lower_ not in _KNOWN_AS or i + 1 >= len(doc):
            continue
        j = i + 1
        if tok.lower_ == "calling":
            # "a group calling itself the Marines of X"
            if doc[j].lower_ not in ("itself", "themselves"):
                continue
            k = j + 1
            if k < len(doc) and doc[k].lower_ == "the":
                k += 1
        else:
            if doc[j].lower_ == "to":
                j += 1
            if j < len(doc) and doc[j].lower_ == "in" and j + 2 < len(doc):
                j += 2
            if j >= len(doc) or doc[j].lower_ != "as":
                continue
            k = j + 1
        while k < len(doc) and (doc[k].is_punct or doc[k].lower_ == "the" and k + 1 < len(doc)
                                and is_cap(doc[k + 1])):
            k += 1
        e = k
        while e < len(doc) and (is_cap(doc[e]) or doc[e].text in ("-", "'")) and not doc[e].is_punct or \
                (e < len(doc) and e > k and doc[e].text in ("-",)):
            e += 1
        # "the Marines of Bambalang": "of" + a capitalised word stays inside the name
        while e > k and e + 1 < len(doc) and doc[e].lower_ in ("of", "for") and is_cap(doc[e + 1]):
            e += 2
            while e < len(doc) and is_cap(doc[e]):
                e += 1
        if e > k:
            out.append((k, e))
    return out


def gather(doc: Doc, matcher) -> list[Cand]:
    """All candidates of ``doc``, overlaps settled and every one typed."""
    gid = [0]
    cands: list[Cand] = []
    cands += force_phrase_cands(doc, matcher)
    cands += forces.numbered_units(doc, gid)
    cands += forces.units_numbered_after(doc)
    cands += shared_heads.shared_head_names(doc, gid)
    cands += acronym_names(doc)
    cands += forces.named_forces(doc)
    cands += forces.adjectival_forces(doc)
    cands += forces.hostile_named_groups(doc)
    cands += places.datelines(doc)
    cands += places.headed_places(doc)
    cands += places.ner_places(doc)
    cands += places.gazetteer_places(doc)
    ops = operations.named_operations(doc) + operations.quoted_operations(doc) \
        + operations.named_after_noun(doc) + operations.apposed_operations(doc)
    cands += ops
    cands += persons.persons(doc)
    cands += org_cands(doc)
    for s, e in known_as(doc, cands):
        head = doc[s - 3] if s >= 3 else None
        heads = {t.lower_ for t in doc[max(0, s - 6):s]}
        if heads & (FORCE_HEADS | _KNOWN_AS_HEADS):
            cands.append(Cand(start=s, end=e, label=doc[s:e].text, type="Force", prio=6,
                              extra={"known_as": True}))
        _ = head
    sel = select(cands)
    place_spans = [(c.start, c.end) for c in sel if c.top == "Place" or (
        c.type == "?" and lookup_force(c.label) is None and not c.label.isupper())]
    # a name the parser read as a person after "the offensive in" is the operation's ground
    person_spans = [(c.start, c.end) for c in sel if c.top == "Person"]
    force_spans = [(c.start, c.end) for c in sel if c.top == "Force" or (
        c.type == "?" and lookup_place(c.label) is None)]
    extra_ops = operations.place_operations(doc, place_spans) + operations.described_operations(doc, place_spans) \
        + operations.called_operations(doc) + operations.purpose_operations(doc, force_spans) \
        + operations.phrase_operations(doc, place_spans + person_spans, force_spans)
    before_ops = sel
    if extra_ops:
        sel = select(sel + extra_ops)
    sel = select(sel + operations.phases(doc, [c for c in sel if c.top == "Operation"]))
    sel = operations.nested_forces(doc, before_ops, select(sel + proper_runs(doc, sel)))
    sel = sorted(sel + _nested_places(doc, sel), key=lambda c: c.start)
    sel = type_cues.merge_list_names(doc, sel)
    sel = boundaries.join_hyphenated(doc, sel)
    sel = boundaries.join_particles(doc, sel)
    place_names = {norm(c.label) for c in sel if c.top == "Place" and c.prio >= 3}
    for c in sel:
        _extend_article(doc, c)
    type_cues.retype_by_cues(doc, sel)
    type_cues.spelling_variants(doc, sel)
    type_ambiguous(doc, sel, place_names)
    list_propagation(doc, sel)
    type_cues.consistent_types(doc, sel)
    type_cues.list_head_types(doc, sel)
    type_cues.apposed_forces(doc, sel)
    type_cues.claiming_forces(doc, sel)
    boundaries.force_lead_types(doc, sel)
    boundaries.short_force_names(doc, sel)
    boundaries.admin_divisions(doc, sel)
    type_cues.spelling_variants(doc, sel)
    article_names.short_operation_names(sel)
    sel = article_names.drop_abstract(doc, article_names.whole_of_names(doc, sel))
    default_types(doc, sel)
    agency.force_by_agency(doc, sel)
    sel = type_cues.headline_filter(doc, type_cues.drop_modifiers(doc, sel))
    nonentities.strip_titles(doc, sel)
    sel = nonentities.drop_non_entities(doc, sel)
    return [c for c in sel if c.type != "?"]


def _nested_places(doc: Doc, sel: list[Cand]) -> list[Cand]:
    """The place named inside a selected "X operation": a Place of its own as well."""
    out = []
    other = {norm(c.label) for c in sel if c.top in ("Operation", "Force", "Person")}
    for c in sel:
        span = c.extra.get("place_span") if c.type == "Operation" else None
        if span is None:
            continue
        s, e = span
        if s >= 2 and doc[s - 1].text == "-" and doc[s - 2].lower_ in ("al", "el"):
            s -= 2
        if e > s and norm(doc[s:e].text) not in other:
            out.append(Cand(start=s, end=e, label=doc[s:e].text, type="?", prio=1,
                            extra={"ner": "PROPN", "nested": True}))
    return out


def acronym_names(doc: Doc) -> list[Cand]:
    """"Long Name (ACR)" where ACR abbreviates the capitalised words before the bracket."""
    from kg.extract.entities.coreference import is_acronym_of

    out = []
    for i in toks(doc).where_text(("(",)):
        tok = doc[i]
        if tok.text != "(" or i + 2 >= len(doc) or doc[i + 2].text != ")":
            continue
        acr = doc[i + 1].text
        if not (acr.isupper() and acr.isalpha() and 2 <= len(acr) <= 8):
            continue
        best = None
        j = i
        while j - 1 >= 0 and i - (j - 1) <= 9:
            p = doc[j - 1]
            inner = p.lower_ in boundaries.HYPHEN_INNER and j - 2 >= 0 and doc[j - 2].text == "-" and doc[j].text == "-"
            if not (is_cap(p) or inner or p.lower_ in ("of", "in", "for", "and", "the", "'s", "’s", "-")):
                break
            j -= 1
            if is_cap(doc[j]) and is_acronym_of(acr, doc[j:i].text):
                best = j
        if best is None:
            continue
        words = {t.lower_ for t in doc[best:i]}
        if words & FORCE_HEADS or doc[best].lower_ in ("islamic", "islamist"):
            t = "Force"
        elif doc[i - 1].lower_ in PLACE_HEADS | {"republic"}:
            t = "Place"
        else:
            t = "Force"
        out.append(Cand(start=best, end=i, label=doc[best:i].text, type=t, prio=7))
    return out


def _extend_article(doc: Doc, c: Cand) -> None:
    """Include an Arabic article split off by the tokenizer ("Al" "-" "Awad")."""
    s = c.start
    if s >= 2 and doc[s - 1].text == "-" and doc[s - 2].lower_ in ("al", "el", "ad", "as", "ar", "an", "ash", "ath", "az"):
        c.start = s - 2
        if c.label == doc[s:c.end].text:
            c.label = doc[c.start:c.end].text
    elif doc[s].lower_ in ("al", "el") and c.end - s == 1 and s + 2 < len(doc) and doc[s + 1].text == "-":
        c.end = s + 3
        c.label = doc[c.start:c.end].text
