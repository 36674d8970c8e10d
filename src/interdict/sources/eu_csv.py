"""The EU Financial Sanctions Files, CSV 1.1 (``csvFullSanctionsList_1_1``).

``;``-separated UTF-8 (a BOM is tolerated), one header row, then one row per
(entity × sub-record): the entity's ``Entity_*`` columns repeat on every row and
each row carries at most one name alias, address, birth date, identification and
citizenship in the ``NameAlias_*``, ``Address_*``, ``BirthDate_*``,
``Identification_*`` and ``Citizenship_*`` columns. Rows are grouped by
``Entity_LogicalId``; sub-records are de-duplicated by their own ``*_LogicalId``
(or their values when that is empty). The full documented header is
:data:`HEADER`; columns may come in any order.

Required columns: ``Entity_LogicalId``, ``NameAlias_WholeName`` and one of
``Entity_SubjectType`` / ``Entity_SubjectType_ClassificationCode`` (the published
files have carried ``person``/``enterprise`` in either, ``P``/``E`` in the other).
The record mapping is shared with the XML edition:
:mod:`interdict.sources.eu_records`. ``fileGenerationDate`` (``dd/mm/yyyy``) →
``published``. ``*_Regulation_*`` columns of sub-records (provenance) are ignored;
any unknown column is counted with ``report.skip_field``. Column names are matched
case-insensitively.

The older ``FULL-1_0`` edition (``Date_file;Entity_logical_id;Subject_type;...`` with
``Naal_*``, ``Addr_*``, ``Birt_*``, ``Iden_*``, ``Citi_*`` columns and
``Entity_logical_id`` repeated once per block) is read through
:data:`LEGACY_COLUMNS` into the same records.

Bad rows never sink the file: a row without ``Entity_LogicalId`` is reported and
skipped, and a stray ``"`` (which the strict CSV reader rejects) makes the file be
read again leniently, line by line (see :func:`_rows`). A file from which no entity
at all can be read is an error.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field

from interdict.errors import ListFormatError
from interdict.model import EntityBuilder, parse_date
from interdict.sources.base import ListFormat, ParseReport, ParseResult
from interdict.sources.bulk import paused_gc
from interdict.sources.eu_records import EuMapper, EuRecord, EuSubject
from interdict.sources.name_cleanup import clean_text

_SUB = (
    "LastName FirstName MiddleName WholeName NameLanguage Gender Title Function LogicalId "
    "RegulationLanguage Remark"
)
_REG = (
    "Type OrganisationType PublicationDate EntryIntoForceDate NumberTitle Programme PublicationUrl"
)


def _columns(prefix: str, names: str) -> list[str]:
    return [f"{prefix}_{n}" for n in names.split()]


#: The documented header of the EU FSF CSV 1.1 (118 columns).
HEADER: tuple[str, ...] = (
    "fileGenerationDate",
    *_columns(
        "Entity",
        "LogicalId EU_ReferenceNumber UnitedNationId DesignationDate DesignationDetails Remark "
        "SubjectType SubjectType_ClassificationCode",
    ),
    *_columns("Entity_Regulation", _REG),
    *_columns("NameAlias", _SUB),
    *_columns("NameAlias_Regulation", _REG),
    *_columns(
        "Address",
        "City Street PoBox ZipCode Region Place AsAtListingTime ContactInfo CountryIso2Code "
        "CountryDescription LogicalId RegulationLanguage Remark",
    ),
    *_columns("Address_Regulation", _REG),
    *_columns(
        "BirthDate",
        "BirthDate Day Month Year YearRangeFrom YearRangeTo Circa CalendarType ZipCode Region "
        "Place City CountryIso2Code CountryDescription LogicalId RegulationLanguage Remark",
    ),
    *_columns("BirthDate_Regulation", _REG),
    *_columns(
        "Identification",
        "Number Diplomatic KnownExpired KnownFalse ReportedLost RevokedByIssuer IssuedBy "
        "IssuedDate ValidFrom ValidTo LatinNumber NameOnDocument TypeCode TypeDescription Region "
        "CountryIso2Code CountryDescription LogicalId RegulationLanguage Remark",
    ),
    *_columns("Identification_Regulation", _REG),
    *_columns(
        "Citizenship",
        "Region CountryIso2Code CountryDescription LogicalId RegulationLanguage Remark",
    ),
    *_columns("Citizenship_Regulation", _REG),
)

_GROUPS = {
    "NameAlias": "names",
    "Address": "addresses",
    "BirthDate": "births",
    "Identification": "identifications",
    "Citizenship": "citizenships",
}
_RENAMES = {
    "BirthDate_BirthDate": "birthdate",
    "BirthDate_Day": "dayOfMonth",
    "BirthDate_Month": "monthOfYear",
    "Identification_TypeCode": "identificationTypeCode",
    "Identification_TypeDescription": "identificationTypeDescription",
    "Entity_EU_ReferenceNumber": "euReferenceNumber",
}
_ENTITY_ATTRS = {
    "Entity_LogicalId": "logicalId",
    "Entity_EU_ReferenceNumber": "euReferenceNumber",
    "Entity_UnitedNationId": "unitedNationId",
    "Entity_DesignationDate": "designationDate",
    "Entity_DesignationDetails": "designationDetails",
}
_SUBJECT_COLUMNS = ("Entity_SubjectType_ClassificationCode", "Entity_SubjectType")

#: Columns of the older "FULL-1_0" CSV edition (``Date_file;Entity_logical_id;...``,
#: ``Naal_*``, ``Addr_*``, ``Birt_*``, ``Iden_*``, ``Citi_*``), lower-cased, mapped to
#: (target, attribute) as in the 1.1 plan. Its ``*_leba_*``/``*_programme`` columns
#: repeat the regulation of each sub-record and are ignored like the 1.1
#: ``*_Regulation_*`` ones; ``Entity_logical_id`` repeats once per block and only its
#: first occurrence is read.
LEGACY_COLUMNS: dict[str, tuple[str, str]] = {
    "date_file": ("date", ""),
    "entity_logical_id": ("entity", "logicalId"),
    "eu_ref_num": ("entity", "euReferenceNumber"),
    "subject_type": ("subject", ""),
    "entity_remark": ("remark", ""),
    "programme": ("regulation", "programme"),
    "leba_url": ("regulation", "publicationUrl"),
    "pdf_link": ("regulation", "publicationUrl"),
    "leba_publication_date": ("regulation", "publicationDate"),
    "reg_date": ("regulation", "publicationDate"),
    "leba_numtitle": ("regulation", "numberTitle"),
    "legal_basis": ("regulation", "numberTitle"),
    "naal_logical_id": ("names", "logicalId"),
    "naal_lastname": ("names", "lastName"),
    "naal_firstname": ("names", "firstName"),
    "naal_middlename": ("names", "middleName"),
    "naal_wholename": ("names", "wholeName"),
    "naal_gender": ("names", "gender"),
    "naal_title": ("names", "title"),
    "naal_function": ("names", "function"),
    "naal_language": ("names", "nameLanguage"),
    "addr_logical_id": ("addresses", "logicalId"),
    "addr_number": ("addresses", "number"),
    "addr_street": ("addresses", "street"),
    "addr_zipcod": ("addresses", "zipCode"),
    "addr_zipcode": ("addresses", "zipCode"),
    "addr_city": ("addresses", "city"),
    "addr_country": ("addresses", "countryDescription"),
    "addr_other": ("addresses", "remark"),
    "birt_logical_id": ("births", "logicalId"),
    "birt_date": ("births", "birthdate"),
    "birt_place": ("births", "place"),
    "birt_country": ("births", "countryDescription"),
    "iden_logical_id": ("identifications", "logicalId"),
    "iden_number": ("identifications", "legacyNumber"),
    "iden_country": ("identifications", "countryDescription"),
    "citi_logical_id": ("citizenships", "logicalId"),
    "citi_country": ("citizenships", "countryDescription"),
}
_LEGACY_IGNORED = re.compile(r"^(?:naal|addr|birt|iden|citi)_(?:leba_|programme$)", re.I)
#: The same column in either edition, for the required-column checks.
_REQUIRED = {
    "Entity_LogicalId": ("entity_logicalid", "entity_logical_id"),
    "NameAlias_WholeName": ("namealias_wholename", "naal_wholename"),
    "Entity_SubjectType": (
        "entity_subjecttype",
        "entity_subjecttype_classificationcode",
        "subject_type",
    ),
}
_CANONICAL = {name.casefold(): name for name in HEADER}
_CONTACT = re.compile(r"^\s*(PHONE|FAX|EMAIL|WEB)\s*[:=]\s*(.+)$", re.I)


def _attr(suffix: str) -> str:
    """``WholeName`` → ``wholeName`` (the XML attribute of a CSV column suffix)."""
    return suffix[:1].lower() + suffix[1:]


@dataclass
class _Column:
    """Where one CSV column goes: ``target`` is a sub-record list, ``entity``,
    ``regulation``, ``subject``, ``remark``, ``date``, ``ignore`` or ``unknown``."""

    index: int
    name: str
    target: str
    attr: str = ""


@dataclass
class _Group:
    subject: EuSubject
    seen: dict[str, set[tuple[object, ...]]] = field(default_factory=dict)
    regulations_seen: set[tuple[tuple[str, str], ...]] = field(default_factory=set)


def _plan(header: list[str]) -> list[_Column]:
    """Where each column goes; names are matched case-insensitively, in either edition."""
    plan: list[_Column] = []
    seen: set[str] = set()
    for index, raw in enumerate(header):
        original = raw.strip().lstrip("\ufeff")
        folded = original.casefold()
        if folded in seen:
            plan.append(_Column(index, original, "ignore"))  # a repeated column
            continue
        seen.add(folded)
        if folded in LEGACY_COLUMNS:
            target, attr = LEGACY_COLUMNS[folded]
            plan.append(_Column(index, original, target, attr))
            continue
        if _LEGACY_IGNORED.match(folded):
            plan.append(_Column(index, original, "ignore"))
            continue
        name = _CANONICAL.get(folded, original)
        if name == "fileGenerationDate":
            plan.append(_Column(index, name, "date"))
        elif name in _ENTITY_ATTRS:
            plan.append(_Column(index, name, "entity", _ENTITY_ATTRS[name]))
        elif name == "Entity_Remark":
            plan.append(_Column(index, name, "remark"))
        elif name in _SUBJECT_COLUMNS:
            plan.append(_Column(index, name, "subject"))
        elif name.startswith("Entity_Regulation_"):
            suffix = name.split("_", 2)[2]
            attr = "regulationType" if suffix == "Type" else _attr(suffix)
            plan.append(_Column(index, name, "regulation", attr))
        elif "_" in name and name.split("_", 1)[0] in _GROUPS:
            prefix, suffix = name.split("_", 1)
            if suffix.startswith("Regulation_"):
                plan.append(_Column(index, name, "ignore"))
            else:
                plan.append(
                    _Column(index, name, _GROUPS[prefix], _RENAMES.get(name, _attr(suffix)))
                )
        else:
            plan.append(_Column(index, original, "unknown"))
    return plan


def _parse_line(chunk: str) -> list[str]:
    return next(csv.reader(io.StringIO(chunk, newline=""), delimiter=";", strict=False), [])


def _rows(text: str, file: str, report: ParseReport) -> Iterator[tuple[int, list[str]]]:
    """``(line number, cells)`` of each record.

    Well-formed files are read by one strict :mod:`csv` reader. When that fails (a
    stray ``"`` inside a name, as full EU files carry), the file is read again line by
    line: a quoted field may still span lines, but a line that starts like a new
    record (``05/08/2026;``) or 50 lines without a closing quote end it, and the line
    with the stray quote is split on ``;`` as written and reported.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";", strict=True)
    rows: list[tuple[int, list[str]]] = []
    try:
        for row in reader:
            rows.append((reader.line_num, row))
    except csv.Error as exc:
        report.warn(f"{file}: line {reader.line_num}: malformed CSV ({exc}); read leniently")
        yield from _lenient_rows(text, file, report)
        return
    yield from rows


