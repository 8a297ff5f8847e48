"""Gold files as training data: every gold name located in its text as typed character spans.

A gold directory holds ``NAME.txt`` beside ``NAME.json`` (the extraction contract's format).
:func:`load_gold` reads them; :func:`locate` finds every occurrence of each entity's label and
aliases in the text, whole tokens only, case- and accent-insensitively, so that a learned mention
layer can be trained on token spans:

- a leading "the" of a name is optional and never part of the span;
- an all-capitals acronym matches only in capitals ("IS" is not "is");
- a possessive "'s" after a name is not part of it (the tokenizer splits it off);
- for places, "X province" (governorate, region, state, prefecture) and "X" are one name, and the
  longer form is the span where the text has it;
- overlapping matches keep the longest, then the earliest.

Names that occur nowhere (split coordinated units such as "23rd Brigade" from "the 23rd and 28th
brigades", descriptive operation labels) are reported as unlocated.
"""
from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import KgError

#: The contract's classes a mention layer learns (incidents are unnamed: not located).
SPAN_TYPES = ("Force", "Place", "Operation", "Person")
#: Administrative head words that may follow a place name without changing it.
ADMIN_WORDS = ("province", "governorate", "region", "state", "prefecture")
#: Punctuation folded away inside names, as the scorer's normalisation does ("al-Qaim" = "al Qaim").
_SOFT = set("-.'’‘`\"“”")


@dataclass(frozen=True, slots=True)
class GoldSpan:
    """A located gold mention: characters ``[start, end)`` of the text, its class and gold label."""

    start: int
    end: int
    type: str
    label: str


@dataclass(slots=True)
class GoldArticle:
    """One gold file: its text, raw annotation, located mention spans and unlocated labels."""

    name: str
    text: str
    gold: dict
    spans: list[GoldSpan] = field(default_factory=list)
    unlocated: list[str] = field(default_factory=list)

    @property
    def theatre(self) -> str:
        """The file-name prefix ("iraq" for "iraq-03"): the group left out in validation."""
        return theatre_of(self.name)


def theatre_of(name: str) -> str:
    """The group of a gold file: its name up to the first hyphen."""
    return name.split("-", 1)[0]


def gold_names(gold_dir: Path | str) -> list[str]:
    """Names (stems) of the gold files in ``gold_dir`` that have both a .txt and a .json, sorted.

    Raises:
        KgError: the directory does not exist or holds no gold file.
    """
    d = Path(gold_dir)
    if not d.is_dir():
        raise KgError(f"gold directory not found: {d}")
    names = sorted(p.stem for p in d.glob("*.json") if (d / f"{p.stem}.txt").is_file())
    if not names:
        raise KgError(f"no gold files (NAME.txt beside NAME.json) in {d}")
    return names


def _fold(text: str) -> str:
    """A token's matching key: accents and case folded, soft punctuation dropped."""
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "".join(ch for ch in s if ch not in _SOFT)


Tokenize = Callable[[str], Sequence[tuple[int, int]]]


def _default_tokenize() -> Tokenize:
    """spaCy's English tokenizer (no model needed) as a function text -> [(start, end)]."""
    from spacy.lang.en import English

    tok = English().tokenizer

    def run(text: str) -> list[tuple[int, int]]:
        return [(t.idx, t.idx + len(t.text)) for t in tok(text)]

    return run


def _keys(text: str, tokenize: Tokenize) -> tuple[list[str], list[tuple[int, int]]]:
    """Matching keys of the non-empty tokens of ``text`` and their character offsets."""
    keys, offs = [], []
    for s, e in tokenize(text):
        k = _fold(text[s:e])
        if k:
            keys.append(k)
            offs.append((s, e))
    return keys, offs


def _acronym(word: str) -> bool:
    """An all-capitals word ("IS", "AND"): matched only where the text has it in capitals too."""
    return len(word) >= 2 and word.isupper() and word.isalpha()


def _same_case(name: str, name_offs: list[tuple[int, int]], text: str, offs: list[tuple[int, int]]) -> bool:
    """Acronyms of ``name`` are capitalised in the text span ``offs`` too ("IS" never matches "is")."""
    return all(not _acronym(name[a:b]) or text[c:d].isupper()
               for (a, b), (c, d) in zip(name_offs, offs))


