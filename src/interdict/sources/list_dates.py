"""Date spellings of full official lists that :func:`interdict.model.parse_date` leaves out.

:func:`read_date` first tries :func:`~interdict.model.parse_date`; when that fails it
rewrites the few extra forms seen in full EU, FCDO, OFAC and FollowTheMoney files and
tries again. Extra forms understood (case-insensitive):

* a year range without spaces: ``1960-1962``, ``1960/1962``, ``circa 1979-1982``;
* two alternative years: ``1974 or 1975`` (read as the range covering both);
* a trailing approximation: ``1957 (approx)``, ``1970 approx.``, ``1965 (circa)``;
* placeholder day and month parts: ``--/--/1970``, ``xx/xx/1970``, ``mm/1970``,
  ``??/09/1970`` (read like ``00/00/1970``);
* a decade: ``1970s`` (the range 1970 to 1979, approximate).

Anything else returns ``None``, as :func:`parse_date` does: the caller reports the
value and keeps its text, it never guesses.
"""

from __future__ import annotations

import re

from interdict.model import PartialDate, parse_date
from interdict.model.dates import DateOrder

_YEAR_RANGE = re.compile(r"^(\d{4})\s*(?:-|/|–|—|\bor\b)\s*(\d{4})$", re.I)
_APPROX_SUFFIX = re.compile(
    r"^(.*?\d)\s*[,;]?\s*\(?\s*(?:approx(?:imately)?\.?|circa|ca\.?|c\.)\s*\)?$", re.I
)
_CIRCA_PREFIX = re.compile(r"^(circa|ca\.?|c\.|approximately|approx\.?|about|around)\s*", re.I)
_PLACEHOLDER = re.compile(r"(?<![\w])(?:--|-|xx|x|\?\?|\?|mm|dd)(?=[/.])", re.I)
_DECADE = re.compile(r"^(\d{3})0'?s$", re.I)


def _circa(date: PartialDate, text: str) -> PartialDate:
    return PartialDate(date.value, date.record, date.end, True, text)


def read_date(
    text: str | None, *, record: str = "", order: DateOrder = "dmy"
) -> PartialDate | None:
    """One date as a list writes it, or ``None`` when it is not a date."""
    date = parse_date(text, record=record, order=order)
    if date is not None or text is None:
        return date
    raw = " ".join(text.split())
    if not raw:
        return None
    body = raw
    circa = False
    if m := _APPROX_SUFFIX.match(body):
        body, circa = m.group(1), True
    if m := _CIRCA_PREFIX.match(body):
        body, circa = body[m.end() :], True
    result: PartialDate | None = None
    if m := _YEAR_RANGE.match(body):
        start, end = m.group(1), m.group(2)
        if start <= end:
            result = PartialDate(start, record, end if end != start else None, False, raw)
    elif m := _DECADE.match(body):
        decade = m.group(1)
        result = PartialDate(f"{decade}0", record, f"{decade}9", True, raw)
    else:
        cleaned = _PLACEHOLDER.sub("00", body)
        if cleaned.count("/") == 1 and cleaned.startswith("00/"):
            cleaned = "00/" + cleaned
        result = parse_date(cleaned, record=record, order=order)
        if result is not None:
            result = PartialDate(result.value, record, result.end, result.circa, raw)
    if result is not None and circa:
        return _circa(result, raw)
    return result