def _lenient_rows(text: str, file: str, report: ParseReport) -> Iterator[tuple[int, list[str]]]:
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    prefix: str | None = None
    pending: list[str] = []
    start = 0

    def stray(chunk: list[str]) -> Iterator[tuple[int, list[str]]]:
        report.warn(f"{file}: line {start}: unbalanced quote; the line was split as written")
        yield start, chunk[0].split(";")
        for offset, extra in enumerate(chunk[1:], start=1):
            yield start + offset, _parse_line(extra)

    for number, line in enumerate(lines, start=1):
        if pending:
            if (prefix and line.startswith(prefix)) or len(pending) >= 50:
                yield from stray(pending)
                pending = []
            else:
                pending.append(line)
                if "\n".join(pending).count('"') % 2 == 0:
                    yield start, _parse_line("\n".join(pending))
                    pending = []
                continue
        if line.count('"') % 2:
            pending, start = [line], number
            continue
        row = _parse_line(line)
        if number == 2 and row and row[0] and not row[0][0].isalpha():
            prefix = row[0] + ";"  # the generation date that starts every record
        yield number, row
    if pending:
        yield from stray(pending)


def _find_csv(files: Mapping[str, bytes]) -> tuple[str, bytes]:
    for name, data in files.items():
        if name.casefold().endswith(".csv"):
            return name.rsplit("/", 1)[-1], data
    raise ListFormatError("no .csv file given", file="eu/*.csv")


