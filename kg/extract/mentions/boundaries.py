"""Name boundaries the recognisers cut wrongly: hyphenated names, force words of other languages.

"Tehreek-e-Jihad", "Logone-et-Chari", "Garoua-Boulaï" and "Khyber-IV" are one name each
although the tokenizer splits them at the hyphens; "X-Y border" joins two names and stays
split. Names opened by an Arabic, Urdu or Swahili word for an army, party or front
("Jaysh al-Ayman", "Lashkar-e-Taiba", "Tehreek-e-Taliban") are armed groups, whatever
class the tagger guessed.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.extract.mentions.candidate import PLACE_PARTICLES, Cand, is_cap_text
from kg.extract.lexicon import FORCE_HEADS

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: Lower-case particles inside hyphenated names ("Lashkar-e-Taiba", "Radd-ul-Fasaad", "Logone-et-Chari").
HYPHEN_INNER = {"e", "i", "ul", "ut", "ud", "us", "ur", "un", "et", "al", "el", "wal", "de", "du", "la",
                "le", "en", "a", "o", "da", "di", "do", "an", "ar", "as", "az", "ad", "ash"}
#: Nouns after "X-Y" that make it a pair of names ("the Lamu-Garissa border").
PAIR_NOUNS = {"border", "borders", "road", "roads", "highway", "axis", "corridor", "route", "frontier",
              "line", "boundary", "front", "pipeline", "railway", "crossing", "bridge", "talks", "deal",
              "ceasefire", "flight", "flights"}
#: First words that name an armed group in Arabic, Urdu, Pashto, Persian or Swahili
#: ("army", "soldiers", "movement", "party", "front", "brigades", "supporters").
FORCE_LEAD_WORDS = {
    "jaysh", "jaish", "jeish", "jeshi", "lashkar", "lashkar-e", "jamaat", "jamaatul", "jama'at", "jamaat-ul",
    "jamaah", "jamaa", "tehreek", "tehrik", "harakat", "harkat", "harakah", "hizb", "hezb", "kataib",
    "kata'ib", "katibat", "liwa", "saraya", "jabhat", "jund", "ansar", "ansarul", "asaib", "asa'ib",
    "tanzim", "sipah", "firqat", "faylaq", "quwat",
}
_ROMAN = re.compile(r"^(I{1,3}|IV|V|VI{0,3}|IX|X|\d{1,4})$")


def _glued(doc: Doc, i: int) -> bool:
    """Token ``i`` touches token ``i + 1`` (no space between them)."""
    return not doc[i].whitespace_


def _name_part(text: str) -> bool:
    return is_cap_text(text) or bool(_ROMAN.match(text))


def hyphen_end(doc: Doc, end: int) -> int:
    """Widen a name ending before ``end`` over "-Word", "-e-Word", "-IV" glued to it."""
    n = len(doc)
    e = end
    while e + 1 < n and doc[e].text == "-" and _glued(doc, e - 1) and _glued(doc, e):
        k = e + 1
        if k + 2 < n and doc[k].text in HYPHEN_INNER and doc[k + 1].text == "-" and _glued(doc, k) \
                and _glued(doc, k + 1):
            k += 2
        if not _name_part(doc[k].text):
            break
        e = k + 1
    return e


def hyphen_start(doc: Doc, start: int) -> int:
    """Widen a name starting at ``start`` leftwards over "Word-" or "Word-e-" glued to it."""
    s = start
    while s >= 2 and doc[s - 1].text == "-" and _glued(doc, s - 1) and _glued(doc, s - 2):
        k = s - 2
        if k >= 2 and doc[k].text in HYPHEN_INNER and doc[k - 1].text == "-" and _glued(doc, k - 1) \
                and _glued(doc, k - 2):
            k -= 2
        if not is_cap_text(doc[k].text):
            break
        s = k
    return s


def join_hyphenated(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """Extend candidates over the hyphenated parts of their name; drop what they swallow."""
    n = len(doc)
    grown: list[Cand] = []
    for c in cands:
        if c.group >= 0 or c.extra.get("known"):
            continue
        s, e = hyphen_start(doc, c.start), hyphen_end(doc, c.end)
        if (s, e) == (c.start, c.end):
            continue
        if e < n and doc[e].lower_ in PAIR_NOUNS:
            continue  # "the Lamu-Garissa border": two names
        old = doc[c.start:c.end].text
        old_bare = doc[c.start + 1:c.end].text if c.end - c.start > 1 else None
        c.start, c.end = s, e
        if c.label == old:
            c.label = doc[s:e].text
        elif c.label.endswith(old):
            c.label = c.label[: len(c.label) - len(old)] + doc[s:e].text
        if c.alias is not None and old_bare is not None and c.alias == old_bare:
            c.alias = doc[c.start + 1:e].text
        grown.append(c)
    if not grown:
        return cands
    keep: list[Cand] = []
    spans: set[tuple[int, int]] = set()
    grown_ids = {id(g) for g in grown}
    for c in cands:
        if id(c) in grown_ids and (c.start, c.end) in spans or any(g is not c and g.start <= c.start and c.end <= g.end
                                            and (g.start, g.end) != (c.start, c.end) for g in _near(grown, c)):
            continue  # swallowed by a grown name, or the same span grown twice
        if id(c) in grown_ids:
            spans.add((c.start, c.end))
        keep.append(c)
    return keep


def _near(grown: list[Cand], c: Cand) -> list[Cand]:
    return [g for g in grown if g.start <= c.start < g.end]


#: Endings of the Arabic/Urdu construct state glued to the first word ("Harkatul", "Jamatul").
_CONSTRUCT_ENDINGS = ("ul", "ut", "ud", "us", "ush", "ur", "al")


def is_force_lead(word: str) -> bool:
    """``word`` is one of :data:`FORCE_LEAD_WORDS` in any usual spelling, with or without a
    glued construct ending ("Harkatul" = "harkat" + "ul", "Jamatul" = "jamaat" + "ul")."""
    from kg.extract.entities.spelling import skeleton

    word = word.lower()
    if word in FORCE_LEAD_WORDS:
        return True
    forms = [word] + [word[: -len(e)] for e in _CONSTRUCT_ENDINGS if word.endswith(e) and len(word) - len(e) >= 4]
    # a spelling variant by its consonant frame; a word ending in a vowel may be a surname
    # made from the group word ("Ansari"), so it must match exactly
    return any(f in FORCE_LEAD_WORDS or len(f) >= 5 and f[-1] not in "aeiouy" and skeleton(f) in _lead_skeletons()
               for f in forms)


def _lead_skeletons() -> frozenset[str]:
    from kg.extract.entities.spelling import skeleton

    global _LEAD_SKELETONS
    if _LEAD_SKELETONS is None:
        _LEAD_SKELETONS = frozenset(k for k in (skeleton(w) for w in FORCE_LEAD_WORDS if "-" not in w) if len(k) >= 4)
    return _LEAD_SKELETONS


_LEAD_SKELETONS: frozenset[str] | None = None


#: Closing words of a military command's area name ("Western Military Zone", "Red Sea Military Region").
_COMMAND_AREA_ENDS = (("military", "zone"), ("military", "region"), ("military", "district"),
                      ("operational", "zone"), ("military", "area"))


def force_lead_types(doc: Doc, cands: list[Cand]) -> None:
    """Names opened by a foreign word for army/movement/front are armed groups; a "X Military Zone"
    is the command of that zone, and an "Anti-X" or "Counter-X" body is a force, not a place."""
    for c in cands:
        if c.extra.get("known") or c.top in ("Operation",) or c.extra.get("titled"):
            continue
        words = [t.lower_ for t in doc[c.start:c.end]]
        if c.top == "Place" and (tuple(words[-2:]) in _COMMAND_AREA_ENDS and len(words) >= 3
                                 or words[0] in ("anti", "counter") and len(words) >= 3 and words[1] == "-"):
            c.type = "MilitaryUnit" if words[0] not in ("anti", "counter") else "Force"
            c.extra["force_ev"] = True
            continue
        first = doc[c.start].lower_
        if is_force_lead(first) and c.end - c.start >= 2 or is_force_lead(first.split("-")[0]) \
                and "-" in first:
            if c.top != "Force":
                c.type = "ArmedGroup"
                c.extra["force_ev"] = True


def short_force_names(doc: Doc, cands: list[Cand]) -> None:
    """"Golani" after "the Golani Brigade": a bare name that opens a force's name is that force."""
    heads: dict[str, str] = {}
    acronyms: dict[str, str] = {}
    for c in cands:
        if c.top != "Force":
            continue
        if c.label.isupper() and c.end - c.start == 1:
            acronyms[c.label] = c.type
        if c.end + 2 < len(doc) and doc[c.end].text == "(":
            # "Name (ACR)", "Name (Mandalay PDF)"
            for k in range(c.end + 2, min(c.end + 5, len(doc))):
                if doc[k].text == ")":
                    if doc[k - 1].text.isupper() and len(doc[k - 1].text) >= 2:
                        acronyms[doc[k - 1].text] = c.type
                    break
        words = c.label.split()
        if len(words) >= 2 and all(w.lower() in FORCE_HEADS for w in words[1:]) and is_cap_text(words[0]) \
                and words[0].lower() not in FORCE_HEADS:
            heads[words[0].lower()] = c.type
    if not heads and not acronyms:
        return
    from kg.extract.lookups import lookup_place

    for c in cands:
        if c.top in ("Place", "?", "Person") and not c.extra.get("known") and not c.extra.get("titled"):
            last = c.label.split()[-1]
            # "GNA" again, "Mandalay PDF": a force's acronym, alone or after a place word
            if c.label in acronyms or last in acronyms and last.isupper() and c.end - c.start <= 3:
                c.type = acronyms.get(c.label) or acronyms[last]
                c.extra["force_ev"] = True
                continue
        if c.end - c.start == 1 and c.top in ("Place", "?", "Person") and c.prio <= 4 \
                and not c.extra.get("titled") and c.label.lower() in heads \
                and not c.extra.get("known") and lookup_place(c.label) is None:
            c.type = heads[c.label.lower()]
            c.extra["force_ev"] = True


