"""Custom lists: a firm's own internal watch lists as a simple CSV file.

Format
======

A UTF-8 text file (a byte-order mark is allowed), comma-separated, fields quoted
with ``"`` when they contain commas, quotes or line breaks (RFC 4180). The first
line is a header naming the columns; column names are case-insensitive and may
come in any order. One row per listed party. Each file in ``custom/`` is one list,
named after the file (``custom/internal_blocklist.csv`` → list
``internal_blocklist``); entity ids are ``<list name>:<id>``.

=============  ========  ===============================================================
column         required  content
=============  ========  ===============================================================
``id``         yes       the firm's stable identifier of the party, unique in the file
``name``       yes       the party's main name, as it should be displayed
``type``       no        ``person``, ``organization`` (or ``organisation``), ``company``,
                         ``vessel``, ``aircraft``; empty = unknown type
``aliases``    no        other names, separated by ``|``
``birth_date`` no        ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or another form that
                         :func:`interdict.model.parse_date` reads (``12 Sep 1968``,
                         ``circa 1960``, ``1960 to 1962``); several separated by ``|``
``country``    no        country of residence / operation / registration: name or ISO
                         code; several separated by ``|``
``nationality`` no       nationality of a person: name or ISO code; ``|``-separated
``id_number``  no        identifying numbers: a national id for a person, an IMO number
                         for a vessel, a tail number for an aircraft, a registration
                         number otherwise; ``|``-separated
``passport``   no        passport numbers, ``|``-separated
``address``    no        one postal address on one line
``program``    no        programme or reason for listing, ``|``-separated
``notes``      no        free text
=============  ========  ===============================================================

Example::

    id,name,type,aliases,birth_date,country,nationality,id_number,passport,address,program,notes
    C-001,John Example,person,Johnny Example|J. Example,1970-05-01,GB,GB,,123456789,,INTERNAL,
    C-002,Acme Trading Ltd,organization,Acme Trading,,AE,,1234567,,"PO Box 1, Dubai",INTERNAL,

Validation: a missing ``id`` or ``name`` column, an empty id or name, a duplicate
id, an unknown ``type`` or an unreadable ``birth_date`` raise
:class:`interdict.errors.ListFormatError` naming the file, line and column.
Columns other than those above are ignored and counted in the parse report
(``report.unconsumed``). Country values that cannot be resolved are kept as text
with a warning.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping

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
    country_code,
    parse_date,
)
from interdict.sources.base import ParseReport, ParseResult, SingleFileFormat
from interdict.sources.name_cleanup import clean_name, clean_text

COLUMNS = (
    "id",
    "name",
    "type",
    "aliases",
    "birth_date",
    "country",
    "nationality",
    "id_number",
    "passport",
    "address",
    "program",
    "notes",
)
REQUIRED = ("id", "name")
_TYPES = {
    "": "LegalEntity",
    "person": "Person",
    "individual": "Person",
    "organization": "Organization",
    "organisation": "Organization",
    "company": "Company",
    "vessel": "Vessel",
    "aircraft": "Airplane",
}
_ID_KIND = {
    "Person": IdentifierKind.NATIONAL_ID,
    "Vessel": IdentifierKind.IMO,
    "Airplane": IdentifierKind.AIRCRAFT_TAIL,
}


def _multi(value: str) -> list[str]:
    return [p for p in (clean_text(x) for x in value.split("|")) if p]


class CustomCsvFormat(SingleFileFormat):
    """A custom list CSV file (format in this module's docstring)."""

    name = "custom_csv"
    richness = 10

    def parse(self, files: Mapping[str, bytes], *, list_name: str) -> ParseResult:
        return _parse(self.file_data(files), self.file_name, list_name)


def _parse(data: bytes, file: str, list_name: str) -> ParseResult:
    if not data.strip():
        raise ListFormatError("the file is empty", file=file)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ListFormatError(f"not UTF-8: {exc}", file=file) from exc
    if not text.strip():
        raise ListFormatError("the file is empty", file=file)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip().casefold() for h in next(reader, [])]
    except csv.Error as exc:
        raise ListFormatError(f"malformed CSV header: {exc}", file=file) from exc
    for required in REQUIRED:
        if required not in header:
            raise ListFormatError("required column is missing", file=file, field=required)
    duplicates = {h for h in header if h and header.count(h) > 1}
    if duplicates:
        raise ListFormatError(
            "column appears more than once", file=file, field=", ".join(sorted(duplicates))
        )
    unknown = [(i, h) for i, h in enumerate(header) if h not in COLUMNS]
    report = ParseReport()
    entities = []
    seen: dict[str, int] = {}
    try:
        for line, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            cells = cells + [""] * (len(header) - len(cells))
            row = {h: cells[i].strip() for i, h in enumerate(header) if h in COLUMNS}
            for index, column in unknown:
                if cells[index].strip():
                    report.skip_field(file, column or f"column {index + 1}")
            if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
                raise ListFormatError(
                    f"{len(cells)} fields but the header has {len(header)}",
                    file=file,
                    record=f"line {line}",
                )
            row_id = row.get("id", "")
            if not row_id:
                raise ListFormatError("empty id", file=file, record=f"line {line}", field="id")
            if row_id in seen:
                raise ListFormatError(
                    f"duplicate id {row_id!r} (first on line {seen[row_id]})",
                    file=file,
                    record=f"line {line}",
                    field="id",
                )
            seen[row_id] = line
            entities.append(_row(row, line, file, list_name, report).build())
    except csv.Error as exc:
        raise ListFormatError(f"malformed CSV: {exc}", file=file) from exc
    return ParseResult(entities=entities, edition=file, published=None, report=report)


