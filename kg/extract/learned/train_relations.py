"""Training the relation classifier from gold files (scikit-learn; imported only to train).

For each article the extractor's own entities and the rule layer's relations are computed (so
the classifier learns on what it will see), candidates are built, and each candidate is labelled
by the scorer's name matching: positive for property ``p`` when its ends match a gold relation
``(s, p, o)``. Incidents are unnamed: a predicted incident stands for every gold incident, so an
incident candidate is positive when some gold incident has that relation with the other end.

One logistic regression is fitted on the candidates of every property together, on the features
that occur in several training groups (:data:`MIN_GROUPS`): each feature appears once shared by
all properties and once as the property's own, so a property with few examples (the perpetrator
of an incident) borrows what the others learned about paths and words and keeps what is its own
(leave-one-theatre-out relation F1 0.566 -> 0.577 against one regression per property). The
examples are weighted so that each property's positives and negatives weigh alike. Each property's
weights are then its own plus the shared ones, written as plain JSON. The decision thresholds
come from out-of-fold probabilities of a cross-validation over the training groups: one threshold
for all properties, maximising the F1 of all relations (:mod:`~kg.extract.learned.thresholds`; gold relations that no
candidate covers count as misses).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.evaluate import names_of
from kg.extract.learned.corpus import GoldDoc
from kg.extract.learned.features import Candidate
from kg.extract.learned.relations import Constraints, PropertyModel, RelationModel, article_candidates, model_file
from kg.extract.learned.thresholds import OutOfFold, global_threshold
from kg.rdf.ontology import PROPERTIES, top_class

#: Inverse regularisation strength of the logistic regressions.
C = 0.04
#: Folds of the threshold cross-validation (by group).
THRESHOLD_FOLDS = 4
#: A feature is kept only when it occurs in this many training groups (theatres) or more (or in
#: all of them, when there are fewer): what one conflict's reporting alone says does not carry
#: to the next (leave-one-theatre-out: same held-out F1, a smaller gap to the in-sample score).
MIN_GROUPS = 3
#: How the decisions of an article hold together (see :class:`Constraints`): an incident has one
#: perpetrator (85% of the annotated incidents with one have exactly one, the rest two), a force
#: one affiliation, a place one container and a unit or operation one parent (96% or more of the
#: annotated ones), and no force is both the perpetrator and the target of one incident.
CONSTRAINTS = Constraints(max_per_subject={"perpetratedBy": 1, "affiliatedWith": 1, "locatedIn": 1, "partOf": 1},
                          exclusive=[("perpetratedBy", "targeted")])


@dataclass(slots=True)
class Examples:
    """Labelled candidates of one property, and how many gold relations no candidate covers."""

    features: list[dict[str, float]] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    uncovered: int = 0


def entity_matches(ext, gold: dict) -> dict[str, list[int]]:
    """Entity key -> indices of the gold entities it matches (incidents: every gold incident)."""
    from kg.rdf.identity import canonical_label

    gents = gold.get("entities", [])
    gnames = [names_of([e["label"], *e.get("aliases", [])]) for e in gents]
    incidents = [i for i, e in enumerate(gents) if e.get("type") == "Incident"]
    out: dict[str, list[int]] = {}
    for e in ext.entities:
        if top_class(e.type) == "Incident":
            out[e.key] = incidents
            continue
        names = names_of({n for n in (e.label, canonical_label(e), *e.aliases) if n})
        out[e.key] = [i for i, g in enumerate(gnames) if names & g and gents[i].get("type") != "Incident"]
    return out


def incident_keys(ext) -> set[str]:
    """Keys of the extraction's incidents."""
    return {e.key for e in ext.entities if top_class(e.type) == "Incident"}


def gold_triples(gold: dict) -> set[tuple[int, str, int]]:
    """The gold relations as (subject index, property, object index)."""
    index = {e["label"]: i for i, e in enumerate(gold.get("entities", []))}
    return {(index[r["s"]], r["p"], index[r["o"]]) for r in gold.get("relations", [])
            if r.get("s") in index and r.get("o") in index}


def label(cands: list[Candidate], matches: dict[str, list[int]], grels: set[tuple[int, str, int]],
          incidents: set[str] = frozenset()) -> tuple[list[int], dict[str, int]]:
    """Labels of the candidates, and per property the gold relations no candidate reaches.

    Predicted incidents are first aligned one-to-one with gold incidents as the scorer aligns
    them (greedily, by how many gold relations their candidates could reproduce); an incident
    left unaligned has only negative candidates.
    """
    matches = _align_incidents(cands, matches, grels, incidents)
    labels = []
    covered: set[tuple[int, str, int]] = set()
    for c in cands:
        hits = {(a, c.predicate, b) for a in matches.get(c.subject, []) for b in matches.get(c.object, [])} & grels
        labels.append(1 if hits else 0)
        covered |= hits
    uncovered: dict[str, int] = {}
    for _, p, _ in grels - covered:
        uncovered[p] = uncovered.get(p, 0) + 1
    return labels, uncovered


