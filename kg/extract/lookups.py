"""Access to the data tables (gazetteer, force aliases, date resolution) with fallbacks.

The tables live in ``kg.extract.gazetteer``, ``kg.extract.aliases`` and ``kg.extract.timex``; when one of them is
unavailable the extractor falls back to small built-in heuristics so it keeps working.
"""
from __future__ import annotations

import datetime as _dt
import functools
import re
from dataclasses import dataclass
from typing import Any

from kg.rdf.ontology import normalise


@dataclass(frozen=True, slots=True)
class PlaceHit:
    """What the extractor needs from a gazetteer entry."""

    name: str
    kind: str
    lat: float | None = None
    lon: float | None = None
    geonames: str | None = None
    wikidata: str | None = None
    country: str | None = None


@dataclass(frozen=True, slots=True)
class ForceHit:
    """What the extractor needs from a known-force entry."""

    label: str
    type: str
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    country: str | None = None  # ISO2 of the state a state force serves


def _gazetteer() -> Any:
    try:
        from kg.extract import gazetteer
    except ImportError:
        return None
    return gazetteer if hasattr(gazetteer, "lookup_place") else None


def _aliases() -> Any:
    try:
        from kg.extract import aliases
    except ImportError:
        return None
    return aliases if hasattr(aliases, "lookup_force") else None


@functools.lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    """Folded country names (and demonym-free common short names) -> ISO2."""
    out: dict[str, str] = {}
    try:
        import pycountry
    except ImportError:  # pragma: no cover - pycountry is a dependency
        return out
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            v = getattr(c, attr, None)
            if v:
                out[normalise(v)] = c.alpha_2
    return out


@functools.lru_cache(maxsize=8192)
def lookup_place(name: str) -> PlaceHit | None:
    """Gazetteer entry for ``name`` (country fallback when the gazetteer is absent)."""
    gaz = _gazetteer()
    if gaz is not None:
        try:
            info = gaz.lookup_place(name)
        except Exception:  # noqa: BLE001 - a broken table must not stop extraction
            info = None
        if info is not None:
            return PlaceHit(
                name=getattr(info, "name", name), kind=getattr(info, "kind", "Place") or "Place",
                lat=getattr(info, "lat", None), lon=getattr(info, "lon", None),
                geonames=_s(getattr(info, "geonames", None)),
                wikidata=_s(getattr(info, "wikidata", None)),
                country=getattr(info, "country", None),
            )
        return None
    iso = _countries().get(normalise(name))
    if iso:
        return PlaceHit(name=name, kind="Country", country=iso)
    return None


def _s(v: Any) -> str | None:
    return None if v in (None, "") else str(v)


@functools.lru_cache(maxsize=8192)
def lookup_force(name: str) -> ForceHit | None:
    """Known-force entry for ``name`` from the alias table, or None."""
    mod = _aliases()
    if mod is None:
        return None
    try:
        kf = mod.lookup_force(name)
    except Exception:  # noqa: BLE001
        return None
    if kf is None:
        return None
    return ForceHit(label=kf.label, type=getattr(kf, "type", "Force") or "Force",
                    aliases=tuple(getattr(kf, "aliases", ()) or ()),
                    wikidata=_s(getattr(kf, "wikidata", None)), country=_s(getattr(kf, "country", None)))


def force_patterns() -> list[tuple[str, ForceHit]]:
    """(surface form, entry) pairs of every known force, for a PhraseMatcher."""
    mod = _aliases()
    if mod is None or not hasattr(mod, "force_alias_patterns"):
        return []
    out = []
    try:
        pats = mod.force_alias_patterns()
    except Exception:  # noqa: BLE001
        return []
    for text, kf in pats:
        out.append((text, ForceHit(label=kf.label, type=getattr(kf, "type", "Force") or "Force",
                                   aliases=tuple(getattr(kf, "aliases", ()) or ()),
                                   wikidata=_s(getattr(kf, "wikidata", None)), country=_s(getattr(kf, "country", None)))))
    return out


_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august",
     "september", "october", "november", "december"], 1)}


def resolve_date(expr: str, published: str | None) -> tuple[str, str] | None:
    """ISO (start, end) of a date expression, resolved against ``published`` when relative."""
    pub = None
    if published:
        try:
            pub = _dt.date.fromisoformat(published[:10])
        except ValueError:
            pub = None
    try:
        from kg.extract import timex
    except ImportError:
        timex = None
    if timex is not None and hasattr(timex, "resolve_date"):
        try:
            return timex.resolve_date(expr, pub)
        except Exception:  # noqa: BLE001
            return None
    return _fallback_date(expr, pub)


_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def _fallback_date(expr: str, pub: _dt.date | None) -> tuple[str, str] | None:
    s = expr.lower()
    for wi, wd in enumerate(_WEEKDAYS):
        if re.search(rf"\b{wd}\b", s) and pub is not None and not re.search(r"\d", s):
            back = (pub.weekday() - wi) % 7
            if "last" in s and back == 0:
                back = 7
            d = (pub - _dt.timedelta(days=back)).isoformat()
            return d, d
    m = re.search(r"\b(\d{1,2})\s+([a-z]+)\.?,?\s+(\d{4})\b|\b([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})\b", s)
    if m:
        day, mon, year = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(5), m.group(4), m.group(6))
        mo = _month(mon)
        if mo:
            try:
                d = _dt.date(int(year), mo, int(day)).isoformat()
                return d, d
            except ValueError:
                return None
    m = re.search(r"\b([a-z]+)\.?\s+(\d{1,2})\b|\b(\d{1,2})\s+([a-z]+)\b", s)
    if m and pub:
        mon, day = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        mo = _month(mon)
        if mo:
            try:
                d = _dt.date(pub.year, mo, int(day))
            except ValueError:
                return None
            if d > pub:
                d = d.replace(year=pub.year - 1)
            return d.isoformat(), d.isoformat()
    return None


def _month(word: str) -> int | None:
    for name, i in _MONTHS.items():
        if name.startswith(word[:3]) and len(word) >= 3:
            return i
    return None
