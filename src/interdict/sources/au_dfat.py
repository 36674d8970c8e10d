"""Australia DFAT Consolidated List (``regulation8_consolidated.xlsx``).

One sheet; a header row, then one row per name. ``Reference`` is numeric for the
main row (``7747``) and suffixed for the other names of the same party (``7747a``,
``7747b``, ``2546f1``): rows are grouped by the numeric prefix into ``au:<number>``.
Mapping:

* ``Type`` Individual / Entity → Person / Organization (case and spaces ignored);
* ``Name of Individual or Entity`` with ``Name Type`` "Primary Name" → PRIMARY,
  "aka" → ALIAS, "Original Script" → ALIAS, "Formerly known as" / "Previously listed
  as" → PREVIOUS;
* ``Date of Birth`` → birth dates (every date of the prose, see
  :func:`interdict.sources.dfat_text.birth_dates`; unreadable parts kept in ``notes``);
* ``Place of Birth`` → ``birthPlace`` (+ birth country when the last part names one);
  ``Citizenship`` → citizenship countries; ``Address`` → addresses and countries;
* ``Additional Information`` → ``notes`` (whole text), plus passport and national-id
  numbers, IMO numbers, ``Gender:`` → ``gender``, and UN references of *other*
  listed parties (``(QDe.004)``) → ``linked_to`` relations with target ``un:<ref>``;
* ``Listing Information`` → ``notes``, and its first date → ``listingDate``;
  ``Committees`` → ``programId``; ``Control Date`` → ``modifiedAt``.

The file states no publication date: ``published`` is ``None``.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from interdict.errors import ListFormatError
from interdict.model import (
    Address,
    Country,
    CountryRole,
    EntityBuilder,
    Identifier,
    IdentifierKind,
    Name,
    NameKind,
    Relation,
    parse_date,
)
from interdict.sources.base import ListFormat, ParseReport, ParseResult
from interdict.sources.country_text import resolve_country
from interdict.sources.dfat_text import (
    birth_dates,
    document_numbers,
    imo_numbers,
    un_references,
)
from interdict.sources.enumerations import split_enumeration
from interdict.sources.spreadsheet import read_sheet_rows

FILE = "regulation8_consolidated.xlsx"
REQUIRED = ("Reference", "Name of Individual or Entity", "Type", "Name Type")
MAPPED = frozenset(
    {
        *REQUIRED,
        "Date of Birth",
        "Place of Birth",
        "Citizenship",
        "Address",
        "Additional Information",
        "Listing Information",
        "Committees",
        "Control Date",
    }
)
SCHEMAS = {"individual": "Person", "entity": "Organization"}
NAME_KINDS = {
    "primary name": NameKind.PRIMARY,
    "aka": NameKind.ALIAS,
    "a.k.a.": NameKind.ALIAS,
    "original script": NameKind.ALIAS,
    "formerly known as": NameKind.PREVIOUS,
    "previously listed as": NameKind.PREVIOUS,
    "fka": NameKind.PREVIOUS,
}
_REFERENCE = re.compile(r"^(\d+)([A-Za-z]*\d*)$")
_BLANK = frozenset({"", "na", "n/a", "-", "unknown"})
_GENDER = re.compile(r"\bGender\s*:\s*(male|female)\b", re.IGNORECASE)
_LISTING_DATE = re.compile(
    r"\b(?:\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{4}|\d{1,2}\s+[A-Za-z]{3,9}\.?,?\s+\d{4})\b"
)


@dataclass(frozen=True, slots=True)
class _Row:
    """One data row: its reference, record locator and cells by column name."""

    reference: str
    record: str
    cells: Mapping[str, str]
    number: int = 0

    def get(self, column: str) -> str:
        return " ".join(self.cells.get(column, "").replace("\xa0", " ").split())

    def raw(self, column: str) -> str:
        return self.cells.get(column, "").strip()


class DfatXlsxFormat(ListFormat):
    """The DFAT Consolidated List spreadsheet."""

    name = "au_dfat_xlsx"
    richness = 10

    def select(self, available: Collection[str]) -> tuple[str, ...] | None:
        for name in available:
            if name.lower() == FILE:
                return (name,)
        return None

    def parse(self, files: Mapping[str, bytes], *, list_name: str) -> ParseResult:
        if len(files) != 1:
            raise ListFormatError(f"expected one {FILE}, got {sorted(files)}")
        file, data = next(iter(files.items()))
        report = ParseReport()
        groups: dict[str, list[_Row]] = {}
        rows = _read_rows(data, file, report)
        for row in rows:
            match = _REFERENCE.match(row.reference)
            if match is None:
                report.warn(
                    f"{file}: row {row.number}: field Reference: {row.reference[:30]!r} is not "
                    "a number with an optional suffix; row skipped"
                )
                continue
            groups.setdefault(match.group(1), []).append(row)
        entities = [
            builder.build()
            for number, group in groups.items()
            if (builder := _build(number, group, list_name, report)) is not None
        ]
        if not entities:
            if rows:
                raise ListFormatError(
                    "no entry could be read: " + "; ".join(report.warnings[:3]), file=file
                )
            raise ListFormatError("no data rows after the header", file=file)
        return ParseResult(entities=entities, edition=file, published=None, report=report)


def _read_rows(data: bytes, file: str, report: ParseReport) -> list[_Row]:
    header: list[str] | None = None
    unmapped: list[tuple[int, str]] = []
    rows: list[_Row] = []
    for number, cells in read_sheet_rows(data, file=file):
        if header is None:
            if not any(cell.strip() for cell in cells):
                continue
            header = [cell.strip() for cell in cells]
            missing = [column for column in REQUIRED if column not in header]
            if missing:
                raise ListFormatError(
                    f"missing required column(s) {', '.join(missing)}",
                    file=file,
                    record=f"row={number}",
                    field=missing[0],
                )
            unmapped = [(i, c) for i, c in enumerate(header) if c and c not in MAPPED]
            continue
        if not any(cell.strip() for cell in cells):
            continue
        for index, column in unmapped:
            if index < len(cells) and cells[index].strip():
                report.skip_field(file, column)
        values = dict(zip(header, cells, strict=False))
        reference = values.get("Reference", "").strip()
        rows.append(_Row(reference, f"{file}:Reference={reference}", values, number))
    if header is None:
        raise ListFormatError("the sheet has no header row (is it empty?)", file=file)
    return rows


def _schema(rows: list[_Row], report: ParseReport) -> str:
    for row in rows:
        kind = row.get("Type").casefold()
        if kind:
            schema = SCHEMAS.get(kind)
            if schema is None:
                report.warn(f"{row.record}: unknown Type {row.get('Type')!r}")
                return "LegalEntity"
            return schema
    return "LegalEntity"


def _build(
    number: str, rows: list[_Row], list_name: str, report: ParseReport
) -> EntityBuilder | None:
    """The group's builder; ``None`` (reported) when no row of the group gives a name."""
    builder = EntityBuilder(f"au:{number}", _schema(rows, report), list_name)
    seen: set[tuple[str, str]] = set()

    def first_time(column: str, row: _Row) -> str | None:
        """The cell's text the first time it is seen in this group, else ``None``."""
        text = row.raw(column)
        if text.casefold() in _BLANK or (column, text) in seen:
            return None
        seen.add((column, text))
        return text

    for row in rows:
        _add_name(builder, row, report)
        if (text := first_time("Date of Birth", row)) is not None:
            _add_birth_dates(builder, text, row.record, report)
        if (text := first_time("Place of Birth", row)) is not None:
            _add_birth_places(builder, text, row.record)
        if (text := first_time("Citizenship", row)) is not None:
            _add_citizenship(builder, text, row.record)
        if (text := first_time("Address", row)) is not None:
            _add_addresses(builder, text, row.record)
        if (text := first_time("Additional Information", row)) is not None:
            _add_information(builder, text, row.record)
        if (text := first_time("Listing Information", row)) is not None:
            builder.add_property("notes", " ".join(text.split()), row.record)
            if match := _LISTING_DATE.search(text):
                date = parse_date(match.group(0), record=row.record)
                if date is not None:
                    builder.add_property("listingDate", date.value, row.record)
        builder.add_property("programId", row.get("Committees"), row.record)
        control = row.get("Control Date")
        if control:
            date = parse_date(control, record=row.record)
            if date is None:
                report.warn(f"{row.record}: Control Date {control!r} is not a date")
            else:
                builder.add_property("modifiedAt", date.value, row.record)
    if not builder.has_names:
        report.warn(
            f"{rows[0].record}: field Name of Individual or Entity: au:{number} has no name "
            "in any row; skipped"
        )
        return None
    return builder


