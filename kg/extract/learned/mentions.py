"""Learned mention detection and typing: a token tagger over the pinned pipeline's own features.

Each token is described by the pinned spaCy pipeline's contextual vectors (``doc.tensor``, the
shared tok2vec output, for the token and its neighbours), its coarse part of speech, the
pipeline's own entity tag and a few orthographic flags. A small feed-forward network (thinc)
maps that to a BILOU tag over the contract's named classes, and a constrained Viterbi pass reads
the tags back as typed token spans. Training needs only gold files (see
:mod:`kg.extract.learned.gold`); a fold of leave-one-theatre-out takes seconds once the texts are
parsed, because the pipeline itself is not retrained.

Weights are written with thinc's msgpack serialisation (``model.bin``) beside ``meta.json``;
nothing is pickled.
"""
from __future__ import annotations

import functools
import json
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from kg.errors import KgError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from kg.extract.learned.gold import GoldArticle

#: Entity labels of the tagger and the contract class each stands for.
LABELS = ("FORCE", "PLACE", "OPERATION", "PERSON")
TYPE_OF_LABEL = {"FORCE": "Force", "PLACE": "Place", "OPERATION": "Operation", "PERSON": "Person"}
LABEL_OF_TYPE = {v: k for k, v in TYPE_OF_LABEL.items()}
#: BILOU tags: "O" then B-, I-, L-, U- of each label.
TAGS = ("O",) + tuple(f"{p}-{lab}" for lab in LABELS for p in "BILU")
FORMAT = "kg-mentions/1"
#: Shipped default weights (``mentions/`` of :data:`kg.extract.learned.settings.SHIPPED`).
DEFAULT_DIR = Path(__file__).resolve().parent / "weights" / "mentions"

_POS = ("ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN",
        "PUNCT", "SCONJ", "SYM", "VERB", "X")
_ENTS = ("CARDINAL", "DATE", "EVENT", "FAC", "GPE", "LANGUAGE", "LAW", "LOC", "MONEY", "NORP",
         "ORDINAL", "ORG", "PERCENT", "PERSON", "PRODUCT", "QUANTITY", "TIME", "WORK_OF_ART")
_N_FLAGS = 10


def _flags(tok, after_title: bool) -> list[float]:
    """Orthographic flags of ``tok``; ``after_title``: the token before it is title-cased."""
    t = tok.text
    return [float(tok.is_title), float(tok.is_upper and len(t) > 1), float(tok.is_lower),
            float(tok.is_digit or tok.like_num), float(tok.is_punct), float(tok.is_sent_start or False),
            float("-" in t), float(t[:3].lower() in ("al-", "el-")), float(len(t) <= 2),
            float(after_title)]


def _sparse_block(doc: Doc) -> np.ndarray:
    """Per token: part of speech, the pipeline's entity type and B flag, orthographic flags."""
    pos_ix = {p: i for i, p in enumerate(_POS)}
    ent_ix = {e: i for i, e in enumerate(_ENTS)}
    width = len(_POS) + len(_ENTS) + 1 + _N_FLAGS
    out = np.zeros((len(doc), width), dtype="float32")
    after_title = False
    for tok in doc:
        row = out[tok.i]
        p = pos_ix.get(tok.pos_)
        if p is not None:
            row[p] = 1.0
        e = ent_ix.get(tok.ent_type_)
        if e is not None:
            row[len(_POS) + e] = 1.0
            row[len(_POS) + len(_ENTS)] = float(tok.ent_iob_ == "B")
        row[len(_POS) + len(_ENTS) + 1:] = _flags(tok, after_title)
        after_title = tok.is_title
    return out


@functools.lru_cache(maxsize=4)
def _encoder(pipeline: str, component: str) -> Any:
    """The token encoder of a component of the named pipeline: the shared ``tok2vec`` or the
    entity recogniser's own (``ner``)."""
    from kg.extract.nlp import load_pipeline, ner_encoder

    nlp = load_pipeline(pipeline)
    if component not in nlp.pipe_names:
        raise KgError(f"spaCy pipeline '{pipeline}' has no '{component}' component; the mention tagger needs one")
    return ner_encoder(nlp) if component == "ner" else nlp.get_pipe(component).model


