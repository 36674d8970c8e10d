"""UN Security Council Consolidated List XML parser."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest

from interdict.errors import ListFormatError
from interdict.model import CountryRole, Entity, IdentifierKind, NameKind
from interdict.sources.base import ParseResult
from interdict.sources.name_cleanup import is_non_latin
from interdict.sources.un_xml import UnXmlFormat

FIXTURES = Path(__file__).parent.parent / "fixtures" / "un"


def _parse(name: str = "consolidated.xml") -> ParseResult:
    return UnXmlFormat().parse({"consolidated.xml": (FIXTURES / name).read_bytes()}, list_name="un")


@pytest.fixture(scope="module")
def result() -> ParseResult:
    return _parse()


@pytest.fixture(scope="module")
def by_id(result: ParseResult) -> dict[str, Entity]:
    return {e.id: e for e in result.entities}


def _names(entity: Entity, kind: NameKind) -> list[str]:
    return [n.full for n in entity.names if n.kind is kind]


@pytest.mark.parametrize(
    ("available", "expected"),
    [
        (["consolidated.xml"], ("consolidated.xml",)),
        (["CONSOLIDATED.XML", "other.txt"], ("CONSOLIDATED.XML",)),
        (["sdn.xml"], None),
        ([], None),
    ],
)
def test_select(available: list[str], expected: tuple[str, ...] | None) -> None:
    assert UnXmlFormat().select(available) == expected


def test_header(result: ParseResult) -> None:
    assert result.published == "2026-03-01T00:00:09.554Z"
    assert result.edition == "consolidated.xml"
    assert [e.id for e in result.entities] == [
        "un:IQi.002",
        "un:CDi.001",
        "un:QDe.091",
        "un:CDe.003",
    ]
    assert [e.schema for e in result.entities] == [
        "Person",
        "Person",
        "Organization",
        "Organization",
    ]


def test_primary_name_parts(by_id: dict[str, Entity]) -> None:
    primary = by_id["un:IQi.002"].names[0]
    assert primary.kind is NameKind.PRIMARY
    assert primary.full == "QUSAY SADDAM HUSSEIN AL-TIKRITI"
    assert (primary.first_name, primary.middle_name, primary.last_name) == (
        "QUSAY",
        "SADDAM HUSSEIN",
        "AL-TIKRITI",
    )
    assert primary.title == "Dr."
    assert primary.record == "consolidated.xml:DATAID=1000001"


def test_placeholder_name_parts_are_dropped(by_id: dict[str, Entity]) -> None:
    eric = by_id["un:CDi.001"]
    assert [n.full for n in eric.names] == ["ERIC BADEGE"]  # FOURTH_NAME "na", alias "n/a"
    assert eric.names[0].last_name == "BADEGE"


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (
            NameKind.ALIAS,
            ["قصي صدام حسين التكريتي", "Qusai Hussein", "Qussay Al-Tikriti", "金铁三"],
        ),
        (NameKind.WEAK_ALIAS, ["Abu Uday", "Jin Tiesan"]),
        (NameKind.PREVIOUS, ["Qusay Old Name", "Qusay Listed Before"]),
    ],
)
def test_alias_kinds(by_id: dict[str, Entity], kind: NameKind, expected: list[str]) -> None:
    assert _names(by_id["un:IQi.002"], kind) == expected


def test_organisation_names(by_id: dict[str, Entity]) -> None:
    grf = by_id["un:QDe.091"]
    assert grf.caption == "GLOBAL RELIEF FOUNDATION (GRF)"
    assert "GLOBAL RELIEF FOUNDATION" in _names(grf, NameKind.ALIAS)
    assert "مؤسسة الإغاثة العالمية" in _names(grf, NameKind.ALIAS)
    assert _names(grf, NameKind.WEAK_ALIAS) == ["GRF"]
    assert _names(grf, NameKind.PREVIOUS) == ["Old Relief Society"]
    packed = by_id["un:CDe.003"]
    assert packed.caption == "COMPAGNIE AERIENNE DES GRANDS LACS (CAGL)"
    aliases = _names(packed, NameKind.ALIAS)
    for name in ("GREAT LAKES BUSINESS COMPANY (GLBC)", "جبهة النصرة", "the Victory Front"):
        assert name in aliases


def test_birth_dates(by_id: dict[str, Entity]) -> None:
    dates = {(d.value, d.end, d.circa) for d in by_id["un:IQi.002"].birth_dates}
    assert dates == {("1966-05-17", None, False), ("1965", None, True), ("1960", "1962", False)}
    assert [d.value for d in by_id["un:CDi.001"].birth_dates] == ["1973-11"]  # from NOTE


def test_documents(by_id: dict[str, Entity]) -> None:
    q = by_id["un:IQi.002"]
    idents = {(i.kind, i.number, i.country) for i in q.identifiers}
    assert idents == {
        (IdentifierKind.PASSPORT, "0012345", "iq"),
        (IdentifierKind.TAX_ID, "DAOMMD74T11Z352Z", "it"),
    }
    passport = next(i for i in q.identifiers if i.kind is IdentifierKind.PASSPORT)
    assert passport.issued == "2001-03-27"
    assert passport.note == "expired"
    notes = [v.value for v in q.properties["notes"]]
    assert "Document: Passport; Libyan passport number 347834, expired" in notes


def test_countries_addresses_properties(by_id: dict[str, Entity]) -> None:
    q = by_id["un:IQi.002"]
    assert {(c.code, c.role) for c in q.countries} == {
        ("iq", CountryRole.NATIONALITY),
        ("iq", CountryRole.BIRTH),
        ("iq", CountryRole.COUNTRY),
    }
    assert [a.full for a in q.addresses] == ["12 Palace Road, Baghdad, Iraq"]
    props = {k: [v.value for v in vs] for k, vs in q.properties.items()}
    assert props["programId"] == ["Iraq"]
    assert props["listingDate"] == ["2003-06-27"]
    assert props["modifiedAt"] == ["2016-10-13"]
    assert props["position"] == ["Head of security", "Commander"]
    assert props["gender"] == ["male"]
    assert "Baghdad, Iraq" in props["birthPlace"]
    grf = by_id["un:QDe.091"]
    assert grf.addresses[0].postal_code == "60455"
    assert grf.addresses[0].country == "us"


def test_report_counts_unmapped(result: ParseResult) -> None:
    assert result.report.unconsumed["consolidated.xml:FUTURE_ELEMENT"] == 1
    assert result.report.unconsumed["consolidated.xml:VERSIONNUM"] == 4
    assert "consolidated.xml:SORT_KEY" not in result.report.unconsumed  # empty


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        ("empty.xml", "empty"),
        ("truncated.xml", "malformed or truncated XML"),
        ("wrong_root.xml", "unexpected root element <sdnList>"),
        ("missing_reference.xml", "no entry could be read: .*field REFERENCE_NUMBER"),
        ("bad_dataid.xml", "no entry could be read: .*field DATAID: 'x5' is not a number"),
        ("entities.xml", "DOCTYPE"),
    ],
)
def test_bad_input(fixture: str, message: str) -> None:
    with pytest.raises(ListFormatError, match=message) as info:
        _parse(fixture)
    assert info.value.file == "consolidated.xml"


def test_no_entry_at_all_fails_the_file() -> None:
    data = b'<?xml version="1.0"?><CONSOLIDATED_LIST><INDIVIDUALS/><ENTITIES/></CONSOLIDATED_LIST>'
    with pytest.raises(ListFormatError, match="no INDIVIDUAL or ENTITY") as info:
        UnXmlFormat().parse({"consolidated.xml": data}, list_name="un")
    assert info.value.file == "consolidated.xml"


def test_bad_entries_are_skipped_and_the_rest_kept() -> None:
    result = _parse("bad_records.xml")
    assert sorted(e.id for e in result.entities) == ["un:QDe.905", "un:QDi.903"]
    assert result.report.warnings == [
        "consolidated.xml: record INDIVIDUAL #1: field DATAID: 'x5' is not a number; entry skipped",
        "consolidated.xml:DATAID=2000002: field REFERENCE_NUMBER: empty; entry skipped",
        "consolidated.xml:DATAID=2000004: field FIRST_NAME: QDe.904 has no name; entry skipped",
    ]


@pytest.mark.real_lists
def test_real_file(real_lists_dir: Path) -> None:
    data = (real_lists_dir / "un" / "consolidated.xml").read_bytes()
    started = time.perf_counter()
    result = UnXmlFormat().parse({"consolidated.xml": data}, list_name="un")
    elapsed = time.perf_counter() - started
    print(f"UN consolidated.xml: {len(result.entities)} entities in {elapsed:.2f} s")
    assert len(result.entities) == 1003
    assert Counter(e.schema for e in result.entities) == {"Person": 730, "Organization": 273}
    assert result.published == "2026-02-27T00:00:09.554Z"
    assert len({e.id for e in result.entities}) == 1003
    assert all(e.id.startswith("un:") for e in result.entities)
    for entity in result.entities:
        assert entity.names[0].kind is NameKind.PRIMARY
        for name in entity.names:
            assert name.full == name.full.strip()
            assert "  " not in name.full
            assert name.full.casefold() not in {"n/a", "na", "-", "none"}
            assert name.full.count("(") == name.full.count(")")
    originals = sum(any(is_non_latin(n.full) for n in e.names) for e in result.entities)
    assert originals >= 378  # every NAME_ORIGINAL_SCRIPT, plus scripts inside aliases
    with_docs = sum(bool(e.identifiers) for e in result.entities)
    assert with_docs >= 250
    assert result.report.warning_count == 0
    assert elapsed < 5
