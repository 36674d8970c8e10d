"""The DFAT Consolidated List parser (workbooks built with openpyxl, and the real file)."""

from __future__ import annotations

import io
import re
import time
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from interdict.errors import ListFormatError
from interdict.model import CountryRole, Entity, IdentifierKind, NameKind
from interdict.sources.au_dfat import DfatXlsxFormat
from interdict.sources.base import ParseResult

FILE = "regulation8_consolidated.xlsx"
HEADER: list[object] = [
    "Reference",
    "Name of Individual or Entity",
    "Type",
    "Name Type",
    "Date of Birth",
    "Place of Birth",
    "Citizenship",
    "Address",
    "Additional Information",
    "Listing Information",
    "Committees",
    "Control Date",
]
ENTITY_INFO = "IMO number: 5936312. Associated with Al-Qaida (QDe.004) and (Qde. 115)."
PERSON_INFO = (
    "Passport no.: a) OA123456 b) 0987654 (issued 2010). "
    "National identification no.: 1234567890. Gender: male. Synthetic test record."
)
ROWS: list[list[object]] = [
    HEADER,
    [7747, "QODS TEST INDUSTRIES", "Entity", "Primary Name", None, None, None,
     "P.O. Box 1, Km 5 Test Road, Tehran, Iran", ENTITY_INFO,
     "Listed on 18 October 2023 under a test instrument", "Autonomous (Iran)",
     datetime(2023, 10, 18)],
    ["7747a", "Qods Test Aviation", "Entity ", "aka", None, None, None,
     "P.O. Box 1, Km 5 Test Road, Tehran, Iran", ENTITY_INFO,
     "Listed on 18 October 2023 under a test instrument", "Autonomous (Iran)",
     datetime(2023, 10, 18)],
    ["7747b", "صنایع هوایی قدس", "Entity", "Original Script", None, None, None, "NA",
     ENTITY_INFO, "", "Autonomous (Iran)", datetime(2023, 10, 18)],
    [12.0, "John TESTPERSON", "Individual ", "Primary Name", "a) 12/05/1960 b) 1961",
     "Kabul, Afghanistan", "a) Afghanistan b) Pakistan", "NA", PERSON_INFO,
     datetime(2001, 1, 25), "1988 (Taliban)", date(2014, 1, 6)],
    ["12a", "J. TESTPERSON", "individual", "aka", datetime(1960, 5, 12), "Kabul, Afghanistan",
     "Afghanistan", "NA", PERSON_INFO, "", "1988 (Taliban) ", date(2014, 1, 6)],
    ["12b", "Johnny T", "Individual", "Formerly known as", 1959.0, None, None, None, None, None,
     "1988 (Taliban)", date(2014, 1, 6)],
    [13, "Anonymous TESTCASE", "Individual", "Primary Name", "Approximately (30-35 years old)",
     None, None, None, None, None, "1373 (2001)", date(2020, 1, 1)],
]  # fmt: skip


def _xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _parse(data: bytes) -> ParseResult:
    return DfatXlsxFormat().parse({FILE: data}, list_name="au")


def _by_id(result: ParseResult) -> dict[str, Entity]:
    return {entity.id: entity for entity in result.entities}


def _props(entity: Entity) -> dict[str, list[str]]:
    return {k: [v.value for v in vs] for k, vs in entity.properties.items()}


@pytest.fixture()
def workbook_path(tmp_path: Path) -> Path:
    path = tmp_path / FILE
    path.write_bytes(_xlsx(ROWS))
    return path


@pytest.fixture()
def result(workbook_path: Path) -> ParseResult:
    return _parse(workbook_path.read_bytes())


@pytest.mark.parametrize(
    ("available", "expected"),
    [
        ([FILE], (FILE,)),
        (["Regulation8_Consolidated.xlsx"], ("Regulation8_Consolidated.xlsx",)),
        (["consolidated.xlsx"], None),
    ],
)
def test_select(available: list[str], expected: tuple[str, ...] | None) -> None:
    assert DfatXlsxFormat().select(available) == expected