def _add_name(builder: EntityBuilder, row: _Row, report: ParseReport) -> None:
    text = row.get("Name of Individual or Entity")
    if not text:
        return
    name_type = row.get("Name Type")
    kind = NAME_KINDS.get(name_type.casefold())
    if kind is None:
        report.warn(f"{row.record}: unknown Name Type {name_type!r}; read as an alias")
        kind = NameKind.ALIAS
    builder.add_name(Name(text, kind, row.record))


def _add_birth_dates(builder: EntityBuilder, text: str, record: str, report: ParseReport) -> None:
    result = birth_dates(text, record=record)
    for date in result.dates:
        builder.add_birth_date(date)
    for part in result.unparsed:
        builder.add_property("notes", f"Date of birth: {part}", record)
    if result.unparsed and not result.dates:
        report.warn(f"{record}: no date read in Date of Birth {text!r}; kept in notes")


def _last_part(text: str) -> tuple[str, str | None]:
    """The last comma-separated part of ``text`` and its country code, if it is a country."""
    last = text.rsplit(",", 1)[-1].strip(" .")
    return last, resolve_country(last)


def _add_birth_places(builder: EntityBuilder, text: str, record: str) -> None:
    for place in split_enumeration(" ".join(text.split())):
        builder.add_property("birthPlace", place, record)
        last, code = _last_part(place)
        if code:
            builder.add_country(Country(code, CountryRole.BIRTH, last, record))


