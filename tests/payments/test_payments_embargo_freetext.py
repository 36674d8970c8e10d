"""Embargo rules (countries, regions, BIC/IBAN countries) and free-text candidates."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from interdict.payments.embargo import (
    EmbargoPlace,
    EmbargoRules,
    bic_country,
    default_embargo,
    iban_country,
    normalise,
)
from interdict.payments.freetext import candidate_windows


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("12 Vali Asr Avenue, TEHRAN", ["IR"]),
        ("ul. Lenina 5, Simferopol, Crimea", ["UA-43"]),
        ("SEVASTOPOL 299011", ["UA-40"]),
        ("Donetsk, DNR", ["UA-14"]),
        ("LNR, Alchevsk", ["UA-09"]),
        ("Melitopol district", ["UA-23"]),
        ("Nova Kakhovka", ["UA-65"]),
        ("PYONGYANG", ["KP"]),
        ("Damascus, Syrian Arab Republic", ["SY"]),
        ("La Habana", ["CU"]),
        ("Zaporizhzhia", ["UA-23"]),
        ("Sévastopol", ["UA-40"]),
        ("г. Симферополь, Крым", ["UA-43"]),
        ("Тегеран", ["IR"]),
        ("ДНР, Донецк", ["UA-14"]),
        ("IRANIAN STREET 5", []),
        ("CUBANA DE AVIACION", []),
        ("GALLE RD COLOMBO 03", []),
        ("Epping London", []),
        ("ANDNR TRADING", []),
    ],
)
def test_places_in_address_lines(text: str, codes: list[str]) -> None:
    assert [m.place.code for m in default_embargo().find_places(text)] == codes


def test_country_names_and_codes() -> None:
    rules = default_embargo()
    assert {code for code, _ in rules.countries} == {"IR", "KP", "SY", "CU"}
    assert rules.country_name("ir") == "Iran"
    assert rules.country_name("GB") is None


def test_rules_are_configurable() -> None:
    rules = default_embargo().without("CU", "UA-65")
    assert rules.country_name("CU") is None
    assert rules.find_places("HAVANA") == []  # a country's cities go with it
    assert rules.find_places("KHERSON") == []
    assert rules.find_places("TEHRAN")
    custom = EmbargoRules(
        countries=(("RU", "Russia"),),
        places=(EmbargoPlace("RU", "Russia", "country", ("moscow",)),),
    )
    assert [m.term for m in custom.find_places("Bank of Moscow")] == ["moscow"]


@pytest.mark.parametrize(
    ("bic", "country"),
    [
        ("MELIIRTH", "IR"),
        ("MELIIRTHXXX", "IR"),
        ("DEUTDEFF500", "DE"),
        ("BAD", None),
        ("12345678", None),
    ],
)
def test_bic_country(bic: str, country: str | None) -> None:
    assert bic_country(bic) == country


@pytest.mark.parametrize(
    ("account", "country"),
    [
        ("IR580540105180021273113007", "IR"),
        ("GB29 NWBK 6016 1331 9268 19", "GB"),
        ("12547896", None),
        ("NOTPROVIDED", None),
        ("SN 012 01201 036169011401 63", "SN"),  # checksum not required
        ("1X34567890123456", None),
    ],
)
def test_iban_country(account: str, country: str | None) -> None:
    assert iban_country(account) == country


@given(st.text(max_size=80))
def test_normalise_is_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once


# -- free text -------------------------------------------------------------------------


def test_candidate_windows_find_the_name_in_running_text() -> None:
    windows = [
        w.text for w in candidate_windows("INV 2026-114 spare parts for Shahed Aviation Industries")
    ]
    assert "Shahed Aviation Industries" in windows
    assert "Shahed" in windows
    assert not any(w.lower().startswith("for ") or w.lower().endswith(" for") for w in windows)
    assert not any(any(ch.isdigit() for ch in w) for w in windows)
    assert "spare" not in windows  # single payment word


def test_candidate_windows_keep_inner_stop_words_and_spans() -> None:
    text = "/BNF/PAYMENT BY ORDER OF BANK OF MOSCOW"
    windows = {w.text: w for w in candidate_windows(text)}
    assert "BANK OF MOSCOW" in windows
    w = windows["BANK OF MOSCOW"]
    assert text[w.start : w.end] == "BANK OF MOSCOW"
    assert "BNF" not in windows


def test_candidate_windows_are_bounded() -> None:
    text = " ".join(f"word{chr(97 + i % 26)}x" for i in range(300))
    windows = candidate_windows(text, max_tokens=6, max_windows=50)
    assert len(windows) == 50
    assert all(len(w.text.split()) <= 6 for w in windows)


@given(st.text(max_size=200), st.integers(1, 6))
def test_candidate_windows_properties(text: str, max_tokens: int) -> None:
    windows = candidate_windows(text, max_tokens=max_tokens, max_windows=100)
    keys = [w.text.casefold() for w in windows]
    assert len(keys) == len(set(keys))
    for w in windows:
        assert 1 <= len(w.text.split()) <= max_tokens
        assert 0 <= w.start < w.end <= len(text)
        assert not any(ch.isdigit() for ch in w.text)
