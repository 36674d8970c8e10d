"""OFAC's typed items and where each one goes in the entity model: one table for all formats.

OFAC writes the same facts under the same labels in every edition it publishes:

* the CSV files and the classic XML ``remarks`` as ``Label value (Country) issued D expires D``
  fragments (``Passport G9336_77 (Iran) expires 27 Oct 2019``);
* the classic XML as ``idList/id`` items (``idType`` is the label, ``idNumber`` the value);
* the Enhanced XML as ``features`` (feature type) and ``identityDocuments`` (document type).

:data:`OFAC_TYPES` maps every label (case-insensitive, a trailing ``:``/``-``/``.`` ignored)
to a :class:`TypeMapping`; :data:`PREFIX_TYPES` covers label families such as
``Digital Currency Address - XBT`` or ``Listing Date (EO 14024 Directive 2):``.
:func:`apply_item` puts one labelled value into an :class:`~interdict.model.EntityBuilder`, so
all three parsers map a label the same way. Anything not in the table is the caller's to report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from interdict.model import (
    Country,
    CountryRole,
    EntityBuilder,
    Identifier,
    IdentifierKind,
    country_code,
    parse_date,
)
from interdict.sources.base import ParseReport


class Target(StrEnum):
    """What kind of model value a labelled OFAC item becomes."""

    IDENTIFIER = "identifier"  # Identifier(kind, number, country, issued, expires)
    COUNTRY = "country"  # Country(code, role)
    PROPERTY = "property"  # a plain property value (``website``, ``callSign``, ...)
    DATE_PROPERTY = "date_property"  # a property holding an ISO date when parsable
    NOTE = "note"  # ``notes``, keeping the label: "Secondary sanctions risk: ..."
    GENDER = "gender"  # ``gender`` as ``male``/``female``
    BIRTH_DATE = "birth_date"  # a PartialDate in ``birth_dates``
    BIRTH_PLACE = "birth_place"  # ``birthPlace`` plus the birth country when recognisable


@dataclass(frozen=True, slots=True)
class TypeMapping:
    """Where the value of one OFAC label goes."""

    target: Target
    kind: IdentifierKind | None = None
    prop: str | None = None
    role: CountryRole | None = None
    #: A prefix of the value that repeats the type (``IMO`` in ``IMO 9187629``); dropped.
    value_prefix: str | None = None
    currency: str | None = None


def _ident(kind: IdentifierKind, value_prefix: str | None = None) -> TypeMapping:
    return TypeMapping(Target.IDENTIFIER, kind=kind, value_prefix=value_prefix)


def _prop(prop: str) -> TypeMapping:
    return TypeMapping(Target.PROPERTY, prop=prop)


def _country(role: CountryRole) -> TypeMapping:
    return TypeMapping(Target.COUNTRY, role=role)


_PASSPORT = _ident(IdentifierKind.PASSPORT)
_NATIONAL_ID = _ident(IdentifierKind.NATIONAL_ID)
_TAX_ID = _ident(IdentifierKind.TAX_ID)
_REGISTRATION = _ident(IdentifierKind.REGISTRATION)
_OTHER = _ident(IdentifierKind.OTHER)
_IMO = _ident(IdentifierKind.IMO, value_prefix="IMO")
_SERIAL = _ident(IdentifierKind.AIRCRAFT_SERIAL)
_TAIL = _ident(IdentifierKind.AIRCRAFT_TAIL)
_NOTE = TypeMapping(Target.NOTE)

_GROUPS: tuple[tuple[TypeMapping, tuple[str, ...]], ...] = (
    (TypeMapping(Target.BIRTH_DATE), ("DOB", "Birthdate", "Date of Birth")),
    (TypeMapping(Target.BIRTH_PLACE), ("POB", "Place of Birth")),
    (TypeMapping(Target.GENDER), ("Gender",)),
    (_country(CountryRole.NATIONALITY), ("nationality", "Nationality Country")),
    (_country(CountryRole.CITIZENSHIP), ("citizen", "Citizenship Country", "citizenship")),
    (_country(CountryRole.JURISDICTION), ("Nationality of Registration", "Registration Country")),
    (_country(CountryRole.FLAG), ("Vessel Flag",)),
    (
        _PASSPORT,
        (
            "Passport",
            "Diplomatic Passport",
            "British National Overseas Passport",
            "Stateless Person Passport",
            "Travel Document Number",
        ),
    ),
    (
        _NATIONAL_ID,
        (
            "National ID No.",
            "Cedula No.",
            "D.N.I.",
            "C.U.R.P.",
            "SSN",
            "Identification Number",
            "Personal ID Card",
            "Bosnian Personal ID No.",
            "Kenyan ID No.",
            "Moroccan Personal ID No.",
            "Turkish Identification Number",
            "CNP (Personal Numerical Code)",
            "Tazkira National ID Card",
            "C.I.N.",
            "Numero de Identidad",
            "UAE Identification",
            "Citizen's Card Number",
            "Credencial electoral",
            "I.F.E.",
            "N.I.E.",
            "National Foreign ID Number",
            "Stateless Person ID Card",
            "Refugee ID Card",
            "Romanian Permanent Resident",
            "C.U.I.P.",
            "Electoral Registry No.",
        ),
    ),
    (
        _TAX_ID,
        (
            "Tax ID No.",
            "R.F.C.",
            "RFC",
            "NIT #",
            "RUC #",
            "C.U.I.T.",
            "C.U.I.",
            "V.A.T. Number",
            "Italian Fiscal Code",
            "Fiscal Code",
            "RIF #",
            "N.I.F.",
            "C.I.F.",
            "US FEIN",
            "Paraguayan tax identification number",
            "RTN",
            "RSIN",
            "Romanian Tax Registration",
            "Numero Unico de Identificacao Tributaria (NUIT)",
        ),
    ),
    (
        _REGISTRATION,
        (
            "Registration Number",
            "Registration ID",
            "Company Number",
            "UK Company Number",
            "Business Registration Number",
            "Business Registration Document #",
            "Commercial Registry Number",
            "C.R. No.",
            "Romanian C.R.",
            "Certificate of Incorporation Number",
            "Chamber of Commerce Number",
            "Unified Social Credit Code (USCC)",
            "United Social Credit Code Certificate (USCCC)",
            "Government Gazette Number",
            "Public Registration Number",
            "Enterprise Number",
            "Organization Code",
            "Central Registration System Number",
            "Economic Register Number (CBLS)",
            "Matricula Mercantil No",
            "Folio Mercantil No.",
            "Istanbul Chamber of Comm. No.",
            "Trade License No.",
            "Dubai Chamber of Commerce Membership No.",
            "Registration Certificate Number (Dubai)",
            "Branch Unit Number",
            "Business Number",
            "MSB Registration Number",
            "Russian State Individual Business Registration Number Pattern (OGRNIP)",
            "Registered Charity No.",
            "LE Number",
            "Commercial Registry",
        ),
    ),
    (
        _OTHER,
        (
            "Driver's License No.",
            "License",
            "Permit Number",
            "Pilot License Number",
            "Seafarer's Identification Document",
            "Birth Certificate Number",
            "Residency Number",
            "Immigration No.",
            "VisaNumberID",
            "Military Registration Number",
            "Cartilla de Servicio Militar Nacional",
            "Serial No.",
            "File Number",
            "Trademark number",
            "Tourism License No.",
            "Afghan Money Service Provider License Number",
            "SRE Permit No.",
            "Public Security and Immigration No.",
            "BIK (RU)",
            "ISIN",
            "D-U-N-S Number",
            "Global Intermediary Identification Number",
            "Chinese Commercial Code",
            "Aircraft Mode S Transponder Code",
            "MICEX Code",
            "UN/LOCODE",
            "Other Vessel Call Sign",
        ),
    ),
    (_ident(IdentifierKind.LEI), ("Legal Entity Number",)),
    (_ident(IdentifierKind.SWIFT_BIC), ("SWIFT/BIC",)),
    (_ident(IdentifierKind.MMSI), ("MMSI",)),
    (
        _IMO,
        (
            "Vessel Registration Identification",
            "Vessel Registration Identification IMO",
            "Identification Number IMO",
            "Company Number IMO",
            "IMO",
        ),
    ),
    (
        _SERIAL,
        (
            "Aircraft Construction Number (also called L/N or S/N or F/N)",
            "Aircraft Manufacturer's Serial Number (MSN)",
            "Aircraft Serial Identification",
        ),
    ),
    (_TAIL, ("Aircraft Tail Number", "Previous Aircraft Tail Number")),
    (_prop("website"), ("Website",)),
    (_prop("email"), ("Email Address", "Email")),
    (_prop("phone"), ("Phone Number", "Telephone", "Phone", "Fax")),
    (_prop("callSign"), ("Call Sign", "Vessel Call Sign")),
    (_prop("type"), ("Vessel Type", "VESSEL TYPE", "Other Vessel Type")),
    (_prop("tonnage"), ("Tonnage", "Vessel Tonnage")),
    (_prop("grossRegisteredTonnage"), ("GRT", "Vessel Gross Registered Tonnage")),
    (_prop("owner"), ("Vessel Owner",)),
    (_prop("pastFlags"), ("Former Vessel Flag", "Other Vessel Flag")),
    (_prop("model"), ("Aircraft Model",)),
    (_prop("operator"), ("Aircraft Operator",)),
    (_prop("sector"), ("Organization Type",)),
    (_prop("classification"), ("Target Type",)),
    (_prop("ticker"), ("Equity Ticker",)),
    (_prop("title"), ("Title",)),
    (_prop("position"), ("Position",)),
    (_prop("issuer"), ("Issuer Name",)),
    (
        TypeMapping(Target.DATE_PROPERTY, prop="buildDate"),
        ("Aircraft Manufacture Date", "Vessel Year of Build"),
    ),
    (
        TypeMapping(Target.DATE_PROPERTY, prop="incorporationDate"),
        ("Organization Established Date",),
    ),
    (
        _NOTE,
        (
            "Secondary sanctions risk:",
            "Additional Sanctions Information -",
            "Transactions Prohibited For Persons Owned or Controlled By U.S. Financial "
            "Institutions:",
            "CAATSA Section 235 Information:",
            "IFCA Determination -",
            "PEESA Information:",
            "PAIPA Section 2 Information:",
            "Location",
        ),
    ),
)

#: Label families matched by prefix (after the exact labels); the part after the prefix, if
#: any, is the currency of a digital currency address.
PREFIX_TYPES: Final[tuple[tuple[str, TypeMapping], ...]] = (
    ("Digital Currency Address - ", TypeMapping(Target.IDENTIFIER, IdentifierKind.CRYPTO_WALLET)),
    ("Executive Order ", _NOTE),
    ("Listing Date (", _NOTE),
    ("Effective Date (", _NOTE),
    ("Purchase/Sales For Divestment Date (", _NOTE),
    ("For more information", _NOTE),
)


def normalize_label(label: str) -> str:
    """The lookup key of a label: case-folded, single-spaced, trailing ``:``/``-``/``.`` dropped."""
    return " ".join(label.casefold().split()).rstrip(":-. ")


def _table() -> dict[str, TypeMapping]:
    table: dict[str, TypeMapping] = {}
    for mapping, labels in _GROUPS:
        for label in labels:
            table[normalize_label(label)] = mapping
    return table


#: Every known label (normalised with :func:`normalize_label`) and its mapping.
OFAC_TYPES: Final[dict[str, TypeMapping]] = _table()

#: The source spellings of all exact labels, for the remarks splitter.
OFAC_LABELS: Final[tuple[str, ...]] = tuple(label for _, labels in _GROUPS for label in labels)


def lookup_type(label: str) -> TypeMapping | None:
    """The mapping of an OFAC label, or ``None`` when OFAC's label is unknown here."""
    mapping = OFAC_TYPES.get(normalize_label(label))
    if mapping is not None:
        return mapping
    for prefix, family in PREFIX_TYPES:
        if label.startswith(prefix):
            if family.kind is IdentifierKind.CRYPTO_WALLET:
                currency = label[len(prefix) :].strip() or None
                return TypeMapping(
                    Target.IDENTIFIER, IdentifierKind.CRYPTO_WALLET, currency=currency
                )
            return family
    return None


