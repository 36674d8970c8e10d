"""Splitting enumerated cells ("(1) a (2) b", "a) x b) y") and naming languages."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from interdict.sources.enumerations import split_enumeration
from interdict.sources.languages import language_code


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("(1) Afghanistan (2) Pakistan", ["Afghanistan", "Pakistan"]),
        ("(1) Bulgaria\xa0(2) Russia", ["Bulgaria", "Russia"]),
        ("(1) Uganda (2) Uganda (3)Uganda", ["Uganda", "Uganda", "Uganda"]),
        ("a) 1965 b) 1 Jan. 1964", ["1965", "1 Jan. 1964"]),
        ("a) 06/07/1991;     b) 06/07/1993", ["06/07/1991", "06/07/1993"]),
        ("Title: a) Mullah b) Haji", ["Title:", "Mullah", "Haji"]),
        ("Iran", ["Iran"]),
        ("  Iran ; ", ["Iran"]),
        ("", []),
        (None, []),
        ("x (2) y", ["x (2) y"]),  # out of sequence: not an enumeration
        ("Company (b) x", ["Company (b) x"]),
        ("Ali b) x", ["Ali b) x"]),
    ],
)
def test_split_enumeration(text: str | None, items: list[str]) -> None:
    assert split_enumeration(text) == items


_ITEM = st.text(alphabet="abcdefghij KLMNOP-.,'", min_size=1, max_size=20).filter(
    lambda s: s.strip(" ;,\t") == s and s
)


@given(st.lists(_ITEM, min_size=1, max_size=9))
def test_numbered_round_trip(items: list[str]) -> None:
    text = " ".join(f"({i}) {item}" for i, item in enumerate(items, start=1))
    assert split_enumeration(text) == items


@given(st.lists(_ITEM, min_size=1, max_size=9))
def test_lettered_round_trip(items: list[str]) -> None:
    text = " ".join(f"{chr(ord('a') + i)}) {item}" for i, item in enumerate(items))
    assert split_enumeration(text) == items


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Russian", "ru"),
        ("Persian/Farsi", "fa"),
        ("Ukraine", "uk"),
        ("Belarusian", "be"),
        ("Cyrillic", None),
        ("", None),
        (None, None),
    ],
)
def test_language_code(text: str | None, code: str | None) -> None:
    assert language_code(text) == code