def _vectors(doc: Doc, pipeline: str, component: str) -> np.ndarray:
    """The token vectors of ``component``'s encoder for ``doc``: those the entity recogniser kept
    while the pipeline parsed the doc, else a fresh pass of the encoder."""
    if component == "ner":
        from kg.extract.nlp import kept_ner_vectors

        kept = kept_ner_vectors(doc, pipeline)
        if kept is not None:
            return kept
    out = _encoder(pipeline, component).predict([doc])
    return np.asarray(out[0] if isinstance(out, list) else out, dtype="float32").reshape(len(doc), -1)


def features(doc: Doc, *, window: int = 1, pipeline: str | None = None) -> np.ndarray:
    """The feature matrix of ``doc`` (one row per token); ``pipeline`` (a spaCy package name) adds
    the vectors of its entity recogniser's encoder and stands in for a missing ``doc.tensor``.

    Raises:
        KgError: the doc has no contextual vectors (it was not parsed by the pinned pipeline).
    """
    n = len(doc)
    if n == 0:
        raise KgError("no features for an empty doc")
    tensor = doc.tensor
    if tensor is None or getattr(tensor, "shape", (0,))[0] != n:
        # a doc read back from a DocBin or built by hand: run the pipeline's shared encoder
        if not pipeline:
            raise KgError("the learned mention layer needs a doc parsed by the spaCy pipeline (no doc.tensor)")
        tensor = _vectors(doc, pipeline, "tok2vec")
    parts = [np.asarray(tensor, dtype="float32").reshape(n, -1), _sparse_block(doc)]
    if pipeline:
        parts.insert(1, _vectors(doc, pipeline, "ner"))
    local = np.concatenate(parts, axis=1)
    blocks = [local]
    width = local.shape[1]
    for off in range(1, window + 1):
        prev = np.zeros((n, width), dtype="float32")
        nxt = np.zeros((n, width), dtype="float32")
        if n > off:
            prev[off:] = local[:-off]
            nxt[:-off] = local[off:]
        blocks += [prev, nxt]
    return np.concatenate(blocks, axis=1)


def targets(doc: Doc, spans: Iterable[tuple[int, int, str]]) -> np.ndarray:
    """BILOU tag ids of ``doc`` from character spans (start, end, contract class); -1 = unknown."""
    from spacy.training import offsets_to_biluo_tags

    ents = [(s, e, LABEL_OF_TYPE[t]) for s, e, t in spans if t in LABEL_OF_TYPE]
    tags = offsets_to_biluo_tags(doc, ents, missing="O")
    ix = {t: i for i, t in enumerate(TAGS)}
    return np.array([ix.get(t, -1) for t in tags], dtype="int64")


def _allowed() -> np.ndarray:
    """allowed[a, b]: tag b may follow tag a in a BILOU sequence."""
    k = len(TAGS)
    ok = np.zeros((k, k), dtype=bool)
    for a, ta in enumerate(TAGS):
        for b, tb in enumerate(TAGS):
            pa, la = (ta.split("-", 1) + [""])[:2] if ta != "O" else ("O", "")
            pb, lb = (tb.split("-", 1) + [""])[:2] if tb != "O" else ("O", "")
            if pa in ("B", "I"):
                ok[a, b] = pb in ("I", "L") and lb == la
            else:
                ok[a, b] = pb in ("O", "B", "U")
    return ok


_ALLOWED = _allowed()
_START_OK = np.array([t == "O" or t[0] in "BU" for t in TAGS])
_END_OK = np.array([t == "O" or t[0] in "LU" for t in TAGS])


def decode(probs: np.ndarray) -> list[tuple[int, int, str, float]]:
    """The most probable valid BILOU sequence of ``probs`` (tokens x tags) as token spans
    (start, end, label, mean probability of its tags)."""
    n = probs.shape[0]
    if n == 0:
        return []
    logp = np.log(np.clip(probs, 1e-9, 1.0))
    trans = np.where(_ALLOWED, 0.0, -1e9)
    score = np.where(_START_OK, logp[0], -1e9)
    back = np.zeros((n, len(TAGS)), dtype="int64")
    for i in range(1, n):
        cand = score[:, None] + trans
        back[i] = cand.argmax(axis=0)
        score = cand.max(axis=0) + logp[i]
    score = np.where(_END_OK, score, -1e9)
    path = [int(score.argmax())]
    for i in range(n - 1, 0, -1):
        path.append(int(back[i, path[-1]]))
    path.reverse()
    spans, start = [], None
    for i, t in enumerate(path):
        tag = TAGS[t]
        if tag == "O":
            continue
        p, lab = tag.split("-", 1)
        if p in ("B", "U"):
            start = i
        if p in ("L", "U") and start is not None:
            spans.append((start, i + 1, lab, float(probs[np.arange(start, i + 1), path[start:i + 1]].mean())))
            start = None
    return spans


