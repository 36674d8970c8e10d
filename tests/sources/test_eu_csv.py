"""EU Financial Sanctions Files CSV 1.1 parser."""

from __future__ import annotations

from pathlib import Path

import pytest

from interdict.errors import ListFormatError
from interdict.model import IdentifierKind, NameKind
from interdict.sources.base import ParseResult
from interdict.sources.eu_csv import HEADER, EuCsvFormat
from interdict.sources.eu_xml import EuXmlFormat

FIXTURES = Path(__file__).parent.parent / "fixtures" / "eu"


def _parse(name: str) -> ParseResult:
    return EuCsvFormat().parse({name: (FIXTURES / name).read_bytes()}, list_name="eu")


def _bytes_parse(data: bytes) -> ParseResult:
    return EuCsvFormat().parse({"eu.csv": data}, list_name="eu")


@pytest.mark.parametrize(
    ("available", "expected"),
    [
        (["csvFullSanctionsList_1_1.csv"], ("csvFullSanctionsList_1_1.csv",)),
        (["x.CSV"], ("x.CSV",)),
        (["xmlFullSanctionsList_1_1.xml"], None),
    ],
)
def test_select(available: list[str], expected: tuple[str, ...] | None) -> None:
    assert EuCsvFormat().select(available) == expected


def test_header_constant_matches_fixture() -> None:
    assert len(HEADER) == 118
    text = (FIXTURES / "eu_fsf_small.csv").read_bytes().decode("utf-8-sig")
    assert tuple(text.splitlines()[0].split(";")) == HEADER


def test_grouping_and_mapping() -> None:
    result = _parse("eu_fsf_small.csv")
    assert result.published == "2026-08-05"
    by_id = {e.id: e for e in result.entities}
    assert list(by_id) == ["eu:13", "eu:191", "eu:330"]
    saddam = by_id["eu:13"]
    assert saddam.schema == "Person"  # subject type "person" in the classification column
    assert [(n.full, n.kind, n.lang) for n in saddam.names] == [
        ("Saddam Hussein Al-Tikriti", NameKind.PRIMARY, None),
        ("Abu Ali", NameKind.ALIAS, None),  # repeated row de-duplicated
        ("صدام حسين التكريتي", NameKind.ALIAS, "ar"),
    ]
    assert [d.value for d in saddam.birth_dates] == ["1937-04-28"]
    assert len(saddam.countries) == 2  # birth + citizenship, citizenship not repeated
    kms = by_id["eu:191"]
    assert kms.schema == "Person"  # "person" in Entity_SubjectType this time
    assert [(d.value, d.end, d.circa) for d in kms.birth_dates] == [("1964", "1965", True)]
    assert [(i.kind, i.number, i.note) for i in kms.identifiers] == [
        (IdentifierKind.PASSPORT, "488555", "knownFalse")
    ]
    trust = by_id["eu:330"]
    assert trust.schema == "Organization"
    assert len(trust.addresses) == 2
    assert [v.value for v in trust.properties["phone"]] == ["668 33 01", "662 38 14"]


def test_same_entities_as_xml_edition() -> None:
    """The CSV carries the same records as the XML excerpt: same names and ids."""
    csv_entity = {e.id: e for e in _parse("eu_fsf_small.csv").entities}["eu:330"]
    xml = (
        EuXmlFormat()
        .parse(
            {
                "x.xml": b'<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="2026-08-05">'
                b'<sanctionEntity logicalId="330" euReferenceNumber="EU.522.39">'
                b'<subjectType code="enterprise" classificationCode="E"/>'
                b'<nameAlias wholeName="Al-Rasheed Trust" nameLanguage="EN" strong="true"/>'
                b'<nameAlias wholeName="Al Rashid Trust" nameLanguage="EN" strong="true"/>'
                b"</sanctionEntity></export>"
            },
            list_name="eu",
        )
        .entities[0]
    )
    assert [n.full for n in csv_entity.names] == [n.full for n in xml.names]
    assert csv_entity.schema == xml.schema


