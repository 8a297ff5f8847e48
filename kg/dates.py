"""Publication dates from metadata strings (``kg.timex`` resolves dates inside texts)."""
from __future__ import annotations

import re
from datetime import date, datetime

_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def parse_published(value: str) -> str | None:
    """Normalise a date string (ISO, RFC 2822, "March 5, 2021", ...) to ``YYYY-MM-DD``.

    Returns None when the string is not a plausible date.

    >>> parse_published("2021-03-05T10:00:00Z")
    '2021-03-05'
    >>> parse_published("not a date") is None
    True
    >>> parse_published("March 2021") is None  # no day: not a publication date
    True
    """
    if not isinstance(value, str) or len(value) > 100:
        return None
    m = _ISO.match(value)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    from dateutil import parser

    try:  # two defaults: a field taken from a default differs between them (no day: no date)
        dt = parser.parse(value, default=datetime(1, 1, 1))
        dt2 = parser.parse(value, default=datetime(2, 2, 2))
    except (ValueError, OverflowError, TypeError, ArithmeticError):
        return None
    if dt.date() != dt2.date() or not 1800 <= dt.year <= 2200:
        return None
    return dt.date().isoformat()
