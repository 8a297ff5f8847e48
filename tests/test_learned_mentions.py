"""The learned mention layer: BILOU decoding, weights on disk, and the hybrid merge policy.

All but the last test are model-free: docs are built by hand and spans are given directly.
"""
from __future__ import annotations

import numpy as np
import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from kg.errors import KgError
from kg.extract.mentions.candidate import Cand
from kg.extract.learned import merge
from kg.extract.learned.mentions import TAGS, MentionSpan, MentionTagger, _build, decode
from kg.extract.learned.merge import Policy, combine

WORDS = ["The", "Korrin", "Guard", "moved", "from", "Tellis", "to", "Varno", "under", "Operation", "Grey", "Lark", "."]


def _doc() -> Doc:
    return Doc(Vocab(), words=WORDS)


def _probs(tags: list[str]) -> np.ndarray:
    """Probabilities that put 0.9 on each token's tag."""
    p = np.full((len(tags), len(TAGS)), 0.1 / (len(TAGS) - 1), dtype="float32")
    for i, t in enumerate(tags):
        p[i, TAGS.index(t)] = 0.9
    return p


def test_decode_reads_bilou_tags_as_typed_spans():
    tags = ["O", "B-FORCE", "L-FORCE", "O", "O", "U-PLACE", "O", "U-PLACE", "O", "B-OPERATION",
            "I-OPERATION", "L-OPERATION", "O"]
    got = [(s, e, lab) for s, e, lab, _ in decode(_probs(tags))]
    assert got == [(1, 3, "FORCE"), (5, 6, "PLACE"), (7, 8, "PLACE"), (9, 12, "OPERATION")]


def test_decode_never_returns_a_broken_sequence():
    # an "I-" with no "B-" before it and a "B-" never closed: the best valid path is returned
    tags = ["O", "I-FORCE", "O", "B-PLACE", "O"]
    spans = decode(_probs(tags))
    for s, e, lab, score in spans:
        assert 0 <= s < e <= len(tags) and lab in ("FORCE", "PLACE") and 0.0 < score <= 1.0
    assert decode(np.zeros((0, len(TAGS)), dtype="float32")) == []


def test_weights_round_trip_without_pickle(tmp_path):
    model = _build(6, 8)
    x = np.random.default_rng(0).random((5, 6), dtype="float32")
    model.initialize(X=x, Y=np.eye(len(TAGS), dtype="float32")[:5])
    meta = {"format": "kg-mentions/1", "tags": list(TAGS), "n_in": 6, "hidden": 8, "window": 1}
    MentionTagger(model, meta).to_disk(tmp_path / "m")
    assert sorted(p.name for p in (tmp_path / "m").iterdir()) == ["meta.json", "model.bin"]
    back = MentionTagger.from_disk(tmp_path / "m")
    assert np.allclose(back.model.predict(x), model.predict(x))
    with pytest.raises(KgError, match="no mention weights"):
        MentionTagger.from_disk(tmp_path / "nothing")
    (tmp_path / "m" / "model.bin").write_bytes(b"\x00garbage")
    with pytest.raises(KgError, match="damaged"):
        MentionTagger.from_disk(tmp_path / "m")


def _rules() -> list[Cand]:
    return [Cand(start=1, end=3, label="Korrin Guard", type="Force", prio=5),
            Cand(start=5, end=6, label="Tellis", type="Force", prio=2)]


def test_a_span_the_rules_missed_becomes_a_candidate_of_the_learned_class():
    spans = [MentionSpan(7, 8, "Place", 0.95), MentionSpan(0, 3, "Force", 0.9)]
    out = combine(_doc(), _rules(), spans, mode="hybrid", policy=Policy())
    assert [(c.label, c.type) for c in out] == [("Korrin Guard", "Force"), ("Tellis", "Force"), ("Varno", "Place")]
    assert out[2].extra["learned"] == 0.95


def test_disagreeing_classes_follow_the_policy():
    spans = [MentionSpan(5, 6, "Place", 0.85)]
    keep = combine(_doc(), _rules(), spans, mode="hybrid", policy=Policy(types="rules"))
    assert [c.type for c in keep] == ["Force", "Force"]
    learned = combine(_doc(), _rules(), spans, mode="hybrid", policy=Policy(types="learned"))
    assert [c.type for c in learned] == ["Force", "Place"] and learned[1].extra["rule_type"] == "Force"
    unsure = combine(_doc(), _rules(), spans, mode="hybrid", policy=Policy(types="confident", confident=0.9))
    assert [c.type for c in unsure] == ["Force", "Force"]
    phase = [Cand(start=9, end=12, label="Grey Lark", type="Phase")]
    kept = combine(_doc(), phase, [MentionSpan(9, 12, "Force", 0.99)], mode="hybrid", policy=Policy(types="learned"))
    assert kept[0].type == "Phase"


def test_one_name_keeps_one_class_and_weak_or_gated_spans_are_left_out():
    rules = [Cand(start=7, end=8, label="Varno", type="Force")]
    doc = Doc(Vocab(), words=WORDS + ["Varno", "fell", "."])
    out = combine(doc, rules, [MentionSpan(13, 14, "Place", 0.9)], mode="hybrid", policy=Policy())
    assert [(c.start, c.type) for c in out] == [(7, "Force"), (13, "Force")]
    weak = combine(_doc(), [], [MentionSpan(7, 8, "Place", 0.4)], mode="hybrid", policy=Policy(min_new=0.5))
    assert weak == []
    gated = combine(_doc(), [], [MentionSpan(7, 8, "Place", 0.9)], mode="hybrid",
                    policy=Policy(new_types=frozenset({"Force"})))
    assert gated == []


