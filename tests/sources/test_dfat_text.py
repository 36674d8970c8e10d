"""Facts extracted from the prose cells of the DFAT list."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from interdict.sources.dfat_text import birth_dates, document_numbers, imo_numbers, un_references


@pytest.mark.parametrize(
    ("text", "values", "unparsed"),
    [
        ("12/05/1960", ["1960-05-12"], []),
        ("a) 12/05/1960 b) 1961", ["1960-05-12", "1961"], []),
        ("a) 1965 b) 1 Jan. 1964", ["1965", "1964-01-01"], []),
        ("a) 5 Jan. 1974 b) 1977 c) 24 Jan.1973", ["1974-01-05", "1977", "1973-01-24"], []),
        ("a) 1964; \nb) 1965; \nc) 1966", ["1964", "1965", "1966"], []),
        ("5/06/1953   15/06/1953", ["1953-06-05", "1953-06-15"], []),
        ("1962", ["1962"], []),
        ("1960-05-12", ["1960-05-12"], []),
        ("12. Sep 1974", ["1974-09-12"], []),
        ("a) 11-Sep-2000; \nb) 2001", ["2000-09-11", "2001"], []),
        ("a) 09/10/1954; b) 09/11/ 1954 ", ["1954-10-09", "1954-11-09"], []),
        ("03/03/1957; alt DOB: 03/04/1957", ["1957-03-03", "1957-04-03"], ["alt DOB: 03/04/1957"]),
        ("na", [], []),
        ("Approximately (30-35 years old)", [], ["Approximately (30-35 years old)"]),
        ("24/06/1402 (Hijri Calendar)", [], ["24/06/1402 (Hijri Calendar)"]),
    ],
)
def test_birth_dates(text: str, values: list[str], unparsed: list[str]) -> None:
    result = birth_dates(text, record="r")
    assert [d.value for d in result.dates] == values
    assert result.unparsed == unparsed
    assert all(d.record == "r" for d in result.dates)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Approximately 1955- 1958", [("1955", "1958", True)]),
        ("Between 1975 and 1976", [("1975", "1976", False)]),
        ("c. 1946 or 1949", [("1946", None, True), ("1949", None, True)]),
        ("1940-1941", [("1940", "1941", False)]),
    ],
)
def test_birth_date_ranges_and_circa(
    text: str, expected: list[tuple[str, str | None, bool]]
) -> None:
    result = birth_dates(text, record="r")
    assert [(d.value, d.end, d.circa) for d in result.dates] == expected


@given(
    st.lists(
        st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 12, 31)), min_size=1, max_size=6
    )
)
def test_lettered_dates_all_found(days: list[date]) -> None:
    text = " ".join(
        f"{chr(ord('a') + i)}) {day.strftime('%d/%m/%Y')}" for i, day in enumerate(days)
    )
    assert [d.value for d in birth_dates(text, record="").dates] == [d.isoformat() for d in days]


@pytest.mark.parametrize(
    ("text", "kind", "numbers"),
    [
        (
            "Passport no.: 563120368, issued on 22 Mar. 2013; expires 2018.",
            "passport",
            ["563120368"],
        ),
        (
            "Passport number: A 10472263. National identification number: 640120-01-5529.",
            "passport",
            ["A 10472263"],
        ),
        (
            "Passport number: A 10472263. National identification number: 640120-01-5529.",
            "national_id",
            ["640120-01-5529"],
        ),
        (
            "Passport no.: a) Kuwaiti passport number 001714467 b) Kuwaiti passport number 101505554. Review",
            "passport",
            ["001714467", "101505554"],
        ),
        (
            "Australian Passport No. M189870 (revoked 12 October 2012), New South Wales Drivers Licence No. 13652517",
            "passport",
            ["M189870"],
        ),
        (
            "Passport no.: 199110092; 472220503; 654220197.",
            "passport",
            ["199110092", "472220503", "654220197"],
        ),
        ("Libyan Passport No. B/001897. Son of someone.", "passport", ["B/001897"]),
        ("Director of the Passport and Visa Department in 2001.", "passport", []),
        (
            "Saudi Arabian national identification number 1027508157. Review",
            "national_id",
            ["1027508157"],
        ),
        ("No documents mentioned.", "passport", []),
    ],
)
def test_document_numbers(text: str, kind: str, numbers: list[str]) -> None:
    assert document_numbers(text, kind) == numbers


def test_unknown_document_kind() -> None:
    with pytest.raises(ValueError, match="unknown document kind"):
        document_numbers("x", "visa")


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("IMO number: 5936312.", ["IMO5936312"]),
        ("International Maritime Organization (IMO) Number: 1790183.", ["IMO1790183"]),
        ("IMO Identification Number: 6246853 (Company)", ["IMO6246853"]),
        ("IMO 12345", []),
        ("no ship", []),
    ],
)
def test_imo_numbers(text: str, numbers: list[str]) -> None:
    assert imo_numbers(text) == numbers


@pytest.mark.parametrize(
    ("text", "refs"),
    [
        ("Member of Al-Qaida (QDe.004) and Al-Qaida (Qde.004).", ["QDe.004"]),
        ("Leader of AQAP (QDe. 129); cousin of X (QDi.277)", ["QDe.129", "QDi.277"]),
        ("Owner of Rahat Ltd. (TAe.013)", ["TAe.013"]),
        ("resolution 1822 (2008)", []),
    ],
)
def test_un_references(text: str, refs: list[str]) -> None:
    assert un_references(text) == refs