def test_column_order_and_unknown_columns() -> None:
    result = _parse("eu_reordered.csv")
    (entity,) = result.entities
    assert entity.id == "eu:55"
    assert [n.full for n in entity.names] == ['Bank "Test"; Ltd', "Test Bank Ltd"]
    assert [(i.kind, i.number) for i in entity.identifiers] == [
        (IdentifierKind.REGISTRATION, "1027700000000")
    ]
    assert result.report.unconsumed["eu_reordered.csv:Extra_Column"] == 1
    assert result.published == "2026-02-01"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ((FIXTURES / "eu_missing_column.csv").read_bytes(), "NameAlias_WholeName"),
        (b"NameAlias_WholeName;Entity_SubjectType\nX;person\n", "Entity_LogicalId"),
        (b"Entity_LogicalId;NameAlias_WholeName\n1;X\n", "Entity_SubjectType"),
    ],
)
def test_missing_required_column(data: bytes, field: str) -> None:
    with pytest.raises(ListFormatError, match="missing") as info:
        _bytes_parse(data)
    assert info.value.field == field


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\xef\xbb\xbf  \n", "empty"),
        (b"Entity_LogicalId;NameAlias_WholeName;Entity_SubjectType\nA1;X;person\n", "not numeric"),
        (b"Entity_LogicalId;NameAlias_WholeName;Entity_SubjectType\n;X;person\n", "no rows with"),
        (b"Entity_LogicalId;NameAlias_WholeName\xff\n", "not UTF-8"),
    ],
)
def test_bad_input(data: bytes, message: str) -> None:
    with pytest.raises(ListFormatError, match=message):
        _bytes_parse(data)


# --- features of full files the small fixtures lack -----------------------------------


def test_legacy_1_0_edition() -> None:
    """The older ``FULL-1_0`` CSV: ``Naal_*``/``Birt_*``/... columns, ``Entity_logical_id``
    repeated once per block, P/E subject types, ISO3 countries."""
    result = _parse("eu_fsf_1_0.csv")
    assert result.published == "2026-09-01"
    by_id = {e.id: e for e in result.entities}
    assert list(by_id) == ["eu:13", "eu:980"]
    saddam = by_id["eu:13"]
    assert saddam.schema == "Person"
    assert [(n.full, n.kind) for n in saddam.names] == [
        ("Saddam Hussein Al-Tikriti", NameKind.PRIMARY),
        ("Abu Ali", NameKind.ALIAS),
    ]
    assert saddam.names[0].first_name == "Saddam"
    assert [d.value for d in saddam.birth_dates] == ["1937-04-28"]
    assert {(c.code, c.role.value) for c in saddam.countries} == {
        ("iq", "birth"),
        ("iq", "citizenship"),
    }
    assert [(i.kind, i.number, i.country) for i in saddam.identifiers] == [
        (IdentifierKind.PASSPORT, "488555", "iq")
    ]
    assert [v.value for v in saddam.properties["programId"]] == ["IRQ"]
    assert [v.value for v in saddam.properties["euId"]] == ["EU.27.28"]
    grf = by_id["eu:980"]
    assert grf.schema == "Organization"
    assert [a.full for a in grf.addresses] == [
        "9935 South 76th Avenue, Bridgeview, Illinois, 60455, USA"
    ]
    assert set(result.report.unconsumed) == {"eu_fsf_1_0.csv:regulation@numberTitle"}


def test_stray_quotes_and_multiline_fields() -> None:
    result = _parse("eu_fsf_stray_quote.csv")
    by_id = {e.id: e for e in result.entities}
    assert list(by_id) == ["eu:501", "eu:502", "eu:503", "eu:505", "eu:504"]
    assert by_id["eu:502"].caption == "Zala Test LLC"
    assert by_id["eu:505"].caption == 'Odd "Quote Company'
    assert by_id["eu:504"].caption == "Последний ООО"
    assert [v.value for v in by_id["eu:503"].properties["notes"]] == [
        "Remark on two lines; second line"
    ]
    assert [(d.value, d.end) for d in by_id["eu:501"].birth_dates] == [("1970", "1975")]
    warnings = "\n".join(result.report.warnings)
    assert "eu_fsf_stray_quote.csv: line 4: malformed CSV" in warnings
    assert "line 8: unbalanced quote" in warnings
    assert "line 7: field Entity_LogicalId: empty; row skipped" in warnings
