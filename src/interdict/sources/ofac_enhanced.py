"""OFAC's Enhanced XML edition: ``SDN_ENHANCED.XML``/``.ZIP`` and ``CONS_ENHANCED.XML``/``.ZIP``.

The richest OFAC format (namespace ``.../exports/ENHANCED_XML``, matched by local name):

* ``publicationInfo/dataAsOf`` → ``published``;
* ``referenceValues/referenceValue`` (``refId`` → type, value, ``code``, ``isoCode``) and
  ``featureTypes/featureType`` are read first; entities refer to them by id: countries get
  their ISO code from there, name scripts their ISO 15924 code;
* ``entities/entity`` (streamed and cleared one by one) → ``ofac:<id>``:

  - ``generalInfo``: ``entityType`` → schema, ``remarks`` (read as OFAC remarks), ``title``;
  - ``sanctionsPrograms`` → ``programId``; the earliest ``sanctionsList/@datePublished`` →
    ``listingDate``;
  - ``names/name``: the primary name's primary translation → primary name; its other
    translations (other scripts) → aliases with ``lang`` where the script says it; other
    names: F.K.A. → previous, ``isLowQuality`` → weak alias, else alias (every translation);
    first/middle/last name parts are set for people;
  - ``addresses/address`` (every translation) → addresses and ``country`` countries;
  - ``features/feature`` (birth date, place of birth, nationality, citizenship, gender,
    vessel and aircraft data, websites, digital currency addresses ...) and
    ``identityDocuments/identityDocument`` (type, number, issuing country, issue and expiry
    dates) through :data:`interdict.sources.ofac_types.OFAC_TYPES`;
  - ``relationships/relationship`` → relations to ``ofac:<relatedEntity/@entityId>``.

Unknown feature types are kept under ``notes``; unknown document types as ``OTHER``
identifiers; both, and every element not mapped, are reported with ``report.skip_field``.
"""

from __future__ import annotations

import zipfile
from collections.abc import Collection, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from io import BytesIO
from typing import IO

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
    PartialDate,
    Relation,
    country_code,
    parse_date,
)
from interdict.sources.base import ListFormat, ParseReport, ParseResult
from interdict.sources.ofac_remarks import RemarksContext, parse_remarks
from interdict.sources.ofac_types import Item, Target, apply_item, iso_or_text, lookup_type
from interdict.sources.safe_xml import (
    check_prolog,
    children,
    fields,
    iter_elements,
    release,
    text,
)
from interdict.sources.safe_xml import child as _child

#: The largest XML accepted inside a zip (a guard against zip bombs).
MAX_UNZIPPED = 2 * 1024**3
SCHEMA_BY_TYPE = {
    "individual": "Person",
    "entity": "Organization",
    "vessel": "Vessel",
    "aircraft": "Airplane",
}
#: Script codes (OFAC's ``code``) that name one language; others (Latin, Arabic, Cyrillic)
#: are written in many and give no ``lang``.
LANG_BY_SCRIPT = {
    "Hans": "zh",
    "Hant": "zh",
    "Hang": "ko",
    "Korean": "ko",
    "Japanese": "ja",
    "Hebrew": "he",
    "Grek": "el",
    "Geor": "ka",
    "Armn": "hy",
}
RELATION_KINDS = {
    "owned or controlled by": "parent",
    "owns, controls, or operates": "subsidiary",
    "property in the interest of": "owner",
}
_ADDRESS_ORDER = ("ADDRESS1", "ADDRESS2", "ADDRESS3", "CITY", "STATE/PROVINCE", "POSTAL CODE")
_TAGS = frozenset({"publicationInfo", "referenceValue", "featureType", "entity"})


@dataclass
class _Reference:
    """One ``referenceValue``: its type, value and optional codes."""

    type: str
    value: str
    code: str = ""
    iso: str = ""


@dataclass
class _State:
    """What the parse has read so far besides entities."""

    file: str
    list_name: str
    report: ParseReport
    references: dict[str, _Reference] = field(default_factory=dict)
    published: str | None = None

    def iso(self, element: etree._Element | None) -> str | None:
        """The territory code of a country reference element (``refId``), else of its text."""
        if element is None:
            return None
        ref = self.references.get(element.get("refId", ""))
        if ref is not None and ref.iso:
            return country_code(ref.iso) or ref.iso.lower()
        return country_code(text(element))

    def iso_of_ref(self, ref_id: str) -> str | None:
        """The territory code of the country reference ``ref_id``, if it is one."""
        ref = self.references.get(ref_id)
        if ref is None or not ref.iso:
            return None
        return country_code(ref.iso) or ref.iso.lower()


