"""OFAC's classic XML edition: ``sdn.xml`` and ``consolidated.xml``.

Root ``sdnList`` in the old ``http://tempuri.org/sdnList.xsd`` namespace or the Sanctions
List Service one; elements are matched by local name so both read alike. The header
``publshInformation/Publish_Date`` (MM/DD/YYYY) becomes ``published``; a ``Record_Count``
that disagrees with the entries read is warned about.

Each ``sdnEntry`` becomes one entity ``ofac:<uid>``:

* ``sdnType`` Individual/Entity/Vessel/Aircraft → Person/Organization/Vessel/Airplane;
* ``lastName``/``firstName`` → the primary name, written ``LAST, First`` like OFAC's CSV;
* ``akaList/aka``: ``category`` strong → alias, weak → weak alias; ``type`` f.k.a. → previous;
* ``idList/id``: ``idType`` through :data:`interdict.sources.ofac_types.OFAC_TYPES` (an
  unknown ``idType`` becomes an ``OTHER`` identifier and is reported);
* date/place of birth, nationality, citizenship, addresses, ``vesselInfo``, ``title``
  (→ ``position``), programmes, and ``remarks`` read by :mod:`interdict.sources.ofac_remarks`
  (there they hold ``(Linked To: X)`` and free text).

Every other element is reported with ``report.skip_field``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

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
    country_code,
    parse_date,
)
from interdict.sources.base import ListFormat, ParseReport, ParseResult
from interdict.sources.bulk import paused_gc
from interdict.sources.ofac_links import resolve_links
from interdict.sources.ofac_remarks import RemarksContext, parse_remarks
from interdict.sources.ofac_types import Item, apply_item, iso_or_text
from interdict.sources.safe_xml import children, iter_elements, release, text

SCHEMA_BY_TYPE = {
    "individual": "Person",
    "entity": "Organization",
    "vessel": "Vessel",
    "aircraft": "Airplane",
}
_VESSEL_PROPS = {
    "callSign": "callSign",
    "vesselType": "type",
    "vesselOwner": "owner",
    "tonnage": "tonnage",
    "grossRegisteredTonnage": "grossRegisteredTonnage",
}
_ADDRESS_PARTS = (
    "address1",
    "address2",
    "address3",
    "city",
    "stateOrProvince",
    "postalCode",
    "region",
    "country",
)
_CONSUMED_ENTRY = {"uid", "firstName", "lastName", "sdnType"}


def full_name(last: str, first: str) -> str:
    """OFAC's written form of a name: ``LAST, First``, or the last name alone."""
    if last and first:
        return f"{last}, {first}"
    return last or first


def split_name(last: str, first: str, kind: NameKind, record: str, schema: str) -> Name:
    """A :class:`Name` from OFAC's parts; first/last name are set for people only."""
    full = full_name(last, first)
    if schema != "Person":
        return Name(full, kind, record)
    return Name(full, kind, record, first_name=first or None, last_name=last or None)


