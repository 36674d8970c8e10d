"""The FCDO UK Sanctions List XML parser (own fixture and the real excerpt)."""

from __future__ import annotations

from pathlib import Path

import pytest

from interdict.errors import ListFormatError
from interdict.model import CountryRole, Entity, IdentifierKind, NameKind
from interdict.sources.base import ParseResult
from interdict.sources.uk_fcdo_xml import UkFcdoXmlFormat

FILE = "UK-Sanctions-List.xml"


def _parse(data: bytes) -> ParseResult:
    return UkFcdoXmlFormat().parse({FILE: data}, list_name="uk")


def _by_id(result: ParseResult) -> dict[str, Entity]:
    return {entity.id: entity for entity in result.entities}


def _props(entity: Entity) -> dict[str, list[str]]:
    return {k: [v.value for v in vs] for k, vs in entity.properties.items()}


@pytest.fixture()
def result(fixtures_dir: Path) -> ParseResult:
    return _parse((fixtures_dir / "uk" / FILE).read_bytes())


@pytest.mark.parametrize(
    ("available", "expected"),
    [
        ([FILE, "ConList.xlsx"], (FILE,)),
        (["uk-sanctions-list.xml"], ("uk-sanctions-list.xml",)),
        (["ConList.csv"], None),
        (["UK-Sanctions-List.csv"], None),
    ],
)
def test_select(available: list[str], expected: tuple[str, ...] | None) -> None:
    assert UkFcdoXmlFormat().select(available) == expected


def test_fixture_entities(result: ParseResult) -> None:
    assert result.published == "2026-08-14"
    assert result.edition == FILE
    assert [(e.id, e.schema) for e in result.entities] == [
        ("uk:TST0001", "Person"),
        ("uk:TST0002", "Organization"),
        ("uk:TST0003", "Vessel"),
        ("uk:99004", "Organization"),
    ]
    assert any("no UniqueID nor OFSIGroupID" in w for w in result.report.warnings)


@pytest.mark.parametrize(
    ("full", "kind"),
    [
        ("Ivan Petrovich TESTOV", NameKind.PRIMARY),
        ("Ivan TESTOFF", NameKind.ALIAS),
        ("Vanya IVANOV", NameKind.ALIAS),
        ("Abu Ivan", NameKind.WEAK_ALIAS),
        ("Иван Петрович Тестов", NameKind.ALIAS),
    ],
)
def test_person_names(result: ParseResult, full: str, kind: NameKind) -> None:
    person = _by_id(result)["uk:TST0001"]
    assert (full, kind) in [(n.full, n.kind) for n in person.names]


def test_person_details(result: ParseResult) -> None:
    person = _by_id(result)["uk:TST0001"]
    primary = person.names[0]
    assert (primary.first_name, primary.middle_name, primary.last_name, primary.title) == (
        "Ivan",
        "Petrovich",
        "TESTOV",
        "Mullah",
    )
    assert primary.record == f"{FILE}:UniqueID=TST0001"
    assert next(n for n in person.names if n.full.startswith("Иван")).lang == "ru"
    # duplicates collapse; "dd" and "mm" placeholders drop the unknown parts
    assert [d.value for d in person.birth_dates] == ["1968", "1967-11-12", "1958-09", "1985"]
    props = _props(person)
    assert "Date of birth: sometime in the sixties" in props["notes"]
    assert props["unscId"] == ["TAi.990"]
    assert props["ofsiGroupId"] == ["99001"]
    assert props["gender"] == ["male"]
    assert props["position"] == ["Governor"]
    assert props["birthPlace"] == ["Zurmat District, Afghanistan"]
    assert props["listingDate"] == ["2001-01-31"]
    assert props["modifiedAt"] == ["2026-04-29"]
    assert props["programId"] == ["The Afghanistan (Sanctions) (EU Exit) Regulations 2020"]
    assert props["title"] == ["Mullah"]
    assert {(c.role, c.code) for c in person.countries} == {
        (CountryRole.COUNTRY, "af"),
        (CountryRole.NATIONALITY, "af"),
        (CountryRole.NATIONALITY, "pk"),
        (CountryRole.BIRTH, "af"),
    }
    assert [a.full for a in person.addresses] == ["Darul Aman, Kabul, Afghanistan"]


