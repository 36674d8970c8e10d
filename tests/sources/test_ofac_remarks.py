"""Reading OFAC Remarks fragments: a case table of real remarks strings."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from interdict.model import CountryRole, Entity, EntityBuilder, IdentifierKind, Name, NameKind
from interdict.sources.base import ParseReport
from interdict.sources.ofac_remarks import (
    RemarksContext,
    match_label,
    parse_remarks,
    split_remarks,
    unknown_label,
)
from interdict.sources.ofac_types import OFAC_TYPES, lookup_type, normalize_label

RECORD = "sdn.csv:ent_num=1"


def run(
    text: str, schema: str = "Person", known: frozenset[str] = frozenset()
) -> tuple[Entity, ParseReport]:
    report = ParseReport()
    builder = EntityBuilder("ofac:1", schema, "ofac_sdn")
    builder.add_name(Name("X"))
    parse_remarks(builder, text, RemarksContext("sdn.csv", RECORD, report, known))
    return builder.build(), report


def ids(entity: Entity) -> list[tuple[Any, ...]]:
    return [
        (i.kind, i.number, i.country, i.issued, i.expires, i.currency) for i in entity.identifiers
    ]


def props(entity: Entity, name: str) -> list[str]:
    return [v.value for v in entity.properties.get(name, ())]


# fragment (as OFAC writes it) → expected identifiers (kind, number, country, issued, expires, currency)
IDENTIFIER_CASES = [
    ("Passport G9336_77 (Iran) expires 27 Oct 2019",
     (IdentifierKind.PASSPORT, "G9336_77", "ir", None, "2019-10-27", None)),
    ("alt. Passport G 649385 issued 08 Sep 2006 expires 17 Jul 2011.",
     (IdentifierKind.PASSPORT, "G 649385", None, "2006-09-08", "2011-07-17", None)),
    ("Passport C 1415363 - 16/2/1421H issued 21 May 2000",
     (IdentifierKind.PASSPORT, "C 1415363 - 16/2/1421H", None, "2000-05-21", None, None)),
    ("National ID No. 0052944492 (Iran)",
     (IdentifierKind.NATIONAL_ID, "0052944492", "ir", None, None, None)),
    ("Tax ID No. 1646019914 (Russia)", (IdentifierKind.TAX_ID, "1646019914", "ru", None, None, None)),
    ("Registration Number 1061674037259", (IdentifierKind.REGISTRATION, "1061674037259", None, None, None, None)),
    ("Registration ID 14063277.", (IdentifierKind.REGISTRATION, "14063277", None, None, None, None)),
    ("Company Number 01074897 (United Kingdom).",
     (IdentifierKind.REGISTRATION, "01074897", "gb", None, None, None)),
    ("Identification Number 2.194.575 (Paraguay)",
     (IdentifierKind.NATIONAL_ID, "2.194.575", "py", None, None, None)),
    ("Cedula No. 6068015 (Colombia)", (IdentifierKind.NATIONAL_ID, "6068015", "co", None, None, None)),
    ("NIT # 800018928-0 (Colombia).", (IdentifierKind.TAX_ID, "800018928-0", "co", None, None, None)),
    ("C.U.R.P. BEMM720417HSLLNR09 (Mexico)",
     (IdentifierKind.NATIONAL_ID, "BEMM720417HSLLNR09", "mx", None, None, None)),
    ("R.F.C. BEMM720417 (Mexico)", (IdentifierKind.TAX_ID, "BEMM720417", "mx", None, None, None)),
    ("SSN 156-92-9858 (United States)", (IdentifierKind.NATIONAL_ID, "156-92-9858", "us", None, None, None)),
    ("Vessel Registration Identification IMO 9187629", (IdentifierKind.IMO, "IMO9187629", None, None, None, None)),
    ("Identification Number IMO 5342883.", (IdentifierKind.IMO, "IMO5342883", None, None, None, None)),
    ("IMO 1234567", (IdentifierKind.IMO, "IMO1234567", None, None, None, None)),
    ("MMSI 572469210", (IdentifierKind.MMSI, "572469210", None, None, None, None)),
    ("SWIFT/BIC KYCBKPPY", (IdentifierKind.SWIFT_BIC, "KYCBKPPY", None, None, None, None)),
    ("Legal Entity Number 253400V1H6ART1UQ0N98 (Russia)",
     (IdentifierKind.LEI, "253400V1H6ART1UQ0N98", "ru", None, None, None)),
    ("Digital Currency Address - XBT 12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h",
     (IdentifierKind.CRYPTO_WALLET, "12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h", None, None, None, "XBT")),
    ("alt. Digital Currency Address - USDT TE3mCcPULjPUE7ykX7RArDPAhyahoy3d2j",
     (IdentifierKind.CRYPTO_WALLET, "TE3mCcPULjPUE7ykX7RArDPAhyahoy3d2j", None, None, None, "USDT")),
    ("Aircraft Construction Number (also called L/N or S/N or F/N) 8401",
     (IdentifierKind.AIRCRAFT_SERIAL, "8401", None, None, None, None)),
    ("Aircraft Manufacturer's Serial Number (MSN) 1023409321",
     (IdentifierKind.AIRCRAFT_SERIAL, "1023409321", None, None, None, None)),
    ("Aircraft Tail Number EP-MNE", (IdentifierKind.AIRCRAFT_TAIL, "EP-MNE", None, None, None, None)),
    ("Driver's License No. 180839 (Mexico)", (IdentifierKind.OTHER, "180839", "mx", None, None, None)),
]  # fmt: skip


@pytest.mark.parametrize(("fragment", "expected"), IDENTIFIER_CASES)
def test_identifier_fragments(fragment: str, expected: tuple[Any, ...]) -> None:
    entity, report = run(fragment)
    assert ids(entity) == [expected]
    assert not report.unconsumed


def test_identifier_keeps_source_label() -> None:
    entity, _ = run("Business Registration Number 1037739709138 (Russia).")
    (ident,) = entity.identifiers
    assert ident.source_type == "Business Registration Number"
    assert ident.record == RECORD


# fragment → (property, values)
PROPERTY_CASES = [
    ("Gender Male", "gender", ["male"]),
    ("Gender Female.", "gender", ["female"]),
    ("Website http://www.shahedaviation.com", "website", ["http://www.shahedaviation.com"]),
    ("Email Address info@example.ir", "email", ["info@example.ir"]),
    ("Phone Number 982188526300", "phone", ["982188526300"]),
    ("Vessel Year of Build 1999", "buildDate", ["1999"]),
    ("Aircraft Manufacture Date 01 Dec 1991", "buildDate", ["1991-12-01"]),
    ("Aircraft Model IL-76TD", "model", ["IL-76TD"]),
    ("Aircraft Operator MAHAN AIR", "operator", ["MAHAN AIR"]),
    ("Organization Established Date 24 Jul 2006", "incorporationDate", ["2006-07-24"]),
    ("Organization Type: Passenger air transport", "sector", ["Passenger air transport"]),
    ("Target Type Financial Institution", "classification", ["Financial Institution"]),
    ("POB Khansar, Iran", "birthPlace", ["Khansar, Iran"]),
    ("Secondary sanctions risk: section 1(b) of Executive Order 13224, as amended by Executive Order 13886",
     "notes",
     ["Secondary sanctions risk: section 1(b) of Executive Order 13224, as amended by Executive Order 13886"]),
    ("Additional Sanctions Information - Subject to Secondary Sanctions", "notes",
     ["Additional Sanctions Information - Subject to Secondary Sanctions"]),
    ("Executive Order 13846 information: LOANS FROM UNITED STATES FINANCIAL INSTITUTIONS. Sec. 5(a)(i)",
     "notes",
     ["Executive Order 13846 information: LOANS FROM UNITED STATES FINANCIAL INSTITUTIONS. Sec. 5(a)(i)"]),
    ("Listing Date (EO 14024 Directive 2): 24 Feb 2022", "notes",
     ["Listing Date (EO 14024 Directive 2): 24 Feb 2022"]),
]  # fmt: skip


@pytest.mark.parametrize(("fragment", "prop", "values"), PROPERTY_CASES)
def test_property_fragments(fragment: str, prop: str, values: list[str]) -> None:
    entity, report = run(fragment)
    assert props(entity, prop) == values
    assert not report.unconsumed


# DOB wording → (value, end, circa)
DOB_CASES = [
    ("DOB 22 Dec 1961", ("1961-12-22", None, False)),
    ("DOB Dec 1961", ("1961-12", None, False)),
    ("DOB 1961", ("1961", None, False)),
    ("DOB circa 1951", ("1951", None, True)),
    ("DOB 1960 to 1962", ("1960", "1962", False)),
    ("alt. DOB 01 Jan 1960 to 31 Dec 1962", ("1960-01-01", "1962-12-31", False)),
    ("DOB circa 1979-1982", ("1979", "1982", True)),
]


@pytest.mark.parametrize(("fragment", "expected"), DOB_CASES)
def test_birth_dates(fragment: str, expected: tuple[str, str | None, bool]) -> None:
    entity, report = run(fragment)
    assert [(d.value, d.end, d.circa) for d in entity.birth_dates] == [expected]
    assert report.warning_count == 0


def test_several_dobs_and_unparsable_one_kept_as_note() -> None:
    entity, report = run("DOB 1961; alt. DOB 1962; DOB sometime in spring")
    assert [d.value for d in entity.birth_dates] == ["1961", "1962"]
    assert props(entity, "notes") == ["DOB sometime in spring"]
    assert report.warning_count == 1


COUNTRY_CASES = [
    ("nationality Iran", CountryRole.NATIONALITY, "ir"),
    ("alt. nationality Korea, North", CountryRole.NATIONALITY, "kp"),
    ("citizen Mexico", CountryRole.CITIZENSHIP, "mx"),
    ("Nationality of Registration Russia", CountryRole.JURISDICTION, "ru"),
    ("Vessel Flag Panama", CountryRole.FLAG, "pa"),
    ("POB Moscow, Russia", CountryRole.BIRTH, "ru"),
]


@pytest.mark.parametrize(("fragment", "role", "code"), COUNTRY_CASES)
def test_countries(fragment: str, role: CountryRole, code: str) -> None:
    entity, _ = run(fragment)
    assert [(c.role, c.code) for c in entity.countries] == [(role, code)]


NAME_CASES = [
    ("a.k.a. 'BNC'.", [("BNC", NameKind.WEAK_ALIAS)]),
    ("a.k.a. 'SAIRC'; a.k.a. 'SAIC'", [("SAIRC", NameKind.WEAK_ALIAS), ("SAIC", NameKind.WEAK_ALIAS)]),
    ("f.k.a. 'KYONGYONG CREDIT BANK'.", [("KYONGYONG CREDIT BANK", NameKind.PREVIOUS)]),
    ("n.k.a. 'LGOK'", [("LGOK", NameKind.WEAK_ALIAS)]),
    ("a.k.a. 'SA'D AL-DIN'", [("SA'D AL-DIN", NameKind.WEAK_ALIAS)]),
    ("a.k.a. 'ALPHA; BETA'", [("ALPHA; BETA", NameKind.WEAK_ALIAS)]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), NAME_CASES)
def test_alias_fragments(text: str, expected: list[tuple[str, NameKind]]) -> None:
    entity, report = run(text, schema="Organization")
    assert [(n.full, n.kind) for n in entity.names[1:]] == expected
    assert all(n.record == RECORD for n in entity.names[1:])
    assert not report.unconsumed


@pytest.mark.parametrize(
    ("fragment", "target"),
    [
        ("Linked To: QODS AVIATION INDUSTRIES.", "QODS AVIATION INDUSTRIES"),
        ("(Linked To: VTB BANK PUBLIC JOINT STOCK COMPANY)", "VTB BANK PUBLIC JOINT STOCK COMPANY"),
    ],
)
def test_linked_to(fragment: str, target: str) -> None:
    entity, _ = run(fragment)
    assert [(r.kind, r.text, r.target_id) for r in entity.relations] == [
        ("linked_to", target, None)
    ]


def test_drone_maker_remarks_complete() -> None:
    text = (
        "DOB 22 Dec 1961; POB Khansar, Iran; nationality Iran; Additional Sanctions "
        "Information - Subject to Secondary Sanctions; Gender Male; National ID No. 1229632603 "
        "(Iran); Linked To: ISLAMIC REVOLUTIONARY GUARD CORPS AEROSPACE FORCE SELF SUFFICIENCY "
        "JIHAD ORGANIZATION."
    )
    entity, report = run(text)
    assert [d.value for d in entity.birth_dates] == ["1961-12-22"]
    assert props(entity, "birthPlace") == ["Khansar, Iran"]
    assert props(entity, "gender") == ["male"]
    assert ids(entity) == [(IdentifierKind.NATIONAL_ID, "1229632603", "ir", None, None, None)]
    assert {(c.role, c.code) for c in entity.countries} == {
        (CountryRole.NATIONALITY, "ir"),
        (CountryRole.BIRTH, "ir"),
    }
    assert entity.relations[0].text.endswith("JIHAD ORGANIZATION")
    assert not report.unconsumed and report.warning_count == 0


def test_unknown_fragment_is_reported_and_kept() -> None:
    entity, report = run(
        "Member of the State Duma of the Federal Assembly; Frobnicator No. 12 (Iran)"
    )
    assert report.unconsumed == {
        "sdn.csv:Remarks:Member of the State Duma of": 1,
        "sdn.csv:Remarks:Frobnicator No": 1,
    }
    assert props(entity, "notes") == [
        "Member of the State Duma of the Federal Assembly",
        "Frobnicator No. 12 (Iran)",
    ]


def test_fragment_repeating_a_known_field_is_consumed() -> None:
    known = frozenset({"member of the state duma"})
    entity, report = run("Member of the State Duma.", known=known)
    assert not report.unconsumed
    assert "notes" not in entity.properties


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("DOB 1961; nationality Iran.", ["DOB 1961", "nationality Iran."]),
        ("a; (b; c); d", ["a", "(b; c)", "d"]),
        (
            "Website http://x.example/a;b; Gender Male",
            ["Website http://x.example/a;b", "Gender Male"],
        ),
        ("", []),
    ],
)
def test_split_remarks(text: str, expected: list[str]) -> None:
    assert split_remarks(text) == expected


_WORD = st.text(
    alphabet=st.characters(whitelist_categories=("Lu", "Ll", "Nd")), min_size=1, max_size=8
)
_FRAGMENT = st.lists(_WORD, min_size=1, max_size=5).map(" ".join)


@given(st.lists(_FRAGMENT, min_size=1, max_size=8))
def test_split_remarks_round_trip(fragments: list[str]) -> None:
    assert split_remarks("; ".join(fragments)) == fragments


@given(st.text(max_size=200))
def test_parse_remarks_never_crashes(text: str) -> None:
    run(text)


def test_match_label_prefers_longest_label() -> None:
    assert match_label("Vessel Registration Identification IMO 9187629") == (
        "Vessel Registration Identification IMO",
        "9187629",
    )
    assert match_label("Passport 123") == ("Passport", "123")
    assert match_label("Passportless 123") is None


def test_unknown_label_stops_before_number() -> None:
    assert unknown_label("Frobnicator No. 12 (Iran)") == "Frobnicator No"
    assert unknown_label("12345") == "(value only)"


def test_type_table_lookup_is_case_and_punctuation_insensitive() -> None:
    assert lookup_type("Organization Type:") is lookup_type("organization type")
    assert lookup_type("Digital Currency Address - ETH") is not None
    assert lookup_type("Nonsense Label") is None
    assert all(key == normalize_label(key) for key in OFAC_TYPES)
