"""Mapping EU Financial Sanctions Files records into the entity model.

Both EU editions carry the same records: the XML as attributes of ``nameAlias``,
``birthdate``, ``identification``, ``citizenship``, ``address`` and ``regulation``
elements, the CSV as ``NameAlias_*``, ``BirthDate_*``, ... columns. The parsers
turn either into plain ``{xml attribute name: text}`` dicts (:class:`EuRecord`) and
this module maps those, so both editions produce the same entities.

Mapping (FollowTheMoney property names):

* ``sanctionEntity``: ``logicalId`` → id ``eu:<logicalId>``; ``euReferenceNumber`` →
  ``euId``; ``unitedNationId`` → ``unscId``; ``designationDate`` → ``listingDate``
  (else the earliest regulation publication date); ``designationDetails`` and
  ``remark`` → ``notes``; subject type ``person`` → Person, ``enterprise`` →
  Organization (Vessel when it carries an IMO number), others → LegalEntity;
* ``regulation``: ``programme`` → ``programId``, ``publicationUrl`` → ``sourceUrl``;
* ``nameAlias``: ``wholeName`` (or first/middle/last joined) → a name; the first
  strong alias in English or without language is the primary name, other strong
  aliases are aliases, ``strong="false"`` ones weak aliases; ``nameLanguage`` →
  ``lang``; ``function`` → ``position``; ``gender`` → ``gender``; ``title`` → title;
* ``birthdate``: full date, day/month/year parts, ``yearRangeFrom``/``yearRangeTo``
  ranges, ``circa``; ``city``/``place``/``region`` → ``birthPlace``; country →
  birth country;
* ``identification``: ``identificationTypeCode`` → identifier kind (table
  ``_ID_KINDS``), country ``00`` = unknown; flags (``knownFalse``, ``diplomatic``,
  ...) and ``issuedBy`` go to the identifier's note;
* ``citizenship`` → citizenship; ``address`` → address + country; ``contactInfo``
  ``PHONE``/``FAX`` → ``phone``, ``EMAIL`` → ``email``, ``WEB`` → ``website``.

Attributes not in these tables are counted with ``report.skip_field``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

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
    PartialDate,
    country_code,
    parse_date,
)
from interdict.sources.base import ParseReport
from interdict.sources.name_cleanup import acronym_split, clean_name, clean_text, is_non_latin

_ID_KINDS = {
    "passport": IdentifierKind.PASSPORT,
    "id": IdentifierKind.NATIONAL_ID,
    "ssn": IdentifierKind.NATIONAL_ID,
    "nationalid": IdentifierKind.NATIONAL_ID,
    "fiscalcode": IdentifierKind.TAX_ID,
    "tax": IdentifierKind.TAX_ID,
    "taxid": IdentifierKind.TAX_ID,
    "regnumber": IdentifierKind.REGISTRATION,
    "registration": IdentifierKind.REGISTRATION,
    "imo": IdentifierKind.IMO,
    "mmsi": IdentifierKind.MMSI,
    "swiftbic": IdentifierKind.SWIFT_BIC,
    "bic": IdentifierKind.SWIFT_BIC,
    "lei": IdentifierKind.LEI,
}
_SCHEMAS = {
    "person": "Person",
    "p": "Person",
    "enterprise": "Organization",
    "e": "Organization",
    "vessel": "Vessel",
    "v": "Vessel",
    "aircraft": "Airplane",
}
_FLAGS = ("diplomatic", "knownExpired", "knownFalse", "reportedLost", "revokedByIssuer")
_CONTACT = {"PHONE": "phone", "FAX": "phone", "EMAIL": "email", "WEB": "website"}

# Consumed attributes per record kind (everything else is reported as skipped).
_META = {"logicalId", "regulationLanguage"}
NAME_KEYS = frozenset(
    {"wholeName", "firstName", "middleName", "lastName", "function", "gender", "title"}
    | {"nameLanguage", "strong", "remark"}
    | _META
)
BIRTH_KEYS = frozenset(
    {"birthdate", "dayOfMonth", "monthOfYear", "year", "yearRangeFrom", "yearRangeTo", "circa"}
    | {"calendarType", "city", "place", "region", "zipCode", "countryIso2Code"}
    | {"countryDescription", "remark"}
    | _META
)
ID_KEYS = frozenset(
    {"number", "latinNumber", "identificationTypeCode", "identificationTypeDescription"}
    | {"countryIso2Code", "countryDescription", "issuedBy", "issuedDate", "validFrom"}
    | {"validTo", "nameOnDocument", "region", "remark", *_FLAGS}
    | _META
)
CITIZENSHIP_KEYS = frozenset({"countryIso2Code", "countryDescription", "region", "remark"} | _META)
ADDRESS_KEYS = frozenset(
    {"street", "city", "zipCode", "poBox", "region", "place", "countryIso2Code"}
    | {"countryDescription", "asAtListingTime", "contactInfo", "remark"}
    | _META
)
REGULATION_KEYS = frozenset({"programme", "publicationUrl", "publicationDate"} | _META)


@dataclass
class EuRecord:
    """One sub-record (a ``nameAlias``, ``birthdate``, ...) as attribute → text.

    ``contacts`` holds ``(key, value)`` pairs of ``contactInfo`` (addresses only).
    """

    attrs: dict[str, str]
    contacts: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class EuSubject:
    """Everything one ``sanctionEntity`` holds, ready to map."""

    attrs: dict[str, str]
    subject_type: str = ""
    remarks: list[str] = field(default_factory=list)
    regulations: list[EuRecord] = field(default_factory=list)
    names: list[EuRecord] = field(default_factory=list)
    births: list[EuRecord] = field(default_factory=list)
    identifications: list[EuRecord] = field(default_factory=list)
    citizenships: list[EuRecord] = field(default_factory=list)
    addresses: list[EuRecord] = field(default_factory=list)


def _get(attrs: Mapping[str, str], key: str) -> str:
    return clean_text(attrs.get(key))


def _true(attrs: Mapping[str, str], key: str) -> bool:
    return _get(attrs, key).casefold() in ("true", "1", "yes", "y")


def _country(attrs: Mapping[str, str]) -> tuple[str | None, str]:
    """(territory code, text) of a record's ``countryIso2Code``/``countryDescription``."""
    iso = _get(attrs, "countryIso2Code")
    text = _get(attrs, "countryDescription")
    if text.casefold() == "unknown":
        text = ""
    code = country_code(iso) if iso and iso != "00" else None
    if code is None and text:
        code = country_code(text)
    return code, text or (iso if iso and iso != "00" else "")