def _add_citizenship(builder: EntityBuilder, text: str, record: str) -> None:
    for item in split_enumeration(" ".join(text.split())):
        for part in re.split(r"\s+and\s+|\s*[/;,]\s*", item):
            part = part.strip(" .")
            if part:
                builder.add_country(
                    Country(resolve_country(part), CountryRole.CITIZENSHIP, part, record)
                )


def _add_addresses(builder: EntityBuilder, text: str, record: str) -> None:
    for item in split_enumeration(" ".join(text.split())):
        last, code = _last_part(item)
        builder.add_address(
            Address(item, record, country=code, country_text=last if code else None)
        )
        if code:
            builder.add_country(Country(code, CountryRole.COUNTRY, last, record))


def _add_information(builder: EntityBuilder, text: str, record: str) -> None:
    flat = text.replace("\xa0", " ")
    builder.add_property("notes", " ".join(flat.split()), record)
    for number in document_numbers(flat, "passport"):
        builder.add_identifier(
            Identifier(IdentifierKind.PASSPORT, number, record, source_type="Passport")
        )
    for number in document_numbers(flat, "national_id"):
        builder.add_identifier(
            Identifier(
                IdentifierKind.NATIONAL_ID, number, record, source_type="National identification"
            )
        )
    for imo in imo_numbers(flat):
        builder.add_identifier(Identifier(IdentifierKind.IMO, imo, record, source_type="IMO"))
    if match := _GENDER.search(flat):
        builder.add_property("gender", match.group(1).lower(), record)
    for ref in un_references(flat):
        builder.add_relation(Relation(f"un:{ref}", "linked_to", ref, record))
