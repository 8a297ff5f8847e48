"""Person recognition: spaCy PERSON spans and titled names, with titles removed."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.tokens import toks
from kg.extract.mentions.candidate import TOPO_PREFIXES, Cand, extend_particles, is_cap
from kg.extract.lexicon import FORCE_HEADS, HOSTILE_WORDS, PLACE_HEADS, ROLE_NOUNS, STOP_NAMES, TITLES
from kg.extract.lookups import lookup_place

if TYPE_CHECKING:
    from spacy.tokens import Doc

_RANK_TITLES = {"gen", "gen.", "maj", "maj.", "lt", "lt.", "col", "col.", "brig", "brig.",
                "capt", "capt.", "sgt", "sgt.", "adm", "adm.", "major", "general", "colonel",
                "lieutenant", "brigadier", "captain", "governor", "mayor", "president",
                "spokesman", "commander", "sheikh", "dr.", "mr.", "gov.", "lt.-gen.", "maj.-gen."}


def _strip_titles(doc: Doc, s: int, e: int) -> int:
    while s < e - 1 and (doc[s].lower_ in TITLES or doc[s].text == "." or doc[s].text.endswith(".") and len(doc[s]) <= 5):
        s += 1
    return s


def persons(doc: Doc) -> list[Cand]:
    """Person names: PERSON entities and capitalised words after a rank or title."""
    out: list[Cand] = []
    seen: set[int] = set()
    for ent in toks(doc).ents:
        if ent.label_ != "PERSON":
            continue
        s = _strip_titles(doc, ent.start, ent.end)
        e = ent.end
        # extend left over name parts the model cut off ("the villages of Xyz Abc")
        while s > 0 and s == ent.start and doc[s - 1].pos_ == "PROPN" and is_cap(doc[s - 1]) \
                and doc[s - 1].ent_type_ == "" and not doc[s - 1].is_sent_start \
                and doc[s - 1].lower_.rstrip(".") not in TITLES and doc[s - 1].lower_ not in STOP_NAMES \
                and doc[s - 1].lower_ not in FORCE_HEADS:
            s -= 1
        while e > s and (doc[e - 1].text in ("'s", "’s") or doc[e - 1].is_punct):
            e -= 1
        # extend over following capitalised name parts the model cut off
        while e < len(doc) and doc[e].pos_ == "PROPN" and is_cap(doc[e]) and doc[e].ent_type_ in ("", "PERSON") \
                and doc[e].lower_ not in FORCE_HEADS:
            e += 1
        if e <= s:
            continue
        s, e = extend_particles(doc, s, e)
        words = [t.lower_ for t in doc[s:e]]
        if words[0] in TOPO_PREFIXES and e - s > 1 and is_cap(doc[s]):
            # "Ain al-Beida", "Jabal Marra": a topographic word opens a place name
            out.append(Cand(start=s, end=e, label=doc[s:e].text, type="Place", prio=3))
            seen.update(range(s, e))
            continue
        if words[-1] in FORCE_HEADS or words[-1] in PLACE_HEADS or words[0] in STOP_NAMES:
            continue
        if all(w.rstrip(".") in TITLES or w.rstrip(".") + "." in TITLES or w == "." or w in ROLE_NOUNS
               for w in words):
            continue  # a bare title ("Brig.") the model cut from its name
        if e < len(doc) and doc[e].lower_ in HOSTILE_WORDS:
            continue
        titled = s > 0 and doc[s - 1].lower_ in _RANK_TITLES
        if not titled and e - s > 1 and lookup_place(doc[s:e].text) is not None:
            # "attacked Mocímboa da Praia": a name the gazetteer knows whole is the place
            out.append(Cand(start=s, end=e, label=doc[s:e].text, type="Place", prio=3))
            seen.update(range(s, e))
            continue
        c = Cand(start=s, end=e, label=doc[s:e].text, type="Person", prio=4 if (e - s > 1 or titled) else 1)
        c.extra["titled"] = titled
        out.append(c)
        seen.update(range(s, e))
    out += apposed_role_persons(doc, seen)
    # rank + capitalised words the model missed ("Col. Amadou Keita")
    n = len(doc)
    for i in toks(doc).positions(_RANK_TITLES):
        tok = doc[i]
        if tok.lower_ not in _RANK_TITLES or not (tok.text[0].isupper()):
            continue
        j = i + 1
        while j < n and (doc[j].lower_ in TITLES or doc[j].text == "."):
            j += 1
        k = j
        while k < n and doc[k].pos_ == "PROPN" and is_cap(doc[k]) and doc[k].lower_ not in FORCE_HEADS:
            k += 1
        if k - j >= 2 and not any(t in seen for t in range(j, k)):
            out.append(Cand(start=j, end=k, label=doc[j:k].text, type="Person", prio=4,
                            extra={"titled": True}))
            seen.update(range(j, k))
    return out


#: Words between the comma and the role noun of an apposition ("a senior military spokesman").
_APPOSITION_FILLER = {"DET", "ADJ", "NOUN", "PROPN", "ADV"}


def apposed_role_persons(doc: Doc, seen: set[int]) -> list[Cand]:
    """A name the model missed, followed by an apposition giving a role: "Mira Tal, a spokeswoman
    for ...", "Omar Sidi, the group's commander". ``seen`` (tokens already in a person) grows."""
    from kg.extract.lookups import lookup_place

    out: list[Cand] = []
    n = len(doc)
    i = 0
    while i < n:
        if doc[i].pos_ != "PROPN" or not is_cap(doc[i]) or i in seen:
            i += 1
            continue
        k = i
        while k < n and doc[k].pos_ == "PROPN" and is_cap(doc[k]) and doc[k].ent_type_ in ("", "PERSON") \
                and k not in seen:
            k += 1
        if not 2 <= k - i <= 4 or k + 2 >= n or doc[k].text != ",":
            i = max(k, i + 1)
            continue
        words = {t.lower_.rstrip(".") for t in doc[i:k]}
        if words & (FORCE_HEADS | PLACE_HEADS | STOP_NAMES | TITLES) or lookup_place(doc[i:k].text) is not None:
            i = k
            continue
        j = k + 1
        role = False
        while j < min(n, k + 6) and (doc[j].pos_ in _APPOSITION_FILLER or doc[j].text in ("'s", "’s")):
            if doc[j].lower_ in ROLE_NOUNS and doc[j].text.islower():
                role = True
                break
            j += 1
        if role:
            out.append(Cand(start=i, end=k, label=doc[i:k].text, type="Person", prio=4))
            seen.update(range(i, k))
        i = k
    return out
