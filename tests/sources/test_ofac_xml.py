"""OFAC classic XML (sdn.xml / consolidated.xml): both namespaces, broken input, real files."""

from __future__ import annotations

from pathlib import Path

import pytest

from interdict.errors import ListFormatError
from interdict.model import CountryRole, Entity, IdentifierKind, NameKind
from interdict.sources.base import ParseResult
from interdict.sources.ofac_csv import OfacCsvFormat
from interdict.sources.ofac_xml import OfacXmlFormat


@pytest.fixture()
def xml_dir(fixtures_dir: Path) -> Path:
    return fixtures_dir / "ofac" / "xml"


@pytest.fixture()
def result(xml_dir: Path) -> ParseResult:
    data = (xml_dir / "sdn.xml").read_bytes()
    return OfacXmlFormat("sdn.xml").parse({"sdn.xml": data}, list_name="ofac_sdn")


@pytest.fixture()
def entities(result: ParseResult) -> dict[str, Entity]:
    return {e.id: e for e in result.entities}


def props(entity: Entity, name: str) -> list[str]:
    return [v.value for v in entity.properties.get(name, ())]


def test_select_is_case_insensitive() -> None:
    fmt = OfacXmlFormat("consolidated.xml")
    assert fmt.select(["CONSOLIDATED.XML", "sdn.xml"]) == ("CONSOLIDATED.XML",)
    assert fmt.select(["sdn.csv"]) is None
    assert OfacXmlFormat("sdn.xml").richness == 20


def test_header(result: ParseResult) -> None:
    assert result.published == "2026-08-07"
    assert result.edition == "sdn.xml"
    assert result.report.warning_count == 0


def test_schemas(entities: dict[str, Entity]) -> None:
    assert {k: e.schema for k, e in entities.items()} == {
        "ofac:40416": "Person",
        "ofac:16418": "Organization",
        "ofac:4238": "Vessel",
        "ofac:18710": "Airplane",
    }


def test_person_names(entities: dict[str, Entity]) -> None:
    person = entities["ofac:40416"]
    assert [(n.full, n.kind, n.first_name, n.last_name) for n in person.names] == [
        ("DAMAVANDIAN, Ghassem", NameKind.PRIMARY, "Ghassem", "DAMAVANDIAN"),
        ("DAMAVANDIAN, Qassem", NameKind.ALIAS, "Qassem", "DAMAVANDIAN"),
        ("Abu Qassem", NameKind.WEAK_ALIAS, None, "Abu Qassem"),
        ("DAMAVANDI, Ghasem", NameKind.PREVIOUS, "Ghasem", "DAMAVANDI"),
    ]
    assert person.names[1].record == "sdn.xml:aka_uid=2001"


def test_person_id_list(entities: dict[str, Entity]) -> None:
    person = entities["ofac:40416"]
    idents = {
        (i.kind, i.number, i.country, i.issued, i.expires, i.currency) for i in person.identifiers
    }
    assert idents == {
        (IdentifierKind.PASSPORT, "G9336_77", "ir", "2014-10-28", "2019-10-27", None),
        (
            IdentifierKind.CRYPTO_WALLET,
            "0x098B716B8Aaf21512996dC57EB0615e2383E2f96",
            None,
            None,
            None,
            "ETH",
        ),
        (IdentifierKind.OTHER, "FC-77", None, None, None, None),
    }
    assert props(person, "gender") == ["male"]
    assert props(person, "notes") == [
        "Additional Sanctions Information - Subject to Secondary Sanctions"
    ]


def test_person_details(entities: dict[str, Entity]) -> None:
    person = entities["ofac:40416"]
    assert [(d.value, d.circa) for d in person.birth_dates] == [
        ("1968-05-02", False),
        ("1966", True),
    ]
    assert props(person, "birthPlace") == ["Khansar, Iran"]
    assert {(c.role, c.code) for c in person.countries} == {
        (CountryRole.NATIONALITY, "ir"),
        (CountryRole.CITIZENSHIP, "iq"),
        (CountryRole.COUNTRY, "ir"),
        (CountryRole.BIRTH, "ir"),
    }
    (address,) = person.addresses
    assert address.full == "Unit 207, Saleh Blvd, Tehran, 15875, Iran"
    assert (address.postal_code, address.country) == ("15875", "ir")
    assert props(person, "position") == ["Managing Director"]
    assert props(person, "programId") == ["NPWMD", "IFSR"]