def _report_unknown(
    report: ParseReport, file: str, kind: str, attrs: Mapping[str, str], known: frozenset[str]
) -> None:
    for key, value in attrs.items():
        if key not in known and clean_text(value):
            report.skip_field(file, f"{kind}@{key}")


def _whole_name(attrs: Mapping[str, str]) -> str | None:
    whole = clean_name(attrs.get("wholeName"))
    if whole:
        return whole
    parts = [clean_name(attrs.get(k)) for k in ("firstName", "middleName", "lastName")]
    return clean_name(" ".join(p for p in parts if p))


def _primary_index(names: Sequence[EuRecord]) -> int | None:
    """The alias taken as the primary name.

    The best-ranked of: strong, in English or without language, Latin script, with
    first/last name parts (the EU splits the parts of the main name only); ties go
    to the earliest alias.
    """
    best: tuple[int, int] | None = None
    for index, record in enumerate(names):
        whole = _whole_name(record.attrs)
        if not whole:
            continue
        a = record.attrs
        rank = (
            (_get(a, "strong").casefold() != "false") * 8
            + (_get(a, "nameLanguage").casefold() in ("", "en")) * 4
            + (not is_non_latin(whole)) * 2
            + bool(_get(a, "firstName") or _get(a, "lastName"))
        )
        if best is None or rank > best[0]:
            best = (rank, index)
    return None if best is None else best[1]


def schema_for(subject: EuSubject) -> str | None:
    """The FollowTheMoney schema for the subject type, ``None`` when unknown."""
    schema = _SCHEMAS.get(subject.subject_type.casefold())
    if schema == "Organization" and any(
        "imo"
        in (
            _get(r.attrs, "identificationTypeCode") + _get(r.attrs, "identificationTypeDescription")
        ).casefold()
        for r in subject.identifications
    ):
        return "Vessel"
    return schema


