"""Candidate mentions: typed token spans proposed by the recognisers before resolution."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kg.rdf.ontology import normalise, top_class

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

#: :func:`kg.rdf.ontology.normalise`, cached (the rules fold the same names many times).
norm = functools.lru_cache(maxsize=32768)(normalise)

QUOTES = "\"'‘’“”«»`"
_NUM_RE = re.compile(r"^\d+(st|nd|rd|th)?$", re.I)


@dataclass(slots=True)
class Cand:
    """A proposed entity mention: tokens ``[start, end)`` of the doc, a name and a class.

    ``group`` ties the entities split from one coordinated phrase (they share a span);
    ``prio`` decides overlaps (higher wins, then longer).
    """

    start: int
    end: int
    label: str
    type: str
    prio: int = 0
    group: int = -1
    alias: str | None = None  # an extra surface form (e.g. the bare name of "Operation X")
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def top(self) -> str:
        return top_class(self.type)


def is_cap(tok: Token) -> bool:
    """A capitalised word (or all-caps acronym), not sentence punctuation."""
    return is_cap_text(tok.text)


def is_cap_text(t: str) -> bool:
    """:func:`is_cap` of a token text."""
    return bool(t) and (t[0].isupper() or (t[:2].lower() in ("al", "el") and "-" in t[:4])
                        or (len(t) > 3 and t[:3] in ("al-", "el-", "ad-", "as-", "ar-", "an-")))


#: Lower-case words inside place names: "Lanao del Sur", "Mocímboa da Praia".
PLACE_PARTICLES = {"del", "de", "da", "do", "dos", "das", "di", "des", "du"}
#: Lower-case name particles joined by a hyphen to the next word ("Deir ez-Zor", "Tell el-Hamam").
HYPHEN_PARTICLES = {"al", "el", "ez", "es", "ed", "ad", "as", "ar", "an", "ash", "ath", "az", "at", "et",
                    "ul", "us", "adh", "ush"}
#: Free-standing lower-case joiners inside one name ("Omar bin Said", "Kafr wa Tal").
NAME_JOINERS = {"bin", "ibn", "bint", "wa", "ould", "ben", "del", "de", "da", "do", "dos", "das", "di"}
#: Arabic topographic first words: with an "al-X" or a joiner after them the name is a place.
TOPO_PREFIXES = {"wadi", "jabal", "jebel", "jibal", "tal", "tell", "ain", "ayn", "bir", "ras", "khirbet",
                 "khirbat", "kafr", "deir", "dayr", "beit", "bayt", "qasr", "nahr", "jisr", "marj", "wad"}


def glued(doc: Doc, i: int) -> bool:
    """Token ``i`` is a particle glued by a hyphen to a capitalised word: "ez" "-" "Zor"."""
    return i + 2 < len(doc) and doc[i].lower_ in HYPHEN_PARTICLES and doc[i].text.islower() \
        and doc[i + 1].text == "-" and not doc[i].whitespace_ and not doc[i + 1].whitespace_ \
        and is_cap_text(doc[i + 2].text)


def _force_word(word: str) -> bool:
    """"al-Qaeda", "al-Shabaab": a known force, never the tail of a place name."""
    from kg.extract.lookups import lookup_force

    return lookup_force(word) is not None or lookup_force("al-" + word) is not None


def extend_particles(doc: Doc, s: int, t: int) -> tuple[int, int]:
    """Widen ``[s, t)`` over name particles: "Deir" + "ez-Zor", "Wadi" + "al-Tharthar", "bin X"."""
    n = len(doc)
    while t < n:
        if glued(doc, t) and not _force_word(doc[t + 2].text):
            t += 3
        elif t + 1 < n and doc[t].text in NAME_JOINERS and is_cap_text(doc[t + 1].text) and t > s:
            t += 2
        else:
            break
    while s > 0:
        if s >= 3 and doc[s - 1].text == "-" and glued(doc, s - 2) and is_cap_text(doc[s - 3].text) \
                and doc[s - 3].whitespace_:
            s -= 3
        elif glued(doc, s) and doc[s - 1].pos_ == "PROPN" and is_cap_text(doc[s - 1].text) \
                and not doc[s - 1].is_sent_start:
            s -= 1
        else:
            break
    return s, t


def is_num(tok: Token) -> bool:
    """A digit number or digit ordinal ("402", "23rd")."""
    return bool(_NUM_RE.match(tok.text))


def is_num_text(t: str) -> bool:
    """:func:`is_num` of a token text."""
    return bool(_NUM_RE.match(t))


def span_text(doc: Doc, start: int, end: int) -> str:
    """Surface text of tokens ``[start, end)`` without possessive and quote marks."""
    if end <= start:
        return ""
    toks = list(doc[start:end])
    while toks and (toks[-1].text in ("'s", "’s", "'", "’") or toks[-1].is_punct):
        toks.pop()
    while toks and (toks[0].text.lower() == "the" or toks[0].is_punct):
        toks.pop(0)
    if not toks:
        return ""
    from kg.extract.tokens import toks as doc_toks

    s = doc_toks(doc).doc_text[toks[0].idx: toks[-1].idx + len(toks[-1].text)]
    return s.strip(QUOTES + " ")


def trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop a leading "the"/punctuation and a trailing possessive/punctuation."""
    while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].text in ("'s", "’s", "'", "’") or doc[end - 1].is_punct):
        end -= 1
    return start, end
