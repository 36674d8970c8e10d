"""FollowTheMoney entities as JSON lines (OpenSanctions exports, ``*.ftm.json``).

One JSON object a line: ``{"id", "schema", "caption", "properties": {prop: [values]},
"datasets", "referents", "first_seen", "last_seen", "last_change", ...}``; a UTF-8 BOM,
CRLF line ends and a single JSON array of such objects are accepted too. OpenSanctions'
``targets.nested.json`` embeds adjacent entities (sanctions, addresses, passports,
ownerships...) as objects inside ``properties``: they are read as entities of their own
and linked back to the entity that embeds them. References to an id listed in another
entity's ``referents`` (ids merged into it) point at that entity. An object without an
id or a schema is reported and skipped; invalid JSON (a truncated file) is an error.
An entity given twice with the same schema is merged.

Screenable parties are kept: Person, Organization, Company, LegalEntity, Vessel,
Airplane, and PublicBody (as Organization). Their id is ``<list_name>:<ftm id>``;
every value's record is ``<file>:id=<ftm id>`` of the object that asserted it.
Auxiliary entities are folded into the parties they reference:

* ``Sanction`` (``entity``) → ``programId`` (else ``program``), ``listingDate``
  (else ``startDate``), ``sourceUrl``, ``modifiedAt``; ``authority``, ``reason``,
  ``provisions``, ``summary`` → ``notes``;
* ``Passport``/``Identification`` (``holder``) → identifiers (``number``,
  ``country``, ``startDate`` → issued, ``endDate`` → expires);
* ``CryptoWallet`` (``holder``) → a crypto wallet identifier (``publicKey``, ``currency``);
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
from interdict.sources.bulk import paused_gc
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


# Reverse properties under which OpenSanctions' nested export embeds an adjacent
# entity, and the property of that entity that points back at its parent.
_BACK_REFERENCES = {
    "sanctions": "entity",
    "identification": "holder",
    "passport": "holder",
    "cryptoWallets": "holder",
    "ownershipOwner": "owner",
    "ownershipAsset": "asset",
    "directorshipDirector": "director",
    "directorshipOrganization": "organization",
    "familyPerson": "person",
    "familyRelative": "relative",
    "associates": "person",
    "associations": "associate",
    "unknownLinkSubject": "subject",
    "unknownLinkObject": "object",
    "employers": "employee",
    "employees": "employer",
    "membershipMember": "member",
    "membershipOrganization": "organization",
    "agencyClient": "client",
    "agentRepresentation": "agent",
}
# Where an embedded entity of a given schema points at its parent when the reverse
# property is not one of the above.
_DEFAULT_BACK = {
    "Sanction": "entity",
    "Passport": "holder",
    "Identification": "holder",
    "CryptoWallet": "holder",
}


@dataclass
class _Object:
    """One FtM object of the file (or embedded in another one)."""

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


class _Loader:
    """Reads the objects of one file: JSON lines, or one JSON array of objects.

    Entities embedded in a property (OpenSanctions' ``targets.nested.json``) become
    objects of their own; the property keeps their id, and an embedded entity that
    does not name its parent gets the back reference implied by the property
    (``sanctions`` → the Sanction's ``entity``). Objects without an id or a schema
    are reported and skipped; invalid JSON (a truncated file) is an error.
    """

    def __init__(self, file: str, report: ParseReport) -> None:
        self.file = file
        self.report = report
        self.objects: list[_Object] = []

    def load(self, data: bytes) -> list[_Object]:
        data = data.removeprefix(b"\xef\xbb\xbf")
        if not data.strip():
            raise ListFormatError("the file is empty", file=self.file)
        if data.lstrip()[:1] == b"[":
            self._load_array(data)
        else:
            for line, raw in enumerate(data.splitlines(), start=1):
                if raw.strip():
                    self._top(self._json(raw, line), line)
        if not self.objects:
            raise ListFormatError("no entity with an id and a schema", file=self.file)
        return self.objects

    def _json(self, raw: bytes, line: int) -> object:
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise ListFormatError(
                f"invalid JSON: {exc}", file=self.file, record=f"line {line}"
            ) from exc

    def _load_array(self, data: bytes) -> None:
        items = self._json(data, 1)
        if not isinstance(items, list):
            raise ListFormatError("not a JSON array of entities", file=self.file)
        for index, item in enumerate(items, start=1):
            self._top(item, index)

    def _top(self, obj: object, line: int) -> None:
        if not isinstance(obj, dict):
            self.report.warn(f"{self.file}: line {line}: not a JSON object; skipped")
            return
        self._object(obj, line, f"line {line}")

    def _object(self, obj: dict[str, Any], line: int, where: str) -> _Object | None:
        """Register ``obj`` (and what it embeds); ``None`` when it is skipped."""
        ftm_id, schema = obj.get("id"), obj.get("schema")
        if not isinstance(ftm_id, str) or not ftm_id.strip():
            self.report.warn(f"{self.file}: {where}: field id: no entity id; skipped")
            return None
        ftm_id = ftm_id.strip()
        if not isinstance(schema, str) or not schema.strip():
            self.report.warn(f"{self.file}: {where} id={ftm_id}: field schema: no schema; skipped")
            return None
        raw_props = obj.get("properties")
        if raw_props is None:
            raw_props = {}
        if not isinstance(raw_props, dict):
            self.report.warn(
                f"{self.file}: {where} id={ftm_id}: field properties: not an object; ignored"
            )
            raw_props = {}
        caption = obj.get("caption")
        item = _Object(
            ftm_id,
            schema.strip(),
            clean_text(caption) if isinstance(caption, str) else "",
            {},
            line,
            {k: v for k, v in obj.items() if k not in ("id", "schema", "caption", "properties")},
        )
        self.objects.append(item)
        for prop, value in raw_props.items():
            if isinstance(prop, str):
                item.properties[prop] = self._values(item, prop, value, line)
        return item

    def _values(self, parent: _Object, prop: str, value: object, line: int) -> list[str]:
        values = value if isinstance(value, list) else [value]
        out: list[str] = []
        for item in values:
            if isinstance(item, str):
                if text := item.strip():
                    out.append(text)
            elif isinstance(item, (int, float)) and not isinstance(item, bool):
                out.append(str(item))
            elif isinstance(item, dict):
                nested = self._object(item, line, f"line {line} id={parent.id}/{prop}")
                if nested is not None:
                    out.append(nested.id)
                    self._back_reference(parent, prop, nested)
            elif item is not None:
                self.report.warn(
                    f"{self.file}: line {line} id={parent.id}: field {prop}: "
                    f"unreadable value {item!r}; ignored"
                )
        return out

    @staticmethod
    def _back_reference(parent: _Object, prop: str, nested: _Object) -> None:
        if any(parent.id in values for values in nested.properties.values()):
            return
        back = _BACK_REFERENCES.get(prop) or _DEFAULT_BACK.get(nested.schema)
        if back is not None:
            nested.properties.setdefault(back, []).append(parent.id)


def _merge(into: _Object, other: _Object) -> None:
    """Fold the values of a repeated object (an entity embedded twice) into the first."""
    for prop, values in other.properties.items():
        mine = into.properties.setdefault(prop, [])
        mine.extend(v for v in values if v not in mine)
    if not into.caption:
        into.caption = other.caption


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
        with paused_gc():
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
        for obj in _Loader(self.file, self.report).load(data):
            known = self.objects.get(obj.id)
            if known is None:
                self.objects[obj.id] = obj
            elif known.schema != obj.schema:
                self.report.warn(
                    f"{self.file}: id {obj.id} is a {known.schema} (line {known.line}) and a "
                    f"{obj.schema} (line {obj.line}); the first is kept"
                )
            else:
                _merge(known, obj)
        self._resolve_referents()
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
            elif obj.schema == "CryptoWallet":
                self._wallet(obj)
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

    def _resolve_referents(self) -> None:
        """Point references to merged-away ids (``referents``) at the canonical entity."""
        canonical: dict[str, str] = {}
        for obj in self.objects.values():
            referents = obj.meta.get("referents")
            if isinstance(referents, list):
                for ref in referents:
                    if isinstance(ref, str) and ref != obj.id and ref not in self.objects:
                        canonical.setdefault(ref, obj.id)
        if not canonical:
            return
        for obj in self.objects.values():
            for prop, values in obj.properties.items():
                if any(v in canonical for v in values):
                    resolved: list[str] = []
                    for value in values:
                        target = canonical.get(value, value)
                        if target not in resolved:
                            resolved.append(target)
                    obj.properties[prop] = resolved

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

    def _wallet(self, obj: _Object) -> None:
        record = self.record(obj)
        keys = obj.values("publicKey")
        if not keys:
            self.report.warn(f"{record}: CryptoWallet without a publicKey")
            return
        currency = obj.first("currency") or None
        for b in self._builder_for(obj, "holder"):
            for key in keys:
                b.add_identifier(
                    Identifier(
                        _K.CRYPTO_WALLET,
                        key,
                        record,
                        source_type=f"CryptoWallet {currency}" if currency else "CryptoWallet",
                        currency=currency,
                    )
                )
        for prop in obj.properties.keys() - {"publicKey", "currency", "holder"}:
            self.report.skip_field(self.file, f"CryptoWallet:{prop}")

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