class OfacXmlFormat(ListFormat):
    """OFAC's classic XML, ``OfacXmlFormat("sdn.xml")`` or ``OfacXmlFormat("consolidated.xml")``."""

    name = "ofac_xml"
    richness = 20

    def __init__(self, filename: str = "sdn.xml") -> None:
        self.filename = filename

    def select(self, available: Collection[str]) -> tuple[str, ...] | None:
        wanted = self.filename.lower()
        for name in available:
            if name.lower() == wanted:
                return (name,)
        return None

    def parse(self, files: Mapping[str, bytes], *, list_name: str) -> ParseResult:
        with paused_gc():
            return self._parse(files, list_name=list_name)

    def _parse(self, files: Mapping[str, bytes], *, list_name: str) -> ParseResult:
        file = next((n for n in files if n.lower() == self.filename.lower()), None)
        if file is None:
            raise ListFormatError("required file is missing", file=self.filename)
        report = ParseReport()
        entities: dict[str, EntityBuilder] = {}
        published: str | None = None
        declared: int | None = None
        entries = 0
        tags = frozenset({"sdnEntry", "publshInformation"})
        for element in iter_elements(files[file], file=file, root="sdnList", tags=tags):
            if element.tag.endswith("publshInformation"):
                published, declared = self._header(element, file, report)
            else:
                entries += 1
                builder = self._entry(element, entries, file, list_name, report)
                if builder is None:
                    pass
                elif builder.id in entities:
                    report.warn(f"{file}: duplicate uid {builder.id}; the first entry is kept")
                else:
                    entities[builder.id] = builder
            release(element)
        if not entities:
            if entries:
                raise ListFormatError(
                    "no entry could be read: " + "; ".join(report.warnings[:3]), file=file
                )
            raise ListFormatError("no sdnEntry elements: empty or truncated list", file=file)
        if declared is not None and declared != entries:
            report.warn(f"{file}: Record_Count says {declared}, {entries} entries read")
        return ParseResult(
            entities=resolve_links([e.build() for e in entities.values()]),
            edition=file,
            published=published,
            report=report,
        )

    def _header(
        self, element: etree._Element, file: str, report: ParseReport
    ) -> tuple[str | None, int | None]:
        published: str | None = None
        declared: int | None = None
        for name, child in children(element):
            value = text(child)
            if name == "Publish_Date":
                date = parse_date(value, order="mdy")
                published = date.value if date else None
                if date is None:
                    report.warn(f"{file}: unparsed Publish_Date {value!r}")
            elif name == "Record_Count" and value.isdigit():
                declared = int(value)
            else:
                report.skip_field(file, f"publshInformation/{name}")
        return published, declared

    def _entry(
        self, entry: etree._Element, index: int, file: str, list_name: str, report: ParseReport
    ) -> EntityBuilder | None:
        """The entry's builder; ``None`` (reported) without a numeric uid or any name."""
        fields = dict(children(entry))
        uid = text(fields.get("uid"))
        if not uid.isdigit():
            report.warn(
                f"{file}: record sdnEntry #{index}: field uid: {uid!r} is not a number; "
                "entry skipped"
            )
            return None
        record = f"{file}:uid={uid}"
        sdn_type = text(fields.get("sdnType")).lower()
        schema = SCHEMA_BY_TYPE.get(sdn_type)
        if schema is None:
            report.warn(f"{record}: unknown sdnType {sdn_type!r}")
            schema = "LegalEntity"
        builder = EntityBuilder(f"ofac:{uid}", schema, list_name)
        last, first = text(fields.get("lastName")), text(fields.get("firstName"))
        if last or first:
            builder.add_name(split_name(last, first, NameKind.PRIMARY, record, schema))
        title = text(fields.get("title"))
        remarks = ""
        for name, child in children(entry):
            if name in _CONSUMED_ENTRY:
                continue
            if name == "title":
                builder.add_property("position", title, record)
            elif name == "remarks":
                remarks = text(child)
            elif name == "programList":
                builder.add_properties("programId", (text(p) for _, p in children(child)), record)
            elif name == "akaList":
                self._akas(builder, child, file, report)
            elif name == "idList":
                self._ids(builder, child, file, record, report)
            elif name == "addressList":
                self._addresses(builder, child, file, report)
            elif name == "nationalityList":
                self._countries(builder, child, file, CountryRole.NATIONALITY)
            elif name == "citizenshipList":
                self._countries(builder, child, file, CountryRole.CITIZENSHIP)
            elif name == "dateOfBirthList":
                self._items(builder, child, "dateOfBirth", "DOB", file, report)
            elif name == "placeOfBirthList":
                self._items(builder, child, "placeOfBirth", "POB", file, report)
            elif name == "vesselInfo":
                self._vessel(builder, child, record, file, report)
            else:
                report.skip_field(file, f"sdnEntry/{name}")
        known = frozenset({title.casefold()}) if title else frozenset()
        parse_remarks(builder, remarks, RemarksContext(file, record, report, known))
        if not (last or first):
            if not builder.has_names:
                report.warn(f"{record}: field lastName: entry without any name; skipped")
                return None
            report.warn(f"{record}: field lastName: empty; the first a.k.a. is the caption")
        return builder

    def _akas(
        self, builder: EntityBuilder, aka_list: etree._Element, file: str, report: ParseReport
    ) -> None:
        for _, aka in children(aka_list):
            parts = {name: text(child) for name, child in children(aka)}
            record = f"{file}:aka_uid={parts.get('uid', '')}"
            aka_type = parts.get("type", "").lower()
            category = parts.get("category", "strong").lower()
            if aka_type.startswith("f.k.a"):
                kind = NameKind.PREVIOUS
            elif category == "weak":
                kind = NameKind.WEAK_ALIAS
            else:
                kind = NameKind.ALIAS
            last, first = parts.get("lastName", ""), parts.get("firstName", "")
            if last or first:
                builder.add_name(split_name(last, first, kind, record, builder.schema))
            for extra in parts.keys() - {"uid", "type", "category", "lastName", "firstName"}:
                report.skip_field(file, f"aka/{extra}")

    def _ids(
        self,
        builder: EntityBuilder,
        id_list: etree._Element,
        file: str,
        entry_record: str,
        report: ParseReport,
    ) -> None:
        for _, item in children(id_list):
            parts = {name: text(child) for name, child in children(item)}
            record = f"{file}:id_uid={parts.get('uid', '')}" if parts.get("uid") else entry_record
            label = parts.get("idType", "")
            value = parts.get("idNumber", "")
            typed = Item(
                label,
                value,
                record,
                country=parts.get("idCountry") or None,
                issued=parts.get("issueDate") or None,
                expires=parts.get("expirationDate") or None,
            )
            if not apply_item(builder, typed, report=report):
                report.skip_field(file, f"idType:{label}")
                country = parts.get("idCountry")
                builder.add_identifier(
                    Identifier(
                        IdentifierKind.OTHER,
                        value,
                        record,
                        country=(country_code(country) or country) if country else None,
                        source_type=label or None,
                        issued=iso_or_text(parts.get("issueDate")),
                        expires=iso_or_text(parts.get("expirationDate")),
                    )
                )
            known = {"uid", "idType", "idNumber", "idCountry", "issueDate", "expirationDate"}
            for extra in parts.keys() - known:
                report.skip_field(file, f"id/{extra}")

    def _addresses(
        self, builder: EntityBuilder, address_list: etree._Element, file: str, report: ParseReport
    ) -> None:
        for _, address in children(address_list):
            parts = {name: text(child) for name, child in children(address)}
            record = f"{file}:address_uid={parts.get('uid', '')}"
            country = parts.get("country", "")
            code = country_code(country) if country else None
            street = ", ".join(
                parts[k] for k in ("address1", "address2", "address3") if parts.get(k)
            )
            full = ", ".join(parts[k] for k in _ADDRESS_PARTS if parts.get(k))
            if full:
                builder.add_address(
                    Address(
                        full,
                        record,
                        street=street or None,
                        city=parts.get("city") or None,
                        region=parts.get("stateOrProvince") or parts.get("region") or None,
                        postal_code=parts.get("postalCode") or None,
                        country=code,
                        country_text=country or None,
                    )
                )
            if country:
                builder.add_country(Country(code, CountryRole.COUNTRY, country, record))
            for extra in parts.keys() - {"uid", *_ADDRESS_PARTS}:
                report.skip_field(file, f"address/{extra}")

    def _countries(
        self, builder: EntityBuilder, country_list: etree._Element, file: str, role: CountryRole
    ) -> None:
        for _, item in children(country_list):
            parts = {name: text(child) for name, child in children(item)}
            country = parts.get("country", "")
            if country:
                record = f"{file}:{role.value}_uid={parts.get('uid', '')}"
                builder.add_country(Country(country_code(country), role, country, record))

    def _items(
        self,
        builder: EntityBuilder,
        item_list: etree._Element,
        field: str,
        label: str,
        file: str,
        report: ParseReport,
    ) -> None:
        for _, item in children(item_list):
            parts = {name: text(child) for name, child in children(item)}
            value = parts.get(field, "")
            if value:
                record = f"{file}:{field}_uid={parts.get('uid', '')}"
                date = parse_date(value, record=record) if label == "DOB" else None
                if date is not None:
                    builder.add_birth_date(date)
                else:
                    apply_item(builder, Item(label, value, record), report=report)

    def _vessel(
        self,
        builder: EntityBuilder,
        vessel: etree._Element,
        record: str,
        file: str,
        report: ParseReport,
    ) -> None:
        for name, child in children(vessel):
            value = text(child)
            if name == "vesselFlag":
                if value:
                    builder.add_country(
                        Country(country_code(value), CountryRole.FLAG, value, record)
                    )
            elif name in _VESSEL_PROPS:
                builder.add_property(_VESSEL_PROPS[name], value, record)
            else:
                report.skip_field(file, f"vesselInfo/{name}")
