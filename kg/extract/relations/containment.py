"""locatedIn from stated containment beyond the plain "X in Y" next to each other.

- appositions: "X, a village in the Y district", "X, the headquarters of Y", "X, Y's capital";
- coordinated lists: "A, B and C, in Y" and "A, B and C, the three towns of Y" give each
  member; "the villages of A and B in Y" too (the area noun carries the list);
- "X in Z's Y": the possessed place is the container;
- "the Y municipality of X" / "the Y municipalities of A, B and C": each in Y (the larger place
  contains the other, so "the X district of Z province" puts X in Z); a nationality word before the
  noun names no place ("the Haitian town of X");
- "A, B and other villages in Y", "A and B, among other places in Y": each member in Y;
- definite anaphora: "the camps in Y ... the camps that were searched included A, B and C".
Only what the text states; never from a gazetteer.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from kg.extract.tokens import toks
from kg.extract.lexicon import DIRECTION_WORDS
from kg.extract.relations.place_roles import AREA_NOUNS

if TYPE_CHECKING:
    from kg.extract.relations.context import M, Ctx

_SKIP = {"the", "a", "an", "central", "northern", "southern", "eastern", "western", "north",
         "south", "east", "west", "northeastern", "northwestern", "southeastern", "southwestern",
         "north-east", "north-west", "south-east", "south-west", "neighbouring", "neighboring",
         "restive", "troubled", "volatile", "oil-rich", "mountainous", "remote", "rural", "nearby",
         "same", "sprawling"}
_SKIP |= {"north-eastern", "north-western", "south-eastern", "south-western", "far"}
_APPOS_OPEN = {"a", "an", "the", "one", "its", "another", "two", "three", "four", "five", "both"}
#: Nouns an apposition uses for a place it then locates ("X, a locality in Y", "X, a peak in Y").
_APPOS_NOUNS = AREA_NOUNS | {
    "locality", "localities", "township", "townships", "peak", "summit", "mountain", "strip", "street",
    "avenue", "road", "suburb", "quarter", "hamlet", "county", "municipality", "commune", "ward",
    "island", "valley", "hill", "hills", "enclave", "port", "outpost", "crossing", "headquarters",
    "capital", "seat", "hub", "base", "airport", "neighbourhood", "neighborhood", "market", "sub-district",
    "subdistrict", "subdivision", "prefecture", "department", "zone", "oasis", "islet", "islets"}
#: Plural area nouns that carry a list to its container ("A, B and C townships in Y").
_LIST_NOUNS = {"townships", "districts", "villages", "towns", "provinces", "regions", "areas", "states",
               "counties", "municipalities", "localities", "communes", "cities", "islands", "camps"}
_LOCATIVE = {"in", "at", "across", "around", "near", "throughout", "into"}


#: Kinds of area a definite generic noun refers back to ("in the region": the region last named).
_AREA_KINDS = {"district": "District", "county": "District", "tehsil": "District", "agency": "District",
               "municipality": "District", "subdivision": "District", "township": "District",
               "region": "Province", "province": "Province", "governorate": "Province", "state": "Province",
               "prefecture": "Province", "department": "Province"}


_GLOSS_WORDS = {"also", "spelt", "spelled", "written", "transliterated", "known", "called", "as", "or"}


def _after_gloss(doc, j: int) -> int:
    """Token after a spelling gloss that follows a name ("X, also spelt Y," -> the second comma),
    else ``j``."""
    if j + 2 >= len(doc) or doc[j].text != "," or doc[j + 1].lower_ != "also":
        return j
    k = j + 1
    while k < len(doc) and k - j < 10 and (doc[k].lower_ in _GLOSS_WORDS or doc[k].text[:1].isupper()
                                           or doc[k].text in ("-", "'")):
        k += 1
    return k if k < len(doc) and doc[k].text == "," else j


def _named_area(ctx: Ctx, k: int) -> M | None:
    """"the region" at token ``k`` (after "the"): the nearest earlier place whose name ends in
    that word ("Kharkiv region"), in this sentence or the three before."""
    doc = ctx.doc
    if k < 1 or k >= len(doc) or doc[k - 1].lower_ != "the" or doc[k].lower_ not in _AREA_KINDS:
        return None
    if k + 1 < len(doc) and (doc[k + 1].lower_ == "of" or doc[k + 1].text[:1].isupper()):
        return None  # "the region of X", "the district Hamdan": a name follows
    best = None
    for m in ctx.mentions:
        if m.top != "Place" or m.end > k or doc[m.end - 1].lower_ != doc[k].lower_:
            continue
        if best is None or m.end > best.end:
            best = m
    if best is None:
        return None
    here = next((i for i, s in enumerate(ctx.sents) if s.start <= k < s.end), None)
    if here is None or best.sent < here - 3:
        return None
    return best


def _anaphoric_possessors(ctx: Ctx, rank: Callable[[str], int]) -> None:
    """"the agency's Bara tehsil", "Tardo, one of the district's villages": X in the area last named."""
    doc = ctx.doc
    n = len(doc)
    for i in toks(doc).positions(set(_AREA_KINDS)):
        if i + 2 >= n or doc[i + 1].text not in ("'s", "’s"):
            continue
        y = _named_area(ctx, i)
        if y is None:
            continue
        x = ctx.tok_mention.get(i + 2)
        if x is None:
            # "X, one of the district's villages"
            p = i - 2
            if p >= 3 and doc[p].lower_ == "of" and doc[p - 1].lower_ == "one" and doc[p - 2].text == ",":
                x = ctx.tok_mention.get(p - 3)
        if x is not None and x.top == "Place" and x.key != y.key and rank(y.key) >= rank(x.key):
            ctx.add(x.key, "locatedIn", y.key, x.sent, 0.6)


def _container_at(ctx: Ctx, k: int) -> M | None:
    """The place mention starting at token ``k`` after articles/adjectives ("the central Y"),
    or the area a definite generic noun refers back to ("in the region")."""
    doc = ctx.doc
    while k < len(doc) and doc[k].lower_ in _SKIP and ctx.tok_mention.get(k) is None:
        k += 1
    y = ctx.tok_mention.get(k)
    if y is None:
        return _named_area(ctx, k)
    if y.top != "Place":
        return None
    # "Z's Y": the possessed place is the container
    if y.end + 1 < len(doc) and doc[y.end].text in ("'s", "’s"):
        kk = y.end + 1
        while kk < len(doc) and doc[kk].lower_ in _SKIP and ctx.tok_mention.get(kk) is None:
            kk += 1
        z = ctx.tok_mention.get(kk)
        if z is not None and z.top == "Place":
            return z
    return y


def list_before(ctx: Ctx, m: M) -> list[M]:
    """Place mentions coordinated before ``m`` ("A, B and" before C), nearest last."""
    doc = ctx.doc
    out: list[M] = []
    k = m.start - 1
    conj = False
    while k >= 0:
        sep = k
        while k >= 0 and (doc[k].text == "," or doc[k].lower_ in ("and", "or", "the")):
            k -= 1
        words = {doc[x].lower_ for x in range(k + 1, sep + 1)}
        if words & {"and", "or"}:
            if conj:
                break  # one conjunction per list: "A and B, C and D" are two lists
            conj = True
        p = ctx.tok_mention.get(k)
        if p is None or p.top != "Place" or p.sent != m.sent or p is m:
            break
        if doc[p.end].text not in (",",) and doc[p.end].lower_ not in ("and", "or"):
            break
        out.insert(0, p)
        k = p.start - 1
    return out


def _area_noun_before(ctx: Ctx, first: M) -> bool:
    """"the villages of A and B": an area noun + "of" introduces the list."""
    doc = ctx.doc
    k = first.start - 1
    while k >= 0 and doc[k].lower_ == "the":
        k -= 1
    return k >= 1 and doc[k].lower_ == "of" and doc[k - 1].lower_ in AREA_NOUNS


def _locative_before(ctx: Ctx, first: M) -> bool:
    """"in A, B and C": a locative preposition opens the list."""
    doc = ctx.doc
    k = first.start - 1
    while k >= 0 and doc[k].lower_ == "the":
        k -= 1
    return k >= 0 and doc[k].lower_ in _LOCATIVE


def more_containment(ctx: Ctx, rank: Callable[[str], int]) -> None:
    """Add the locatedIn relations the rules above find."""
    doc = ctx.doc
    places = [m for m in ctx.mentions if m.top == "Place"]
    for m in places:
        if m.start > 0 and doc[m.start - 1].lower_ in DIRECTION_WORDS:
            continue
        j = _after_gloss(doc, m.end)
        if j >= len(doc):
            continue
        members = [m]
        y = None
        if (k := _after_other(doc, j)) is not None:
            y = _container_at(ctx, k)  # "A, B and other villages in Y", "A, among other places in Y"
            members = list_before(ctx, m) + [m]
        elif doc[j].text == "," and j + 1 < len(doc):
            nxt = doc[j + 1].lower_
            if nxt in ("in", "of"):
                y = _container_at(ctx, j + 2)  # "A, B and C, in Y"
                members = list_before(ctx, m) + [m]
            elif nxt in _APPOS_OPEN:
                # "X, a town in Y" / "X, the headquarters of Y" (no verb, no other place first)
                k = j + 2
                lim = min(len(doc), j + 10)
                while k < lim and doc[k].lower_ not in ("in", "of") and (
                        doc[k].pos_ not in ("VERB", "AUX") or _in_compound_word(doc, k)) \
                        and ctx.tok_mention.get(k) is None and doc[k].text != ",":
                    k += 1
                    if k < lim and doc[k].lower_ == "of" and doc[k - 1].lower_ in DIRECTION_WORDS:
                        # "a town 60 km east of Z in Y": Z is a reference point, Y the container
                        z = ctx.tok_mention.get(k + 1) or ctx.tok_mention.get(k + 2)
                        if z is None:
                            break
                        k = z.end
                        lim = min(len(doc), k + 4)
                if k < lim and doc[k].lower_ in ("in", "of") and any(
                        doc[x].lower_ in _APPOS_NOUNS for x in range(j + 2, k)):
                    y = _container_at(ctx, k + 1)
                    members = list_before(ctx, m) + [m]
        elif doc[j].lower_ in ("in",):
            y = _container_at(ctx, j + 1)
            before = list_before(ctx, m)
            if before and (_area_noun_before(ctx, before[0]) or _locative_before(ctx, before[0])
                           and y is not None and all(rank(y.key) > rank(b.key) for b in before + [m])):
                members = before + [m]  # "in A, B and C in Iraq": each of them
        elif doc[j].lower_ in _LIST_NOUNS and j + 1 < len(doc) and doc[j + 1].lower_ == "in":
            y = _container_at(ctx, j + 2)  # "A, B and C townships in Y"
            members = list_before(ctx, m) + [m]
        if j + 1 < len(doc) and doc[j].text in ("'s", "’s"):
            # "Y's (eastern) X": X in Y
            x = _container_at(ctx, j + 1)
            if x is not None and x.key != m.key and x.start > m.end and (
                    rank(m.key) >= rank(x.key) or ctx.types.get(m.key) == "Place"):
                ctx.add(x.key, "locatedIn", m.key, m.sent, 0.65)
        if y is None:
            continue
        for x in members:
            if x.key != y.key and rank(y.key) >= rank(x.key):
                ctx.add(x.key, "locatedIn", y.key, m.sent, 0.65)
    _kind_of(ctx, rank)
    _anaphoric_lists(ctx, rank)
    _relative_containment(ctx, rank)
    _anaphoric_possessors(ctx, rank)


def _in_compound_word(doc, k: int) -> bool:
    """Token ``k`` is part of a hyphenated word ("so-called", "government-held"), not a verb."""
    return k > 0 and doc[k - 1].text == "-" and not doc[k - 1].whitespace_


#: Words between "other" and the preposition of "A, B and other villages in Y".
_OTHER_MAX = 3


def _after_other(doc, j: int) -> int | None:
    """Token after the preposition of "and other N in" / ", among other N in" starting at ``j``, else None."""
    k = j
    if k < len(doc) and doc[k].text == ",":
        k += 1
    if k < len(doc) and doc[k].lower_ in ("and", "among"):
        k += 1
    else:
        return None
    if k >= len(doc) or doc[k].lower_ != "other":
        return None
    start = k + 1
    k = start
    while k < len(doc) and k - start < _OTHER_MAX and doc[k].pos_ in ("NOUN", "ADJ"):
        k += 1
    if k == start or k >= len(doc) or doc[k].lower_ not in ("in", "of") or doc[k - 1].pos_ != "NOUN":
        return None
    return k + 1


#: Lower-case nouns of the kind of place a name stands for ("the Sonora municipality of X": X is a municipality).
_KIND_NOUNS = {"municipality", "municipalities", "city", "cities", "town", "towns", "village", "villages",
               "district", "districts", "county", "counties", "republic", "province", "provinces", "state",
               "region", "governorate", "department", "commune", "communes", "locality", "localities",
               "township", "townships", "neighbourhood", "neighborhood", "suburb", "prefecture", "oblast"}


def _nationality(tok) -> bool:
    """A nationality word ("Haitian", "Azerbaijani"), not a place's name."""
    from kg.extract.mentions.nonentities import derived_demonym

    return tok.ent_type_ == "NORP" and tok.pos_ == "ADJ" or derived_demonym(tok.text)


