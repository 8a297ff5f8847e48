"""Operation recognition: "Operation X", quoted names, "X operation", phases."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.extract.cands import QUOTES, Cand, is_cap
from kg.extract.lexicon import OPERATION_NOUNS, STOP_NAMES

if TYPE_CHECKING:
    from spacy.tokens import Doc

_ROMAN = re.compile(r"^(I{1,3}|IV|V|VI{0,3}|IX|X|\d{1,2})$")
_ORD_WORDS = {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
              "ninth", "tenth", "final", "last", "next", "new", "latest", "initial", "opening"}
_OPEN_Q = "'‘“\"«"
_CLOSE_Q = "'’”\"»"


def named_operations(doc: Doc) -> list[Cand]:
    """"Operation Hadin Kai" (capitalised "Operation" + capitalised words)."""
    out = []
    n = len(doc)
    for i, tok in enumerate(doc):
        if tok.text != "Operation" and tok.text != "Operations":
            continue
        if i + 1 < n and doc[i + 1].lower_ in ("command", "commands", "centre", "center"):
            continue
        j = i + 1
        while j < n and (is_cap(doc[j]) or _ROMAN.match(doc[j].text) and j > i + 1) \
                and doc[j].lower_ not in ("command",) and doc[j].text not in QUOTES:
            j += 1
        if j == i + 1:
            continue
        label = doc[i:j].text
        c = Cand(start=i, end=j, label=label, type="Operation", prio=9)
        c.alias = doc[i + 1:j].text
        out.append(c)
    return out


def quoted_operations(doc: Doc) -> list[Cand]:
    """A quoted capitalised name next to an operation noun ("the 'Desert Lion' offensive")."""
    out = []
    text = doc.text
    for m in re.finditer(r"[‘“\"']([A-Z][^‘’“”\"\n]{1,60}?)[’”\"']", text):
        inner = m.group(1).strip()
        if len(inner.split()) > 8:
            continue
        span = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
        if span is None:
            continue
        after = doc[span.end + 1] if span.end + 1 < len(doc) else None
        if after is not None and after.is_punct and span.end + 2 < len(doc):
            after = doc[span.end + 1] if not doc[span.end].is_punct else doc[span.end + 1]
        before = doc[span.start - 2] if span.start >= 2 else None
        last = inner.split()[-1].lower()
        words = inner.split()
        is_op = (after is not None and after.lower_ in OPERATION_NOUNS) \
            or (before is not None and before.lower_ in ("operation", "codenamed", "dubbed", "named"))
        if last in OPERATION_NOUNS:
            # a quoted descriptive name: "the second phase of the X inspection"
            name = re.sub(r"^(the\s+)?((" + "|".join(_ORD_WORDS) + r")\s+phase\s+of\s+(the\s+)?)?",
                          "", inner, flags=re.I)
            if name and name[0].isalpha():
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


def place_operations(doc: Doc, place_spans: list[tuple[int, int]]) -> list[Cand]:
    """"the Tarmiyah operation" / "the Hiiraan offensive": a place name + operation noun."""
    out = []
    ends = {e: s for s, e in place_spans}
    for i, tok in enumerate(doc):
        if tok.lower_ not in OPERATION_NOUNS or tok.lower_ in ("push", "drive", "exercise", "assault"):
            continue
        if i in ends:
            s = ends[i]
            if s > 0 and doc[s - 1].text in ("'s", "’s"):
                continue
            label = doc[s:i + 1].text
            out.append(Cand(start=s, end=i + 1, label=label, type="Operation", prio=7))
    return out


def phases(doc: Doc, ops: list[Cand]) -> list[Cand]:
    """"the second phase of X" where X is an operation: a Phase partOf X."""
    out = []
    by_start = {c.start: c for c in ops}
    for i, tok in enumerate(doc):
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
            c.alias = doc[i - 1:i + 1].text
            out.append(c)
    return out
