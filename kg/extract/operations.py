"""Operation recognition: "Operation X", quoted names, "X operation", phases."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.extract.boundaries import hyphen_end
from kg.extract.toks import toks
from kg.extract.cands import QUOTES, Cand, is_cap
from kg.extract.lexicon import OPERATION_NOUNS, STOP_NAMES

if TYPE_CHECKING:
    from spacy.tokens import Doc

_ROMAN = re.compile(r"^(I{1,3}|IV|V|VI{0,3}|IX|X|\d{1,2})$")
_ORD_WORDS = {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
              "ninth", "tenth", "final", "last", "next", "new", "latest", "initial", "opening"}
_NAME_LINKS = {"of", "for", "to"}
_OPEN_Q = "'‘“\"«"
_CLOSE_Q = "'’”\"»"


def _is_known_place(word: str) -> bool:
    """True for a gazetteer place ("deployed under Operation X to Mali" ends the name)."""
    from kg.extract.resources import lookup_place

    return lookup_place(word) is not None


_OWNER_NOUNS = {"military", "army", "armed", "forces", "force", "police", "troops", "government",
                "navy", "gendarmerie", "authorities", "defence", "defense"}


def _owner_phrase(doc: Doc, k: int) -> bool:
    """"Operation X of the Nigerian military": the words after "of" name its owner, not the name."""
    if doc[k].ent_type_ == "NORP":
        return True
    e = k
    while e < len(doc) and is_cap(doc[e]):
        e += 1
    return e < len(doc) and doc[e].lower_ in _OWNER_NOUNS and not doc[e].text[:1].isupper()


def named_operations(doc: Doc) -> list[Cand]:
    """"Operation Inherent Resolve" (capitalised "Operation" + capitalised words)."""
    out = []
    n = len(doc)
    for i in toks(doc).where_text(("Operation", "Operations")):
        tok = doc[i]
        if tok.text != "Operation" and tok.text != "Operations":
            continue
        if i + 1 < n and doc[i + 1].lower_ in ("command", "commands", "centre", "center"):
            continue
        j = i + 1
        while j < n:
            if (is_cap(doc[j]) or _ROMAN.match(doc[j].text) and j > i + 1) \
                    and doc[j].lower_ not in ("command",) and doc[j].text not in QUOTES:
                j += 1
                continue
            # "Operation Shield of Valour", "Operation Path to Freedom": a lower-case
            # connector inside the name when a capitalised word follows it
            k = j + 1 if doc[j].lower_ in _NAME_LINKS and j > i + 1 else j
            if k > j and k < n and doc[k].lower_ == "the":
                k += 1
            if k > j and k < n and is_cap(doc[k]) and doc[k].text not in QUOTES \
                    and not (doc[j].lower_ != "of" and _is_known_place(doc[k].text)) \
                    and not _owner_phrase(doc, k):
                j = k
                continue
            break
        if j == i + 1 and j < n and doc[j].text.isdigit() and len(doc[j].text) >= 2:
            j += 1  # "Operation 1027"
        if j == i + 1:
            continue
        j = hyphen_end(doc, j)  # "Operation Khyber-IV", "Operation Radd-ul-Fasaad"
        label = doc[i:j].text
        c = Cand(start=i, end=j, label=label, type="Operation", prio=9)
        c.alias = doc[i + 1:j].text
        out.append(c)
    return out


_NAMING_VERBS = {"named", "dubbed", "codenamed", "code-named", "called", "christened", "titled"}


def named_after_noun(doc: Doc) -> list[Cand]:
    """"the operation, named Bohoma Anger", "an offensive dubbed Desert Shield": the name is an Operation."""
    out = []
    n = len(doc)
    for i in toks(doc).positions(_NAMING_VERBS | {"code"}):
        j = i + 1
        if doc[i].lower_ == "code":  # "code - named" split by the tokenizer
            if not (i + 2 < n and doc[i + 1].text == "-" and doc[i + 2].lower_ == "named"):
                continue
            j = i + 3
        elif doc[i].lower_ not in _NAMING_VERBS:
            continue
        b = i - 1
        while b >= 0 and (doc[b].text in (",", "(") or doc[b].lower_ in ("also", "now", "later", "first")):
            b -= 1
        if b < 0 or doc[b].lower_ not in OPERATION_NOUNS | {"phase", "mission"}:
            continue
        while j < n and doc[j].text in QUOTES:
            j += 1
        if j < n and doc[j].text == "Operation":
            continue  # "Operation X" is read by named_operations
        e = j
        while e < n and (is_cap(doc[e]) or e > j and _ROMAN.match(doc[e].text)) and doc[e].text not in QUOTES:
            e += 1
        e = hyphen_end(doc, e)
        if e == j or e - j > 6 or doc[j].lower_ in STOP_NAMES:
            continue
        out.append(Cand(start=j, end=e, label=doc[j:e].text, type="Operation", prio=8))
    return out


def quoted_operations(doc: Doc) -> list[Cand]:
    """A quoted capitalised name next to an operation noun ("the 'Desert Lion' offensive")."""
    out = []
    text = toks(doc).doc_text
    for m in list(re.finditer(r"[‘“\"']([A-Z][^‘’“”\"\n]{1,60}?)[’”\"']", text)) + \
            list(re.finditer(r"[‘“\"]([a-z][^‘’“”\"\n]{1,80}?)[’”\"]", text)):
        inner = m.group(1).strip()
        if len(inner.split()) > (8 if inner[0].isupper() else 12):
            continue
        span = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
        if span is None:
            continue
        k = span.end
        while k < len(doc) and doc[k].is_punct:
            k += 1
        after = doc[k] if k < len(doc) else None
        b = span.start - 1
        while b >= 0 and (doc[b].is_punct or doc[b].text in QUOTES):
            b -= 1
        before = doc[b] if b >= 0 else None
        name_as = before is not None and before.lower_ == "as" and any(
            t.lower_ in ("name", "names", "codename", "code") for t in doc[max(0, b - 3):b])
        last = inner.split()[-1].lower()
        words = inner.split()
        is_op = (after is not None and after.lower_ in OPERATION_NOUNS) \
            or (before is not None and before.lower_ in ("operation", "codenamed", "dubbed", "named", "code-named")) \
            or name_as
        if last in OPERATION_NOUNS:
            # a quoted descriptive name: "the third phase of the X inspection"
            name = re.sub(r"^(the\s+)?((" + "|".join(_ORD_WORDS) + r")\s+phase\s+of\s+(the\s+)?)?",
                          "", inner, flags=re.I)
            if name and name[0].isalpha() and any(w[:1].isupper() for w in name.split()):
                s2 = doc.char_span(m.end(1) - len(name), m.end(1), alignment_mode="expand")
                if s2 is not None:
                    out.append(Cand(start=s2.start, end=s2.end, label=name, type="Operation", prio=8))
            continue
        if not is_op or not all(w[0].isupper() or w.lower() in ("of", "to", "the", "and", "for") for w in words):
            continue
        if inner.lower() in STOP_NAMES:
            continue
        out.append(Cand(start=span.start, end=span.end, label=inner, type="Operation", prio=8))
    return out


_HEAD_OPS = {"operation", "operations", "offensive", "campaign", "campaigns", "offensives"}
_GENERIC_MODS = {"security", "military", "ground", "air", "joint", "new", "fresh", "major", "latest",
                 "clearance", "clearing", "large", "big", "recent", "same", "whole", "wider"}


def place_operations(doc: Doc, place_spans: list[tuple[int, int]]) -> list[Cand]:
    """Unnamed but identified operations, labelled with the text's own phrase.

    "the Idlib operation", "the Raqqa clearance operation", "the river villages offensive",
    "the offensive in central Kordofan" (definite, tied to a place or noun modifiers).
    """
    out = []
    starts = {s: e for s, e in place_spans}
    ends = {e: s for s, e in place_spans}
    for i in toks(doc).positions(("operation", "offensive", "campaign")):
        tok = doc[i]
        if tok.lower_ not in ("operation", "offensive", "campaign") or tok.pos_ not in ("NOUN", "PROPN") and not (
                tok.lower_ == "offensive" and i > 0 and doc[i - 1].pos_ == "NOUN"):
            continue
        # modifiers before the noun: nouns / one place span, after "the"
        j = i
        has_place = False
        place_span: tuple[int, int] | None = None
        while j - 1 >= 0:
            if (j in ends) and not has_place:
                place_span = (ends[j], j)
                j = ends[j]
                has_place = True
                continue
            p = doc[j - 1]
            if p.pos_ == "NOUN" and p.lower_ not in _HEAD_OPS and (p.dep_ == "compound" or tok.pos_ == "ADJ") \
                    and i - j < 3:
                j -= 1
                continue
            if not has_place and p.pos_ == "PROPN" and is_cap(p) and p.dep_ == "compound" and p.lower_ not in STOP_NAMES:
                k = j - 1
                while k - 1 >= 0 and (doc[k - 1].pos_ == "PROPN" and is_cap(doc[k - 1]) or doc[k - 1].text == "-"):
                    k -= 1
                if doc[k].text != "-":
                    place_span = (k, j)
                    j = k
                    has_place = True
                    continue
            break
        if j < i and j - 1 >= 0 and doc[j - 1].lower_ == "the" and (doc[j - 2].text not in ("'s", "’s") if j >= 2 else True):
            mods = [t.lower_ for t in doc[j:i]]
            if has_place or (len(mods) >= 2 and not set(mods) & _GENERIC_MODS):
                c = Cand(start=j, end=i + 1, label=doc[j:i + 1].text, type="Operation", prio=7)
                if place_span is not None:
                    c.extra["place_span"] = place_span
                out.append(c)
                continue
        # "the offensive in (adj) Place"
        if i >= 1 and doc[i - 1].lower_ == "the" and i + 1 < len(doc) and doc[i + 1].lower_ == "in":
            k = i + 2
            if k < len(doc) and doc[k].pos_ == "ADJ" and not doc[k].text[0].isupper():
                k += 1
            if k in starts:
                e = starts[k]
                out.append(Cand(start=i, end=e, label=doc[i:e].text, type="Operation", prio=7))
    return out


def phases(doc: Doc, ops: list[Cand]) -> list[Cand]:
    """"the third phase of X" where X is an operation: a Phase partOf X."""
    out = []
    by_start = {c.start: c for c in ops}
    for i in toks(doc).positions(("phase",)):
        tok = doc[i]
        if tok.lower_ != "phase" or i == 0 or doc[i - 1].lower_ not in _ORD_WORDS:
            continue
        k = i + 1
        if k < len(doc) and doc[k].lower_ == "of":
            k += 1
            while k < len(doc) and (doc[k].lower_ in ("the", "a") or doc[k].text in QUOTES
                                    or (doc[k].lower_.startswith("anti") and k + 1 < len(doc))):
                if doc[k].lower_.startswith("anti"):
                    k += 1
                    while k < len(doc) and doc[k].text in ("-",) or (k < len(doc) and doc[k].text.isupper() and len(doc[k].text) > 1 and doc[k - 1].text == "-"):
                        k += 1
                    continue
                k += 1
            parent = by_start.get(k)
            if parent is None:
                continue
            c = Cand(start=i - 1, end=i + 1, label=f"{doc[i - 1].lower_} phase of {parent.label}",
                     type="Phase", prio=9)
            c.extra["parent"] = parent.label
            c.alias = doc[i - 1:parent.end].text if parent.end - i <= 12 else doc[i - 1:i + 1].text
            out.append(c)
    return out


_TAKING_NOUNS = {"recapture", "liberation", "retaking", "capture", "recovery"}
_DESCRIBED_HEADS = _TAKING_NOUNS | {"operation", "offensive", "campaign"}
_FRONT_NOUNS = {"fronts", "axes", "flanks", "sectors", "directions"}


def described_operations(doc: Doc, place_spans: list[tuple[int, int]]) -> list[Cand]:
    """Unnamed operations the text identifies by a phrase of its own.

    "the recapture of Kidal" (a taking noun + of + a place) and "a security operation on
    three fronts" (an operation noun with a stated extent) are labelled with that phrase.
    """
    out = []
    starts = dict(place_spans)
    n = len(doc)
    for i in toks(doc).positions(_DESCRIBED_HEADS):
        tok = doc[i]
        low = tok.lower_
        if low in _TAKING_NOUNS and tok.pos_ == "NOUN" and i + 2 < n and doc[i + 1].lower_ == "of":
            e = starts.get(i + 2)
            if e is not None:
                out.append(Cand(start=i, end=e, label=doc[i:e].text, type="Operation", prio=7))
            continue
        if low in ("operation", "offensive", "campaign") and tok.pos_ == "NOUN" and i + 3 < n \
                and doc[i + 1].lower_ == "on" and doc[i + 2].like_num and doc[i + 3].lower_ in _FRONT_NOUNS:
            j = i
            while j - 1 >= 0 and doc[j - 1].pos_ == "NOUN" and doc[j - 1].dep_ == "compound":
                j -= 1
            out.append(Cand(start=j, end=i + 4, label=doc[j:i + 4].text, type="Operation", prio=7))
    return out
