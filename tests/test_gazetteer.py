"""The offline gazetteer: curated table, ISO 3166 and GeoNames cities."""
from __future__ import annotations

import csv
import dataclasses
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract import gazetteer
from kg.extract.gazetteer import (
    KINDS,
    PlaceInfo,
    is_place_word,
    lookup_place,
    place_alias_patterns,
)

DATA = Path(gazetteer.__file__).resolve().parent / "data"


def test_mosul_is_a_settlement_in_iraq_with_coordinates():
    place = lookup_place("Mosul")
    assert place is not None
    assert (place.kind, place.country) == ("Settlement", "IQ")
    assert abs(place.lat - 36.34) < 0.1 and abs(place.lon - 43.13) < 0.1
    assert place.geonames == "99072"
    assert place.parent == "Nineveh Governorate"


@pytest.mark.parametrize("name", ["Anbar Governorate", "al-Anbar", "Al Anbar province", "the Anbar Province",
                                  "ANBAR", "Al Anbār"])
def test_anbar_variants_resolve_to_one_province(name):
    place = lookup_place(name)
    assert place == lookup_place("Anbar")
    assert (place.name, place.kind, place.country, place.parent) == ("Anbar Governorate", "Province", "IQ", "Iraq")


@pytest.mark.parametrize("name", ["Tal Afar", "Tall Afar", "tel-afar", "TALAFAR"])
def test_transliteration_variants(name):
    assert lookup_place(name).name == "Tal Afar"


def test_iso_transliteration_of_a_curated_province_maps_to_the_curated_row():
    assert lookup_place("Nīnawá").name == "Nineveh Governorate"
    assert lookup_place("Ninawa Governorate").name == "Nineveh Governorate"


def test_town_and_province_of_the_same_name_are_told_apart_by_the_level_word():
    town, province = lookup_place("Kandahar"), lookup_place("Kandahar Province")
    assert (town.kind, province.kind) == ("Settlement", "Province")
    assert town.lat is not None and province.lat is None
    assert lookup_place("Gwoza").kind == "Settlement"
    assert lookup_place("Gwoza LGA").kind == "District"


def test_state_suffix_for_nigerian_states():
    assert lookup_place("Borno").name == "Borno State"
    assert lookup_place("Borno State").kind == "Province"
    lagos = lookup_place("Lagos State")  # from ISO 3166-2, not the curated table
    assert (lagos.kind, lagos.country, lagos.parent) == ("Province", "NG", "Nigeria")


@pytest.mark.parametrize("name", ["Of", "of", "Mayor", "mayor", "hit", "bay", "us", "Centre", "", "  ",
                                  "Xyzzyville", "Jackson"])
def test_common_words_and_person_like_names_do_not_match(name):
    assert lookup_place(name) is None
    assert not is_place_word(name)


def test_capitalised_place_names_that_are_words_still_match():
    hit = lookup_place("Hit")
    assert (hit.kind, hit.country, hit.parent) == ("Settlement", "IQ", "Anbar Governorate")
    assert lookup_place("Bay Region").country == "SO"


def test_short_capital_aliases_need_capitals():
    assert lookup_place("US").name == "United States"
    assert lookup_place("U.S.").name == "United States"
    assert lookup_place("DRC").name == "Democratic Republic of the Congo"
    assert lookup_place("Drc") is None


def test_countries_from_iso_names():
    syria = lookup_place("Syrian Arab Republic")
    assert (syria.name, syria.kind, syria.country, syria.wikidata) == ("Syria", "Country", "SY", "Q858")
    assert lookup_place("Germany").kind == "Country"
    assert lookup_place("Germany").parent is None


def test_geonames_city_outside_the_curated_table():
    berlin = lookup_place("Berlin")
    assert (berlin.kind, berlin.country, berlin.geonames, berlin.parent) == ("Settlement", "DE", "2950159", "Germany")
    assert abs(berlin.lat - 52.52) < 0.1


def test_iso_subdivision_outside_the_curated_table():
    texas = lookup_place("Texas")
    assert (texas.kind, texas.country, texas.parent) == ("Province", "US", "United States")


def test_placeinfo_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        lookup_place("Mosul").name = "x"  # type: ignore[misc]


def test_alias_patterns_cover_the_curated_table_only():
    patterns = place_alias_patterns()
    texts = {text for text, _ in patterns}
    assert {"Mosul", "al-Anbar", "Tall Afar", "Borno"} <= texts
    assert "Hit" not in texts  # a frequent English word
    assert "Berlin" not in texts  # GeoNames, not curated
    assert all(isinstance(place, PlaceInfo) for _, place in patterns)
    by_text = dict(patterns)
    assert by_text["al-Anbar"] == lookup_place("Anbar Governorate")


def test_index_is_built_lazily_not_at_import():
    code = "import kg.extract.gazetteer as g; print(g._index.cache_info().currsize)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"


def test_index_is_built_once_and_lookups_reuse_it():
    gazetteer._index.cache_clear()
    assert lookup_place("Mosul") is not None
    for _ in range(200):
        lookup_place("Raqqa")
        lookup_place("Nowhere at all")
    info = gazetteer._index.cache_info()
    assert (info.misses, info.currsize) == (1, 1)  # built by the first lookup only
    assert info.hits >= 400


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_curated_places_table_is_valid_and_sourced():
    rows = _rows("places.tsv")
    assert len(rows) > 500
    names = set()
    for row in rows:
        assert row["source"].strip(), row
        assert row["kind"] in KINDS, row
        assert row["name"].strip() and "|" not in row["name"]
        assert (row["name"], row["kind"]) not in names, row
        names.add((row["name"], row["kind"]))
        assert row["country"] == "" or re.fullmatch(r"[A-Z]{2}", row["country"]), row
        assert row["geonames"] == "" or row["geonames"].isdigit(), row
        assert row["wikidata"] == "" or re.fullmatch(r"Q\d+", row["wikidata"]), row
        assert bool(row["lat"]) == bool(row["lon"]), row
        if row["lat"]:
            assert -90 <= float(row["lat"]) <= 90 and -180 <= float(row["lon"]) <= 180, row
        if row["kind"] == "Country":
            assert row["parent"] == "" and row["country"], row
    curated_names = {n for n, _ in names}
    for row in rows:
        if row["parent"]:
            assert row["parent"] in curated_names, row


def test_curated_coordinates_agree_with_geonames_cities():
    cities = {r["geonames"]: r for r in _rows("cities.tsv")}
    checked = 0
    for row in _rows("places.tsv"):
        city = cities.get(row["geonames"])
        if city and row["kind"] == "Settlement":
            assert abs(float(city["lat"]) - float(row["lat"])) < 0.01, row
            assert abs(float(city["lon"]) - float(row["lon"])) < 0.01, row
            assert city["country"] == row["country"], row
            checked += 1
    assert checked > 50


def test_derived_city_table_leaves_out_common_words():
    keys = {r["key"] for r in _rows("cities.tsv")}
    assert len(keys) > 20000
    assert {"of", "mayor", "man", "orange"}.isdisjoint(keys)
    assert {"mosul", "kabul", "berlin"} <= keys


@given(st.text(max_size=30))
@settings(max_examples=300, deadline=None)
def test_lookup_never_fails_on_arbitrary_text(text):
    place = lookup_place(text)
    assert place is None or place.kind in KINDS
