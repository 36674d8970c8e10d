"""The OFSI ConList parser (CSV fixture, XLSX built from it, the real ConList.xlsx)."""

from __future__ import annotations

import csv
import io
import time
from collections import Counter
from pathlib import Path

import pytest
from openpyxl import Workbook

from interdict.errors import ListFormatError
from interdict.model import CountryRole, Entity, IdentifierKind, NameKind
from interdict.sources.base import ParseResult
from interdict.sources.ofsi_remarks import registration_identifiers, split_remarks, uk_reference
from interdict.sources.uk_ofsi import OfsiConListFormat


def _parse(files: dict[str, bytes]) -> ParseResult:
    return OfsiConListFormat().parse(files, list_name="uk")


@pytest.fixture()
def csv_bytes(fixtures_dir: Path) -> bytes:
    return (fixtures_dir / "uk" / "ConList.csv").read_bytes()


@pytest.fixture()
def fixture_result(csv_bytes: bytes) -> ParseResult:
    return _parse({"ConList.csv": csv_bytes})


def _by_id(result: ParseResult) -> dict[str, Entity]:
    return {entity.id: entity for entity in result.entities}


def _csv_to_xlsx(data: bytes) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in csv.reader(io.StringIO(data.decode("utf-8"))):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("available", "expected"),
    [
        (["ConList.xlsx", "ConList.csv"], ("ConList.xlsx",)),
        (["conlist.csv"], ("conlist.csv",)),
        (["CONLIST.XLSX", "other.txt"], ("CONLIST.XLSX",)),
        (["UK-Sanctions-List.xml"], None),
        ([], None),
    ],
)
def test_select(available: list[str], expected: tuple[str, ...] | None) -> None:
    assert OfsiConListFormat().select(available) == expected


def test_richness_below_fcdo_xml() -> None:
    from interdict.sources.uk_fcdo_xml import UkFcdoXmlFormat

    assert OfsiConListFormat().richness == 10
    assert UkFcdoXmlFormat().richness > OfsiConListFormat().richness


def test_csv_fixture_groups_rows_into_entities(fixture_result: ParseResult) -> None:
    assert fixture_result.published == "2025-04-14"
    assert fixture_result.edition == "ConList.csv"
    assert sorted(_by_id(fixture_result)) == ["uk:90004", "uk:AFG9001", "uk:DPR9003", "uk:RUS9002"]
    schemas = {e.id: e.schema for e in fixture_result.entities}
    assert schemas == {
        "uk:AFG9001": "Person",
        "uk:RUS9002": "Organization",
        "uk:DPR9003": "Vessel",
        "uk:90004": "Person",
    }
    assert all(e.list_name == "uk" for e in fixture_result.entities)


@pytest.mark.parametrize(
    ("full", "kind"),
    [
        ("Ivan Petrovich TESTOV", NameKind.PRIMARY),
        ("Ivan TESTOFF", NameKind.ALIAS),
        ("Vanya IVANOV", NameKind.ALIAS),
        ("Abu Ivan", NameKind.WEAK_ALIAS),
        ("Ivan PETROV", NameKind.PREVIOUS),
        ("Иван Петрович Тестов", NameKind.ALIAS),
    ],
)
def test_person_names(fixture_result: ParseResult, full: str, kind: NameKind) -> None:
    person = _by_id(fixture_result)["uk:AFG9001"]
    assert (full, kind) in [(n.full, n.kind) for n in person.names]


def test_person_name_parts_and_provenance(fixture_result: ParseResult) -> None:
    person = _by_id(fixture_result)["uk:AFG9001"]
    primary = person.names[0]
    assert primary.kind is NameKind.PRIMARY
    assert (primary.first_name, primary.middle_name, primary.last_name) == (
        "Ivan",
        "Petrovich",
        "TESTOV",
    )
    assert primary.record == "ConList.csv:row=3"
    cyrillic = next(n for n in person.names if n.full.startswith("Иван"))
    assert cyrillic.lang == "ru"
    assert person.caption == "Ivan Petrovich TESTOV"


