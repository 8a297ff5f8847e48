"""The relation classifier without a model: candidates and features on hand-built Docs, the JSON
weights round trip, labelling by the scorer's name matching, and the mode settings."""
from __future__ import annotations

import json

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from kg.errors import ConfigError
from kg.extract.learned.features import (Span, Tokens, allowed, candidates, dep_path, instance_features,
                                         main_operation, properties_for)
from kg.extract.learned.relations import PropertyModel, RelationModel, load_model
from kg.extract.learned.settings import current, using
from kg.extract.learned.train_relations import fit_model, gold_triples, label, Examples


def _doc() -> Doc:
    # "Kestrel Brigade attacked Red Hand in Tamsk ."
    words = ["Kestrel", "Brigade", "attacked", "Red", "Hand", "in", "Tamsk", "."]
    heads = [1, 2, 2, 4, 2, 2, 5, 2]
    deps = ["compound", "nsubj", "ROOT", "compound", "dobj", "prep", "pobj", "punct"]
    pos = ["PROPN", "PROPN", "VERB", "PROPN", "PROPN", "ADP", "PROPN", "PUNCT"]
    lemmas = ["Kestrel", "Brigade", "attack", "Red", "Hand", "in", "Tamsk", "."]
    return Doc(Vocab(), words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas,
               sent_starts=[True] + [False] * 7)


KESTREL = Span(0, 2, "f1", "MilitaryUnit", 0)
RED_HAND = Span(3, 5, "g1", "ArmedGroup", 0)
TAMSK = Span(6, 7, "p1", "Settlement", 0)


def test_dependency_path_goes_up_to_the_common_head_and_down():
    doc = _doc()
    steps, inner, lca = dep_path(doc[1], doc[6])
    assert steps == ["nsubj^", "prep_", "pobj_"]
    assert [t.text for t in inner] == ["attacked", "in"]
    assert lca is not None and lca.text == "attacked"


def test_token_facts_are_read_once_and_give_the_same_features():
    doc = _doc()
    tab = Tokens(doc)
    assert tab.head == [1, 2, 2, 4, 2, 2, 5, 2]
    assert tab.lemma[:3] == ["<name>", "<name>", "attack"]
    assert tab.words(2)[0] == "attack" and "~attack" in tab.words(2)
    assert tab.root(KESTREL) == 1 and tab.root(TAMSK) == 6
    assert tab.path(1, 6) == (["nsubj^", "prep_", "pobj_"], [2, 5], 2)
    assert tab.context(KESTREL, "s") == [f"s_next={w}" for w in tab.words(2)]
    assert tab.context(TAMSK, "o") == ["o_prev=in", "o_prev2=<name> in", "o_prev2~<name> in", "o_next=."]
    for s, o, via in [(KESTREL, TAMSK, ""), (TAMSK, RED_HAND, ""), (RED_HAND, KESTREL, "para"),
                      (KESTREL, TAMSK, "focus_o")]:
        fresh = instance_features(doc, s, o, hostile=frozenset({"g1"}), via=via)
        shared = instance_features(doc, s, o, hostile=frozenset({"g1"}), via=via, tokens=tab)
        assert list(shared.items()) == list(fresh.items()) and fresh


def test_properties_follow_domain_and_range():
    assert properties_for("Force", "Operation") == ["participatedIn"]
    assert set(properties_for("Incident", "Force")) == {"perpetratedBy", "targeted"}
    assert allowed("partOf", "Force", "Force") and not allowed("partOf", "Operation", "Force")
    assert properties_for("Force", "Place") == []


def test_instance_features_name_path_prepositions_and_hostility():
    f = instance_features(_doc(), KESTREL, TAMSK, hostile=frozenset({"g1"}))
    assert f["dpath=nsubj^ prep_ pobj_"] == 1.0
    assert f["path_verb=attack"] == 1.0 and f["path_prep=in"] == 1.0
    assert f["order=so"] == 1.0 and f["clauses=0"] == 1.0
    assert f["s_hostile=False"] == 1.0
    # names are abstracted: no feature carries the words of a name
    assert not any("kestrel" in k.lower() or "tamsk" in k.lower() for k in f)


