"""Hybrid mentions: the learned tagger's spans combined with the rule layer's candidates.

The rules keep what they do well (coordinated unit lists, phases, aliases, known-force tables);
the tagger adds the mentions they miss and settles some of their typing:

- a learned span that overlaps no rule candidate becomes a candidate of the learned class, unless
  the rules already typed the same name otherwise in this text (one name, one class);
- where a learned span overlaps a rule candidate, the candidate stays; when their classes differ
  the :class:`Policy` decides (rules, learned, or learned when confident);
- optionally a rule candidate the tagger reads as no mention at all (mean probability of "O"
  over its tokens at least ``veto``) is dropped, except operations, split coordinated units and
  table-known forces.

The mode (``rules``, ``learned``: tagger spans only, or ``hybrid``) comes from
:mod:`kg.extract.learned.settings`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.errors import KgError

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from kg.extract.mentions.candidate import Cand
    from kg.extract.learned.mentions import MentionSpan, MentionTagger

from kg.extract.learned.settings import MODES


@dataclass(frozen=True, slots=True)
class Policy:
    """How learned spans and rule candidates are combined.

    ``types``: who decides the class when both see a mention and disagree: ``"rules"``,
    ``"learned"``, or ``"confident"`` (learned when its span score is at least ``confident``).
    ``min_new``: the least span score for a learned span the rules missed.
    ``support``: keep only the rule candidates some learned span overlaps (split coordinated
    units, phases and table-known forces are always kept).
    ``bounds``: whose boundaries a mention seen by both takes when exactly one rule candidate
    overlaps the learned span (``"rules"`` or ``"learned"``).
    ``new_types``: the classes a learned span the rules missed may have.
    ``veto``: drop a rule candidate whose tokens the tagger reads as "O" with at least this mean
    probability (None: never).
    """

    types: str = "rules"
    confident: float = 0.9
    min_new: float = 0.5
    veto: float | None = None
    new_types: frozenset[str] = frozenset({"Force", "Place", "Operation", "Person"})
    support: bool = False
    bounds: str = "rules"


#: Measured best on leave-theatres-out folds (README): the tagger adds the operations the rules
#: miss and vetoes rule candidates it reads as no mention; the rules keep their classes.
DEFAULT_POLICY = Policy(new_types=frozenset({"Operation"}), veto=0.8)


def extractor_mode() -> str:
    """The extraction mode in force (:func:`kg.extract.learned.settings.current`)."""
    from kg.extract.learned.settings import current

    return current().mode


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def _new_cand(doc: Doc, span: MentionSpan) -> Cand | None:
    from kg.extract.mentions.candidate import Cand, span_text, trim

    s, e = trim(doc, span.start, span.end)
    label = span_text(doc, s, e)
    if not label or not any(ch.isalnum() for ch in label):
        return None
    cand = Cand(start=s, end=e, label=label, type=span.type, prio=1, extra={"learned": round(span.score, 3)})
    if span.type == "Operation":
        cand.alias = _bare_operation_name(doc, s, e)
    return cand


def _bare_operation_name(doc: Doc, s: int, e: int) -> str | None:
    """The proper name in "the Promise to Return operation": a capitalised name of two or more
    words before a generic operation noun that is not a place (a place keeps its noun: "Kifri
    operation" names an operation, "Kifri" a town)."""
    from kg.extract.lexicon import OPERATION_NOUNS
    from kg.extract.lookups import lookup_place

    if e - s < 3 or doc[e - 1].lower_ not in OPERATION_NOUNS:
        return None
    name = doc[s:e - 1]
    if not (name[0].text[:1].isupper() and name[-1].text[:1].isupper()) or lookup_place(name.text) is not None:
        return None
    return name.text


def _o_prob(probs, c: Cand) -> float:
    return float(probs[c.start:c.end, 0].mean()) if c.end > c.start else 0.0


def _vetoable(c: Cand) -> bool:
    """Names only: operations described by a phrase, phases, split units and known forces stay."""
    return c.group < 0 and c.top != "Operation" and c.extra.get("known") is None


def combine(doc: Doc, rule_cands: list[Cand], spans: list[MentionSpan], *, mode: str = "hybrid",
            policy: Policy = DEFAULT_POLICY, probs=None) -> list[Cand]:
    """The candidates of ``mode``: the rules' (``rules``), the tagger's (``learned``) or both
    combined by ``policy`` (``hybrid``); in text order. ``probs`` (tokens x tags, from the
    tagger) is needed only for ``policy.veto``."""
    from kg.extract.mentions.candidate import norm

    if mode == "rules":
        return list(rule_cands)
    pairs = [(c, s) for c, s in ((_new_cand(doc, s), s) for s in spans if s.score >= policy.min_new)
             if c is not None]
    if mode == "learned":
        return [c for c, _ in pairs]
    if mode != "hybrid":
        raise KgError(f"unknown extraction mode {mode!r}; use one of: {', '.join(MODES)}")
    kept = list(rule_cands)
    if policy.veto is not None and probs is not None:
        kept = [c for c in kept if not (_vetoable(c) and _o_prob(probs, c) >= policy.veto)]
    if policy.support:
        kept = [c for c in kept if not _vetoable(c) or any(_overlaps(c.start, c.end, s.start, s.end) for s in spans)]
    type_of_name = {norm(c.label): c.top for c in kept}
    out = list(kept)
    for lc, span in pairs:
        hits = [c for c in kept if _overlaps(c.start, c.end, lc.start, lc.end)]
        if not hits:
            if lc.type not in policy.new_types:
                continue
            known = type_of_name.get(norm(lc.label))
            if known is not None and known != lc.type:
                lc.type = known
            out.append(lc)
            continue
        if policy.bounds == "learned" and len(hits) == 1 and _retypable(hits[0]) \
                and (hits[0].start, hits[0].end) != (lc.start, lc.end) \
                and not any(_overlaps(hits[0].start, hits[0].end, o.start, o.end) and o is not lc for o, _ in pairs):
            c = hits[0]
            c.extra["rule_span"] = (c.start, c.end, c.label)
            c.start, c.end, c.label = lc.start, lc.end, lc.label
            c.alias = None
        if policy.types == "rules":
            continue
        for c in hits:
            if c.top == lc.type or not _retypable(c):
                continue
            if policy.types == "learned" or (policy.types == "confident" and span.score >= policy.confident):
                c.extra["rule_type"] = c.type
                c.type = lc.type
    return sorted(out, key=lambda c: (c.start, c.end))


def _retypable(c: Cand) -> bool:
    """Phases, split coordinated units and table-known forces keep the rules' class."""
    return c.group < 0 and c.type != "Phase" and c.extra.get("known") is None


def apply_learned(doc: Doc, rule_cands: list[Cand], *, mode: str | None = None,
                  tagger: MentionTagger | None = None, policy: Policy = DEFAULT_POLICY) -> list[Cand]:
    """The extraction hook: ``rule_cands`` combined with the tagger's spans as the mode says."""
    mode = mode or extractor_mode()
    if mode == "rules":
        return rule_cands
    if tagger is None:
        from kg.extract.learned.mentions import load_tagger

        tagger = load_tagger()
    from kg.extract.learned.mentions import typed_spans

    if len(doc) == 0:
        return [] if mode == "learned" else rule_cands
    probs = tagger.probs(doc)
    spans = typed_spans(probs)
    return combine(doc, rule_cands, spans, mode=mode, policy=policy, probs=probs)


__all__ = ["DEFAULT_POLICY", "MODES", "Policy", "apply_learned", "combine", "extractor_mode"]
