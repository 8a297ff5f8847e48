"""Other names the text states for a named thing: one entity, several names.

Reports gloss a name with its variants in a few fixed phrasings:

- "X, (also / better / locally / officially) known (in Arabic) as Y", "X, also called Y";
- "X, also spelt / spelled / written / transliterated Y (or Z)", "X (also spelt Y)";
- "X, whose name is also spelt Y", "X, whose surname has also been reported as Y";
- "X, which Azerbaijanis call Y", "X, as the group calls Y";
- "Y, the rebels' name for X";
- "X, or Y," (a gloss set off by commas: "the Russian National Guard, or Rosgvardia,");
- "Myanmar's military, the Tatmadaw, ..." (a state's forces glossed by their own name).

X is the candidate mention that ends right before the comma (or bracket); Y is the candidate
that starts where the other name starts, or else the capitalised words there. Operations are
left to their own naming rules.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.mentions.candidate import HYPHEN_PARTICLES, NAME_JOINERS, is_cap

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from kg.extract.mentions.candidate import Cand

_ADVERBS = {"also", "better", "locally", "officially", "widely", "commonly", "sometimes", "often", "formerly",
            "previously", "now", "more", "popularly", "simply", "variously", "alternatively", "usually"}
_NAMING = {"known", "called", "dubbed", "referred", "nicknamed"}
_SPELLING = {"spelt", "spelled", "written", "transliterated", "rendered", "romanised", "romanized"}
_CALL = {"call", "calls", "called"}
_QUOTES = {"'", '"', "‘", "’", "“", "”"}
_INNER = {"of", "de", "del", "da", "do", "dos", "la", "le", "al", "el", "du", "des", "-", "'", "’"}
_OPERATION = ("Operation", "Phase")
#: Heads of a state's forces named by their owner ("the Myanmar military", "Chad's army").
_GENERIC_HEADS = {"military", "army", "forces", "navy", "police"}


def _name_end(doc: Doc, k: int) -> int:
    """End of the capitalised name starting at token ``k`` (``k`` when none starts there)."""
    n = len(doc)
    e = k
    while e < n and e - k < 8:
        t = doc[e]
        if is_cap(t) and not t.is_punct:
            e += 1
        elif t.lower_ in HYPHEN_PARTICLES and e + 1 < n and doc[e + 1].text == "-":
            e += 1
        elif e > k and (t.lower_ in _INNER or t.lower_ in NAME_JOINERS) and e + 1 < n and is_cap(doc[e + 1]) \
                and (t.text in ("-", "'", "’") and not doc[e - 1].whitespace_ or t.is_alpha):
            e += 1
        elif e > k and t.text.isdigit():
            e += 1
        else:
            break
    while e > k and doc[e - 1].lower_ in _INNER:
        e -= 1
    return e


def _skip_the(doc: Doc, k: int) -> int:
    while k < len(doc) and (doc[k].lower_ in ("the", "as") or doc[k].text in _QUOTES):
        k += 1
    return k


class _Names:
    def __init__(self, doc: Doc, cands: list[Cand]) -> None:
        self.doc = doc
        self.ending = {c.end: c for c in cands}
        self.starting = {c.start: c for c in cands}
        self.pairs: list[tuple[Cand, Cand | None, str]] = []

    def main_before(self, i: int) -> Cand | None:
        """The candidate ending right before token ``i`` (a comma or bracket), or before an
        apposition that ends there ("Stepanakert, the region's main town, which ..."); none when
        it completes a larger noun phrase ("the local branch of X, sometimes written Y": Y names
        the branch)."""
        c = self._main_before(i)
        if c is None:
            return None
        k = c.start - 1
        while k >= 0 and self.doc[k].lower_ == "the":
            k -= 1
        if k >= 1 and self.doc[k].lower_ == "of" and self.doc[k - 1].pos_ == "NOUN" \
                and self.doc[k - 1].text.islower():
            return None
        return c

    def _main_before(self, i: int) -> Cand | None:
        c = self.ending.get(i)
        if c is None and self.doc[i].text == ",":
            doc = self.doc
            p = i - 1
            while p > 0 and i - p <= 10 and doc[p].text != "," and doc[p].pos_ not in ("VERB", "AUX") \
                    and not doc[p].is_sent_start:
                p -= 1
            if p > 0 and doc[p].text == "," and i - p > 2 and doc[p + 1].lower_ in ("the", "a", "an", "its", "their"):
                c = self.ending.get(p)
        if c is None or c.top in _OPERATION:
            return None
        return c

    def add(self, main: Cand | None, k: int) -> int:
        """Record the name starting at token ``k`` (after "the" and quotes) as another name of
        ``main``; returns the token after it (``k`` when no name starts there)."""
        if main is None:
            return k
        doc = self.doc
        k = _skip_the(doc, k)
        if k >= len(doc):
            return k
        other = self.starting.get(k)
        e = _name_end(doc, k)
        if other is not None and other is not main and other.top not in _OPERATION:
            self.pairs.append((main, other, other.label))
            return max(other.end, e)
        if e > k:
            self.pairs.append((main, None, doc[k:e].text))
        return e

    def variants(self, main: Cand | None, k: int) -> None:
        """"Y or Z": both other names of ``main``."""
        e = self.add(main, k)
        while e > k and e + 1 < len(self.doc) and self.doc[e].lower_ in ("or", ",") \
                and is_cap(self.doc[_skip_the(self.doc, e + 1)]):
            k = e + 1
            e = self.add(main, k)


def stated_names(doc: Doc, cands: list[Cand]) -> list[tuple[Cand, Cand | None, str]]:
    """(named candidate, candidate of the other name or None, the other name) for every
    naming phrase of ``doc``."""
    names = _Names(doc, cands)
    n = len(doc)
    for i, t in enumerate(doc):
        if t.text not in (",", "(") or i + 2 >= n:
            continue
        j = i + 1
        low = doc[j].lower_
        if low in ("which", "that", "as") and t.text == ",":
            # "X, which Azerbaijanis call Y" / "X, as the group calls Y"
            k = j + 1
            while k < n and k - j <= 6 and doc[k].lower_ not in _CALL and not doc[k].is_punct:
                k += 1
            if k < n and doc[k].lower_ in _CALL and k > j + 1 and doc[k].pos_ in ("VERB", "AUX"):
                names.add(names.main_before(i), k + 1)
            continue
        if low == "whose" and t.text == ",":
            # "X, whose name is also spelt Y" / "whose surname has also been reported as Y"
            k = j + 1
            if k < n and doc[k].lower_ in ("name", "surname", "names"):
                m = k + 1
                while m < n and m - k <= 5 and doc[m].lower_ not in _SPELLING | {"reported", "given"}:
                    m += 1
                if m < n and doc[m].lower_ in _SPELLING | {"reported", "given"}:
                    m += 1
                    if m < n and doc[m].lower_ == "as":
                        m += 1
                    names.variants(names.main_before(i), m)
            continue
        if low == "or" and t.text == ",":
            # "X, or Y," -- a gloss, not the last item of a list
            main = names.main_before(i)
            if main is None or (main.start > 0 and doc[main.start - 1].text == ","):
                continue
            e = _name_end(doc, _skip_the(doc, j + 1))
            if e < n and doc[e].text in (",", ")", ".") and e > j + 1:
                names.add(main, j + 1)
            continue
        if low == "the" and t.text == ",":
            # "Myanmar's military, the Tatmadaw, ...": a state's forces glossed by their own name
            main = names.ending.get(i)
            other = names.starting.get(j + 1)
            if main is not None and other is not None and main.top == "Force" and other.top == "Force" \
                    and doc[main.end - 1].lower_ in _GENERIC_HEADS and other.end < n \
                    and doc[other.end].text in (",", ".", ")") and all(is_cap(x) for x in doc[other.start:other.end]) \
                    and not (doc[other.end].text == "," and other.end + 1 < n
                             and doc[other.end + 1].lower_ in ("and", "or", "the")):
                names.pairs.append((main, other, other.label))
                continue
            # "Y, the rebels' name for X"
            k = j + 1
            while k < n and k - j <= 5 and doc[k].lower_ != "name" and (not doc[k].is_punct or doc[k].text in _QUOTES):
                k += 1
            if k + 1 < n and doc[k].lower_ == "name" and doc[k + 1].lower_ == "for":
                other = names.main_before(i)
                main = names.starting.get(_skip_the(doc, k + 2))
                if other is not None and main is not None and main is not other and main.top not in _OPERATION:
                    names.pairs.append((main, other, other.label))
            continue
        k = j
        while k < n and doc[k].lower_ in _ADVERBS:
            k += 1
        if k >= n:
            continue
        if doc[k].lower_ in _NAMING:
            m = k + 1
            while m < n and doc[m].lower_ in _ADVERBS:
                m += 1  # "known officially as"
            if m < n and doc[m].lower_ == "to":
                m += 1
            if m + 1 < n and doc[m].lower_ == "in" and is_cap(doc[m + 1]):
                m += 2  # "known in Arabic as"
            if m < n and doc[m].lower_ == "as":
                names.add(names.main_before(i), m + 1)
            elif m + 2 < n and doc[m].lower_ == "by" and doc[m + 1].lower_ in ("its", "their", "the", "his", "her"):
                # "known by their Arabic name Y"
                q = m + 2
                while q < n and q - m <= 4 and doc[q].lower_ not in ("name", "names"):
                    q += 1
                if q < n and doc[q].lower_ in ("name", "names"):
                    names.add(names.main_before(i), q + 1)
        elif doc[k].lower_ in _SPELLING and (k > j or t.text == "("):
            m = k + 1
            if m < n and doc[m].lower_ == "as":
                m += 1
            names.variants(names.main_before(i), m)
    return names.pairs


__all__ = ["stated_names"]
