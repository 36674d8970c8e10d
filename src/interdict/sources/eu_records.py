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
  aliases are aliases, ``strong="false"`` ones and those whose ``remark`` says "low
  quality" weak aliases (a quality remark is not kept as a note); ``nameLanguage`` →
  ``lang``; ``function`` → ``position`` and ``title`` → title, lettered lists such as
  ``"(a) Mullah, (b) Maulavi"`` split into their items; ``gender`` → ``gender``;
* ``birthdate``: full date (read by :func:`interdict.model.parse_date`),
  day/month/year parts, ``yearRangeFrom``/``yearRangeTo``
  ranges, ``circa``; ``city``/``place``/``region`` → ``birthPlace``; country →
  birth country;
* ``identification``: ``identificationTypeCode`` → identifier kind (table
  ``_ID_KINDS``), country ``00`` = unknown; flags (``knownFalse``, ``diplomatic``,
  ...) and ``issuedBy`` go to the identifier's note;
* ``citizenship`` → citizenship; ``address`` → address + country; ``contactInfo``
  ``PHONE``/``FAX`` → ``phone``, ``EMAIL`` → ``email``, ``WEB`` → ``website`` (keys
  with their values glued on, ``EMAILa@b.cPHONE+7...``, are split; several e-mail
  addresses in one value are split on ``;`` ``,`` ``/`` " and " " or ");
* countries: ``countryDescription`` first, then ``countryIso2Code`` (``CS`` is
  Serbia and Montenegro; ``00``/``UNKNOWN`` are no country).

Attributes not in these tables are counted with ``report.skip_field``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

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
    "nrn": IdentifierKind.NATIONAL_ID,
    "nationcert": IdentifierKind.NATIONAL_ID,
    "tradelic": IdentifierKind.REGISTRATION,
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
# A contactInfo whose key has its values glued on ("EMAILx@y.comPHONE+7 351...").
_GLUED_CONTACT = re.compile(r"(PHONE|FAX|EMAIL|WEB)(.*?)(?=PHONE|FAX|EMAIL|WEB|$)")
# Several e-mail addresses in one value ("a@x.com and b@y.com", "a@x.com / b@y.com").
_EMAIL_SPLIT = re.compile(r"\s*[;,/]\s*|\s+(?:and|or)\s+", re.I)
_ISO_OVERRIDES = {"CS": "csxx"}

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
    {"number", "street", "city", "zipCode", "poBox", "region", "place", "countryIso2Code"}
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
    # The description first: the EU still writes "CS" for Serbia and Montenegro, which
    # the ISO table reads as Czechoslovakia.
    code = country_code(text) if text else None
    if code is None and iso and iso != "00":
        code = _ISO_OVERRIDES.get(iso.upper()) or country_code(iso)
    return code, text or (iso if iso and iso != "00" else "")


def _report_unknown(
    report: ParseReport, file: str, kind: str, attrs: Mapping[str, str], known: frozenset[str]
) -> None:
    for key, value in attrs.items():
        if key not in known and clean_text(value):
            report.skip_field(file, f"{kind}@{key}")


_LETTERED = re.compile(r"(?:^|[,;]?\s+)\(([a-z])\)\s*")
_QUALITY = re.compile(r"\b(low|lo|good|god|high)\s+quality\b", re.I)


def _year(text: str) -> str | None:
    """``text`` when it is a plausible four-digit year, else ``None``."""
    return text if len(text) == 4 and text.isdigit() and "1000" <= text <= "2999" else None


def _lettered(text: str | None) -> list[str]:
    """``"(a) Mullah, (b) Maulavi"`` → ``["Mullah", "Maulavi"]``; other text as one item."""
    cleaned = clean_text(text)
    if not cleaned:
        return []
    parts = _LETTERED.split(cleaned)
    if len(parts) < 3:
        return [p for p in (clean_name(cleaned),) if p]
    # parts: [before, "a", text, "b", text, ...]
    items = [parts[0], *parts[2::2]]
    return [p for p in (clean_name(item) for item in items) if p]


