"""Reading batch input: a CSV of parties into validated queries, row by row.

Columns (DESIGN.md §3): ``id`` and ``name`` are required; ``type``, ``birth_date``,
``country`` are optional, and so are ``nationality``, ``id_number``, ``passport``,
``aliases`` (``|``-separated) and ``address``. Unknown columns are ignored. A row
that fails validation becomes a :class:`RowError` that is reported in the output in
its place: no row is ever dropped.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from interdict.errors import InputError, QueryError
from interdict.screening.query import Query

REQUIRED_COLUMNS = ("id", "name")
OPTIONAL_COLUMNS = (
    "type",
    "birth_date",
    "country",
    "nationality",
    "id_number",
    "passport",
    "aliases",
    "address",
    "expected",
)


@dataclass(frozen=True, slots=True)
class RowQuery:
    """A valid input row: its id, its line number and the query built from it."""

    row_id: str
    line: int
    query: Query


@dataclass(frozen=True, slots=True)
class RowError:
    """An invalid input row and why."""

    row_id: str
    line: int
    field: str | None
    message: str

    def to_output(self) -> dict[str, object]:
        return {
            "id": self.row_id,
            "matches": [],
            "error": {"line": self.line, "field": self.field, "message": self.message},
        }


BatchRow = RowQuery | RowError


def _cell(row: dict[str, str | None], column: str) -> str | None:
    value = row.get(column)
    return value.strip() if value is not None and value.strip() else None


def row_to_query(row: dict[str, str | None], line: int) -> BatchRow:
    """Validate one CSV row (a ``csv.DictReader`` dict)."""
    row_id = _cell(row, "id") or ""
    if None in row:  # DictReader puts surplus cells under the key None
        return RowError(row_id, line, None, "the row has more cells than the header")
    if not row_id:
        return RowError(row_id, line, "id", "id is empty")
    aliases = (_cell(row, "aliases") or "").split("|")
    try:
        query = Query.build(
            [_cell(row, "name"), *aliases],
            type=_cell(row, "type"),
            birth_dates=[_cell(row, "birth_date")],
            countries=[_cell(row, "country"), _cell(row, "nationality")],
            identifiers=[_cell(row, "id_number"), _cell(row, "passport")],
            record=f"line {line}",
        )
    except QueryError as exc:
        if not _cell(row, "name") and exc.field == "name":
            return RowError(row_id, line, "name", "name is empty")
        return RowError(row_id, line, exc.field, exc.message)
    return RowQuery(row_id, line, query)


def read_batch_csv(stream: IO[str], *, file: str) -> Iterator[BatchRow]:
    """Validated rows of a batch CSV; a missing required column is an InputError."""
    reader = csv.DictReader(stream)
    header = reader.fieldnames
    if not header:
        raise InputError("the file is empty (a header row is required)", file=file)
    normalised = [h.strip().lower() for h in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in normalised]
    if missing:
        raise InputError(
            f"missing required column {', '.join(missing)} (header: {', '.join(header)})",
            file=file,
            record="line 1",
            field=missing[0],
        )
    reader.fieldnames = normalised
    try:
        for row in reader:
            yield row_to_query(row, reader.line_num)
    except csv.Error as exc:
        raise InputError(
            f"malformed CSV: {exc}", file=file, record=f"line {reader.line_num}"
        ) from exc


def read_batch_text(text: str, *, file: str = "<input>") -> list[BatchRow]:
    """All rows of a batch CSV held in memory."""
    return list(read_batch_csv(io.StringIO(text), file=file))
