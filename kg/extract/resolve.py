"""In-article coreference of candidate mentions: one entity per thing the text names.

Mentions merge when their names fold to the same key (case, accents, a leading "the",
"Operation", administrative words such as "province"), when one is the acronym of another
("ISF" / "Iraqi Security Forces"), a person's surname, a spelling variant of the same
type ("Will of Victory" / "Will to Victory"), or the first word of a multi-word force name.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from kg.extract.lexicon import STRIPPABLE_PLACE_HEADS
from kg.ontology import normalise, top_class

_MINOR = {"of", "the", "and", "in", "for", "on", "de", "al", "el", "s"}
_TYPE_RANK = {"Force": 0, "Operation": 1, "Person": 2, "Place": 3, "Incident": 4}


_norm = functools.lru_cache(maxsize=16384)(normalise)


@dataclass(slots=True)
class Group:
    """Mentions judged to name one entity."""

    type: str
    names: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int, str]] = field(default_factory=list)  # char start, end, text
    cands: list = field(default_factory=list)
    fixed_label: str | None = None

    @property
    def top(self) -> str:
        return top_class(self.type)

    def label(self) -> str:
        if self.fixed_label:
            return self.fixed_label
        variants = {c.label for c in self.cands if getattr(c, "extra", {}).get("variant_of")}
        names = [n for n in self.names if n not in variants] or self.names
        return max(names, key=lambda s: (len(_norm(s)), s[:1].isupper(), -self.names.index(s)))


@functools.lru_cache(maxsize=16384)
def key_of(name: str, top: str) -> str:
    """Folded name used to merge mentions of one entity."""
    k = normalise(name)
    if top == "Place":
        for h in STRIPPABLE_PLACE_HEADS:
            if k.endswith(" " + h) and len(k) > len(h) + 2:
                k = k[: -len(h) - 1]
                break
        k = re.sub(r"^(eastern|western|northern|southern|central|north|south|east|west) ", "", k)
    elif top == "Operation":
        k = re.sub(r"^operation ", "", k)
        k = re.sub(r" (operations|operation)$", "", k)
    elif top == "Force":
        k = re.sub(r"^(s|of) ", "", k)
    return k


def initials(name: str) -> str:
    """First letters of the words of ``name`` (all words, lower case)."""
    words = re.findall(r"[A-Za-z][A-Za-z'’.]*", name.replace("-", " "))
    return "".join(w[0].lower() for w in words)


def is_acronym_of(acr: str, name: str) -> bool:
    """``acr`` ("ATMIS") abbreviates ``name`` ("African Union Transition Mission in Somalia")."""
    a = acr.lower().replace(".", "")
    if not (2 <= len(a) <= 8) or " " in acr.strip():
        return False
    ini = initials(name)
    if len(ini) < 2 or a[0] != ini[0]:
        return False
    strict = "".join(w[0].lower() for w in re.findall(r"[A-Za-z][A-Za-z'’.]*", name.replace("-", " "))
                     if w.lower() not in _MINOR)
    if a == strict or a == ini:
        return True
    if len(a) <= 5 and _segments(a, [w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'’.]*", name.replace("-", " "))
                                      if w.lower() not in _MINOR]):
        return True
    # subsequence with the last word's initial matched
    it = iter(ini)
    if all(ch in it for ch in a) and a[-1] == ini[-1] and len(a) >= max(2, len(strict) - 1):
        return True
    return False


def _segments(acr: str, words: list[str]) -> bool:
    """Each word opens one run of ``acr``; a run may go on with letters inside its word ("DHQ")."""
    if not words:
        return not acr
    if not acr or acr[0] != words[0][0]:
        return False
    w = words[0]
    for k in range(1, len(acr) + 1):
        if k > 1:
            pos = w.find(acr[k - 1], 1)
            if pos < 0:
                return False
            w = w[:1] + w[pos:]
        if _segments(acr[k:], words[1:]):
            return True
    return False


def _fuzzy(a: str, b: str) -> bool:
    if any(ch.isdigit() for ch in a + b):
        return False
    if len(a) < 6 or len(b) < 6 or a.split()[0][:2] != b.split()[0][:2]:
        return False
    if len(a.split()) != len(b.split()):
        return False
    from rapidfuzz import fuzz

    return fuzz.ratio(a, b) >= 86


def merge_groups(groups: list[Group]) -> list[Group]:
    """Merge groups by key, acronym, surname, first word and spelling variant."""
    # 1. exact keys of any name (type-compatible)
    by_key: dict[tuple[str, str], Group] = {}
    out: list[Group] = []
    for g in groups:
        keys = [(g.top, normalise(g.fixed_label))] if g.fixed_label else \
            [(g.top, key_of(n, g.top)) for n in g.names]
        hits = []
        for k in keys:
            h = by_key.get(k)
            if h is not None and h not in hits:
                hits.append(h)
        if not hits:
            out.append(g)
            target = g
        else:
            target = hits[0]
            _absorb(target, g)
            for h in hits[1:]:
                if h in out and not (h.fixed_label and target.fixed_label):
                    _absorb(target, h)
                    out.remove(h)
        for n in target.names:
            by_key.setdefault((target.top, key_of(n, target.top)), target)
        if target.fixed_label:
            by_key.setdefault((target.top, normalise(target.fixed_label)), target)
    # 2. cross-type exact names: trust the stronger typing
    out = _merge_cross_type(out)
    # 3. acronyms, surnames, first words, variants
    changed = True
    while changed:
        changed = False
        for a in list(out):
            for b in list(out):
                if a is b or a not in out or b not in out:
                    continue
                if _same(a, b):
                    keep, drop = (a, b) if len(normalise(a.label())) >= len(normalise(b.label())) else (b, a)
                    if keep.fixed_label is None and drop.fixed_label is not None:
                        keep, drop = drop, keep
                    _absorb(keep, drop)
                    out.remove(drop)
                    changed = True
    return out


def _absorb(keep: Group, drop: Group) -> None:
    for n in drop.names:
        if n not in keep.names:
            keep.names.append(n)
    keep.mentions.extend(drop.mentions)
    keep.cands.extend(drop.cands)
    if _TYPE_RANK.get(keep.top, 9) == _TYPE_RANK.get(drop.top, 9) and keep.type in ("Force", "Place") \
            and drop.type not in ("Force", "Place"):
        keep.type = drop.type


def _merge_cross_type(groups: list[Group]) -> list[Group]:
    by_name: dict[str, Group] = {}
    out = []
    for g in groups:
        k = normalise(g.label())
        h = by_name.get(k)
        if h is None:
            by_name[k] = g
            out.append(g)
            continue
        strong_h = max((c.prio for c in h.cands), default=0)
        strong_g = max((c.prio for c in g.cands), default=0)
        keep, drop = (h, g) if strong_h >= strong_g else (g, h)
        keep_type = keep.type
        _absorb(keep, drop)
        keep.type = keep_type
        if keep is g:
            out[out.index(h)] = g
            by_name[k] = g
    return out


def _same(a: Group, b: Group) -> bool:
    la, lb = a.label(), b.label()
    if a.fixed_label and b.fixed_label:
        return False
    if a.top == "Person" and b.top in ("Person", "Force", "Place"):
        words = la.split()
        if len(words) >= 2 and len(lb.split()) == 1 and normalise(lb) == normalise(words[-1]) \
                and (b.top == "Person" or max((c.prio for c in b.cands), default=0) <= 3):
            return True
    if a.top != b.top:
        return False
    if _variant_link(a, b) or _variant_link(b, a):
        return True
    if a.top == "Force":
        for n in b.names:
            if n.isupper() and is_acronym_of(n, la):
                return True
        wa, wb = la.split(), lb.split()
        if len(wb) == 1 and len(wa) >= 2 and normalise(wa[0]) == normalise(wb[0]) and len(wb[0]) >= 4 \
                and not wb[0].isupper() and b.fixed_label is None:
            return True
    if a.top in ("Place", "Operation", "Force", "Person"):
        ka, kb = key_of(la, a.top), key_of(lb, b.top)
        if ka == kb:
            return True
        if _fuzzy(ka, kb):
            return True
    return False


def _variant_link(a: Group, b: Group) -> bool:
    """``b`` holds a mention the text gives as another spelling of a name of ``a``."""
    keys = {key_of(n, a.top) for n in a.names}
    return any(c.extra.get("variant_of") and key_of(c.extra["variant_of"], a.top) in keys
               for c in b.cands if hasattr(c, "extra"))
