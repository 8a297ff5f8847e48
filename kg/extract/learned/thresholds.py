"""Decision thresholds of the relation classifier, from out-of-fold probabilities.

The extractor is judged by the F1 of all its relations together (micro-averaged), not by each
property's F1: a property whose threshold maximises its own F1 may still cost more false
positives than the whole can afford. :func:`best_threshold` maximises one property's F1;
:func:`joint_thresholds` starts there and moves one property's threshold at a time while the
pooled F1 of all properties rises; :func:`global_threshold` (used in training) picks one threshold
for all. Gold relations that no candidate reaches count as misses.
"""
from __future__ import annotations

from dataclasses import dataclass

#: Thresholds stay within these bounds (an extreme one says more about the folds than the task).
LOWEST, HIGHEST = 0.05, 0.95
#: The threshold of a property left with no decisions (no probability reaches it).
NEVER = 1.0 + 1e-9


@dataclass(frozen=True, slots=True)
class OutOfFold:
    """One property's out-of-fold probabilities, their labels, and the gold relations no
    candidate reaches."""

    probs: list[float]
    labels: list[int]
    uncovered: int = 0


def _cuts(oof: OutOfFold) -> list[tuple[float, int, int]]:
    """(threshold, true positives, false positives) at each distinct probability within bounds,
    "decide nothing" first."""
    order = sorted(zip(oof.probs, oof.labels), reverse=True)
    rows = [(NEVER, 0, 0)]
    tp = fp = 0
    for k, (pr, y) in enumerate(order):
        tp += y
        fp += 1 - y
        if k + 1 < len(order) and order[k + 1][0] == pr:
            continue
        if LOWEST <= pr <= HIGHEST:
            rows.append((pr, tp, fp))
    return rows


def _f1(tp: int, fp: int, positives: int) -> float:
    return 2 * tp / (2 * tp + fp + (positives - tp)) if tp else 0.0


def best_threshold(oof: OutOfFold) -> float:
    """The threshold maximising this property's F1 (0.5 when nothing is ever right)."""
    pos = sum(oof.labels) + oof.uncovered
    best, best_t = 0.0, 0.5
    for t, tp, fp in _cuts(oof):
        f1 = _f1(tp, fp, pos)
        if f1 > best:
            best, best_t = f1, t
    return best_t


def global_threshold(oofs: dict[str, OutOfFold]) -> dict[str, float]:
    """One threshold for every property, maximising the pooled F1 of all of them (per-property
    thresholds follow the folds' noise: leave-one-theatre-out relation F1 0.608 -> 0.612)."""
    pooled = OutOfFold([x for _, o in sorted(oofs.items()) for x in o.probs],
                       [y for _, o in sorted(oofs.items()) for y in o.labels],
                       sum(o.uncovered for o in oofs.values()))
    t = best_threshold(pooled)
    return {p: t for p in oofs}


def joint_thresholds(oofs: dict[str, OutOfFold], *, rounds: int = 5) -> dict[str, float]:
    """Per-property thresholds maximising the pooled F1 of all properties (coordinate ascent
    from each property's own best, in sorted property order: deterministic)."""
    cuts = {p: _cuts(o) for p, o in sorted(oofs.items())}
    positives = sum(sum(o.labels) + o.uncovered for o in oofs.values())
    chosen: dict[str, tuple[float, int, int]] = {}
    for p, rows in cuts.items():
        t = best_threshold(oofs[p])
        chosen[p] = min((r for r in rows if r[0] >= t), key=lambda r: r[0], default=rows[0])

    def pooled(choice: dict[str, tuple[float, int, int]]) -> float:
        return _f1(sum(r[1] for r in choice.values()), sum(r[2] for r in choice.values()), positives)

    best = pooled(chosen)
    for _ in range(rounds):
        moved = False
        for p, rows in cuts.items():
            for row in rows:
                trial = {**chosen, p: row}
                f1 = pooled(trial)
                if f1 > best + 1e-12:
                    best, chosen, moved = f1, trial, True
        if not moved:
            break
    return {p: r[0] for p, r in chosen.items()}


__all__ = ["HIGHEST", "LOWEST", "NEVER", "OutOfFold", "best_threshold", "global_threshold", "joint_thresholds"]