class EuMapper:
    """Maps :class:`EuSubject` values to entities for one file."""

    def __init__(self, file: str, list_name: str, report: ParseReport) -> None:
        self.file = file
        self.list_name = list_name
        self.report = report

    def build(self, subject: EuSubject) -> EntityBuilder | None:
        """The entity's builder, or ``None`` (reported) when it has no name."""
        logical_id = _get(subject.attrs, "logicalId")
        if not logical_id.isdigit():
            raise ListFormatError(
                f"logicalId {logical_id!r} is not numeric",
                file=self.file,
                record=_get(subject.attrs, "euReferenceNumber") or None,
                field="logicalId",
            )
        record = f"{self.file}:logicalId={logical_id}"
        schema = schema_for(subject)
        if schema is None:
            self.report.warn(
                f"{record}: unknown subject type {subject.subject_type!r}; mapped to LegalEntity"
            )
            schema = "LegalEntity"
        b = EntityBuilder(f"eu:{logical_id}", schema, self.list_name)
        self._names(b, subject, record)
        if not b.has_names:
            self.report.warn(f"{record}: no nameAlias; entity skipped")
            return None
        a = subject.attrs
        b.add_property("euId", _get(a, "euReferenceNumber"), record)
        b.add_property("unscId", _get(a, "unitedNationId"), record)
        b.add_property("notes", _get(a, "designationDetails"), record)
        b.add_properties("notes", subject.remarks, record)
        designated = parse_date(_get(a, "designationDate"), record=record)
        publications: list[str] = []
        for regulation in subject.regulations:
            r = regulation.attrs
            b.add_property("programId", _get(r, "programme"), record)
            b.add_property("sourceUrl", _get(r, "publicationUrl"), record)
            published = parse_date(_get(r, "publicationDate"))
            if published is not None:
                publications.append(published.value)
            _report_unknown(self.report, self.file, "regulation", r, REGULATION_KEYS)
        if designated is not None:
            b.add_property("listingDate", designated.value, record)
        elif publications:
            b.add_property("listingDate", min(publications), record)
        for birth in subject.births:
            self._birth(b, birth.attrs, record)
        for ident in subject.identifications:
            self._identification(b, ident.attrs, record)
        for citizenship in subject.citizenships:
            code, text = _country(citizenship.attrs)
            if code or text:
                b.add_country(Country(code, CountryRole.CITIZENSHIP, text, record))
            b.add_property("notes", _get(citizenship.attrs, "remark"), record)
            _report_unknown(
                self.report, self.file, "citizenship", citizenship.attrs, CITIZENSHIP_KEYS
            )
        for address in subject.addresses:
            self._address(b, address, record)
        return b

    def _names(self, b: EntityBuilder, subject: EuSubject, record: str) -> None:
        primary = _primary_index(subject.names)
        person = b.schema == "Person"
        for index, alias in enumerate(subject.names):
            a = alias.attrs
            whole = _whole_name(a)
            _report_unknown(self.report, self.file, "nameAlias", a, NAME_KEYS)
            if not whole:
                continue
            if index == primary:
                kind = NameKind.PRIMARY
            elif _get(a, "strong").casefold() == "false" and not is_non_latin(whole):
                kind = NameKind.WEAK_ALIAS
            else:
                kind = NameKind.ALIAS
            lang = _get(a, "nameLanguage").casefold() or None
            title = clean_name(a.get("title"))
            b.add_name(
                Name(
                    whole,
                    kind,
                    record,
                    first_name=clean_name(a.get("firstName")) if person else None,
                    middle_name=clean_name(a.get("middleName")) if person else None,
                    last_name=clean_name(a.get("lastName")) if person else None,
                    title=title if person else None,
                    lang=lang,
                )
            )
            if not person and kind is not NameKind.WEAK_ALIAS:
                split = acronym_split(whole)
                if split is not None:
                    b.add_name(Name(split[0], NameKind.ALIAS, record, lang=lang))
                    b.add_name(Name(split[1], NameKind.WEAK_ALIAS, record, lang=lang))
            b.add_property("position", _get(a, "function"), record)
            b.add_property("title", title, record)
            gender = _get(a, "gender").upper()
            if gender in ("M", "F"):
                b.add_property("gender", "male" if gender == "M" else "female", record)
            b.add_property("notes", _get(a, "remark"), record)

    def _birth(self, b: EntityBuilder, a: Mapping[str, str], record: str) -> None:
        _report_unknown(self.report, self.file, "birthdate", a, BIRTH_KEYS)
        circa = _true(a, "circa")
        date: PartialDate | None = None
        full = _get(a, "birthdate")
        start, end = _get(a, "yearRangeFrom"), _get(a, "yearRangeTo")
        if full:
            date = parse_date(full, record=record)
        elif start and end and start.isdigit() and end.isdigit() and start <= end:
            date = PartialDate(
                start, record, end=end if end != start else None, text=f"{start}-{end}"
            )
        elif _get(a, "year"):
            parts = [_get(a, "year"), _get(a, "monthOfYear"), _get(a, "dayOfMonth")]
            text = "-".join(p.zfill(2) for p in parts if p and p != "0")
            date = parse_date(text, record=record)
        elif start or end:
            date = parse_date(start or end, record=record)
        if date is not None:
            b.add_birth_date(
                PartialDate(date.value, record, date.end, circa or date.circa, date.text)
            )
        elif full:
            self.report.warn(f"{record}: unparsed birth date {full!r}")
            b.add_property("notes", f"Date of birth: {full}", record)
        calendar = _get(a, "calendarType")
        if calendar and calendar.upper() != "GREGORIAN" and date is not None:
            b.add_property("notes", f"Date of birth {date.text} ({calendar} calendar)", record)
        place = ", ".join(
            p for p in (clean_name(a.get(k)) for k in ("place", "city", "region", "zipCode")) if p
        )
        code, text = _country(a)
        if place or text:
            b.add_property("birthPlace", ", ".join(p for p in (place, text) if p), record)
        if code or text:
            b.add_country(Country(code, CountryRole.BIRTH, text, record))
        b.add_property("notes", _get(a, "remark"), record)

    def _identification(self, b: EntityBuilder, a: Mapping[str, str], record: str) -> None:
        _report_unknown(self.report, self.file, "identification", a, ID_KEYS)
        number = _get(a, "number") or _get(a, "latinNumber")
        type_code = _get(a, "identificationTypeCode")
        description = _get(a, "identificationTypeDescription")
        if not number:
            if description or type_code:
                b.add_property(
                    "notes", f"Document without number: {description or type_code}", record
                )
            return
        kind = _ID_KINDS.get(type_code.casefold().replace("-", "").replace("_", ""))
        if kind is None:
            folded = description.casefold()
            kind = IdentifierKind.OTHER
            if "passport" in folded:
                kind = IdentifierKind.PASSPORT
            elif "imo" in folded:
                kind = IdentifierKind.IMO
            elif "tax" in folded or "fiscal" in folded:
                kind = IdentifierKind.TAX_ID
            elif "registration" in folded:
                kind = IdentifierKind.REGISTRATION
            elif "identi" in folded:
                kind = IdentifierKind.NATIONAL_ID
        if kind is IdentifierKind.IMO:
            number = number.upper().removeprefix("IMO").strip(" :.")
        code, _text = _country(a)
        notes = [f"{flag}" for flag in _FLAGS if _true(a, flag)]
        for key in ("issuedBy", "nameOnDocument", "region", "remark"):
            if value := _get(a, key):
                notes.append(f"{key}: {value}")
        latin = _get(a, "latinNumber")
        if latin and latin != number:
            notes.append(f"latinNumber: {latin}")
        issued = parse_date(_get(a, "issuedDate") or _get(a, "validFrom"))
        expires = parse_date(_get(a, "validTo"))
        b.add_identifier(
            Identifier(
                kind,
                number,
                record,
                country=code,
                source_type=description or type_code or None,
                issued=issued.value if issued else None,
                expires=expires.value if expires else None,
                note="; ".join(notes) or None,
            )
        )

    def _address(self, b: EntityBuilder, address: EuRecord, record: str) -> None:
        a = address.attrs
        _report_unknown(self.report, self.file, "address", a, ADDRESS_KEYS)
        code, text = _country(a)
        street = clean_name(a.get("street"))
        city = clean_name(a.get("city"))
        region = clean_name(a.get("region"))
        zip_code = clean_name(a.get("zipCode"))
        po_box = clean_name(a.get("poBox"))
        place = clean_name(a.get("place"))
        parts = [street, po_box and f"PO Box {po_box}", place, city, region, zip_code, text]
        full = ", ".join(p for p in parts if p)
        if full:
            b.add_address(
                Address(
                    full,
                    record,
                    street=street,
                    city=city,
                    region=region,
                    postal_code=zip_code,
                    country=code,
                    country_text=text or None,
                )
            )
        if code or text:
            b.add_country(Country(code, CountryRole.COUNTRY, text, record))
        for key, value in address.contacts:
            prop = _CONTACT.get(key.upper())
            if prop is None:
                self.report.skip_field(self.file, f"contactInfo@{key}")
            else:
                for item in value.split(";"):
                    b.add_property(prop, item, record)
        b.add_property("notes", _get(a, "remark"), record)
