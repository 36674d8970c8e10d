"""Reading spreadsheet rows from bytes (python-calamine) into lists of strings."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from interdict.errors import ListFormatError
from interdict.sources.spreadsheet import cell_text, read_sheet_rows


def _xlsx(rows: list[list[object]], *, title: str = "Data", second: str | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    if second:
        workbook.create_sheet(second).append(["other sheet"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        ("  text kept as is ", "  text kept as is "),
        (123.0, "123"),
        (-7.0, "-7"),
        (1.5, "1.5"),
        (42, "42"),
        (True, "true"),
        (False, "false"),
        (date(1968, 9, 12), "1968-09-12"),
        (datetime(2014, 12, 15, 0, 0), "2014-12-15"),
        (datetime(2014, 12, 15, 13, 5, 7), "2014-12-15T13:05:07"),
    ],
)
def test_cell_text(value: object, expected: str) -> None:
    assert cell_text(value) == expected


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_whole_floats_have_no_decimal_part(number: int) -> None:
    assert cell_text(float(number)) == str(number)


@given(st.dates(min_value=date(1900, 1, 1)))
def test_dates_become_iso(day: date) -> None:
    assert cell_text(day) == day.isoformat()
    assert cell_text(datetime(day.year, day.month, day.day)) == day.isoformat()


def test_rows_are_strings_with_row_numbers() -> None:
    data = _xlsx(
        [
            ["Last Updated", "14/04/2025"],
            ["Reference", "Date", "Amount", "Flag"],
            [7747, datetime(2023, 10, 18), 1.25, True],
            ["7747a", None, 3.0, False],
        ]
    )
    rows = list(read_sheet_rows(data, file="x.xlsx"))
    assert rows == [
        (1, ["Last Updated", "14/04/2025", "", ""]),
        (2, ["Reference", "Date", "Amount", "Flag"]),
        (3, ["7747", "2023-10-18", "1.25", "true"]),
        (4, ["7747a", "", "3", "false"]),
    ]


def test_leading_empty_rows_keep_sheet_row_numbers() -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet["B3"] = "header"
    sheet["B4"] = "value"
    buffer = io.BytesIO()
    workbook.save(buffer)
    rows = [
        (n, cells) for n, cells in read_sheet_rows(buffer.getvalue(), file="x.xlsx") if any(cells)
    ]
    assert rows == [(3, ["", "header"]), (4, ["", "value"])]


def test_sheet_by_name_and_index() -> None:
    data = _xlsx([["first"]], title="Main", second="Other")
    assert list(read_sheet_rows(data, file="x.xlsx", sheet="Other")) == [(1, ["other sheet"])]
    assert list(read_sheet_rows(data, file="x.xlsx", sheet=1)) == [(1, ["other sheet"])]


@pytest.mark.parametrize("sheet", ["Missing", 5])
def test_missing_sheet_is_an_error(sheet: int | str) -> None:
    with pytest.raises(ListFormatError, match=r"x\.xlsx: .*no sheet"):
        list(read_sheet_rows(_xlsx([["a"]]), file="x.xlsx", sheet=sheet))


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"Reference,Name\n1,A\n", id="csv-not-xlsx"),
        pytest.param(b"PK\x03\x04" + b"\x00" * 64, id="corrupt-zip"),
        pytest.param(_xlsx([["a", "b"], ["c", "d"]])[:400], id="truncated"),
    ],
)
def test_unreadable_workbooks_name_the_file(data: bytes) -> None:
    with pytest.raises(ListFormatError) as excinfo:
        list(read_sheet_rows(data, file="ConList.xlsx"))
    assert excinfo.value.file == "ConList.xlsx"
    assert "ConList.xlsx" in str(excinfo.value)


@pytest.mark.real_lists
def test_reads_real_conlist_quickly(real_lists_dir: Path) -> None:
    data = (real_lists_dir / "uk" / "ConList.xlsx").read_bytes()
    rows = list(read_sheet_rows(data, file="ConList.xlsx"))
    assert rows[0][1][:2] == ["Last Updated", "14/04/2025"]
    assert rows[1][1][-1] == "Group ID"
    assert len(rows) == 18_800
