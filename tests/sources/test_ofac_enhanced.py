"""OFAC Enhanced XML: a fixture written to the published schema, zips, broken input, real file."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest

from interdict.errors import ListFormatError
from interdict.model import CountryRole, Entity, IdentifierKind, NameKind
from interdict.sources.base import ParseResult
from interdict.sources.ofac_enhanced import OfacEnhancedFormat, _reduce
from interdict.sources.ofac_xml import OfacXmlFormat


@pytest.fixture()
def xml_bytes(fixtures_dir: Path) -> bytes:
    return (fixtures_dir / "ofac" / "enhanced" / "SDN_ENHANCED.XML").read_bytes()


@pytest.fixture()
def result(xml_bytes: bytes) -> ParseResult:
    return OfacEnhancedFormat("SDN_ENHANCED").parse(
        {"SDN_ENHANCED.XML": xml_bytes}, list_name="ofac_sdn"
    )


@pytest.fixture()
def entities(result: ParseResult) -> dict[str, Entity]:
    return {e.id: e for e in result.entities}


def zipped(name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, data)
    return buffer.getvalue()


def props(entity: Entity, name: str) -> list[str]:
    return [v.value for v in entity.properties.get(name, ())]


def test_select() -> None:
    fmt = OfacEnhancedFormat("CONS_ENHANCED")
    assert fmt.select(["CONS_ENHANCED.ZIP", "cons_prim.csv"]) == ("CONS_ENHANCED.ZIP",)
    assert fmt.select(["cons_enhanced.xml", "CONS_ENHANCED.ZIP"]) == ("cons_enhanced.xml",)
    assert fmt.select(["SDN_ENHANCED.XML"]) is None
    assert fmt.richness > OfacXmlFormat("sdn.xml").richness


def test_header_and_report(result: ParseResult) -> None:
    assert result.published == "2026-08-07T00:00:00"
    assert result.edition == "SDN_ENHANCED.XML"
    assert dict(result.report.unconsumed) == {
        "SDN_ENHANCED.XML:Remarks:Intelligence agency officer": 1,
        "SDN_ENHANCED.XML:entity/legalAuthorities": 3,
        "SDN_ENHANCED.XML:entity/sanctionsTypes": 3,
        "SDN_ENHANCED.XML:feature:Frobnication Index": 1,
        "SDN_ENHANCED.XML:feature/comments": 1,
        "SDN_ENHANCED.XML:feature/reliability": 1,
        "SDN_ENHANCED.XML:identityDocument:Guild Card": 1,
    }


def test_person_names_with_scripts_and_parts(entities: dict[str, Entity]) -> None:
    person = entities["ofac:40416"]
    assert [(n.full, n.kind) for n in person.names] == [
        ("DAMAVANDIAN, Ghassem", NameKind.PRIMARY),
        ("دماوندیان, قاسم", NameKind.ALIAS),
        ("DAMAVANDIAN, Qassem", NameKind.ALIAS),
        ("Abu Qassem", NameKind.WEAK_ALIAS),
        ("DAMAVANDI, Ghasem Ali", NameKind.PREVIOUS),
    ]
    previous = person.names[-1]
    assert (previous.first_name, previous.middle_name, previous.last_name) == (
        "Ghasem",
        "Ali",
        "DAMAVANDI",
    )
    assert person.names[3].last_name is None  # a nickname has no surname
    assert person.names[0].record == "SDN_ENHANCED.XML:name_id=60001"


def test_person_features_and_documents(entities: dict[str, Entity]) -> None:
    person = entities["ofac:40416"]
    assert [(d.value, d.end, d.circa) for d in person.birth_dates] == [
        ("1968-05-02", None, False),
        ("1960", "1962", True),
    ]
    assert props(person, "birthPlace") == ["Khansar, Iran"]
    assert props(person, "gender") == ["male"]
    assert props(person, "position") == ["Managing Director"]
    assert props(person, "listingDate") == ["2023-01-06"]
    assert props(person, "programId") == ["NPWMD", "IFSR"]
    assert {(c.role, c.code) for c in person.countries} == {
        (CountryRole.NATIONALITY, "ir"),
        (CountryRole.BIRTH, "ir"),
        (CountryRole.COUNTRY, "ir"),
    }
    assert [(i.kind, i.number, i.country, i.issued, i.expires) for i in person.identifiers] == [
        (IdentifierKind.PASSPORT, "G9336_77", "ir", "2014-10-28", "2019-10-27"),
        (IdentifierKind.NATIONAL_ID, "0052944492", "ir", None, None),
    ]
    (relation,) = person.relations
    assert (relation.target_id, relation.kind, relation.text) == (
        "ofac:16418",
        "linked_to",
        "QODS AVIATION INDUSTRIES",
    )


def test_organization(entities: dict[str, Entity]) -> None:
    org = entities["ofac:16418"]
    chinese = next(n for n in org.names if n.lang)
    assert (chinese.full, chinese.kind, chinese.lang) == ("圣城航空工业", NameKind.ALIAS, "zh")
    assert props(org, "website") == ["www.qai.ir"]
    assert props(org, "listingDate") == ["2013-02-06"]
    assert props(org, "notes") == ["Frobnication Index 42"]
    wallet, registration, other = org.identifiers
    assert (wallet.kind, wallet.currency) == (IdentifierKind.CRYPTO_WALLET, "XBT")
    assert (registration.kind, registration.number, registration.country) == (
        IdentifierKind.REGISTRATION,
        "483250",
        "ir",
    )
    assert (other.kind, other.source_type, other.note) == (
        IdentifierKind.OTHER,
        "Guild Card",
        "issuingAuthority: Guild of Tehran; not valid",
    )
    (address,) = org.addresses
    assert address.full == "P.O. Box 15875-1834, Km 5 Karaj Special Road, Tehran, 15875, Iran"
    assert (address.city, address.postal_code, address.country) == ("Tehran", "15875", "ir")
    (relation,) = org.relations
    assert (relation.kind, relation.target_id) == ("parent", "ofac:17777")


def test_vessel(entities: dict[str, Entity]) -> None:
    vessel = entities["ofac:9702"]
    assert vessel.schema == "Vessel"
    assert props(vessel, "callSign") == ["9HXY7"]
    assert props(vessel, "type") == ["Crude Oil Tanker"]
    assert props(vessel, "buildDate") == ["1999"]
    assert [(c.role, c.code) for c in vessel.countries] == [(CountryRole.FLAG, "mt")]
    assert [(i.kind, i.number) for i in vessel.identifiers] == [
        (IdentifierKind.IMO, "IMO9187629"),
        (IdentifierKind.MMSI, "572469210"),
    ]


def without_records(result: ParseResult) -> list[dict[str, object]]:
    """The entities as dicts with every ``record`` removed (they name the file read)."""
    out = []
    for entity in (e.to_dict() for e in result.entities):
        for key in ("names", "birth_dates", "countries", "identifiers", "addresses", "relations"):
            for value in entity[key]:
                value.pop("record", None)
        entity["properties"] = {
            k: [v["value"] for v in vs] for k, vs in entity["properties"].items()
        }
        out.append(entity)
    return out


def test_zip_gives_the_same_entities(xml_bytes: bytes, result: ParseResult) -> None:
    data = zipped("SDN_ENHANCED.XML", xml_bytes)
    from_zip = OfacEnhancedFormat("SDN_ENHANCED").parse(
        {"SDN_ENHANCED.ZIP": data}, list_name="ofac_sdn"
    )
    assert from_zip.edition == "SDN_ENHANCED.ZIP"
    assert without_records(from_zip) == without_records(result)


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"SDN_ENHANCED.XML": b""}, "empty"),
        ({"SDN_ENHANCED.ZIP": b"PK\x03\x04 not really"}, "zip"),
        ({"SDN_ENHANCED.ZIP": zipped("readme.txt", b"hello")}, "one XML"),
        ({"SDN_ENHANCED.XML": b'<?xml version="1.0"?><sdnList/>'}, "root element"),
        ({"SDN_ENHANCED.XML": b'<?xml version="1.0"?><sanctionsData/>'}, "no entity"),
        ({"sdn.csv": b"1"}, "missing"),
    ],
)
def test_bad_input_raises(files: dict[str, bytes], message: str) -> None:
    with pytest.raises(ListFormatError, match=message):
        OfacEnhancedFormat("SDN_ENHANCED").parse(files, list_name="ofac_sdn")


def test_bad_entities_are_skipped_with_a_warning(fixtures_dir: Path) -> None:
    data = (fixtures_dir / "ofac" / "bad_records" / "SDN_ENHANCED.XML").read_bytes()
    result = OfacEnhancedFormat("SDN_ENHANCED").parse(
        {"SDN_ENHANCED.XML": data}, list_name="ofac_sdn"
    )
    assert [e.id for e in result.entities] == ["ofac:9802"]
    assert result.report.warning_count == 2
    bad_id, nameless = result.report.warnings
    assert "SDN_ENHANCED.XML" in bad_id and "entity #1" in bad_id and "field id" in bad_id
    assert "'X-17'" in bad_id and "skipped" in bad_id
    assert "SDN_ENHANCED.XML:id=9801" in nameless and "field names" in nameless
    assert "skipped" in nameless


def test_no_readable_entity_fails_the_file(fixtures_dir: Path) -> None:
    data = (fixtures_dir / "ofac" / "bad_records" / "SDN_ENHANCED.XML").read_bytes()
    only_bad = data.replace(b'<entity id="9802">', b'<entity id="">')
    with pytest.raises(ListFormatError, match=r"no entity could be read.*X-17"):
        OfacEnhancedFormat("SDN_ENHANCED").parse({"SDN_ENHANCED.XML": only_bad}, list_name="x")


def test_truncated_file_raises(fixtures_dir: Path) -> None:
    data = (fixtures_dir / "ofac" / "broken" / "SDN_ENHANCED_truncated.XML").read_bytes()
    for files in (
        {"SDN_ENHANCED.XML": data},
        {"SDN_ENHANCED.ZIP": zipped("SDN_ENHANCED.XML", data)},
    ):
        with pytest.raises(ListFormatError, match="truncated"):
            OfacEnhancedFormat("SDN_ENHANCED").parse(files, list_name="ofac_sdn")


def test_entity_declarations_refused_in_zip() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaa">]><sanctionsData>&a;</sanctionsData>'
    )
    with pytest.raises(ListFormatError, match="DOCTYPE"):
        OfacEnhancedFormat("SDN_ENHANCED").parse(
            {"SDN_ENHANCED.ZIP": zipped("SDN_ENHANCED.XML", bomb)}, list_name="ofac_sdn"
        )


@pytest.mark.parametrize(
    ("begin", "end", "expected"),
    [
        ("1968-05-02", "1968-05-02", ("1968-05-02", None)),
        ("1962-01-01", "1962-12-31", ("1962", None)),
        ("1960-01-01", "1962-12-31", ("1960", "1962")),
        ("1961-12-01", "1961-12-31", ("1961-12", None)),
        ("1961-03-05", "1961-04-07", ("1961-03-05", "1961-04-07")),
    ],
)
def test_reduce_date_period(begin: str, end: str, expected: tuple[str, str | None]) -> None:
    assert _reduce(begin, end) == expected


# --- real file ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_cons(list_formats_dir: Path) -> tuple[ParseResult, float]:
    path = list_formats_dir / "ofac" / "CONS_ENHANCED.ZIP"
    start = time.perf_counter()
    result = OfacEnhancedFormat("CONS_ENHANCED").parse(
        {path.name: path.read_bytes()}, list_name="ofac_cons"
    )
    return result, time.perf_counter() - start


@pytest.mark.real_lists
def test_real_cons_enhanced(real_cons: tuple[ParseResult, float]) -> None:
    result, elapsed = real_cons
    assert len(result.entities) == 443
    assert result.published == "2025-01-10T00:00:00"
    assert result.report.warning_count == 0
    assert elapsed < 5.0
    by_id = {e.id: e for e in result.entities}
    vtb = by_id["ofac:17013"]
    assert any(n.full == "БАНК ВТБ ПАО" for n in vtb.names)
    assert {"www.vtb.com", "www.vtb.ru"} == set(props(vtb, "website"))
    martelly = by_id["ofac:50476"]
    assert [d.value for d in martelly.birth_dates] == ["1961-02-12"]
    assert ("Sweet Micky", NameKind.WEAK_ALIAS) in [(n.full, n.kind) for n in martelly.names]
    related = [r for e in result.entities for r in e.relations]
    assert related and all(r.target_id and r.target_id.startswith("ofac:") for r in related)


@pytest.mark.real_lists
def test_real_cons_enhanced_agrees_with_classic_xml(
    real_cons: tuple[ParseResult, float], real_lists_dir: Path
) -> None:
    """A year apart, the two editions still agree on nearly every entry's identifiers."""
    path = real_lists_dir / "ofac" / "consolidated.xml"
    classic = OfacXmlFormat(path.name).parse({path.name: path.read_bytes()}, list_name="ofac_cons")
    enhanced = {e.id: e for e in real_cons[0].entities}
    common = [e for e in classic.entities if e.id in enhanced]
    same = sum(
        {(i.kind, i.number) for i in e.identifiers}
        == {(i.kind, i.number) for i in enhanced[e.id].identifiers}
        for e in common
    )
    assert len(common) >= 430
    assert same >= 0.95 * len(common)