def test_candidates_pair_sentence_mentions_and_carry_rule_decisions():
    doc = _doc()
    spans = [KESTREL, RED_HAND, TAMSK]
    rules = [("p1", "threatenedBy", "g1", 0.6)]
    cands = {(c.subject, c.predicate, c.object): c for c in
             candidates(doc, spans, hostile={"g1"}, rule_relations=rules)}
    assert set(cands) == {("p1", "threatenedBy", "g1"), ("p1", "threatenedBy", "f1"),
                          ("f1", "partOf", "g1"), ("g1", "partOf", "f1")}
    assert cands[("p1", "threatenedBy", "g1")].features["rule_conf"] == 0.6
    assert cands[("p1", "threatenedBy", "g1")].features["rule_conf=0.60"] == 1.0
    assert "rule" not in cands[("p1", "threatenedBy", "f1")].features
    without = candidates(doc, spans, hostile={"g1"}, rule_relations=rules, use_rules=False)
    assert not any(k.startswith("rule") for c in without for k in c.features)


def test_candidates_know_their_rank_among_rivals_and_how_often_each_end_is_named():
    doc = _doc()
    spans = [KESTREL, RED_HAND, TAMSK, Span(3, 5, "g1", "ArmedGroup", 0)]
    cands = {(c.subject, c.predicate, c.object): c.features for c in candidates(doc, spans, hostile={"g1"})}
    near, far = cands[("p1", "threatenedBy", "g1")], cands[("p1", "threatenedBy", "f1")]
    # Red Hand is nearer to Tamsk than Kestrel Brigade: it ranks first among the place's threats
    assert near["rank_s=0"] == 1.0 and far["rank_s=1"] == 1.0
    assert near["rivals_s=1"] == 1.0 and far["rivals_s=1"] == 1.0
    assert near["mentions_o=2"] == 1.0 and near["most_mentioned_o"] == 1.0
    assert far["mentions_o=1"] == 1.0 and "most_mentioned_o" not in far


def test_model_round_trips_through_plain_json(tmp_path):
    model = RelationModel("hybrid", {"threatenedBy": PropertyModel(-1.0, 0.4, {"rule": 2.5, "o_hostile=True": 1.0})},
                          {"seed": 3})
    path = tmp_path / "relations-hybrid.json"
    model.save(path)
    data = json.loads(path.read_text())
    assert data["format"] == "kg-relations/1"
    back = load_model(path)
    assert back.to_json() == model.to_json()
    p = back.properties["threatenedBy"].probability({"rule": 1.0, "o_hostile=True": 1.0})
    assert p == pytest.approx(1 / (1 + pow(2.718281828459045, -2.5)), rel=1e-6)


def test_malformed_or_missing_model_is_a_config_error(tmp_path):
    bad = tmp_path / "relations-hybrid.json"
    bad.write_text('{"format": "something else"}')
    with pytest.raises(ConfigError, match="not a kg relation model"):
        load_model(bad)
    with pytest.raises(ConfigError, match="no relation model"):
        load_model(tmp_path / "absent.json")


def test_labels_follow_the_scorer_name_matching_and_align_incidents():
    gold = {"entities": [{"label": "Red Hand", "type": "Force", "aliases": []},
                         {"label": "Tamsk District", "type": "Place", "aliases": []},
                         {"label": "raid on Tamsk", "type": "Incident", "aliases": []}],
            "relations": [{"s": "Tamsk District", "p": "threatenedBy", "o": "Red Hand"},
                          {"s": "raid on Tamsk", "p": "perpetratedBy", "o": "Red Hand"}]}
    from kg.extract.learned.features import Candidate

    cands = [Candidate("p1", "threatenedBy", "g1"), Candidate("i1", "perpetratedBy", "g1"),
             Candidate("i2", "perpetratedBy", "g1")]
    matches = {"p1": [1], "g1": [0], "i1": [2], "i2": [2]}
    labels, uncovered = label(cands, matches, gold_triples(gold), {"i1", "i2"})
    # one gold incident: only one of the two predicted incidents is aligned with it
    assert labels[0] == 1 and sorted(labels[1:]) == [0, 1]
    assert uncovered == {}