def test_person_facts(fixture_result: ParseResult) -> None:
    person = _by_id(fixture_result)["uk:AFG9001"]
    assert [d.value for d in person.birth_dates] == ["1968", "1970"]
    nationalities = {c.code for c in person.countries if c.role is CountryRole.NATIONALITY}
    assert nationalities == {"af", "pk"}
    births = {c.code for c in person.countries if c.role is CountryRole.BIRTH}
    assert births == {"af", "pk"}
    props = {k: [v.value for v in vs] for k, vs in person.properties.items()}
    assert props["birthPlace"] == ["Kandahar, Afghanistan", "Quetta, Pakistan"]
    assert props["programId"] == ["Afghanistan", "Counter-Terrorism (International)"]
    assert props["unscId"] == ["TAi.901"]
    assert props["gender"] == ["male"]
    assert props["title"] == ["Mullah", "Haji"]
    assert props["position"] == ["Governor", "Minister"]
    assert props["listingDate"] == ["2001-01-25"]
    assert props["designationDate"] == ["2020-12-31"]
    assert props["modifiedAt"] == ["2022-02-01"]
    assert props["ofsiGroupId"] == ["90001"]
    assert "Synthetic test record, not a real person." in props["notes"]


def test_person_identifiers_pair_numbers_with_details(fixture_result: ParseResult) -> None:
    person = _by_id(fixture_result)["uk:AFG9001"]
    idents = {(i.kind, i.number): i for i in person.identifiers}
    assert idents[(IdentifierKind.PASSPORT, "OA123456")].note == "Afghan number, expired 2011"
    assert idents[(IdentifierKind.PASSPORT, "0456789")].note == "Pakistani number"
    tax = idents[(IdentifierKind.TAX_ID, "0012345")]
    assert tax.source_type == "TIN"


def test_entity_remarks(fixture_result: ParseResult) -> None:
    entity = _by_id(fixture_result)["uk:RUS9002"]
    props = {k: [v.value for v in vs] for k, vs in entity.properties.items()}
    assert props["phone"] == ["+7 495 000 0001", "+7 495 000 0002"]
    assert props["website"] == ["www.example-trading.test"]
    assert props["email"] == ["info@example-trading.test"]
    assert props["legalForm"] == ["Limited Liability Company"]
    assert [(i.kind, i.number, i.source_type) for i in entity.identifiers] == [
        (IdentifierKind.TAX_ID, "7700000001", "INN"),
        (IdentifierKind.REGISTRATION, "1027700000002", "OGRN"),
    ]
    assert [(r.kind, r.text, r.target_id) for r in entity.relations] == [
        ("parent", "Example Holding JSC", None),
        ("subsidiary", "Example Sub A", None),
        ("subsidiary", "Example Sub B", None),
    ]
    assert [a.full for a in entity.addresses] == ["1 Test Street, Moscow, 101000, Russia"]
    assert entity.addresses[0].country == "ru"
    assert [n.full for n in entity.names] == ["EXAMPLE TRADING LLC", "ООО ПРИМЕР ТРЕЙДИНГ"]


def test_ship_remarks(fixture_result: ParseResult) -> None:
    ship = _by_id(fixture_result)["uk:DPR9003"]
    assert [(i.kind, i.number) for i in ship.identifiers] == [(IdentifierKind.IMO, "IMO7408873")]
    assert [(c.role, c.code) for c in ship.countries] == [(CountryRole.FLAG, "kp")]
    props = {k: [v.value for v in vs] for k, vs in ship.properties.items()}
    assert props["type"] == ["Oil tanker"]
    assert props["buildDate"] == ["1975"]
    assert props["grossRegisteredTonnage"] == ["1676"]
    assert props["pastFlags"] == ["Russia"]
    assert [(r.kind, r.text) for r in ship.relations] == [("owner", "Example Shipping Co")]


def test_group_id_is_the_fallback_id(fixture_result: ParseResult) -> None:
    noref = _by_id(fixture_result)["uk:90004"]
    assert noref.properties["gender"][0].value == "female"


def test_unmapped_fragments_are_reported(fixture_result: ParseResult) -> None:
    unconsumed = fixture_result.report.unconsumed
    assert unconsumed["ConList.csv:Other Information (Fax)"] == 1
    assert unconsumed["ConList.csv:Other Information (Length of ship)"] == 1


