"""OFSI Consolidated List of Financial Sanctions Targets (``ConList.xlsx`` / ``ConList.csv``).

Layout (both editions): a first row ``Last Updated | dd/mm/yyyy`` (→ ``published``),
then a header row, then one row per name variation of a target. Rows repeat the
target's other facts (and multiply them: one row per name × address × regime), and
share the OFSI ``Group ID``; rows are grouped by it into one entity.

Mapping:

* id ``uk:<UK Sanctions List Ref>`` read from "Other Information"
  (``(UK Sanctions List Ref):RUS1696``), else ``uk:<Group ID>``; the Group ID is kept
  as property ``ofsiGroupId``;
* ``Group Type`` Individual / Entity / Ship → Person / Organization / Vessel;
* names: ``Name 1``…``Name 5`` + ``Name 6`` (surname, or the whole name of an entity)
  with ``Alias Type`` "Primary name" → PRIMARY, "Primary name variation" → ALIAS,
  "AKA"/"Alias" → ALIAS, or WEAK_ALIAS when ``Alias Quality`` is "Low quality",
  "FKA"/"Previous" → PREVIOUS; ``Name Non-Latin Script`` → ALIAS with ``lang`` from
  ``Non-Latin Script Language``; ``Title`` → ``title``;
* ``DOB`` (``dd/mm/yyyy``, ``00/00/1968``) → birth dates; ``Town of Birth`` /
  ``Country of Birth`` → ``birthPlace`` / birth country; ``Nationality`` → nationality;
* ``Passport Number`` / ``National Identification Number`` (+ their details, paired
  item by item when both are enumerated ``(1) … (2) …``) → identifiers (a national
  number whose details or text say INN/TIN/tax is a TAX_ID);
* ``Position`` → ``position``; ``Address 1``…``6``, ``Post/Zip Code``, ``Country`` →
  address and country; ``Regime`` → ``programId``; ``Listed On`` → ``listingDate``;
  ``UK Sanctions List Date Designated`` → ``designationDate``; ``Last Updated`` →
  ``modifiedAt``; ``Other Information`` → see :mod:`interdict.sources.ofsi_remarks`.

Dates that do not parse are kept under ``notes`` with a warning.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Iterable, Iterator, Mapping
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
    parse_date,
)
from interdict.sources.base import ListFormat, ParseReport, ParseResult
from interdict.sources.country_text import resolve_country
from interdict.sources.enumerations import split_enumeration
from interdict.sources.languages import language_code
from interdict.sources.ofsi_remarks import apply_remarks, uk_reference
from interdict.sources.spreadsheet import read_sheet_rows

XLSX = "ConList.xlsx"
CSV = "ConList.csv"
REQUIRED = ("Name 6", "Group Type", "Alias Type", "Group ID")
NAME_PARTS = ("Name 1", "Name 2", "Name 3", "Name 4", "Name 5")
ADDRESS_LINES = ("Address 1", "Address 2", "Address 3", "Address 4", "Address 5", "Address 6")
MAPPED = frozenset(
    {
        *REQUIRED,
        *NAME_PARTS,
        *ADDRESS_LINES,
        "Title",
        "Name Non-Latin Script",
        "Non-Latin Script Type",
        "Non-Latin Script Language",
        "DOB",
        "Town of Birth",
        "Country of Birth",
        "Nationality",
        "Passport Number",
        "Passport Details",
        "National Identification Number",
        "National Identification Details",
        "Position",
        "Post/Zip Code",
        "Country",
        "Other Information",
        "Alias Quality",
        "Regime",
        "Listed On",
        "UK Sanctions List Date Designated",
        "Last Updated",
    }
)
_NAME_COLUMNS = (
    *NAME_PARTS,
    "Name 6",
    "Title",
    "Alias Type",
    "Alias Quality",
    "Name Non-Latin Script",
    "Non-Latin Script Language",
)
_PERSON_COLUMNS = ("DOB", "Town of Birth", "Country of Birth", "Nationality", "Position")
_ID_COLUMNS = (
    "Passport Number",
    "Passport Details",
    "National Identification Number",
    "National Identification Details",
)
_ADDRESS_COLUMNS = (*ADDRESS_LINES, "Post/Zip Code", "Country")
_LISTING_COLUMNS = ("Regime", "Listed On", "UK Sanctions List Date Designated", "Last Updated")
SCHEMAS = {"individual": "Person", "entity": "Organization", "ship": "Vessel"}
_TAX_WORDS = ("inn", "tin", "tax")
_LABELLED_NUMBER = re.compile(r"^([A-Za-z][A-Za-z .]{0,30}):\s*(\S.*)$")


@dataclass(frozen=True, slots=True)
class _Row:
    """One data row; ``columns`` maps the header's column names to cell positions."""

    number: int
    cells: list[str]
    columns: Mapping[str, int]

    def get(self, column: str) -> str:
        index = self.columns.get(column)
        if index is None or index >= len(self.cells):
            return ""
        return self.cells[index].strip()

    def key(self, columns: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(self.get(column) for column in columns)


def _name_kind(alias_type: str, quality: str) -> NameKind | None:
    kind = alias_type.strip().casefold()
    if kind == "primary name":
        return NameKind.PRIMARY
    if kind == "primary name variation":
        return NameKind.ALIAS
    if kind in {"aka", "alias", "a.k.a."}:
        return NameKind.WEAK_ALIAS if "low" in quality.casefold() else NameKind.ALIAS
    if kind in {"fka", "f.k.a.", "previous", "previous name", "formerly known as"}:
        return NameKind.PREVIOUS
    return None


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _csv_rows(data: bytes, file: str) -> Iterator[tuple[int, list[str]]]:
    if not data.strip():
        raise ListFormatError("the file is empty", file=file)
    reader = csv.reader(io.StringIO(_decode(data), newline=""))
    try:
        yield from enumerate(reader, start=1)
    except csv.Error as exc:
        raise ListFormatError(f"malformed CSV: {exc}", file=file) from exc


class OfsiConListFormat(ListFormat):
    """The OFSI ConList, XLSX edition preferred over CSV (same columns)."""

    name = "uk_ofsi_conlist"
    richness = 10

    def select(self, available: Collection[str]) -> tuple[str, ...] | None:
        by_lower = {name.lower(): name for name in available}
        for wanted in (XLSX, CSV):
            if wanted.lower() in by_lower:
                return (by_lower[wanted.lower()],)
        return None

    def parse(self, files: Mapping[str, bytes], *, list_name: str) -> ParseResult:
        if len(files) != 1:
            raise ListFormatError(f"expected one ConList file, got {sorted(files)}")
        file, data = next(iter(files.items()))
        if file.lower().endswith(".csv"):
            raw: Iterable[tuple[int, list[str]]] = _csv_rows(data, file)
        else:
            raw = read_sheet_rows(data, file=file)
        report = ParseReport()
        published, rows = _read_rows(raw, file, report)
        groups: dict[str, list[_Row]] = {}
        for row in rows:
            group_id = row.get("Group ID")
            if not group_id.isdigit():
                report.warn(
                    f"{file}: row {row.number}: field Group ID: {group_id[:30]!r} "
                    "is not a number; row skipped"
                )
                continue
            groups.setdefault(group_id, []).append(row)
        entities = [
            builder.build()
            for group_id, group in groups.items()
            if (builder := _build(group_id, group, file, list_name, report)) is not None
        ]
        if not entities:
            if rows:
                raise ListFormatError(
                    "no group could be read: " + "; ".join(report.warnings[:3]), file=file
                )
            raise ListFormatError("no data rows after the header", file=file)
        return ParseResult(entities=entities, edition=file, published=published, report=report)


def _read_rows(
    raw: Iterable[tuple[int, list[str]]], file: str, report: ParseReport
) -> tuple[str | None, list[_Row]]:
    """The ``Last Updated`` date and the data rows, keyed by header."""
    published: str | None = None
    header: list[str] | None = None
    columns: dict[str, int] = {}
    unmapped: list[tuple[int, str]] = []
    rows: list[_Row] = []
    for number, cells in raw:
        if header is None:
            stripped = [cell.strip() for cell in cells]
            if stripped and stripped[0].casefold() == "last updated" and len(stripped) > 1:
                date = parse_date(stripped[1], record=f"{file}:row={number}")
                published = date.value if date else None
                continue
            if sum(column in stripped for column in REQUIRED) >= 2:
                header = stripped
                missing = [column for column in REQUIRED if column not in header]
                if missing:
                    raise ListFormatError(
                        f"missing required column(s) {', '.join(missing)}",
                        file=file,
                        record=f"row={number}",
                        field=missing[0],
                    )
                columns = {column: index for index, column in enumerate(header) if column}
                unmapped = [
                    (index, column or "(unnamed column)")
                    for index, column in enumerate(header)
                    if column not in MAPPED
                ]
                continue
            if number >= 5 or any(stripped):
                raise ListFormatError(
                    "no header row with the required columns "
                    f"({', '.join(REQUIRED)}) before the data",
                    file=file,
                    record=f"row={number}",
                    field=REQUIRED[0],
                )
            continue
        if not any(cell.strip() for cell in cells):
            continue
        for index, column in unmapped:
            if index < len(cells) and cells[index].strip():
                report.skip_field(file, column)
        rows.append(_Row(number, cells, columns))
    if header is None:
        raise ListFormatError("no header row found (is the file empty?)", file=file)
    return published, rows


def _build(
    group_id: str, rows: list[_Row], file: str, list_name: str, report: ParseReport
) -> EntityBuilder | None:
    """The group's builder; ``None`` (reported) when no row of the group gives a name."""
    first = rows[0]
    reference = uk_reference(first.get("Other Information"))
    entity_id = f"uk:{reference or group_id}"
    group_type = first.get("Group Type")
    schema = SCHEMAS.get(group_type.casefold())
    if schema is None:
        report.warn(f"{file}:row={first.number}: unknown Group Type {group_type!r}")
        schema = "LegalEntity"
    builder = EntityBuilder(entity_id, schema, list_name)
    builder.add_property("ofsiGroupId", group_id, f"{file}:row={first.number}")
    # Rows of a group repeat most cells (one row per name x address x regime): each
    # aspect is mapped once per distinct combination of its cells.
    seen: set[tuple[str, ...]] = set()

    def first_time(aspect: str, row: _Row, columns: tuple[str, ...]) -> bool:
        key = (aspect, *row.key(columns))
        if key in seen:
            return False
        seen.add(key)
        return True

    for row in rows:
        record = f"{file}:row={row.number}"
        if first_time("names", row, _NAME_COLUMNS):
            _add_names(builder, row, record, report)
        if first_time("person", row, _PERSON_COLUMNS):
            _add_person_facts(builder, row, record, report)
        if first_time("ids", row, _ID_COLUMNS):
            _add_identifiers(builder, row, record)
        if first_time("address", row, _ADDRESS_COLUMNS):
            _add_address(builder, row, record)
        if first_time("listing", row, _LISTING_COLUMNS):
            builder.add_property("programId", row.get("Regime"), record)
            for column, prop in (
                ("Listed On", "listingDate"),
                ("UK Sanctions List Date Designated", "designationDate"),
                ("Last Updated", "modifiedAt"),
            ):
                _add_date_property(builder, prop, row.get(column), record, report)
        if first_time("remarks", row, ("Other Information",)):
            remarks = row.get("Other Information")
            apply_remarks(builder, remarks, file=file, record=record, report=report)
    if not builder.has_names:
        report.warn(
            f"{file}:row={first.number}: field Name 6: group {group_id} ({entity_id}) "
            "has no name; skipped"
        )
        return None
    return builder


def _add_names(builder: EntityBuilder, row: _Row, record: str, report: ParseReport) -> None:
    alias_type = row.get("Alias Type")
    kind = _name_kind(alias_type, row.get("Alias Quality"))
    if kind is None:
        report.warn(f"{record}: unknown Alias Type {alias_type!r}; read as an alias")
        kind = NameKind.ALIAS
    parts = [row.get(column) for column in NAME_PARTS]
    last = row.get("Name 6")
    full = " ".join(part for part in (*parts, last) if part)
    titles = split_enumeration(row.get("Title"))
    builder.add_properties("title", titles, record)
    if full:
        if builder.schema == "Person":
            middle = " ".join(part for part in parts[1:] if part)
            builder.add_name(
                Name(
                    full,
                    kind,
                    record,
                    first_name=parts[0] or None,
                    middle_name=middle or None,
                    last_name=last or None,
                    title=titles[0] if kind is NameKind.PRIMARY and len(titles) == 1 else None,
                )
            )
        else:
            builder.add_name(Name(full, kind, record))
    script = row.get("Name Non-Latin Script")
    if script:
        lang = language_code(row.get("Non-Latin Script Language"))
        builder.add_name(Name(script, NameKind.ALIAS, record, lang=lang))


def _add_date_property(
    builder: EntityBuilder, prop: str, text: str, record: str, report: ParseReport
) -> None:
    if not text:
        return
    date = parse_date(text, record=record)
    if date is None:
        report.warn(f"{record}: {prop} {text!r} is not a date; kept in notes")
        builder.add_property("notes", f"{prop}: {text}", record)
    else:
        builder.add_property(prop, date.value, record)


def _add_person_facts(builder: EntityBuilder, row: _Row, record: str, report: ParseReport) -> None:
    for text in split_enumeration(row.get("DOB")):
        date = parse_date(text, record=record)
        if date is None:
            report.warn(f"{record}: DOB {text!r} is not a date; kept in notes")
            builder.add_property("notes", f"Date of birth: {text}", record)
        builder.add_birth_date(date)
    towns = split_enumeration(row.get("Town of Birth"))
    countries = split_enumeration(row.get("Country of Birth"))
    for country in countries:
        builder.add_country(Country(resolve_country(country), CountryRole.BIRTH, country, record))
    if towns:
        if len(towns) == len(countries):
            places = [f"{town}, {country}" for town, country in zip(towns, countries, strict=True)]
        else:
            places = towns
        builder.add_properties("birthPlace", places, record)
    for nationality in split_enumeration(row.get("Nationality")):
        builder.add_country(
            Country(resolve_country(nationality), CountryRole.NATIONALITY, nationality, record)
        )
    builder.add_properties("position", split_enumeration(row.get("Position")), record)


def _paired(numbers_text: str, details_text: str) -> list[tuple[str, str | None]]:
    """Numbers with their details, item by item when both cells are enumerated alike."""
    numbers = split_enumeration(numbers_text)
    details = split_enumeration(details_text)
    if len(numbers) == len(details):
        return list(zip(numbers, [d or None for d in details], strict=True))
    note = details_text.strip() or None
    return [(number, note) for number in numbers]


def _labelled(number: str, default: str) -> tuple[str, str]:
    """``("0012345", "TIN")`` for ``"TIN: 0012345"``; the number and ``default`` otherwise."""
    match = _LABELLED_NUMBER.match(number)
    if match:
        return match.group(2), match.group(1).strip()
    return number, default


def _add_identifiers(builder: EntityBuilder, row: _Row, record: str) -> None:
    for text, note in _paired(row.get("Passport Number"), row.get("Passport Details")):
        number, label = _labelled(text, "Passport")
        builder.add_identifier(
            Identifier(IdentifierKind.PASSPORT, number, record, source_type=label, note=note)
        )
    for text, note in _paired(
        row.get("National Identification Number"), row.get("National Identification Details")
    ):
        number, label = _labelled(text, "National Identification Number")
        words = f"{label} {note or ''}".casefold().replace("–", " ").replace(":", " ").split()
        is_tax = any(word in _TAX_WORDS for word in words)
        kind = IdentifierKind.TAX_ID if is_tax else IdentifierKind.NATIONAL_ID
        builder.add_identifier(Identifier(kind, number, record, source_type=label, note=note))


def _add_address(builder: EntityBuilder, row: _Row, record: str) -> None:
    lines = [row.get(column) for column in ADDRESS_LINES]
    postal = row.get("Post/Zip Code")
    country_text = row.get("Country")
    code = resolve_country(country_text) if country_text else None
    if country_text:
        builder.add_country(Country(code, CountryRole.COUNTRY, country_text, record))
    if any(lines) or postal:
        full = ", ".join(part for part in (*lines, postal, country_text) if part)
        builder.add_address(
            Address(
                full,
                record,
                postal_code=postal or None,
                country=code,
                country_text=country_text or None,
            )
        )