def _align_incidents(cands: list[Candidate], matches: dict[str, list[int]],
                     grels: set[tuple[int, str, int]], incidents: set[str]) -> dict[str, list[int]]:
    gold_inc = {i for s, _, o in grels for i in (s, o)}
    pred_inc = sorted(incidents)
    if not pred_inc:
        return matches
    pairs = []
    for pn in pred_inc:
        golds = set(matches.get(pn, [])) & gold_inc
        for gi in golds:
            m = dict(matches)
            m[pn] = [gi]
            n = sum(1 for c in cands if pn in (c.subject, c.object) and
                    {(a, c.predicate, b) for a in m.get(c.subject, []) for b in m.get(c.object, [])} & grels)
            if n:
                pairs.append((n, pn, gi))
    out = dict(matches)
    for pn in pred_inc:
        out[pn] = []
    used_p: set[str] = set()
    used_g: set[int] = set()
    for n, pn, gi in sorted(pairs, key=lambda t: (-t[0], t[1], t[2])):
        if pn not in used_p and gi not in used_g:
            used_p.add(pn)
            used_g.add(gi)
            out[pn] = [gi]
    return out


def collect(items: list[GoldDoc], *, use_rules: bool) -> dict[str, Examples]:
    """Labelled candidates of every article, per property (the extractor runs in the mode and
    with the weights currently in force, the relation classifier switched off)."""
    from kg.extract.learned.settings import using
    from kg.extract.pipeline import rule_extraction

    out = {p: Examples() for p in PROPERTIES}
    with using(relations=False):
        for it in items:
            ext, cands, cand_key = rule_extraction(it.doc, it.article)
            found, _ = article_candidates(it.doc, ext, cands, cand_key, use_rules=use_rules)
            labels, uncovered = label(found, entity_matches(ext, it.gold), gold_triples(it.gold), incident_keys(ext))
            for c, y in zip(found, labels):
                ex = out[c.predicate]
                ex.features.append(c.features)
                ex.labels.append(y)
                ex.groups.append(it.group)
            for p, n in uncovered.items():
                out[p].uncovered += n
    return out


def shared_features(features: list[dict[str, float]], groups: list[str], *,
                    min_groups: int = MIN_GROUPS) -> set[str]:
    """The feature names occurring in at least ``min_groups`` of the groups (or in every group,
    when there are fewer)."""
    seen: dict[str, set[str]] = {}
    for f, g in zip(features, groups):
        for k in f:
            seen.setdefault(k, set()).add(g)
    need = min(min_groups, len(set(groups)))
    return {k for k, gs in seen.items() if len(gs) >= need}


#: Prefix of a property's own copy of a feature (":" and "@" occur in no feature name).
OWN = "@{}:"


def _rows(examples: dict[str, Examples], chosen: dict[str, list[int]] | None = None
          ) -> tuple[list[dict[str, float]], list[int], list[str], list[float]]:
    """The candidates of every property (or the ``chosen`` ones) as rows of one regression:
    features shared and the property's own copies, labels, groups and weights (each property's
    positives and negatives weigh half its candidates each)."""
    rows, labels, groups, weights = [], [], [], []
    for p, ex in sorted(examples.items()):
        idx = range(len(ex.labels)) if chosen is None else chosen.get(p, [])
        pos = sum(ex.labels[i] for i in idx)
        neg = len(idx) - pos
        own = OWN.format(p)
        for i in idx:
            f = ex.features[i]
            row = dict(f)
            row.update({own + k: v for k, v in f.items()})
            row[own + "bias"] = 1.0
            y = ex.labels[i]
            rows.append(row)
            labels.append(y)
            groups.append(ex.groups[i])
            weights.append(len(idx) / (2 * (pos if y else neg)))
    return rows, labels, groups, weights


def _fit(rows: list[dict[str, float]], labels: list[int], groups: list[str], weights: list[float], seed: int):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    keep = shared_features(rows, groups)
    vec = DictVectorizer()
    vec.fit([{k: v for k, v in f.items() if k in keep} for f in rows])
    clf = LogisticRegression(C=C, solver="liblinear", random_state=seed, max_iter=1000)
    clf.fit(_int32(vec.transform(rows)), labels, sample_weight=weights)
    return vec, clf


