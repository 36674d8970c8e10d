"""The one normalised entity model every source converts into.

``Entity.schema`` is a FollowTheMoney schema name: ``Person``, ``Organization``,
``Company``, ``LegalEntity`` (type unknown), ``Vessel`` or ``Airplane``. Matching
fields are typed (names, birth dates, countries, identifiers, addresses); everything
else sits in ``properties`` under FollowTheMoney property names (``programId``,
``notes``, ``position``, ``gender``, ``birthPlace``, ``listingDate``, ``sourceUrl``,
``callSign``, ``buildDate``, ...).

Provenance: ``list_name`` and ``version`` name the list snapshot, each value's
``record`` the source record within it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import MISSING, dataclass, field, fields, replace
from typing import Any

from interdict.model.countries import country_code
from interdict.model.values import (
    Address,
    Country,
    CountryRole,
    Identifier,
    IdentifierKind,
    Name,
    NameKind,
    PartialDate,
    Relation,
    Value,
)

_IMO = re.compile(r"(?:IMO)?[\s:.#-]*(\d{7})", re.I)

SCHEMAS = ("Person", "Organization", "Company", "LegalEntity", "Vessel", "Airplane")


@dataclass(frozen=True, slots=True)
class Entity:
    """A listed party. Immutable; build one with :class:`EntityBuilder`."""

    id: str
    schema: str
    list_name: str
    names: tuple[Name, ...]
    birth_dates: tuple[PartialDate, ...] = ()
    countries: tuple[Country, ...] = ()
    identifiers: tuple[Identifier, ...] = ()
    addresses: tuple[Address, ...] = ()
    relations: tuple[Relation, ...] = ()
    properties: Mapping[str, tuple[Value, ...]] = field(default_factory=dict)
    version: str = ""

    @property
    def source(self) -> str:
        """The publishing source, the id's prefix (``"ofac"`` for ``"ofac:16418"``)."""
        return self.id.split(":", 1)[0]

    @property
    def caption(self) -> str:
        """The display name: the first primary name, else the first name."""
        for name in self.names:
            if name.kind is NameKind.PRIMARY:
                return name.full
        return self.names[0].full if self.names else self.id

    def with_version(self, version: str) -> Entity:
        return replace(self, version=version)

    def ftm_properties(self) -> dict[str, list[str]]:
        """All values as FollowTheMoney properties (``name``, ``birthDate``, ...)."""
        props: dict[str, list[str]] = {}

        def add(prop: str, value: str | None) -> None:
            if value:
                values = props.setdefault(prop, [])
                if value not in values:
                    values.append(value)

        for name in self.names:
            add(name.kind.ftm_property, name.full)
            if self.schema == "Person" and name.kind is NameKind.PRIMARY:
                add("firstName", name.first_name)
                add("middleName", name.middle_name)
                add("lastName", name.last_name)
                add("title", name.title)
        for date in self.birth_dates:
            add("birthDate", date.value)
            if date.end:
                add("birthDate", date.end)
        for country in self.countries:
            add(country.role.ftm_property, country.code or country.text)
        for ident in self.identifiers:
            add(ident.kind.ftm_property, ident.number)
        for address in self.addresses:
            add("address", address.full)
        for prop, values in self.properties.items():
            for value in values:
                add(prop, value.value)
        return props

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict holding every value; :meth:`from_dict` reverses it."""
        return {
            "id": self.id,
            "schema": self.schema,
            "list_name": self.list_name,
            "version": self.version,
            "names": [_compact(n) for n in self.names],
            "birth_dates": [_compact(d) for d in self.birth_dates],
            "countries": [_compact(c) for c in self.countries],
            "identifiers": [_compact(i) for i in self.identifiers],
            "addresses": [_compact(a) for a in self.addresses],
            "relations": [_compact(r) for r in self.relations],
            "properties": {
                k: [_compact(v) for v in vs] for k, vs in sorted(self.properties.items())
            },
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Entity:
        return cls(
            id=data["id"],
            schema=data["schema"],
            list_name=data["list_name"],
            version=data.get("version", ""),
            names=tuple(
                Name(**{**n, "kind": NameKind(n.get("kind", "primary"))}) for n in data["names"]
            ),
            birth_dates=tuple(PartialDate(**d) for d in data.get("birth_dates", ())),
            countries=tuple(
                Country(**{**c, "role": CountryRole(c["role"])}) for c in data.get("countries", ())
            ),
            identifiers=tuple(
                Identifier(**{**i, "kind": IdentifierKind(i["kind"])})
                for i in data.get("identifiers", ())
            ),
            addresses=tuple(Address(**a) for a in data.get("addresses", ())),
            relations=tuple(Relation(**r) for r in data.get("relations", ())),
            properties={
                k: tuple(Value(**v) for v in vs) for k, vs in data.get("properties", {}).items()
            },
        )


def _compact(value: Any) -> dict[str, Any]:
    """Dataclass to dict without ``None``/empty/false members that have a default
    (required members are always kept); enums as strings."""
    out: dict[str, Any] = {}
    for f in fields(value):
        v = getattr(value, f.name)
        optional = f.default is not MISSING or f.default_factory is not MISSING
        if optional and (v is None or v == "" or v is False):
            continue
        out[f.name] = str(v) if isinstance(v, (NameKind, IdentifierKind, CountryRole)) else v
    return out


#: Rank of each name kind in an entity's names (primary names first).
_NAME_KIND_ORDER = {kind: rank for rank, kind in enumerate(NameKind)}


class EntityBuilder:
    """Collects the values of one entity while a parser reads its records.

    Values are de-duplicated (the first occurrence, and so its provenance, wins);
    empty and white-space-only strings are ignored, so parsers can pass optional
    fields straight through.
    """

    def __init__(self, entity_id: str, schema: str, list_name: str) -> None:
        if schema not in SCHEMAS:
            raise ValueError(f"unknown schema {schema!r}")
        self.id = entity_id
        self.schema = schema
        self.list_name = list_name
        self._names: dict[tuple[str, NameKind], Name] = {}
        self._dates: dict[tuple[str, str | None], PartialDate] = {}
        self._countries: dict[tuple[str | None, str, CountryRole], Country] = {}
        self._identifiers: dict[tuple[IdentifierKind, str], Identifier] = {}
        self._addresses: dict[str, Address] = {}
        self._relations: dict[tuple[str | None, str, str], Relation] = {}
        self._properties: dict[str, dict[str, Value]] = {}

    @property
    def has_names(self) -> bool:
        return bool(self._names)

    def add_name(self, name: Name) -> None:
        full = " ".join(name.full.split())
        if not full:
            return
        if full != name.full:
            name = replace(name, full=full)
        key = (full.casefold(), name.kind)
        # A strong alias or primary name supersedes the same text as a weaker kind.
        self._names.setdefault(key, name)

    def add_birth_date(self, date: PartialDate | None) -> None:
        if date is not None:
            self._dates.setdefault((date.value, date.end), date)

    def add_country(self, country: Country) -> None:
        if country.code is None and not country.text.strip():
            return
        self._countries.setdefault((country.code, country.text.casefold(), country.role), country)

    def add_identifier(self, ident: Identifier) -> None:
        """Add an identifier; IMO numbers are written ``IMO`` + 7 digits whatever the source."""
        number = ident.number.strip()
        if not number:
            return
        if ident.kind is IdentifierKind.IMO and (imo := _IMO.fullmatch(number)):
            number = f"IMO{imo.group(1)}"
        if number != ident.number:
            ident = replace(ident, number=number)
        self._identifiers.setdefault((ident.kind, number.upper()), ident)

    def add_address(self, address: Address) -> None:
        full = ", ".join(p.strip() for p in address.full.split(",") if p.strip())
        if not full:
            return
        if full != address.full:
            address = replace(address, full=full)
        self._addresses.setdefault(full.casefold(), address)

    def add_located_address(
        self,
        record: str,
        *,
        street: str | None = None,
        city: str | None = None,
        region: str | None = None,
        postal_code: str | None = None,
        country: str | None = None,
        full: str | None = None,
    ) -> str:
        """Add an address from its parts and its country, the country also as a
        country of the entity (:attr:`CountryRole.COUNTRY`, code resolved from the
        text). ``full`` defaults to the parts and the country joined by commas; empty
        parts are left out. Returns the full text (empty when there is none)."""
        code = country_code(country) if country else None
        if full is None:
            full = ", ".join(p for p in (street, city, region, postal_code, country) if p)
        if full:
            self.add_address(
                Address(
                    full,
                    record,
                    street=street or None,
                    city=city or None,
                    region=region or None,
                    postal_code=postal_code or None,
                    country=code,
                    country_text=country or None,
                )
            )
        if country:
            self.add_country(Country(code, CountryRole.COUNTRY, country, record))
        return full

    def add_relation(self, relation: Relation) -> None:
        self._relations.setdefault((relation.target_id, relation.kind, relation.text), relation)

    def add_property(self, prop: str, value: str | None, record: str = "") -> None:
        if value is None:
            return
        text = value.strip()
        if text:
            self._properties.setdefault(prop, {}).setdefault(text, Value(text, record))

    def add_properties(self, prop: str, values: Iterable[str | None], record: str = "") -> None:
        for value in values:
            self.add_property(prop, value, record)

    def build(self) -> Entity:
        """The entity; primary names first, then aliases, weak aliases, previous names."""
        names = sorted(self._names.values(), key=lambda n: _NAME_KIND_ORDER[n.kind])
        return Entity(
            id=self.id,
            schema=self.schema,
            list_name=self.list_name,
            names=tuple(names),
            birth_dates=tuple(self._dates.values()),
            countries=tuple(self._countries.values()),
            identifiers=tuple(self._identifiers.values()),
            addresses=tuple(self._addresses.values()),
            relations=tuple(self._relations.values()),
            properties={k: tuple(v.values()) for k, v in self._properties.items()},
        )
