"""Article-level name rules: short operation names and abstract nouns that are no places."""
from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.mentions.candidate import Cand, norm

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: Suffixes of abstract nouns ("Terrorism", "Freedom"): never a place alone.
_ABSTRACT_SUFFIXES = ("ism", "ness", "tion", "sion", "dom", "hood")


def short_operation_names(cands: list[Cand]) -> None:
    """A weak name equal to the bare name of an "Operation X" in the article is that operation.

    "Second report: Northern Dawn advances" after "Operation Northern Dawn" elsewhere.
    """
    bare = {norm(c.alias) for c in cands if c.type == "Operation" and c.alias}
    if not bare:
        return
    for c in cands:
        if c.prio <= 4 and c.top != "Operation" and not c.extra.get("known") \
                and not c.extra.get("titled") and norm(c.label) in bare:
            c.type = "Operation"
            c.extra["short_op"] = True


def is_abstract_noun(c: Cand) -> bool:
    """A single capitalised abstract noun ("Terrorism", "Freedom") the tables do not know."""
    from kg.extract.lookups import lookup_place

    words = c.label.split()
    if len(words) != 1 or c.prio > 4 or c.extra.get("known"):
        return False
    w = words[0].lower()
    if len(w) < 6 or not w.endswith(_ABSTRACT_SUFFIXES) or "-" in w:
        return False
    return lookup_place(c.label) is None


def drop_abstract(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """Remove weak Place/untyped candidates that are abstract nouns."""
    return [c for c in cands if not (c.top in ("Place", "?") and is_abstract_noun(c))]
