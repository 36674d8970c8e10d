"""FollowTheMoney entities as JSON lines (OpenSanctions exports, ``*.ftm.json``).

One JSON object a line: ``{"id", "schema", "caption", "properties": {prop: [values]},
"datasets", "first_seen", "last_seen", "last_change", ...}``.

Screenable parties are kept: Person, Organization, Company, LegalEntity, Vessel,
Airplane, and PublicBody (as Organization). Their id is ``<list_name>:<ftm id>``;
every value's record is ``<file>:id=<ftm id>`` of the object that asserted it.
Auxiliary entities are folded into the parties they reference:

* ``Sanction`` (``entity``) → ``programId`` (else ``program``), ``listingDate``
  (else ``startDate``), ``sourceUrl``, ``modifiedAt``; ``authority``, ``reason``,
  ``provisions``, ``summary`` → ``notes``;
* ``Passport``/``Identification`` (``holder``) → identifiers (``number``,
  ``country``, ``startDate`` → issued, ``endDate`` → expires);
* ``Address`` (via a party's ``addressEntity``) → addresses;
* ``Ownership`` → ``owner`` relation on the asset, ``subsidiary`` on the owner;
  ``Directorship``, ``Family``, ``Associate``, ``UnknownLink``, ``Employment``,
  ``Membership``, ``Representation`` → ``linked_to`` relations on both ends, with
  the role as text. Targets get ids in the same namespace when they are parties
  in the file, else ``None`` (and the reference is reported as an orphan).

Party properties: names (``name`` → primary, ``alias`` → alias, ``weakAlias`` and
``abbreviation`` → weak alias, ``previousName`` → previous; ``firstName``,
``middleName``, ``lastName``, ``title`` are attached to the primary names they
spell), ``birthDate``, countries (``nationality``, ``citizenship``, ``country``,
``jurisdiction``, ``birthCountry``, ``flag``), identifiers (table
``_IDENTIFIERS``), ``address``; every other property is kept under its own name.
Other schemata are reported as skipped (``schema:<name>``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson

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
    Relation,
    country_code,
    parse_date,
)
from interdict.sources.base import ParseReport, ParseResult, SingleFileFormat
from interdict.sources.name_cleanup import clean_name, clean_text

_PARTIES = {
    "Person": "Person",
    "Organization": "Organization",
    "Company": "Company",
    "LegalEntity": "LegalEntity",
    "PublicBody": "Organization",
    "Vessel": "Vessel",
    "Airplane": "Airplane",
}
_NAMES = {
    "name": NameKind.PRIMARY,
    "alias": NameKind.ALIAS,
    "weakAlias": NameKind.WEAK_ALIAS,
    "abbreviation": NameKind.WEAK_ALIAS,
    "previousName": NameKind.PREVIOUS,
}
_NAME_PARTS = frozenset({"firstName", "middleName", "lastName", "fatherName", "title"})
_COUNTRIES = {
    "nationality": CountryRole.NATIONALITY,
    "citizenship": CountryRole.CITIZENSHIP,
    "country": CountryRole.COUNTRY,
    "mainCountry": CountryRole.COUNTRY,
    "jurisdiction": CountryRole.JURISDICTION,
    "birthCountry": CountryRole.BIRTH,
    "flag": CountryRole.FLAG,
}
_K = IdentifierKind
_IDENTIFIERS = {
    "passportNumber": _K.PASSPORT,
    "idNumber": _K.NATIONAL_ID,
    "taxNumber": _K.TAX_ID,
    "innCode": _K.TAX_ID,
    "vatCode": _K.TAX_ID,
    "registrationNumber": _K.REGISTRATION,
    "ogrnCode": _K.REGISTRATION,
    "okpoCode": _K.REGISTRATION,
    "imoNumber": _K.IMO,
    "mmsi": _K.MMSI,
    "swiftBic": _K.SWIFT_BIC,
    "bicCode": _K.SWIFT_BIC,
    "leiCode": _K.LEI,
    "serialNumber": _K.AIRCRAFT_SERIAL,
    "kppCode": _K.OTHER,
    "permId": _K.OTHER,
    "uniqueEntityId": _K.OTHER,
    "dunsCode": _K.OTHER,
}
# Link schemata: (schema, first end, second end, text property).
_LINKS = {
    "Directorship": ("director", "organization", "role"),
    "Family": ("person", "relative", "relationship"),
    "Associate": ("person", "associate", "relationship"),
    "UnknownLink": ("subject", "object", "role"),
    "Employment": ("employee", "employer", "role"),
    "Membership": ("member", "organization", "role"),
    "Representation": ("agent", "client", "role"),
}
_SANCTION_NOTES = ("authority", "reason", "provisions", "summary", "authorityId")
_SANCTION_USED = frozenset(
    {"entity", "programId", "program", "listingDate", "startDate", "sourceUrl", "modifiedAt"}
    | set(_SANCTION_NOTES)
)
_ADDRESS_PARTS = ("street", "street2", "postOfficeBox", "city", "region", "postalCode")


@dataclass
class _Object:
    """One FtM object of the file."""

    id: str
    schema: str
    caption: str
    properties: dict[str, list[str]]
    line: int
    meta: dict[str, Any] = field(default_factory=dict)

    def values(self, prop: str) -> list[str]:
        return self.properties.get(prop, [])

    def first(self, prop: str) -> str:
        values = self.values(prop)
        return values[0] if values else ""


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return []
    return [t for v in value if isinstance(v, str) and (t := v.strip())]


def _load(data: bytes, file: str) -> list[_Object]:
    if not data.strip():
        raise ListFormatError("the file is empty", file=file)
    objects: list[_Object] = []
    for line, raw in enumerate(data.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            obj = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise ListFormatError(f"invalid JSON: {exc}", file=file, record=f"line {line}") from exc
        if not isinstance(obj, dict):
            raise ListFormatError("not a JSON object", file=file, record=f"line {line}")
        ftm_id, schema = obj.get("id"), obj.get("schema")
        if not isinstance(ftm_id, str) or not ftm_id:
            raise ListFormatError("no entity id", file=file, record=f"line {line}", field="id")
        if not isinstance(schema, str) or not schema:
            raise ListFormatError(
                "no schema", file=file, record=f"line {line} id={ftm_id}", field="schema"
            )
        props = obj.get("properties") or {}
        if not isinstance(props, dict):
            raise ListFormatError(
                "properties is not an object", file=file, record=f"id={ftm_id}", field="properties"
            )
        objects.append(
            _Object(
                ftm_id,
                schema,
                clean_text(obj.get("caption") if isinstance(obj.get("caption"), str) else ""),
                {k: _strings(v) for k, v in props.items() if isinstance(k, str)},
                line,
                {
                    k: v
                    for k, v in obj.items()
                    if k not in ("id", "schema", "caption", "properties")
                },
            )
        )
    return objects


def _pick(full: str, candidates: Iterable[str]) -> str | None:
    """The longest candidate found as whole words in ``full``, spelled as in ``full``."""
    padded = f" {full.casefold().replace(',', ' ')} "
    best: str | None = None
    for candidate in candidates:
        at = padded.find(f" {candidate.casefold()} ")
        if at >= 0 and (best is None or len(candidate) > len(best)):
            best = full[at : at + len(candidate)]
    return best


def _name_parts(full: str, obj: _Object) -> tuple[str | None, str | None, str | None, str | None]:
    """(first, middle, last, title) of a person's primary name from the FtM part properties."""
    first = _pick(full, obj.values("firstName"))
    middle = _pick(full, obj.values("middleName") + obj.values("fatherName"))
    last = _pick(full, obj.values("lastName"))
    if first and middle and middle.casefold() in first.casefold():
        middle = None
    return first, middle, last, _pick(full, obj.values("title"))


