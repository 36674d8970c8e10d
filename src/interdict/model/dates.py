"""Reading the date spellings of sanctions lists into :class:`PartialDate`.

Understood forms (case-insensitive, surrounding white space ignored):

* ISO: ``1968``, ``1968-09``, ``1968-09-12`` (a time part is dropped);
* day-month-year with names: ``12 Sep 1968``, ``12 September 1968``, ``Sep 1968``;
* numeric day-first: ``12/09/1968``, ``12.09.1968``, ``12-09-1968``; unknown parts written
  as ``00`` or ``dd``/``mm`` are dropped (``00/09/1968`` and ``dd/09/1968`` are
  ``1968-09``);
* numeric month-first with ``order="mdy"`` (OFAC's ``MM/DD/YYYY`` header dates);
* ``circa``/``c.``/``approximately``/``about`` prefixes set ``circa``;
* ranges ``1960 to 1962``, ``1960 - 1962``, ``between 1960 and 1962``;
* as full official files also write them: a year range without spaces (``1960-1962``,
  ``1960/1962``, ``circa 1979-1982``), two alternative years (``1974 or 1975``, read as
  the range covering both), a trailing approximation (``1957 (approx)``, ``1970
  approx.``, ``1965 (circa)``), placeholder day and month parts (``--/--/1970``,
  ``xx/xx/1970``, ``mm/1970``, ``??/09/1970``, read like ``00/00/1970``) and a decade
  (``1970s``: 1970 to 1979, approximate).

Anything else returns ``None``: the caller reports the value as unparsed and keeps
the text elsewhere, it never guesses.
"""

from __future__ import annotations

import re
from typing import Literal

from interdict.model.values import PartialDate

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_CIRCA = re.compile(r"^(circa|ca\.?|c\.|approximately|approx\.?|about|around)\s*", re.I)
_RANGE = re.compile(r"^(?:between\s+)?(.+?)\s*(?:\bto\b|\band\b|\s-\s|–|—)\s*(.+)$", re.I)
_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2})(?:[T ]\d{1,2}:.*)?)?)?$")
_NUMERIC = re.compile(r"^(\d{1,2}|dd|d|00|0)[/.\-](\d{1,2}|mm|m|00|0)[/.\-](\d{4})$", re.I)
_MONTH_YEAR_NUM = re.compile(r"^(\d{1,2})[/.\-](\d{4})$")
_NAMED = re.compile(r"^(?:(\d{1,2})(?:st|nd|rd|th)?\s+)?([a-z]{3,9})\.?,?\s+(\d{4})$", re.I)
_NAMED_US = re.compile(r"^([a-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})$", re.I)

DateOrder = Literal["dmy", "mdy"]


def _month(token: str) -> int | None:
    return _MONTHS.get(token.lower()[:4].rstrip(".")) or _MONTHS.get(token.lower()[:3])


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    if not 1000 <= year <= 2999:
        return None
    if month is None or month == 0:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None or day == 0:
        return f"{year:04d}-{month:02d}"
    if not 1 <= day <= 31:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _opt_int(token: str | None) -> int | None:
    return int(token) if token else None


def _num(token: str) -> int | None:
    return int(token) if token.isdigit() else None


def _single(text: str, order: DateOrder) -> str | None:
    if m := _ISO.match(text):
        return _iso(int(m.group(1)), _opt_int(m.group(2)), _opt_int(m.group(3)))
    if m := _NUMERIC.match(text):
        first, second, year = _num(m.group(1)), _num(m.group(2)), int(m.group(3))
        day, month = (first, second) if order == "dmy" else (second, first)
        if month is None:
            return _iso(year)
        return _iso(year, month, day)
    if m := _MONTH_YEAR_NUM.match(text):
        return _iso(int(m.group(2)), int(m.group(1)))
    if m := _NAMED.match(text):
        month = _month(m.group(2))
        if month is None:
            return None
        return _iso(int(m.group(3)), month, _opt_int(m.group(1)))
    if m := _NAMED_US.match(text):
        month = _month(m.group(1))
        if month is None:
            return None
        return _iso(int(m.group(3)), month, int(m.group(2)))
    return None


def parse_date(
    text: str | None, *, record: str = "", order: DateOrder = "dmy"
) -> PartialDate | None:
    """Parse one date as lists write it; ``None`` when it is not a date."""
    if text is None:
        return None
    raw = " ".join(text.split())
    if not raw:
        return None
    date = _parse_plain(raw, record, order)
    return date if date is not None else _parse_loose(raw, record, order)


def _parse_plain(raw: str, record: str, order: DateOrder) -> PartialDate | None:
    body = raw
    circa = False
    if m := _CIRCA.match(body):
        circa = True
        body = body[m.end() :]
    single = _single(body, order)
    if single is not None:
        return PartialDate(value=single, record=record, circa=circa, text=raw)
    if m := _RANGE.match(body):
        start = _single(_CIRCA.sub("", m.group(1)), order)
        end = _single(_CIRCA.sub("", m.group(2)), order)
        if start is not None and end is not None and start <= end:
            return PartialDate(value=start, end=end, record=record, circa=circa, text=raw)
    return None


_YEAR_RANGE = re.compile(r"^(\d{4})\s*(?:-|/|–|—|\bor\b)\s*(\d{4})$", re.I)
_APPROX_SUFFIX = re.compile(
    r"^(.*?\d)\s*[,;]?\s*\(?\s*(?:approx(?:imately)?\.?|circa|ca\.?|c\.)\s*\)?$", re.I
)
_PLACEHOLDER = re.compile(r"(?<![\w])(?:--|-|xx|x|\?\?|\?|mm|dd)(?=[/.])", re.I)
_DECADE = re.compile(r"^(\d{3})0'?s$", re.I)


def _parse_loose(raw: str, record: str, order: DateOrder) -> PartialDate | None:
    """The spellings of full official files the plain forms leave out (see the module
    docstring); ``None`` for anything else."""
    body = raw
    circa = False
    if m := _APPROX_SUFFIX.match(body):
        body, circa = m.group(1), True
    if m := _CIRCA.match(body):
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
        if cleaned != body:
            found = _parse_plain(cleaned, record, order)
            if found is not None:
                result = PartialDate(found.value, record, found.end, found.circa, raw)
        elif circa:
            found = _parse_plain(body, record, order)
            if found is not None:
                result = PartialDate(found.value, record, found.end, found.circa, raw)
    if result is not None and circa:
        return PartialDate(result.value, result.record, result.end, True, raw)
    return result
