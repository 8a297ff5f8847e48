"""The extractor's view of the reference tables: places, known forces and dates.

One import for the mention and relation rules over :mod:`~kg.extract.gazetteer` (places),
:mod:`~kg.extract.aliases` (known forces) and :mod:`~kg.extract.timex` (dates). The entries
are the tables' own types (:class:`~kg.extract.gazetteer.PlaceInfo`,
:class:`~kg.extract.aliases.KnownForce`); lookups by name are cached, since the rules ask for
the same names many times per article.
"""
from __future__ import annotations

import datetime as _dt
import functools

from kg.extract import aliases, gazetteer, timex
from kg.extract.aliases import KnownForce
from kg.extract.gazetteer import PlaceInfo

__all__ = ["KnownForce", "PlaceInfo", "force_patterns", "lookup_force", "lookup_place", "resolve_date"]


@functools.lru_cache(maxsize=8192)
def lookup_place(name: str) -> PlaceInfo | None:
    """The gazetteer's entry for ``name``, or None."""
    return gazetteer.lookup_place(name)


@functools.lru_cache(maxsize=8192)
def lookup_force(name: str) -> KnownForce | None:
    """The force table's entry for ``name``, or None."""
    return aliases.lookup_force(name)


def force_patterns() -> list[tuple[str, KnownForce]]:
    """(surface form, entry) pairs of every known force, for a PhraseMatcher."""
    return aliases.force_alias_patterns()


def resolve_date(expr: str, published: str | None) -> tuple[str, str] | None:
    """ISO (start, end) of a date expression, resolved against ``published`` when relative."""
    pub = None
    if published:
        try:
            pub = _dt.date.fromisoformat(published[:10])
        except ValueError:
            pub = None
    return timex.resolve_date(expr, pub)
