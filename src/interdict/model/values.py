"""Value types of the normalised entity model.

Every value carries ``record``: a locator of the source record that asserted it
(for example ``"sdn.csv:ent_num=16418"`` or ``"alt.csv:alt_num=2345"``). Together with
the entity's ``list_name`` and ``version`` it is the provenance of the value.

All classes are frozen and slotted: they are created by parsers, stored as JSON and
shared read-only by the matching engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class NameKind(StrEnum):
    """The role a name plays on the list (FollowTheMoney property in brackets)."""

    PRIMARY = "primary"  # name
    ALIAS = "alias"  # alias: a strong / good-quality a.k.a.
    WEAK_ALIAS = "weak_alias"  # weakAlias: OFAC "weak" / UK "low quality" a.k.a.
    PREVIOUS = "previous"  # previousName: f.k.a.

    @property
    def ftm_property(self) -> str:
        return _NAME_KIND_FTM[self]


_NAME_KIND_FTM = {
    NameKind.PRIMARY: "name",
    NameKind.ALIAS: "alias",
    NameKind.WEAK_ALIAS: "weakAlias",
    NameKind.PREVIOUS: "previousName",
}


@dataclass(frozen=True, slots=True)
class Name:
    """One name of an entity as the list writes it.

    ``full`` is the whole name in reading order as published (OFAC's
    ``"DAMAVANDIAN, Ghassem"`` stays as it is); the optional parts are given where
    the source separates them. ``lang`` is an ISO 639 code where the source says
    which language or script the name is written in.
    """

    full: str
    kind: NameKind = NameKind.PRIMARY
    record: str = ""
    first_name: str | None = None
    middle_name: str | None = None
    last_name: str | None = None
    title: str | None = None
    lang: str | None = None


class IdentifierKind(StrEnum):
    """Kinds of identifiers, with the FollowTheMoney property each maps to."""

    PASSPORT = "passport"
    NATIONAL_ID = "national_id"
    TAX_ID = "tax_id"
    REGISTRATION = "registration"
    IMO = "imo"
    MMSI = "mmsi"
    SWIFT_BIC = "swift_bic"
    LEI = "lei"
    CRYPTO_WALLET = "crypto_wallet"
    AIRCRAFT_SERIAL = "aircraft_serial"
    AIRCRAFT_TAIL = "aircraft_tail"
    OTHER = "other"

    @property
    def ftm_property(self) -> str:
        return _IDENTIFIER_FTM[self]


_IDENTIFIER_FTM = {
    IdentifierKind.PASSPORT: "passportNumber",
    IdentifierKind.NATIONAL_ID: "idNumber",
    IdentifierKind.TAX_ID: "taxNumber",
    IdentifierKind.REGISTRATION: "registrationNumber",
    IdentifierKind.IMO: "imoNumber",
    IdentifierKind.MMSI: "mmsi",
    IdentifierKind.SWIFT_BIC: "swiftBic",
    IdentifierKind.LEI: "leiCode",
    IdentifierKind.CRYPTO_WALLET: "cryptoWallet",
    IdentifierKind.AIRCRAFT_SERIAL: "serialNumber",
    IdentifierKind.AIRCRAFT_TAIL: "registrationNumber",
    IdentifierKind.OTHER: "idNumber",
}


@dataclass(frozen=True, slots=True)
class Identifier:
    """An identifying number.

    ``number`` is kept exactly as published (leading zeros included; outer white
    space trimmed). ``source_type`` is the source's own label (``"Passport"``,
    ``"Digital Currency Address - XBT"``) so nothing is lost in the mapping to
    ``kind``. ``currency`` is set for digital currency addresses.
    """

    kind: IdentifierKind
    number: str
    record: str = ""
    country: str | None = None
    source_type: str | None = None
    currency: str | None = None
    issued: str | None = None
    expires: str | None = None
    note: str | None = None


class CountryRole(StrEnum):
    """Why a country is attached to an entity (FollowTheMoney property in brackets)."""

    NATIONALITY = "nationality"  # nationality
    CITIZENSHIP = "citizenship"  # citizenship
    COUNTRY = "country"  # country: residence / operating country
    JURISDICTION = "jurisdiction"  # jurisdiction: of incorporation
    BIRTH = "birth"  # birthCountry
    FLAG = "flag"  # flag of a vessel or aircraft

    @property
    def ftm_property(self) -> str:
        return _COUNTRY_FTM[self]


_COUNTRY_FTM = {
    CountryRole.NATIONALITY: "nationality",
    CountryRole.CITIZENSHIP: "citizenship",
    CountryRole.COUNTRY: "country",
    CountryRole.JURISDICTION: "jurisdiction",
    CountryRole.BIRTH: "birthCountry",
    CountryRole.FLAG: "flag",
}


@dataclass(frozen=True, slots=True)
class Country:
    """A country attached to an entity.

    ``code`` is the FollowTheMoney territory code (lower-case ISO 3166-1 alpha-2 such
    as ``"ir"``, or a region code such as ``"ua-cri"``), or ``None`` when the source's
    text could not be resolved; ``text`` is the source's wording.
    """

    code: str | None
    role: CountryRole
    text: str = ""
    record: str = ""


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date known to year, month or day precision, possibly approximate or a range.

    ``value`` is an ISO 8601 prefix: ``"1968"``, ``"1968-09"`` or ``"1968-09-12"``.
    ``end`` is set for ranges (``"1960"`` to ``"1962"``): the range covers ``value``
    through ``end`` inclusive. ``circa`` marks an approximate date. ``text`` is the
    source's wording.
    """

    value: str
    record: str = ""
    end: str | None = None
    circa: bool = False
    text: str = ""

    @property
    def precision(self) -> str:
        """``"year"``, ``"month"`` or ``"day"``."""
        return {4: "year", 7: "month"}.get(len(self.value), "day")

    @property
    def year(self) -> int:
        return int(self.value[:4])


@dataclass(frozen=True, slots=True)
class Address:
    """A postal address. ``full`` is the whole address as one line."""

    full: str
    record: str = ""
    street: str | None = None
    city: str | None = None
    region: str | None = None
    postal_code: str | None = None
    country: str | None = None
    country_text: str | None = None


@dataclass(frozen=True, slots=True)
class Relation:
    """A link to another listed entity (OFAC "Linked To", UK parent companies)."""

    target_id: str | None
    kind: str
    text: str = ""
    record: str = ""


@dataclass(frozen=True, slots=True)
class Value:
    """Any other property value, under its FollowTheMoney property name."""

    value: str
    record: str = ""
