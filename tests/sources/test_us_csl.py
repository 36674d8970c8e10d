"""trade.gov Consolidated Screening List CSV parser."""

from __future__ import annotations

import gzip
import time
from collections import Counter
from pathlib import Path

import pytest

from interdict.errors import ListFormatError
from interdict.model import CountryRole, Entity, IdentifierKind, NameKind
from interdict.sources.base import ParseResult
from interdict.sources.us_csl import IdItem, UsCslFormat, linked_to, parse_id_item

FIXTURES = Path(__file__).parent.parent / "fixtures" / "us_csl"
CSV = (FIXTURES / "consolidated.csv").read_bytes()


def _parse(data: bytes = CSV, name: str = "consolidated.csv") -> ParseResult:
    return UsCslFormat().parse({name: data}, list_name="us_csl")


@pytest.fixture(scope="module")
def by_id() -> dict[str, Entity]:
    return {e.id: e for e in _parse().entities}


def _props(entity: Entity, prop: str) -> list[str]:
    return [v.value for v in entity.properties.get(prop, ())]


@pytest.mark.parametrize(
    ("available", "expected"),
    [
        (["consolidated.csv"], ("consolidated.csv",)),
        (["consolidated.csv.gz"], ("consolidated.csv.gz",)),
        (["consolidated.csv", "consolidated.csv.gz"], ("consolidated.csv",)),
        (["Consolidated.CSV"], ("Consolidated.CSV",)),
        (["sdn.csv"], None),
    ],
)
def test_select(available: list[str], expected: tuple[str, ...] | None) -> None:
    assert UsCslFormat().select(available) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CA, BC166787, Passport", IdItem("Passport", "BC166787", "CA")),
        (
            "JO, 2014-08-30, 2009-08-31, K475336, Passport",
            IdItem("Passport", "K475336", "JO", ("2014-08-30", "2009-08-31")),
        ),
        ("K048787, Passport", IdItem("Passport", "K048787")),
        (
            "SY, D000000483, Diplomatic, Passport",
            IdItem("Passport", "D000000483, Diplomatic", "SY"),
        ),
        ("Male, Gender", IdItem("Gender", "Male")),
        ("Gender", None),
    ],
)
def test_parse_id_item(text: str, expected: IdItem | None) -> None:
    assert parse_id_item(text) == expected


@pytest.mark.parametrize(
    ("remarks", "expected"),
    [
        ("(Linked To: ACME LTD)", ["ACME LTD"]),
        ("x (Linked To: IRGC (IRGC)-QODS FORCE); (Linked To: B)", ["IRGC (IRGC)-QODS FORCE", "B"]),
        ("(Linked To: UNCLOSED", []),
        ("no links", []),
    ],
)
def test_linked_to(remarks: str, expected: list[str]) -> None:
    assert linked_to(remarks) == expected


def test_rows_with_one_id_merge() -> None:
    result = _parse()
    assert len(result.entities) == 6  # 7 rows, two of them the same OFAC party
    assert Counter(e.schema for e in result.entities) == {
        "LegalEntity": 2,
        "Person": 1,
        "Vessel": 1,
        "Airplane": 1,
        "Organization": 1,
    }
    assert result.published is None
    assert result.report.unconsumed == {"consolidated.csv:standard_order": 1}


def test_person(by_id: dict[str, Entity]) -> None:
    person = by_id["us_csl:21944"]
    primary = person.names[0]
    assert (primary.full, primary.first_name, primary.last_name) == ("'ABBAS, Rim", "Rim", "'ABBAS")
    assert [n.full for n in person.names if n.kind is NameKind.ALIAS] == [
        "'ABBAS, Reem",
        "AL-ABBAS, Rim",
        "ABBAS, Rima",  # from the SSI row
    ]
    assert person.names[1].last_name == "'ABBAS"
    assert [(d.value, d.end, d.circa) for d in person.birth_dates] == [
        ("1973-03-25", None, False),
        ("1970", None, True),
        ("1960", "1962", False),
    ]
    assert _props(person, "programId") == ["SYRIA", "SDGT", "UKRAINE-EO13662"]
    assert _props(person, "ofacId") == ["21944"]
    assert _props(person, "gender") == ["male"]
    assert _props(person, "position") == ["Research Center Employee"]
    assert {(c.code, c.role) for c in person.countries} == {
        ("sy", CountryRole.COUNTRY),
        ("sy", CountryRole.NATIONALITY),
        ("lb", CountryRole.CITIZENSHIP),
        ("py", CountryRole.CITIZENSHIP),
    }
    passports = [i for i in person.identifiers if i.kind is IdentifierKind.PASSPORT]
    assert [(i.number, i.country, i.issued, i.expires) for i in passports] == [
        ("K475336", "jo", "2009-08-31", "2014-08-30"),
        ("562605", "sd", None, None),
    ]
    assert any("Secondary sanctions risk" in n for n in _props(person, "notes"))
    assert any(n.endswith("(SSI) - Treasury Department") for n in _props(person, "notes"))


