"""The US Consolidated Screening List CSV of trade.gov (``consolidated.csv[.gz]``).

One row per (party × sub-list): OFAC's SDN, SSI, CAPTA, ... lists, BIS's Entity,
Denied Persons, Unverified and Military End User lists, State's ITAR debarred
and nonproliferation lists. Rows sharing an ``_id`` (one OFAC party on several
Treasury lists) are merged into one entity ``us_csl:<_id>``; every value's record
is ``consolidated.csv:_id=<_id>``. A gzip-compressed file is decompressed in
process.

Mapping: ``type`` Individual/Entity/Vessel/Aircraft → Person/Organization/Vessel/
Airplane (empty → LegalEntity); ``name`` → primary name (``"LAST, First"`` split
for people); ``alt_names`` (``;``) → aliases; ``programs`` (``;``) → ``programId``,
or the sub-list's abbreviation (``EL``, ``DPL``, ...) when a row has none; the
sub-list's full name → ``notes`` (``"Listed on: ..."``); ``entity_number`` →
``ofacId`` for Treasury lists; ``title`` → ``position`` (people) or ``notes``;
``addresses`` (``;``) → addresses + country (the trailing ISO code);
``start_date`` → ``listingDate``; ``end_date``, ``federal_register_notice``,
``license_requirement``, ``license_policy``, ``remarks`` → ``notes``;
``(Linked To: X)`` in remarks → relation; ``call_sign`` → ``callSign``;
``vessel_type`` → ``type``; ``gross_tonnage`` → ``tonnage``;
``gross_registered_tonnage`` → ``grossRegisteredTonnage``; ``vessel_flag`` →
flag; ``vessel_owner`` → owner relation; ``source_list_url`` and
``source_information_url`` → ``sourceUrl``; ``citizenships``/``nationalities``
(``;``, ISO codes) → countries; ``dates_of_birth`` (``;``) → birth dates;
``places_of_birth`` (``;``) → ``birthPlace``; ``ids`` (``"[country, ][dates, ]number,
type"`` groups separated by ``;``) → identifiers or properties (table
``_ID_TYPES``). ``standard_order`` and unknown columns are reported as skipped.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import zlib
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
    country_code,
    parse_date,
)
from interdict.sources.base import ListFormat, ParseReport, ParseResult
from interdict.sources.name_cleanup import clean_name, clean_text

_SCHEMAS = {
    "individual": "Person",
    "entity": "Organization",
    "vessel": "Vessel",
    "aircraft": "Airplane",
    "": "LegalEntity",
}
_K = IdentifierKind
# Source id label → identifier kind, "prop:<property>" for values that are not
# identifiers, "note" for remarks kept as notes, "flag" for a registration country. Labels not listed become IdentifierKind.OTHER with source_type set.
_ID_TYPES: dict[str, IdentifierKind | str] = {
    "passport": _K.PASSPORT,
    "diplomatic passport": _K.PASSPORT,
    "national id no.": _K.NATIONAL_ID,
    "cedula no.": _K.NATIONAL_ID,
    "c.u.r.p.": _K.NATIONAL_ID,
    "d.n.i.": _K.NATIONAL_ID,
    "national foreign id number": _K.NATIONAL_ID,
    "personal id card": _K.NATIONAL_ID,
    "ssn": _K.NATIONAL_ID,
    "tax id no.": _K.TAX_ID,
    "nit #": _K.TAX_ID,
    "r.f.c.": _K.TAX_ID,
    "ruc #": _K.TAX_ID,
    "v.a.t. number": _K.TAX_ID,
    "rsin": _K.TAX_ID,
    "registration number": _K.REGISTRATION,
    "registration id": _K.REGISTRATION,
    "company number": _K.REGISTRATION,
    "commercial registry number": _K.REGISTRATION,
    "business registration number": _K.REGISTRATION,
    "business registration document #": _K.REGISTRATION,
    "chamber of commerce number": _K.REGISTRATION,
    "c.r. no.": _K.REGISTRATION,
    "folio mercantil no.": _K.REGISTRATION,
    "matricula mercantil no": _K.REGISTRATION,
    "unified social credit code (uscc)": _K.REGISTRATION,
    "public registration number": _K.REGISTRATION,
    "government gazette number": _K.REGISTRATION,
    "vessel registration identification": _K.IMO,
    "mmsi": _K.MMSI,
    "swift/bic": _K.SWIFT_BIC,
    "lei": _K.LEI,
    "aircraft manufacturer's serial number (msn)": _K.AIRCRAFT_SERIAL,
    "aircraft tail number": _K.AIRCRAFT_TAIL,
    "gender": "prop:gender",
    "website": "prop:website",
    "email address": "prop:email",
    "phone number": "prop:phone",
    "aircraft model": "prop:model",
    "aircraft manufacture date": "prop:buildDate",
    "vessel year of build": "prop:buildDate",
    "organization established date": "prop:incorporationDate",
    "italian fiscal code": _K.TAX_ID,
    "rfc": _K.TAX_ID,
    "us fein": _K.TAX_ID,
    "rif #": _K.TAX_ID,
    "inn": _K.TAX_ID,
    "uk company number": _K.REGISTRATION,
    "enterprise number": _K.REGISTRATION,
    "trade license no.": _K.REGISTRATION,
    "legal entity number": _K.LEI,
    "nationality of registration": "flag",
    "aircraft operator": "note",
    "target type": "note",
    "former vessel flag": "note",
    "issuer name": "note",
    "effective date (cmic)": "note",
    "listing date (cmic)": "note",
    "purchase/sales for divestment date (cmic)": "note",
    "executive order 14024 directive information": "note",
}
_NOTE_SUFFIXES = (":", " -")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CC = re.compile(r"^[A-Z]{2}$")
_LINKED_TO = "(Linked To: "
_SUBLIST = re.compile(r"\(([^)]+)\)")
_MAPPED = frozenset(
    (
        "_id",
        "source",
        "entity_number",
        "type",
        "programs",
        "name",
        "title",
        "addresses",
        "federal_register_notice",
        "start_date",
        "end_date",
        "license_requirement",
        "license_policy",
        "call_sign",
        "vessel_type",
        "gross_tonnage",
        "gross_registered_tonnage",
        "vessel_flag",
        "vessel_owner",
        "remarks",
        "source_list_url",
        "alt_names",
        "citizenships",
        "dates_of_birth",
        "nationalities",
        "places_of_birth",
        "source_information_url",
        "ids",
    )
)
_REQUIRED = ("_id", "source", "name")


def _split(value: str) -> list[str]:
    return [p for p in (clean_text(x) for x in value.split(";")) if p]


def linked_to(remarks: str) -> list[str]:
    """The names in ``(Linked To: NAME)`` remarks; NAME may hold parentheses itself."""
    names: list[str] = []
    start = remarks.find(_LINKED_TO)
    while start >= 0:
        begin = start + len(_LINKED_TO)
        depth = 1
        end = begin
        while end < len(remarks) and depth:
            depth += {"(": 1, ")": -1}.get(remarks[end], 0)
            end += 1
        if depth == 0 and (name := remarks[begin : end - 1].strip()):
            names.append(name)
        start = remarks.find(_LINKED_TO, end)
    return names


def _sublist_code(source: str) -> str:
    """``"Entity List (EL) - Bureau of Industry and Security"`` → ``"EL"``."""
    match = _SUBLIST.search(source)
    return match.group(1) if match else source


@dataclass(frozen=True, slots=True)
class IdItem:
    """One ``ids`` group: ``[country, ][date, [date, ]]number, type``."""

    type: str
    number: str
    country: str | None = None
    dates: tuple[str, ...] = ()


def parse_id_item(text: str) -> IdItem | None:
    """Split one ``ids`` group; ``None`` when it has no ``number, type`` pair."""
    parts = [p.strip() for p in text.split(", ")]
    if len(parts) < 2:
        return None
    label = parts.pop()
    country = parts.pop(0) if len(parts) > 1 and _CC.match(parts[0]) else None
    dates: list[str] = []
    while len(parts) > 1 and _DATE.match(parts[0]):
        dates.append(parts.pop(0))
    number = ", ".join(parts).strip()
    if not number or not label:
        return None
    return IdItem(label, number, country, tuple(dates))


def _name(full: str, kind: NameKind, record: str, *, person: bool) -> Name:
    """A name; OFAC-style ``"LAST, First"`` of a person gives its last and first names."""
    if person and full.count(", ") == 1:
        last, first = (p.strip() for p in full.split(", "))
        return Name(full, kind, record, first_name=first or None, last_name=last or None)
    return Name(full, kind, record)


def _decompress(name: str, data: bytes) -> bytes:
    if name.casefold().endswith(".gz") or data[:2] == b"\x1f\x8b":
        try:
            return gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            raise ListFormatError(f"corrupt or truncated gzip data: {exc}", file=name) from exc
    return data


class _RowMapper:
    def __init__(self, file: str, list_name: str, report: ParseReport) -> None:
        self.file = file
        self.list_name = list_name
        self.report = report

    def builder(self, row: Mapping[str, str], line: int) -> EntityBuilder:
        row_id = row["_id"]
        kind = row.get("type", "").casefold()
        schema = _SCHEMAS.get(kind)
        if schema is None:
            self.report.warn(f"{self.file}: line {line}: unknown type {kind!r}; LegalEntity")
            schema = "LegalEntity"
        return EntityBuilder(f"us_csl:{row_id}", schema, self.list_name)

    def add(self, b: EntityBuilder, row: Mapping[str, str], name: str) -> None:
        """Map ``row`` (whose cleaned, non-empty ``name`` is given) into ``b``."""
        record = f"{self.file}:_id={row['_id']}"
        source = row["source"]
        self._names(b, row, name, record)
        programs = _split(row.get("programs", ""))
        b.add_properties("programId", programs or [_sublist_code(source)], record)
        b.add_property("notes", f"Listed on: {source}" if source else None, record)
        if "treasury" in source.casefold() and (number := row.get("entity_number", "")):
            b.add_property("ofacId", number, record)
        if title := row.get("title"):
            b.add_property("position" if b.schema == "Person" else "notes", title, record)
        for address in _split(row.get("addresses", "")):
            self._address(b, address, record)
        start = parse_date(row.get("start_date"))
        if start is not None:
            b.add_property("listingDate", start.value, record)
        for key, label in (
            ("end_date", "End date"),
            ("federal_register_notice", "Federal Register"),
            ("license_requirement", "License requirement"),
            ("license_policy", "License policy"),
        ):
            if value := row.get(key):
                b.add_property("notes", f"{label}: {value}", record)
        if remarks := row.get("remarks"):
            b.add_property("notes", remarks, record)
            for name in linked_to(remarks):
                b.add_relation(Relation(None, "linked_to", name, record))
        b.add_property("callSign", row.get("call_sign"), record)
        b.add_property("type", row.get("vessel_type"), record)
        b.add_property("tonnage", row.get("gross_tonnage"), record)
        b.add_property("grossRegisteredTonnage", row.get("gross_registered_tonnage"), record)
        if flag := row.get("vessel_flag"):
            b.add_country(Country(country_code(flag), CountryRole.FLAG, flag, record))
        if owner := row.get("vessel_owner"):
            b.add_relation(Relation(None, "owner", owner, record))
        b.add_property("sourceUrl", row.get("source_list_url"), record)
        b.add_property("sourceUrl", row.get("source_information_url"), record)
        for key, role in (
            ("citizenships", CountryRole.CITIZENSHIP),
            ("nationalities", CountryRole.NATIONALITY),
        ):
            for text in _split(row.get(key, "")):
                b.add_country(Country(country_code(text), role, text, record))
        for text in _split(row.get("dates_of_birth", "")):
            date = parse_date(text, record=record)
            if date is None:
                self.report.warn(f"{record}: unparsed date of birth {text!r}")
                b.add_property("notes", f"Date of birth: {text}", record)
            b.add_birth_date(date)
        b.add_properties("birthPlace", _split(row.get("places_of_birth", "")), record)
        for item in _split(row.get("ids", "")):
            self._id(b, item, record)

    def _names(self, b: EntityBuilder, row: Mapping[str, str], name: str, record: str) -> None:
        person = b.schema == "Person"
        b.add_name(_name(name, NameKind.PRIMARY, record, person=person))
        for alias in _split(row.get("alt_names", "")):
            if cleaned := clean_name(alias):
                b.add_name(_name(cleaned, NameKind.ALIAS, record, person=person))

    def _address(self, b: EntityBuilder, text: str, record: str) -> None:
        parts = [p.strip() for p in text.split(",") if p.strip()]
        code = None
        country_text = None
        if parts and _CC.match(parts[-1]):
            country_text = parts[-1]
            code = country_code(country_text)
        if code is not None and len(parts) == 1:
            # Only a country: not an address.
            b.add_country(Country(code, CountryRole.COUNTRY, country_text or "", record))
            return
        b.add_address(Address(text, record, country=code, country_text=country_text))
        if code is not None:
            b.add_country(Country(code, CountryRole.COUNTRY, country_text or "", record))

    def _id(self, b: EntityBuilder, text: str, record: str) -> None:
        item = parse_id_item(text)
        if item is None:
            b.add_property("notes", text, record)
            return
        label = item.type
        folded = label.casefold()
        target = _ID_TYPES.get(folded)
        if target is None and folded.startswith("digital currency address - "):
            currency = label.rsplit("-", 1)[-1].strip()
            b.add_identifier(
                Identifier(
                    _K.CRYPTO_WALLET, item.number, record, source_type=label, currency=currency
                )
            )
            return
        if target is None and folded.endswith(_NOTE_SUFFIXES):
            # "Secondary sanctions risk:", "Additional Sanctions Information -", ...
            b.add_property("notes", f"{label.rstrip(' :-')}: {item.number}", record)
            return
        if target == "note":
            b.add_property("notes", f"{label}: {item.number}", record)
            return
        if target == "flag":
            code = country_code(item.number)
            b.add_country(Country(code, CountryRole.FLAG, item.number, record))
            return
        if isinstance(target, str) and not isinstance(target, IdentifierKind):
            prop = target.removeprefix("prop:")
            value = item.number
            if prop == "gender":
                value = value.casefold()
            elif prop in ("buildDate", "incorporationDate"):
                date = parse_date(value)
                value = date.value if date is not None else value
            b.add_property(prop, value, record)
            return
        kind = target if isinstance(target, IdentifierKind) else _K.OTHER
        number = item.number
        if kind is _K.IMO:
            if number.upper().startswith("IMO"):
                number = number[3:].strip(" :")
            else:
                kind = _K.OTHER
        country = country_code(item.country) if item.country else None
        issued = expires = None
        note = None
        if len(item.dates) == 2:
            expires, issued = item.dates
        elif item.dates:
            note = f"date {item.dates[0]}"
        b.add_identifier(
            Identifier(
                kind,
                number,
                record,
                country=country,
                source_type=label,
                issued=issued,
                expires=expires,
                note=note,
            )
        )


class UsCslFormat(ListFormat):
    """trade.gov's Consolidated Screening List, ``consolidated.csv`` or ``.csv.gz``."""

    name = "us_csl_csv"
    richness = 10

    def select(self, available: Collection[str]) -> tuple[str, ...] | None:
        by_name = {n.casefold(): n for n in available}
        for wanted in ("consolidated.csv", "consolidated.csv.gz"):
            if wanted in by_name:
                return (by_name[wanted],)
        return None

    def parse(self, files: Mapping[str, bytes], *, list_name: str) -> ParseResult:
        if not files:
            raise ListFormatError("no file given", file="consolidated.csv")
        name, data = next(iter(files.items()))
        name = name.rsplit("/", 1)[-1]
        data = _decompress(name, data)
        file = name.removesuffix(".gz").removesuffix(".GZ")
        if not data.strip():
            raise ListFormatError("the file is empty", file=name)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ListFormatError(f"not UTF-8: {exc}", file=name) from exc
        if not text.strip():
            raise ListFormatError("the file is empty", file=name)
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        header = [h.strip() for h in next(reader, [])]
        for required in _REQUIRED:
            if required not in header:
                raise ListFormatError("required column is missing", file=name, field=required)
        unknown = [(i, h) for i, h in enumerate(header) if h not in _MAPPED and h]
        report = ParseReport()
        mapper = _RowMapper(file, list_name, report)
        builders: dict[str, EntityBuilder] = {}
        rows = 0
        width = len(header)
        try:
            for line, cells in enumerate(reader, start=2):
                if not any(c.strip() for c in cells):
                    continue
                if len(cells) < width:
                    cells = cells + [""] * (width - len(cells))
                row = {h: c.strip() for h, c in zip(header, cells, strict=False)}
                rows += 1
                row_id = row["_id"]
                if not row_id:
                    report.warn(f"{file}: line {line}: field _id: empty; row skipped")
                    continue
                primary = clean_name(row.get("name"))
                if primary is None:
                    report.warn(
                        f"{file}: line {line}: _id={row_id}: field name: empty or a placeholder; "
                        "row skipped"
                    )
                    continue
                for index, column in unknown:
                    if cells[index].strip():
                        report.skip_field(file, column)
                builder = builders.get(row_id)
                if builder is None:
                    builder = builders[row_id] = mapper.builder(row, line)
                mapper.add(builder, row, primary)
        except csv.Error as exc:
            raise ListFormatError(f"malformed CSV: {exc}", file=name) from exc
        if not builders:
            if rows:
                raise ListFormatError(
                    "no row could be read: " + "; ".join(report.warnings[:3]), file=name
                )
            raise ListFormatError("no data rows after the header", file=name)
        return ParseResult(
            entities=[b.build() for b in builders.values()],
            edition=name,
            published=None,
            report=report,
        )


__all__ = ["IdItem", "UsCslFormat", "linked_to", "parse_id_item"]
