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
any unknown column is counted with ``report.skip_field``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from interdict.errors import ListFormatError
from interdict.model import EntityBuilder, parse_date
from interdict.sources.base import ListFormat, ParseReport, ParseResult
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
    seen: dict[str, set[tuple[str, ...]]] = field(default_factory=dict)


def _plan(header: list[str]) -> list[_Column]:
    plan: list[_Column] = []
    for index, raw in enumerate(header):
        name = raw.strip()
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
            plan.append(_Column(index, name, "unknown"))
    return plan


def _find_csv(files: Mapping[str, bytes]) -> tuple[str, bytes]:
    for name, data in files.items():
        if name.casefold().endswith(".csv"):
            return name.rsplit("/", 1)[-1], data
    raise ListFormatError("no .csv file given", file="eu/*.csv")


def _add_record(group: _Group, target: str, record: EuRecord) -> None:
    logical_id = record.attrs.get("logicalId", "")
    key: tuple[str, ...] = (logical_id,)
    if not logical_id:
        key = tuple(sorted(f"{k}={v}" for k, v in record.attrs.items()))
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
        file, data = _find_csv(files)
        if not data.strip():
            raise ListFormatError("the file is empty", file=file)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ListFormatError(f"not UTF-8: {exc}", file=file) from exc
        if not text.strip():
            raise ListFormatError("the file is empty", file=file)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=";", strict=True)
        header = next(reader, None)
        if not header:
            raise ListFormatError("no header row", file=file)
        plan = _plan(header)
        names = {c.name for c in plan}
        for required in ("Entity_LogicalId", "NameAlias_WholeName"):
            if required not in names:
                raise ListFormatError("required column is missing", file=file, field=required)
        if not names.intersection(_SUBJECT_COLUMNS):
            raise ListFormatError(
                "required column is missing", file=file, field="Entity_SubjectType"
            )
        report = ParseReport()
        groups: dict[str, _Group] = {}
        published: str | None = None
        try:
            for line, row in enumerate(reader, start=2):
                if not any(cell.strip() for cell in row):
                    continue
                published = self._row(row, line, plan, groups, report, file) or published
        except csv.Error as exc:
            raise ListFormatError(f"malformed CSV: {exc}", file=file) from exc
        mapper = EuMapper(file, list_name, report)
        builders: list[EntityBuilder] = []
        for group in groups.values():
            builder = mapper.build(group.subject)
            if builder is not None:
                builders.append(builder)
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
        plan: list[_Column],
        groups: dict[str, _Group],
        report: ParseReport,
        file: str,
    ) -> str | None:
        """Fold one row into its entity's group; returns the row's generation date."""
        if len(row) < len(plan):
            row = row + [""] * (len(plan) - len(row))
        logical_id = next(clean_text(row[c.index]) for c in plan if c.name == "Entity_LogicalId")
        if not logical_id:
            raise ListFormatError(
                "empty Entity_LogicalId", file=file, record=f"line {line}", field="Entity_LogicalId"
            )
        group = groups.get(logical_id)
        if group is None:
            group = groups[logical_id] = _Group(EuSubject({}))
        subject = group.subject
        subs: dict[str, EuRecord] = {}
        regulation = EuRecord({})
        published: str | None = None
        for column in plan:
            value = clean_text(row[column.index])
            if not value:
                continue
            target = column.target
            if target == "date":
                date = parse_date(value)
                published = date.value if date is not None else value
            elif target == "entity":
                subject.attrs.setdefault(column.attr, value)
            elif target == "remark":
                if value not in subject.remarks:
                    subject.remarks.append(value)
            elif target == "subject":
                if value.casefold() in ("person", "enterprise", "vessel", "aircraft") or (
                    not subject.subject_type
                ):
                    subject.subject_type = value
            elif target == "regulation":
                regulation.attrs[column.attr] = value
            elif target == "unknown":
                report.skip_field(file, column.name)
            elif target != "ignore":
                record = subs.setdefault(target, EuRecord({}))
                if column.attr == "contactInfo":
                    for piece in value.split(";"):
                        if m := _CONTACT.match(piece):
                            record.contacts.append((m.group(1).upper(), m.group(2).strip()))
                        elif piece.strip():
                            record.attrs["remark"] = piece.strip()
                else:
                    record.attrs[column.attr] = value
        if regulation.attrs:
            _add_record(group, "regulations", regulation)
        for target, record in subs.items():
            _add_record(group, target, record)
        return published