def _kind_of(ctx: Ctx, rank: Callable[[str], int]) -> None:
    """"the Y municipality of X", "the Y city of X", "the Y republic of X": each X in Y, unless X is the
    larger ("the Y district of Z", Z a province or country, puts Y in Z). A nationality word is no
    place ("the Haitian town of X")."""
    doc = ctx.doc
    n = len(doc)
    for y in ctx.mentions:
        if y.top != "Place":
            continue
        k = y.start - 1
        while k >= 0 and doc[k].lower_ in _SKIP - {"the", "a", "an"} and ctx.tok_mention.get(k) is None:
            k -= 1
        if k < 0 or doc[k].lower_ != "the" or _nationality(doc[y.start]):
            continue
        noun = y.end - 1 if doc[y.end - 1].lower_ in _KIND_NOUNS else y.end
        if noun >= n or noun + 1 >= n or doc[noun].lower_ not in _KIND_NOUNS or doc[noun].text[:1].isupper() \
                or doc[noun + 1].lower_ != "of" or noun == y.start:
            continue
        j = noun + 2
        while j < n and doc[j].lower_ in _SKIP and ctx.tok_mention.get(j) is None:
            j += 1
        members: list[M] = []
        while j < n:
            x = ctx.tok_mention.get(j)
            if x is None or x.top != "Place" or x.key == y.key:
                break
            members.append(x)
            j = x.end
            while j < n and (doc[j].text == "," or doc[j].lower_ in ("and", "or")) and len(members) < 8:
                j += 1
            if j < n and ctx.tok_mention.get(j) is None:
                break
        for x in members:
            # the larger of the two contains the other: "the Y district of Z" (Z a province) puts Y in Z
            if rank(x.key) > rank(y.key) or rank(x.key) == rank(y.key) >= 3 or ctx.types.get(x.key) == "Country":
                if ctx.types.get(y.key) != "Country":
                    ctx.add(y.key, "locatedIn", x.key, y.sent, 0.65)
            else:
                ctx.add(x.key, "locatedIn", y.key, y.sent, 0.65)