def test_remarks_link_resolved(entities: dict[str, Entity]) -> None:
    (link,) = entities["ofac:40416"].relations
    assert (link.kind, link.text, link.target_id) == (
        "linked_to",
        "QODS AVIATION INDUSTRIES",
        "ofac:16418",
    )


def test_unmapped_items_reported(result: ParseResult) -> None:
    assert dict(result.report.unconsumed) == {
        "sdn.xml:idType:Frobnication Code": 1,
        "sdn.xml:sdnEntry/mysteryElement": 1,
    }


def test_vessel_and_aircraft(entities: dict[str, Entity]) -> None:
    vessel = entities["ofac:4238"]
    assert [(i.kind, i.number) for i in vessel.identifiers] == [(IdentifierKind.IMO, "IMO7406784")]
    assert props(vessel, "callSign") == ["CL2192"]
    assert props(vessel, "type") == ["Tug"]
    assert props(vessel, "owner") == ["EMPRESA NAVIERA"]
    assert props(vessel, "grossRegisteredTonnage") == ["250"]
    assert [(c.role, c.code) for c in vessel.countries] == [(CountryRole.FLAG, "cu")]
    aircraft = entities["ofac:18710"]
    assert [(i.kind, i.number) for i in aircraft.identifiers] == [
        (IdentifierKind.AIRCRAFT_SERIAL, "1023409321")
    ]
    assert props(aircraft, "model") == ["IL-76TD"]
    organization = entities["ofac:16418"]
    assert organization.names[0].last_name is None
    assert props(organization, "website") == ["http://www.qai.ir"]


def test_old_namespace_with_crlf(xml_dir: Path) -> None:
    data = (xml_dir / "sdn_tempuri.xml").read_bytes()
    assert b"\r\n" in data
    result = OfacXmlFormat("sdn.xml").parse({"sdn.xml": data}, list_name="ofac_sdn")
    assert result.published == "2014-05-30"
    assert [(e.id, e.caption) for e in result.entities] == [
        ("ofac:10", "ABASTECEDORA NAVAL Y INDUSTRIAL, S.A."),
        ("ofac:2674", "ABBAS, Abu"),
    ]
    assert result.entities[1].birth_dates[0].value == "1948-12-10"


BAD_XML = [
    (b"", "empty"),
    (b'<?xml version="1.0"?><other/>', "root element"),
    (b'<?xml version="1.0"?><sdnList><publshInformation/></sdnList>', "no sdnEntry"),
    (b'<?xml version="1.0"?><sdnList><sdnEntry><uid>x</uid></sdnEntry></sdnList>', "not a number"),
    (
        b'<?xml version="1.0"?><!DOCTYPE sdnList [<!ENTITY a "aaaa">]><sdnList>&a;</sdnList>',
        "DOCTYPE",
    ),
]


@pytest.mark.parametrize(("data", "message"), BAD_XML)
def test_bad_xml_raises(data: bytes, message: str) -> None:
    with pytest.raises(ListFormatError, match=message):
        OfacXmlFormat("sdn.xml").parse({"sdn.xml": data}, list_name="ofac_sdn")


def test_truncated_xml_raises(fixtures_dir: Path) -> None:
    data = (fixtures_dir / "ofac" / "broken" / "sdn_truncated.xml").read_bytes()
    with pytest.raises(ListFormatError, match="truncated") as info:
        OfacXmlFormat("sdn.xml").parse({"sdn.xml": data}, list_name="ofac_sdn")
    assert info.value.file == "sdn.xml"


# --- real files -----------------------------------------------------------------------


@pytest.mark.real_lists
def test_real_consolidated_xml(real_lists_dir: Path) -> None:
    data = (real_lists_dir / "ofac" / "consolidated.xml").read_bytes()
    result = OfacXmlFormat("consolidated.xml").parse(
        {"consolidated.xml": data}, list_name="ofac_cons"
    )
    assert len(result.entities) == 442
    assert result.published == "2026-01-08"
    assert result.report.warning_count == 0
    vtb = {e.id: e for e in result.entities}["ofac:17013"]
    assert vtb.caption == "VTB BANK PUBLIC JOINT STOCK COMPANY"
    assert (IdentifierKind.SWIFT_BIC, "VTBRRUMM") in {(i.kind, i.number) for i in vtb.identifiers}