def test_modes_and_veto():
    spans = [MentionSpan(7, 8, "Place", 0.9)]
    assert combine(_doc(), _rules(), spans, mode="rules") == _rules()
    assert [c.label for c in combine(_doc(), _rules(), spans, mode="learned")] == ["Varno"]
    probs = _probs(["O"] * len(WORDS))
    vetoed = combine(_doc(), _rules(), spans, mode="hybrid", policy=Policy(veto=0.8), probs=probs)
    assert [c.label for c in vetoed] == ["Varno"]
    with pytest.raises(KgError, match="unknown extraction mode"):
        combine(_doc(), _rules(), spans, mode="guess")


def test_mode_and_weights_come_from_the_extractor_settings(tmp_path):
    from kg.extract.learned.mentions import DEFAULT_DIR, weights_dir
    from kg.extract.learned.settings import using

    with using(mode="rules"):
        assert merge.extractor_mode() == "rules"
        assert merge.apply_learned(_doc(), _rules()) == _rules()
    with using(mode="hybrid", directory=tmp_path):
        assert merge.extractor_mode() == "hybrid" and weights_dir() == tmp_path / "mentions"
        with pytest.raises(KgError, match="no mention weights"):
            merge.apply_learned(_doc(), [])
    assert weights_dir() == DEFAULT_DIR


def test_the_hook_tags_the_doc_and_combines():
    class FixedTagger:
        def probs(self, doc):
            tags = ["O"] * len(doc)
            tags[1:3] = ["B-FORCE", "L-FORCE"]
            tags[5] = tags[7] = "U-PLACE"
            tags[9:12] = ["B-OPERATION", "I-OPERATION", "L-OPERATION"]
            return _probs(tags)

    out = merge.apply_learned(_doc(), _rules(), mode="hybrid", tagger=FixedTagger())
    assert [(c.label, c.type) for c in out] == [("Korrin Guard", "Force"), ("Tellis", "Force"),
                                                ("Operation Grey Lark", "Operation")]
    only = merge.apply_learned(_doc(), _rules(), mode="learned", tagger=FixedTagger())
    assert [(c.label, c.type) for c in only] == [("Korrin Guard", "Force"), ("Tellis", "Place"), ("Varno", "Place"),
                                                 ("Operation Grey Lark", "Operation")]
    # the default policy drops a rule candidate the tagger reads as no mention
    vetoed = merge.apply_learned(_doc(), [Cand(start=3, end=4, label="Moved", type="Place")], mode="hybrid",
                                 tagger=FixedTagger())
    assert [c.label for c in vetoed] == ["Operation Grey Lark"]


@pytest.mark.model
def test_shipped_weights_find_a_force_and_a_place(nlp):
    from kg.extract.learned.mentions import load_tagger

    doc = nlp("Fighters of the Brakmar Liberation Front ambushed a convoy outside the town of Ostrelin "
              "on Sunday, the regional governor said.")
    found = {(doc[s.start:s.end].text, s.type) for s in load_tagger().spans(doc)}
    assert ("Brakmar Liberation Front", "Force") in found
    assert ("Ostrelin", "Place") in found


def test_support_and_learned_boundaries():
    spans = [MentionSpan(9, 12, "Operation", 0.9)]
    rules = [Cand(start=10, end=12, label="Grey Lark", type="Operation"), Cand(start=5, end=6, label="Tellis", type="Place")]
    unsupported = combine(_doc(), rules, spans, mode="hybrid", policy=Policy(support=True))
    assert [c.label for c in unsupported] == ["Grey Lark"]
    wider = combine(_doc(), [Cand(start=10, end=12, label="Grey Lark", type="Operation")], spans, mode="hybrid",
                    policy=Policy(bounds="learned"))
    assert [(c.start, c.end, c.label) for c in wider] == [(9, 12, "Operation Grey Lark")]
    assert wider[0].extra["rule_span"] == (10, 12, "Grey Lark")


@pytest.mark.model
def test_the_recogniser_keeps_the_vectors_a_fresh_encoder_pass_gives(nlp):
    from kg.extract.learned.mentions import _vectors
    from kg.extract.nlp import DEFAULT_MODEL, kept_ner_vectors, ner_encoder

    texts = ["Units of the Saverne Brigade shelled the outskirts of Morvaux on Tuesday.",
             "The Tellin Front said its fighters had withdrawn from two villages near the Osk river, "
             "a claim the army denied.\n\nNo casualties were reported."]
    docs = list(nlp.pipe(texts, batch_size=8))
    encoder = ner_encoder(nlp)
    for doc in docs:
        kept = kept_ner_vectors(doc, DEFAULT_MODEL)
        fresh = np.asarray(encoder.predict([doc]))
        assert kept is not None and kept.shape == fresh.shape == (len(doc), fresh.shape[1])
        assert np.allclose(kept, fresh, atol=1e-5)
        assert _vectors(doc, DEFAULT_MODEL, "ner") is kept
    # vectors of another pipeline, or of a doc changed since the parse, are not used
    assert kept_ner_vectors(docs[0], "another_pipeline") is None
    with docs[0].retokenize() as retok:
        retok.merge(docs[0][2:4])
    assert kept_ner_vectors(docs[0], DEFAULT_MODEL) is None
    assert _vectors(docs[0], DEFAULT_MODEL, "ner").shape[0] == len(docs[0])


def test_keeping_vectors_needs_an_entity_recogniser():
    import spacy

    from kg.extract.nlp import keep_ner_vectors, kept_ner_vectors, ner_encoder

    blank = spacy.blank("en")
    assert keep_ner_vectors(blank, "blank") is False
    assert kept_ner_vectors(blank("Troops left Varno."), "blank") is None
    with pytest.raises(KgError, match="no 'ner' component"):
        ner_encoder(blank)