#: Verbs of a place's position in a relative clause ("Y, in which X lies").
_LIE_VERBS = {"lie", "sit", "be", "locate", "situate", "stand"}


def _relative_containment(ctx: Ctx, rank: Callable[[str], int]) -> None:
    """"Y, in which X lies" / "Y, where X is located": X in Y."""
    doc = ctx.doc
    n = len(doc)
    for y in ctx.mentions:
        if y.top != "Place" or y.end + 3 >= n or doc[y.end].text != ",":
            continue
        k = y.end + 1
        if doc[k].lower_ in ("in", "within") and doc[k + 1].lower_ == "which":
            k += 2
        elif doc[k].lower_ == "where":
            k += 1
        else:
            continue
        while k < n and doc[k].lower_ in ("the",):
            k += 1
        x = ctx.tok_mention.get(k)
        if x is None or x.top != "Place" or x.key == y.key or x.end >= n:
            continue
        verb = doc[x.end]
        if verb.lemma_.lower() in ("be", "have") and x.end + 1 < n and doc[x.end + 1].lemma_.lower() in _LIE_VERBS:
            verb = doc[x.end + 1]
        if verb.lemma_.lower() in _LIE_VERBS and (verb.lemma_.lower() != "be" or x.end + 1 < n and doc[x.end + 1].text in (",", ".")) \
                and rank(y.key) >= rank(x.key):
            ctx.add(x.key, "locatedIn", y.key, x.sent, 0.65)