_GENDERS = {"male": "male", "m": "male", "female": "female", "f": "female"}
_SPACE = re.compile(r"\s+")
_TRAILING_COUNTRY = re.compile(r"^(.*\S)\s*\(([^()]+)\)$")
_YEAR_SPAN = re.compile(r"\b(\d{4})\s*-\s*(\d{4})\b")


def iso_or_text(text: str | None, *, record: str = "") -> str | None:
    """An ISO date for OFAC's date wording, else the wording itself (``None`` for nothing)."""
    if text is None or not text.strip():
        return None
    parsed = parse_date(text, record=record)
    if parsed is not None and parsed.end is None and not parsed.circa:
        return parsed.value
    return _SPACE.sub(" ", text.strip())


def birth_country(place: str) -> Country | None:
    """The birth country named by the last comma-separated part of a place of birth."""
    last = place.rsplit(",", 1)[-1].strip()
    code = country_code(last) if last else None
    return Country(code, CountryRole.BIRTH, last) if code else None


@dataclass(frozen=True, slots=True)
class Item:
    """One labelled value as a source gives it."""

    label: str
    value: str
    record: str
    country: str | None = None
    issued: str | None = None
    expires: str | None = None
    note: str | None = None


def apply_item(builder: EntityBuilder, item: Item, *, report: ParseReport) -> bool:
    """Put ``item`` into ``builder`` by :data:`OFAC_TYPES`; ``False`` when its label is unknown.

    Unparsable birth dates are kept under ``notes`` with a warning; an unknown gender
    word likewise. The caller reports unknown labels with ``report.skip_field``.
    """
    mapping = lookup_type(item.label)
    if mapping is None:
        return False
    value = item.value.strip()
    if not value:
        return True
    target = mapping.target
    record = item.record
    if target is Target.IDENTIFIER:
        _add_identifier(builder, mapping, item, value)
    elif target is Target.COUNTRY:
        role = mapping.role or CountryRole.COUNTRY
        builder.add_country(Country(country_code(value), role, value, record))
    elif target is Target.PROPERTY:
        builder.add_property(mapping.prop or "notes", value, record)
    elif target is Target.DATE_PROPERTY:
        builder.add_property(mapping.prop or "notes", iso_or_text(value, record=record), record)
    elif target is Target.NOTE:
        label = item.label.strip()
        builder.add_property("notes", f"{label} {value}" if label else value, record)
    elif target is Target.GENDER:
        gender = _GENDERS.get(value.casefold().rstrip("."))
        if gender is None:
            report.warn(f"{record}: unknown gender {value!r}")
            builder.add_property("notes", f"Gender {value}", record)
        else:
            builder.add_property("gender", gender, record)
    elif target is Target.BIRTH_DATE:
        date = parse_date(_YEAR_SPAN.sub(r"\1 to \2", value), record=record)
        if date is None:
            report.warn(f"{record}: unparsed date of birth {value!r}")
            builder.add_property("notes", f"DOB {value}", record)
        else:
            builder.add_birth_date(date)
    elif target is Target.BIRTH_PLACE:
        builder.add_property("birthPlace", value, record)
        country = birth_country(value)
        if country is not None:
            builder.add_country(Country(country.code, CountryRole.BIRTH, country.text, record))
    return True


def _add_identifier(builder: EntityBuilder, mapping: TypeMapping, item: Item, value: str) -> None:
    number = value
    if mapping.value_prefix and number.upper().startswith(mapping.value_prefix):
        number = number[len(mapping.value_prefix) :].strip()
    country_text = item.country
    match = None if country_text else _TRAILING_COUNTRY.match(number)
    if match is not None and country_code(match.group(2)) is not None:
        # the classic XML writes "1026303117642 (Russia)" as an idNumber
        number, country_text = match.group(1), match.group(2)
    country = None
    if country_text:
        country = country_code(country_text) or country_text.strip()
    builder.add_identifier(
        Identifier(
            kind=mapping.kind or IdentifierKind.OTHER,
            number=number,
            record=item.record,
            country=country,
            source_type=item.label.strip().rstrip(":").strip() or None,
            currency=mapping.currency,
            issued=iso_or_text(item.issued, record=item.record),
            expires=iso_or_text(item.expires, record=item.record),
            note=item.note,
        )
    )
