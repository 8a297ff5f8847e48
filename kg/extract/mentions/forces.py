"""Force recognition: numbered units (with coordinated lists), named forces, "Iraqi army"."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.tokens import toks
from kg.extract.mentions.candidate import Cand, is_cap, is_num, is_num_text
from kg.extract.lexicon import FORCE_HEADS, NUMBERED_UNIT_NOUNS

if TYPE_CHECKING:
    from spacy.tokens import Doc

_SINGULAR = {
    "brigades": "brigade", "battalions": "battalion", "divisions": "division",
    "regiments": "regiment", "squadrons": "squadron", "platoons": "platoon",
    "batteries": "battery", "detachments": "detachment", "wings": "wing",
    "sectors": "sector", "legions": "legion", "companies": "company", "armies": "army",
    "fleets": "fleet", "corps": "corps",
}
_QUAL_OK = {"special", "forces", "task", "force", "mechanised", "mechanized", "infantry",
            "armoured", "armored", "motorised", "motorized", "artillery", "commando",
            "airborne", "marine", "border", "guard", "guards", "rapid", "reaction", "response",
            "intervention", "strike", "quick", "support", "engineer", "engineers", "assault",
            "mountain", "air", "tank", "rifle", "light", "heavy", "combined", "arms",
            "operations", "tactical", "intelligence", "reconnaissance", "presidential", "military",
            "reserve", "paratroopers", "paratrooper", "parachute", "naval", "territorial", "defence",
            "defense", "guerrilla", "missile", "signal", "signals", "cavalry", "armor", "armour",
            "logistics", "medical", "police", "regional", "army"}
_NOT_PLACE_AFTER = {"of", "and", "in", "on", "at", "said", "the", "has", "had", "was", "were",
                    "is", "are", "which", "who", "troops", "soldiers", "commander", "headquarters"}


def numbered_units(doc: Doc, gid: list[int]) -> list[Cand]:
    """Numbered units, splitting coordinated lists into one Cand per number.

    "the 12, 14 and 15 Mountain Infantry Battalions" -> three Cands sharing a group.
    """
    out: list[Cand] = []
    n = len(doc)
    text = toks(doc).text
    i = 0
    while i < n:
        if not is_num_text(text[i]) or (i > 0 and doc[i - 1].lower_ in ("about", "around", "some", "over", "than")):
            i += 1
            continue
        nums = [i]
        j = i + 1
        while j + 1 < n and doc[j].text in (",", "and", "&", "or") :
            k = j + 1
            if doc[k].text in ("and", "or") and k + 1 < n:
                k += 1
            if is_num(doc[k]):
                nums.append(k)
                j = k + 1
            else:
                break
        # qualifiers then a unit noun
        k = j
        quals = []
        while k < n and doc[k].lower_ in _QUAL_OK and doc[k].lower_ not in NUMBERED_UNIT_NOUNS:
            quals.append(doc[k])
            k += 1
        if k >= n:
            break
        if k < n and _SINGULAR.get(doc[k].lower_, doc[k].lower_) not in NUMBERED_UNIT_NOUNS | {"rifles"} \
                and any(ch.isdigit() for ch in doc[i].text):
            # "46th Rangers Regiment", "19 Rashtriya Rifles": capitalised words of the unit's own name
            q = k
            while q < n and q - k < 3 and is_cap(doc[q]) and doc[q].pos_ in ("PROPN", "NOUN", "ADJ") \
                    and _SINGULAR.get(doc[q].lower_, doc[q].lower_) not in NUMBERED_UNIT_NOUNS | {"rifles"}:
                q += 1
            if q > k and q < n and is_cap(doc[q]) and \
                    _SINGULAR.get(doc[q].lower_, doc[q].lower_) in NUMBERED_UNIT_NOUNS | {"rifles"} \
                    and (_ordinal(doc[i].text) or _cardinal_unit_name(doc, k, q)):
                quals += list(doc[k:q])
                k = q
        if k >= n:
            break
        noun = doc[k].lower_
        sing = _SINGULAR.get(noun, noun)
        if noun == "rifles" and quals and doc[k].text[0].isupper():
            sing = "Rifles"  # a regiment named after its arm ("Assam Rifles")
        elif sing not in NUMBERED_UNIT_NOUNS or (sing == "company" and not quals and not doc[k].text[0].isupper()):
            i = j
            continue
        plural = (noun != sing and sing != "Rifles") or (len(nums) > 1)
        end = k + 1
        place_suffix = ""
        if not plural and end < n and doc[end].pos_ == "PROPN" and is_cap(doc[end]) \
                and doc[end].lower_ not in _NOT_PLACE_AFTER and doc[end].ent_type_ not in ("PERSON", "ORG", "DATE"):
            place_suffix = " " + doc[end].text
            end += 1
        qual_txt = " ".join(t.text if t.text[0].isupper() else t.text.capitalize() for t in quals)
        noun_txt = sing.capitalize() if sing not in ("corps", "Rifles") else sing.capitalize()
        g = gid[0]
        gid[0] += 1
        for m in nums:
            parts = [doc[m].text] + ([qual_txt] if qual_txt else []) + [noun_txt]
            label = " ".join(parts) + place_suffix
            start = m if len(nums) > 1 else i
            c = Cand(start=i, end=end, label=label, type="MilitaryUnit", prio=8,
                     group=g if len(nums) > 1 else -1)
            c.extra["num_tok"] = m
            if place_suffix:
                c.alias = " ".join(parts)
            _ = start
            out.append(c)
        i = end
    return out


def named_forces(doc: Doc) -> list[Cand]:
    """Capitalised names ending in a force word ("Afghan National Army", "Joint Task Force")."""
    out: list[Cand] = []
    n = len(doc)
    for i in toks(doc).positions(FORCE_HEADS):
        tok = doc[i]
        low = tok.lower_
        if low not in FORCE_HEADS or not is_cap(tok):
            continue
        if i + 1 < n and doc[i + 1].lower_ in FORCE_HEADS and is_cap(doc[i + 1]):
            continue  # the head is further right ("Task Force Battalion")
        j = i
        while j - 1 >= 0:
            p = doc[j - 1]
            if is_cap(p) and not p.is_sent_start and p.lower_ not in ("the",) and not is_num(p):
                j -= 1
            elif p.text in ("-", "'s", "’s") and j - 2 >= 0 and is_cap(doc[j - 2]):
                j -= 1
            elif p.text.isalpha() and p.text.islower() and j - 3 >= 0 and doc[j - 2].text == "-" \
                    and is_cap(doc[j - 3]) and not doc[j - 3].is_sent_start:
                j -= 2  # "Counter-terrorism Brigade", "Anti-narcotics Force"
            elif p.is_sent_start and is_cap(p) and p.lower_ not in ("the", "a", "an"):
                j -= 1
                break
            else:
                break
        j = _place_with_and(doc, j)
        for k in range(j, i):
            if doc[k].text in ("'s", "’s") and k > j and _owner_possessive(doc, j, k):
                j = k + 1  # "MONUSCO's Indian Contingent": the owner is a name of its own
        while j < i and doc[j].text in ("-", "'s", "’s"):
            j += 1
        area_end = _command_area(doc, i + 1) if low == "command" and i + 1 < n and doc[i + 1].lower_ == "of" else i + 1
        if j == i and area_end == i + 1 and low in ("forces", "force", "army", "police", "command", "group", "unit",
                              "units", "cell", "service", "services", "mission", "agency", "front",
                              "movement", "navy", "coalition", "brigade", "battalion", "division",
                              "contingent", "contingents", "commandos", "rangers", "marines", "guards",
                              "alliance", "aviation", "warriors", "mujahideen"):
            continue  # a bare head word is generic
        # "X Y Mission in Mali": extend right over "in/of" + capitalised words when an
        # acronym in brackets follows (the acronym confirms the long name)
        end = i + 1
        if low == "command":
            end = area_end  # "Operations Command of al-Jazeera", "Command of Anbar Operations"
        elif end + 1 < n and doc[end].lower_ in ("in", "of", "for") and is_cap(doc[end + 1]):
            k = end + 1
            while k < n and is_cap(doc[k]) and doc[k].text != "(":
                k += 1
            if k < n and doc[k].text == "(":
                end = k
        if end == i + 1 and j < i and low in ("forces", "force", "army"):
            end = _country_after(doc, end)  # "Armed Forces of the Philippines", "... of Ukraine"
        t = "MilitaryUnit"
        if low in ("police", "gendarmerie"):
            t = "PoliceForce"
        elif low in ("coalition",):
            t = "Coalition"
        elif low in ("militia", "militias", "mobilisation", "mobilization"):
            t = "Paramilitary"
        if any(is_num(x) for x in doc[j:end]):
            continue
        out.append(Cand(start=j, end=end, label=doc[j:end].text, type=t, prio=6))
    return out


#: Possessive words that belong inside a force's name ("People's Liberation Army", "Workers' Party").
_NAME_POSSESSIVES = {"people", "peoples", "workers", "martyrs", "patriots", "women", "nation", "god",
                     "mujahideen", "citizens", "children", "youth", "farmers", "believers"}


def _owner_possessive(doc: Doc, j: int, k: int) -> bool:
    """The "'s" at ``k`` separates an owner from a force's own name ("the Varnian Army's Northern Command")."""
    from kg.extract.lookups import lookup_force, lookup_place

    owner = doc[j:k]
    last = doc[k - 1]
    if last.lower_ in _NAME_POSSESSIVES:
        return False
    if last.text.isupper() and len(last.text) > 1:
        return True
    if last.lower_ in FORCE_HEADS or lookup_force(owner.text) is not None or lookup_place(owner.text) is not None:
        return True
    # the tagger sees two names: one ending at the possessive, one starting after it
    return k + 1 < len(doc) and doc[k + 1].ent_iob_ == "B"


