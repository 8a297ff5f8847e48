"""Time normalisation against a fixed publication date."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.timex import parse_published, resolve_date

PUB = date(2022, 3, 16)  # a Wednesday


@pytest.mark.parametrize("expr,expected", [
    ("14 November 2021", ("2021-11-14", "2021-11-14")),
    ("November 14, 2021", ("2021-11-14", "2021-11-14")),
    ("Sunday, 14 November 2021", ("2021-11-14", "2021-11-14")),
    ("2021-11-14", ("2021-11-14", "2021-11-14")),
    ("in June 2020", ("2020-06-01", "2020-06-30")),
    ("2019", ("2019-01-01", "2019-12-31")),
    ("in early 2020", ("2020-01-01", "2020-04-30")),
    ("3-5 March 2021", ("2021-03-03", "2021-03-05")),
])
def test_absolute_expressions_need_no_publication_date(expr, expected):
    assert resolve_date(expr, None) == expected
    assert resolve_date(expr, PUB) == expected


@pytest.mark.parametrize("expr,expected", [
    ("Nov. 14", ("2021-11-14", "2021-11-14")),  # after publication in 2022: the year before
    ("on 3 March", ("2022-03-03", "2022-03-03")),
    ("March 3rd", ("2022-03-03", "2022-03-03")),
    ("on the night of 5 March", ("2022-03-05", "2022-03-05")),
    ("on Saturday", ("2022-03-12", "2022-03-12")),
    ("Wednesday", ("2022-03-16", "2022-03-16")),
    ("last Wednesday", ("2022-03-09", "2022-03-09")),
    ("on Tuesday night", ("2022-03-15", "2022-03-15")),
    ("yesterday", ("2022-03-15", "2022-03-15")),
    ("today", ("2022-03-16", "2022-03-16")),
    ("last week", ("2022-03-07", "2022-03-13")),
    ("three weeks ago", ("2022-02-21", "2022-02-27")),
    ("two days ago", ("2022-03-14", "2022-03-14")),
    ("10 days ago", ("2022-03-06", "2022-03-06")),
    ("a month ago", ("2022-02-01", "2022-02-28")),
    ("at the end of June", ("2021-06-21", "2021-06-30")),
    ("in mid-February", ("2022-02-11", "2022-02-20")),
    ("earlier this month", ("2022-03-01", "2022-03-16")),
    ("last month", ("2022-02-01", "2022-02-28")),
    ("last year", ("2021-01-01", "2021-12-31")),
    ("over the weekend", ("2022-03-12", "2022-03-13")),
    ("between 7 and 9 March", ("2022-03-07", "2022-03-09")),
    ("the past three days", ("2022-03-13", "2022-03-16")),
    ("the last 24 hours", ("2022-03-15", "2022-03-16")),
    ("Sunday's", ("2022-03-13", "2022-03-13")),
])
def test_relative_expressions_use_the_publication_date(expr, expected):
    assert resolve_date(expr, PUB) == expected


@pytest.mark.parametrize("expr", ["on Saturday", "yesterday", "last week", "three weeks ago", "Nov. 14",
                                  "earlier this month"])
def test_relative_expressions_without_publication_date_are_unresolved(expr):
    assert resolve_date(expr, None) is None


@pytest.mark.parametrize("expr", ["recently", "next week", "several days ago", "the following day", "", "soon",
                                  "2021-13-45", "31 February 2021"])
def test_unresolvable_expressions(expr):
    assert resolve_date(expr, PUB) is None


def test_saturday_published_on_a_saturday_is_that_day():
    assert resolve_date("on Saturday", date(2022, 3, 12)) == ("2022-03-12", "2022-03-12")


def test_year_boundary_for_last_month_and_weeks():
    assert resolve_date("last month", date(2022, 1, 10)) == ("2021-12-01", "2021-12-31")
    assert resolve_date("Dec. 30", date(2022, 1, 2)) == ("2021-12-30", "2021-12-30")


@pytest.mark.parametrize("value,expected", [
    ("2021-03-05", "2021-03-05"),
    ("2021-03-05T23:30:00-05:00", "2021-03-05"),
    ("Fri, 05 Mar 2021 10:00:00 +0000", "2021-03-05"),
    ("March 5, 2021", "2021-03-05"),
    ("5 March 2021", "2021-03-05"),
    ("05.03.2021", "2021-03-05"),
    ("2021/03/05", "2021-03-05"),
    ("March 2021", None),
    ("2021-02-30", None),
    ("not a date", None),
    ("", None),
])
def test_parse_published(value, expected):
    assert parse_published(value) == expected


@given(st.text(max_size=40), st.dates(min_value=date(1990, 1, 1), max_value=date(2035, 12, 31)))
@settings(max_examples=300, deadline=None)
def test_any_text_resolves_to_an_ordered_range_or_none(expr, published):
    found = resolve_date(expr, published)
    if found is not None:
        start, end = (date.fromisoformat(x) for x in found)
        assert start <= end
