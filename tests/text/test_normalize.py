"""Normalisation, transliteration and look-alike folding."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from interdict.text import fold_confusables, has_abjad, normalize_text, text_scripts, to_ascii


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("DAMAVANDIAN, Ghassem", "damavandian ghassem"),
        ("قاسم دماوندیان", "qasm dmawndyan"),  # Persian: no short vowels
        ("习近平", "xi jin ping"),  # Han: pinyin, one syllable per character
        ("김정은", "gim jeong eun"),  # Hangul: revised romanisation per syllable
        ("Шевченко Андрій", "shevchenko andrii"),  # Cyrillic (Ukrainian)
        ("Αλέξης Τσίπρας", "alexis tsipras"),  # Greek
        ("ბიძინა ივანიშვილი", "bidzina ivanishvili"),  # Georgian
        ("Արմեն Սարգսյան", "armen sargsyan"),  # Armenian
        ("नरेन्द्र मोदी", "narendra modi"),  # Devanagari
        ("בנימין נתניהו", "bvnymyn ntnyhw"),  # Hebrew
        ("ООО «Ромашка»", "ooo romashka"),
        ("Ｆｕｌｌ Ｗｉｄｔｈ", "full width"),  # NFKC
        ("Straße", "strasse"),
        ("Ergün Çelik", "ergun celik"),
        ("O'Brien", "obrien"),
        ("al-Qaida", "al qaida"),
        ("Sberbаnk", "sberbank"),  # Cyrillic "а" inside a Latin word
        ("Алeксандр", "aleksandr"),  # Latin "e" inside a Cyrillic word
        ("أسامة", "asamh"),  # taa marbuta read as a final h, not t
        ("محمد عمر ځدران", "mhmd mr zdran"),  # Pashto dze, which ICU drops, read as z
        ("ماٹی", "maty"),  # Urdu tte read as t
        ("  spaced\tout  ", "spaced out"),
        ("", ""),
    ],
)
def test_normalize_text(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


@given(st.text(max_size=40))
def test_normalize_is_idempotent(raw: str) -> None:
    once = normalize_text(raw)
    assert normalize_text(once) == once


@given(st.text(max_size=40))
def test_normalize_output_is_plain_ascii(raw: str) -> None:
    out = normalize_text(raw)
    assert all(ch.isascii() and (ch.isalnum() or ch == " ") for ch in out)
    assert out == out.lower().strip()
    assert "  " not in out


def test_fold_confusables_only_in_mixed_tokens() -> None:
    assert fold_confusables("sberbаnk") == "sberbank"
    assert fold_confusables("aлександр") == "александр"  # towards the majority script
    # A token wholly in Cyrillic is left for transliteration.
    assert fold_confusables("сбербанк") == "сбербанк"


def test_scripts() -> None:
    assert text_scripts("Abc 123") == frozenset({"Latin"})
    assert text_scripts("قاسم Ali") == frozenset({"Arabic", "Latin"})
    assert has_abjad("שלום")
    assert not has_abjad("Shalom")


def test_to_ascii_keeps_ascii() -> None:
    assert to_ascii("Plain ASCII") == "Plain ASCII"