def test_person_identifiers(result: ParseResult) -> None:
    person = _by_id(result)["uk:TST0001"]
    assert [(i.kind, i.number, i.note) for i in person.identifiers] == [
        (IdentifierKind.PASSPORT, "D0009720", "Afghanistan diplomatic passport"),
        (IdentifierKind.NATIONAL_ID, "0075258", "Ration card no."),
        (IdentifierKind.TAX_ID, "770000000001", "Russia – INN Number"),
    ]


def test_entity_details(result: ParseResult) -> None:
    entity = _by_id(result)["uk:TST0002"]
    assert [(n.full, n.kind) for n in entity.names] == [
        ("EXAMPLE TRADING LLC", NameKind.PRIMARY),
        ("Example Trading Company", NameKind.PREVIOUS),
    ]
    assert [(i.kind, i.number) for i in entity.identifiers] == [
        (IdentifierKind.TAX_ID, "7700000001"),
        (IdentifierKind.REGISTRATION, "1027700000002"),
    ]
    assert [(r.kind, r.text) for r in entity.relations] == [
        ("parent", "Example Holding JSC"),
        ("subsidiary", "Example Sub A"),
    ]
    props = _props(entity)
    assert props["legalForm"] == ["Limited Liability Company"]
    assert props["phone"] == ["+7 495 000 0001"]
    assert props["email"] == ["info@example-trading.test"]
    assert props["website"] == ["www.example-trading.test"]
    assert props["notes"] == ["Synthetic test entity.", "Synthetic reasons."]
    assert entity.addresses[0].postal_code == "101000"


def test_ship_details(result: ParseResult) -> None:
    ship = _by_id(result)["uk:TST0003"]
    assert [(i.kind, i.number) for i in ship.identifiers] == [(IdentifierKind.IMO, "IMO9562233")]
    assert [(c.role, c.code) for c in ship.countries] == [(CountryRole.FLAG, "km")]
    props = _props(ship)
    assert props["pastFlags"] == ["India"]
    assert props["type"] == ["Bulk Carrier"]
    assert props["grossRegisteredTonnage"] == ["7078"]
    assert props["buildDate"] == ["2011"]
    assert [(r.kind, r.text) for r in ship.relations] == [("owner", "Example Shipping Co")]


def test_unconsumed_elements_are_reported(result: ParseResult) -> None:
    unconsumed = result.report.unconsumed
    assert unconsumed[f"{FILE}:Individual/FavouriteColour"] == 1
    assert unconsumed[f"{FILE}:DesignationSource"] == 1
    assert unconsumed[f"{FILE}:SanctionsImposedIndicators/AssetFreeze"] == 1
    assert unconsumed[f"{FILE}:Ship/LengthOfShipDetails/LengthOfShip"] == 1
    assert not any("UniqueID" in key or "Names" in key for key in unconsumed)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"", "empty", id="empty"),
        pytest.param(b"   \n", "empty", id="blank"),
        pytest.param(b"<Designations><Designation><UniqueID>X", "truncated", id="truncated"),
        pytest.param(b"<export><sanctionEntity/></export>", "expected <Designations>", id="root"),
        pytest.param(
            b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x "boom">]><Designations>&x;</Designations>',
            "entities",
            id="entity-declaration",
        ),
        pytest.param(
            b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b"<Designations>&x;</Designations>",
            "entities",
            id="external-entity",
        ),
    ],
)
def test_bad_input_raises(data: bytes, message: str) -> None:
    with pytest.raises(ListFormatError, match=message) as excinfo:
        _parse(data)
    assert excinfo.value.file == FILE