def _row(
    row: Mapping[str, str], line: int, file: str, list_name: str, report: ParseReport
) -> EntityBuilder:
    where = f"line {line}"
    record = f"{file}:line={line}"
    kind = row.get("type", "").casefold()
    schema = _TYPES.get(kind)
    if schema is None:
        raise ListFormatError(
            f"unknown type {row.get('type')!r}; expected one of "
            + ", ".join(t for t in _TYPES if t),
            file=file,
            record=where,
            field="type",
        )
    name = clean_name(row.get("name"))
    if name is None:
        raise ListFormatError("empty name", file=file, record=where, field="name")
    b = EntityBuilder(f"{list_name}:{row['id']}", schema, list_name)
    b.add_name(Name(name, NameKind.PRIMARY, record))
    for alias in _multi(row.get("aliases", "")):
        if cleaned := clean_name(alias):
            b.add_name(Name(cleaned, NameKind.ALIAS, record))
    for text in _multi(row.get("birth_date", "")):
        date = parse_date(text, record=record)
        if date is None:
            raise ListFormatError(
                f"unreadable date {text!r}", file=file, record=where, field="birth_date"
            )
        b.add_birth_date(date)
    for column, role in (
        ("country", CountryRole.COUNTRY),
        ("nationality", CountryRole.NATIONALITY),
    ):
        for text in _multi(row.get(column, "")):
            code = country_code(text)
            if code is None:
                report.warn(f"{file}: {where}: unknown {column} {text!r}; kept as text")
            b.add_country(Country(code, role, text, record))
    id_kind = _ID_KIND.get(schema, IdentifierKind.REGISTRATION)
    for number in _multi(row.get("id_number", "")):
        kind = id_kind
        if kind is IdentifierKind.IMO:
            stripped = number.upper().removeprefix("IMO").strip(" :")
            if stripped.isdigit() and len(stripped) == 7:
                number = stripped
            else:
                kind = IdentifierKind.OTHER
        b.add_identifier(Identifier(kind, number, record, source_type="id_number"))
    for number in _multi(row.get("passport", "")):
        b.add_identifier(
            Identifier(IdentifierKind.PASSPORT, number, record, source_type="passport")
        )
    if address := clean_text(row.get("address")):
        b.add_address(Address(address, record))
    b.add_properties("programId", _multi(row.get("program", "")), record)
    b.add_property("notes", row.get("notes"), record)
    return b
