"""kg train and kg evaluate --by-group on a tiny invented gold folder (needs the spaCy pipeline)."""
from __future__ import annotations

import json

import pytest

from tests.conftest import kg

pytestmark = [pytest.mark.model, pytest.mark.slow]

ARTICLES = {
    "alpha-01": ("Kestrel Brigade clears Tamsk",
                 "The Kestrel Brigade launched Operation Iron Lantern against the Red Hand in Tamsk on Monday. "
                 "Red Hand militants had been hiding in Tamsk, a town in Varna province, officials said.",
                 [("Kestrel Brigade", "Force"), ("Red Hand", "Force"), ("Tamsk", "Place"),
                  ("Varna province", "Place"), ("Operation Iron Lantern", "Operation")],
                 [("Kestrel Brigade", "participatedIn", "Operation Iron Lantern"),
                  ("Operation Iron Lantern", "targets", "Red Hand"),
                  ("Operation Iron Lantern", "tookPlaceIn", "Tamsk"),
                  ("Tamsk", "threatenedBy", "Red Hand"), ("Tamsk", "locatedIn", "Varna province")]),
    "alpha-02": ("Heron Division moves on Dorun",
                 "The Heron Division began Operation Salt Wind against the Grey Banner near Dorun. "
                 "Grey Banner fighters still hold Dorun, a village in Osk province.",
                 [("Heron Division", "Force"), ("Grey Banner", "Force"), ("Dorun", "Place"),
                  ("Osk province", "Place"), ("Operation Salt Wind", "Operation")],
                 [("Heron Division", "participatedIn", "Operation Salt Wind"),
                  ("Operation Salt Wind", "targets", "Grey Banner"),
                  ("Operation Salt Wind", "tookPlaceIn", "Dorun"),
                  ("Dorun", "threatenedBy", "Grey Banner"), ("Dorun", "locatedIn", "Osk province")]),
    "beta-01": ("Falcon Regiment sweeps Lurin",
                "The Falcon Regiment carried out Operation Quiet River against the Ash Front in Lurin. "
                "Ash Front gunmen are active in Lurin, a district in Mest province.",
                [("Falcon Regiment", "Force"), ("Ash Front", "Force"), ("Lurin", "Place"),
                 ("Mest province", "Place"), ("Operation Quiet River", "Operation")],
                [("Falcon Regiment", "participatedIn", "Operation Quiet River"),
                 ("Operation Quiet River", "targets", "Ash Front"),
                 ("Operation Quiet River", "tookPlaceIn", "Lurin"),
                 ("Lurin", "threatenedBy", "Ash Front"), ("Lurin", "locatedIn", "Mest province")]),
    "beta-02": ("Otter Battalion enters Pell",
                "The Otter Battalion joined Operation Long Shadow against the Black Reed in Pell. "
                "Black Reed insurgents remain in Pell, a town in Sarn province.",
                [("Otter Battalion", "Force"), ("Black Reed", "Force"), ("Pell", "Place"),
                 ("Sarn province", "Place"), ("Operation Long Shadow", "Operation")],
                [("Otter Battalion", "participatedIn", "Operation Long Shadow"),
                 ("Operation Long Shadow", "targets", "Black Reed"),
                 ("Operation Long Shadow", "tookPlaceIn", "Pell"),
                 ("Pell", "threatenedBy", "Black Reed"), ("Pell", "locatedIn", "Sarn province")]),
}


@pytest.fixture(scope="module")
def gold_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("gold")
    for name, (title, body, ents, rels) in ARTICLES.items():
        (d / f"{name}.txt").write_text(f"{title}\n\n{body}\n", encoding="utf-8")
        (d / f"{name}.json").write_text(json.dumps({
            "entities": [{"label": l, "type": t, "aliases": []} for l, t in ents],
            "relations": [{"s": s, "p": p, "o": o} for s, p, o in rels]}), encoding="utf-8")
    return d


def test_train_writes_weights_that_load_and_extract(gold_dir, tmp_path, monkeypatch):
    out = tmp_path / "extractor"
    res = kg("train", str(gold_dir), "-o", str(out), "--exclude-group", "beta", "--seed", "1")
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["trained_on"] == ["alpha-01", "alpha-02"] and manifest["seed"] == 1
    from kg.extract.learned.relations import load_model, model_file

    for mode in ("learned", "hybrid"):
        model = load_model(model_file(out, mode))
        assert model.mode == mode and model.info["trained_on"] == ["alpha-01", "alpha-02"]
        assert set(model.properties) == {"participatedIn", "targets", "tookPlaceIn", "locatedIn", "threatenedBy",
                                         "perpetratedBy", "targeted", "affiliatedWith", "partOf"}
    # the same seed gives the same weights
    again = tmp_path / "again"
    kg("train", str(gold_dir), "-o", str(again), "--exclude-group", "beta", "--seed", "1")
    for mode in ("learned", "hybrid"):
        assert model_file(out, mode).read_text() == model_file(again, mode).read_text()
    # extraction with the trained directory
    monkeypatch.setenv("KG_EXTRACTOR_MODE", "hybrid")
    res = kg("extract", str(gold_dir / "beta-01.txt"), "--extractor", str(out))
    assert "Falcon" in res.output


def test_evaluate_by_group_retrains_without_each_group(gold_dir, tmp_path):
    res = kg("evaluate", str(gold_dir), "--by-group", "--mode", "hybrid", "--workers", "1",
             "--json", str(tmp_path / "cv.json"))
    lines = res.output.splitlines()
    assert lines[0] == "mode: hybrid"
    assert any(line.startswith("alpha ") for line in lines) and any(line.startswith("beta ") for line in lines)
    assert any(line.startswith("micro (leave-one-group-out, 2 groups)") for line in lines)
    assert any(line.startswith("all-corpus") for line in lines)
    cv = json.loads((tmp_path / "cv.json").read_text())
    assert [g["group"] for g in cv["by_group"]] == ["alpha", "beta"]
    assert cv["overall"]["relations"]["gold"] == 20 and cv["overall"]["entities"]["gold"] == 20
    assert sum(g["score"]["relations"]["gold"] for g in cv["by_group"]) == 20


def test_groups_file_and_folds(gold_dir, tmp_path):
    groups = tmp_path / "groups.txt"
    groups.write_text("alpha-01 a\nalpha-02 b\nbeta-01 a\nbeta-02 b\n")
    res = kg("evaluate", str(gold_dir), "--by-group", "--groups", str(groups), "--mode", "rules", "--workers", "2")
    assert any(line.startswith("a ") for line in res.output.splitlines())
    from kg.extract.learned.crossval import assign_folds

    assert assign_folds(["c", "a", "b", "d", "e"], 2) == {"a": 0, "b": 1, "c": 0, "d": 1, "e": 0}


def test_shipped_weights_load_and_hybrid_is_the_default(nlp):
    from kg.extract.learned.relations import load_model, model_file
    from kg.extract.learned.settings import SHIPPED, current
    from tests.conftest import extract_text

    assert current().mode == "hybrid" and current().directory == SHIPPED
    for mode in ("learned", "hybrid"):
        assert load_model(model_file(SHIPPED, mode)).mode == mode
    ex = extract_text(nlp, "Kestrel Brigade clears Tamsk\n\nThe Kestrel Brigade launched Operation Iron Lantern "
                           "against the Red Hand militants in Tamsk on Monday.")
    labels = {e.key: e.label for e in ex.entities}
    got = {(labels[r.subject], r.predicate, labels[r.object]) for r in ex.relations}
    assert ("Kestrel Brigade", "participatedIn", "Operation Iron Lantern") in got