def _int32(x):
    """liblinear takes sparse matrices with 32-bit indices only."""
    import numpy as np

    x = x.tocsr()
    x.indices = x.indices.astype(np.int32)
    x.indptr = x.indptr.astype(np.int32)
    return x


def _split(weights: dict[str, float], bias: float, p: str) -> PropertyModel:
    """Property ``p``'s model from the pooled weights: its own plus the shared ones."""
    own = OWN.format(p)
    out: dict[str, float] = {}
    for name, w in weights.items():
        if name.startswith(own):
            name = name[len(own):]
        elif name.startswith("@"):
            continue
        out[name] = out.get(name, 0.0) + w
    b = bias + out.pop("bias", 0.0)
    return PropertyModel(bias=round(b, 5), threshold=0.5,
                         weights={k: round(v, 5) for k, v in sorted(out.items()) if abs(v) >= 1e-4})


def _out_of_fold(examples: dict[str, Examples], seed: int) -> dict[str, OutOfFold]:
    """Probabilities of each candidate from a model trained without its group's fold (folds =
    groups dealt round-robin in sorted order: deterministic)."""
    groups = sorted({g for ex in examples.values() for g in ex.groups})
    probs = {p: [0.5] * len(ex.labels) for p, ex in examples.items()}
    if len(groups) >= 2:
        k = min(THRESHOLD_FOLDS, len(groups))
        fold_of = {g: i % k for i, g in enumerate(groups)}
        for f in range(k):
            train = {p: [i for i, g in enumerate(ex.groups) if fold_of[g] != f] for p, ex in examples.items()}
            test = {p: [i for i, g in enumerate(ex.groups) if fold_of[g] == f] for p, ex in examples.items()}
            rows, labels, grs, weights = _rows(examples, train)
            if len(set(labels)) < 2 or not any(test.values()):
                continue
            vec, clf = _fit(rows, labels, grs, weights, seed)
            tests, _, _, _ = _rows(examples, test)
            pr = iter(clf.predict_proba(_int32(vec.transform(tests)))[:, 1])
            for p in sorted(examples):
                for i in test[p]:
                    probs[p][i] = float(next(pr))
    return {p: OutOfFold(probs[p], ex.labels, ex.uncovered) for p, ex in examples.items()}


def fit_model(examples: dict[str, Examples], *, mode: str, seed: int = 0,
              info: dict[str, Any] | None = None) -> RelationModel:
    """One pooled logistic regression split into per-property weights, thresholds from
    cross-validation."""
    model = RelationModel(mode=mode, info=dict(info or {}),
                          constraints=Constraints(dict(CONSTRAINTS.max_per_subject), list(CONSTRAINTS.exclusive)))
    stats = {}
    learnable = {}
    for p, ex in sorted(examples.items()):
        npos = sum(ex.labels)
        stats[p] = {"candidates": len(ex.labels), "positive": npos, "uncovered": ex.uncovered}
        if npos == 0 or npos == len(ex.labels):
            model.properties[p] = PropertyModel(bias=-30.0 if npos == 0 else 30.0, threshold=0.5)
        else:
            learnable[p] = ex
    if learnable:
        rows, labels, groups, weights = _rows(learnable)
        vec, clf = _fit(rows, labels, groups, weights, seed)
        pooled = dict(zip(vec.get_feature_names_out(), (float(w) for w in clf.coef_[0])))
        for p in learnable:
            model.properties[p] = _split(pooled, float(clf.intercept_[0]), p)
        for p, t in global_threshold(_out_of_fold(learnable, seed)).items():
            model.properties[p].threshold = t if t > 1 else round(t, 4)
            stats[p]["threshold"] = model.properties[p].threshold
    model.info["examples"] = stats
    return model


def train_relations(items: list[GoldDoc], out_dir: Path, *, modes: tuple[str, ...] = ("learned", "hybrid"),
                    seed: int = 0) -> dict[str, Path]:
    """Train the relation classifier of each mode on ``items`` and write ``relations-MODE.json``
    into ``out_dir`` (mentions are read with that directory's weights, when it has them)."""
    from kg.extract.learned.settings import using

    written = {}
    for mode in modes:
        with using(mode=mode, directory=out_dir):
            examples = collect(items, use_rules=(mode == "hybrid"))
        model = fit_model(examples, mode=mode, seed=seed,
                          info={"trained_on": [it.name for it in items], "seed": seed, "C": C,
                                "min_groups": MIN_GROUPS})
        path = model_file(out_dir, mode)
        model.save(path)
        written[mode] = path
    return written


__all__ = ["Examples", "collect", "entity_matches", "fit_model", "gold_triples", "label", "train_relations"]