def _place_with_and(doc: Doc, j: int) -> int:
    """Start of "Jammu and Kashmir Police": widen over "X and" when "X and Y..." is a known place."""
    from kg.extract.lookups import lookup_place

    if j >= 2 and doc[j - 1].lower_ == "and" and is_cap(doc[j - 2]) and not doc[j - 2].is_sent_start:
        for k in range(j - 2, max(-1, j - 5), -1):
            if not is_cap(doc[k]):
                break
            if lookup_place(doc[k:j + 1].text) is not None:
                return k
    return j


def _country_after(doc: Doc, of_i: int) -> int:
    """End of "of [the] COUNTRY" at ``of_i`` (not "of Iran's ..."), or ``of_i`` when no country follows."""
    from kg.extract.lookups import lookup_place

    if of_i >= len(doc) or doc[of_i].lower_ != "of":
        return of_i
    k = of_i + 2 if of_i + 1 < len(doc) and doc[of_i + 1].lower_ == "the" else of_i + 1
    for end in range(min(len(doc), k + 7), k, -1):
        hit = lookup_place(doc[k:end].text) if is_cap(doc[end - 1]) else None
        if hit is not None and hit.kind == "Country":
            return of_i if end < len(doc) and doc[end].text in ("'s", "’s") else end
    return of_i