class OfacEnhancedFormat(ListFormat):
    """OFAC's Enhanced XML: ``OfacEnhancedFormat("SDN_ENHANCED")`` or ``("CONS_ENHANCED")``."""

    name = "ofac_enhanced"
    richness = 30

    def __init__(self, stem: str = "SDN_ENHANCED") -> None:
        self.stem = stem

    def select(self, available: Collection[str]) -> tuple[str, ...] | None:
        by_lower = {name.lower(): name for name in available}
        for ext in (".xml", ".zip"):
            name = by_lower.get(f"{self.stem.lower()}{ext}")
            if name is not None:
                return (name,)
        return None

    def parse(self, files: Mapping[str, bytes], *, list_name: str) -> ParseResult:
        selected = self.select(list(files))
        if not selected:
            raise ListFormatError("required file is missing", file=f"{self.stem}.XML")
        file = selected[0]
        state = _State(file, list_name, ParseReport())
        builders: list[EntityBuilder] = []
        entities = 0
        with ExitStack() as stack:
            source = self._source(files[file], file, stack)
            for element in iter_elements(source, file=file, root="sanctionsData", tags=_TAGS):
                tag = element.tag.rsplit("}", 1)[-1]
                if tag == "entity":
                    entities += 1
                    builder = self._entity(element, entities, state)
                    if builder is not None:
                        builders.append(builder)
                elif tag == "referenceValue":
                    self._reference(element, state)
                elif tag == "publicationInfo":
                    state.published = text(_child(element, "dataAsOf")) or None
                # featureType needs no reading: each feature carries its type's name.
                release(element)
        if not builders:
            if entities:
                raise ListFormatError(
                    "no entity could be read: " + "; ".join(state.report.warnings[:3]), file=file
                )
            raise ListFormatError("no entity elements: empty or truncated list", file=file)
        return ParseResult(
            entities=[b.build() for b in builders],
            edition=file,
            published=state.published,
            report=state.report,
        )

    def _source(self, data: bytes, file: str, stack: ExitStack) -> bytes | IO[bytes]:
        if not file.lower().endswith(".zip"):
            return data
        if not data:
            raise ListFormatError("the file is empty", file=file)
        try:
            archive = stack.enter_context(zipfile.ZipFile(BytesIO(data)))
        except zipfile.BadZipFile as exc:
            raise ListFormatError(f"not a zip file: {exc}", file=file) from exc
        members = [i for i in archive.infolist() if i.filename.lower().endswith(".xml")]
        if len(members) != 1:
            raise ListFormatError(
                f"expected one XML file in the zip, found {len(members)}", file=file
            )
        member = members[0]
        if member.file_size > MAX_UNZIPPED:
            raise ListFormatError("the XML in the zip is too large", file=file)
        try:
            with archive.open(member) as head:
                check_prolog(head.read(65536), file=file)
            stream = stack.enter_context(archive.open(member))
            return stream
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise ListFormatError(f"corrupt zip: {exc}", file=file) from exc

    def _reference(self, element: etree._Element, state: _State) -> None:
        parts = {name: text(child) for name, child in children(element)}
        state.references[element.get("refId", "")] = _Reference(
            parts.get("type", ""),
            parts.get("value", ""),
            parts.get("code", ""),
            parts.get("isoCode", ""),
        )

    def _entity(self, element: etree._Element, index: int, state: _State) -> EntityBuilder | None:
        """The entity's builder; ``None`` (reported) without a numeric id or any name."""
        file, report = state.file, state.report
        entity_id = element.get("id", "")
        if not entity_id.isdigit():
            report.warn(
                f"{file}: record entity #{index}: field id: {entity_id[:30]!r} is not a number; "
                "entity skipped"
            )
            return None
        record = f"{file}:id={entity_id}"
        info = _child(element, "generalInfo")
        type_text = text(_child(info, "entityType")) if info is not None else ""
        schema = SCHEMA_BY_TYPE.get(type_text.lower())
        if schema is None:
            report.warn(f"{record}: unknown entityType {type_text!r}")
            schema = "LegalEntity"
        builder = EntityBuilder(f"ofac:{entity_id}", schema, state.list_name)
        remarks, title = "", ""
        for name, child in children(element):
            if name == "generalInfo":
                remarks, title = self._general(builder, child, record, state)
            elif name == "sanctionsPrograms":
                builder.add_properties("programId", (text(p) for _, p in children(child)), record)
            elif name == "sanctionsLists":
                self._lists(builder, child, record, state)
            elif name == "names":
                self._names(builder, child, state)
            elif name == "addresses":
                self._addresses(builder, child, state)
            elif name == "features":
                self._features(builder, child, state)
            elif name == "identityDocuments":
                self._documents(builder, child, state)
            elif name == "relationships":
                self._relationships(builder, child, state)
            else:
                report.skip_field(file, f"entity/{name}")
        if not builder.has_names:
            report.warn(f"{record}: field names: entity without any name; skipped")
            return None
        known = frozenset({title.casefold()}) if title else frozenset()
        parse_remarks(builder, remarks, RemarksContext(file, record, report, known))
        return builder

    def _general(
        self, builder: EntityBuilder, info: etree._Element, record: str, state: _State
    ) -> tuple[str, str]:
        remarks = title = ""
        for name, child in children(info):
            if name in ("entityType", "identityId"):
                continue
            if name == "remarks":
                remarks = text(child)
            elif name == "title":
                title = text(child)
                builder.add_property("position", title, record)
            else:
                state.report.skip_field(state.file, f"generalInfo/{name}")
        return remarks, title

    def _lists(
        self, builder: EntityBuilder, lists: etree._Element, record: str, state: _State
    ) -> None:
        dates = sorted(d for _, item in children(lists) if (d := item.get("datePublished", "")))
        if dates:
            builder.add_property("listingDate", dates[0][:10], record)

    def _names(self, builder: EntityBuilder, names: etree._Element, state: _State) -> None:
        person = builder.schema == "Person"
        for _, name in children(names):
            record = f"{state.file}:name_id={name.get('id', '')}"
            parts = fields(name)
            is_primary = text(parts.get("isPrimary")) == "true"
            alias_type = text(parts.get("aliasType")).upper()
            low_quality = text(parts.get("isLowQuality")) == "true"
            if is_primary:
                kind = NameKind.PRIMARY
            elif alias_type.startswith("F.K.A"):
                kind = NameKind.PREVIOUS
            elif low_quality:
                kind = NameKind.WEAK_ALIAS
            else:
                kind = NameKind.ALIAS
            for _, tr in children(parts.get("translations")):
                tr_parts = fields(tr)
                tr_kind = kind
                if kind is NameKind.PRIMARY and text(tr_parts.get("isPrimary")) != "true":
                    tr_kind = NameKind.ALIAS
                builder.add_name(self._translation(tr_parts, tr_kind, record, person, state))

    def _translation(
        self,
        tr: dict[str, etree._Element],
        kind: NameKind,
        record: str,
        person: bool,
        state: _State,
    ) -> Name:
        script = tr.get("script")
        ref = state.references.get(script.get("refId", "")) if script is not None else None
        lang = LANG_BY_SCRIPT.get(ref.code) if ref is not None else None
        formatted_first = text(tr.get("formattedFirstName"))
        formatted_last = text(tr.get("formattedLastName"))
        full = text(tr.get("formattedFullName"))
        if not full:
            both = formatted_first and formatted_last
            full = (
                f"{formatted_last}, {formatted_first}"
                if both
                else formatted_last or formatted_first
            )
        if not person:
            return Name(full, kind, record, lang=lang)
        parts: dict[str, list[str]] = {}
        for _, part in children(tr.get("nameParts")):
            part_fields = fields(part)
            parts.setdefault(text(part_fields.get("type")), []).append(
                text(part_fields.get("value"))
            )
        first = " ".join(parts.get("First Name", [])) or formatted_first
        last = formatted_last if "Last Name" in parts else ""
        return Name(
            full,
            kind,
            record,
            first_name=first or None,
            middle_name=" ".join(parts.get("Middle Name", [])) or None,
            last_name=last or None,
            lang=lang,
        )

    def _addresses(self, builder: EntityBuilder, addresses: etree._Element, state: _State) -> None:
        for _, address in children(addresses):
            record = f"{state.file}:address_id={address.get('id', '')}"
            address_fields = fields(address)
            country_el = address_fields.get("country")
            country_text = text(country_el)
            code = state.iso(country_el)
            if country_text or code:
                builder.add_country(Country(code, CountryRole.COUNTRY, country_text, record))
            for _, tr in children(address_fields.get("translations")):
                parts: dict[str, str] = {}
                for _, part in children(_child(tr, "addressParts")):
                    part_fields = fields(part)
                    key = text(part_fields.get("type")).upper()
                    value = text(part_fields.get("value"))
                    parts[key] = f"{parts[key]}, {value}" if key in parts else value
                street = ", ".join(parts[k] for k in _ADDRESS_ORDER[:3] if parts.get(k))
                region = ", ".join(
                    p for p in (parts.get("STATE/PROVINCE"), parts.get("REGION")) if p
                )
                ordered = [parts[k] for k in _ADDRESS_ORDER if parts.get(k)]
                if parts.get("REGION"):
                    ordered.append(parts["REGION"])
                full = ", ".join([*ordered, country_text] if country_text else ordered)
                builder.add_address(
                    Address(
                        full,
                        record,
                        street=street or None,
                        city=parts.get("CITY") or None,
                        region=region or None,
                        postal_code=parts.get("POSTAL CODE") or None,
                        country=code,
                        country_text=country_text or None,
                    )
                )
                for key in parts.keys() - {*_ADDRESS_ORDER, "REGION"}:
                    state.report.skip_field(state.file, f"addressPart:{key}")

    def _features(self, builder: EntityBuilder, features: etree._Element, state: _State) -> None:
        for _, feature in children(features):
            record = f"{state.file}:feature_id={feature.get('id', '')}"
            parts = fields(feature)
            label = text(parts.get("type"))
            value = text(parts.get("value"))
            comments = text(parts.get("comments"))
            mapping = lookup_type(label)
            if mapping is not None and mapping.target is Target.BIRTH_DATE:
                date = parse_date(value, record=record) or _period(
                    parts.get("valueDate"), record, value
                )
                if date is not None:
                    builder.add_birth_date(date)
                    continue
            if mapping is not None and mapping.target is Target.COUNTRY:
                code = state.iso_of_ref(text(parts.get("valueRefId")))
                role = mapping.role or CountryRole.COUNTRY
                builder.add_country(Country(code or country_code(value), role, value, record))
                continue
            item = Item(label, value, record, note=comments or None)
            if not apply_item(builder, item, report=state.report):
                state.report.skip_field(state.file, f"feature:{label}")
                builder.add_property("notes", f"{label} {value}".strip(), record)
            elif comments and (mapping is None or mapping.target is not Target.IDENTIFIER):
                state.report.skip_field(state.file, "feature/comments")
            if "reliability" in parts:
                state.report.skip_field(state.file, "feature/reliability")

    def _documents(self, builder: EntityBuilder, documents: etree._Element, state: _State) -> None:
        for _, doc in children(documents):
            record = f"{state.file}:document_id={doc.get('id', '')}"
            parts = fields(doc)
            label = text(parts.get("type"))
            number = text(parts.get("documentNumber"))
            notes = [
                f"{field_name}: {value}"
                for field_name in ("issuingAuthority", "issuingLocation", "comments")
                if (value := text(parts.get(field_name)))
            ]
            if text(parts.get("isValid")) == "false":
                notes.append("not valid")
            country = state.iso(parts.get("issuingCountry"))
            issued = _period_text(parts.get("issueDate"))
            expires = _period_text(parts.get("expirationDate"))
            item = Item(
                label,
                number,
                record,
                country=country,
                issued=issued,
                expires=expires,
                note="; ".join(notes) or None,
            )
            if not apply_item(builder, item, report=state.report):
                state.report.skip_field(state.file, f"identityDocument:{label}")
                builder.add_identifier(
                    Identifier(
                        IdentifierKind.OTHER,
                        number,
                        record,
                        country=country,
                        source_type=label or None,
                        issued=iso_or_text(issued),
                        expires=iso_or_text(expires),
                        note=item.note,
                    )
                )
            if "idFeatures" in parts:
                state.report.skip_field(state.file, "identityDocument/idFeatures")

    def _relationships(
        self, builder: EntityBuilder, relationships: etree._Element, state: _State
    ) -> None:
        for _, rel in children(relationships):
            record = f"{state.file}:relationship_id={rel.get('id', '')}"
            rel_type = text(_child(rel, "type"))
            related = _child(rel, "relatedEntity")
            if related is None:
                continue
            target = related.get("entityId", "")
            kind = RELATION_KINDS.get(rel_type.lower(), "linked_to")
            builder.add_relation(
                Relation(
                    f"ofac:{target}" if target.isdigit() else None, kind, text(related), record
                )
            )