def test_sub_rows_merge_into_one_entity(result: ParseResult) -> None:
    assert [(e.id, e.schema) for e in result.entities] == [
        ("au:7747", "Organization"),
        ("au:12", "Person"),
        ("au:13", "Person"),
    ]
    assert result.published is None
    assert result.edition == FILE


def test_names(result: ParseResult) -> None:
    entity = _by_id(result)["au:7747"]
    assert [(n.full, n.kind, n.record) for n in entity.names] == [
        ("QODS TEST INDUSTRIES", NameKind.PRIMARY, f"{FILE}:Reference=7747"),
        ("Qods Test Aviation", NameKind.ALIAS, f"{FILE}:Reference=7747a"),
        ("صنایع هوایی قدس", NameKind.ALIAS, f"{FILE}:Reference=7747b"),
    ]
    person = _by_id(result)["au:12"]
    assert ("Johnny T", NameKind.PREVIOUS) in [(n.full, n.kind) for n in person.names]


def test_entity_facts(result: ParseResult) -> None:
    entity = _by_id(result)["au:7747"]
    assert [(i.kind, i.number) for i in entity.identifiers] == [(IdentifierKind.IMO, "IMO5936312")]
    assert [(r.target_id, r.kind) for r in entity.relations] == [
        ("un:QDe.004", "linked_to"),
        ("un:QDe.115", "linked_to"),
    ]
    assert [a.full for a in entity.addresses] == ["P.O. Box 1, Km 5 Test Road, Tehran, Iran"]
    assert entity.addresses[0].country == "ir"
    props = _props(entity)
    assert props["programId"] == ["Autonomous (Iran)"]
    assert props["listingDate"] == ["2023-10-18"]
    assert props["modifiedAt"] == ["2023-10-18"]
    assert ENTITY_INFO in props["notes"]
    assert "unscId" not in props  # DFAT cites other parties' UN references, not its own


def test_person_facts(result: ParseResult) -> None:
    person = _by_id(result)["au:12"]
    assert [d.value for d in person.birth_dates] == ["1960-05-12", "1961", "1959"]
    assert {(c.role, c.code) for c in person.countries} == {
        (CountryRole.BIRTH, "af"),
        (CountryRole.CITIZENSHIP, "af"),
        (CountryRole.CITIZENSHIP, "pk"),
    }
    assert [(i.kind, i.number) for i in person.identifiers] == [
        (IdentifierKind.PASSPORT, "OA123456"),
        (IdentifierKind.PASSPORT, "0987654"),
        (IdentifierKind.NATIONAL_ID, "1234567890"),
    ]
    props = _props(person)
    assert props["gender"] == ["male"]
    assert props["birthPlace"] == ["Kabul, Afghanistan"]
    assert props["listingDate"] == ["2001-01-25"]
    assert props["programId"] == ["1988 (Taliban)"]
    assert person.addresses == ()


def test_unreadable_birth_date_is_kept_and_warned(result: ParseResult) -> None:
    person = _by_id(result)["au:13"]
    assert person.birth_dates == ()
    assert "Date of birth: Approximately (30-35 years old)" in _props(person)["notes"]
    assert any("Reference=13" in w for w in result.report.warnings)


def test_extra_columns_are_reported() -> None:
    rows = [[*ROWS[0], "Remarks"], [*ROWS[1], "something"], [*ROWS[4], ""]]
    result = _parse(_xlsx(rows))
    assert result.report.unconsumed == {f"{FILE}:Remarks": 1}


