"""FCDO UK Sanctions List XML (``UK-Sanctions-List.xml``, root ``<Designations>``).

No namespace; ``<DateGenerated>dd/mm/yyyy</DateGenerated>`` (or the root attribute
``dateGenerated``, preferred when present) gives ``published``; one ``<Designation>``
per listed party. The file (about 20 MB) is streamed: each designation is mapped then
freed. A file without any designation, or none readable, is an error; a designation
without an id or without any name is reported and skipped. Mapping:

* ``UniqueID`` → id ``uk:<UniqueID>`` (``OFSIGroupID`` when there is no UniqueID; a
  designation with neither is skipped with a warning); ``OFSIGroupID`` →
  ``ofsiGroupId``; ``UNReferenceNumber`` → ``unscId``;
* ``IndividualEntityShip`` Individual / Entity / Ship → Person / Organization / Vessel;
* ``Names/Name``: ``Name1``…``Name5`` + ``Name6`` (surname or whole name), ``NameType``
  (case-insensitive) "Primary Name" → PRIMARY, "Primary Name Variation" → ALIAS,
  "Alias" → ALIAS, or WEAK_ALIAS when ``AliasStrength`` says low quality,
  "FKA"/"Previous" → PREVIOUS; ``NonLatinNames/NonLatinName/NameNonLatinScript`` →
  ALIAS with ``lang`` from ``NonLatinScriptLanguage``; ``Titles/Title`` → ``title``;
* ``IndividualDetails/Individual``: ``DOBs/DOB`` → birth dates (``dd/mm/yyyy``,
  ``dd/mm/1968``, ``1985``, ``1970-1975``, ``circa 1958``: see
  :func:`interdict.model.parse_date`); ``BirthDetails/Location``
  → ``birthPlace`` and birth country; ``Nationalities`` → nationality; ``Genders`` →
  ``gender``; ``Positions`` → ``position``; ``PassportDetails`` / ``NationalIdentifierDetails``
  → identifiers (number trimmed, additional information as the note; an INN/TIN/tax
  number is a TAX_ID; a document given without a number is kept in ``notes``);
* ``EntityDetails/Entity``: ``TypeOfEntities`` → ``legalForm``;
  ``BusinessRegistrationNumbers`` → identifiers; ``ParentCompanies`` / ``Subsidiaries`` →
  relations;
* ``ShipDetails/Ship``: ``IMONumbers`` → IMO identifiers (``IMO`` + 7 digits);
  ``CurrentBelievedFlagOfShips`` → flag; ``PreviousFlags`` → ``pastFlags``;
  ``CurrentOwnerOperators`` → ``owner`` relations; ``PreviousOwnerOperators`` →
  ``previous_owner`` relations; ``HullIdentificationNumbers`` → OTHER identifiers; ``TypeOfShip`` → ``type``;
  ``TonnageOfShip`` → ``grossRegisteredTonnage``; ``YearBuilt`` → ``buildDate``;
* ``Addresses/Address`` → addresses and countries; ``PhoneNumbers`` / ``EmailAddresses``
  / ``WebsiteAddresses`` (or ``Websites``) → ``phone`` / ``email`` / ``website``;
* ``RegimeName`` → ``programId``; ``DateDesignated`` → ``listingDate``; ``LastUpdated`` →
  ``modifiedAt``; ``OtherInformation`` and ``UKStatementofReasons`` → ``notes``.

Every other element with text (``DesignationSource``, ``SanctionsImposed``, the
``SanctionsImposedIndicators``, ship length, …) is reported unconsumed.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping

from lxml import etree

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
from interdict.sources.bulk import paused_gc
from interdict.sources.country_text import resolve_country
from interdict.sources.languages import language_code
from interdict.sources.ofsi_remarks import imo_number, registration_identifiers
from interdict.sources.safe_xml import iter_elements, local_name, release

FILE = "UK-Sanctions-List.xml"
SCHEMAS = {"individual": "Person", "entity": "Organization", "ship": "Vessel"}
_TAX_WORDS = ("inn", "tin", "tax")

Element = etree._Element


def _text(element: Element | None) -> str:
    if element is None or element.text is None:
        return ""
    return " ".join(element.text.split())


def _child_text(element: Element, tag: str) -> str:
    return _text(element.find(tag))


def _texts(element: Element, path: str) -> list[str]:
    return [text for text in (_text(e) for e in element.iterfind(path)) if text]


def _children(element: Element) -> Iterator[tuple[str, Element]]:
    for child in element:
        name = local_name(child.tag)
        if name:
            yield name, child


def _skip_unknown(element: Element, prefix: str, file: str, report: ParseReport) -> None:
    """Report every element with text under ``element`` as unconsumed (by path)."""
    for sub in element.iter():
        name = local_name(sub.tag)
        if name and sub.text and sub.text.strip():
            path = prefix if sub is element else f"{prefix}/{name}"
            report.skip_field(file, path)


def _name_kind(name_type: str, strength: str) -> NameKind | None:
    kind = name_type.strip().casefold()
    if kind == "primary name":
        return NameKind.PRIMARY
    if kind == "primary name variation":
        return NameKind.ALIAS
    if kind in {"alias", "aka", "a.k.a."}:
        return NameKind.WEAK_ALIAS if "low" in strength.casefold() else NameKind.ALIAS
    if kind in {"fka", "previous", "previous name", "formerly known as"}:
        return NameKind.PREVIOUS
    return None


class _Designation:
    """Maps one ``<Designation>`` onto an :class:`EntityBuilder`."""

    def __init__(self, builder: EntityBuilder, record: str, file: str, report: ParseReport) -> None:
        self.builder = builder
        self.record = record
        self.file = file
        self.report = report
        self.titles: list[str] = []

    # -- names ---------------------------------------------------------------------
    def names(self, element: Element) -> None:
        for name in element.iterfind("Name"):
            parts = [_child_text(name, f"Name{i}") for i in range(1, 6)]
            last = _child_text(name, "Name6")
            full = " ".join(p for p in (*parts, last) if p)
            name_type = _child_text(name, "NameType")
            kind = _name_kind(name_type, _child_text(name, "AliasStrength"))
            if kind is None:
                self.report.warn(f"{self.record}: unknown NameType {name_type!r}; read as alias")
                kind = NameKind.ALIAS
            for child_name, child in _children(name):
                if child_name not in _NAME_FIELDS:
                    _skip_unknown(child, f"Name/{child_name}", self.file, self.report)
            if not full:
                continue
            if self.builder.schema == "Person":
                middle = " ".join(p for p in parts[1:] if p)
                self.builder.add_name(
                    Name(
                        full,
                        kind,
                        self.record,
                        first_name=parts[0] or None,
                        middle_name=middle or None,
                        last_name=last or None,
                        title=(
                            self.titles[0]
                            if kind is NameKind.PRIMARY and len(self.titles) == 1
                            else None
                        ),
                    )
                )
            else:
                self.builder.add_name(Name(full, kind, self.record))

    def non_latin_names(self, element: Element) -> None:
        for name in element.iterfind("NonLatinName"):
            text = _child_text(name, "NameNonLatinScript")
            lang = language_code(_child_text(name, "NonLatinScriptLanguage"))
            self.builder.add_name(Name(text, NameKind.ALIAS, self.record, lang=lang))

    # -- simple values ---------------------------------------------------------------
    def date_property(self, prop: str, element: Element) -> None:
        text = _text(element)
        if not text:
            return
        date = parse_date(text, record=self.record)
        if date is None:
            self.report.warn(f"{self.record}: {prop} {text!r} is not a date; kept in notes")
            self.builder.add_property("notes", f"{prop}: {text}", self.record)
        else:
            self.builder.add_property(prop, date.value, self.record)

    def countries(self, texts: list[str], role: CountryRole) -> None:
        for text in texts:
            self.builder.add_country(Country(resolve_country(text), role, text, self.record))

    def addresses(self, element: Element) -> None:
        for address in element.iterfind("Address"):
            lines = [_child_text(address, f"AddressLine{i}") for i in range(1, 7)]
            postal = _child_text(address, "AddressPostalCode")
            country_text = _child_text(address, "AddressCountry")
            code = resolve_country(country_text) if country_text else None
            if country_text:
                self.countries([country_text], CountryRole.COUNTRY)
            for child_name, child in _children(address):
                if child_name not in _ADDRESS_FIELDS:
                    _skip_unknown(child, f"Address/{child_name}", self.file, self.report)
            if any(lines) or postal:
                full = ", ".join(p for p in (*lines, postal, country_text) if p)
                self.builder.add_address(
                    Address(
                        full,
                        self.record,
                        postal_code=postal or None,
                        country=code,
                        country_text=country_text or None,
                    )
                )

    # -- individual ------------------------------------------------------------------
    def individual(self, element: Element) -> None:
        for individual in element.iterfind("Individual"):
            for name, child in _children(individual):
                handler = _INDIVIDUAL.get(name)
                if handler is None:
                    _skip_unknown(child, f"Individual/{name}", self.file, self.report)
                else:
                    handler(self, child)

    def dobs(self, element: Element) -> None:
        for text in _texts(element, "DOB"):
            date = parse_date(text, record=self.record)
            if date is None:
                self.report.warn(f"{self.record}: DOB {text!r} is not a date; kept in notes")
                self.builder.add_property("notes", f"Date of birth: {text}", self.record)
            self.builder.add_birth_date(date)

    def birth_details(self, element: Element) -> None:
        for location in element.iterfind("Location"):
            town = _child_text(location, "TownOfBirth")
            country = _child_text(location, "CountryOfBirth")
            if country:
                self.countries([country], CountryRole.BIRTH)
            if town:
                place = f"{town}, {country}" if country else town
                self.builder.add_property("birthPlace", place, self.record)

    def passports(self, element: Element) -> None:
        for passport in element.iterfind("Passport"):
            number = _child_text(passport, "PassportNumber")
            note = _child_text(passport, "PassportAdditionalInformation") or None
            if not number:
                self.note_without_number("Passport", note)
                continue
            self.builder.add_identifier(
                Identifier(
                    IdentifierKind.PASSPORT,
                    number,
                    self.record,
                    source_type="PassportNumber",
                    note=note,
                )
            )

    def national_ids(self, element: Element) -> None:
        for ident in element.iterfind("NationalIdentifier"):
            number = _child_text(ident, "NationalIdentifierNumber")
            note = _child_text(ident, "NationalIdentifierAdditionalInformation") or None
            if not number:
                self.note_without_number("National identifier", note)
                continue
            words = f"{number} {note or ''}".casefold().replace(":", " ").split()
            is_tax = any(word in _TAX_WORDS for word in words)
            self.builder.add_identifier(
                Identifier(
                    IdentifierKind.TAX_ID if is_tax else IdentifierKind.NATIONAL_ID,
                    number,
                    self.record,
                    source_type="NationalIdentifierNumber",
                    note=note,
                )
            )

    def note_without_number(self, label: str, note: str | None) -> None:
        """Keep the details of a document the list gives without its number."""
        if note:
            self.builder.add_property("notes", f"{label} (no number): {note}", self.record)

    def genders(self, element: Element) -> None:
        for text in _texts(element, "Gender"):
            gender = text.strip(" .").lower()
            if gender in {"male", "female"}:
                self.builder.add_property("gender", gender, self.record)
            else:
                self.builder.add_property("notes", f"Gender: {text}", self.record)

    # -- entity ----------------------------------------------------------------------
    def entity(self, element: Element) -> None:
        for entity in element.iterfind("Entity"):
            for name, child in _children(entity):
                if name == "TypeOfEntities":
                    self.builder.add_properties(
                        "legalForm", _texts(child, "TypeOfEntity"), self.record
                    )
                elif name == "BusinessRegistrationNumbers":
                    for text in _texts(child, "BusinessRegistrationNumber"):
                        for ident in registration_identifiers(text, record=self.record):
                            self.builder.add_identifier(ident)
                elif name == "ParentCompanies":
                    self.relations(_texts(child, "ParentCompany"), "parent")
                elif name == "Subsidiaries":
                    self.relations(_texts(child, "Subsidiary"), "subsidiary")
                else:
                    _skip_unknown(child, f"Entity/{name}", self.file, self.report)

    def relations(self, texts: list[str], kind: str) -> None:
        for text in texts:
            self.builder.add_relation(Relation(None, kind, text, self.record))

    # -- ship ------------------------------------------------------------------------
    def ship(self, element: Element) -> None:
        for ship in element.iterfind("Ship"):
            for name, child in _children(ship):
                if name == "IMONumbers":
                    for text in _texts(child, "IMONumber"):
                        imo = imo_number(text)
                        if imo is None:
                            self.report.warn(f"{self.record}: IMO number {text!r} kept in notes")
                            self.builder.add_property("notes", f"IMO number: {text}", self.record)
                        else:
                            self.builder.add_identifier(
                                Identifier(
                                    IdentifierKind.IMO, imo, self.record, source_type="IMONumber"
                                )
                            )
                elif name == "CurrentBelievedFlagOfShips":
                    self.countries(_texts(child, "CurrentBelievedFlagOfShip"), CountryRole.FLAG)
                elif name == "PreviousFlags":
                    self.builder.add_properties(
                        "pastFlags", _texts(child, "PreviousFlag"), self.record
                    )
                elif name == "CurrentOwnerOperators":
                    self.relations(_texts(child, "CurrentOwnerOperator"), "owner")
                elif name == "PreviousOwnerOperators":
                    self.relations(_texts(child, "PreviousOwnerOperator"), "previous_owner")
                elif name == "HullIdentificationNumbers":
                    for text in _texts(child, "HullIdentificationNumber"):
                        self.builder.add_identifier(
                            Identifier(
                                IdentifierKind.OTHER,
                                text,
                                self.record,
                                source_type="HullIdentificationNumber",
                            )
                        )
                elif name in _SHIP_PROPERTIES:
                    path, prop = _SHIP_PROPERTIES[name]
                    self.builder.add_properties(prop, _texts(child, path), self.record)
                else:
                    _skip_unknown(child, f"Ship/{name}", self.file, self.report)


_NAME_FIELDS = frozenset({*(f"Name{i}" for i in range(1, 7)), "NameType", "AliasStrength"})
_ADDRESS_FIELDS = frozenset(
    {*(f"AddressLine{i}" for i in range(1, 7)), "AddressPostalCode", "AddressCountry"}
)
_SHIP_PROPERTIES = {
    "TypeOfShipDetails": ("TypeOfShip", "type"),
    "TonnageOfShipDetails": ("TonnageOfShip", "grossRegisteredTonnage"),
    "YearsBuilt": ("YearBuilt", "buildDate"),
}
_Handler = Callable[[_Designation, Element], None]
_INDIVIDUAL: dict[str, _Handler] = {
    "DOBs": _Designation.dobs,
    "BirthDetails": _Designation.birth_details,
    "PassportDetails": _Designation.passports,
    "NationalIdentifierDetails": _Designation.national_ids,
    "Genders": _Designation.genders,
    "Nationalities": lambda d, e: d.countries(_texts(e, "Nationality"), CountryRole.NATIONALITY),
    "Positions": lambda d, e: d.builder.add_properties("position", _texts(e, "Position"), d.record),
}
_PLAIN_LISTS = {
    "PhoneNumbers": ("PhoneNumber", "phone"),
    "EmailAddresses": ("EmailAddress", "email"),
    "WebsiteAddresses": ("WebsiteAddress", "website"),
    "Websites": ("Website", "website"),
}
_DESIGNATION: dict[str, _Handler] = {
    "Names": _Designation.names,
    "NonLatinNames": _Designation.non_latin_names,
    "Addresses": _Designation.addresses,
    "IndividualDetails": _Designation.individual,
    "EntityDetails": _Designation.entity,
    "ShipDetails": _Designation.ship,
    "RegimeName": lambda d, e: d.builder.add_property("programId", _text(e), d.record),
    "DateDesignated": lambda d, e: d.date_property("listingDate", e),
    "LastUpdated": lambda d, e: d.date_property("modifiedAt", e),
    "OFSIGroupID": lambda d, e: d.builder.add_property("ofsiGroupId", _text(e), d.record),
    "UNReferenceNumber": lambda d, e: d.builder.add_property("unscId", _text(e), d.record),
    "OtherInformation": lambda d, e: d.builder.add_property("notes", _text(e), d.record),
    "UKStatementofReasons": lambda d, e: d.builder.add_property("notes", _text(e), d.record),
}
# Read before the handlers run, or handled by them: not reported as unconsumed.
_CONSUMED_EARLY = frozenset({"UniqueID", "IndividualEntityShip", "Titles"})


class UkFcdoXmlFormat(ListFormat):
    """The FCDO UK Sanctions List XML, the richest UK edition."""

    name = "uk_fcdo_xml"
    richness = 20

    def select(self, available: Collection[str]) -> tuple[str, ...] | None:
        for name in available:
            if name.lower() == FILE.lower():
                return (name,)
        return None

    def parse(self, files: Mapping[str, bytes], *, list_name: str) -> ParseResult:
        with paused_gc():
            return self._parse(files, list_name=list_name)

    def _parse(self, files: Mapping[str, bytes], *, list_name: str) -> ParseResult:
        if len(files) != 1:
            raise ListFormatError(f"expected one {FILE}, got {sorted(files)}")
        file, data = next(iter(files.items()))
        report = ParseReport()
        published: str | None = None
        generated: str | None = None
        builders: dict[str, EntityBuilder] = {}
        index = 0
        tags = ("Designation", "DateGenerated")
        for element in iter_elements(data, file=file, root="Designations", tags=tags):
            parent = element.getparent()
            if parent is None or parent.getparent() is not None:
                continue  # not a direct child of the root
            if published is None:
                published = parent.get("dateGenerated") or None
            for sibling in element.itersiblings(preceding=True):
                name = local_name(sibling.tag)
                if name and name not in tags:
                    _skip_unknown(sibling, name, file, report)
            if local_name(element.tag) == "DateGenerated":
                date = parse_date(_text(element), record=f"{file}:DateGenerated")
                generated = date.value if date else None
            else:
                index += 1
                self._add(
                    _designation(element, index, file, list_name, report), builders, file, report
                )
            release(element)
        if index == 0:
            raise ListFormatError("no Designation elements: empty or truncated list", file=file)
        if not builders:
            raise ListFormatError(
                "no designation could be read: " + "; ".join(report.warnings[:3]), file=file
            )
        published = published or generated
        entities = [builder.build() for builder in builders.values()]
        return ParseResult(entities=entities, edition=file, published=published, report=report)

    @staticmethod
    def _add(
        builder: EntityBuilder | None,
        builders: dict[str, EntityBuilder],
        file: str,
        report: ParseReport,
    ) -> None:
        if builder is None:
            return
        if builder.id in builders:
            report.warn(f"{file}: duplicate designation {builder.id}; the first is kept")
            return
        builders[builder.id] = builder


def _designation(
    element: Element, index: int, file: str, list_name: str, report: ParseReport
) -> EntityBuilder | None:
    unique_id = _child_text(element, "UniqueID")
    key = unique_id or _child_text(element, "OFSIGroupID")
    if not key:
        report.warn(f"{file}: Designation #{index} has no UniqueID nor OFSIGroupID; skipped")
        return None
    record = f"{file}:UniqueID={unique_id}" if unique_id else f"{file}:OFSIGroupID={key}"
    kind = _child_text(element, "IndividualEntityShip")
    schema = SCHEMAS.get(kind.casefold())
    if schema is None:
        report.warn(f"{record}: unknown IndividualEntityShip {kind!r}")
        schema = "LegalEntity"
    builder = EntityBuilder(f"uk:{key}", schema, list_name)
    mapper = _Designation(builder, record, file, report)
    titles = element.find("Titles")
    if titles is not None:
        mapper.titles = _texts(titles, "Title")
        builder.add_properties("title", mapper.titles, record)
    for name, child in _children(element):
        handler = _DESIGNATION.get(name)
        if handler is not None:
            handler(mapper, child)
        elif name in _PLAIN_LISTS:
            path, prop = _PLAIN_LISTS[name]
            builder.add_properties(prop, _texts(child, path), record)
        elif name not in _CONSUMED_EARLY:
            _skip_unknown(child, name, file, report)
    if not builder.has_names:
        report.warn(f"{record}: field Names: designation without a name; skipped")
        return None
    return builder
