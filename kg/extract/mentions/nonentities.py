"""Names that are never entities: demonyms, weapons and aircraft, titles, news outlets.

Capitalised words are not all names of forces, places or persons. A nationality word
("Chadian", "the Russians"), a weapon or aircraft designation ("AK-47 rifles", an "IED"),
a title or portfolio ("Defense Minister", "the County Commissioner") and a media outlet
("the Maariv newspaper", "told Asharq Al-Awsat") are dropped here, from the words around
them, unless the force table knows the name.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.extract.mentions.candidate import Cand, norm
from kg.extract.lexicon import FORCE_HEADS, GENERIC_FORCE_WORDS, ROLE_NOUNS, TITLES
from kg.extract.tokens import toks

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: Nouns a weapon or aircraft designation modifies ("AK-47 rifles", "Su-25 jets").
WEAPON_NOUNS = {
    "rifle", "rifles", "gun", "guns", "machine-gun", "machine-guns", "tank", "tanks", "jet", "jets",
    "drone", "drones", "helicopter", "helicopters", "missile", "missiles", "launcher", "launchers",
    "rocket", "rockets", "aircraft", "warplane", "warplanes", "howitzer", "howitzers", "grenade",
    "grenades", "pistol", "pistols", "carbine", "carbines", "fighter", "bomber", "bombers",
    "gunship", "gunships", "shells", "rounds", "munitions", "system", "systems",
}
#: Common acronyms of weapons and military kit (general vocabulary, not names).
WEAPON_ACRONYMS = {
    "ied", "ieds", "vbied", "vbieds", "svbied", "svbieds", "rpg", "rpgs", "uav", "uavs", "mrap",
    "mraps", "apc", "apcs", "manpads", "atgm", "atgms", "ifv", "ifvs", "rpg-7", "ak-47", "ak-47s",
}
#: A model designation: letters, a hyphen, digits ("AK-47", "Su-25", "MQ-9", "T-72B").
_DESIGNATION = re.compile(r"^[A-Z][A-Za-z]{0,4}-\d{1,4}[A-Z]?s?$")
#: Words of a media outlet's own name ("Long War Journal", "Shahada News Agency").
OUTLET_NAME_WORDS = {"journal", "daily", "news", "times", "gazette", "tribune", "herald", "newspaper",
                     "magazine", "television", "tv", "radio", "broadcasting", "post", "press", "telegraph",
                     "chronicle", "observer", "monitor", "newswire"}
#: Nouns after a name that make it a media outlet ("the TASS agency", "the Maariv newspaper").
OUTLET_NOUNS = {"newspaper", "daily", "agency", "outlet", "broadcaster", "channel", "website",
                "magazine", "weekly", "tv", "television", "radio", "newswire", "paper", "news"}
#: Portfolio nouns: the capitalised word before them is part of a title ("Defense Minister").
PORTFOLIO_NOUNS = {"minister", "ministry", "secretary", "secretariat", "department", "ministers", "office"}
#: Title words beyond :data:`TITLES` that never name anything alone.
MORE_TITLES = {"commissioner", "inspector", "secretary", "superintendent", "premier", "chancellor",
               "ambassador", "envoy", "general", "attorney", "justice", "speaker", "lawmaker",
               "undersecretary", "adviser", "advisor", "minister"}


def lookup_place(name: str):
    from kg.extract.lookups import lookup_place as _lookup

    return _lookup(name)


def _known_force(c: Cand) -> bool:
    from kg.extract.lookups import lookup_force

    return bool(c.extra.get("known")) or lookup_force(c.label) is not None


#: Endings of nationality and people words ("Chadian", "Sudanese", "Turkish", "Iraqi", "Russians").
_DEMONYM_ENDINGS = ("ian", "ians", "ien", "iens", "ean", "eans", "ese", "ish", "an", "ans", "i", "is", "ite",
                    "ites")
_DEMONYM_WORDS = {"french", "dutch", "swiss", "greek", "greeks", "thai", "thais", "czech", "czechs", "arab",
                  "arabs", "kurds", "turks", "tamil", "tamils", "uzbek", "uzbeks", "tajik", "tajiks", "kazakh"}


def norp_words(doc: Doc) -> set[str]:
    """Lower-case single words the model tags NORP anywhere in the text."""
    return {e.text.lower() for e in toks(doc).ents if e.label_ == "NORP" and e.end - e.start == 1}


#: Endings that make a people or nationality word of a place name ("Uganda" -> "Ugandan",
#: "Bangladesh" -> "Bangladeshi", "Chad" -> "Chadian", "Sudan" -> "Sudanese", "Amhara" -> "Amharas").
_DERIVING_ENDINGS = ("ians", "ian", "ans", "an", "ns", "n", "is", "i", "ese", "ish", "s")


def derived_demonym(word: str, place_names: frozenset[str] = frozenset()) -> bool:
    """``word`` is a place name with a people ending: a country or province of the gazetteer,
    or a place this text names (``place_names``, folded), plus "-n", "-ian", "-i", "-ese", "-s"."""
    low = word.lower()
    for end in _DERIVING_ENDINGS:
        if not low.endswith(end) or len(low) - len(end) < 3:
            continue
        stem = low[: -len(end)]
        for base in (stem, stem + "a"):  # "Somali" is of "Somalia"
            if base in place_names:
                return True
            hit = lookup_place(base)
            if hit is not None and hit.kind in ("Country", "Province") and norm(hit.name).startswith(base[:3]):
                return True
    return False


def is_demonym(doc: Doc, c: Cand, norp: set[str], place_names: frozenset[str] = frozenset()) -> bool:
    """A bare nationality or people word ("Chadian", "the Russians"): tagged NORP here or elsewhere,
    or made from a place name by a people ending ("the Ugandan border", "many Amharas")."""
    if c.end - c.start != 1 or _known_force(c):
        return False
    low = doc[c.start].lower_
    if lookup_place(c.label) is not None:
        return False
    if c.top != "Person" and derived_demonym(low, place_names - {low}):
        return True
    if not (low.endswith(_DEMONYM_ENDINGS) or low in _DEMONYM_WORDS):
        return False  # "near Kidal" may be tagged NORP too: only adjective-shaped words go
    if doc[c.start].ent_type_ == "NORP" or low in norp:
        return True
    # "the Nigerien and Nigerian shores", "Chadian troops": an adjective before a common noun
    k = c.end
    while k < len(doc) and (doc[k].lower_ in ("and", "or", ",") or doc[k].ent_type_ == "NORP"):
        k += 1
    return k > c.end and k < len(doc) and doc[k].pos_ == "NOUN" and doc[k].text.islower() \
        or k == c.end and k < len(doc) and doc[k].pos_ == "NOUN" and doc[k].text.islower() and low.endswith(
            ("ian", "ien", "ese", "ish"))


def is_weapon(doc: Doc, c: Cand) -> bool:
    """A weapon or aircraft: a designation, a kit acronym, or a product name before a weapon noun."""
    if _known_force(c):
        return False
    label = c.label
    if label.lower() in WEAPON_ACRONYMS:
        return True
    if c.end - c.start == 1 and label.lower() in WEAPON_NOUNS:
        return True  # "Drones, helicopters and ..." opening a sentence
    if c.end - c.start <= 3 and _DESIGNATION.match(label.replace(" ", "")):
        return True
    nxt = doc[c.end].lower_ if c.end < len(doc) else ""
    words = {t.lower_ for t in doc[c.start:c.end]}
    if nxt in WEAPON_NOUNS and not words & FORCE_HEADS and c.extra.get("ner") in ("PRODUCT", "PROPN", "ORG"):
        return nxt not in ("fighter",)  # "ISIS fighter" is a person of the group
    return False


def lower_expansion_acronyms(doc: Doc) -> set[str]:
    """Acronyms the text defines by a lower-case phrase ("improvised explosive device (IED)")."""
    from kg.extract.entities.coreference import is_acronym_of

    out: set[str] = set()
    for i in toks(doc).where_text(("(",)):
        if i + 2 >= len(doc) or doc[i + 2].text != ")" or i < 2:
            continue
        acr = doc[i + 1].text
        if not (acr.isupper() and 2 <= len(acr) <= 8):
            continue
        j = i
        while j - 1 >= 0 and i - j < 6 and doc[j - 1].is_alpha and doc[j - 1].text.islower():
            j -= 1
        if j < i and is_acronym_of(acr, doc[j:i].text):
            out.add(acr)
    return out


#: Force words that alone name no particular force ("Navy" in "Navy Captain X", "Commandos").
_BARE_FORCE_WORDS = GENERIC_FORCE_WORDS | {"navy", "marines", "commandos", "rangers", "guards", "gendarmerie",
                                           "paramilitaries", "militiamen", "air", "aviation"}


def is_bare_force_word(c: Cand) -> bool:
    """A name made only of generic force words that the table does not know."""
    return not _known_force(c) and all(w.lower() in _BARE_FORCE_WORDS for w in c.label.split())


def is_generic_head(c: Cand) -> bool:
    """A name made only of administrative or feature words ("Local Government Area", "the Region")."""
    from kg.extract.lexicon import STRIPPABLE_PLACE_HEADS

    heads = {w for h in STRIPPABLE_PLACE_HEADS for w in h.split()}
    words = [w.lower() for w in c.label.split()]
    return c.top == "Place" and bool(words) and all(w in heads for w in words) and not _known_force(c)


def is_title(doc: Doc, c: Cand) -> bool:
    """Only title words ("Inspector General"), or a portfolio word before "Minister"."""
    words = [t.lower_.rstrip(".") for t in doc[c.start:c.end]]
    titles = TITLES | MORE_TITLES | set(ROLE_NOUNS)
    if all(w in titles or w + "." in titles or w in ("of", "the", "-") for w in words):
        return True
    nxt = doc[c.end].lower_ if c.end < len(doc) else ""
    if nxt in PORTFOLIO_NOUNS and c.end - c.start == 1 and not _known_force(c):
        return True
    return False


#: Nouns that describe a media outlet or a civil body before or after its name ("the state news
#: agency X", "X, the insurgents' media outlet", "the rights group X").
DESCRIBING_NOUNS = {"newspaper", "daily", "broadcaster", "channel", "website", "outlet", "outlets", "mouthpiece",
                    "platform", "watchdog", "charity", "weekly", "tabloid", "newswire", "portal"}
#: Words that make the next "agency", "wing" or "group" a describing noun ("news agency", "media
#: wing", "rights group").
DESCRIBING_MODIFIERS = {"news", "press", "media", "propaganda", "rights", "human-rights", "monitoring", "aid",
                        "advocacy", "research", "campaign", "think", "information"}
_DESCRIBED_HEADS = {"agency", "wing", "group", "tank", "arm", "office", "organisation", "organization"}


def _describing_noun(doc: Doc, k: int) -> bool:
    """Token ``k`` is a noun describing an outlet or civil body ("newspaper", "news agency")."""
    if not 0 <= k < len(doc):
        return False
    low = doc[k].lower_
    if low in DESCRIBING_NOUNS:
        return True
    return low in _DESCRIBED_HEADS and k > 0 and doc[k - 1].lower_ in DESCRIBING_MODIFIERS


def described_as_outlet(doc: Doc, c: Cand) -> bool:
    """The text describes ``c`` as an outlet or a civil body: "the state news agency X", "the rights
    group X", "X, the insurgents' media outlet", "X (ACR), the military's media wing", "X and other
    outlets"."""
    if _known_force(c) or c.top == "Person" and c.extra.get("titled"):
        return False
    n = len(doc)
    # before the name: "the state news agency Petra", "the Port-au-Prince rights group X"
    if _describing_noun(doc, c.start - 1) and doc[c.start - 1].text.islower():
        return True
    e = c.end
    if e + 2 < n and doc[e].text == "(" and doc[e + 2].text == ")":
        e += 3  # "X (ACR), the ..."
    if e + 2 < n and doc[e].text == "," and doc[e + 1].lower_ in ("the", "a", "an", "its", "their"):
        for k in range(e + 2, min(e + 8, n)):
            t = doc[k]
            if t.is_punct and t.text not in ("'s", "’s", "'", "’") or t.pos_ in ("VERB", "AUX", "ADP"):
                break
            if t.pos_ == "NOUN" and _describing_noun(doc, k) and (k + 1 >= n or doc[k + 1].pos_ != "NOUN"):
                return True
    # "X and other outlets reported"
    return e + 2 < n and doc[e].lower_ == "and" and doc[e + 1].lower_ == "other" and doc[e + 2].lower_ in (
        "outlets", "media", "newspapers", "broadcasters", "channels", "websites")