def test_fitting_is_deterministic_and_learns_the_signal():
    ex = Examples()
    for i in range(40):
        pos = i % 3 == 0
        ex.features.append({"rule": 1.0 if pos else 0.0, f"noise={i % 5}": 1.0})
        ex.labels.append(1 if pos else 0)
        ex.groups.append(f"g{i % 4}")
    a = fit_model({"threatenedBy": ex}, mode="hybrid", seed=1)
    b = fit_model({"threatenedBy": ex}, mode="hybrid", seed=1)
    assert a.to_json() == b.to_json()
    m = a.properties["threatenedBy"]
    assert m.weights["rule"] > 0
    assert m.probability({"rule": 1.0}) >= m.threshold > m.probability({"noise=1": 1.0})


def test_properties_share_what_they_learn_and_keep_their_own_weights():
    common, rare = Examples(), Examples()
    for i in range(60):
        pos = i % 3 == 0
        common.features.append({"path_prep=in": 1.0 if pos else 0.0, f"noise={i % 5}": 1.0})
        common.labels.append(1 if pos else 0)
        common.groups.append(f"g{i % 4}")
    for i in range(12):
        pos = i % 2 == 0
        rare.features.append({"own_cue": 1.0 if pos else 0.0, "path_prep=in": 1.0 if i % 4 == 0 else 0.0})
        rare.labels.append(1 if pos else 0)
        rare.groups.append(f"g{i % 4}")
    model = fit_model({"tookPlaceIn": common, "perpetratedBy": rare}, mode="hybrid", seed=0)
    shared = model.properties["perpetratedBy"]
    # the rare property has its own cue and the preposition the common one learned
    assert shared.weights["own_cue"] > 0 and shared.weights["path_prep=in"] > 0
    # ... and its own copy of its cue: the cue weighs more for it than for the other property
    assert shared.weights["own_cue"] > model.properties["tookPlaceIn"].weights.get("own_cue", 0.0)
    assert not any(k.startswith("@") for m in model.properties.values() for k in m.weights)


def test_mode_is_configured_per_process_and_overridden_per_block(tmp_path):
    from kg.cli.settings import settings
    from kg.extract.learned.settings import SHIPPED, configure

    try:
        settings({"KG_EXTRACTOR_MODE": "learned", "KG_EXTRACTOR": str(tmp_path)}).use_extractor()
        assert current().mode == "learned" and current().directory == tmp_path
        with using(mode="rules"):
            assert current().mode == "rules" and current().directory == tmp_path
        assert current().mode == "learned"
        with pytest.raises(ConfigError, match="unknown extractor mode"):
            settings({"KG_EXTRACTOR_MODE": "clever"}).use_extractor()
        with pytest.raises(ConfigError, match="not a directory"):
            settings({}, extractor=str(tmp_path / "nowhere")).use_extractor()
    finally:
        configure()
    assert current().directory == SHIPPED


def test_open_class_words_also_appear_by_their_class():
    f = instance_features(_doc(), KESTREL, TAMSK)
    # "attacked" is an attack verb: its class carries to reports that use another such verb
    assert f["path_verb=~attack"] == 1.0 and f["lca_lemma=~attack"] == 1.0
    assert f["path~nsubj^ prep_ pobj_|~attack in"] == 1.0
    # grammar words stay words, names stay names
    assert f["path_prep=in"] == 1.0 and not any("~ADP" in k for k in f)


def test_word_classes_come_from_the_general_word_lists():
    from kg.extract.learned.word_classes import classes_of

    assert "attack" in classes_of("ambush") and "incident" in classes_of("ambush")
    assert "harm" in classes_of("kill") and "place_head" in classes_of("province")
    assert classes_of("breakfast") == ()


def test_features_of_a_single_group_are_left_out_of_training():
    from kg.extract.learned.train_relations import shared_features

    feats = [{"rule": 1.0, "btw=dam": 1.0}, {"rule": 1.0}, {"rule": 1.0, "btw=dam": 1.0}, {"rule": 1.0}]
    groups = ["north", "north", "south", "east"]
    assert shared_features(feats, groups, min_groups=2) == {"rule", "btw=dam"}
    assert shared_features(feats, groups, min_groups=3) == {"rule"}
    # fewer groups than asked for: what occurs in all of them is kept
    assert shared_features([{"rule": 1.0, "btw=dam": 1.0}, {"rule": 1.0}], ["north", "south"],
                           min_groups=3) == {"rule"}


