"""Structured facts from OFAC's Remarks text.

OFAC writes everything it knows about a party beyond names and addresses into one Remarks
string (``sdn.csv``/``cons_prim.csv`` column 12, continued in ``sdn_comments.csv``) as
fragments separated by ``"; "``, each ``Label value``::

    DOB 02 May 1968; nationality Iran; Gender Male; Passport G9336_77 (Iran) expires
    27 Oct 2019; alt. Passport ...; a.k.a. 'BNC'; Linked To: QODS AVIATION INDUSTRIES.

Contract of :func:`parse_remarks`:

* fragments are split on ``"; "`` except inside parentheses or an open ``'...'`` quote;
  a leading ``alt.`` and the closing full stop are dropped; the classic XML's
  ``(Linked To: X)`` is read like ``Linked To: X``;
* ``a.k.a. 'X'`` and ``n.k.a. 'X'`` become weak aliases, ``f.k.a. 'X'`` previous names;
  ``Linked To: X`` a ``linked_to`` relation (target unknown, the name as written);
* every other fragment is looked up by its longest known label in
  :data:`interdict.sources.ofac_types.OFAC_TYPES` and applied with
  :func:`~interdict.sources.ofac_types.apply_item`; identifiers have their number split
  from ``(Country)``, ``issued <date>`` and ``expires <date>``;
* a fragment with no known label is kept under ``notes`` and counted with
  ``report.skip_field(file, "Remarks:<label>")`` where ``<label>`` is its leading words up to
  the first digit, quote or colon, so what is left unmapped can be found and mapped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from interdict.model import EntityBuilder, Name, NameKind, Relation
from interdict.sources.base import ParseReport
from interdict.sources.ofac_types import (
    OFAC_LABELS,
    OFAC_TYPES,
    PREFIX_TYPES,
    Item,
    Target,
    apply_item,
    lookup_type,
    normalize_label,
)

_ALIAS = re.compile(r"^(a\.k\.a\.|f\.k\.a\.|n\.k\.a\.)\s*(.*)$", re.I | re.S)
_ALIAS_KINDS = {"a.k.a.": NameKind.WEAK_ALIAS, "n.k.a.": NameKind.WEAK_ALIAS}
_LINKED = re.compile(r"^linked to\s*:?\s*(.+)$", re.I | re.S)
_ID_VALUE = re.compile(
    r"^(?P<number>.*?)"
    r"(?:\s*\((?P<country>[^()]*)\))?"
    r"(?:,?\s+issued\s+(?P<issued>.*?))?"
    r"(?:,?\s+expires\s+(?P<expires>.*?))?$",
    re.S,
)
_UNKNOWN_LABEL = re.compile(r"^[^0-9'\":;(]*")
_NOTE_PREFIXES = tuple(p.casefold() for p, m in PREFIX_TYPES if m.target is Target.NOTE)
_CRYPTO_PREFIX = "Digital Currency Address - "


@dataclass(frozen=True, slots=True)
class RemarksContext:
    """Where remarks come from: the file, the record locator and the report to fill.

    ``known`` holds texts (case-folded) the caller has already mapped from other fields,
    such as OFAC's Title column, which the Remarks repeat: such fragments are consumed.
    """

    file: str
    record: str
    report: ParseReport
    known: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def _labels_by_first_word() -> dict[str, tuple[int, ...]]:
    """First word of each label (normalised) → the word counts of labels starting with it."""
    counts: dict[str, set[int]] = {}
    for label in OFAC_LABELS:
        words = label.split()
        counts.setdefault(normalize_label(words[0]), set()).add(len(words))
    return {word: tuple(sorted(ns, reverse=True)) for word, ns in counts.items()}


def split_remarks(text: str) -> list[str]:
    """The fragments of a Remarks string, in order, stripped; empty ones dropped."""
    parts = text.split("; ")
    out: list[str] = []
    buffer = ""
    for part in parts:
        buffer = f"{buffer}; {part}" if buffer else part
        if buffer.count("(") > buffer.count(")") or _open_quote(buffer):
            continue
        out.append(buffer)
        buffer = ""
    if buffer:
        out.append(buffer)
    return [f for f in (p.strip() for p in out) if f]


def _open_quote(fragment: str) -> bool:
    """An ``a.k.a. '...`` fragment whose quote is not closed yet (a ``;`` inside the name)."""
    body = _strip_alt(fragment)
    match = _ALIAS.match(body)
    if match is None:
        return False
    name = match.group(2).rstrip(" .")
    return name.startswith("'") and (len(name) < 2 or not name.endswith("'"))


