"""Spelling and transliteration variants of one name ("Izyum" / "Izium", "Shusha" / "Shushi").

Names written from Arabic, Cyrillic, Somali or Burmese reach English reports in several
spellings that differ in their vowels, in y/i, in doubled letters and in a dropped Arabic
article ("Jaysh al-Ayman" / "Jeshi Ayman"). :func:`skeleton` folds those differences away;
:func:`same_spelling` adds guards so that short or distinct names ("Mali" / "Mole") stay apart.
"""
from __future__ import annotations

import functools
import re

from kg.rdf.ontology import normalise

#: Arabic articles written as a separate word once punctuation is folded ("al-Anbar" -> "al anbar").
_ARTICLES = frozenset({"al", "el", "ad", "an", "ar", "as", "ash", "at", "az", "ed", "en", "er", "es"})
_DIGRAPHS = (("kh", "k"), ("ck", "k"), ("q", "k"), ("ph", "f"), ("dh", "d"), ("th", "t"))
_VOWEL_RUN = re.compile(r"[aeiouy]+")
_CONSONANT = re.compile(r"[b-df-hj-np-tv-xz]")


def _word_skeleton(word: str) -> str:
    for src, dst in _DIGRAPHS:
        word = word.replace(src, dst)
    word = re.sub(r"(.)\1+", r"\1", word)  # doubled letters
    word = _VOWEL_RUN.sub("a", word)
    if len(word) > 2 and word.endswith("a"):
        word = word[:-1]  # a final vowel is often dropped or changed ("Shusha" / "Shushi")
    return word


@functools.lru_cache(maxsize=16384)
def skeleton(name: str) -> str:
    """``name`` folded to its consonant frame: vowels one class, y a vowel, doubles single,
    Arabic articles dropped.

    >>> skeleton("Izyum") == skeleton("Izium")
    True
    """
    words = normalise(name).split()
    if len(words) > 1:
        words = [w for w in words if w not in _ARTICLES] or words
    return " ".join(_word_skeleton(w) for w in words)


@functools.lru_cache(maxsize=16384)
def same_spelling(a: str, b: str) -> bool:
    """``a`` and ``b`` are two spellings of one name (not two names that share consonants)."""
    na, nb = normalise(a), normalise(b)
    if na == nb or not na or not nb:
        return na == nb and bool(na)
    if any(ch.isdigit() for ch in na + nb):
        return False
    if na.startswith(nb) or nb.startswith(na):
        return False  # "Tal Kaif" / "Tal Kaifa": a longer name is another name, not a spelling
    ka, kb = skeleton(a), skeleton(b)
    if ka != kb or len(_CONSONANT.findall(ka)) < 2 or len(ka.replace(" ", "")) < 4:
        return False
    first_a, first_b = na[0], nb[0]
    if first_a != first_b and not (first_a in "aeiouy" and first_b in "aeiouy"):
        return False
    from rapidfuzz import fuzz

    return fuzz.ratio(na, nb) >= 70


__all__ = ["same_spelling", "skeleton"]