def test_truncated_fixture_raises(fixtures_dir: Path) -> None:
    data = (fixtures_dir / "uk" / FILE).read_bytes()
    with pytest.raises(ListFormatError, match="truncated"):
        _parse(data[: len(data) // 2])


def test_duplicate_unique_id_keeps_the_first() -> None:
    designation = (
        "<Designation><UniqueID>TST0009</UniqueID><Names><Name><Name6>{}</Name6>"
        "<NameType>Primary Name</NameType></Name></Names>"
        "<IndividualEntityShip>Entity</IndividualEntityShip></Designation>"
    )
    data = (
        f"<Designations>{designation.format('FIRST')}{designation.format('SECOND')}</Designations>"
    )
    result = _parse(data.encode())
    assert [e.caption for e in result.entities] == ["FIRST"]
    assert any("duplicate" in w for w in result.report.warnings)


# -- the real excerpt ------------------------------------------------------------------


@pytest.fixture()
def excerpt(list_formats_dir: Path) -> ParseResult:
    (path,) = sorted((list_formats_dir / "uk_fcdo_xml").glob("*.xml"))
    return _parse(path.read_bytes())


@pytest.mark.real_lists
def test_excerpt(excerpt: ParseResult) -> None:
    entities = _by_id(excerpt)
    assert sorted(entities) == ["uk:AFG0011", "uk:AQD0128", "uk:AQD0377", "uk:DPR0075"]
    assert excerpt.published == "2026-08-14T23:00:04.744Z"
    afg = entities["uk:AFG0011"]
    assert [d.value for d in afg.birth_dates] == ["1968", "1967-11-12"]
    assert "D0009720" in [i.number for i in afg.identifiers]
    assert _props(afg)["unscId"] == ["TAi.007"]
    aqd = entities["uk:AQD0128"]
    assert aqd.caption == "AKRAM TURKI HISHAN AL-MAZIDIH"
    assert [i.number for i in aqd.identifiers] == ["0075258"]
    assert {n.full for n in aqd.names if n.kind is NameKind.WEAK_ALIAS} == {
        "Abu Akram",
        "Abu Jarrah",
    }
    assert entities["uk:AQD0377"].schema == "Organization"
    ship = entities["uk:DPR0075"]
    assert ship.schema == "Vessel"
    assert [i.number for i in ship.identifiers] == ["IMO9562233"]
    assert "ofsiGroupId" not in ship.properties


# -- features of the full file the fixture above lacks ---------------------------------


@pytest.fixture()
def variants(fixtures_dir: Path) -> ParseResult:
    # UTF-8 BOM, CRLF line ends, no dateGenerated attribute on the root.
    return _parse((fixtures_dir / "uk" / "UK-Sanctions-List_variants.xml").read_bytes())


def test_variants_ids_and_report(variants: ParseResult) -> None:
    entities = _by_id(variants)
    assert sorted(entities) == ["uk:RUS9001", "uk:RUS9002"]
    assert variants.published == "2026-09-02"
    warnings = "\n".join(variants.report.warnings)
    assert "Designation #3 has no UniqueID nor OFSIGroupID; skipped" in warnings
    assert "UniqueID=RUS9004: field Names: designation without a name; skipped" in warnings
    assert "DOB 'not known' is not a date" in warnings
    assert variants.report.unconsumed[f"{FILE}:Notice"] == 1


def test_variants_dates_of_birth(variants: ParseResult) -> None:
    person = _by_id(variants)["uk:RUS9001"]
    assert [(d.value, d.end, d.circa) for d in person.birth_dates] == [
        ("1970", "1975", False),
        ("1958", None, True),
        ("1965", None, False),
        ("1960", None, False),
    ]
    assert "Date of birth: not known" in _props(person)["notes"]


def test_variants_names_websites_and_documents(variants: ParseResult) -> None:
    person = _by_id(variants)["uk:RUS9001"]
    assert [(n.full, n.kind, n.lang) for n in person.names] == [
        ("Oleg Petrovich TESTOV", NameKind.PRIMARY, None),
        ("Oleg TESTOFF", NameKind.ALIAS, None),
        ("Олег Петрович Тестов", NameKind.ALIAS, "ru"),
        ("Big Oleg", NameKind.WEAK_ALIAS, None),
    ]
    assert _props(person)["website"] == ["www.testov.example"]
    assert person.identifiers == ()
    assert "Passport (no number): Russian passport, number not known" in _props(person)["notes"]


def test_variants_ship_details(variants: ParseResult) -> None:
    ship = _by_id(variants)["uk:RUS9002"]
    assert [(i.kind, i.number) for i in ship.identifiers] == [
        (IdentifierKind.IMO, "IMO9100001"),
        (IdentifierKind.OTHER, "HIN-0042"),
    ]
    assert [(r.kind, r.text) for r in ship.relations] == [("previous_owner", "Old Shipping Ltd")]


def test_only_nameless_designations_fail_the_file() -> None:
    data = (
        b'<?xml version="1.0"?><Designations><Designation><UniqueID>RUS9009</UniqueID>'
        b"<IndividualEntityShip>Entity</IndividualEntityShip><Names/></Designation></Designations>"
    )
    with pytest.raises(ListFormatError, match=r"no designation could be read: .*RUS9009") as exc:
        _parse(data)
    assert exc.value.file == FILE


def test_no_designation_raises() -> None:
    data = b'<?xml version="1.0"?><Designations><DateGenerated>01/01/2026</DateGenerated></Designations>'
    with pytest.raises(ListFormatError, match="no Designation") as excinfo:
        _parse(data)
    assert excinfo.value.file == FILE