def _arabic_article(doc: Doc, k: int) -> bool:
    """Tokens ``k``.. are an Arabic article glued to a name ("al", "-", "Jazeera")."""
    return k + 2 < len(doc) and doc[k].lower_ in ("al", "el", "ad", "ar", "as", "ash", "az") \
        and doc[k + 1].text == "-" and is_cap(doc[k + 2])


def _command_area(doc: Doc, of_i: int) -> int:
    """End of "Command of (north) (al-)X (and Y)", or ``of_i`` when no place name follows."""
    from kg.extract.lexicon import DIRECTION_WORDS

    k = of_i + 1
    end = of_i
    while k < len(doc):
        if doc[k].lower_ in DIRECTION_WORDS and not doc[k].text[0].isupper():
            k += 1
        if _arabic_article(doc, k):
            k += 2
        if k < len(doc) and is_cap(doc[k]) and doc[k].pos_ == "PROPN":
            while k < len(doc) and is_cap(doc[k]) and doc[k].pos_ == "PROPN":
                k += 1
            end = k
        else:
            break
        if k + 1 < len(doc) and doc[k].lower_ == "and" and (is_cap(doc[k + 1]) or doc[k + 1].lower_ in DIRECTION_WORDS):
            k += 1
            continue
        break
    return end


_LOWER_FORCE = {"army", "police", "navy", "military", "coalition", "gendarmerie", "peshmerga"}


