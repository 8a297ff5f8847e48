"""kg evaluate: contract matching rules on hand-built extractions and gold records."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import ArticleError
from kg.evaluate import gold_pairs, prf, score_extraction, totals
from tests.conftest import sample_extraction

GOLD = {
    "entities": [
        {"label": "Kestrel Brigade", "type": "Force", "aliases": []},
        {"label": "Varna Ridge", "type": "Place", "aliases": []},
        {"label": "Iron Lantern", "type": "Operation", "aliases": ["Operation Iron Lantern"]},
        {"label": "Red Hand", "type": "Force", "aliases": []},
        {"label": "Dorun", "type": "Person", "aliases": []},  # deliberately mistyped in gold
        {"label": "Tamsk", "type": "Place", "aliases": []},
    ],
    "relations": [
        {"s": "Kestrel Brigade", "p": "participatedIn", "o": "Iron Lantern"},
        {"s": "Iron Lantern", "p": "tookPlaceIn", "o": "Varna Ridge"},
        {"s": "Iron Lantern", "p": "targets", "o": "Red Hand"},
    ],
}


def test_counts_follow_the_contract_rules():
    sc = score_extraction(sample_extraction(), GOLD, "sample")
    # predicted: Kestrel (ok), Varna (ok), Iron Lantern (ok via alias), Red Hand (ok), Dorun (wrong type)
    assert (sc.ent_pred, sc.ent_tp, sc.ent_found, sc.ent_gold) == (5, 4, 4, 6)
    assert sc.missed_entities == ["Dorun", "Tamsk"]
    assert any(w.startswith("Dorun: Place (gold Person)") for w in sc.wrong_entities)
    # relations: two right, threatenedBy Dorun->Red Hand not in gold; targets missed
    assert (sc.rel_pred, sc.rel_tp, sc.rel_found, sc.rel_gold) == (3, 2, 2, 3)
    assert sc.missed_relations == ["Iron Lantern targets Red Hand"]
    p, r, f = prf(sc.ent_tp, sc.ent_pred, sc.ent_found, sc.ent_gold)
    assert (round(p, 3), round(r, 3), round(f, 3)) == (0.8, 0.667, 0.727)


def test_totals_are_micro_averaged():
    a = score_extraction(sample_extraction(), GOLD, "a")
    t = totals([a, a])
    assert (t.ent_tp, t.ent_gold, t.rel_found) == (8, 12, 4)


def test_folder_without_gold_files_is_a_clear_error(tmp_path):
    with pytest.raises(ArticleError, match="no NAME.json gold files"):
        gold_pairs(tmp_path)


@pytest.mark.model
def test_cli_evaluate_on_a_small_sample(tmp_path):
    text = ("Kestrel Brigade enters Varna Ridge\n\n"
            "The Kestrel Brigade cleared the village of Varna Ridge on Monday, the army said.")
    (tmp_path / "a.txt").write_text(text)
    (tmp_path / "a.json").write_text(json.dumps({
        "entities": [{"label": "Kestrel Brigade", "type": "Force", "aliases": []},
                     {"label": "Varna Ridge", "type": "Place", "aliases": []}],
        "relations": []}))
    out = CliRunner().invoke(app, ["evaluate", str(tmp_path), "--json", str(tmp_path / "m.json")],
                             catch_exceptions=False)
    assert out.exit_code == 0, out.output
    assert out.output.splitlines()[0].split()[:2] == ["file", "ent"]
    assert "overall" in out.output
    misses = json.loads((tmp_path / "m.json").read_text())
    assert misses[0]["name"] == "a" and misses[0]["ent_gold"] == 2
