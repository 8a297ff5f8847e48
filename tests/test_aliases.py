"""The force alias table and its lookups."""
from __future__ import annotations

import dataclasses
import re

import pycountry
import pytest

from kg.extract.aliases import (
    FORCE_TYPES,
    KnownForce,
    force_alias_patterns,
    force_key,
    force_rows,
    lookup_force,
)
from kg.rdf.ontology import CLASSES


@pytest.mark.parametrize("name", ["Daesh", "ISIL", "ISIS", "IS", "Islamic State", "the Islamic State",
                                  "Islamic State of Iraq and the Levant", "Da'esh"])
def test_islamic_state_names(name):
    force = lookup_force(name)
    assert force is not None and force.label == "Islamic State"
    assert force.type == "ArmedGroup" and force.wikidata == "Q2429253"


@pytest.mark.parametrize("name", ["Popular Mobilization Forces", "Popular Mobilisation Forces",
                                  "popular mobilisation forces", "PMF", "Hashd al-Shaabi", "al-Hashd al-Shaabi",
                                  "The Popular Mobilization Units"])
def test_popular_mobilization_forces_spellings(name):
    assert lookup_force(name).label == "Popular Mobilization Forces"


def test_punctuation_accents_possessive_and_article_are_folded():
    assert lookup_force("Taliban's").label == "Taliban"
    assert lookup_force("the Taliban").label == "Taliban"
    assert lookup_force("Shabaab").label == "Al-Shabaab"
    assert lookup_force("Harakat al-Shabaab al-Mujahideen").label == "Al-Shabaab"
    assert lookup_force("Kataib Hezbollah") == lookup_force("Kata’ib Hizballah")
    assert lookup_force("Hay’at Tahrir al-Sham").label == "Hay'at Tahrir al-Sham"
    assert lookup_force("Kenya Defense Forces") == lookup_force("Kenya Defence Forces")


@pytest.mark.parametrize("name,label", [
    ("ISWAP", "Islamic State West Africa Province"), ("JAS", "Boko Haram"), ("JNIM", "Jama'at Nasr al-Islam wal Muslimin"),
    ("Ansar Allah", "Houthis"), ("Qassam Brigades", "Izz ad-Din al-Qassam Brigades"), ("HTS", "Hay'at Tahrir al-Sham"),
    ("CTS", "Counter-Terrorism Service"), ("ISF", "Iraqi Security Forces"), ("SNA", "Somali National Army"),
    ("MNJTF", "Multinational Joint Task Force"), ("CJTF", "Civilian Joint Task Force"), ("ATMIS", "African Union Transition Mission in Somalia"),
    ("AUSSOM", "African Union Support and Stabilization Mission in Somalia"), ("RSF", "Rapid Support Forces"),
    ("AFRICOM", "United States Africa Command"), ("Wagner", "Wagner Group"), ("M23", "March 23 Movement"),
])
def test_known_abbreviations(name, label):
    assert lookup_force(name).label == label


@pytest.mark.parametrize("name", ["is", "Is", "saf", "the group", "security forces", "", "Nobody's Brigade"])
def test_words_and_unknown_names_do_not_match(name):
    assert lookup_force(name) is None


def test_force_key_folds_british_spelling():
    assert force_key("The Popular Mobilisation Forces") == "popular mobilization forces"
    assert force_key("Kenya Defence Forces") == force_key("Kenya Defense Forces")


def test_known_force_is_frozen_and_carries_aliases():
    force = lookup_force("Daesh")
    assert isinstance(force, KnownForce) and "ISIL" in force.aliases
    with pytest.raises(dataclasses.FrozenInstanceError):
        force.label = "x"  # type: ignore[misc]


def test_alias_patterns():
    patterns = force_alias_patterns()
    texts = {text: force for text, force in patterns}
    assert texts["Daesh"].label == "Islamic State"
    assert texts["Hashd al-Shaabi"].label == "Popular Mobilization Forces"
    assert "IS" not in texts  # two letters: the English word "is"
    assert len(patterns) > 300


def test_forces_table_is_valid_and_sourced():
    rows = force_rows()
    assert len(rows) > 100
    labels = set()
    for row in rows:
        assert row["source"].strip(), row
        assert row["type"] in FORCE_TYPES and CLASSES[row["type"]] == "Force", row
        assert row["label"] not in labels, row
        labels.add(row["label"])
        assert row["country"] == "" or pycountry.countries.get(alpha_2=row["country"]) is not None, row
        assert row["wikidata"] == "" or re.fullmatch(r"Q\d+", row["wikidata"]), row


def test_no_name_folds_to_two_forces():
    owner: dict[str, str] = {}
    for row in force_rows():
        for text in [row["label"], *filter(None, row["aliases"].split("|"))]:
            key = force_key(text)
            assert owner.setdefault(key, row["label"]) == row["label"], (text, owner[key])