def is_outlet(doc: Doc, c: Cand) -> bool:
    """A news outlet or wire: its own words, the noun after it, or the reporter's verbs around it."""
    if _known_force(c) or c.top == "Person" and c.extra.get("titled"):
        return False
    if described_as_outlet(doc, c):
        return True
    words = [t.lower_ for t in doc[c.start:c.end]]
    caps = [t.lower_ for t in doc[c.start:c.end] if t.text[:1].isupper()]
    if set(caps) & OUTLET_NAME_WORDS and not set(words) & (FORCE_HEADS - {"agency"}):
        return True
    nxt = doc[c.end].lower_ if c.end < len(doc) else ""
    if nxt in OUTLET_NOUNS and doc[c.end].text.islower() and not set(words) & FORCE_HEADS:
        # "the Khyber agency" is a Pakistani district: a known place keeps its name
        return nxt != "agency" or lookup_place(c.label) is None
    prev = doc[c.start - 1].lower_ if c.start > 0 else ""
    if prev == "told" and c.top != "Person" and not set(words) & FORCE_HEADS and c.prio <= 4:
        after = doc[c.end].text if c.end < len(doc) else "."
        if after in (".", ",", ";", "\n", "on", "in") or after.isspace():
            return True
    return False


def strip_titles(doc: Doc, cands: list[Cand]) -> None:
    """Cut title words off the ends of a name ("TNLA Major General", "Secretary X Y")."""
    titles = TITLES | MORE_TITLES
    for c in cands:
        if c.top == "Operation" or c.extra.get("known") or c.group >= 0:
            continue
        s, e = c.start, c.end
        while e - s > 1 and doc[e - 1].lower_.rstrip(".") in titles | {"gen", "maj", "lt", "col", "brig"}:
            e -= 1
        if c.top == "Person":
            while e - s > 1 and doc[s].lower_ in titles:
                s += 1
        if (s, e) == (c.start, c.end):
            continue
        old = doc[c.start:c.end].text
        c.start, c.end = s, e
        if c.label == old:
            c.label = doc[s:e].text
        if c.top == "Place" and c.label.isupper():
            c.type = "Force"  # an acronym before a rank is the officer's force