def _anaphoric_lists(ctx: Ctx, rank: Callable[[str], int]) -> None:
    """"the camps in Y" then "the camps that were searched included A, B, C": each of A, B, C in Y."""
    doc = ctx.doc
    tk = toks(doc)
    lemma, pos = tk.lemma_low, tk.pos
    for i, sent in enumerate(ctx.sents):
        for ti in range(sent.start, sent.end):
            if lemma[ti] != "include" or pos[ti] != "VERB":
                continue
            t = doc[ti]
            nouns = {x.lower_ for x in doc[max(sent.start, t.i - 5):t.i]
                     if x.lower_ in AREA_NOUNS and x.i > 0 and doc[x.i - 1].lower_ in ("the", "these", "those")}
            if not nouns:
                continue
            y = None
            for back in range(i - 1, max(-1, i - 4), -1):
                s = ctx.sents[back]
                for x in s:
                    if x.lower_ in nouns and x.i + 1 < len(doc) and doc[x.i + 1].lower_ in ("in", "of"):
                        y = _container_at(ctx, x.i + 2) or y
                if y is not None:
                    break
            if y is None:
                continue
            for m in ctx.by_sent.get(i, []):
                if m.top == "Place" and m.start > t.i and m.key != y.key and rank(y.key) >= rank(m.key):
                    ctx.add(m.key, "locatedIn", y.key, i, 0.55)