def _country_name(tok) -> bool:
    """A capitalised single-word country name of the gazetteer ("Myanmar")."""
    from kg.extract.lookups import lookup_place

    if not tok.text[:1].isupper():
        return False
    hit = lookup_place(tok.text)
    return hit is not None and hit.kind == "Country"


def adjectival_forces(doc: Doc) -> list[Cand]:
    """Nationality adjective + force noun ("Afghan army", "federal police", "Saudi-led coalition")."""
    out: list[Cand] = []
    for i in toks(doc).positions(_LOWER_FORCE):
        tok = doc[i]
        if tok.lower_ not in _LOWER_FORCE or i == 0:
            continue
        p = doc[i - 1]
        if tok.lower_ == "military":
            # "the Nigerian military", "the Myanmar military", "Myanmar's military" name the state's
            # forces; "the military" alone, "British military intelligence" do not
            nxt = doc[i + 1] if i + 1 < len(doc) else None
            if nxt is not None and nxt.pos_ in ("NOUN", "PROPN") and not nxt.is_punct:
                continue
            owner = doc[i - 2] if p.text in ("'s", "’s") and i >= 2 else p
            country = _country_name(owner)
            if not (country or owner is p and p.ent_type_ == "NORP" and p.text[0].isupper()):
                continue
            out.append(Cand(start=owner.i, end=i + 1, label=doc[owner.i:i + 1].text, type="MilitaryUnit", prio=5))
            continue
        if tok.lower_ == "force" and p.lower_ == "air":
            continue
        ok = (p.ent_type_ == "NORP" and p.text[0].isupper() and not p.text.endswith("'s")) \
            or p.lower_ in ("federal", "national") \
            or (p.lower_.endswith("-led") and is_cap(p))
        if p.text.endswith("led") and i >= 3 and doc[i - 2].text == "-":
            ok = True
            p_start = i - 3
        else:
            p_start = i - 1
        if not ok:
            continue
        if i + 1 < len(doc) and doc[i + 1].lower_ in ("units", "forces", "officers", "troops", "officer", "chief", "spokesman"):
            if doc[i + 1].lower_ in ("units", "forces", "officers", "troops"):
                continue
        t = {"police": "PoliceForce", "coalition": "Coalition"}.get(tok.lower_, "MilitaryUnit")
        out.append(Cand(start=p_start, end=i + 1, label=doc[p_start:i + 1].text, type=t, prio=5))
    return out


_HOSTILE_NEXT = {"militants", "insurgents", "jihadists", "fighters", "rebels", "extremists", "gunmen",
                 "terrorists", "cells", "remnants", "group"}


#: Determiners and quantifiers that open a sentence before a name ("Most Moro rebels").
_NOT_NAME_LEADS = {"the", "a", "an", "most", "many", "some", "several", "all", "other", "few", "both", "these",
                   "those", "such", "no"}


def hostile_named_groups(doc: Doc) -> list[Cand]:
    """A capitalised name of two words or more right before "militants"/"fighters"/... or a
    lower-case "group" names an armed group ("the Dawlah Islamiyah-Maguindanao group")."""
    out: list[Cand] = []
    for i in toks(doc).positions(_HOSTILE_NEXT):
        tok = doc[i]
        if tok.lower_ not in _HOSTILE_NEXT or i == 0 or not tok.text.islower():
            continue
        j = i
        while j - 1 >= 0 and (is_cap(doc[j - 1]) or doc[j - 1].text == "-") and not doc[j - 1].is_sent_start \
                and doc[j - 1].lower_ not in _NOT_NAME_LEADS:
            j -= 1
        if j - 1 >= 0 and doc[j - 1].is_sent_start and is_cap(doc[j - 1]) and doc[j - 1].lower_ not in _NOT_NAME_LEADS:
            j -= 1
        while j < i and doc[j].text == "-":
            j += 1
        if i - j >= 2 and doc[j].ent_type_ not in ("NORP",):
            out.append(Cand(start=j, end=i, label=doc[j:i].text, type="ArmedGroup", prio=6))
    return out


