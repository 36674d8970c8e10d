"""Facts in the free-text cells of the DFAT Consolidated List.

DFAT writes dates of birth and identity documents as prose. This module extracts:

* :func:`birth_dates` — every date in a "Date of Birth" cell such as
  ``"a) 12/05/1960 b) 1961"``, ``"03/03/1957; alt DOB: 03/04/1957"``,
  ``"Approximately 1955- 1958"`` or ``"c. 1946 or 1949"``: the cell is split into
  items (``a)``/``b)`` markers, ``;``, line breaks, "or", runs of spaces), each item
  is read by :func:`interdict.model.parse_date`; an item that does not read as a
  whole is searched for embedded dates (years 1900–2099 only), and its text is
  returned as unparsed so the caller can keep it;
* :func:`document_numbers` — passport or national-id numbers after each mention of
  the document in "Additional Information" (``"Passport no.: a) 01714467 b) …"``,
  ``"British passport number 205939411, issued on …"``): the text after the keyword
  up to the end of its sentence (or the mention of another document) with dates and
  parentheses removed; tokens of capitals, digits, ``/`` and ``-`` with at least four
  digits are the numbers;
* :func:`imo_numbers` — seven-digit numbers after "IMO";
* :func:`un_references` — UN Security Council references such as ``QDe.004``
  (normalised to ``QDe.004``). In DFAT prose these name *other* listed parties
  ("Member of Al-Qaida (QDe.004)"), never the entry's own reference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from interdict.model import PartialDate, parse_date
from interdict.sources.enumerations import split_enumeration

_ITEM_SEPARATORS = re.compile(r"\s*(?:;|\n|\s{2,}|\bor\b|>>)\s*", re.IGNORECASE)
_CIRCA = re.compile(r"^(circa|ca\.?|c\.|approximately|approx\.?|about|around)\s*", re.IGNORECASE)
_EMBEDDED_DATE = re.compile(
    r"\b(?:\d{1,2}[/.\-]\d{1,2}[/.\-](?:19|20)\d{2}"
    r"|\d{1,2}\.?\s+[A-Za-z]{3,9}\.?,?\s+(?:19|20)\d{2}"
    r"|[A-Za-z]{3,9}\.?\s+(?:19|20)\d{2}"
    r"|(?:19|20)\d{2})\b"
)
_YEAR = re.compile(r"(?:19|20)\d{2}")
_BLANK = frozenset({"na", "n/a", "-", "unknown", "not known"})


@dataclass(frozen=True, slots=True)
class BirthDates:
    """The dates read from one cell, and the items that did not read as a whole."""

    dates: list[PartialDate]
    unparsed: list[str]


def _normalise(item: str) -> str:
    text = item.replace("\xa0", " ").strip(" .,;:")
    text = re.sub(r"\s*/\s*", "/", text)
    text = re.sub(r"([A-Za-z]\.)(\d)", r"\1 \2", text)  # "Jan.1973"
    text = re.sub(r"^(\d{1,2})\.\s+([A-Za-z])", r"\1 \2", text)  # "12. Sep 1974"
    text = re.sub(r"^(\d{1,2})-([A-Za-z]{3,9})\.?-(\d{4})$", r"\1 \2 \3", text)  # 11-Sep-2000
    return re.sub(r"^(.*?\d{4})\s*-\s*(\d{4})$", r"\1 to \2", text)  # "1955- 1958"


def _embedded(text: str, record: str) -> list[PartialDate]:
    found: list[PartialDate] = []
    for match in _EMBEDDED_DATE.finditer(text):
        date = parse_date(_normalise(match.group(0)), record=record)
        if date is None and (year := _YEAR.search(match.group(0))):
            date = parse_date(year.group(0), record=record)
        if date is not None:
            found.append(date)
    return found


def birth_dates(text: str, *, record: str) -> BirthDates:
    """Every date of birth in a DFAT "Date of Birth" cell (see the module docstring)."""
    dates: list[PartialDate] = []
    unparsed: list[str] = []
    for item in split_enumeration(text.replace("\xa0", " ")):
        if item.strip(" .").casefold() in _BLANK:
            continue
        if item.casefold().startswith("between"):
            parts = [item]
        else:
            parts = [part for part in _ITEM_SEPARATORS.split(item) if part.strip()]
        circa = False
        for part in parts:
            cleaned = _normalise(part)
            if not cleaned:
                continue
            if _CIRCA.match(cleaned):
                circa = True
            elif circa:
                cleaned = f"circa {cleaned}"
            date = parse_date(cleaned, record=record)
            if date is not None:
                dates.append(date)
                continue
            unparsed.append(part.strip())
            dates.extend(_embedded(part, record))
    return BirthDates(dates, unparsed)


_DOCUMENT_DATES = re.compile(
    r"\(\s*\d{1,2}-\d{1,2}-\d{4}\s*\)"
    r"|\b\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}\b"
    r"|\b\d{1,2}\s*[A-Za-z]{3,9}\.?,?\s*\d{4}\b"
    r"|\b[A-Za-z]{3,9}\.?\s*\d{4}\b"
    r"|\b(?:19|20)\d{2}\b"
)
_PARENTHESES = re.compile(r"\([^()]*\)")
_NUMBER = re.compile(r"(?<![\w/])(?:[A-Z]{1,3}[ \-](?=\d))?[A-Z0-9][A-Z0-9/\-]*\d[A-Z0-9/\-]*")
_SENTENCE_END = r"\n|;(?!\s*[A-Z]?\d)|(?<![Nn][Oo])\.\s+(?=[A-Z])"
_PASSPORT = re.compile(r"passport", re.IGNORECASE)
_NATIONAL_ID = re.compile(
    r"national\s+(?:identification|identity|id)(?:\s+card)?|\bID\s+card|\bID\s+No\b", re.IGNORECASE
)
_PASSPORT_END = re.compile(
    _SENTENCE_END + r"|\b(?:national|identification|identity|ID card|driver'?s?|licen[cs]e|"
    r"social security|gender|review|listed|title|mother|father|birth certificate|military)\b",
    re.IGNORECASE,
)
_NATIONAL_ID_END = re.compile(
    _SENTENCE_END + r"|\b(?:passport|driver'?s?|licen[cs]e|social security|gender|review|"
    r"listed|title|mother|father|birth certificate|military)\b",
    re.IGNORECASE,
)


def _numbers_after(text: str, keyword: re.Pattern[str], end: re.Pattern[str]) -> list[str]:
    numbers: list[str] = []
    for mention in keyword.finditer(text):
        tail = text[mention.end() : mention.end() + 240]
        stop = end.search(tail)
        segment = tail[: stop.start()] if stop else tail
        segment = _PARENTHESES.sub(" ", _DOCUMENT_DATES.sub(" ", segment))
        for match in _NUMBER.finditer(segment):
            number = match.group(0).strip("-/")
            if sum(ch.isdigit() for ch in number) >= 4 and number not in numbers:
                numbers.append(number)
    return numbers


def document_numbers(text: str, kind: str) -> list[str]:
    """Numbers of ``kind`` (``"passport"`` or ``"national_id"``) mentioned in ``text``."""
    if kind == "passport":
        return _numbers_after(text, _PASSPORT, _PASSPORT_END)
    if kind == "national_id":
        return _numbers_after(text, _NATIONAL_ID, _NATIONAL_ID_END)
    raise ValueError(f"unknown document kind {kind!r}")


_IMO = re.compile(r"\bIMO\b[^:\d]{0,40}:?\s*(\d{7})\b")
_UN_REF = re.compile(r"\b(Q[Dd][ie]|T[Aa][ie]|K[Pp][ie]|I[Qq][ie]|S[Oo][ie]|C[Dd][ie]|"
                     r"C[Ff][ie]|L[Yy][ie]|S[Ss][ie]|Y[Ee][ie]|S[Dd][ie]|I[Rr][ie]|M[Ll][ie])"
                     r"\.\s?(\d{3})\b")  # fmt: skip


def imo_numbers(text: str) -> list[str]:
    """``IMO`` + seven digits for every IMO number mentioned in ``text``."""
    return [f"IMO{match.group(1)}" for match in _IMO.finditer(text)]


def un_references(text: str) -> list[str]:
    """UN Security Council references (``QDe.004``) mentioned in ``text``, in order."""
    refs: list[str] = []
    for match in _UN_REF.finditer(text):
        prefix = match.group(1)
        ref = f"{prefix[:2].upper()}{prefix[2].lower()}.{match.group(2)}"
        if ref not in refs:
            refs.append(ref)
    return refs