@pytest.mark.parametrize(
    ("rows", "field"),
    [
        pytest.param([[c for c in HEADER if c != "Name Type"], [1, "X", "Entity"]], "Name Type"),
        pytest.param([HEADER, ["X-12", "Bad", "Entity", "Primary Name"]], None, id="bad-ref"),
        pytest.param([HEADER, ["", "No reference", "Entity", "Primary Name"]], None, id="no-ref"),
        pytest.param([HEADER, [5, None, "Entity", "Primary Name"]], None, id="nameless"),
        pytest.param([HEADER], None, id="header-only"),
        pytest.param([], None, id="no-rows"),
    ],
)
def test_bad_workbooks_raise(rows: list[list[object]], field: str | None) -> None:
    with pytest.raises(ListFormatError) as excinfo:
        _parse(_xlsx(rows))
    assert excinfo.value.file == FILE
    assert excinfo.value.field == field


BAD_ROWS: list[list[object]] = [
    *ROWS,
    ["X-12", "BAD REFERENCE LTD", "Entity", "Primary Name"],
    ["", "NO REFERENCE LTD", "Entity", "Primary Name"],
    [40, None, "Entity", "Primary Name", None, None, None, "Tehran, Iran"],
    ["40a", " ", "Entity", "aka"],
]


def test_bad_rows_and_nameless_entries_are_skipped() -> None:
    result = _parse(_xlsx(BAD_ROWS))
    assert sorted(_by_id(result)) == ["au:12", "au:13", "au:7747"]
    skipped = [w for w in result.report.warnings if "skipped" in w]
    assert skipped == [
        f"{FILE}: row 9: field Reference: 'X-12' is not a number with an optional suffix; "
        "row skipped",
        f"{FILE}: row 10: field Reference: '' is not a number with an optional suffix; row skipped",
        f"{FILE}:Reference=40: field Name of Individual or Entity: au:40 has no name in any "
        "row; skipped",
    ]


def test_only_bad_rows_fail_with_the_first_warnings() -> None:
    with pytest.raises(ListFormatError, match=r"no entry could be read: .*'X-12'"):
        _parse(_xlsx([HEADER, ["X-12", "Bad", "Entity", "Primary Name"]]))


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"PK\x03\x04not really a zip", id="corrupt"),
        pytest.param(_xlsx(ROWS)[:1000], id="truncated"),
    ],
)
def test_unreadable_files_raise(data: bytes) -> None:
    with pytest.raises(ListFormatError, match=re.escape(FILE)):
        _parse(data)


# -- the real regulation8_consolidated.xlsx -----------------------------------------------


@pytest.fixture(scope="module")
def real_result(real_lists_dir: Path) -> ParseResult:
    data = (real_lists_dir / "au" / FILE).read_bytes()
    started = time.perf_counter()
    result = _parse(data)
    print(f"\n{FILE} parsed in {time.perf_counter() - started:.2f} s")
    return result


@pytest.mark.real_lists
def test_real_counts(real_result: ParseResult) -> None:
    assert len(real_result.entities) == 3062
    assert Counter(e.schema for e in real_result.entities) == {
        "Person": 2316,
        "Organization": 746,
    }
    assert all(e.names and e.names[0].kind is NameKind.PRIMARY for e in real_result.entities)
    with_dob = sum(1 for e in real_result.entities if e.birth_dates)
    assert with_dob >= 2200
    with_imo = sum(
        1 for e in real_result.entities if any(i.kind is IdentifierKind.IMO for i in e.identifiers)
    )
    assert with_imo == 20
    assert real_result.report.warning_count <= 5


@pytest.mark.real_lists
def test_real_qods(real_result: ParseResult) -> None:
    entity = _by_id(real_result)["au:7747"]
    names = {n.full for n in entity.names}
    assert {"QODS AERONAUTICS INDUSTRIES", "Qods Aviation Industries", "QAI"} <= names
    assert entity.caption == "QODS AERONAUTICS INDUSTRIES"


@pytest.mark.real_lists
def test_real_approximate_range(real_result: ParseResult) -> None:
    entity = _by_id(real_result)["au:2"]
    assert [(d.value, d.end, d.circa) for d in entity.birth_dates] == [
        ("1955", "1958", True),
        ("1945", "1950", True),
    ]
