from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from interdict.model import parse_date


@pytest.mark.parametrize(
    ("text", "value", "end", "circa"),
    [
        ("1968", "1968", None, False),
        ("1968-09-12", "1968-09-12", None, False),
        ("12 Sep 1968", "1968-09-12", None, False),
        ("02 May 1968", "1968-05-02", None, False),
        ("Sep 1968", "1968-09", None, False),
        ("12/09/1968", "1968-09-12", None, False),
        ("00/09/1968", "1968-09", None, False),
        ("dd/mm/1968", "1968", None, False),
        ("circa 1960", "1960", None, True),
        ("circa 10 Dec 1948", "1948-12-10", None, True),
        ("1960 to 1962", "1960", "1962", False),
        ("between 1960 and 1962", "1960", "1962", False),
        ("1975 - 1977", "1975", "1977", False),
        ("2026-01-08T10:00:00", "2026-01-08", None, False),
    ],
)
def test_parse_date_forms(text: str, value: str, end: str | None, circa: bool) -> None:
    date = parse_date(text, record="r1")
    assert date is not None
    assert (date.value, date.end, date.circa, date.record) == (value, end, circa, "r1")


def test_month_first_order() -> None:
    date = parse_date("01/08/2026", order="mdy")
    assert date is not None and date.value == "2026-01-08"


@pytest.mark.parametrize(
    "text", ["", "  ", "unknown", "32/13/1968", "13/1968/1", "1962 to 1960", None]
)
def test_not_a_date(text: str | None) -> None:
    assert parse_date(text) is None


@given(st.dates())
def test_iso_round_trip(day: object) -> None:
    text = str(day)
    date = parse_date(text)
    if 1000 <= int(text[:4]) <= 2999:
        assert date is not None and date.value == text and date.precision == "day"
    else:
        assert date is None