def _period_text(period: etree._Element | None) -> str | None:
    """The start date of a ``datePeriodType`` element (ISO), or ``None``."""
    if period is None:
        return None
    return text(_child(period, "fromDateBegin")) or text(_child(period, "toDateBegin")) or None


def _period(period: etree._Element | None, record: str, wording: str) -> PartialDate | None:
    """A :class:`PartialDate` from a ``datePeriodType`` (used when the wording is unparsable)."""
    if period is None:
        return None
    begin = text(_child(period, "fromDateBegin"))[:10]
    end = (text(_child(period, "toDateEnd")) or begin)[:10]
    if not begin:
        return None
    circa = text(_child(period, "isApproximate")) == "true"
    value, last = _reduce(begin, end)
    return PartialDate(value=value, end=last, record=record, circa=circa, text=wording)


def _reduce(begin: str, end: str) -> tuple[str, str | None]:
    """The shortest ISO prefix pair for a span: whole years → ``YYYY``, whole months → ``YYYY-MM``."""
    if begin == end:
        return begin, None
    if begin[5:] == "01-01" and end[5:] == "12-31":
        return (begin[:4], None) if begin[:4] == end[:4] else (begin[:4], end[:4])
    if begin[8:] == "01" and begin[:7] == end[:7]:
        return begin[:7], None
    return begin, end
