"""EU Financial Sanctions Files XML 1.1 parser."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from interdict.errors import ListFormatError
from interdict.model import CountryRole, Entity, IdentifierKind, NameKind
from interdict.sources.base import ParseResult
from interdict.sources.eu_xml import EuXmlFormat

FIXTURES = Path(__file__).parent.parent / "fixtures" / "eu"


def _parse(name: str) -> ParseResult:
    return EuXmlFormat().parse({name: (FIXTURES / name).read_bytes()}, list_name="eu")


@pytest.fixture(scope="module")
def by_id() -> dict[str, Entity]:
    return {e.id: e for e in _parse("eu_fsf_small.xml").entities}


def _props(entity: Entity, prop: str) -> list[str]:
    return [v.value for v in entity.properties.get(prop, ())]


@pytest.mark.parametrize(
    ("available", "expected"),
    [
        (["xmlFullSanctionsList_1_1.xml"], ("xmlFullSanctionsList_1_1.xml",)),
        (["a.xml", "xmlFullSanctionsList_1_1.XML"], ("xmlFullSanctionsList_1_1.XML",)),
        (["eu.xml"], ("eu.xml",)),
        (["csvFullSanctionsList_1_1.csv"], None),
    ],
)
def test_select(available: list[str], expected: tuple[str, ...] | None) -> None:
    assert EuXmlFormat().select(available) == expected


def test_richer_than_csv() -> None:
    from interdict.sources.eu_csv import EuCsvFormat

    assert EuXmlFormat().richness > EuCsvFormat().richness


def test_header_and_schemas() -> None:
    result = _parse("eu_fsf_small.xml")
    assert result.published == "2026-09-01T10:00:00.000+02:00"
    assert [(e.id, e.schema) for e in result.entities] == [
        ("eu:9001", "Person"),
        ("eu:9002", "Vessel"),
        ("eu:9003", "Organization"),
    ]
    assert result.report.unconsumed["eu_fsf_small.xml:sanctionEntity@futureAttribute"] == 1
    assert result.report.unconsumed["eu_fsf_small.xml:unexpectedElement"] == 1


def test_person_names(by_id: dict[str, Entity]) -> None:
    person = by_id["eu:9001"]
    primary = person.names[0]
    assert (primary.full, primary.kind) == ("Ivan Petrovich SIDOROV", NameKind.PRIMARY)
    assert (primary.first_name, primary.middle_name, primary.last_name, primary.title) == (
        "Ivan",
        "Petrovich",
        "SIDOROV",
        "Dr",
    )
    others = [(n.full, n.kind, n.lang) for n in person.names[1:]]
    assert others == [
        ("Иван Петрович СИДОРОВ", NameKind.ALIAS, "ru"),
        ("Vanya", NameKind.WEAK_ALIAS, None),
    ]  # "n/a" is dropped
    assert _props(person, "position") == ["Director of the board"]
    assert _props(person, "gender") == ["male"]


def test_birth_dates_ranges_and_circa(by_id: dict[str, Entity]) -> None:
    dates = [(d.value, d.end, d.circa) for d in by_id["eu:9001"].birth_dates]
    assert dates == [("1960", "1962", False), ("1961-03", None, True)]
    assert _props(by_id["eu:9001"], "birthPlace") == ["Tver, RUSSIAN FEDERATION"]


def test_identifiers(by_id: dict[str, Entity]) -> None:
    idents = {(i.kind, i.number, i.country) for i in by_id["eu:9001"].identifiers}
    assert idents == {
        (IdentifierKind.PASSPORT, "0012345", "ru"),
        (IdentifierKind.TAX_ID, "770000000001", None),  # country "00" = unknown
    }
    passport = next(i for i in by_id["eu:9001"].identifiers if i.kind is IdentifierKind.PASSPORT)
    assert passport.note == "diplomatic; issuedBy: Ministry"
    vessel = by_id["eu:9002"]
    assert [(i.kind, i.number) for i in vessel.identifiers] == [(IdentifierKind.IMO, "IMO9123456")]


def test_entity_properties(by_id: dict[str, Entity]) -> None:
    person = by_id["eu:9001"]
    assert _props(person, "euId") == ["EU.9001.1"]
    assert _props(person, "unscId") == ["QDi.900"]
    assert _props(person, "programId") == ["TERR"]
    assert _props(person, "listingDate") == ["2020-05-04"]
    assert _props(person, "sourceUrl") == [
        "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=OJ:L_2020001&from=EN"
    ]
    assert [(c.code, c.role) for c in person.countries] == [
        ("ru", CountryRole.BIRTH),
        ("ru", CountryRole.CITIZENSHIP),
    ]
    vessel = by_id["eu:9002"]
    assert _props(vessel, "listingDate") == ["2024-06-24"]  # earliest regulation
    assert vessel.names[0].full == "OCEAN STAR"
    assert _props(vessel, "email") == ["ops@oceanstar.invalid"]
    assert _props(vessel, "website") == ["www.oceanstar.invalid"]
    assert vessel.addresses[0].full == (
        "Office 12, Marina Tower, PO Box 5555, Dubai, UNITED ARAB EMIRATES"
    )


def test_organisation_acronym(by_id: dict[str, Entity]) -> None:
    bank = by_id["eu:9003"]
    assert bank.caption == "Joint Stock Company Test Bank (JSCTB)"
    assert ("Joint Stock Company Test Bank", NameKind.ALIAS) in [
        (n.full, n.kind) for n in bank.names
    ]
    assert ("JSCTB", NameKind.WEAK_ALIAS) in [(n.full, n.kind) for n in bank.names]
    # A weak alias in a non-Latin script is still an original-script alias.
    assert ("АО Тестовый Банк", NameKind.ALIAS) in [(n.full, n.kind) for n in bank.names]
    assert _props(bank, "phone") == ["+7 495 000 00 00"]


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        ("empty.xml", "empty"),
        ("truncated.xml", "malformed or truncated XML"),
        ("wrong_root.xml", "unexpected root element <sanctions>"),
        ("entities.xml", "DOCTYPE"),
        ("bad_id.xml", "not numeric"),  # the only entity is unreadable
    ],
)
def test_bad_input(fixture: str, message: str) -> None:
    with pytest.raises(ListFormatError, match=message) as info:
        _parse(fixture)
    assert info.value.file == fixture


# --- features of full files the excerpts lack ----------------------------------------


@pytest.fixture(scope="module")
def variants() -> ParseResult:
    return _parse("eu_fsf_variants.xml")  # UTF-8 BOM, CRLF line ends


def test_variants_bad_records_are_reported(variants: ParseResult) -> None:
    assert sorted(e.id for e in variants.entities) == ["eu:101", "eu:103"]
    warnings = "\n".join(variants.report.warnings)
    assert "eu_fsf_variants.xml: record EU.900.2: field logicalId" in warnings
    assert "logicalId=103: unknown subject type ''" in warnings
    assert "logicalId=104: no nameAlias" in warnings
    assert "logicalId=101: birth date '1380-01-01' in the ISLAMIC calendar" in warnings
    assert (
        "logicalId=101: field birthdate: unparsed birth date 'yearRangeFrom=0/yearRangeTo=0'"
        in (warnings)
    )
    assert variants.report.warning_count == 5


def test_variants_alias_quality_remarks(variants: ParseResult) -> None:
    person = next(e for e in variants.entities if e.id == "eu:101")
    assert [(n.full, n.kind) for n in person.names] == [
        ("Abdul TESTI", NameKind.PRIMARY),
        ("Abdoul Testy", NameKind.ALIAS),
        ("Abu Testi", NameKind.WEAK_ALIAS),  # strong="true" but "Low quality alias"
    ]
    assert not any("quality" in note for note in _props(person, "notes"))  # not notes


def test_variants_lettered_titles_and_functions(variants: ParseResult) -> None:
    person = next(e for e in variants.entities if e.id == "eu:101")
    assert _props(person, "title") == ["Mullah", "Maulavi"]
    assert _props(person, "position") == ["Minister of Tests", "Deputy Minister of Trials"]
    assert person.names[0].title is None  # two titles: none is the name's own


def test_variants_birth_dates(variants: ParseResult) -> None:
    person = next(e for e in variants.entities if e.id == "eu:101")
    assert [(d.value, d.end, d.circa) for d in person.birth_dates] == [
        ("1970", None, True),
        ("1960", "1962", False),
        ("1965", None, False),
    ]
    assert _props(person, "sourceUrl") == ["http://eur-lex.europa.eu/example?a=1&b=2"]
    assert "Date of birth 1380-01-01 (ISLAMIC calendar)" in _props(person, "notes")


def test_declared_latin1_encoding() -> None:
    result = _parse("eu_fsf_latin1.xml")
    assert [n.full for n in result.entities[0].names] == ["Jürgen MÜLLER"]


@pytest.mark.real_lists
def test_real_excerpt(list_formats_dir: Path) -> None:
    (path,) = sorted((list_formats_dir / "eu_fsf_xml").glob("*.xml"))
    started = time.perf_counter()
    result = EuXmlFormat().parse({path.name: path.read_bytes()}, list_name="eu")
    elapsed = time.perf_counter() - started
    print(f"EU FSF XML excerpt: {len(result.entities)} entities in {elapsed:.3f} s")
    by_id = {e.id: e for e in result.entities}
    assert sorted(by_id) == ["eu:13", "eu:191", "eu:330", "eu:980"]  # 999999 has no name
    assert result.report.warning_count == 1
    assert result.published == "2026-08-05T16:47:04.449+02:00"
    assert by_id["eu:13"].caption == "Saddam Hussein Al-Tikriti"
    assert by_id["eu:191"].caption == "Khalid Sheikh MOHAMMED"
    assert by_id["eu:980"].caption == "Global Relief Foundation (GRF)"
    assert by_id["eu:330"].caption == "Al-Rasheed Trust"
    assert any(n.lang == "bg" for n in by_id["eu:330"].names)
    assert [(i.kind, i.number) for i in by_id["eu:191"].identifiers] == [
        (IdentifierKind.PASSPORT, "488555")
    ]
    assert len(by_id["eu:330"].addresses) == 11
    assert "262 38 18-19" in _props(by_id["eu:330"], "phone")
    assert _props(by_id["eu:13"], "programId") == ["IRQ"]


def test_variants_contacts_identifiers_and_countries(variants: ParseResult) -> None:
    company = next(e for e in variants.entities if e.id == "eu:103")
    assert _props(company, "email") == [
        "jur@test-turbina.example",
        "a@test.example",
        "b@test.example",
    ]
    assert _props(company, "phone") == ["+7 (351) 7000000"]
    assert _props(company, "website") == ["https://www.test-turbina.example/"]
    assert not any("contactInfo" in key for key in variants.report.unconsumed)
    assert [(i.kind, i.number) for i in company.identifiers] == [
        (IdentifierKind.NATIONAL_ID, "0102030405"),
        (IdentifierKind.REGISTRATION, "TL-778"),
    ]
    # "CS" is Serbia and Montenegro on the EU list, not Czechoslovakia.
    assert [(c.code, c.role) for c in company.countries] == [("csxx", CountryRole.COUNTRY)]
