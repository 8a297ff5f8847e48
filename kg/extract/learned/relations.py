"""The learned relation layer: a linear classifier per property over candidate pairs.

At extraction time (modes ``learned`` and ``hybrid``) the candidates of
:mod:`kg.extract.learned.features` are scored with weights read from a plain JSON file
(``relations-MODE.json`` in the extractor directory); the pairs scoring at or above their
property's threshold become the article's relations, replacing the rule layer's, once held
together by the model's constraints (one perpetrator per incident, say). In hybrid mode
the rule layer's decisions are features; in learned mode they are not. Only the standard library
runs here: scikit-learn is needed for training (:mod:`kg.extract.learned.train_relations`) only.
"""
from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import ConfigError
from kg.extract.learned.features import Candidate, Span, candidates, paragraphs
from kg.model import Evidence, Extraction, Relation
from kg.rdf.ontology import PROPERTIES, top_class

if TYPE_CHECKING:
    from spacy.tokens import Doc

FORMAT = "kg-relations/1"


def model_file(directory: Path, mode: str) -> Path:
    """Where the relation weights of ``mode`` live inside an extractor directory."""
    return Path(directory) / f"relations-{mode}.json"


@dataclass(slots=True)
class PropertyModel:
    """Weights of one property's logistic regression and its decision threshold."""

    bias: float
    threshold: float
    weights: dict[str, float] = field(default_factory=dict)

    def probability(self, features: dict[str, float]) -> float:
        """P(relation holds | features)."""
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        if z < -30:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))


