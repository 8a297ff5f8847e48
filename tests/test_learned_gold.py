"""Locating gold names in their text (model-free: spaCy's rule tokenizer only)."""
from __future__ import annotations

import json

import pytest

from kg.errors import KgError
from kg.extract.learned.gold import load_gold, locate, name_variants


def _spans(text, entities):
    spans, unlocated = locate(text, entities)
    return [(text[s.start:s.end], s.type, s.label) for s in spans], unlocated


def test_every_occurrence_whole_tokens_and_case_folded():
    text = "The Varno Guard moved into Tellis. VARNO GUARD units left tellis later; Tellisburg was quiet."
    got, missing = _spans(text, [{"label": "Varno Guard", "type": "Force", "aliases": []},
                                 {"label": "Tellis", "type": "Place", "aliases": []}])
    assert got == [("Varno Guard", "Force", "Varno Guard"), ("Tellis", "Place", "Tellis"),
                   ("VARNO GUARD", "Force", "Varno Guard"), ("tellis", "Place", "Tellis")]
    assert missing == []


def test_leading_the_and_possessive_are_outside_the_span():
    text = "the Korrin Brigade's commander said the brigade held."
    got, _ = _spans(text, [{"label": "the Korrin Brigade", "type": "Force", "aliases": []}])
    assert got == [("Korrin Brigade", "Force", "the Korrin Brigade")]


def test_province_and_bare_name_are_one_place_longest_form_wins():
    text = "Fighting spread across Ostrava province. Ostrava itself was calm; Ostrava Governorate too."
    got, _ = _spans(text, [{"label": "Ostrava", "type": "Place", "aliases": []}])
    assert got == [("Ostrava province", "Place", "Ostrava"), ("Ostrava", "Place", "Ostrava"),
                   ("Ostrava Governorate", "Place", "Ostrava")]
    assert "Ostrava" in name_variants("Ostrava province", "Place")
    assert name_variants("Ostrava Guard", "Force") == {"Ostrava Guard"}


def test_aliases_accents_hyphens_and_acronyms():
    text = "The Front de Liberation (FDL) struck Sao Meri. Fighters of the F.D.L. and al Varr said it is over."
    got, _ = _spans(text, [{"label": "Front de Libération", "type": "Force", "aliases": ["FDL", "F.D.L."]},
                           {"label": "São Meri", "type": "Place", "aliases": []},
                           {"label": "al-Varr", "type": "Person", "aliases": []},
                           {"label": "Islamic Sword", "type": "Force", "aliases": ["IS"]}])
    assert got == [("Front de Liberation", "Force", "Front de Libération"), ("FDL", "Force", "Front de Libération"),
                   ("Sao Meri", "Place", "São Meri"), ("F.D.L.", "Force", "Front de Libération"),
                   ("al Varr", "Person", "al-Varr")]


def test_overlaps_keep_the_longest_and_unlocated_names_are_reported():
    text = "The Dravo Operations Command led Operation Dravo Dawn near Dravo."
    got, missing = _spans(text, [{"label": "Dravo", "type": "Place", "aliases": []},
                                 {"label": "Dravo Operations Command", "type": "Force", "aliases": []},
                                 {"label": "Operation Dravo Dawn", "type": "Operation", "aliases": ["Dravo Dawn"]},
                                 {"label": "5th Brigade", "type": "Force", "aliases": []},
                                 {"label": "Dravo ambush", "type": "Incident", "aliases": []}])
    assert got == [("Dravo Operations Command", "Force", "Dravo Operations Command"),
                   ("Operation Dravo Dawn", "Operation", "Operation Dravo Dawn"), ("Dravo", "Place", "Dravo")]
    assert missing == ["5th Brigade"]


def test_load_gold_reads_pairs_and_reports_bad_input(tmp_path):
    (tmp_path / "ruritania-01.txt").write_text("Title\n\nThe Blue Lancers entered Strel.\n", encoding="utf-8")
    (tmp_path / "ruritania-01.json").write_text(json.dumps({"entities": [
        {"label": "Blue Lancers", "type": "Force", "aliases": []},
        {"label": "Strel", "type": "Place", "aliases": []}], "relations": []}), encoding="utf-8")
    (arts,) = load_gold(tmp_path)
    assert arts.theatre == "ruritania" and [s.label for s in arts.spans] == ["Blue Lancers", "Strel"]
    (tmp_path / "ruritania-02.txt").write_text("x", encoding="utf-8")
    (tmp_path / "ruritania-02.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(KgError, match="cannot read gold file ruritania-02"):
        load_gold(tmp_path)
    with pytest.raises(KgError, match="not found"):
        load_gold(tmp_path / "nowhere")