@pytest.mark.real_lists
def test_real_consolidated_xml_matches_csv_edition(
    real_lists_dir: Path, list_formats_dir: Path
) -> None:
    """The classic XML and the CSV set of the same publication hold the same entries."""
    xml = OfacXmlFormat("consolidated.xml").parse(
        {"consolidated.xml": (real_lists_dir / "ofac" / "consolidated.xml").read_bytes()},
        list_name="ofac_cons",
    )
    fmt = OfacCsvFormat("cons")
    csv_dir = list_formats_dir / "ofac"
    selected = fmt.select([p.name for p in csv_dir.iterdir()]) or ()
    csv = fmt.parse({n: (csv_dir / n).read_bytes() for n in selected}, list_name="ofac_cons")
    xml_by_id = {e.id: e for e in xml.entities}
    csv_by_id = {e.id: e for e in csv.entities}
    assert xml_by_id.keys() == csv_by_id.keys()
    for entity_id, entity in xml_by_id.items():
        assert entity.caption == csv_by_id[entity_id].caption
        xml_ids = {(i.kind, i.number) for i in entity.identifiers}
        csv_ids = {(i.kind, i.number) for i in csv_by_id[entity_id].identifiers}
        assert xml_ids == csv_ids, entity_id


@pytest.mark.real_lists
@pytest.mark.parametrize(
    ("name", "published"),
    [
        ("sdn_2014-05-30_excerpt_5entries.xml", "2014-05-30"),
        ("sdn_2026-08-07_excerpt_5entries_jaggeman.xml", "2026-08-07"),
    ],
)
def test_real_sdn_xml_excerpts(list_formats_dir: Path, name: str, published: str) -> None:
    data = (list_formats_dir / "ofac_sdn_xml" / name).read_bytes()
    result = OfacXmlFormat(name).parse({name: data}, list_name="ofac_sdn")
    assert len(result.entities) == 5
    assert result.published == published
    assert not result.report.unconsumed


# --- features of full files the fixtures above lack -----------------------------------


@pytest.fixture()
def variants(xml_dir: Path) -> ParseResult:
    data = (xml_dir / "sdn_variants.xml").read_bytes()  # UTF-8 BOM, CRLF line ends
    return OfacXmlFormat("sdn.xml").parse({"sdn.xml": data}, list_name="ofac_sdn")


def test_variants_bad_entries_are_reported_not_fatal(variants: ParseResult) -> None:
    assert [e.id for e in variants.entities] == ["ofac:90001", "ofac:90003", "ofac:90004"]
    warnings = "\n".join(variants.report.warnings)
    assert "sdn.xml: record sdnEntry #2: field uid: 'X-12' is not a number" in warnings
    assert "duplicate uid ofac:90001; the first entry is kept" in warnings
    assert "uid=90003: field lastName: empty" in warnings
    assert "Record_Count" not in warnings  # 5 entries declared, 5 read
    assert variants.entities[0].caption == "TESTANI, Karim"  # not the duplicate


def test_variants_dates_of_birth(variants: ParseResult) -> None:
    person = variants.entities[0]
    assert [(d.value, d.end, d.circa) for d in person.birth_dates] == [
        ("1960", None, True),
        ("1962", "1964", False),
        ("1957", None, True),
        ("1958-02", None, False),
    ]


def test_variants_person_details(variants: ParseResult) -> None:
    person = variants.entities[0]
    assert [(n.full, n.kind) for n in person.names] == [
        ("TESTANI, Karim", NameKind.PRIMARY),
        ("ABU TEST", NameKind.WEAK_ALIAS),
        ("TESTANI, Kareem", NameKind.PREVIOUS),
    ]
    (address,) = person.addresses
    assert (address.region, address.postal_code, address.country) == ("Illinois", "62701", "us")
    assert {(c.code, c.role) for c in person.countries} >= {
        ("lb", CountryRole.NATIONALITY),
        ("sy", CountryRole.CITIZENSHIP),
    }
    assert "Beirut, Lebanon" in props(person, "birthPlace")


def test_variants_entity_named_by_its_aka_and_vessel(variants: ParseResult) -> None:
    by_id = {e.id: e for e in variants.entities}
    assert by_id["ofac:90003"].caption == "TEST TRADING FZE"
    vessel = by_id["ofac:90004"]
    assert vessel.schema == "Vessel"
    assert props(vessel, "callSign") == ["9HTE1"]
    assert [(c.code, c.role) for c in vessel.countries] == [("mt", CountryRole.FLAG)]
    assert [(i.kind, i.number) for i in vessel.identifiers] == [(IdentifierKind.IMO, "IMO9100002")]
