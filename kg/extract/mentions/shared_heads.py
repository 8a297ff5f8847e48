"""Coordinated names that share one plural head: each name takes the head for itself.

"the North-West and South-West regions" names two regions, "the Chadian and Cameroonian air
forces" two air forces, "the SWAT and Tactical regiments" two regiments. Each becomes its own
candidate: a unit takes the head ("Tactical regiment"), a place keeps its bare name and has the
headed one as another name ("South-West", also "South-West region"); the candidates of one phrase sharing its
span (like the split numbered units of :func:`kg.extract.mentions.forces.numbered_units`). A name
that already carries a unit noun or a number ("the 11th Light Infantry, 10th Gajaba Regiment and
6th Gemunu Watch battalions") keeps its label, with the headed name as another name where it has no
head of its own ("11th Light Infantry battalion"); a number with no unit word takes the head
("the 33rd Infantry and 1st Mechanized battalions": "1st Mechanized battalion").
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.mentions.candidate import HYPHEN_PARTICLES, Cand, is_cap, is_num
from kg.extract.mentions.places import KIND_OF_HEAD

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: Plural place heads and their singular.
PLACE_HEADS = {"regions": "region", "provinces": "province", "states": "state", "districts": "district",
               "governorates": "governorate", "counties": "county", "departments": "department",
               "prefectures": "prefecture", "municipalities": "municipality", "townships": "township",
               "subdivisions": "subdivision", "territories": "territory", "rivers": "river"}
#: Plural unit heads and their singular (one or two words).
FORCE_HEADS = {"regiments": "regiment", "battalions": "battalion", "brigades": "brigade",
               "contingents": "contingent", "navies": "navy", "armies": "army", "commands": "command",
               "air forces": "air force", "naval forces": "naval force"}
_UNIT_WORDS = {"regiment", "battalion", "brigade", "division", "corps", "infantry", "rifles", "guard",
               "watch", "force", "command", "army", "contingent", "group", "squadron", "company"}
#: Unit words that are a unit's head ("Regiment"), unlike its arm or role ("Infantry", "Rifles").
_HEAD_WORDS = _UNIT_WORDS - {"infantry", "rifles", "guard", "watch"}
_PLACE_WORDS = set(PLACE_HEADS.values()) | {"city", "town", "village"}
_LEADS = {"the", "its", "their", "his", "her", "both", "and", "of", "in", "from", "by", "'s", "’s"}
_MAX_ITEM = 5


def _item_start(doc: Doc, end: int) -> int:
    """Start of the name ending before token ``end`` (``end`` when none)."""
    s = end
    while s > 0 and end - s < _MAX_ITEM:
        t = doc[s - 1]
        if is_cap(t) and not t.is_punct and t.lower_ not in ("and", "or"):
            s -= 1
        elif t.text == "-" and s >= 2 and not t.whitespace_ and not doc[s - 2].whitespace_:
            s -= 1
        elif t.lower_ in HYPHEN_PARTICLES and s < end and doc[s].text == "-":
            s -= 1
        elif is_num(t) and s < end:
            s -= 1
            break
        else:
            break
    while s < end and (doc[s].text == "-" or not doc[s].text[:1].isalnum()):
        s += 1
    return s


def shared_head_names(doc: Doc, gid: list[int]) -> list[Cand]:
    """Candidates for "A, B and C <plural head>" (see the module docstring)."""
    out: list[Cand] = []
    n = len(doc)
    for i, t in enumerate(doc):
        low = t.lower_
        two = f"{low} {doc[i + 1].lower_}" if i + 1 < n else ""
        if two in FORCE_HEADS:
            head_end, sing, top = i + 2, FORCE_HEADS[two], "Force"
        elif low in FORCE_HEADS and not (i > 0 and f"{doc[i - 1].lower_} {low}" in FORCE_HEADS):
            head_end, sing, top = i + 1, FORCE_HEADS[low], "Force"
        elif low in PLACE_HEADS:
            head_end, sing, top = i + 1, PLACE_HEADS[low], "Place"
        else:
            continue
        if t.text[:1].isupper() and i > 0 and not doc[i - 1].is_sent_end:
            continue  # a capitalised head belongs to one proper name ("United Arab Emirates")
        items: list[tuple[int, int]] = []
        end = i
        conj = False
        while end > 0:
            s = _item_start(doc, end)
            if s == end:
                break
            items.append((s, end))
            p = s - 1
            if p >= 0 and doc[p].lower_ in ("and", "or") and not conj:
                conj = True  # one conjunction, before the last name: "A, B and C"
                p -= 1
                if p >= 0 and doc[p].text == ",":
                    p -= 1
            elif p >= 0 and doc[p].text == "," and items and conj:
                p -= 1
            else:
                break
            end = p + 1
        if len(items) < 2 or not conj:
            continue
        first = min(s for s, _ in items)
        if first > 0 and doc[first - 1].lower_ not in _LEADS and not doc[first - 1].is_punct \
                and doc[first - 1].pos_ not in ("ADP", "VERB", "AUX", "SCONJ", "CCONJ"):
            continue
        g = gid[0]
        gid[0] += 1
        head_txt = " ".join(x.text for x in doc[i:head_end])
        head_sing = sing if head_txt.islower() else sing.title()
        for s, e in sorted(items):
            name = doc[s:e].text
            words = {x.lower_ for x in doc[s:e]}
            if top == "Force" and is_num(doc[s]) and not words & _UNIT_WORDS:
                label, alias = f"{name} {head_sing}", name  # "1st Mechanized" battalion
            elif top == "Force" and (is_num(doc[s]) or words & _UNIT_WORDS):
                # "11th Sri Lanka Light Infantry", also "11th Sri Lanka Light Infantry Battalion"
                label, alias = name, None if words & _HEAD_WORDS else f"{name} {head_sing}"
            elif top == "Place" and (is_num(doc[s]) or words & _PLACE_WORDS):
                label, alias = name, None  # "Shan State"
            elif top == "Place":
                label, alias = name, f"{name} {head_sing}"  # the text never writes "B region" itself
            else:
                label, alias = f"{name} {head_sing}", None
            ctype = KIND_OF_HEAD.get(sing, "Area") if top == "Place" else "MilitaryUnit"
            # a place keeps its own words (the relation rules read "A, B and C townships in Y"
            # around them); units share the phrase, as split numbered units do
            a, b = (s, e) if top == "Place" else (first, head_end)
            c = Cand(start=a, end=b, label=label, type=ctype, prio=8, group=g, alias=alias)
            c.extra["num_tok"] = s
            c.extra["shared_head"] = True
            out.append(c)
    return out


__all__ = ["shared_head_names"]