#: Words before a place name that mark where something is ("in Bui Division", "of Bui Division").
_WHERE_BEFORE = {"in", "of", "at", "near", "across", "throughout", "around"}


def admin_divisions(doc: Doc, cands: list[Cand]) -> None:
    """"in Bui Division": a named division without an article after a locative word is an area.

    Military divisions take an article or a number ("the 36th Division", "the Gaza Division");
    administrative ones (Cameroon, Kenya, Bangladesh) stand bare after "in"/"of" or in a list
    of places ("Ndop Subdivision, Ngoketunjia Division").
    """
    from kg.extract.lexicon import PLACE_HEADS
    from kg.extract.lookups import lookup_place

    places = {c.end: c for c in cands if c.top == "Place"}
    for c in cands:
        if c.end < len(doc) and doc[c.end].text == "division" and c.start > 0 and doc[c.start - 1].lower_ in (
                "'s", "’s") and places.get(c.start - 1) is not None and not c.extra.get("known") and c.group < 0 \
                and not any(t.like_num for t in doc[c.start:c.end]):
            c.end += 1  # "Cameroon's Logone-et-Chari division": the word is part of the area's name
            c.label = f"{c.label} division"
        if c.extra.get("known") or not c.label.endswith(("Division", "division", "Agency")) or c.end - c.start < 2 \
                or any(t.like_num for t in doc[c.start:c.end]) or c.start == 0:
            continue
        prev = doc[c.start - 1].lower_
        after_place = prev == "," and c.start >= 2 and doc[c.start - 2].lower_ in PLACE_HEADS | {"subdivision"}
        # "Cameroon's Logone-et-Chari division": a division a country owns is one of its areas
        owner = places.get(c.start - 1) if prev in ("'s", "’s") else None
        owned = owner is not None and (owner.prio >= 3 or lookup_place(owner.label) is not None
                                       or bool(owner.extra.get("place_ev")))
        if prev in _WHERE_BEFORE or after_place or owned:
            c.type = "District"
            c.extra["place_ev"] = True


#: Lower-case particles inside one Romance-language place name ("Guadalupe del Lerma").
def join_particles(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """Two names joined by a particle are one place: "Guadalupe" "del" "Lerma" -> "Guadalupe del
    Lerma" (units, operations, persons with a title and table-known names keep their spans)."""
    out: list[Cand] = []
    for c in sorted(cands, key=lambda c: c.start):
        prev = out[-1] if out else None
        if prev is not None and c.start == prev.end + 1 and doc[prev.end].lower_ in PLACE_PARTICLES \
                and doc[prev.end].text.islower() and prev.group < 0 and c.group < 0 \
                and not prev.extra.get("known") and not c.extra.get("known") \
                and prev.top in ("Place", "?") and c.top in ("Place", "?") \
                and doc[prev.start:c.end].text.count("\n") == 0:
            prev.end = c.end
            prev.label = doc[prev.start:c.end].text
            if prev.top != "Place":
                prev.type = c.type if c.top == "Place" else "Place"
            continue
        out.append(c)
    return out