def test_constraints_keep_one_perpetrator_and_never_perpetrator_and_target_at_once():
    from kg.extract.learned.features import Candidate
    from kg.extract.learned.relations import Constraints

    rules = Constraints(max_per_subject={"perpetratedBy": 1}, exclusive=[("perpetratedBy", "targeted")])
    by_a = Candidate("raid", "perpetratedBy", "red_hand")
    by_b = Candidate("raid", "perpetratedBy", "kestrel")
    hit_b = Candidate("raid", "targeted", "kestrel")
    other = Candidate("raid", "tookPlaceIn", "tamsk")
    kept = rules.apply([(by_a, 0.9, 1.8), (by_b, 0.6, 1.2), (hit_b, 0.7, 1.4), (other, 0.5, 1.0)])
    # kestrel is the target (1.4 above its threshold) rather than a perpetrator (1.2); red_hand
    # remains the one perpetrator
    assert [(c.predicate, c.object) for c, _ in kept] == [("perpetratedBy", "red_hand"), ("targeted", "kestrel"),
                                                          ("tookPlaceIn", "tamsk")]
    assert Constraints().apply([(by_a, 0.9, 1.8), (by_b, 0.6, 1.2)]) == [(by_a, 0.9), (by_b, 0.6)]


def test_model_constraints_round_trip_and_apply_when_deciding(tmp_path):
    from kg.extract.learned.features import Candidate
    from kg.extract.learned.relations import Constraints

    model = RelationModel("hybrid", {"perpetratedBy": PropertyModel(0.0, 0.5, {"near": 2.0})}, {},
                          Constraints({"perpetratedBy": 1}, [("perpetratedBy", "targeted")]))
    path = tmp_path / "relations-hybrid.json"
    model.save(path)
    back = load_model(path)
    assert back.constraints == model.constraints
    near = Candidate("raid", "perpetratedBy", "red_hand", {"near": 1.0})
    far = Candidate("raid", "perpetratedBy", "kestrel", {"near": 0.5})
    assert [c.object for c, _ in back.decide([far, near])] == ["red_hand"]


def test_thresholds_maximise_the_pooled_f1_of_all_properties():
    from kg.extract.learned.thresholds import OutOfFold, best_threshold, joint_thresholds

    # a property sure of its few positives, and a noisy one whose own best F1 asks for a low
    # threshold that costs the whole more false positives than it brings true ones
    sure = OutOfFold([0.9] * 10 + [0.2], [1] * 10 + [0])
    noisy = OutOfFold([0.6, 0.5, 0.4, 0.3, 0.2, 0.1], [1, 0, 0, 1, 0, 0], uncovered=2)
    assert best_threshold(sure) == 0.9
    assert best_threshold(noisy) == 0.3  # F1 0.5 alone, against 0.4 at 0.6
    joint = joint_thresholds({"sure": sure, "noisy": noisy})
    assert joint == {"sure": 0.9, "noisy": 0.6}  # pooled F1 0.88, against 0.857 at 0.3
    assert joint == joint_thresholds({"noisy": noisy, "sure": sure})


def _lead_doc(op_word: str) -> Doc:
    # "Kestrel Brigade began an <op_word> near Tamsk . Operation Red Dawn ended ."
    words = ["Kestrel", "Brigade", "began", "an", op_word, "near", "Tamsk", ".", "Operation", "Red", "Dawn",
             "ended", "."]
    lemmas = ["Kestrel", "Brigade", "begin", "an", op_word, "near", "Tamsk", ".", "Operation", "Red", "Dawn",
              "end", "."]
    starts = [True] + [False] * 7 + [True] + [False] * 4
    return Doc(Vocab(), words=words, lemmas=lemmas, sent_starts=starts)