def test_vessel_and_aircraft(by_id: dict[str, Entity]) -> None:
    vessel = by_id["us_csl:9001"]
    assert vessel.caption == "OCEAN STAR"  # double space collapsed
    assert [(i.kind, i.number) for i in vessel.identifiers] == [
        (IdentifierKind.IMO, "IMO9123456"),
        (IdentifierKind.MMSI, "352001234"),
    ]
    assert [(c.code, c.role) for c in vessel.countries] == [("pa", CountryRole.FLAG)]
    assert _props(vessel, "callSign") == ["HOEX"]
    assert _props(vessel, "type") == ["Crude Oil Tanker"]
    assert {(r.kind, r.text) for r in vessel.relations} == {
        ("linked_to", "TEST SHIPPING CO LTD"),
        ("owner", "TEST SHIPPING CO LTD"),
    }
    plane = by_id["us_csl:9002"]
    assert {(i.kind, i.number) for i in plane.identifiers} == {
        (IdentifierKind.AIRCRAFT_SERIAL, "173"),
        (IdentifierKind.AIRCRAFT_TAIL, "EP-ABC"),
    }
    assert _props(plane, "model") == ["A300"]
    assert _props(plane, "buildDate") == ["1981-12-14"]


def test_organisation_and_other_lists(by_id: dict[str, Entity]) -> None:
    org = by_id["us_csl:9003"]
    wallet = next(i for i in org.identifiers if i.kind is IdentifierKind.CRYPTO_WALLET)
    assert (wallet.number, wallet.currency) == ("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "XBT")
    assert _props(org, "website") == ["www.tce.invalid"]
    assert _props(org, "email") == ["info@tce.invalid"]
    assert [r.text for r in org.relations] == ["GROUP-IB LLC (GIB)"]
    assert [a.full for a in org.addresses] == ["Office 1, Tower A, Dubai, AE", "Moscow, RU"]
    el = by_id["us_csl:" + "a" * 40]
    assert el.schema == "LegalEntity"
    assert [n.full for n in el.names] == ["AL-NASER AIRLINES", "Al-Naser Wings"]  # "n/a" dropped
    assert _props(el, "programId") == ["EL"]  # sub-list when the row has no programme
    assert _props(el, "ofacId") == []  # not a Treasury list
    assert "License policy: Presumption of denial." in _props(el, "notes")
    dpl = by_id["us_csl:deb7a1d5743a85c354ca1a2c7f2664e2104b32d7"]
    assert dpl.caption == "I. ASH"
    assert _props(dpl, "listingDate") == ["2003-06-19"]


def test_gzip_gives_the_same_entities() -> None:
    plain = _parse()
    packed = _parse(gzip.compress(CSV), "consolidated.csv.gz")
    assert [e.to_dict() for e in packed.entities] == [e.to_dict() for e in plain.entities]
    assert packed.edition == "consolidated.csv.gz"


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "consolidated.csv", "empty"),
        (gzip.compress(b""), "consolidated.csv.gz", "empty"),
        (gzip.compress(CSV)[:200], "consolidated.csv.gz", "truncated"),
        ((FIXTURES / "missing_name_column.csv").read_bytes(), "consolidated.csv", "missing"),
        (CSV.split(b"\n", 1)[0] + b"\n", "consolidated.csv", "no data rows"),
        (CSV.split(b"\n", 1)[0] + b"\n,x,,,,A\n", "consolidated.csv", "no row .*field _id"),
        (CSV + b'x1,"Entity List (EL),unterminated', "consolidated.csv", "malformed CSV"),
    ],
)
def test_bad_input(data: bytes, name: str, message: str) -> None:
    with pytest.raises(ListFormatError, match=message):
        _parse(data, name)


def test_bad_rows_are_skipped_and_the_rest_kept() -> None:
    result = _parse((FIXTURES / "bad_records.csv").read_bytes())
    by_id = {e.id: e for e in result.entities}
    assert sorted(by_id) == ["us_csl:7001", "us_csl:7003"]
    assert _props(by_id["us_csl:7001"], "programId") == ["IRAN"]
    assert result.report.warnings == [
        "consolidated.csv: line 3: field _id: empty; row skipped",
        "consolidated.csv: line 4: _id=7002: field name: empty or a placeholder; row skipped",
        "consolidated.csv: line 5: _id=7001: field name: empty or a placeholder; row skipped",
    ]


@pytest.mark.real_lists
def test_real_file(real_lists_dir: Path) -> None:
    data = (real_lists_dir / "us_csl" / "consolidated.csv.gz").read_bytes()
    started = time.perf_counter()
    result = _parse(data, "consolidated.csv.gz")
    elapsed = time.perf_counter() - started
    print(f"US CSL consolidated.csv.gz: {len(result.entities)} entities in {elapsed:.2f} s")
    assert len(result.entities) == 14048  # 14,160 rows; 112 repeat an OFAC party
    counts = Counter(e.schema for e in result.entities)
    assert counts["Vessel"] == 433
    assert counts["Airplane"] == 283
    ofac = [e for e in result.entities if e.properties.get("ofacId")]
    assert len(ofac) >= 10026 - 112
    for entity in result.entities:
        assert entity.names and entity.names[0].kind is NameKind.PRIMARY
        for name in entity.names:
            assert "  " not in name.full and name.full == name.full.strip()
            assert name.full.casefold() not in {"n/a", "na", "-0-", "none"}
    kinds = Counter(i.kind for e in result.entities for i in e.identifiers)
    assert kinds[IdentifierKind.PASSPORT] > 1500
    assert kinds[IdentifierKind.IMO] > 400
    assert kinds[IdentifierKind.CRYPTO_WALLET] > 300
    assert elapsed < 10
