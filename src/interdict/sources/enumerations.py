"""Splitting the in-cell enumerations of spreadsheet lists into their items.

Lists that pack several values in one cell number them: OFSI writes
``"(1) Afghanistan (2) Pakistan"``, DFAT writes ``"a) 1965 b) 1 Jan. 1964"``.
:func:`split_enumeration` returns the items in order, stripped of the markers,
white space and separators (``;``, ``,``). Markers are accepted only in sequence
(``(1)`` then ``(2)`` …, ``a)`` then ``b)`` …), so a stray ``(2)`` or ``b)`` inside a
value does not split it. Text without a leading ``(1)``/``a)`` enumeration is returned
as one item (or none when blank); any text before ``(1)``/``a)`` is kept as a first item.
"""

from __future__ import annotations

import re

_NUMBERED = re.compile(r"\((\d{1,2})\)")
_LETTERED = re.compile(r"(?:(?<=^)|(?<=[\s;,.:]))([a-z])\)")
_TRIM = " \t\r\n\xa0;,"


def _split(text: str, pattern: re.Pattern[str], first: str) -> list[str] | None:
    markers: list[re.Match[str]] = []
    expected = first
    for match in pattern.finditer(text):
        if match.group(1) == expected:
            markers.append(match)
            expected = str(int(expected) + 1) if expected.isdigit() else chr(ord(expected) + 1)
    if not markers:
        return None
    items: list[str] = []
    head = text[: markers[0].start()].strip(_TRIM)
    if head:
        items.append(head)
    for index, match in enumerate(markers):
        end = markers[index + 1].start() if index + 1 < len(markers) else len(text)
        item = text[match.end() : end].strip(_TRIM)
        if item:
            items.append(item)
    return items


def split_enumeration(text: str | None) -> list[str]:
    """The items of an enumerated cell, or the cell itself as one item."""
    if text is None:
        return []
    for pattern, first in ((_NUMBERED, "1"), (_LETTERED, "a")):
        items = _split(text, pattern, first)
        if items is not None:
            return items
    cleaned = text.strip(_TRIM)
    return [cleaned] if cleaned else []
