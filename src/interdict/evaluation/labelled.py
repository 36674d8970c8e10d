"""Reading a labelled evaluation CSV: the batch columns plus ``expected``.

``expected`` holds the acceptable entity ids separated by ``|``, ``;`` or spaces, or is
empty for a query that should raise no alert. An optional ``category`` column groups
queries in the report (e.g. ``transliteration``, ``original_script``, ``negative``).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from interdict.batch.rows import BatchRow, row_to_query
from interdict.errors import InputError


@dataclass(frozen=True, slots=True)
class LabelledRow:
    row: BatchRow
    expected: frozenset[str]
    category: str


def read_labelled_csv(stream: IO[str], *, file: str) -> Iterator[LabelledRow]:
    reader = csv.DictReader(stream)
    header = [h.strip().lower() for h in reader.fieldnames or ()]
    for column in ("id", "name", "expected"):
        if column not in header:
            raise InputError(
                f"missing required column {column}", file=file, record="line 1", field=column
            )
    reader.fieldnames = header
    for row in reader:
        expected = frozenset(x for x in re.split(r"[|;\s]+", row.get("expected") or "") if x)
        yield LabelledRow(
            row_to_query(row, reader.line_num), expected, (row.get("category") or "").strip()
        )
