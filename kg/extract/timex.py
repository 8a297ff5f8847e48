"""Normalise time expressions of news reports to ISO date ranges.

:func:`resolve_date` turns "14 November 2021", "in June 2020", "on Saturday", "three weeks
ago" or "at the end of June" into an inclusive ``(start, end)`` pair of ISO dates. Relative
expressions are read against the publication date and need one; absolute ones do not.
A day or month without a year takes the publication year, or the year before when that
would put it after publication (news reports past events).
"""
from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta

Range = tuple[str, str]

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
WEEKDAYS.update({d.lower(): i for i, d in enumerate(calendar.day_abbr)})
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
           "a couple of": 2, "couple of": 2, "several": None, "a few": None, "few": None}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d{2})"
_FILLER = re.compile(
    r"\b(?:on|in|at|during|since|by|from|until|as of|of|the|early|late|last|this|past|"
    r"morning|afternoon|evening|night|nights|overnight|dawn|midday|noon|midnight|hours|around|about|"
    r"day|days|beginning|start|end|middle)\b|[,.]", re.IGNORECASE)
_PART = {"early": (1, 10), "beginning": (1, 10), "start": (1, 10), "mid": (11, 20),
         "middle": (11, 20), "late": (21, 31), "end": (21, 31)}


def _iso(d: date) -> str:
    return d.isoformat()


def _month_range(year: int, month: int, first: int = 1, last: int = 31) -> tuple[date, date]:
    days = calendar.monthrange(year, month)[1]
    return date(year, month, min(first, days)), date(year, month, min(last, days))


def _infer_year(month: int, day: int, published: date | None) -> int | None:
    if published is None:
        return None
    year = published.year
    try:
        if date(year, month, min(day, calendar.monthrange(year, month)[1])) > published + timedelta(days=1):
            year -= 1
    except ValueError:
        return None
    return year


def _clean(expr: str) -> str:
    s = expr.strip().lower().replace("’", "'").replace("–", "-").replace("—", "-")
    return re.sub(r"\s+", " ", s)


def _absolute(s: str, published: date | None) -> tuple[date, date] | None:
    """Day/month/year expressions, with or without the year."""
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", s):
        try:
            d = date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
        return d, d
    core = re.sub(r"\s+", " ", _FILLER.sub(" ", s)).strip()
    core = re.sub(r"^(?:" + "|".join(WEEKDAYS) + r")\b ?", "", core)  # "Sunday, March 3"
    lead = re.sub(r"^(?:at|in|by|from|during|until|since) ", "", s)
    part = re.match(r"^(?:(?:the )?(beginning|start|end|middle) of |(early|mid|late)[- ])", lead)
    for pattern in (rf"{_DAY} {_MONTH}(?: {_YEAR})?", rf"{_MONTH} {_DAY}(?:th|st|nd|rd)?(?: {_YEAR})?"):
        if m := re.fullmatch(pattern, core):
            month, day = MONTHS[m["month"]], int(m["day"])
            year = int(m["year"]) if m["year"] else _infer_year(month, day, published)
            if year is None:
                return None
            try:
                d = date(year, month, day)
            except ValueError:
                return None
            return d, d
    if m := re.fullmatch(rf"(?:mid-?)?{_MONTH}(?: {_YEAR})?", core.replace("mid ", "mid")):
        month = MONTHS[m["month"]]
        year = int(m["year"]) if m["year"] else _infer_year(month, 1, published)
        if year is None:
            return None
        first, last = _PART[(part[1] or part[2])] if part else (1, 31)
        if core.startswith("mid"):
            first, last = _PART["mid"]
        return _month_range(year, month, first, last)
    if m := re.fullmatch(_YEAR, core):
        year = int(m["year"])
        if part:
            first, last = {"early": (1, 4), "beginning": (1, 3), "start": (1, 3), "mid": (5, 8),
                           "middle": (5, 8), "late": (9, 12), "end": (10, 12)}[part[1] or part[2]]
            return date(year, first, 1), _month_range(year, last)[1]
        return date(year, 1, 1), date(year, 12, 31)
    return None


def _count(word: str) -> int | None:
    return int(word) if word.isdigit() else NUMBERS.get(word)


