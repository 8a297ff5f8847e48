"""Place recognition: datelines, "X province"-style names, spaCy places, gazetteer hits."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.mentions.candidate import NAME_JOINERS, PLACE_PARTICLES, Cand, glued, extend_particles, is_cap
from kg.extract.lexicon import DIRECTION_WORDS, MONTHS, PLACE_HEADS, STOP_NAMES, WEEKDAYS
from kg.extract.lookups import lookup_place
from kg.extract.tokens import toks

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: Heads that are not part of the name: the label is the bare name ("the Kalo area" -> Kalo).
_LOOSE_HEADS = {"area", "areas", "axis", "outskirts"}
#: Lower-case settlement words after a name: descriptions, not part of it ("Turaing village").
_SETTLEMENT_WORDS = {"village", "town", "city"}
_KIND = {
    "province": "Province", "governorate": "Province", "state": "Province", "region": "Province",
    "prefecture": "Province", "district": "District", "county": "District", "lga": "District",
    "municipality": "District", "village": "Settlement", "town": "Settlement",
    "city": "Settlement", "camp": "Area", "subdivision": "District", "tehsil": "District",
    "township": "District", "department": "Province",
}
#: Class named by a place head word ("X province" -> Province).
KIND_OF_HEAD = _KIND
#: Heads of named sites, kept in the name ("Boga airfield", "Tanel Dam"), with the lower-case
#: words allowed between name and head ("Kalo refugee camp", "Mersa air base"); a head listed
#: with modifiers needs one of them ("X air base" is a site, "X base" is the place X).
FACILITY_HEADS: dict[str, frozenset[str]] = {
    "bridge": frozenset(), "airfield": frozenset(), "airport": frozenset(), "airstrip": frozenset(),
    "hospital": frozenset({"general", "central", "district", "military", "referral", "teaching"}),
    "camp": frozenset({"refugee", "idp", "displacement", "displaced", "military", "army", "training"}),
    "base": frozenset({"air"}), "site": frozenset({"landing"}), "park": frozenset({"national"}),
    # named features and sites ("Nanthikadal lagoon", "Karadipokku junction", "A-9 highway",
    # "Stavropol territory", "Ouagadougou conference complex", "Elephant Pass", "Crocus City Hall")
    "lagoon": frozenset(), "junction": frozenset(), "highway": frozenset(), "territory": frozenset(),
    "complex": frozenset({"conference", "presidential", "government", "military", "industrial"}),
    "pass": frozenset(), "hall": frozenset({"city", "town"}),
}
#: Heads that are only heads when capitalised ("Elephant Pass"; "convoys pass" is a verb).
_CAP_ONLY_HEADS = frozenset({"pass", "hall"})
_FACILITY_ONLY_WITH = frozenset({"base", "site", "park"})
_HEADS = frozenset(PLACE_HEADS | set(FACILITY_HEADS))
_RELIGIOUS = {"islamic", "islamist", "jihadist", "caliphate"}


def _caps_word(text: str) -> bool:
    """Letters with inner apostrophes or hyphens ("N'DJAMENA", "BENI-ABBES")."""
    return text[:1].isalpha() and text[-1:].isalpha() and all(ch.isalpha() or ch in "'’-" for ch in text)


def datelines(doc: Doc) -> list[Cand]:
    """"KIDAL, Mali, May 5 —": an all-caps place opening a line, and its container."""
    out: list[Cand] = []
    n = len(doc)
    line_start = toks(doc).line_start
    for i in range(n):
        if not line_start[i]:
            continue
        j = i
        while j < n and doc[j].text.isupper() and _caps_word(doc[j].text) and len(doc[j].text) > 1:
            j += 1
        if j == i or j >= n or doc[j].text not in (",", "—", "–", "-", "("):
            continue
        if j - i > 3:
            continue
        label = " ".join(t.text.capitalize() for t in doc[i:j])
        c = Cand(start=i, end=j, label=label, type="Settlement", prio=7)
        c.extra["dateline"] = True
        out.append(c)
        if doc[j].text == ",":
            k = j + 1
            m = k
            while m < n and is_cap(doc[m]) and doc[m].lower_.rstrip(".") not in MONTHS \
                    and doc[m].lower_ not in WEEKDAYS:
                m += 1
            if m > k and m < n and doc[m].text in (",", "—", "–", "-", "("):
                d = Cand(start=k, end=m, label=doc[k:m].text, type="Place", prio=5)
                d.extra["dateline_container_of"] = label
                out.append(d)
    return out


def headed_places(doc: Doc) -> list[Cand]:
    """Capitalised names followed by a place word ("Helmand province", "Tora Bora Mountains")."""
    out: list[Cand] = []
    n = len(doc)
    for i in toks(doc).positions(_HEADS):
        low = doc[i].lower_
        if i + 1 < n and doc[i + 1].lower_ in _HEADS:
            continue
        head_start = i
        mods = FACILITY_HEADS.get(low, frozenset())
        while head_start - 1 >= 0 and doc[head_start - 1].lower_ in mods and not is_cap(doc[head_start - 1]):
            head_start -= 1
        if low in _FACILITY_ONLY_WITH and (i == 0 or doc[i - 1].lower_ not in mods):
            continue
        if low in _CAP_ONLY_HEADS and not doc[i].text[:1].isupper():
            continue
        # multi-word heads: "Local Government Area", "mountain range"
        if low == "area" and i >= 2 and doc[i - 1].lower_ == "government" and doc[i - 2].lower_ == "local":
            head_start = i - 2
        while head_start - 1 >= 0 and doc[head_start - 1].lower_ in PLACE_HEADS and not is_cap(doc[head_start - 1]):
            head_start -= 1
        j = head_start
        while j - 1 >= 0:
            p = doc[j - 1]
            if is_cap(p) and p.lower_ not in STOP_NAMES and p.lower_ not in MONTHS \
                    and p.lower_ not in WEEKDAYS and p.pos_ in ("PROPN", "ADJ", "NOUN", "VERB", "X", "ADV") \
                    and p.ent_type_ not in ("DATE", "CARDINAL", "ORDINAL"):
                j -= 1
            elif p.text in ("-", "'", "’") and j - 2 >= 0 and is_cap(doc[j - 2]):
                j -= 1
            elif p.lower_ in ("al", "el") and doc[j].text == "-":
                j -= 1
            elif p.text == "-" and j >= 2 and glued(doc, j - 2):
                j -= 2
            elif p.text in NAME_JOINERS and j >= 2 and is_cap(doc[j - 2]):
                j -= 1
            else:
                break
        if j == head_start:
            continue
        if doc[j].lower_ in _RELIGIOUS:
            continue
        if doc[j].lower_ in DIRECTION_WORDS and j + 1 < head_start:
            pass
        name = doc[j:head_start].text
        if low in _LOOSE_HEADS:
            c = Cand(start=j, end=i + 1, label=name, type="Area", prio=5)
            c.alias = doc[j:i + 1].text
        elif low in _SETTLEMENT_WORDS and doc[i].text.islower() and head_start == i:
            # "Turaing village", "the Kyaukme town": the word says what the place is, the name is
            # the capitalised part ("Mexico City" keeps its capitalised head)
            end = i + 2 if i + 1 < n and doc[i + 1].lower_ == "tract" else i + 1
            c = Cand(start=j, end=end, label=name, type=_KIND[low], prio=5)
            c.alias = doc[j:end].text
        else:
            c = Cand(start=j, end=i + 1, label=doc[j:i + 1].text, type=_KIND.get(low, "Area"), prio=5)
        out.append(c)
    return out


def ner_places(doc: Doc) -> list[Cand]:
    """spaCy GPE/LOC/FAC entities."""
    out = []
    for e in toks(doc).ents:
        if e.label_ in ("GPE", "LOC", "FAC"):
            s, t = e.start, e.end
            while s < t and (doc[s].lower_ in ("the",) or doc[s].is_space):
                s += 1
            while t > s and (doc[t - 1].text in ("'s", "’s") or doc[t - 1].is_punct or doc[t - 1].is_space
                             or doc[t - 1].lower_.rstrip(".") in _TRAILING_TITLES):
                t -= 1
            s, t = extend_particles(doc, s, t)
            for a, b in split_list(doc, s, t):
                if b - a == 1 and doc[a].lower_.rstrip(".") in _TRAILING_TITLES:
                    continue
                out.append(Cand(start=a, end=b, label=doc[a:b].text, type="Place", prio=3))
    return out


#: Titles the model folds into a place span ("Kassala Governor Adam Idris").
_TRAILING_TITLES = {"governor", "gov", "mayor", "president", "minister", "commissioner", "chairman",
                    "brig", "gen", "col", "maj", "lt", "capt", "police", "deputy", "senator"}


def split_list(doc: Doc, s: int, t: int) -> list[tuple[int, int]]:
    """Split a span that the model ran over a list ("Idlib, Hama", "A and B")."""
    parts: list[tuple[int, int]] = []
    a = s
    for k in range(s, t):
        if doc[k].text == "," or doc[k].lower_ in ("and", "or"):
            parts.append((a, k))
            a = k + 1
    parts.append((a, t))
    parts = [(x, y) for x, y in parts if y > x]
    if len(parts) > 1 and all(is_cap(doc[x]) for x, _ in parts):
        return parts
    return [(s, t)]


def gazetteer_places(doc: Doc) -> list[Cand]:
    """Proper-noun runs outside spaCy entities that the gazetteer knows (with a particle inside
    when the gazetteer knows the whole name: "Mocímboa da Praia")."""
    out = []
    n = len(doc)
    tk = toks(doc)
    pos, cap, low = tk.pos, tk.cap, tk.lower
    i = 0
    while i < n:
        if pos[i] != "PROPN" or not cap[i] or low[i] in STOP_NAMES:
            i += 1
            continue
        j = i
        while j < n and pos[j] == "PROPN" and cap[j]:
            j += 1
        k = j  # "Mocímboa da Praia": a particle and a second run, when the gazetteer knows the whole
        while k + 1 < n and low[k] in PLACE_PARTICLES and doc[k].text.islower() and cap[k + 1]:
            k += 1
            while k < n and cap[k] and pos[k] in ("PROPN", "NOUN", "ADJ"):
                k += 1
        if k > j and lookup_place(doc[i:k].text) is not None:
            j = k
        name = doc[i:j].text
        hit = lookup_place(name)
        if hit is not None:
            out.append(Cand(start=i, end=j, label=name, type=hit.kind, prio=2))
        i = j
    return out