def _add_record(group: _Group, target: str, record: EuRecord) -> None:
    logical_id = record.attrs.get("logicalId", "")
    key: tuple[object, ...] = (logical_id,)
    if not logical_id:
        key = tuple(sorted(record.attrs.items()))
    seen = group.seen.setdefault(target, set())
    if key in seen:
        return
    seen.add(key)
    getattr(group.subject, target).append(record)


class EuCsvFormat(ListFormat):
    """EU FSF CSV 1.1, any ``*.csv`` file in ``eu/``."""

    name = "eu_csv"
    richness = 10

    def select(self, available: Collection[str]) -> tuple[str, ...] | None:
        csvs = sorted(n for n in available if n.casefold().endswith(".csv"))
        if not csvs:
            return None
        preferred = [n for n in csvs if "sanctionslist" in n.casefold()]
        return ((preferred or csvs)[0],)

    def parse(self, files: Mapping[str, bytes], *, list_name: str) -> ParseResult:
        with paused_gc():
            return self._parse(files, list_name=list_name)

    def _parse(self, files: Mapping[str, bytes], *, list_name: str) -> ParseResult:
        file, data = _find_csv(files)
        if not data.strip():
            raise ListFormatError("the file is empty", file=file)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ListFormatError(f"not UTF-8: {exc}", file=file) from exc
        if not text.strip():
            raise ListFormatError("the file is empty", file=file)
        report = ParseReport()
        rows = _rows(text, file, report)
        header = next(rows, (1, []))[1]
        if not any(cell.strip() for cell in header):
            raise ListFormatError("no header row", file=file)
        plan = _plan(header)
        names = {c.name.casefold() for c in plan}
        for required, spellings in _REQUIRED.items():
            if not names.intersection(spellings):
                raise ListFormatError("required column is missing", file=file, field=required)
        id_column = next(c.index for c in plan if c.target == "entity" and c.attr == "logicalId")
        groups: dict[str, _Group] = {}
        generated: str | None = None
        active = [None if c.target == "ignore" else c for c in plan]
        for line, row in rows:
            if not any(cell.strip() for cell in row):
                continue
            date = self._row(row, line, active, id_column, groups, report, file)
            generated = date or generated
        date_value = parse_date(generated) if generated else None
        published = date_value.value if date_value is not None else generated
        if not groups:
            raise ListFormatError("no rows with an Entity_LogicalId", file=file)
        mapper = EuMapper(file, list_name, report)
        builders: list[EntityBuilder] = []
        for group in groups.values():
            builder = mapper.build(group.subject)
            if builder is not None:
                builders.append(builder)
        if not builders:
            raise ListFormatError(
                "no entity could be read: " + "; ".join(report.warnings[:3]), file=file
            )
        return ParseResult(
            entities=[b.build() for b in builders],
            edition=file,
            published=published,
            report=report,
        )

    @staticmethod
    def _row(
        row: list[str],
        line: int,
        plan: list[_Column | None],
        id_column: int,
        groups: dict[str, _Group],
        report: ParseReport,
        file: str,
    ) -> str | None:
        """Fold one row into its entity's group; returns the row's generation date as
        written. ``plan`` has one slot per header column (``None`` for ignored ones);
        cells beyond the header are dropped.

        A row without ``Entity_LogicalId`` is reported and skipped.
        """
        logical_id = clean_text(row[id_column]) if id_column < len(row) else ""
        if not logical_id:
            report.warn(f"{file}: line {line}: field Entity_LogicalId: empty; row skipped")
            return None
        group = groups.get(logical_id)
        if group is None:
            group = groups[logical_id] = _Group(EuSubject({}))
        subject = group.subject
        subs: dict[str, EuRecord] = {}
        published: str | None = None
        regulation_cells: list[tuple[str, str]] = []
        # Most cells of a row are empty: visit the filled ones only.
        for column, raw in [(c, v) for c, v in zip(plan, row, strict=False) if v and c is not None]:
            target = column.target
            if target == "entity":
                # Entity columns repeat on every row of the entity: read them once.
                if column.attr not in subject.attrs and (value := clean_text(raw)):
                    subject.attrs[column.attr] = value
                continue
            if target == "regulation":
                regulation_cells.append((column.attr, raw))
                continue
            value = clean_text(raw)
            if not value:
                continue
            if target == "date":
                published = value
            elif target == "remark":
                if value not in subject.remarks:
                    subject.remarks.append(value)
            elif target == "subject":
                if value.casefold() in ("person", "enterprise", "vessel", "aircraft") or (
                    not subject.subject_type
                ):
                    subject.subject_type = value
            elif target == "unknown":
                report.skip_field(file, column.name)
            elif target != "ignore":
                record = subs.get(target)
                if record is None:
                    record = subs[target] = EuRecord({})
                if column.attr == "contactInfo":
                    for piece in value.split(";"):
                        if m := _CONTACT.match(piece):
                            record.contacts.append((m.group(1).upper(), m.group(2).strip()))
                        elif piece.strip():
                            record.attrs["remark"] = piece.strip()
                elif column.attr == "legacyNumber":
                    number, _, detail = value.partition(" (")
                    record.attrs["number"] = number.strip()
                    if detail:
                        record.attrs["identificationTypeDescription"] = detail.rstrip(")").strip()
                else:
                    record.attrs[column.attr] = value
        if regulation_cells:
            key = tuple(regulation_cells)
            if key not in group.regulations_seen:
                group.regulations_seen.add(key)
                regulation = EuRecord(
                    {attr: value for attr, raw in key if (value := clean_text(raw))}
                )
                if regulation.attrs:
                    _add_record(group, "regulations", regulation)
        for target, record in subs.items():
            _add_record(group, target, record)
        return published
