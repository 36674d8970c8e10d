"""FollowTheMoney JSON lines parser."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest

from interdict.errors import ListFormatError
from interdict.model import CountryRole, Entity, IdentifierKind, NameKind
from interdict.sources.base import ParseResult
from interdict.sources.ftm import FtmFormat
from interdict.sources.name_cleanup import is_non_latin

FIXTURES = Path(__file__).parent.parent / "fixtures" / "ftm"


def _parse(name: str = "sample.ftm.json", list_name: str = "sample") -> ParseResult:
    return FtmFormat(name).parse({name: (FIXTURES / name).read_bytes()}, list_name=list_name)


@pytest.fixture(scope="module")
def result() -> ParseResult:
    return _parse()


@pytest.fixture(scope="module")
def by_id(result: ParseResult) -> dict[str, Entity]:
    return {e.id: e for e in result.entities}


def _props(entity: Entity, prop: str) -> list[str]:
    return [v.value for v in entity.properties.get(prop, ())]


def test_select() -> None:
    fmt = FtmFormat("zala.ftm.json")
    assert fmt.select(["zala.ftm.json", "other.json"]) == ("zala.ftm.json",)
    assert fmt.select(["ZALA.FTM.JSON"]) == ("ZALA.FTM.JSON",)
    assert fmt.select(["other.json"]) is None


def test_only_parties_are_kept(result: ParseResult) -> None:
    assert [(e.id, e.schema) for e in result.entities] == [
        ("sample:p-1", "Person"),
        ("sample:c-1", "Company"),
        ("sample:pb-1", "Organization"),  # PublicBody
        ("sample:v-1", "Vessel"),
        ("sample:a-1", "Airplane"),
    ]
    assert result.report.unconsumed["sample.ftm.json:schema:Article"] == 1
    assert result.report.orphans["sample.ftm.json"] == 3


def test_list_name_is_the_id_namespace() -> None:
    assert {e.id.split(":")[0] for e in _parse(list_name="other").entities} == {"other"}


def test_person_names(by_id: dict[str, Entity]) -> None:
    person = by_id["sample:p-1"]
    assert person.caption == "Ivan Petrov"
    kinds = [(n.full, n.kind) for n in person.names]
    assert kinds == [
        ("Ivan Petrov", NameKind.PRIMARY),
        ("Иван Петров", NameKind.PRIMARY),
        ("PETROV, Ivan", NameKind.PRIMARY),
        ("Vanya Petrov", NameKind.ALIAS),
        ("Vanya", NameKind.WEAK_ALIAS),
        ("Ivan Sidorov", NameKind.PREVIOUS),
    ]
    parts = [(n.first_name, n.last_name) for n in person.names[:3]]
    assert parts == [("Ivan", "Petrov"), ("Иван", "Петров"), ("Ivan", "PETROV")]


def test_person_values(by_id: dict[str, Entity]) -> None:
    person = by_id["sample:p-1"]
    assert [d.value for d in person.birth_dates] == ["1970-01-02", "1971"]
    assert {(c.code, c.role) for c in person.countries} == {
        ("ru", CountryRole.NATIONALITY),
        ("ua", CountryRole.CITIZENSHIP),
        ("ru", CountryRole.COUNTRY),  # from the Address entity
    }
    assert {(i.kind, i.number) for i in person.identifiers} == {
        (IdentifierKind.PASSPORT, "751234567"),
        (IdentifierKind.TAX_ID, "7700000001"),
        (IdentifierKind.PASSPORT, "AB 123456"),  # Passport entity
        (IdentifierKind.NATIONAL_ID, "4500 123456"),  # Identification entity
    }
    doc = next(i for i in person.identifiers if i.number == "AB 123456")
    assert (doc.country, doc.issued, doc.expires) == ("ru", "2015-01-01", "2025-01-01")
    assert [a.full for a in person.addresses] == ["Tverskaya 1, Moscow, 125009, Russia"]
    assert _props(person, "position") == ["Director"]
    assert _props(person, "topics") == ["sanction"]  # other properties pass through
    assert _props(person, "modifiedAt") == ["2025-02-03T04:05:06"]


def test_sanctions_fold_into_parties(by_id: dict[str, Entity]) -> None:
    person = by_id["sample:p-1"]
    assert _props(person, "programId") == ["EU-UKR"]
    assert _props(person, "listingDate") == ["2022-03-15"]
    assert _props(person, "sourceUrl") == ["https://example.invalid/eu"]
    assert "authority: Council of the EU" in _props(person, "notes")
    company = by_id["sample:c-1"]
    assert _props(company, "programId") == ["Autonomous (Russia)"]  # no programId: program
    assert _props(company, "listingDate") == ["2023-02-24"]  # from startDate


def test_relations(by_id: dict[str, Entity]) -> None:
    person = by_id["sample:p-1"]
    rels = {(r.target_id, r.kind, r.text) for r in person.relations}
    assert rels == {
        ("sample:c-1", "subsidiary", "OOO Test (51%)"),
        (None, "linked_to", "brother: outside-person"),
        ("sample:pb-1", "linked_to", "Minister: Ministry of Tests"),
    }
    company = by_id["sample:c-1"]
    assert [(r.target_id, r.kind) for r in company.relations] == [("sample:p-1", "owner")]


def test_vessel_and_airplane(by_id: dict[str, Entity]) -> None:
    assert [(i.kind, i.number) for i in by_id["sample:v-1"].identifiers] == [
        (IdentifierKind.IMO, "IMO9123456")
    ]
    assert [(c.code, c.role) for c in by_id["sample:v-1"].countries] == [("pa", CountryRole.FLAG)]
    assert {i.kind for i in by_id["sample:a-1"].identifiers} == {
        IdentifierKind.AIRCRAFT_TAIL,
        IdentifierKind.AIRCRAFT_SERIAL,
    }


@pytest.mark.parametrize(
    ("fixture", "message", "record"),
    [
        ("empty.ftm.json", "empty", None),
        ("truncated.ftm.json", "invalid JSON", "line 2"),
        ("missing_id.ftm.json", "no entity with an id", None),
    ],
)
def test_bad_input(fixture: str, message: str, record: str | None) -> None:
    with pytest.raises(ListFormatError, match=message) as info:
        _parse(fixture)
    assert info.value.file == fixture
    assert info.value.record == record


# --- OpenSanctions export variants -------------------------------------------------


@pytest.fixture(scope="module")
def nested() -> ParseResult:
    return _parse("nested_targets.ftm.json", list_name="os")


def test_nested_targets_keep_embedded_parties(nested: ParseResult) -> None:
    assert sorted(e.id for e in nested.entities) == ["os:NK-p1", "os:NK-p2", "os:c-9"]
    company = next(e for e in nested.entities if e.id == "os:c-9")
    # Embedded once and listed again at the top level: the values are merged.
    assert {n.full for n in company.names} == {"Testov Holdings", "Testov Holdings Ltd"}
    assert [(r.kind, r.target_id) for r in company.relations] == [("owner", "os:NK-p1")]


def test_nested_adjacent_entities_fold_into_their_parent(nested: ParseResult) -> None:
    person = next(e for e in nested.entities if e.id == "os:NK-p1")
    assert _props(person, "programId") == ["RUSSIA-EO14024"]
    assert _props(person, "listingDate") == ["2022-03-11"]
    assert [a.full for a in person.addresses] == ["1 Test Street, Moscow"]
    assert {(i.kind, i.number, i.currency) for i in person.identifiers} == {
        (IdentifierKind.PASSPORT, "7512345", None),
        (IdentifierKind.CRYPTO_WALLET, "bc1qtestwallet0000", "XBT"),
    }
    assert [(d.value, d.end) for d in person.birth_dates] == [("1965", "1967")]


def test_references_to_referents_resolve(nested: ParseResult) -> None:
    person = next(e for e in nested.entities if e.id == "os:NK-p1")
    links = {(r.kind, r.target_id) for r in person.relations}
    assert ("linked_to", "os:NK-p2") in links  # Family.person names the referent ofac-111
    assert ("subsidiary", "os:c-9") in links
    assert not nested.report.orphans


def test_bad_records_are_reported_not_fatal(nested: ParseResult) -> None:
    assert nested.report.warning_count == 1
    (warning,) = nested.report.warnings
    assert "nested_targets.ftm.json" in warning
    assert "line 4" in warning and "field id" in warning
    brother = next(e for e in nested.entities if e.id == "os:NK-p2")
    assert [i.number for i in brother.identifiers] == ["1234567"]  # a JSON number
    assert [(d.value, d.end, d.circa) for d in brother.birth_dates] == [("1970", "1979", True)]


def test_json_array_file() -> None:
    result = _parse("array.ftm.json", list_name="arr")
    assert [(e.id, e.schema, e.caption) for e in result.entities] == [
        ("arr:a-1", "Person", "Anna Arrayova"),
        ("arr:o-1", "Organization", "Array Trading LLC"),
    ]
    assert result.entities[0].birth_dates[0].circa


@pytest.mark.real_lists
def test_real_sample(list_formats_dir: Path) -> None:
    path = list_formats_dir / "ftm" / "opensanctions_zala_aero_cluster.ftm.json"
    started = time.perf_counter()
    result = FtmFormat(path.name).parse({path.name: path.read_bytes()}, list_name="zala")
    elapsed = time.perf_counter() - started
    print(f"FtM zala cluster: {len(result.entities)} entities in {elapsed:.3f} s")
    assert Counter(e.schema for e in result.entities) == {"Company": 11, "Person": 6}
    assert all(e.id.startswith("zala:") for e in result.entities)
    names = [n.full for e in result.entities for n in e.names]
    scripts = {"latin": 0, "other": 0}
    for name in names:
        scripts["other" if is_non_latin(name) else "latin"] += 1
        assert "  " not in name
    assert scripts["latin"] > 20 and scripts["other"] > 10  # Latin plus Cyrillic/Ukrainian
    assert "Захарова Марія Олександрівна" in names
    with_programmes = [e for e in result.entities if e.properties.get("programId")]
    assert len(with_programmes) >= 7
    relations = sum(len(e.relations) for e in result.entities)
    assert relations >= 14 * 2  # both ends of each Ownership, plus family and directorships
    targets = {r.target_id for e in result.entities for r in e.relations if r.target_id}
    assert targets <= {e.id for e in result.entities}