@dataclass(slots=True)
class Constraints:
    """How the decisions of one article are held together after thresholding.

    ``max_per_subject``: property -> how many objects one subject keeps (an incident has one
    perpetrator); ``exclusive``: pairs of properties one (subject, object) pair cannot both hold
    (a force does not both carry out and suffer the same incident). The decisions kept are those
    furthest above their thresholds (probability / threshold).
    """

    max_per_subject: dict[str, int] = field(default_factory=dict)
    exclusive: list[tuple[str, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """Plain JSON."""
        return {"max_per_subject": dict(sorted(self.max_per_subject.items())),
                "exclusive": [list(pair) for pair in self.exclusive]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Constraints:
        """Read :meth:`to_json`'s document back (KeyError, TypeError, ValueError when malformed)."""
        caps = {str(p): int(n) for p, n in data.get("max_per_subject", {}).items() if p in PROPERTIES}
        pairs = [(str(a), str(b)) for a, b in data.get("exclusive", [])]
        return cls(caps, pairs)

    def apply(self, decided: list[tuple[Candidate, float, float]]) -> list[tuple[Candidate, float]]:
        """Keep the decisions (candidate, probability, margin) that hold together."""
        keep = set(range(len(decided)))
        for pair in self.exclusive:
            by_pair: dict[tuple[str, str], list[int]] = {}
            for i, (c, _, _) in enumerate(decided):
                if c.predicate in pair:
                    by_pair.setdefault((c.subject, c.object), []).append(i)
            for idx in by_pair.values():
                if len(idx) > 1:
                    best = max(idx, key=lambda i: (decided[i][2], decided[i][0].predicate))
                    keep -= {i for i in idx if i != best}
        by_subject: dict[tuple[str, str], list[int]] = {}
        for i in sorted(keep):
            c = decided[i][0]
            if c.predicate in self.max_per_subject:
                by_subject.setdefault((c.predicate, c.subject), []).append(i)
        for (p, _), idx in by_subject.items():
            idx.sort(key=lambda i: (-decided[i][2], decided[i][0].object))
            keep -= set(idx[self.max_per_subject[p]:])
        return [(decided[i][0], decided[i][1]) for i in sorted(keep)]


@dataclass(slots=True)
class RelationModel:
    """A trained relation classifier: one :class:`PropertyModel` per contract property."""

    mode: str
    properties: dict[str, PropertyModel] = field(default_factory=dict)
    info: dict[str, Any] = field(default_factory=dict)
    constraints: Constraints = field(default_factory=Constraints)

    @property
    def uses_rules(self) -> bool:
        """The rule layer's decisions are among the features (hybrid)."""
        return self.mode == "hybrid"

    def to_json(self) -> dict[str, Any]:
        """A plain JSON document (no executable content) holding the weights."""
        return {"format": FORMAT, "mode": self.mode, "info": self.info,
                "constraints": self.constraints.to_json(),
                "properties": {p: {"bias": m.bias, "threshold": m.threshold,
                                   "weights": dict(sorted(m.weights.items()))}
                               for p, m in sorted(self.properties.items())}}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RelationModel:
        """Read :meth:`to_json`'s document back.

        Raises:
            ConfigError: not a relation model of this format.
        """
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ConfigError(f"not a kg relation model (expected format {FORMAT})")
        try:
            props = {p: PropertyModel(float(m["bias"]), float(m["threshold"]),
                                      {str(k): float(v) for k, v in m["weights"].items()})
                     for p, m in data["properties"].items() if p in PROPERTIES}
            return cls(mode=str(data["mode"]), properties=props, info=dict(data.get("info", {})),
                       constraints=Constraints.from_json(data.get("constraints", {})))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ConfigError(f"relation model is malformed: {exc}") from exc

    def save(self, path: Path) -> None:
        """Write the model as JSON."""
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_json(), separators=(",", ":")), encoding="utf-8")

    def decide(self, cands: list[Candidate]) -> list[tuple[Candidate, float]]:
        """The candidates of one article whose probability reaches their property's threshold,
        with it, held together by the model's :class:`Constraints`."""
        out = []
        for c in cands:
            m = self.properties.get(c.predicate)
            if m is None:
                continue
            prob = m.probability(c.features)
            if prob >= m.threshold:
                out.append((c, prob, prob / m.threshold if m.threshold > 0 else prob))
        return self.constraints.apply(out)


def load_model(path: Path) -> RelationModel:
    """Load a relation model (cached per file and modification time).

    Raises:
        ConfigError: the file is missing or not a relation model.
    """
    try:
        stamp = path.stat().st_mtime_ns
    except OSError as exc:
        raise ConfigError(f"no relation model at {path}; train one with 'kg train' "
                          "or set KG_EXTRACTOR_MODE=rules") from exc
    return _load(str(path), stamp)


@functools.lru_cache(maxsize=8)
def _load(path: str, stamp: int) -> RelationModel:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read relation model {path}: {exc}") from exc
    return RelationModel.from_json(data)


# -- one article ---------------------------------------------------------------------------------
def article_spans(doc: Doc, ex: Extraction, cands, cand_key) -> tuple[list[Span], set[str], str | None, list]:
    """The article's mentions as :class:`Span` (incidents by their trigger token), its hostile
    forces, its main hostile force and its sentences."""
    from kg.extract.relations.context import build_ctx, main_hostile

    ctx = build_ctx(doc, Extraction(article=ex.article, entities=ex.entities), cands, cand_key)
    spans = list(ctx.mentions)
    starts = {t.idx: t.i for t in doc}
    sent_of: dict[int, int] = {}
    for k, sp in enumerate(ctx.sents):
        for t in range(sp.start, sp.end):
            sent_of[t] = k
    seen = {m.key for m in spans}
    for e in ex.entities:
        if top_class(e.type) != "Incident" or e.key in seen:
            continue
        for mention in e.mentions:
            i = starts.get(mention.start)
            if i is not None:
                spans.append(Span(i, i + 1, e.key, e.type, sent_of.get(i, 0)))
    return spans, set(ctx.hostile), main_hostile(ctx), ctx.sents


def article_candidates(doc: Doc, ex: Extraction, cands, cand_key, *, use_rules: bool
                       ) -> tuple[list[Candidate], list]:
    """Candidates of one extracted article (its rule relations as features when ``use_rules``)."""
    spans, hostile, main, sents = article_spans(doc, ex, cands, cand_key)
    rule = [(r.subject, r.predicate, r.object, r.confidence) for r in ex.relations if r.predicate in PROPERTIES]
    types = {e.key: e.type for e in ex.entities}
    return candidates(doc, spans, hostile=hostile, main_hostile=main, rule_relations=rule, types=types,
                      use_rules=use_rules, paragraph_of=paragraphs(doc, sents)), sents


def apply(doc: Doc, ex: Extraction, cands, cand_key, model: RelationModel) -> None:
    """Replace the contract relations of ``ex`` by the classifier's decisions."""
    found, sents = article_candidates(doc, ex, cands, cand_key, use_rules=model.uses_rules)
    ex.relations = decided_relations(ex, found, sents, model, doc.text)


def decided_relations(ex: Extraction, found: list[Candidate], sents: list, model: RelationModel,
                      text: str) -> list[Relation]:
    """The relations of ``ex`` with the contract ones replaced by the decisions on ``found``."""
    evidence = {(r.subject, r.predicate, r.object): r.evidence for r in ex.relations}
    kept = [r for r in ex.relations if r.predicate not in PROPERTIES]
    for c, prob in sorted(model.decide(found), key=lambda cp: (cp[0].sentence, cp[0].subject, cp[0].predicate)):
        ev = evidence.get((c.subject, c.predicate, c.object))
        if ev is None:
            sp = sents[c.sentence] if 0 <= c.sentence < len(sents) else sents[0]
            raw = text[sp.start_char:sp.end_char]
            lead = len(raw) - len(raw.lstrip())
            body = raw.strip()
            ev = Evidence(body, sp.start_char + lead, sp.start_char + lead + len(body))
        kept.append(Relation(c.subject, c.predicate, c.object, ev, round(prob, 3)))
    return kept


__all__ = ["FORMAT", "Constraints", "PropertyModel", "RelationModel", "apply", "article_candidates", "article_spans",
           "decided_relations", "load_model", "model_file"]
