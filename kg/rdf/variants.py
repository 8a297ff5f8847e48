"""Systematic variants of one name: the forms two reports may write one name in.

:func:`variant_forms` folds a name into the forms that differ only systematically:

- acronyms with and without hyphens or dots, and with "IS", "ISIS" or "ISIL" for the
  Islamic State prefix ("ISKP", "IS-K", "ISIS-K"); a name and the acronym of its words
  ("Islamic State Khorasan Province" -> "ISKP");
- "X Operations Command", "Operations Command of X" and "Command of X Operations";
- transliterations of Arabic articles and vowels: "al-", "el-", "ad-"... and a name without
  its article; doubled vowels and "ee"/"i", "oo"/"ou"/"u" ("Jazira" / "al-Jazeera").

:func:`translation_forms` folds an operation's name into the words two translations of it
share: the linking words "of", "to", "for", "the" and the word "Operation" go ("Will of
Victory" / "Will to Victory"); the other words keep their order.

Two names are variants when their forms meet. The resolver merges variants only when they
also share a class and a country (:mod:`kg.rdf.resolve`); nothing here measures similarity:
"Tal Kaif" and "Tal Kaifa" have no form in common.

>>> sorted(variant_forms("Operations Command of al-Jazeera")) == sorted(variant_forms("Jazira Operations Command"))
True
>>> variant_forms("Tal Kaif") & variant_forms("Tal Kaifa")
set()
>>> translation_forms("Operation Will of Victory") == translation_forms("Will to Victory")
True
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_ARTICLES = {"al", "el", "ad", "ag", "an", "ar", "as", "ash", "at", "az", "ed", "en", "er", "es", "et",
             "ez", "ul", "il"}
_SMALL = {"of", "the", "and", "for", "in", "on", "de", "da", "du", "del", "la", "le", "to"}
_IS_PREFIX = re.compile(r"^(?:isis|isil|is)(?=[a-z])")
_VOWELS = [("ee", "i"), ("ii", "i"), ("aa", "a"), ("oo", "u"), ("ou", "u"), ("uu", "u")]
_COMMAND = re.compile(r"^(?:the )?(?:operations? command of (?P<area>.+)|command of (?P<ops>.+) operations?)$")
_LINKS = {"of", "to", "for", "the"}
_OPERATION_WORDS = {"operation", "operations", "op"}


def _fold(name: str) -> str:
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    s = s.replace("'", "").replace("’", "").replace("`", "")
    s = re.sub(r"[^a-z0-9]+", " ", s).strip()
    return re.sub(r"^the ", "", s)


def _spelling(word: str) -> str:
    for a, b in _VOWELS:
        word = word.replace(a, b)
    return word


def _acronym(raw: str) -> str | None:
    """The letters of an acronym written in capitals ("IS-K" -> "isk"), else None."""
    compact = re.sub(r"[\s.\-–/]", "", raw)
    if 2 <= len(compact) <= 8 and compact.isalpha() and compact.isupper():
        return compact.lower()
    return None


@lru_cache(maxsize=65536)
def is_acronym(name: str) -> bool:
    """Whether ``name`` is written as an acronym ("ISKP", "IS-K")."""
    return _acronym(name.strip()) is not None


def _initials(folded: str) -> str | None:
    words = [w for w in folded.split() if w not in _SMALL and w not in _ARTICLES]
    if len(words) < 2 or any(w.isdigit() for w in words):
        return None
    return "".join(w[0] for w in words)


def _acronym_forms(letters: str) -> set[str]:
    """An acronym and its Islamic State prefix forms: "isisk" -> {"isk"}; "iskp" -> {"iskp", "isk"}."""
    base = _IS_PREFIX.sub("is", letters)
    forms = {"acr:" + base}
    if base.startswith("is") and base.endswith("p") and len(base) > 3:
        forms.add("acr:" + base[:-1])  # the trailing "Province" of IS branches is often left out
    return forms


def variant_forms(name: str) -> set[str]:
    """The systematic forms of ``name`` (see the module rules); empty for an empty name."""
    return set(_forms(name))


@lru_cache(maxsize=65536)
def _forms(name: str) -> frozenset[str]:
    folded = _fold(name)
    if not folded:
        return set()
    m = _COMMAND.match(folded)
    if m:
        folded = f"{m.group('area') or m.group('ops')} operations command"
    words = folded.split()
    core = [w for i, w in enumerate(words) if not (w in _ARTICLES and i + 1 < len(words))]
    forms = {"name:" + " ".join(_spelling(w) for w in core)} if core else set()
    letters = _acronym(name.strip())
    if letters:
        forms |= _acronym_forms(letters)
    else:
        initials = _initials(" ".join(core))
        if initials and len(initials) >= 3:
            forms |= _acronym_forms(initials)
    return frozenset(forms)


@lru_cache(maxsize=65536)
def translation_forms(name: str) -> frozenset[str]:
    """The words two translations of an operation's name share (see the module rules).

    Names of fewer than two such words have none: one word is too little to tell two
    operations apart.
    """
    words = [w for w in _fold(name).split() if w not in _OPERATION_WORDS]
    core = [_spelling(w) for w in words if w not in _LINKS and w not in _ARTICLES]
    return frozenset({"words:" + " ".join(core)}) if len(core) >= 2 else frozenset()
