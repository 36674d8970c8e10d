"""The labelled fragments of the OFSI ConList "Other Information" column.

OFSI packs structured facts into one free-text cell as ``(Label):value`` fragments::

    (UK Sanctions List Ref):RUS1696. (UN Ref):QDi.123. Free text (Gender):Male

:func:`split_remarks` cuts the cell at the *known* labels only (a parenthesised year
such as ``(2022):`` inside free text does not split it) and returns the leading text
and ``(label, value)`` pairs in order. :func:`apply_remarks` maps them onto an
:class:`~interdict.model.EntityBuilder`:

* ``UK Sanctions List Ref`` → the entity id (read by :func:`uk_reference`), the rest
  of the fragment → ``notes``;
* ``UN Ref`` → ``unscId`` (spelt ``QDe.145``), the rest → ``notes``;
  ``UK Statement of Reasons`` → ``notes``;
* ``Gender`` → ``gender``; ``Phone number``/``Tel`` → ``phone``; ``Email address`` →
  ``email``; ``Website`` → ``website``; ``Type of entity`` → ``legalForm``;
* ``Parent company`` / ``Subsidiaries`` / ``Current owners`` → relations ``parent`` /
  ``subsidiary`` / ``owner`` (target unknown, the name as text);
* ``Business Reg No`` → identifiers (:func:`registration_identifiers`);
* ship facts: ``IMO number`` → IMO identifier (``IMO`` + digits), ``Flag of ship`` →
  flag country, ``Previous flags`` → ``pastFlags``, ``Type of ship`` → ``type``,
  ``Tonnage of ship`` → ``grossRegisteredTonnage``, ``Year built`` → ``buildDate``;
* ``Fax`` and ``Length of ship`` have no model field: they are reported unconsumed.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from interdict.model import (
    Country,
    CountryRole,
    EntityBuilder,
    Identifier,
    IdentifierKind,
    Relation,
)
from interdict.sources.base import ParseReport
from interdict.sources.country_text import resolve_country
from interdict.sources.enumerations import split_enumeration

LABELS = (
    "UK Sanctions List Ref",
    "UK Statement of Reasons",
    "UN Ref",
    "Gender",
    "Phone number",
    "Tel",
    "Fax",
    "Email address",
    "Website",
    "Type of entity",
    "Parent company",
    "Subsidiaries",
    "Business Reg No",
    "IMO number",
    "Current owners",
    "Flag of ship",
    "Previous flags",
    "Type of ship",
    "Tonnage of ship",
    "Length of ship",
    "Year built",
)
_LABEL = re.compile(r"\((" + "|".join(re.escape(label) for label in LABELS) + r")\)\s*:")
_UK_REF = re.compile(r"^\s*([A-Z]{2,4}\d{3,5})\b\.?")
_UN_REF = re.compile(r"^\s*([A-Z][A-Za-z]{1,2}[ieIE]\.\s?\d{2,4})\b\.?")
_NUMBER = re.compile(r"[0-9A-Z][0-9A-Z\-/]*[0-9][0-9A-Z\-/]*")
_TAX = re.compile(r"\b(?:INN|TIN|tax|taxpayer|УНН|ИНН)\b", re.IGNORECASE)
_IMO = re.compile(r"(?:IMO\s*)?(\d{7})\b")
_TEXT_PROPERTIES = {
    "Phone number": "phone",
    "Tel": "phone",
    "Email address": "email",
    "Website": "website",
    "Type of entity": "legalForm",
    "Previous flags": "pastFlags",
    "Type of ship": "type",
    "Tonnage of ship": "grossRegisteredTonnage",
    "Year built": "buildDate",
}
_RELATIONS = {"Parent company": "parent", "Subsidiaries": "subsidiary", "Current owners": "owner"}
_UNMAPPED = frozenset({"Fax", "Length of ship"})


def split_remarks(text: str) -> tuple[str, list[tuple[str, str]]]:
    """The text before the first known label, and the ``(label, value)`` fragments."""
    matches = list(_LABEL.finditer(text))
    head = text[: matches[0].start()] if matches else text
    pairs: list[tuple[str, str]] = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        pairs.append((match.group(1), text[match.end() : end].strip()))
    return head.strip(), pairs


def uk_reference(text: str) -> str | None:
    """The UK Sanctions List reference (``RUS1696``) named in the remarks, if any."""
    for label, value in split_remarks(text)[1]:
        if label == "UK Sanctions List Ref" and (match := _UK_REF.match(value)):
            return match.group(1)
    return None


def registration_identifiers(text: str, *, record: str) -> list[Identifier]:
    """Identifiers in a registration-number cell (``(1) INN: 77… (2) OGRN: 10…``).

    Each number (a token with a digit, at least 5 characters) becomes one identifier;
    the words before it are its ``source_type``; a tax label (INN, TIN, tax) makes it a
    ``TAX_ID``, anything else a ``REGISTRATION``.
    """
    found: list[Identifier] = []
    for item in split_enumeration(text):
        position = 0
        for match in _NUMBER.finditer(item):
            number = match.group(0).strip("-/")
            if sum(ch.isdigit() for ch in number) < 5:
                continue
            label = item[position : match.start()].strip(" :.-/()")
            position = match.end()
            kind = IdentifierKind.TAX_ID if _TAX.search(label) else IdentifierKind.REGISTRATION
            found.append(Identifier(kind, number, record, source_type=label or None))
    return found


def imo_number(text: str) -> str | None:
    """``IMO`` followed by the seven digits of an IMO number found in ``text``."""
    match = _IMO.search(text)
    return f"IMO{match.group(1)}" if match else None


def un_reference(text: str) -> str:
    """A UN reference in its usual spelling: ``QDE. 145`` → ``QDe.145``."""
    prefix, _, number = text.replace(" ", "").partition(".")
    return f"{prefix[:-1].upper()}{prefix[-1:].lower()}.{number}"


def _leading_token(
    builder: EntityBuilder,
    pattern: re.Pattern[str],
    prop: str | None,
    value: str,
    record: str,
    normalise: Callable[[str], str] = str.strip,
) -> None:
    match = pattern.match(value)
    rest = value
    if match:
        if prop:
            builder.add_property(prop, normalise(match.group(1)), record)
        rest = value[match.end() :]
    builder.add_property("notes", rest.strip(), record)


def apply_remarks(
    builder: EntityBuilder, text: str, *, file: str, record: str, report: ParseReport
) -> None:
    """Map one "Other Information" cell onto ``builder`` (see the module docstring)."""
    head, pairs = split_remarks(text)
    builder.add_property("notes", head, record)
    for label, value in pairs:
        if not value:
            continue
        if label == "UK Sanctions List Ref":
            _leading_token(builder, _UK_REF, None, value, record)
        elif label == "UN Ref":
            _leading_token(builder, _UN_REF, "unscId", value, record, un_reference)
        elif label == "UK Statement of Reasons":
            builder.add_property("notes", value, record)
        elif label == "Gender":
            gender = value.strip(" .").lower()
            if gender in {"male", "female"}:
                builder.add_property("gender", gender, record)
            else:
                builder.add_property("notes", f"Gender: {value}", record)
        elif label in _TEXT_PROPERTIES:
            builder.add_properties(_TEXT_PROPERTIES[label], split_enumeration(value), record)
        elif label in _RELATIONS:
            for item in split_enumeration(value):
                builder.add_relation(Relation(None, _RELATIONS[label], item, record))
        elif label == "Business Reg No":
            for ident in registration_identifiers(value, record=record):
                builder.add_identifier(ident)
        elif label == "IMO number":
            imo = imo_number(value)
            if imo:
                builder.add_identifier(
                    Identifier(IdentifierKind.IMO, imo, record, source_type=label)
                )
            else:
                report.warn(f"{record}: IMO number {value!r} is not 7 digits; kept in notes")
                builder.add_property("notes", f"IMO number: {value}", record)
        elif label == "Flag of ship":
            for item in split_enumeration(value):
                builder.add_country(Country(resolve_country(item), CountryRole.FLAG, item, record))
        elif label in _UNMAPPED:
            report.skip_field(file, f"Other Information ({label})")