@dataclass(frozen=True, slots=True)
class MentionSpan:
    """A predicted mention: tokens ``[start, end)`` of the doc, its contract class, a confidence."""

    start: int
    end: int
    type: str
    score: float


def typed_spans(probs: np.ndarray) -> list[MentionSpan]:
    """The mentions :func:`decode` reads in ``probs``, each with its contract class."""
    return [MentionSpan(s, e, TYPE_OF_LABEL[lab], sc) for s, e, lab, sc in decode(probs)]


def _build(n_in: int, hidden: int, *, dropout: float = 0.0):
    from thinc.api import Relu, Softmax, chain

    return chain(Relu(nO=hidden, nI=n_in, dropout=dropout), Relu(nO=hidden, nI=hidden, dropout=dropout),
                 Softmax(nO=len(TAGS), nI=hidden))


class MentionTagger:
    """A trained tagger: ``spans(doc)`` gives the typed mentions it finds in a parsed doc."""

    def __init__(self, model: Any, meta: dict) -> None:
        self.model = model
        self.meta = meta

    def probs(self, doc: Doc) -> np.ndarray:
        """Tag probabilities (tokens x :data:`TAGS`)."""
        if len(doc) == 0:
            return np.zeros((0, len(TAGS)), dtype="float32")
        x = features(doc, window=self.meta["window"], pipeline=self.meta.get("pipeline"))
        if x.shape[1] != self.meta["n_in"]:
            raise KgError(f"mention weights expect {self.meta['n_in']} features per token, the pipeline "
                          f"gives {x.shape[1]}: retrain them with this spaCy pipeline (kg train)")
        return np.asarray(self.model.predict(x))

    def spans(self, doc: Doc) -> list[MentionSpan]:
        """Typed mention spans of ``doc`` in text order."""
        return typed_spans(self.probs(doc))

    def to_disk(self, out_dir: Path | str) -> None:
        """Write ``model.bin`` (msgpack) and ``meta.json`` into ``out_dir``."""
        d = Path(out_dir)
        d.mkdir(parents=True, exist_ok=True)
        (d / "model.bin").write_bytes(self.model.to_bytes())
        (d / "meta.json").write_text(json.dumps(self.meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")

    @classmethod
    def from_disk(cls, in_dir: Path | str) -> MentionTagger:
        """Load weights written by :meth:`to_disk`.

        Raises:
            KgError: the directory holds no readable mention weights.
        """
        d = Path(in_dir)
        try:
            meta = json.loads((d / "meta.json").read_text(encoding="utf-8"))
            raw = (d / "model.bin").read_bytes()
        except (OSError, json.JSONDecodeError) as exc:
            raise KgError(f"no mention weights in {d} (expected meta.json and model.bin written by kg train)") from exc
        if meta.get("format") != FORMAT or tuple(meta.get("tags", ())) != TAGS:
            raise KgError(f"mention weights in {d} are of another format ({meta.get('format')}); retrain them")
        model = _build(meta["n_in"], meta["hidden"])
        try:
            model.from_bytes(raw)
        except Exception as exc:  # thinc raises several types for a damaged file
            raise KgError(f"mention weights in {d}/model.bin are damaged: {exc}") from exc
        return cls(model, meta)


def weights_dir() -> Path:
    """Where extraction reads mention weights: ``mentions/`` of the extractor directory in force
    (:func:`kg.extract.learned.settings.current`; by default the shipped weights)."""
    from kg.extract.learned.settings import current

    return current().directory / "mentions"


@functools.lru_cache(maxsize=4)
def _load_cached(path: str) -> MentionTagger:
    return MentionTagger.from_disk(path)


def load_tagger(path: Path | str | None = None) -> MentionTagger:
    """The mention tagger at ``path`` (default :func:`weights_dir`), loaded once per process.

    Raises:
        KgError: no weights there.
    """
    return _load_cached(str(Path(path) if path is not None else weights_dir()))


def _training_matrix(docs: Sequence[Doc], arts: Sequence[GoldArticle], window: int, pipeline: str | None
                     ) -> tuple[np.ndarray, np.ndarray]:
    xs, ys = [], []
    for doc, art in zip(docs, arts):
        y = targets(doc, [(s.start, s.end, s.type) for s in art.spans])
        xs.append(features(doc, window=window, pipeline=pipeline))
        ys.append(y)
    x = np.concatenate(xs) if xs else np.zeros((0, 0), dtype="float32")
    y = np.concatenate(ys) if ys else np.zeros((0,), dtype="int64")
    keep = y >= 0
    return x[keep], y[keep]


def fit(docs: Sequence[Doc], arts: Sequence[GoldArticle], *, seed: int = 0, epochs: int = 15,
        hidden: int = 128, window: int = 1, batch: int = 256, learn_rate: float = 0.003,
        dropout: float = 0.2, pipeline: str | None = None) -> MentionTagger:
    """Train a tagger on parsed ``docs`` and their gold articles (same order); ``pipeline`` is the
    spaCy package that parsed them (default: the pinned one)."""
    from thinc.api import Adam, fix_random_seed

    from kg.extract.nlp import DEFAULT_MODEL

    pipeline = pipeline or DEFAULT_MODEL
    fix_random_seed(seed)
    x, y = _training_matrix(docs, arts, window, pipeline)
    if len(y) == 0:
        raise KgError("no training tokens: the gold files hold no located mentions")
    model = _build(x.shape[1], hidden, dropout=dropout)
    model.initialize(X=x[:8], Y=np.eye(len(TAGS), dtype="float32")[y[:8]])
    opt = Adam(learn_rate)
    rng = np.random.default_rng(seed)
    onehot = np.eye(len(TAGS), dtype="float32")
    for _ in range(epochs):
        order = rng.permutation(len(y))
        for i in range(0, len(order), batch):
            idx = order[i:i + batch]
            probs, backprop = model.begin_update(x[idx])
            backprop((probs - onehot[y[idx]]) / len(idx))
            model.finish_update(opt)
    meta = {"format": FORMAT, "tags": list(TAGS), "n_in": int(x.shape[1]), "hidden": hidden, "pipeline": pipeline,
            "window": window, "seed": seed, "epochs": epochs, "tokens": int(len(y))}
    return MentionTagger(model, meta)


def train_mentions(gold_dir: Path | str, names: Iterable[str] | None, out_dir: Path | str, *, seed: int = 0,
                   nlp: Language | None = None, docs: dict[str, Doc] | None = None, **options: Any) -> dict:
    """Train the mention tagger on the gold files ``names`` of ``gold_dir`` (all when None) and
    write it to ``out_dir``; returns a summary (files, tokens, unlocated names, seconds).

    ``docs`` (name -> parsed doc) spares re-parsing when many folds are trained; ``options`` go
    to :func:`fit`.
    """
    from kg.extract.learned.gold import load_gold, locate

    t0 = time.perf_counter()
    arts = load_gold(gold_dir, names)
    parsed = dict(docs or {})
    todo = [a for a in arts if a.name not in parsed]
    if todo:
        if nlp is None:
            from kg.extract.nlp import load_pipeline

            nlp = load_pipeline()
        for a, doc in zip(todo, nlp.pipe([a.text for a in todo], batch_size=16)):
            parsed[a.name] = doc
    for a in arts:  # a caller's parse may be of the cleaned article text: locate the names there
        text = parsed[a.name].text
        if text != a.text:
            a.text = text
            a.spans, a.unlocated = locate(text, a.gold.get("entities", []))
    tagger = fit([parsed[a.name] for a in arts], arts, seed=seed, **options)
    tagger.meta["trained_on"] = [a.name for a in arts]
    tagger.to_disk(out_dir)
    return {"files": len(arts), "tokens": tagger.meta["tokens"],
            "unlocated": sum(len(a.unlocated) for a in arts), "seconds": round(time.perf_counter() - t0, 1),
            "out": str(out_dir)}


__all__ = ["DEFAULT_DIR", "LABELS", "MentionSpan", "MentionTagger", "TAGS", "decode", "features", "fit",
           "load_tagger", "targets", "train_mentions", "typed_spans", "weights_dir"]