def test_xlsx_edition_reads_like_csv(csv_bytes: bytes, fixture_result: ParseResult) -> None:
    xlsx = _parse({"ConList.xlsx": _csv_to_xlsx(csv_bytes)})
    assert xlsx.published == fixture_result.published
    as_dicts = [e.to_dict() for e in xlsx.entities]
    expected = [e.to_dict() for e in fixture_result.entities]
    for entity in expected:  # the only difference is the file name in each record
        for key in ("names", "birth_dates", "countries", "identifiers", "addresses"):
            for value in entity[key]:
                value["record"] = value["record"].replace("ConList.csv", "ConList.xlsx")
        for key in ("relations",):
            for value in entity[key]:
                value["record"] = value["record"].replace("ConList.csv", "ConList.xlsx")
        for values in entity["properties"].values():
            for value in values:
                value["record"] = value["record"].replace("ConList.csv", "ConList.xlsx")
    assert as_dicts == expected


def test_cp1252_csv_is_decoded(csv_bytes: bytes) -> None:
    text = (
        csv_bytes.decode("utf-8")
        .replace("Иван Петрович Тестов", "Café")
        .replace("ООО ПРИМЕР ТРЕЙДИНГ", "Société")
    )
    result = _parse({"ConList.csv": text.encode("cp1252")})
    names = {n.full for e in result.entities for n in e.names}
    assert {"Café", "Société"} <= names


@pytest.mark.parametrize(
    ("name", "data", "field"),
    [
        pytest.param("ConList.csv", b"", None, id="empty-csv"),
        pytest.param("ConList.csv", b"Last Updated,14/04/2025\r\n", None, id="no-header"),
        pytest.param("ConList.xlsx", b"", None, id="empty-xlsx"),
        pytest.param("ConList.xlsx", b"PK\x03\x04garbage", None, id="corrupt-xlsx"),
        pytest.param("ConList.csv", b"Name,Other\r\nA,B\r\n", "Name 6", id="not-a-conlist"),
    ],
)
def test_bad_input_raises(name: str, data: bytes, field: str | None) -> None:
    with pytest.raises(ListFormatError) as excinfo:
        _parse({name: data})
    assert excinfo.value.file == name
    assert excinfo.value.field == field


def test_truncated_xlsx_raises(csv_bytes: bytes) -> None:
    data = _csv_to_xlsx(csv_bytes)
    with pytest.raises(ListFormatError, match=r"ConList\.xlsx"):
        _parse({"ConList.xlsx": data[: len(data) // 2]})


def test_missing_column_raises(fixtures_dir: Path) -> None:
    data = (fixtures_dir / "uk" / "ConList_missing_group_id.csv").read_bytes()
    with pytest.raises(ListFormatError) as excinfo:
        _parse({"ConList.csv": data})
    assert excinfo.value.field == "Group ID"
    assert excinfo.value.record == "row=2"


def test_non_numeric_group_id_only_fails_the_file(fixtures_dir: Path) -> None:
    data = (fixtures_dir / "uk" / "ConList_bad_group_id.csv").read_bytes()
    with pytest.raises(ListFormatError, match=r"no group could be read: .*row 3") as excinfo:
        _parse({"ConList.csv": data})
    assert excinfo.value.file == "ConList.csv"


def test_header_without_rows_fails_the_file(csv_bytes: bytes) -> None:
    header_only = b"\r\n".join(csv_bytes.split(b"\r\n")[:2]) + b"\r\n"
    with pytest.raises(ListFormatError, match="no data rows"):
        _parse({"ConList.csv": header_only})


def test_bad_rows_and_nameless_groups_are_skipped(fixtures_dir: Path) -> None:
    data = (fixtures_dir / "uk" / "ConList_bad_records.csv").read_bytes()
    result = _parse({"ConList.csv": data})
    by_id = {e.id: e for e in result.entities}
    assert sorted(by_id) == ["uk:91001", "uk:91003"]
    assert [n.full for n in by_id["uk:91001"].names] == ["GOOD TRADING LLC", "GOOD TRADING"]
    assert result.report.warnings == [
        "ConList.csv: row 4: field Group ID: 'G-17' is not a number; row skipped",
        "ConList.csv:row=5: field Name 6: group 91002 (uk:RUS9002) has no name; skipped",
    ]


@pytest.mark.parametrize(
    ("text", "head", "labels"),
    [
        ("(UK Sanctions List Ref):RUS1696.", "", ["UK Sanctions List Ref"]),
        ("Intro (UN Ref):QDi.1 (Gender):Male", "Intro", ["UN Ref", "Gender"]),
        ("resolution 2662 (2022): listed", "resolution 2662 (2022): listed", []),
        ("(Phone number):(Fax): +1 (Tel): +2", "", ["Phone number", "Fax", "Tel"]),
    ],
)
def test_split_remarks(text: str, head: str, labels: list[str]) -> None:
    got_head, pairs = split_remarks(text)
    assert got_head == head
    assert [label for label, _ in pairs] == labels


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(UK Sanctions List Ref):RUS1696. More", "RUS1696"),
        ("x (UK Sanctions List Ref):GHR0086.", "GHR0086"),
        ("(UK Statement of Reasons):none", None),
    ],
)
def test_uk_reference(text: str, expected: str | None) -> None:
    assert uk_reference(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("TIN: 7702165310", [("tax_id", "7702165310", "TIN")]),
        (
            "(1) OGRN: 1027739143717 (2) INN: 7723022111",
            [("registration", "1027739143717", "OGRN"), ("tax_id", "7723022111", "INN")],
        ),
        (
            "Trade register number: 512036625",
            [("registration", "512036625", "Trade register number")],
        ),
        ("none given", []),
    ],
)
def test_registration_identifiers(text: str, expected: list[tuple[str, str, str]]) -> None:
    got = registration_identifiers(text, record="r")
    assert [(i.kind.value, i.number, i.source_type) for i in got] == expected


