"""OFAC's CSV editions: the SDN set (``sdn.csv`` ...) and the consolidated set (``cons_prim.csv`` ...).

Files have no header; the null value is ``-0-`` (with a trailing space); a publication ends
with CRLF and a 0x1A byte. Text is UTF-8, older files cp1252 (latin-1 as the last resort).

* primary file (``sdn.csv`` / ``cons_prim.csv``), 12 columns: ent_num, SDN_Name, SDN_Type,
  Program (``"NPWMD] [IFSR"``), Title, Call_Sign, Vess_type, Tonnage, GRT, Vess_flag,
  Vess_owner, Remarks;
* aliases (``alt.csv`` / ``cons_alt.csv``): ent_num, alt_num, alt_type (aka/fka/nka),
  alt_name, alt_remarks;
* addresses (``add.csv`` / ``cons_add.csv``): ent_num, add_num, address, city/state/postal,
  country, add_remarks;
* remarks overflow (``sdn_comments.csv`` / ``cons_comments.csv``): ent_num, the rest of the
  Remarks text, which OFAC cuts at 1,000 characters in the primary file.

Companion rows whose ent_num is not in the primary file are orphans (counted, skipped): OFAC's
companion files can be newer than the primary file. An overflow row is appended to the
Remarks only when the Remarks are cut (1,000 characters or no closing full stop); otherwise the
overflow belongs to another publication, and only its whole fragments are used (warned).
Remarks fragments are read by :mod:`interdict.sources.ofac_remarks`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass

from interdict.errors import ListFormatError
from interdict.model import (
    Country,
    CountryRole,
    EntityBuilder,
    Name,
    NameKind,
    country_code,
)
from interdict.sources.base import ListFormat, ParseReport, ParseResult
from interdict.sources.ofac_links import resolve_links
from interdict.sources.ofac_remarks import RemarksContext, parse_remarks

NULL = "-0-"
#: OFAC cuts the primary file's Remarks at this length and continues them in the comments file.
REMARKS_LIMIT = 1000
SCHEMA_BY_TYPE = {
    "": "Organization",
    "individual": "Person",
    "vessel": "Vessel",
    "aircraft": "Airplane",
}
ALT_KINDS = {"aka": NameKind.ALIAS, "fka": NameKind.PREVIOUS, "nka": NameKind.ALIAS}
_PROGRAM_SPLIT = re.compile(r"\]\s*\[")


@dataclass(frozen=True, slots=True)
class _Files:
    primary: str
    add: str
    alt: str
    comments: str


_EDITIONS = {
    "sdn": _Files("sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"),
    "cons": _Files("cons_prim.csv", "cons_add.csv", "cons_alt.csv", "cons_comments.csv"),
}


def decode(data: bytes, file: str) -> str:
    """The text of an OFAC CSV file; the 0x1A trailer removed. Empty files raise."""
    body = data.rstrip(b"\x1a\r\n\t ")
    if not body:
        raise ListFormatError("the file is empty", file=file)
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return body.decode("cp1252")
    except UnicodeDecodeError:
        return body.decode("latin-1")


def cell(value: str) -> str:
    """A cell's text with OFAC's ``-0-`` null as the empty string."""
    text = value.strip()
    return "" if text == NULL else text


def read_rows(
    data: bytes, file: str, columns: int, report: ParseReport
) -> Iterator[tuple[str, list[str]]]:
    """``(ent_num, row)`` per data row with ``columns`` cells and a numeric ``ent_num``.

    A row with a non-numeric ``ent_num`` or the wrong number of cells is reported with a
    warning naming the file, line and field, and skipped. A short *last* row is a file cut
    inside a row and raises, as does malformed CSV (a quote left open).
    """
    text = decode(data, file)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    short_last: tuple[int, int] | None = None
    try:
        for row in reader:
            if not row or (len(row) == 1 and not row[0].strip("\x1a \t")):
                continue
            if short_last is not None:
                _warn_columns(report, file, *short_last, columns)
                short_last = None
            ent_num = row[0].strip()
            if not ent_num.isdigit():
                report.warn(
                    f"{file}: line {reader.line_num}: field ent_num: {ent_num[:30]!r} "
                    "is not a number; row skipped"
                )
                continue
            if len(row) != columns:
                if len(row) < columns:
                    short_last = (reader.line_num, len(row))
                else:
                    _warn_columns(report, file, reader.line_num, len(row), columns)
                continue
            yield ent_num, row
    except csv.Error as exc:
        raise ListFormatError(
            f"malformed CSV: {exc}", file=file, record=f"line {reader.line_num}"
        ) from exc
    if short_last is not None:
        raise ListFormatError(
            f"expected {columns} columns, found {short_last[1]} in the last row "
            "(truncated or not OFAC CSV?)",
            file=file,
            record=f"line {short_last[0]}",
        )


def _warn_columns(report: ParseReport, file: str, line: int, found: int, columns: int) -> None:
    report.warn(f"{file}: line {line}: expected {columns} columns, found {found}; row skipped")


def split_programs(text: str) -> list[str]:
    """``"NPWMD] [IFSR"`` → ``["NPWMD", "IFSR"]``."""
    return [p.strip() for p in _PROGRAM_SPLIT.split(text.strip().strip("[]")) if p.strip()]


def person_name(full: str, kind: NameKind, record: str, *, person: bool) -> Name:
    """A name as OFAC writes it; for people ``LAST, First`` fills last/first name."""
    if person and ", " in full:
        last, first = full.split(", ", 1)
        return Name(full, kind, record, first_name=first.strip(), last_name=last.strip())
    return Name(full, kind, record)


class OfacCsvFormat(ListFormat):
    """OFAC's CSV set: ``OfacCsvFormat("sdn")`` or ``OfacCsvFormat("cons")``."""

    name = "ofac_csv"
    richness = 10

    def __init__(self, edition: str = "sdn") -> None:
        if edition not in _EDITIONS:
            raise ValueError(f"unknown OFAC CSV edition {edition!r}; use 'sdn' or 'cons'")
        self.edition = edition
        self.files = _EDITIONS[edition]

    def select(self, available: Collection[str]) -> tuple[str, ...] | None:
        by_lower = {name.lower(): name for name in available}
        primary = by_lower.get(self.files.primary)
        if primary is None:
            return None
        companions = (self.files.add, self.files.alt, self.files.comments)
        return (primary, *(by_lower[c] for c in companions if c in by_lower))

    def parse(self, files: Mapping[str, bytes], *, list_name: str) -> ParseResult:
        by_lower = {name.lower(): name for name in files}
        primary = by_lower.get(self.files.primary)
        if primary is None:
            raise ListFormatError("required file is missing", file=self.files.primary)
        report = ParseReport()
        names = {self.files.primary: primary}
        for logical in (self.files.add, self.files.alt, self.files.comments):
            if logical in by_lower:
                names[logical] = by_lower[logical]
        overflow = self._overflow(files, names, report)
        builders: dict[str, EntityBuilder] = {}
        for ent_num, row in read_rows(files[primary], primary, 12, report):
            builder = self._primary(ent_num, row, primary, list_name, overflow, report)
            if builder is not None:
                builders[ent_num] = builder
        if not builders:
            raise ListFormatError(
                "no entry could be read: " + "; ".join(report.warnings[:3]), file=primary
            )
        for ent_num in overflow.keys() - builders.keys():
            report.orphan(names[self.files.comments], f"ent_num={ent_num}")
        if self.files.alt in names:
            self._aliases(files, names[self.files.alt], builders, report)
        if self.files.add in names:
            self._addresses(files, names[self.files.add], builders, report)
        return ParseResult(
            entities=resolve_links([b.build() for b in builders.values()]),
            edition="+".join(names[f] for f in names),
            published=None,
            report=report,
        )

    def _companion(
        self, files: Mapping[str, bytes], file: str, columns: int, report: ParseReport
    ) -> Iterator[tuple[str, list[str]]]:
        data = files[file]
        if not data.rstrip(b"\x1a\r\n\t "):
            report.warn(f"{file}: the file is empty")
            return iter(())
        return read_rows(data, file, columns, report)

    def _overflow(
        self, files: Mapping[str, bytes], names: Mapping[str, str], report: ParseReport
    ) -> dict[str, str]:
        file = names.get(self.files.comments)
        out: dict[str, str] = {}
        if file is None:
            return out
        for ent_num, row in self._companion(files, file, 2, report):
            out[ent_num] = out.get(ent_num, "") + row[1]
        return out

    def _primary(
        self,
        ent_num: str,
        row: list[str],
        file: str,
        list_name: str,
        overflow: Mapping[str, str],
        report: ParseReport,
    ) -> EntityBuilder | None:
        """The entry's builder; ``None`` (reported) when ``SDN_Name`` is empty."""
        record = f"{file}:ent_num={ent_num}"
        full = cell(row[1])
        if not full:
            report.warn(f"{record}: field SDN_Name: empty; entry skipped")
            return None
        sdn_type = cell(row[2]).lower()
        schema = SCHEMA_BY_TYPE.get(sdn_type)
        if schema is None:
            report.warn(f"{record}: unknown SDN_Type {sdn_type!r}")
            schema = "LegalEntity"
        builder = EntityBuilder(f"ofac:{ent_num}", schema, list_name)
        builder.add_name(person_name(full, NameKind.PRIMARY, record, person=schema == "Person"))
        builder.add_properties("programId", split_programs(cell(row[3])), record)
        title = cell(row[4])
        builder.add_property("position", title, record)
        builder.add_property("callSign", cell(row[5]), record)
        builder.add_property("type", cell(row[6]), record)
        builder.add_property("tonnage", cell(row[7]), record)
        builder.add_property("grossRegisteredTonnage", cell(row[8]), record)
        flag = cell(row[9])
        if flag:
            builder.add_country(Country(country_code(flag), CountryRole.FLAG, flag, record))
        builder.add_property("owner", cell(row[10]), record)
        remarks = cell(row[11])
        extra = overflow.get(ent_num)
        if extra is not None:
            remarks = self._join_overflow(remarks, extra, record, report)
        elif len(remarks) >= REMARKS_LIMIT:
            report.warn(f"{record}: Remarks cut at {REMARKS_LIMIT} characters, no overflow row")
        known = frozenset(t.casefold() for t in (title,) if t)
        parse_remarks(builder, remarks, RemarksContext(file, record, report, known))
        return builder

    def _join_overflow(self, remarks: str, extra: str, record: str, report: ParseReport) -> str:
        if len(remarks) >= REMARKS_LIMIT or not remarks.endswith("."):
            return remarks + extra
        report.warn(f"{record}: remarks overflow does not continue these Remarks (other edition)")
        rest = extra.split("; ", 1)
        return f"{remarks}; {rest[1]}" if len(rest) == 2 else remarks

    def _aliases(
        self,
        files: Mapping[str, bytes],
        file: str,
        builders: Mapping[str, EntityBuilder],
        report: ParseReport,
    ) -> None:
        for ent_num, row in self._companion(files, file, 5, report):
            builder = builders.get(ent_num)
            alt_num = row[1].strip()
            if builder is None:
                report.orphan(file, f"ent_num={ent_num} alt_num={alt_num}")
                continue
            record = f"{file}:alt_num={alt_num}"
            alt_type = cell(row[2]).lower().replace(".", "")
            kind = ALT_KINDS.get(alt_type)
            if kind is None:
                report.warn(f"{record}: unknown alt_type {alt_type!r}, read as a.k.a.")
                kind = NameKind.ALIAS
            full = cell(row[3])
            if full:
                person = builder.schema == "Person"
                builder.add_name(person_name(full, kind, record, person=person))
            if cell(row[4]):
                builder.add_property("notes", cell(row[4]), record)

    def _addresses(
        self,
        files: Mapping[str, bytes],
        file: str,
        builders: Mapping[str, EntityBuilder],
        report: ParseReport,
    ) -> None:
        for ent_num, row in self._companion(files, file, 6, report):
            builder = builders.get(ent_num)
            add_num = row[1].strip()
            if builder is None:
                report.orphan(file, f"ent_num={ent_num} add_num={add_num}")
                continue
            record = f"{file}:add_num={add_num}"
            builder.add_located_address(
                record, street=cell(row[2]), city=cell(row[3]), country=cell(row[4])
            )
            if cell(row[5]):
                builder.add_property("notes", cell(row[5]), record)