class FtmFormat(SingleFileFormat):
    """FollowTheMoney JSON lines: one list per file (``ftm/<name>.json``)."""

    name = "ftm"
    richness = 10

    def parse(self, files: Mapping[str, bytes], *, list_name: str) -> ParseResult:
        return _FtmParser(self.file_name, list_name).parse(self.file_data(files))


class _FtmParser:
    def __init__(self, file: str, list_name: str) -> None:
        self.file = file
        self.list_name = list_name
        self.report = ParseReport()
        self.objects: dict[str, _Object] = {}
        self.builders: dict[str, EntityBuilder] = {}

    def record(self, obj: _Object) -> str:
        return f"{self.file}:id={obj.id}"

    def target_id(self, ftm_id: str) -> str | None:
        return f"{self.list_name}:{ftm_id}" if ftm_id in self.builders else None

    def parse(self, data: bytes) -> ParseResult:
        objects = _load(data, self.file)
        for obj in objects:
            if obj.id in self.objects:
                self.report.warn(
                    f"{self.file}: duplicate id {obj.id} (line {obj.line}); first kept"
                )
                continue
            self.objects[obj.id] = obj
        for obj in self.objects.values():
            schema = _PARTIES.get(obj.schema)
            if schema is not None:
                builder = EntityBuilder(f"{self.list_name}:{obj.id}", schema, self.list_name)
                self.builders[obj.id] = builder
        for obj in self.objects.values():
            if obj.id in self.builders:
                self._party(self.builders[obj.id], obj)
            elif obj.schema == "Sanction":
                self._sanction(obj)
            elif obj.schema in ("Passport", "Identification"):
                self._document(obj)
            elif obj.schema == "Ownership":
                self._ownership(obj)
            elif obj.schema in _LINKS:
                self._link(obj, *_LINKS[obj.schema])
            elif obj.schema != "Address":
                self.report.skip_field(self.file, f"schema:{obj.schema}")
        entities = []
        for ftm_id, builder in self.builders.items():
            if not builder.has_names:
                self.report.warn(f"{self.file}: {ftm_id} ({builder.schema}) has no name; skipped")
                continue
            entities.append(builder.build())
        return ParseResult(entities=entities, edition=self.file, published=None, report=self.report)

    def _builder_for(self, obj: _Object, prop: str) -> list[EntityBuilder]:
        out = []
        for ref in obj.values(prop):
            builder = self.builders.get(ref)
            if builder is None:
                self.report.orphan(self.file, f"{obj.schema} {obj.id}: {prop} -> {ref}")
            else:
                out.append(builder)
        return out

    # -- parties -----------------------------------------------------------
    def _party(self, b: EntityBuilder, obj: _Object) -> None:
        record = self.record(obj)
        names = obj.values("name")
        if obj.caption and any(obj.caption.casefold() == n.casefold() for n in names):
            names = [obj.caption, *names]
        for prop, kind in _NAMES.items():
            for value in names if prop == "name" else obj.values(prop):
                full = clean_name(value)
                if full is None:
                    continue
                if kind is NameKind.PRIMARY and b.schema == "Person":
                    first, middle, last, title = _name_parts(full, obj)
                    b.add_name(Name(full, kind, record, first, middle, last, title))
                else:
                    b.add_name(Name(full, kind, record))
        if not b.has_names and obj.caption:
            b.add_name(Name(obj.caption, NameKind.PRIMARY, record))
        for value in obj.values("birthDate"):
            date = parse_date(value, record=record)
            if date is None:
                self.report.warn(f"{record}: unparsed birthDate {value!r}")
                b.add_property("notes", f"Date of birth: {value}", record)
            b.add_birth_date(date)
        for prop, role in _COUNTRIES.items():
            for value in obj.values(prop):
                b.add_country(Country(country_code(value), role, value, record))
        for prop, id_kind in _IDENTIFIERS.items():
            for value in obj.values(prop):
                ident_kind = id_kind
                if prop == "registrationNumber" and b.schema == "Airplane":
                    ident_kind = _K.AIRCRAFT_TAIL
                b.add_identifier(Identifier(ident_kind, value, record, source_type=prop))
        for value in obj.values("address"):
            b.add_address(Address(value, record))
        for ref in obj.values("addressEntity"):
            address = self.objects.get(ref)
            if address is None or address.schema != "Address":
                self.report.orphan(self.file, f"{obj.id}: addressEntity -> {ref}")
                continue
            self._address(b, address)
        handled = (
            set(_NAMES) | _NAME_PARTS | set(_COUNTRIES) | set(_IDENTIFIERS)
            | {"birthDate", "address", "addressEntity"}
        )  # fmt: skip
        for prop, values in obj.properties.items():
            if prop not in handled:
                b.add_properties(prop, values, record)
        for prop in _NAME_PARTS:
            # Parts that spell no primary name are still worth keeping.
            b.add_properties(prop, obj.values(prop), record)
        if isinstance(obj.meta.get("last_change"), str):
            b.add_property("modifiedAt", obj.meta["last_change"], record)

    def _address(self, b: EntityBuilder, obj: _Object) -> None:
        country = obj.first("country") or None
        full = obj.first("full")
        if not full:
            full = ", ".join(v for v in (obj.first(p) for p in _ADDRESS_PARTS) if v)
            if full and country:
                full = f"{full}, {country.upper() if len(country) == 2 else country}"
        b.add_located_address(
            self.record(obj),
            street=obj.first("street"),
            city=obj.first("city"),
            region=obj.first("region"),
            postal_code=obj.first("postalCode"),
            country=country,
            full=full,
        )

    # -- auxiliary entities ------------------------------------------------
    def _sanction(self, obj: _Object) -> None:
        record = self.record(obj)
        for b in self._builder_for(obj, "entity"):
            programs = obj.values("programId") or obj.values("program")
            b.add_properties("programId", programs, record)
            for prop in ("listingDate", "startDate"):
                dates = [d for v in obj.values(prop) if (d := parse_date(v)) is not None]
                if dates:
                    b.add_property("listingDate", min(d.value for d in dates), record)
                    break
            b.add_properties("sourceUrl", obj.values("sourceUrl"), record)
            b.add_properties("modifiedAt", obj.values("modifiedAt"), record)
            for prop in _SANCTION_NOTES:
                for value in obj.values(prop):
                    b.add_property("notes", f"{prop}: {value}", record)
        for prop in obj.properties.keys() - _SANCTION_USED:
            self.report.skip_field(self.file, f"Sanction:{prop}")

    def _document(self, obj: _Object) -> None:
        record = self.record(obj)
        holders = self._builder_for(obj, "holder")
        numbers = obj.values("number") or obj.values("passportNumber")
        if not numbers:
            self.report.warn(f"{record}: {obj.schema} without a number")
            return
        kind = _K.PASSPORT if obj.schema == "Passport" else _K.OTHER
        doc_type = obj.first("type")
        if kind is _K.OTHER and doc_type:
            folded = doc_type.casefold()
            if "passport" in folded:
                kind = _K.PASSPORT
            elif "tax" in folded:
                kind = _K.TAX_ID
            elif "national" in folded or "identity" in folded:
                kind = _K.NATIONAL_ID
        country = obj.first("country")
        issued = self._date(obj, "startDate")
        expires = self._date(obj, "endDate")
        for b in holders:
            for number in numbers:
                b.add_identifier(
                    Identifier(
                        kind,
                        number,
                        record,
                        country=country_code(country) if country else None,
                        source_type=doc_type or obj.schema,
                        issued=issued,
                        expires=expires,
                        note=obj.first("authority") or None,
                    )
                )

    @staticmethod
    def _date(obj: _Object, prop: str) -> str | None:
        date: PartialDate | None = parse_date(obj.first(prop))
        return date.value if date is not None else None

    def _ownership(self, obj: _Object) -> None:
        record = self.record(obj)
        role = obj.first("role")
        percentage = obj.first("percentage")
        for owner_id in obj.values("owner"):
            for asset_id in obj.values("asset"):
                owner, asset = self.objects.get(owner_id), self.objects.get(asset_id)
                text_owner = owner.caption if owner else owner_id
                text_asset = asset.caption if asset else asset_id
                details = [p for p in (role, f"{percentage}%" if percentage else "") if p]
                suffix = f" ({', '.join(details)})" if details else ""
                if asset_id in self.builders:
                    self.builders[asset_id].add_relation(
                        Relation(self.target_id(owner_id), "owner", text_owner + suffix, record)
                    )
                else:
                    self.report.orphan(self.file, f"Ownership {obj.id}: asset -> {asset_id}")
                if owner_id in self.builders:
                    self.builders[owner_id].add_relation(
                        Relation(
                            self.target_id(asset_id), "subsidiary", text_asset + suffix, record
                        )
                    )
                else:
                    self.report.orphan(self.file, f"Ownership {obj.id}: owner -> {owner_id}")
        for prop in obj.properties.keys() - {"owner", "asset", "role", "percentage"}:
            self.report.skip_field(self.file, f"Ownership:{prop}")

    def _link(self, obj: _Object, left: str, right: str, text_prop: str) -> None:
        record = self.record(obj)
        role = obj.first(text_prop)
        for a_id in obj.values(left):
            for b_id in obj.values(right):
                for this, other in ((a_id, b_id), (b_id, a_id)):
                    builder = self.builders.get(this)
                    if builder is None:
                        self.report.orphan(self.file, f"{obj.schema} {obj.id}: -> {this}")
                        continue
                    target = self.objects.get(other)
                    caption = target.caption if target else other
                    text = f"{role}: {caption}" if role else caption
                    builder.add_relation(Relation(self.target_id(other), "linked_to", text, record))
        for prop in obj.properties.keys() - {left, right, text_prop}:
            self.report.skip_field(self.file, f"{obj.schema}:{prop}")