# -- the real ConList.xlsx -----------------------------------------------------------------


@pytest.fixture(scope="module")
def real_result(real_lists_dir: Path) -> ParseResult:
    data = (real_lists_dir / "uk" / "ConList.xlsx").read_bytes()
    started = time.perf_counter()
    result = _parse({"ConList.xlsx": data})
    elapsed = time.perf_counter() - started
    print(f"\nConList.xlsx parsed in {elapsed:.2f} s")
    assert elapsed < 15  # target about 4 s on a busy machine; generous to avoid flakiness
    return result


@pytest.mark.real_lists
def test_real_counts(real_result: ParseResult) -> None:
    assert real_result.published == "2025-04-14"
    assert len(real_result.entities) == 4688
    assert Counter(e.schema for e in real_result.entities) == {
        "Person": 3663,
        "Organization": 1010,
        "Vessel": 15,
    }
    regimes = {v.value for e in real_result.entities for v in e.properties.get("programId", ())}
    assert len(regimes) == 31
    assert len({e.id for e in real_result.entities}) == 4688
    assert real_result.report.warning_count == 0


@pytest.mark.real_lists
def test_real_qods_aviation_industries(real_result: ParseResult) -> None:
    entity = _by_id(real_result)["uk:INU0253"]
    assert entity.schema == "Organization"
    assert entity.caption == "QODS AERONAUTICS INDUSTRIES (QAI)"
    assert {n.full for n in entity.names} == {
        "QODS AERONAUTICS INDUSTRIES (QAI)",
        "QODS AVIATION INDUSTRIES",
        "QODS RESEARCH CENTER",
        "GHODS AVIATION INDUSTRIES",
        "LIGHT AIRCRAFT DESIGN AND MANUFACTURING INDUSTRIES",
        "LIGHT AIRPLANES DESIGN AND MANUFACTURING INDUSTRIES",
        "COMPANY FOR DESIGNING AND MANUFACTURING LIGHT AIRCRAFT",
    }
    assert len(entity.addresses) == 2
    assert entity.properties["ofsiGroupId"][0].value == "16138"


@pytest.mark.real_lists
def test_real_damavandian(real_result: ParseResult) -> None:
    matches = [e for e in real_result.entities if any("DAMAVANDIAN" in n.full for n in e.names)]
    assert [e.id for e in matches] == ["uk:RUS1714"]
    person = matches[0]
    assert person.caption == "Ghassem DAMAVANDIAN"
    assert [d.value for d in person.birth_dates] == ["1968-05-02"]
    assert ("قاسم دماوندیان", "fa") in [(n.full, n.lang) for n in person.names]
    assert {(i.kind, i.number) for i in person.identifiers} == {
        (IdentifierKind.PASSPORT, "G9336_77"),
        (IdentifierKind.NATIONAL_ID, "005294492"),
    }


@pytest.mark.real_lists
def test_real_un_refs_and_ships(real_result: ParseResult) -> None:
    with_un = [e for e in real_result.entities if "unscId" in e.properties]
    assert len(with_un) == 866
    ships = [e for e in real_result.entities if e.schema == "Vessel"]
    assert all(any(i.kind is IdentifierKind.IMO for i in e.identifiers) for e in ships)
