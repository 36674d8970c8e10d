"""Date spellings that full official files carry beyond the plain forms."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from interdict.model import parse_date


@pytest.mark.parametrize(
    ("text", "value", "end", "circa"),
    [
        ("1970-1975", "1970", "1975", False),
        ("1960/1962", "1960", "1962", False),
        ("1974 or 1975", "1974", "1975", False),
        ("circa 1979-1982", "1979", "1982", True),
        ("1957 (approx)", "1957", None, True),
        ("1970 approx.", "1970", None, True),
        ("1965-1967 (approx.)", "1965", "1967", True),
        ("1965 (circa)", "1965", None, True),
        ("--/--/1970", "1970", None, False),
        ("xx/xx/1970", "1970", None, False),
        ("??/09/1970", "1970-09", None, False),
        ("mm/1970", "1970", None, False),
        ("1970s", "1970", "1979", True),
        # forms parse_date already reads are passed through unchanged
        ("circa 1970", "1970", None, True),
        ("dd/mm/1968", "1968", None, False),
        ("12/11/1967", "1967-11-12", None, False),
    ],
)
def test_extra_forms(text: str, value: str, end: str | None, circa: bool) -> None:
    date = parse_date(text, record="r")
    assert date is not None
    assert (date.value, date.end, date.circa, date.text, date.record) == (
        value,
        end,
        circa,
        text,
        "r",
    )


@pytest.mark.parametrize("text", [None, "", "  ", "unknown", "1975-1970", "12/13/1970", "19700"])
def test_not_dates(text: str | None) -> None:
    assert parse_date(text) is None


@given(st.text(max_size=30))
def test_never_raises_and_ranges_are_ordered(text: str) -> None:
    date = parse_date(text)
    if date is not None:
        assert date.end is None or date.value <= date.end
        assert 4 <= len(date.value) <= 10