def _strip_alt(fragment: str) -> str:
    return fragment[5:].lstrip() if fragment[:5].casefold() == "alt. " else fragment


def _clean(fragment: str) -> str:
    fragment = fragment.strip()
    if fragment.startswith("(") and fragment.endswith(")"):
        fragment = fragment[1:-1].strip()
    fragment = _strip_alt(fragment)
    if fragment.endswith(".") and not fragment.endswith("'.") and not _ALIAS.match(fragment):
        fragment = fragment[:-1].rstrip()
    return fragment


def match_label(fragment: str) -> tuple[str, str] | None:
    """``(label, value)`` for the longest known label ``fragment`` starts with, else ``None``."""
    words = fragment.split()
    if not words:
        return None
    if fragment.startswith(_CRYPTO_PREFIX) and len(words) >= 5:
        return " ".join(words[:5]), " ".join(words[5:])
    folded = fragment[:40].casefold()
    if folded.startswith(_NOTE_PREFIXES):
        return "", fragment
    for count in _labels_by_first_word().get(normalize_label(words[0]), ()):
        if count > len(words):
            continue
        label = " ".join(words[:count])
        if normalize_label(label) in OFAC_TYPES:
            return label, " ".join(words[count:])
    return None


def unknown_label(fragment: str) -> str:
    """The leading words of an unmapped fragment: its text before a digit, quote or colon."""
    match = _UNKNOWN_LABEL.match(fragment)
    label = (match.group(0) if match else "").strip(" .-#,")
    words = label.split()
    return " ".join(words[:6]) if words else "(value only)"


def _name(text: str) -> str:
    text = text.strip().rstrip(".").strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        text = text[1:-1]
    return text.strip()


def parse_fragment(builder: EntityBuilder, fragment: str, ctx: RemarksContext) -> None:
    """Apply one remarks fragment to ``builder`` (see the module contract)."""
    fragment = _clean(fragment)
    if not fragment:
        return
    record = ctx.record
    if match := _ALIAS.match(fragment):
        kind = _ALIAS_KINDS.get(match.group(1).lower(), NameKind.PREVIOUS)
        name = _name(match.group(2))
        if name:
            builder.add_name(Name(name, kind, record))
        return
    if match := _LINKED.match(fragment):
        target = match.group(1).strip().rstrip(".").strip()
        builder.add_relation(Relation(None, "linked_to", target, record))
        return
    found = match_label(fragment)
    if found is None:
        if fragment.casefold() in ctx.known:
            return
        ctx.report.skip_field(ctx.file, f"Remarks:{unknown_label(fragment)}")
        builder.add_property("notes", fragment, record)
        return
    label, value = found
    if not label:
        builder.add_property("notes", value, record)
        return
    mapping = lookup_type(label)
    item = Item(label, value, record)
    if mapping is not None and mapping.target is Target.IDENTIFIER:
        item = _identifier_item(label, value, record)
    apply_item(builder, item, report=ctx.report)


def _identifier_item(label: str, value: str, record: str) -> Item:
    match = _ID_VALUE.match(value)
    if match is None or not match.group("number").strip():
        return Item(label, value, record)
    return Item(
        label,
        match.group("number").strip().rstrip(","),
        record,
        country=match.group("country"),
        issued=match.group("issued"),
        expires=match.group("expires"),
    )


def parse_remarks(builder: EntityBuilder, text: str | None, ctx: RemarksContext) -> None:
    """Apply every fragment of a Remarks string to ``builder``."""
    if not text:
        return
    for fragment in split_remarks(text):
        parse_fragment(builder, fragment, ctx)