def drop_non_entities(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """Remove candidates that are demonyms, weapons, titles or media outlets.

    A candidate directly possessing a dropped outlet ("FDD's Long War Journal") goes too.
    """
    lower_acr = lower_expansion_acronyms(doc)
    norp = norp_words(doc)
    place_names = frozenset(w for c in cands if c.top == "Place" for w in norm(c.label).split() if len(w) >= 4)
    drop: set[int] = set()
    for c in cands:
        if c.top == "Operation" or c.prio >= 9 and c.extra.get("known"):
            continue
        if c.label in lower_acr or is_demonym(doc, c, norp, place_names) or is_weapon(doc, c) or is_title(doc, c) \
                or is_outlet(doc, c) or is_bare_force_word(c) or is_generic_head(c):
            drop.add(id(c))
    # the acronym of a dropped generic name goes with it ("Local Government Area (LGA)")
    generic_acronyms = {doc[c.end + 1].text for c in cands if id(c) in drop and is_generic_head(c)
                        and c.end + 2 < len(doc) and doc[c.end].text == "(" and doc[c.end + 2].text == ")"}
    drop.update(id(c) for c in cands if c.label in generic_acronyms and not _known_force(c))
    # the acronym of a described outlet goes with it ("Inter-Services Public Relations (ISPR), the
    # military's media wing")
    outlet_acronyms = {doc[c.end + 1].text for c in cands if described_as_outlet(doc, c)
                       and c.end + 2 < len(doc) and doc[c.end].text == "(" and doc[c.end + 2].text == ")"}
    drop.update(id(c) for c in cands if c.label in outlet_acronyms and not _known_force(c))
    by_start = {c.start: c for c in cands}
    for c in cands:
        if id(c) in drop or c.end + 1 >= len(doc) or doc[c.end].text not in ("'s", "’s"):
            continue
        owned = by_start.get(c.end + 1)
        if owned is not None and id(owned) in drop and is_outlet(doc, owned) and not _known_force(c):
            drop.add(id(c))
    return [c for c in cands if id(c) not in drop]
