"""The UN Security Council Consolidated List, ``consolidated.xml``.

Root ``CONSOLIDATED_LIST dateGenerated=...`` with ``INDIVIDUALS/INDIVIDUAL`` (→
``Person``) and ``ENTITIES/ENTITY`` (→ ``Organization``). Entity id
``un:<REFERENCE_NUMBER>``; every value's record is ``consolidated.xml:DATAID=<n>``.

Mapping:

* names: ``FIRST_NAME``..``FOURTH_NAME`` joined → primary name (first part as
  first name, the last as last name, the rest as middle names; ``TITLE`` as title);
  ``NAME_ORIGINAL_SCRIPT`` → alias (original script); ``*_ALIAS`` by ``QUALITY``:
  ``Good``/``a.k.a.`` → alias, ``Low`` → weak alias, ``f.k.a.`` → previous name.
  Packed alias strings (``"A; B"``, ``"Latin (عربي)"``) are split with
  :func:`interdict.sources.name_cleanup.split_alias`; an organisation name ending
  in its abbreviation also yields the name without it (alias) and the
  abbreviation (weak alias);
* ``UN_LIST_TYPE`` → ``programId``; ``LISTED_ON`` → ``listingDate``;
  ``LAST_DAY_UPDATED`` → ``modifiedAt`` (latest); ``COMMENTS1`` → ``notes``;
  ``DESIGNATION`` → ``position``; ``TITLE`` → ``title``; ``GENDER`` → ``gender``;
* ``NATIONALITY`` → nationality; addresses → addresses + country; birth dates
  (``EXACT``/``APPROXIMATELY``/``BETWEEN``) → birth dates; places of birth →
  ``birthPlace`` + birth country; documents → identifiers.

Not mapped (counted in the report): ``VERSIONNUM``, ``LIST_TYPE``, non-empty
``SORT_KEY``/``SORT_KEY_LAST_MOD`` and any element this module does not know.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

from lxml import etree

from interdict.errors import ListFormatError
from interdict.model import (
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
from interdict.sources.base import ListFormat, ParseReport, ParseResult
from interdict.sources.name_cleanup import (
    acronym_split,
    clean_name,
    clean_text,
    split_alias,
)
from interdict.sources.safe_xml import parse_tree

FILE = "consolidated.xml"

_QUALITY = {
    "good": NameKind.ALIAS,
    "a.k.a.": NameKind.ALIAS,
    "": NameKind.ALIAS,
    "low": NameKind.WEAK_ALIAS,
    "f.k.a.": NameKind.PREVIOUS,
}
_PASSPORT_WORDS = ("passport", "passeport", "pasaporte")
_NATIONAL_ID_WORDS = ("national identi", "identity card", "identification card", "identity number")
_TAX_WORDS = ("fiscal code", "tax")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
_NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
# Elements of an INDIVIDUAL / ENTITY handled by this module.
_HANDLED = frozenset(
    {
        "DATAID",
        *_NAME_PARTS,
        "UN_LIST_TYPE",
        "REFERENCE_NUMBER",
        "LISTED_ON",
        "NAME_ORIGINAL_SCRIPT",
        "COMMENTS1",
        "TITLE",
        "DESIGNATION",
        "NATIONALITY",
        "LAST_DAY_UPDATED",
        "GENDER",
        "INDIVIDUAL_ALIAS",
        "ENTITY_ALIAS",
        "INDIVIDUAL_ADDRESS",
        "ENTITY_ADDRESS",
        "INDIVIDUAL_DATE_OF_BIRTH",
        "INDIVIDUAL_PLACE_OF_BIRTH",
        "INDIVIDUAL_DOCUMENT",
    }
)
_UNMAPPED = frozenset({"VERSIONNUM", "LIST_TYPE", "SORT_KEY", "SORT_KEY_LAST_MOD"})


def _text(element: etree._Element | None) -> str:
    return clean_text(element.text) if element is not None else ""


def _fields(element: etree._Element) -> dict[str, str]:
    """Child tag → cleaned text of a flat record element (first occurrence wins)."""
    out: dict[str, str] = {}
    for child in element:
        if isinstance(child.tag, str):
            out.setdefault(child.tag, clean_text(child.text))
    return out


def _values(element: etree._Element, tag: str) -> list[str]:
    """Cleaned texts of ``tag/VALUE`` children."""
    return [t for v in element.iterfind(f"{tag}/VALUE") if (t := _text(v))]


def _day(text: str) -> str:
    """``2003-06-27`` from ``2003-06-27-04:00`` (UN writes a time-zone suffix sometimes)."""
    match = _ISO_DAY.match(text)
    return match.group(0) if match else text


def _document_kind(label: str) -> IdentifierKind:
    folded = label.casefold()
    if any(w in folded for w in _PASSPORT_WORDS):
        return IdentifierKind.PASSPORT
    if any(w in folded for w in _TAX_WORDS):
        return IdentifierKind.TAX_ID
    if any(w in folded for w in _NATIONAL_ID_WORDS):
        return IdentifierKind.NATIONAL_ID
    return IdentifierKind.OTHER


class _EntryParser:
    """Turns one INDIVIDUAL or ENTITY element into an entity."""

    def __init__(self, report: ParseReport, list_name: str) -> None:
        self.report = report
        self.list_name = list_name

    def parse(self, element: etree._Element, index: int, *, person: bool) -> EntityBuilder | None:
        """The entry's builder; ``None`` (reported) without a numeric ``DATAID``, a
        ``REFERENCE_NUMBER`` or any name. ``index`` numbers the entry in the file."""
        dataid = _text(element.find("DATAID"))
        if not dataid.isdigit():
            self.report.warn(
                f"{FILE}: record {element.tag} #{index}: field DATAID: {dataid[:30]!r} "
                "is not a number; entry skipped"
            )
            return None
        record = f"{FILE}:DATAID={dataid}"
        ref = _text(element.find("REFERENCE_NUMBER"))
        if not ref:
            self.report.warn(f"{record}: field REFERENCE_NUMBER: empty; entry skipped")
            return None
        b = EntityBuilder(f"un:{ref}", "Person" if person else "Organization", self.list_name)
        self._names(b, element, record, person=person)
        if not b.has_names:
            self.report.warn(f"{record}: field FIRST_NAME: {ref} has no name; entry skipped")
            return None
        b.add_property("programId", _text(element.find("UN_LIST_TYPE")), record)
        listed = parse_date(_day(_text(element.find("LISTED_ON"))), record=record)
        if listed is not None:
            b.add_property("listingDate", listed.value, record)
        updated = sorted(_day(v) for v in _values(element, "LAST_DAY_UPDATED"))
        if updated:
            b.add_property("modifiedAt", updated[-1], record)
        b.add_property("notes", _text(element.find("COMMENTS1")), record)
        b.add_properties("position", _values(element, "DESIGNATION"), record)
        b.add_properties("title", _values(element, "TITLE"), record)
        gender = _text(element.find("GENDER")).casefold()
        if gender in ("male", "female"):
            b.add_property("gender", gender, record)
        elif gender:
            b.add_property("notes", f"Gender: {gender}", record)
        for nationality in _values(element, "NATIONALITY"):
            b.add_country(
                Country(country_code(nationality), CountryRole.NATIONALITY, nationality, record)
            )
        for child in element:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag in ("INDIVIDUAL_ADDRESS", "ENTITY_ADDRESS"):
                self._address(b, child, record)
            elif tag == "INDIVIDUAL_DATE_OF_BIRTH":
                self._birth_date(b, child, record)
            elif tag == "INDIVIDUAL_PLACE_OF_BIRTH":
                self._birth_place(b, child, record)
            elif tag == "INDIVIDUAL_DOCUMENT":
                self._document(b, child, record)
            elif tag in _UNMAPPED:
                if _text(child) or len(child):
                    self.report.skip_field(FILE, tag)
            elif tag not in _HANDLED:
                self.report.skip_field(FILE, tag)
        return b

    # -- names -------------------------------------------------------------
    def _names(
        self, b: EntityBuilder, element: etree._Element, record: str, *, person: bool
    ) -> None:
        parts = [p for tag in _NAME_PARTS if (p := clean_name(_text(element.find(tag))))]
        titles = _values(element, "TITLE")
        if person and parts:
            title = titles[0] if titles and len(titles[0].split()) <= 3 else None
            b.add_name(
                Name(
                    " ".join(parts),
                    NameKind.PRIMARY,
                    record,
                    first_name=parts[0],
                    middle_name=" ".join(parts[1:-1]) or None,
                    last_name=parts[-1] if len(parts) > 1 else None,
                    title=title,
                )
            )
        elif parts:
            # Organisation names may pack several names: "A (X) ; B (Y)".
            for index, piece in enumerate(p for p in " ".join(parts).split(";") if p.strip()):
                name = clean_name(piece)
                if name:
                    self._org_name(
                        b, name, NameKind.PRIMARY if index == 0 else NameKind.ALIAS, record
                    )
        for original in element.iterfind("NAME_ORIGINAL_SCRIPT"):
            for part in split_alias(original.text):
                b.add_name(Name(part.text, NameKind.ALIAS, record))
        for tag in ("INDIVIDUAL_ALIAS", "ENTITY_ALIAS"):
            for alias in element.iterfind(tag):
                self._alias(b, alias, record, person=person)

    def _org_name(self, b: EntityBuilder, name: str, kind: NameKind, record: str) -> None:
        b.add_name(Name(name, kind, record))
        split = acronym_split(name)
        if split is not None:
            b.add_name(Name(split[0], NameKind.ALIAS if kind is NameKind.PRIMARY else kind, record))
            b.add_name(Name(split[1], NameKind.WEAK_ALIAS, record))

    def _alias(self, b: EntityBuilder, alias: etree._Element, record: str, *, person: bool) -> None:
        f = _fields(alias)
        quality = f.get("QUALITY", "")
        kind = _QUALITY.get(quality.casefold())
        if kind is None:
            self.report.warn(f"{record}: unknown alias QUALITY {quality!r}; kept as alias")
            kind = NameKind.ALIAS
        note = f.get("NOTE", "")
        if note.casefold() in ("previously listed as", "formerly listed as"):
            kind = NameKind.PREVIOUS
            note = ""
        parts = split_alias(f.get("ALIAS_NAME"))
        for part in parts:
            part_kind = NameKind.PREVIOUS if part.previous else kind
            if part.original_script and part_kind is NameKind.WEAK_ALIAS:
                part_kind = NameKind.ALIAS
            if person:
                b.add_name(Name(part.text, part_kind, record))
            else:
                self._org_name(b, part.text, part_kind, record)
            if part.note:
                b.add_property("notes", f"{part.text}: {part.note}", record)
        if note and parts:
            b.add_property("notes", f"{parts[0].text}: {note}", record)
        b.add_birth_date(parse_date(_day(f.get("DATE_OF_BIRTH", "")), record=record))
        b.add_property("birthPlace", f.get("CITY_OF_BIRTH"), record)
        if country := f.get("COUNTRY_OF_BIRTH"):
            b.add_country(Country(country_code(country), CountryRole.BIRTH, country, record))
        for tag in f.keys() - {
            "QUALITY",
            "ALIAS_NAME",
            "NOTE",
            "DATE_OF_BIRTH",
            "CITY_OF_BIRTH",
            "COUNTRY_OF_BIRTH",
        }:
            self.report.skip_field(FILE, f"{alias.tag}/{tag}")

    # -- other values ------------------------------------------------------
    def _address(self, b: EntityBuilder, element: etree._Element, record: str) -> None:
        f = _fields(element)
        full = b.add_located_address(
            record,
            street=f.get("STREET"),
            city=f.get("CITY"),
            region=f.get("STATE_PROVINCE"),
            postal_code=f.get("ZIP_CODE"),
            country=f.get("COUNTRY") or None,
        )
        if note := f.get("NOTE"):
            b.add_property(
                "notes", f"Address {full}: {note}" if full else f"Address: {note}", record
            )
        for tag in f.keys() - {"STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY", "NOTE"}:
            self.report.skip_field(FILE, f"{element.tag}/{tag}")

    def _birth_date(self, b: EntityBuilder, element: etree._Element, record: str) -> None:
        f = _fields(element)
        kind = f.get("TYPE_OF_DATE", "").upper()
        note = f.get("NOTE", "")
        circa = kind == "APPROXIMATELY" or note.casefold() == "approximately"
        date: PartialDate | None = None
        if kind == "BETWEEN" and f.get("FROM_YEAR") and f.get("TO_YEAR"):
            start, end = parse_date(f["FROM_YEAR"]), parse_date(f["TO_YEAR"])
            if start is not None and end is not None and start.value <= end.value:
                text = f"{f['FROM_YEAR']} to {f['TO_YEAR']}"
                date = PartialDate(start.value, record, end=end.value, circa=circa, text=text)
        else:
            raw = f.get("DATE") or f.get("YEAR") or ""
            parsed = parse_date(_day(raw), record=record)
            if parsed is None and note and note.casefold() != "approximately":
                parsed = parse_date(note, record=record)
                if parsed is not None:
                    note = ""
            if parsed is not None:
                date = PartialDate(
                    parsed.value, record, parsed.end, circa or parsed.circa, raw or parsed.text
                )
            elif raw:
                self.report.warn(f"{record}: unparsed date of birth {raw!r}")
                b.add_property("notes", f"Date of birth: {raw}", record)
        b.add_birth_date(date)
        if note and note.casefold() != "approximately":
            b.add_property("notes", f"Date of birth: {note}", record)
        for tag in f.keys() - {"TYPE_OF_DATE", "DATE", "YEAR", "FROM_YEAR", "TO_YEAR", "NOTE"}:
            self.report.skip_field(FILE, f"INDIVIDUAL_DATE_OF_BIRTH/{tag}")

    def _birth_place(self, b: EntityBuilder, element: etree._Element, record: str) -> None:
        f = _fields(element)
        country = f.get("COUNTRY", "")
        place = ", ".join(
            p for p in (f.get(k, "") for k in ("STREET", "CITY", "STATE_PROVINCE")) if p
        )
        if place or country:
            b.add_property("birthPlace", ", ".join(p for p in (place, country) if p), record)
        if country:
            b.add_country(Country(country_code(country), CountryRole.BIRTH, country, record))
        if note := f.get("NOTE"):
            b.add_property("notes", f"Place of birth: {note}", record)
        for tag in f.keys() - {"STREET", "CITY", "STATE_PROVINCE", "COUNTRY", "NOTE"}:
            self.report.skip_field(FILE, f"INDIVIDUAL_PLACE_OF_BIRTH/{tag}")

    def _document(self, b: EntityBuilder, element: etree._Element, record: str) -> None:
        f = _fields(element)
        if not any(f.values()):
            return
        label = f.get("TYPE_OF_DOCUMENT", "")
        detail = f.get("TYPE_OF_DOCUMENT2", "")
        source_type = " / ".join(p for p in (label, detail) if p) or None
        number = f.get("NUMBER", "")
        country_text = f.get("ISSUING_COUNTRY") or f.get("COUNTRY_OF_ISSUE") or None
        notes = [p for p in (f.get("CITY_OF_ISSUE"), f.get("NOTE")) if p]
        if (
            f.get("ISSUING_COUNTRY")
            and f.get("COUNTRY_OF_ISSUE")
            and (f["ISSUING_COUNTRY"] != f["COUNTRY_OF_ISSUE"])
        ):
            notes.append(f"country of issue: {f['COUNTRY_OF_ISSUE']}")
        if not number:
            # No number field: the number, if any, is in free text; keep it readable.
            text = "; ".join(p for p in (source_type, *notes) if p)
            b.add_property("notes", f"Document: {text}", record)
            return
        kind = _document_kind(label or detail)
        if (
            kind is IdentifierKind.NATIONAL_ID
            and detail
            and _document_kind(detail)
            in (
                IdentifierKind.PASSPORT,
                IdentifierKind.TAX_ID,
            )
        ):
            kind = _document_kind(detail)
        issued = parse_date(_day(f.get("DATE_OF_ISSUE", "")))
        b.add_identifier(
            Identifier(
                kind,
                number,
                record,
                country=country_code(country_text),
                source_type=source_type,
                issued=issued.value if issued else (f.get("DATE_OF_ISSUE") or None),
                note="; ".join(notes) or None,
            )
        )
        if country_text and country_code(country_text) is None:
            self.report.warn(f"{record}: unknown document country {country_text!r}")
        handled = {
            "TYPE_OF_DOCUMENT",
            "TYPE_OF_DOCUMENT2",
            "NUMBER",
            "ISSUING_COUNTRY",
            "COUNTRY_OF_ISSUE",
            "DATE_OF_ISSUE",
            "CITY_OF_ISSUE",
            "NOTE",
        }
        for tag in f.keys() - handled:
            self.report.skip_field(FILE, f"INDIVIDUAL_DOCUMENT/{tag}")


def _find_file(files: Mapping[str, bytes]) -> tuple[str, bytes]:
    for name, data in files.items():
        if name.rsplit("/", 1)[-1].casefold() == FILE:
            return name, data
    if len(files) == 1:
        return next(iter(files.items()))
    raise ListFormatError(f"{FILE} is missing", file=FILE)


class UnXmlFormat(ListFormat):
    """The UN Security Council Consolidated List XML (``consolidated.xml``)."""

    name = "un_xml"
    richness = 20

    def select(self, available: Collection[str]) -> tuple[str, ...] | None:
        for name in available:
            if name.casefold() == FILE:
                return (name,)
        return None

    def parse(self, files: Mapping[str, bytes], *, list_name: str) -> ParseResult:
        _, data = _find_file(files)
        root = parse_tree(data, file=FILE, roots=("CONSOLIDATED_LIST",))
        report = ParseReport()
        parser = _EntryParser(report, list_name)
        builders: dict[str, EntityBuilder] = {}
        entries = 0
        for group, tag, person in (
            ("INDIVIDUALS", "INDIVIDUAL", True),
            ("ENTITIES", "ENTITY", False),
        ):
            for element in root.iterfind(f"{group}/{tag}"):
                entries += 1
                builder = parser.parse(element, entries, person=person)
                if builder is None:
                    continue
                if builder.id in builders:
                    report.warn(f"{FILE}: duplicate REFERENCE_NUMBER {builder.id}; first kept")
                    continue
                builders[builder.id] = builder
        if not builders:
            if entries:
                raise ListFormatError(
                    "no entry could be read: " + "; ".join(report.warnings[:3]), file=FILE
                )
            raise ListFormatError("no INDIVIDUAL or ENTITY: empty or truncated list", file=FILE)
        for child in root:
            if isinstance(child.tag, str) and child.tag not in ("INDIVIDUALS", "ENTITIES"):
                report.skip_field(FILE, child.tag)
        published = root.get("dateGenerated") or None
        return ParseResult(
            entities=[b.build() for b in builders.values()],
            edition=FILE,
            published=published,
            report=report,
        )