#: Capitalised nouns of numbered administrative areas ("District 3"): places, not units.
_NUMBERED_AREAS = {"district", "ward", "block", "zone", "quarter"}
#: Sites named by a number ("Tower 22", "Camp 5", "Outpost 9").
_NUMBERED_SITES = {"tower", "camp", "outpost", "checkpoint", "post"}
#: Arms of service that, with "No.", name a unit ("Infantry No. 124").
_ARM_NOUNS = {"infantry", "artillery", "cavalry", "rifles"}
#: Area words that, after a force's name and before a number, name its regional command.
_COMMAND_AREAS = {"region", "zone", "area"}
#: Force words a number after them turns into a unit's name ("Task Force 1", "Force 17").
_NUMBERED_FORCES = {"force"}


def _ordinal(text: str) -> bool:
    return text[:1].isdigit() and text.lower().endswith(("st", "nd", "rd", "th"))


def _cardinal_unit_name(doc: Doc, k: int, q: int) -> bool:
    """After a bare number, "Rashtriya Rifles" names a unit; "23 Pakistan Army soldiers" counts men."""
    from kg.extract.lookups import lookup_place

    if q + 1 < len(doc) and doc[q + 1].pos_ == "NOUN" and doc[q + 1].text.islower():
        return False
    return not any(lookup_place(t.text) is not None for t in doc[k:q])


def units_numbered_after(doc: Doc) -> list[Cand]:
    """A unit noun followed by its number: "Sector 2", "Missile Battalion 606", "Battalion No. 1",
    "Task Force 1".

    Capitalised qualifiers before the noun belong to the name ("Border Guard Police Battalion
    No. 5"); a possessive owner does not ("the Tatmadaw's Missile Battalion 606").
    Numbered areas ("District 2") are places.
    """
    out: list[Cand] = []
    n = len(doc)
    for i in toks(doc).positions(NUMBERED_UNIT_NOUNS | _NUMBERED_AREAS | _ARM_NOUNS | _COMMAND_AREAS | _NUMBERED_SITES
                                 | _NUMBERED_FORCES):
        tok = doc[i]
        if not tok.text[:1].isupper() or i + 1 >= n:
            continue
        # "Infantry No. 124": an arm with "No." numbers a unit; a bare "Region 4" after a
        # force's name is that force's regional command ("Security Command Region 4")
        if tok.lower_ in _ARM_NOUNS and doc[i + 1].lower_ not in ("no.", "no", "number", "nr."):
            continue
        command_area = tok.lower_ in _COMMAND_AREAS and tok.lower_ not in _NUMBERED_AREAS
        if command_area and not (i > 0 and doc[i - 1].lower_ in FORCE_HEADS and is_cap(doc[i - 1])):
            continue
        k = i + 1
        if doc[k].lower_ in ("no.", "no", "number", "nr.") and k + 1 < n:
            k += 1
            if doc[k].text == "." and k + 1 < n:
                k += 1
        if not (doc[k].text.isdigit() and len(doc[k].text) <= 4):
            continue
        if k + 1 < n and doc[k + 1].lower_ in ("km", "kilometres", "kilometers", "miles", "percent", "%"):
            continue
        s = i
        while s - 1 >= 0 and is_cap(doc[s - 1]) and (not doc[s - 1].is_sent_start or doc[s - 1].pos_ == "PROPN") \
                and doc[s - 1].lower_ not in ("the", "a", "an") and doc[s - 1].ent_type_ not in ("DATE", "NORP"):
            s -= 1
        if doc[s].is_sent_start and doc[s].lower_ in ("the", "a", "an"):
            s += 1
        if tok.lower_ in _NUMBERED_SITES:
            if i > 0 and is_cap(doc[i - 1]) and not doc[i - 1].is_sent_start:
                continue  # "Kolo Camp 3": left to the place recognisers
            out.append(Cand(start=i, end=k + 1, label=doc[i:k + 1].text, type="Place", prio=6))
        elif tok.lower_ in _NUMBERED_AREAS and not (i > 0 and doc[i - 1].lower_ in FORCE_HEADS and is_cap(doc[i - 1])):
            out.append(Cand(start=i, end=k + 1, label=doc[i:k + 1].text, type="District", prio=8))
        else:
            out.append(Cand(start=s, end=k + 1, label=doc[s:k + 1].text, type="MilitaryUnit", prio=8))
    return out
