"""Per-document token attribute lists, built once and shared by the rules.

Scanning a Doc token by token creates a Token object per step and looks its strings up in
the vocabulary; the rules scan each document many times, so they read plain lists instead.
"""
from __future__ import annotations

from collections.abc import Collection
from functools import cached_property
from typing import TYPE_CHECKING

from kg.extract.mentions.candidate import is_cap_text

if TYPE_CHECKING:
    from spacy.tokens import Doc


class Toks:
    """Token attributes of one Doc as lists indexed by token position (built lazily)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.n = len(doc)

    def _strings(self) -> None:
        from spacy.attrs import LEMMA, LOWER, ORTH, POS

        arr = self.doc.to_array([ORTH, LOWER, POS, LEMMA])
        store = self.doc.vocab.strings
        seen: dict[int, str] = {}
        cols = []
        for col in arr.T.tolist():
            out = []
            for h in col:
                v = seen.get(h)
                if v is None:
                    v = seen[h] = store[h]
                out.append(v)
            cols.append(out)
        self.__dict__["text"], self.__dict__["lower"], self.__dict__["pos"] = cols[0], cols[1], cols[2]
        self.__dict__["lemma_low"] = [x.lower() for x in cols[3]]

    @cached_property
    def text(self) -> list[str]:
        self._strings()
        return self.__dict__["text"]

    @cached_property
    def lower(self) -> list[str]:
        self._strings()
        return self.__dict__["lower"]

    @cached_property
    def pos(self) -> list[str]:
        self._strings()
        return self.__dict__["pos"]

    @cached_property
    def lemma_low(self) -> list[str]:
        self._strings()
        return self.__dict__["lemma_low"]

    @cached_property
    def cap(self) -> list[bool]:
        return [is_cap_text(t) for t in self.text]

    @cached_property
    def sent_start(self) -> list[bool]:
        """``bool(token.is_sent_start)`` of each token."""
        from spacy.attrs import SENT_START

        if not self.n:
            return []
        return [v == 1 for v in self.doc.to_array(SENT_START).tolist()]  # 1, 0 or -1 (unsigned)

    @cached_property
    def sents(self) -> list:
        """The sentences of the doc (``list(doc.sents)``)."""
        return list(self.doc.sents)

    @cached_property
    def sent_of(self) -> list[int]:
        """Index in :attr:`sents` of each token's sentence."""
        out = [0] * self.n
        for k, s in enumerate(self.sents):
            out[s.start:s.end] = [k] * (s.end - s.start)
        return out

    def sent(self, i: int):
        """The sentence of token ``i`` (``doc[i].sent``)."""
        return self.sents[self.sent_of[i]]

    @cached_property
    def doc_text(self) -> str:
        """``doc.text`` (spaCy joins the tokens again on every access)."""
        from spacy.attrs import SPACY

        if not self.n:
            return self.doc.text
        ws = self.doc.to_array(SPACY).tolist()
        return "".join([t + " " if w else t for t, w in zip(self.text, ws)])

    @cached_property
    def ents(self) -> tuple:
        """``doc.ents``."""
        return self.doc.ents

    @cached_property
    def line_start(self) -> list[bool]:
        """Token opens a line: first token, or after a space token or a newline."""
        text = self.text
        # a token's is_space is text.isspace(); its trailing whitespace is at most one " "
        return [True] + [t.isspace() or "\n" in t for t in text[:-1]] if text else []

    def positions(self, words: frozenset[str] | set[str]) -> list[int]:
        """Positions whose lower-case form is in ``words``, in order."""
        low = self.lower
        return [i for i in range(self.n) if low[i] in words]

    def where_text(self, values: tuple[str, ...]) -> list[int]:
        """Positions whose exact text is one of ``values``, in order."""
        text = self.text
        return [i for i in range(self.n) if text[i] in values]

    def skip_back(self, i: int, words: Collection[str]) -> int:
        """``i``, or the nearest position before it, whose lower-case form is not in ``words`` (-1: none)."""
        low = self.lower
        while i >= 0 and low[i] in words:
            i -= 1
        return i

    def skip_ahead(self, i: int, words: Collection[str]) -> int:
        """``i``, or the nearest position after it, whose lower-case form is not in ``words`` (``n``: none)."""
        low = self.lower
        while i < self.n and low[i] in words:
            i += 1
        return i

    def lower_set(self, start: int, end: int) -> set[str]:
        """Lower-case forms of tokens ``[start, end)``."""
        return set(self.lower[start:end])

    def lemma_set(self, start: int, end: int) -> set[str]:
        """Lower-cased lemmas of tokens ``[start, end)``."""
        return set(self.lemma_low[start:end])


_last: Toks | None = None


def toks(doc: Doc) -> Toks:
    """The token lists of ``doc`` (cached for the document last asked about)."""
    global _last
    hit = _last
    if hit is not None and hit.doc is doc:
        return hit
    hit = _last = Toks(doc)
    return hit
