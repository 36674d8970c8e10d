"""Cleaning and splitting published name strings."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from interdict.sources.name_cleanup import (
    AliasPart,
    acronym_split,
    clean_name,
    is_non_latin,
    split_alias,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  John   Smith ", "John Smith"),
        ("Akhter Mohmad,", "Akhter Mohmad"),
        ("n/a", None),
        (" NA ", None),
        ("-0-", None),
        ("", None),
        (None, None),
        ("NA MENA", "NA MENA"),
        ("Smith (John", "Smith (John"),
        ("“1-P”", "1-P"),
        ("'ABBAS, Rim", "'ABBAS, Rim"),
    ],
)
def test_clean_name(text: str | None, expected: str | None) -> None:
    assert clean_name(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ivan Petrov", False),
        ("Иван Петров", True),
        ("صدام حسين", True),
        ("金铁三", True),
        ("Ulema, Пакистан Организация", True),
        ("123", False),
    ],
)
def test_is_non_latin(text: str, expected: bool) -> None:
    assert is_non_latin(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Qusai Hussein; Qussay Al-Tikriti", ["Qusai Hussein", "Qussay Al-Tikriti"]),
        ("Jin Tiesan (金铁三)", ["Jin Tiesan", "金铁三"]),
        ("حسن غول (Hassan Ghul; Hasan Gul)", ["حسن غول", "Hassan Ghul", "Hasan Gul"]),
        ("Amir Khazmat (original script: Амир Хазмат)", ["Amir Khazmat", "Амир Хазмат"]),
        (
            "Mohammed Sabet; Mohammad Sabet b) M. Javad Sabet",
            ["Mohammed Sabet", "Mohammad Sabet", "M. Javad Sabet"],
        ),
        ("EL PARA (COMBAT NAME)", ["EL PARA"]),
        ("(Sheikh) Musa Hilal", ["Musa Hilal"]),
        ("Hilarion Santos, III (third)", ["Hilarion Santos, III"]),
        ("Al-Haramain Foundation (Pakistan)", ["Al-Haramain Foundation (Pakistan)"]),
        ("n/a", []),
        ("A; a", ["A"]),
        ("Mohammad Ishaq Akhund born in 1963", ["Mohammad Ishaq Akhund"]),
    ],
)
def test_split_alias(text: str, expected: list[str]) -> None:
    assert [p.text for p in split_alias(text)] == expected


def test_split_alias_flags_and_notes() -> None:
    assert split_alias("Ezatullah Haqqani (previously listed as)") == [
        AliasPart("Ezatullah Haqqani", previous=True)
    ]
    (part,) = split_alias("Safia Al-Hadad, born 1 Jan. 1953 (Oman passport no.03825239)")
    assert part.text == "Safia Al-Hadad"
    assert part.note == "born 1 Jan. 1953 (Oman passport no.03825239)"
    (part,) = split_alias("Abdel Sabri (false identity related to a fraudulent passport number)")
    assert part.text == "Abdel Sabri"
    assert part.note == "false identity related to a fraudulent passport number"
    assert [p.original_script for p in split_alias("Jin Tiesan (金铁三)")] == [False, True]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("GLOBAL RELIEF FOUNDATION (GRF)", ("GLOBAL RELIEF FOUNDATION", "GRF")),
        ("DOOSTAN INTERNATIONAL COMPANY (DICO)", ("DOOSTAN INTERNATIONAL COMPANY", "DICO")),
        ("JAMAAT-UL-AHRAR (JuA)", ("JAMAAT-UL-AHRAR", "JuA")),
        ("AL-HARAMAIN FOUNDATION (PAKISTAN)", None),
        ("TOUS POUR LA PAIX (NGO)", None),
        ("SECOND ACADEMY OF NATURAL SCIENCES (KPE.018)", None),
        ("PLAIN NAME", None),
    ],
)
def test_acronym_split(name: str, expected: tuple[str, str] | None) -> None:
    assert acronym_split(name) == expected


@given(st.text(max_size=60))
def test_clean_name_is_idempotent(text: str) -> None:
    once = clean_name(text)
    assert once is None or clean_name(once) == once


@given(st.text(max_size=80))
def test_split_alias_yields_clean_names(text: str) -> None:
    for part in split_alias(text):
        assert part.text
        assert part.text == " ".join(part.text.split())
        assert clean_name(part.text) == part.text
