"""Known armed forces and their other names, from the sourced table ``data/forces.tsv``.

Matching folds case, accents and punctuation, drops a leading "the" and a possessive "'s",
treats British and American spellings alike ("Mobilisation" = "Mobilization", "Defence" =
"Defense") and accepts a name without its Arabic article ("Shabaab" = "al-Shabaab"). Short
aliases written in capitals in the table ("IS", "SAF") match only when written in capitals.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.rdf.ontology import normalise

DATA = Path(__file__).resolve().parent / "data"
FORCE_TYPES = ("ArmedGroup", "MilitaryUnit", "PoliceForce", "Paramilitary", "Coalition")

_SPELLING = [
    (re.compile(r"isation\b"), "ization"), (re.compile(r"ise\b"), "ize"),
    (re.compile(r"\bdefence\b"), "defense"), (re.compile(r"\bcentre\b"), "center"),
]
_ARTICLE = re.compile(r"^(?:al|el|ad|an|ar|as|ash|at|az)\s+(?=\S{3})")
_POSSESSIVE = re.compile(r"['’]s\b")


@dataclass(frozen=True, slots=True)
class KnownForce:
    """A force of the alias table: canonical label, ontology class, other names, ids."""

    label: str
    type: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    wikidata: str | None = None


def force_key(name: str) -> str:
    """Fold a force name for matching (``"The Popular Mobilisation Forces"`` ->
    ``"popular mobilization forces"``)."""
    key = normalise(_POSSESSIVE.sub("", name))
    for pattern, repl in _SPELLING:
        key = pattern.sub(repl, key)
    return key


def _caps_only(alias: str) -> bool:
    return len(alias) <= 8 and alias.isupper() and sum(c.isalpha() for c in alias) <= 3


def force_rows() -> list[dict[str, str]]:
    """The rows of ``data/forces.tsv`` as dicts (column name -> text)."""
    with open(DATA / "forces.tsv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, list[tuple[int, KnownForce, bool]]], list[tuple[str, KnownForce]]]:
    """(folded name -> [(derived?, force, caps_only)], [(surface text, force)])."""
    keys: dict[str, list[tuple[int, KnownForce, bool]]] = {}
    texts: list[tuple[str, KnownForce]] = []
    for row in force_rows():
        aliases = tuple(a for a in row["aliases"].split("|") if a)
        force = KnownForce(row["label"], row["type"], aliases, row["country"] or None, row["wikidata"] or None)
        for text in (force.label, *aliases):
            texts.append((text, force))
            key = force_key(text)
            keys.setdefault(key, []).append((0, force, _caps_only(text)))
            m = _ARTICLE.match(key)
            if m:
                keys.setdefault(key[m.end():], []).append((1, force, False))
    for cands in keys.values():
        cands.sort(key=lambda c: c[0])
    return keys, texts


def lookup_force(name: str) -> KnownForce | None:
    """The known force ``name`` refers to, or None."""
    text = name.strip()
    key = force_key(text)
    if not key:
        return None
    keys, _ = _index()
    upper = text.upper() == text
    for cand in (key, _ARTICLE.sub("", key)):
        for _derived, force, caps in keys.get(cand, ()):
            if upper or not caps:
                return force
    return None


def force_alias_patterns() -> list[tuple[str, KnownForce]]:
    """(surface text, force) for every label and alias, for a spaCy PhraseMatcher.

    Aliases of one or two letters ("IS") are left out: as lower-case words they are common
    English; :func:`lookup_force` still resolves them when written in capitals.
    """
    _, texts = _index()
    return [(text, force) for text, force in texts if sum(c.isalpha() for c in text) > 2]
