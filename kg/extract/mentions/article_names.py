"""Article-level name rules: short operation names, whole "X of Y" names, abstract nouns that are no places."""
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


def _of_names(cands: list[Cand]) -> dict[str, Cand]:
    """Operation and force names built with "of" ("Storm of the North"), by their written form."""
    names: dict[str, Cand] = {}
    for c in cands:
        if c.top not in ("Operation", "Force") or " of " not in c.label:
            continue
        for name in (c.label, c.alias or "", c.label.removeprefix("Operation ")):
            words = name.split()
            if len(words) >= 3 and words[0][:1].isupper() and words[-1][:1].isupper():
                names.setdefault(name, c)
    return names


def whole_of_names(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """Every occurrence of an "X of (the) Y" operation or force name is that name, not its last word.

    Where the recognisers took only a piece of another mention of "Storm of the North" (a
    weak place "North"), the piece gives way to the whole name.
    """
    import re

    names = _of_names(cands)
    if not names:
        return cands
    text = doc.text
    out = list(cands)
    for name, owner in names.items():
        for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text):
            span = doc.char_span(m.start(), m.end())
            if span is None:
                continue
            s, e = span.start, span.end
            if any(c.start <= s and c.end >= e for c in out):
                continue  # already a candidate, or inside a longer one (a phase)
            inside = [c for c in out if c.start >= s and c.end <= e]
            if not inside or any(c.top not in ("Place", "Person", "?") or c.prio > 5 for c in inside):
                continue
            out = [c for c in out if c not in inside]
            out.append(Cand(start=s, end=e, label=name, type=owner.type, prio=owner.prio,
                            extra={"of_name": True}))
    return sorted(out, key=lambda c: c.start)