def test_a_lead_sentence_telling_of_an_operation_pairs_with_the_operation_named_later():
    op = Span(8, 11, "o1", "Operation", 1)
    spans = [KESTREL, TAMSK, op]
    cands = {(c.subject, c.predicate, c.object): c.features for c in candidates(_lead_doc("offensive"), spans)}
    assert cands[("f1", "participatedIn", "o1")]["via=ahead_o"] == 1.0
    assert cands[("o1", "tookPlaceIn", "p1")]["via=ahead_s"] == 1.0
    # a lead sentence that tells of no operation is not paired with it as its lead (only as a
    # sentence of an article about that operation)
    other = {(c.subject, c.predicate, c.object): c.features for c in candidates(_lead_doc("inspection"), spans)}
    assert "via=ahead_o" not in other[("f1", "participatedIn", "o1")]
    assert ("o1", "tookPlaceIn", "p1") not in other


def test_a_force_is_paired_with_the_operation_the_article_names_most():
    # "Kestrel Brigade crossed . Operation Red Dawn began . Red Dawn went on . Operation Blue Sky
    # began . Tamsk Militia joined ."
    words = ["Kestrel", "Brigade", "crossed", ".", "Operation", "Red", "Dawn", "began", ".", "Red", "Dawn", "went",
             "on", ".", "Operation", "Blue", "Sky", "began", ".", "Tamsk", "Militia", "joined", "."]
    starts = [k in (0, 4, 9, 14, 19) for k in range(len(words))]
    doc = Doc(Vocab(), words=words, lemmas=[w.lower() for w in words], sent_starts=starts)
    lead, late = Span(0, 2, "f1", "MilitaryUnit", 0), Span(19, 21, "f2", "ArmedGroup", 4)
    red = [Span(4, 7, "o1", "Operation", 1), Span(9, 11, "o1", "Operation", 2)]
    blue = Span(14, 17, "o2", "Operation", 3)
    spans = [lead, *red, blue, late]
    assert main_operation(spans) == red[0]
    assert main_operation([lead, late]) is None
    cands = {(c.subject, c.predicate, c.object): c.features for c in candidates(doc, spans)}
    # the lead, before the operation is named, and a sentence paired with the last one named
    assert cands[("f1", "participatedIn", "o1")]["via=main_op_o"] == 1.0
    assert cands[("f2", "participatedIn", "o1")]["via=main_op_o"] == 1.0
    assert cands[("f2", "participatedIn", "o2")]["via=focus_o"] == 1.0
    assert "via=main_op_s" not in cands.get(("o1", "targets", "f2"), {})


def test_instance_features_say_when_the_joining_clause_is_negated_or_modal():
    # "Kestrel Brigade will not attack Red Hand ."
    words = ["Kestrel", "Brigade", "will", "not", "attack", "Red", "Hand", "."]
    heads = [1, 4, 4, 4, 4, 6, 4, 4]
    deps = ["compound", "nsubj", "aux", "neg", "ROOT", "compound", "dobj", "punct"]
    pos = ["PROPN", "PROPN", "AUX", "PART", "VERB", "PROPN", "PROPN", "PUNCT"]
    lemmas = ["Kestrel", "Brigade", "will", "not", "attack", "Red", "Hand", "."]
    doc = Doc(Vocab(), words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas, sent_starts=[True] + [False] * 7)
    f = instance_features(doc, Span(0, 2, "f1", "MilitaryUnit", 0), Span(5, 7, "g1", "ArmedGroup", 0))
    assert f["ctx_neg"] == 1.0 and f["ctx_modal=will"] == 1.0
    plain = instance_features(_doc(), KESTREL, RED_HAND)
    assert not any(k.startswith("ctx_") for k in plain)


def test_one_threshold_serves_every_property_and_maximises_the_pooled_f1():
    from kg.extract.learned.thresholds import OutOfFold, global_threshold

    sure = OutOfFold([0.9] * 10 + [0.2], [1] * 10 + [0])
    noisy = OutOfFold([0.6, 0.5, 0.4, 0.3, 0.2, 0.1], [1, 0, 0, 1, 0, 0], uncovered=2)
    chosen = global_threshold({"sure": sure, "noisy": noisy})
    assert chosen == {"sure": 0.6, "noisy": 0.6}  # 11 of 14 gold found, no false positive: pooled F1 0.88
    assert chosen == global_threshold({"noisy": noisy, "sure": sure})