def name_variants(name: str, etype: str) -> set[str]:
    """Surface forms that stand for ``name``: without a leading "the"; for places, with and
    without an administrative head word."""
    n = " ".join(name.split())
    if n.lower().startswith("the "):
        n = n[4:]
    out = {n} if n else set()
    if etype == "Place" and n:
        words = n.split()
        base = " ".join(words[:-1]) if len(words) >= 2 and words[-1].lower() in ADMIN_WORDS else n
        out.add(base)
        out.update(f"{base} {w}" for w in ADMIN_WORDS)
    return out


def locate(text: str, entities: Iterable[dict], *, tokenize: Tokenize | None = None
           ) -> tuple[list[GoldSpan], list[str]]:
    """Every occurrence in ``text`` of each entity's names, as non-overlapping typed spans.

    Only the contract's named classes (:data:`SPAN_TYPES`) are located. Returns the spans in
    text order and the labels of entities none of whose names occur.
    """
    tokenize = tokenize or _tokenizer()
    keys, offs = _keys(text, tokenize)
    first: dict[str, list[int]] = {}
    for i, k in enumerate(keys):
        first.setdefault(k, []).append(i)
    hits: list[tuple[int, int, str, str]] = []  # (token start, token end, type, label)
    unlocated: list[str] = []
    for ent in entities:
        etype = ent.get("type")
        if etype not in SPAN_TYPES:
            continue
        label = ent["label"]
        found = False
        for name in {v for n in [label, *ent.get("aliases", [])] for v in name_variants(n, etype)}:
            nk, noffs = _keys(name, tokenize)
            if not nk:
                continue
            for i in first.get(nk[0], []):
                if keys[i:i + len(nk)] == nk and _same_case(name, noffs, text, offs[i:i + len(nk)]):
                    hits.append((i, i + len(nk), etype, label))
                    found = True
        if not found:
            unlocated.append(label)
    hits.sort(key=lambda h: (-(h[1] - h[0]), h[0]))
    taken: set[int] = set()
    chosen = []
    for s, e, etype, label in hits:
        if any(i in taken for i in range(s, e)):
            continue
        taken.update(range(s, e))
        chosen.append(GoldSpan(offs[s][0], offs[e - 1][1], etype, label))
    chosen.sort(key=lambda g: g.start)
    return chosen, unlocated


_TOKENIZER: list[Tokenize] = []


def _tokenizer() -> Tokenize:
    if not _TOKENIZER:
        _TOKENIZER.append(_default_tokenize())
    return _TOKENIZER[0]


def load_article(gold_dir: Path | str, name: str, *, tokenize: Tokenize | None = None) -> GoldArticle:
    """Read ``NAME.txt`` and ``NAME.json`` from ``gold_dir`` and locate the gold mentions.

    Raises:
        KgError: a file is missing or the JSON is unreadable.
    """
    d = Path(gold_dir)
    try:
        gold = json.loads((d / f"{name}.json").read_text(encoding="utf-8"))
        text = (d / f"{name}.txt").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise KgError(f"cannot read gold file {name} in {d}: {exc}") from exc
    if not isinstance(gold, dict) or not isinstance(gold.get("entities", []), list):
        raise KgError(f"gold file {d / (name + '.json')} has no 'entities' list")
    spans, unlocated = locate(text, gold.get("entities", []), tokenize=tokenize)
    return GoldArticle(name=name, text=text, gold=gold, spans=spans, unlocated=unlocated)


def load_gold(gold_dir: Path | str, names: Iterable[str] | None = None, *,
              tokenize: Tokenize | None = None) -> list[GoldArticle]:
    """The gold articles of ``gold_dir`` (all, or only ``names``), with located mention spans."""
    chosen = gold_names(gold_dir) if names is None else list(names)
    return [load_article(gold_dir, n, tokenize=tokenize) for n in chosen]


__all__ = ["ADMIN_WORDS", "GoldArticle", "GoldSpan", "SPAN_TYPES", "gold_names", "load_article",
           "load_gold", "locate", "name_variants", "theatre_of"]
