"""OFAC CSV sets: fixtures in the official format, broken files, and the real lists."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from interdict.errors import ListFormatError
from interdict.model import CountryRole, Entity, IdentifierKind, NameKind
from interdict.sources.base import ParseResult
from interdict.sources.ofac_csv import OfacCsvFormat, split_programs

SDN_FILES = ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")


def load(directory: Path, fmt: OfacCsvFormat) -> dict[str, bytes]:
    selected = fmt.select([p.name for p in directory.iterdir()])
    assert selected is not None
    return {name: (directory / name).read_bytes() for name in selected}


@pytest.fixture()
def sdn_dir(fixtures_dir: Path) -> Path:
    return fixtures_dir / "ofac" / "csv"


@pytest.fixture()
def parsed(sdn_dir: Path) -> tuple[dict[str, Entity], ParseResult]:
    fmt = OfacCsvFormat("sdn")
    result = fmt.parse(load(sdn_dir, fmt), list_name="ofac_sdn")
    return {e.id: e for e in result.entities}, result


def names(entity: Entity) -> list[tuple[str, NameKind]]:
    return [(n.full, n.kind) for n in entity.names]


def test_select_required_and_optional_files() -> None:
    sdn = OfacCsvFormat("sdn")
    assert sdn.select(["SDN.CSV", "alt.csv", "other.txt"]) == ("SDN.CSV", "alt.csv")
    assert sdn.select(["alt.csv", "add.csv"]) is None
    cons = OfacCsvFormat("cons")
    assert cons.select(["cons_prim.csv", "cons_comments.csv", "sdn.csv"]) == (
        "cons_prim.csv",
        "cons_comments.csv",
    )
    with pytest.raises(ValueError, match="edition"):
        OfacCsvFormat("xml")


def test_fixture_entities_and_edition(parsed: tuple[dict[str, Entity], ParseResult]) -> None:
    entities, result = parsed
    assert sorted(entities) == sorted(
        f"ofac:{n}" for n in ("306", "33596", "9702", "18710", "27307", "40416")
    )
    assert result.edition == "sdn.csv+add.csv+alt.csv+sdn_comments.csv"
    assert result.published is None


@pytest.mark.parametrize(
    ("entity_id", "schema"),
    [
        ("ofac:306", "Organization"),
        ("ofac:33596", "Person"),
        ("ofac:9702", "Vessel"),
        ("ofac:18710", "Airplane"),
    ],
)
def test_schema_by_sdn_type(
    parsed: tuple[dict[str, Entity], ParseResult], entity_id: str, schema: str
) -> None:
    assert parsed[0][entity_id].schema == schema


def test_orphans_are_counted_not_loaded(parsed: tuple[dict[str, Entity], ParseResult]) -> None:
    entities, result = parsed
    report = result.report
    assert dict(report.orphans) == {"alt.csv": 2, "add.csv": 1, "sdn_comments.csv": 1}
    assert not any("ORPHAN" in n.full for e in entities.values() for n in e.names)


def test_person_names_and_aliases(parsed: tuple[dict[str, Entity], ParseResult]) -> None:
    person = parsed[0]["ofac:40416"]
    primary, alias = person.names
    assert (primary.full, primary.last_name, primary.first_name) == (
        "DAMAVANDIAN, Ghassem",
        "DAMAVANDIAN",
        "Ghassem",
    )
    assert (alias.full, alias.kind, alias.record) == (
        "DAMAVANDIAN, Qassem",
        NameKind.ALIAS,
        "alt.csv:alt_num=62818",
    )


def test_alt_types(parsed: tuple[dict[str, Entity], ParseResult]) -> None:
    entities = parsed[0]
    assert ("NORTHERN STAR", NameKind.PREVIOUS) in names(entities["ofac:9702"])
    assert ("RGB", NameKind.ALIAS) in names(entities["ofac:27307"])
    assert names(entities["ofac:306"]) == [
        ("BANCO NACIONAL DE CUBA", NameKind.PRIMARY),
        ("NATIONAL BANK OF CUBA", NameKind.ALIAS),
        ("BNC", NameKind.WEAK_ALIAS),
    ]


def test_person_remarks(parsed: tuple[dict[str, Entity], ParseResult]) -> None:
    person = parsed[0]["ofac:40416"]
    assert [(d.value, d.end, d.circa) for d in person.birth_dates] == [
        ("1968-05-02", None, False),
        ("1966", None, True),
        ("1960", "1962", False),
    ]
    passport = next(i for i in person.identifiers if i.kind is IdentifierKind.PASSPORT)
    assert (passport.number, passport.country, passport.expires) == ("G9336_77", "ir", "2019-10-27")
    wallet = next(i for i in person.identifiers if i.kind is IdentifierKind.CRYPTO_WALLET)
    assert wallet.currency == "XBT"
    assert [v.value for v in person.properties["programId"]] == ["NPWMD", "IFSR"]


def test_vessel_columns(parsed: tuple[dict[str, Entity], ParseResult]) -> None:
    vessel = parsed[0]["ofac:9702"]
    props = {k: [v.value for v in vs] for k, vs in vessel.properties.items()}
    assert props["callSign"] == ["9HXY7"]
    assert props["type"] == ["Crude Oil Tanker"]
    assert props["tonnage"] == ["150,000"]
    assert props["grossRegisteredTonnage"] == ["80,000"]
    assert props["owner"] == ["NATIONAL IRANIAN TANKER CO."]
    assert props["buildDate"] == ["1999"]
    assert {(c.role, c.code) for c in vessel.countries} == {
        (CountryRole.FLAG, "mt"),
        (CountryRole.FLAG, "pa"),
    }
    assert [(i.kind, i.number) for i in vessel.identifiers] == [
        (IdentifierKind.IMO, "IMO9187629"),
        (IdentifierKind.MMSI, "572469210"),
    ]


def test_aircraft_remarks(parsed: tuple[dict[str, Entity], ParseResult]) -> None:
    aircraft = parsed[0]["ofac:18710"]
    assert {(i.kind, i.number) for i in aircraft.identifiers} == {
        (IdentifierKind.AIRCRAFT_SERIAL, "8401"),
        (IdentifierKind.AIRCRAFT_SERIAL, "1023409321"),
        (IdentifierKind.AIRCRAFT_TAIL, "EP-MNE"),
    }
    assert [v.value for v in aircraft.properties["model"]] == ["IL-76TD"]


def test_cut_remarks_continue_in_comments(parsed: tuple[dict[str, Entity], ParseResult]) -> None:
    group = parsed[0]["ofac:27307"]
    weak = [n.full for n in group.names if n.kind is NameKind.WEAK_ALIAS]
    assert weak == [f"HACKER GROUP {i:02d}" for i in range(60)]
    assert [r.text for r in group.relations] == ["RECONNAISSANCE GENERAL BUREAU"]


def test_linked_to_resolves_to_listed_entity(parsed: tuple[dict[str, Entity], ParseResult]) -> None:
    entities = parsed[0]
    assert [r.target_id for r in entities["ofac:33596"].relations] == ["ofac:27307"]
    assert [r.target_id for r in entities["ofac:40416"].relations] == [None]


def test_title_repeated_in_remarks_is_not_unconsumed(
    parsed: tuple[dict[str, Entity], ParseResult],
) -> None:
    report = parsed[1].report
    assert dict(report.unconsumed) == {"sdn.csv:Remarks:Intelligence agency officer": 1}


def test_addresses(parsed: tuple[dict[str, Entity], ParseResult]) -> None:
    (address,) = parsed[0]["ofac:306"].addresses
    assert (address.full, address.street, address.city, address.country) == (
        "Zweierstrasse 35, Zurich CH-8022, Switzerland",
        "Zweierstrasse 35",
        "Zurich CH-8022",
        "ch",
    )


def test_cons_edition_reads_the_same_layout(sdn_dir: Path) -> None:
    files = {
        "cons_prim.csv": (sdn_dir / "sdn.csv").read_bytes(),
        "cons_alt.csv": (sdn_dir / "alt.csv").read_bytes(),
    }
    result = OfacCsvFormat("cons").parse(files, list_name="ofac_cons")
    assert len(result.entities) == 6
    assert result.report.orphans["cons_alt.csv"] == 2


@pytest.mark.parametrize(
    ("programs", "expected"),
    [
        ("NPWMD] [IFSR", ["NPWMD", "IFSR"]),
        ("[SDGT]", ["SDGT"]),
        ("CUBA", ["CUBA"]),
        ("", []),
    ],
)
def test_split_programs(programs: str, expected: list[str]) -> None:
    assert split_programs(programs) == expected


def test_cp1252_file(fixtures_dir: Path) -> None:
    data = (fixtures_dir / "ofac" / "broken" / "sdn_cp1252.csv").read_bytes()
    (entity,) = OfacCsvFormat("sdn").parse({"sdn.csv": data}, list_name="ofac_sdn").entities
    assert entity.names[0].full == "MUÑOZ, José"
    assert entity.identifiers[0].number == "12345678"


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        ("empty.csv", "empty"),
        ("sdn_truncated.csv", "malformed CSV|columns"),
        ("sdn_bad_id.csv", "no entry could be read: sdn.csv: line 1: field ent_num"),
    ],
)
def test_broken_primary_file_raises(fixtures_dir: Path, fixture: str, message: str) -> None:
    data = (fixtures_dir / "ofac" / "broken" / fixture).read_bytes()
    with pytest.raises(ListFormatError, match=message) as info:
        OfacCsvFormat("sdn").parse({"sdn.csv": data}, list_name="ofac_sdn")
    assert info.value.file == "sdn.csv"


@pytest.fixture()
def bad_records(fixtures_dir: Path) -> ParseResult:
    directory = fixtures_dir / "ofac" / "bad_records"
    files = {name: (directory / name).read_bytes() for name in ("sdn.csv", "alt.csv")}
    return OfacCsvFormat("sdn").parse(files, list_name="ofac_sdn")


def test_bad_rows_are_skipped_and_the_rest_kept(bad_records: ParseResult) -> None:
    by_id = {e.id: e for e in bad_records.entities}
    assert sorted(by_id) == ["ofac:306", "ofac:310"]
    assert [n.full for n in by_id["ofac:310"].names] == ["GOOD TRADING LLC", "GOOD TRADING"]
    assert "BAD ALIAS" not in {n.full for e in bad_records.entities for n in e.names}


@pytest.mark.parametrize(
    "expected",
    [
        ("sdn.csv: line 2: field ent_num: 'X-12' is not a number; row skipped"),
        ("sdn.csv: line 3: expected 12 columns, found 5; row skipped"),
        ("sdn.csv: line 4: expected 12 columns, found 13; row skipped"),
        ("sdn.csv:ent_num=309: field SDN_Name: empty; entry skipped"),
        ("alt.csv: line 2: field ent_num: '3O6' is not a number; row skipped"),
    ],
)
def test_bad_rows_are_warned_with_file_record_and_field(
    bad_records: ParseResult, expected: str
) -> None:
    assert expected in bad_records.report.warnings


def test_bad_rows_warning_count(bad_records: ParseResult) -> None:
    assert bad_records.report.warning_count == 5


def test_short_last_row_is_a_truncated_file(sdn_dir: Path) -> None:
    data = (sdn_dir / "sdn.csv").read_bytes().rstrip(b"\x1a\r\n") + b'\r\n"999","CUT",-0- ,'
    with pytest.raises(ListFormatError, match="last row") as info:
        OfacCsvFormat("sdn").parse({"sdn.csv": data}, list_name="ofac_sdn")
    assert info.value.file == "sdn.csv"


def test_missing_primary_file_raises(sdn_dir: Path) -> None:
    with pytest.raises(ListFormatError, match="missing"):
        OfacCsvFormat("sdn").parse(
            {"alt.csv": (sdn_dir / "alt.csv").read_bytes()}, list_name="ofac_sdn"
        )


def test_empty_companion_is_a_warning(sdn_dir: Path) -> None:
    files = {"sdn.csv": (sdn_dir / "sdn.csv").read_bytes(), "alt.csv": b"\x1a"}
    result = OfacCsvFormat("sdn").parse(files, list_name="ofac_sdn")
    assert len(result.entities) == 6
    assert any("empty" in w for w in result.report.warnings)


# --- real lists -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_sdn(real_lists_dir: Path) -> tuple[dict[str, Entity], ParseResult, float]:
    fmt = OfacCsvFormat("sdn")
    files = load(real_lists_dir / "ofac", fmt)
    start = time.perf_counter()
    result = fmt.parse(files, list_name="ofac_sdn")
    elapsed = time.perf_counter() - start
    return {e.id: e for e in result.entities}, result, elapsed


@pytest.mark.real_lists
def test_real_sdn_count_and_time(real_sdn: tuple[dict[str, Entity], ParseResult, float]) -> None:
    entities, result, elapsed = real_sdn
    assert len(entities) == 14965
    print(f"\nsdn.csv set parsed in {elapsed:.2f} s")
    assert elapsed < 5.0
    assert result.edition == "sdn.csv+add.csv+alt.csv+sdn_comments.csv"


@pytest.mark.real_lists
def test_real_sdn_orphans_reported(real_sdn: tuple[dict[str, Entity], ParseResult, float]) -> None:
    report = real_sdn[1].report
    assert report.orphans["alt.csv"] > 0
    assert report.orphans["add.csv"] > 0
    assert report.orphans["sdn_comments.csv"] > 0


def _ids(entity: Entity) -> set[tuple[IdentifierKind, str]]:
    return {(i.kind, i.number) for i in entity.identifiers}


def _props(entity: Entity, name: str) -> list[str]:
    return [v.value for v in entity.properties.get(name, ())]


@pytest.mark.real_lists
def test_real_mehrabi(real_sdn: tuple[dict[str, Entity], ParseResult, float]) -> None:
    e = real_sdn[0]["ofac:33596"]
    assert e.schema == "Person" and e.caption == "MEHRABI, Abdollah"
    assert [d.value for d in e.birth_dates] == ["1961-12-22"]
    assert _props(e, "birthPlace") == ["Khansar, Iran"]
    assert (CountryRole.NATIONALITY, "ir") in {(c.role, c.code) for c in e.countries}
    assert (IdentifierKind.NATIONAL_ID, "1229632603") in _ids(e)
    assert _props(e, "gender") == ["male"]
    assert _props(e, "programId") == ["NPWMD", "IRGC", "IFSR"]
    (link,) = e.relations
    assert link.text == (
        "ISLAMIC REVOLUTIONARY GUARD CORPS AEROSPACE FORCE SELF SUFFICIENCY JIHAD ORGANIZATION"
    )
    assert link.target_id is not None


@pytest.mark.real_lists
def test_real_damavandian(real_sdn: tuple[dict[str, Entity], ParseResult, float]) -> None:
    e = real_sdn[0]["ofac:40416"]
    assert [d.value for d in e.birth_dates] == ["1968-05-02"]
    passport = next(i for i in e.identifiers if i.kind is IdentifierKind.PASSPORT)
    assert (passport.number, passport.country, passport.expires) == ("G9336_77", "ir", "2019-10-27")
    assert (IdentifierKind.NATIONAL_ID, "0052944492") in _ids(e)
    assert [(r.text, r.target_id) for r in e.relations] == [
        ("QODS AVIATION INDUSTRIES", "ofac:16418")
    ]


@pytest.mark.real_lists
def test_real_qods_aviation(
    real_sdn: tuple[dict[str, Entity], ParseResult, float], real_lists_dir: Path
) -> None:
    e = real_sdn[0]["ofac:16418"]
    alt_lines = (real_lists_dir / "ofac" / "alt.csv").read_text("utf-8").splitlines()
    expected = {line.split('"')[3] for line in alt_lines if line.startswith("16418,")}
    assert len(expected) == 3
    assert expected <= {n.full for n in e.names if n.kind is NameKind.ALIAS}
    assert {
        (IdentifierKind.NATIONAL_ID, "14005441856"),
        (IdentifierKind.REGISTRATION, "483250"),
    } <= _ids(e)


@pytest.mark.real_lists
def test_real_shahed_and_alabuga(real_sdn: tuple[dict[str, Entity], ParseResult, float]) -> None:
    shahed = real_sdn[0]["ofac:39637"]
    assert shahed.caption == "SHAHED AVIATION INDUSTRIES RESEARCH CENTER"
    assert {"SAIRC", "SAIC"} <= {n.full for n in shahed.names if n.kind is NameKind.WEAK_ALIAS}
    assert "SHAHED AVIATION INDUSTRIES" in {n.full for n in shahed.names}
    assert _props(shahed, "website") == ["http://www.shahedaviation.com"]
    alabuga = real_sdn[0]["ofac:45708"]
    assert {n.full for n in alabuga.names if n.kind is NameKind.ALIAS} == {
        "AO OEZ PPT ALABUGA",
        "AKTSIONERNOE OBSHCHESTVO OSOBAYA EKONOMICHESKAYA ZONA PROMYSHLENNO-PROIZVODSTVENNOGO TIPA ALABUGA",
    }
    assert {
        (IdentifierKind.TAX_ID, "1646019914"),
        (IdentifierKind.REGISTRATION, "1061674037259"),
        (IdentifierKind.REGISTRATION, "95427882"),
    } <= _ids(alabuga)
    assert _props(alabuga, "incorporationDate") == ["2006-07-24"]


@pytest.mark.real_lists
def test_real_cons_csv(list_formats_dir: Path) -> None:
    fmt = OfacCsvFormat("cons")
    result = fmt.parse(load(list_formats_dir / "ofac", fmt), list_name="ofac_cons")
    assert len(result.entities) == 442
    assert not result.report.orphans
    assert result.report.warning_count == 0
    martelly = {e.id: e for e in result.entities}["ofac:50476"]
    assert ("Sweet Micky", NameKind.WEAK_ALIAS) in [(n.full, n.kind) for n in martelly.names]


def test_resolve_links_only_for_a_unique_primary_name() -> None:
    from interdict.model import EntityBuilder, Name, Relation
    from interdict.sources.ofac_links import resolve_links

    def entity(entity_id: str, name: str, link: str | None = None) -> Entity:
        builder = EntityBuilder(entity_id, "Organization", "ofac_sdn")
        builder.add_name(Name(name))
        if link:
            builder.add_relation(Relation(None, "linked_to", link))
        return builder.build()

    resolved = resolve_links(
        [
            entity("ofac:1", "ALPHA"),
            entity("ofac:2", "TWIN"),
            entity("ofac:3", "TWIN"),
            entity("ofac:4", "X", link="alpha."),
            entity("ofac:5", "Y", link="TWIN"),
            entity("ofac:6", "Z", link="NOBODY"),
        ]
    )
    assert [r.target_id for e in resolved for r in e.relations] == ["ofac:1", None, None]


_NAME_TEXT = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\x1a"
    ),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip() not in ("", "-0-"))


@given(name=_NAME_TEXT, remarks=st.lists(_NAME_TEXT, max_size=4))
def test_any_name_round_trips_through_ofac_quoting(name: str, remarks: list[str]) -> None:
    def quote(text: str) -> str:
        return '"' + text.replace('"', '""') + '"'

    alias_text = "; ".join(f"a.k.a. '{r.strip()}'" for r in remarks)
    row = ["1", quote(name), "-0- ", quote("SDGT")] + ["-0- "] * 7
    row.append(quote(alias_text) if alias_text else "-0- ")
    data = (",".join(row) + "\r\n").encode("utf-8") + b"\x1a"
    (entity,) = OfacCsvFormat("sdn").parse({"sdn.csv": data}, list_name="ofac_sdn").entities
    assert entity.caption == " ".join(name.split())
