"""The EU Financial Sanctions Files, XML 1.1 (``xmlFullSanctionsList_1_1.xml``).

Root ``<export generationDate=... globalFileId=...>`` in the default namespace
``http://eu.europa.ec/fpi/fsd/export``; one ``<sanctionEntity>`` per listed subject.
The file (about 24 MB) is streamed: each entity element is mapped then cleared.
The mapping of the records themselves is shared with the CSV edition and
documented in :mod:`interdict.sources.eu_records`. ``regulationSummary`` children
(provenance of each sub-record) are not identity data and are skipped silently.

A ``sanctionEntity`` without a numeric ``logicalId`` or without any name is reported
and skipped; the file fails only when no entity at all can be read. Any encoding the
XML declaration names (and a UTF-8 BOM) is accepted.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import cast

from lxml import etree

from interdict.errors import ListFormatError
from interdict.model import EntityBuilder, parse_date
from interdict.sources.base import ListFormat, ParseReport, ParseResult
from interdict.sources.bulk import paused_gc
from interdict.sources.eu_records import EuMapper, EuRecord, EuSubject
from interdict.sources.name_cleanup import clean_text
from interdict.sources.safe_xml import iter_children, local_name

_ENTITY_ATTRS = frozenset(
    {"logicalId", "euReferenceNumber", "unitedNationId", "designationDate", "designationDetails"}
)
_LISTS = {
    "nameAlias": "names",
    "birthdate": "births",
    "identification": "identifications",
    "citizenship": "citizenships",
    "address": "addresses",
}


def _attrs(element: etree._Element) -> dict[str, str]:
    return cast(dict[str, str], dict(element.attrib))


def _record(element: etree._Element) -> EuRecord:
    record = EuRecord(_attrs(element))
    for child in element:
        tag = local_name(child.tag)
        if tag == "remark":
            text = clean_text(child.text)
            if text:
                previous = record.attrs.get("remark")
                record.attrs["remark"] = f"{previous}; {text}" if previous else text
        elif tag == "contactInfo":
            key, value = clean_text(child.get("key")), clean_text(child.get("value"))
            if key:
                record.contacts.append((key, value))
        elif tag == "publicationUrl":
            record.attrs.setdefault("publicationUrl", clean_text(child.text))
    return record


def subject_from_element(element: etree._Element, report: ParseReport, file: str) -> EuSubject:
    """The :class:`EuSubject` of one ``sanctionEntity`` element."""
    subject = EuSubject(_attrs(element))
    for key in subject.attrs.keys() - _ENTITY_ATTRS:
        if clean_text(subject.attrs[key]):
            report.skip_field(file, f"sanctionEntity@{key}")
    for child in element:
        tag = local_name(child.tag)
        if not tag:
            continue
        if tag == "remark":
            if text := clean_text(child.text):
                subject.remarks.append(text)
        elif tag == "subjectType":
            subject.subject_type = clean_text(child.get("code")) or clean_text(
                child.get("classificationCode")
            )
        elif tag == "regulation":
            subject.regulations.append(_record(child))
        elif tag in _LISTS:
            getattr(subject, _LISTS[tag]).append(_record(child))
        elif tag != "regulationSummary":
            report.skip_field(file, tag)
    return subject


def _find_xml(files: Mapping[str, bytes]) -> tuple[str, bytes]:
    for name, data in files.items():
        if name.casefold().endswith(".xml"):
            return name.rsplit("/", 1)[-1], data
    raise ListFormatError("no .xml file given", file="eu/*.xml")


class EuXmlFormat(ListFormat):
    """EU FSF XML 1.1, any ``*.xml`` file in ``eu/`` (the full sanctions list)."""

    name = "eu_xml"
    richness = 20

    def select(self, available: Collection[str]) -> tuple[str, ...] | None:
        xml = sorted(n for n in available if n.casefold().endswith(".xml"))
        if not xml:
            return None
        preferred = [n for n in xml if "fullsanctionslist" in n.casefold()]
        return ((preferred or xml)[0],)

    def parse(self, files: Mapping[str, bytes], *, list_name: str) -> ParseResult:
        with paused_gc():
            return self._parse(files, list_name=list_name)

    def _parse(self, files: Mapping[str, bytes], *, list_name: str) -> ParseResult:
        file, data = _find_xml(files)
        report = ParseReport()
        mapper = EuMapper(file, list_name, report)
        builders: dict[str, EntityBuilder] = {}
        root_attrs: dict[str, str] = {}
        for root, element in iter_children(data, file=file, root="export", child="sanctionEntity"):
            if not root_attrs:
                root_attrs = _attrs(root)
            builder = mapper.build(subject_from_element(element, report, file))
            if builder is None:
                continue
            if builder.id in builders:
                report.warn(f"{file}: duplicate logicalId {builder.id}; first kept")
                continue
            builders[builder.id] = builder
        if not builders:
            if report.warnings:
                raise ListFormatError(
                    "no entity could be read: " + "; ".join(report.warnings[:3]), file=file
                )
            raise ListFormatError("no sanctionEntity elements: empty or truncated list", file=file)
        published = root_attrs.get("generationDate") or None
        if published is None:
            report.warn(f"{file}: no generationDate on <export>")
        elif parse_date(published) is None:
            report.warn(f"{file}: unreadable generationDate {published!r}")
        return ParseResult(
            entities=[b.build() for b in builders.values()],
            edition=file,
            published=published,
            report=report,
        )