def _quality(remark: str) -> str | None:
    """``"low"`` or ``"good"`` for a nameAlias remark that states the alias quality."""
    m = _QUALITY.search(remark)
    if m is None:
        return None
    return "low" if m.group(1).casefold() in ("low", "lo") else "good"


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
            (_get(a, "strong").casefold() != "false" and _quality(_get(a, "remark")) != "low") * 8
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
        """The entity's builder, or ``None`` (reported) when it has no name or no
        numeric ``logicalId``."""
        logical_id = _get(subject.attrs, "logicalId")
        if not logical_id.isdigit():
            reference = _get(subject.attrs, "euReferenceNumber") or "?"
            self.report.warn(
                f"{self.file}: record {reference}: field logicalId: {logical_id!r} is not "
                "numeric; entity skipped"
            )
            return None
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
            quality = _quality(_get(a, "remark"))
            weak = _get(a, "strong").casefold() == "false" or quality == "low"
            if index == primary:
                kind = NameKind.PRIMARY
            elif weak and not is_non_latin(whole):
                kind = NameKind.WEAK_ALIAS
            else:
                kind = NameKind.ALIAS
            lang = _get(a, "nameLanguage").casefold() or None
            titles = _lettered(a.get("title"))
            title = titles[0] if len(titles) == 1 else None
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
            b.add_properties("position", _lettered(a.get("function")), record)
            b.add_properties("title", titles, record)
            gender = _get(a, "gender").upper()
            if gender in ("M", "F"):
                b.add_property("gender", "male" if gender == "M" else "female", record)
            if quality is None:
                b.add_property("notes", _get(a, "remark"), record)

    def _birth(self, b: EntityBuilder, a: Mapping[str, str], record: str) -> None:
        _report_unknown(self.report, self.file, "birthdate", a, BIRTH_KEYS)
        circa = _true(a, "circa")
        date: PartialDate | None = None
        full = _get(a, "birthdate")
        start, end = _year(_get(a, "yearRangeFrom")), _year(_get(a, "yearRangeTo"))
        parts = [_get(a, "year"), _get(a, "monthOfYear"), _get(a, "dayOfMonth")]
        if full:
            date = parse_date(full, record=record)
        elif start and end and start <= end:
            date = PartialDate(
                start, record, end=end if end != start else None, text=f"{start}-{end}"
            )
        elif parts[0]:
            text = "-".join(p.zfill(2) for p in parts if p and p != "0")
            date = parse_date(text, record=record)
        elif start or end:
            date = parse_date(start or end, record=record)
        written = full or "/".join(
            f"{k}={v}"
            for k in ("year", "monthOfYear", "dayOfMonth", "yearRangeFrom", "yearRangeTo")
            if (v := _get(a, k))
        )
        calendar = _get(a, "calendarType")
        if date is not None and calendar and calendar.upper() != "GREGORIAN":
            b.add_property("notes", f"Date of birth {date.text} ({calendar} calendar)", record)
            if date.year < 1900:
                # A year of another calendar (Hijri 1380 is about 1960): not comparable.
                self.report.warn(f"{record}: birth date {written!r} in the {calendar} calendar")
                date = None
                written = ""
        if date is not None:
            b.add_birth_date(
                PartialDate(date.value, record, date.end, circa or date.circa, date.text)
            )
        elif written:
            self.report.warn(f"{record}: field birthdate: unparsed birth date {written!r}")
            b.add_property("notes", f"Date of birth: {written}", record)
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
        number = clean_name(a.get("number"))  # the 1.0 CSV's separate house number
        if number and not (street or "").startswith(number):
            street = f"{number} {street}" if street else number
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
            self._contact(b, key, value, record)
        b.add_property("notes", _get(a, "remark"), record)

    def _contact(self, b: EntityBuilder, key: str, value: str, record: str) -> None:
        """One ``contactInfo``: PHONE/FAX → ``phone``, EMAIL → ``email``, WEB → ``website``."""
        pairs = [(key.upper(), value)]
        if key.upper() not in _CONTACT:
            glued = _GLUED_CONTACT.findall(f"{key}{value}")
            if not glued:
                self.report.skip_field(self.file, f"contactInfo@{key}")
                return
            pairs = [(k, v) for k, v in glued]
        for kind, text in pairs:
            prop = _CONTACT[kind]
            if prop == "email":
                items = _EMAIL_SPLIT.split(text.replace("@ ", "@").replace(" @", "@"))
            else:
                items = text.split(";")
            for item in items:
                b.add_property(prop, item, record)
