"""Custom list CSV parser (the format is documented in the module docstring)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interdict.errors import ListFormatError
from interdict.model import CountryRole, Entity, IdentifierKind, NameKind
from interdict.sources import custom_csv
from interdict.sources.base import ParseResult
from interdict.sources.custom_csv import COLUMNS, CustomCsvFormat
from interdict.sources.name_cleanup import clean_name

FIXTURES = Path(__file__).parent.parent / "fixtures" / "custom"
HEADER = "id,name,type,birth_date\n"


def _parse(data: bytes, name: str = "internal.csv") -> ParseResult:
    return CustomCsvFormat(name).parse({name: data}, list_name="internal")


@pytest.fixture(scope="module")
def result() -> ParseResult:
    return _parse((FIXTURES / "internal.csv").read_bytes())


@pytest.fixture(scope="module")
def by_id(result: ParseResult) -> dict[str, Entity]:
    return {e.id: e for e in result.entities}


def test_docstring_documents_every_column() -> None:
    doc = custom_csv.__doc__ or ""
    for column in COLUMNS:
        assert f"``{column}``" in doc


def test_select() -> None:
    assert CustomCsvFormat("internal.csv").select(["INTERNAL.csv", "x.csv"]) == ("INTERNAL.csv",)
    assert CustomCsvFormat("internal.csv").select(["x.csv"]) is None


@pytest.mark.parametrize(
    ("row_id", "schema"),
    [
        ("internal:C-001", "Person"),
        ("internal:C-002", "Organization"),
        ("internal:C-003", "Vessel"),
        ("internal:C-004", "LegalEntity"),
        ("internal:C-005", "Airplane"),
        ("internal:C-006", "Company"),  # type is case-insensitive
    ],
)
def test_types(by_id: dict[str, Entity], row_id: str, schema: str) -> None:
    assert by_id[row_id].schema == schema


def test_person_row(by_id: dict[str, Entity]) -> None:
    person = by_id["internal:C-001"]
    assert [(n.full, n.kind) for n in person.names] == [
        ("John Example", NameKind.PRIMARY),
        ("Johnny Example", NameKind.ALIAS),
        ("J. Example", NameKind.ALIAS),
    ]
    assert person.names[0].record == "internal.csv:line=2"
    assert [(d.value, d.circa) for d in person.birth_dates] == [
        ("1970-05-01", False),
        ("1972", True),
    ]
    assert {(c.code, c.role) for c in person.countries} == {
        ("gb", CountryRole.COUNTRY),
        ("gb", CountryRole.NATIONALITY),
    }
    assert [(i.kind, i.number) for i in person.identifiers] == [
        (IdentifierKind.NATIONAL_ID, "AB123456C"),
        (IdentifierKind.PASSPORT, "123456789"),
        (IdentifierKind.PASSPORT, "987654321"),
    ]
    assert [a.full for a in person.addresses] == ["1 High Street, London"]
    assert [v.value for v in person.properties["programId"]] == ["INTERNAL", "FRAUD"]
    assert [v.value for v in person.properties["notes"]] == ["Former employee"]


def test_id_number_kind_follows_type(by_id: dict[str, Entity]) -> None:
    assert [(i.kind, i.number) for i in by_id["internal:C-002"].identifiers] == [
        (IdentifierKind.REGISTRATION, "1234567")
    ]
    assert [(i.kind, i.number) for i in by_id["internal:C-003"].identifiers] == [
        (IdentifierKind.IMO, "IMO9123456")
    ]
    assert [(i.kind, i.number) for i in by_id["internal:C-005"].identifiers] == [
        (IdentifierKind.AIRCRAFT_TAIL, "EP-TST")
    ]


def test_report(result: ParseResult) -> None:
    assert result.report.unconsumed == {"internal.csv:risk_score": 1}
    assert result.report.warning_count == 1  # "Atlantis"
    assert result.published is None
    assert result.edition == "internal.csv"


@pytest.mark.parametrize(
    ("data", "field", "record"),
    [
        ((FIXTURES / "missing_name_column.csv").read_bytes(), "name", None),
        (b"name,type\nX,person\n", "id", None),
        ((FIXTURES / "empty_name.csv").read_bytes(), "name", "line 3"),
        (HEADER.encode() + b"C-1,X,dragon,\n", "type", "line 2"),
        (HEADER.encode() + b"C-1,X,person,31/31/1970\n", "birth_date", "line 2"),
        (HEADER.encode() + b"C-1,X,person,\nC-1,Y,person,\n", "id", "line 3"),
        (HEADER.encode() + b",X,person,\n", "id", "line 2"),
        (b"id,name,name\nC-1,X,Y\n", "name", None),
    ],
)
def test_bad_rows(data: bytes, field: str, record: str | None) -> None:
    with pytest.raises(ListFormatError) as info:
        _parse(data)
    assert info.value.file == "internal.csv"
    assert info.value.field == field
    assert info.value.record == record


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ((FIXTURES / "empty.csv").read_bytes(), "empty"),
        (b"\xef\xbb\xbf\n", "empty"),
        (b"id,name\n\xff\xfe,X\n", "not UTF-8"),
        (b'id,name\nC-1,"unterminated\n', "malformed|empty name"),
        (b"id,name\nC-1,X,extra\n", "fields"),
    ],
)
def test_bad_files(data: bytes, message: str) -> None:
    with pytest.raises(ListFormatError, match=message):
        _parse(data)


_NAME = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="|"),
    min_size=1,
    max_size=40,
).filter(lambda s: any(c.isalnum() for c in s))


@settings(max_examples=60, deadline=None)
@given(names=st.lists(_NAME, min_size=1, max_size=5))
def test_names_round_trip(names: list[str]) -> None:
    """Whatever a firm writes as names comes back cleaned but otherwise unchanged."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["id", "name", "aliases"])
    writer.writerow(["X-1", names[0], "|".join(names[1:])])
    try:
        result = _parse(buf.getvalue().encode())
    except ListFormatError:
        # Only a placeholder-like name ("n/a", "-") may be refused.
        assert clean_name(names[0]) is None
        return
    (entity,) = result.entities
    expected = clean_name(names[0])
    assert entity.names[0].full == expected
    assert entity.names[0].kind is NameKind.PRIMARY
    for name in entity.names:
        assert name.full == " ".join(name.full.split())