def _relative(s: str, p: date) -> tuple[date, date] | None:
    """Expressions read against the publication date ``p``."""
    s = re.sub(r"^(?:on|in|at|during|since|over|from) ", "", s)
    if s in ("today", "tonight", "this morning", "this afternoon", "this evening", "earlier today"):
        return p, p
    if s in ("yesterday", "last night", "yesterday morning", "yesterday afternoon", "yesterday evening"):
        return p - timedelta(days=1), p - timedelta(days=1)
    if s == "the day before yesterday":
        return p - timedelta(days=2), p - timedelta(days=2)
    if s == "overnight":
        return p - timedelta(days=1), p
    monday = p - timedelta(days=p.weekday())
    if s in ("last week", "the past week", "past week", "the previous week"):
        return monday - timedelta(days=7), monday - timedelta(days=1)
    if s in ("this week", "earlier this week"):
        return monday, p
    if s in ("last weekend", "the weekend", "this weekend", "over the weekend"):
        saturday = p - timedelta(days=p.weekday() - 5) if p.weekday() >= 5 else monday - timedelta(days=2)
        return saturday, min(saturday + timedelta(days=1), p)
    first = p.replace(day=1)
    if s in ("last month", "the previous month", "past month"):
        prev = first - timedelta(days=1)
        return prev.replace(day=1), prev
    if s in ("this month", "earlier this month", "so far this month"):
        return first, p
    if s in ("last year", "the previous year"):
        return date(p.year - 1, 1, 1), date(p.year - 1, 12, 31)
    if s in ("this year", "earlier this year", "so far this year"):
        return date(p.year, 1, 1), p
    m = re.fullmatch(r"(?:(last|this|past|early|late) )?(\w+?)(?:'s)?(?: (?:morning|afternoon|evening|night|"
                     r"nights|dawn|overnight))?", s)
    if m and m[2] in WEEKDAYS:
        back = (p.weekday() - WEEKDAYS[m[2]]) % 7
        if m[1] == "last" and back == 0:
            back = 7
        d = p - timedelta(days=back)
        return d, d
    if m := re.fullmatch(r"(?:the )?(?:past|last|previous) (\d+|two|three|four|five|six|seven|eight|nine|ten|"
                         r"twelve) (hour|day|week)s?", s):
        n = _count(m[1])
        span = {"hour": timedelta(hours=n), "day": timedelta(days=n), "week": timedelta(weeks=n)}[m[2]]
        return p - timedelta(days=max(1, span.days)), p
    if m := re.fullmatch(r"(\d+|a couple of|couple of|an?|one|two|three|four|five|six|seven|eight|nine|ten|"
                         r"eleven|twelve|several|a few|few) (day|week|month|year)s? (?:ago|earlier|before)", s):
        n = _count(m[1])
        if n is None:
            return None
        unit = m[2]
        if unit == "day":
            d = p - timedelta(days=n)
            return d, d
        if unit == "week":
            d = p - timedelta(days=7 * n)
            start = d - timedelta(days=d.weekday())
            return start, min(start + timedelta(days=6), p)
        if unit == "month":
            year, month = divmod(p.year * 12 + p.month - 1 - n, 12)
            return _month_range(year, month + 1)
        return date(p.year - n, 1, 1), date(p.year - n, 12, 31)
    return None


def resolve_date(expr: str, published: date | None) -> Range | None:
    """ISO ``(start, end)`` (inclusive) of a time expression, or None when it cannot be
    resolved (or is relative and ``published`` is None)."""
    s = _clean(expr)
    if not s:
        return None
    found = None
    if published is not None:
        found = _relative(s, published)
    if found is None:
        found = _absolute(s, published)
    if found is None:
        found = _range(s, published)
    if found is None and re.search(r"\b(?:1[89]|20)\d{2}\b", s) and re.fullmatch(r"[\d/.\- ]+", s):
        iso = _parse_full(s)  # numeric dates such as "14/11/2021"
        found = (date.fromisoformat(iso),) * 2 if iso else None
    if found is None:
        return None
    start, end = found
    return _iso(start), _iso(end)


def _range(s: str, published: date | None) -> tuple[date, date] | None:
    """"3-5 March 2021", "between 3 and 5 March", "March 3-5"."""
    core = re.sub(r"^(?:between|from|on) ", "", s)
    m = (re.fullmatch(rf"(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?: ?- ?| and | to ){_DAY} {_MONTH},?(?: {_YEAR})?", core)
         or re.fullmatch(rf"{_MONTH} (?P<d1>\d{{1,2}})(?: ?- ?| and | to ){_DAY},?(?: {_YEAR})?", core))
    if not m:
        return None
    month = MONTHS[m["month"]]
    d1, d2 = int(m["d1"]), int(m["day"])
    year = int(m["year"]) if m["year"] else _infer_year(month, d2, published)
    if year is None or d1 > d2:
        return None
    try:
        return date(year, month, d1), date(year, month, d2)
    except ValueError:
        return None


def parse_published(value: str) -> str | None:
    """Normalise a publication date from metadata (ISO 8601, RFC 2822, "March 5, 2021",
    "5 March 2021" ...) to ``YYYY-MM-DD``; None when it is not a full date."""
    from email.utils import parsedate_tz

    if not isinstance(value, str) or len(value) > 100:  # metadata, not prose
        return None
    text = value.strip()
    if not text:
        return None
    if m := re.match(r"^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])", text):
        try:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    rfc = parsedate_tz(text)
    if rfc and rfc[0] > 0 and re.search(r"\d{1,2}:\d{2}|,", text) and re.search(r"[A-Za-z]{3}", text):
        try:
            return date(rfc[0], rfc[1], rfc[2]).isoformat()
        except ValueError:
            pass
    return _parse_full(text)


def _parse_full(text: str) -> str | None:
    """Parse with dateutil, accepting only strings that give year, month and day."""
    from dateutil import parser

    try:
        a = parser.parse(text, default=datetime(2000, 1, 1), dayfirst="." in text)
        b = parser.parse(text, default=datetime(2004, 2, 2), dayfirst="." in text)
    except (ValueError, OverflowError, TypeError, ArithmeticError):
        return None
    if (a.year, a.month, a.day) != (b.year, b.month, b.day) or not 1800 <= a.year <= 2200:
        return None
    return a.date().isoformat()
