"""Cleaning the name strings lists publish, and splitting packed alias strings.

Contract (pure ``str`` functions, no I/O):

* :func:`clean_name` collapses white space, trims stray separators (``,`` ``;``) and
  returns ``None`` for placeholders (``n/a``, ``na``, ``-``, ``-0-``, ``none``,
  ``unknown``): a name is either clean or absent.
* :func:`is_non_latin` tells whether a name is written mainly in a non-Latin script
  (Arabic, Cyrillic, Chinese, ...): such names are "original-script" names.
* :func:`split_alias` turns one published alias string into the names it packs:
  ``"A; B"`` (several spellings), ``"Jin Tiesan (金铁三)"`` (a transcription and its
  original script), ``"حسن غول (Hassan Ghul; Hasan Gul)"``, ``"X (original script:
  Y)"``, ``"X (previously listed as)"``; explanatory parentheses and trailing
  clauses (``", born 1 Jan. 1953 (...)"``) are cut off and returned as a note.
* :func:`acronym_split` recognises an organisation name ending in its own
  abbreviation, ``"GLOBAL RELIEF FOUNDATION (GRF)"`` → (``"GLOBAL RELIEF
  FOUNDATION"``, ``"GRF"``), so matching sees both forms.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_PLACEHOLDERS = frozenset(
    {"", "-", "--", "-0-", "0", "n/a", "na", "n.a.", "none", "null", "unknown", "?", "nil"}
)
_EDGE = " \t\r\n,;:"
_ENUM = re.compile(r"\s+[a-z]\)\s+")
_CLAUSE = re.compile(r"(?:,\s*|\s+)(?:born\b|dob\b|d\.o\.b\.|date of birth\b).*$", re.I | re.S)
_QUOTES = {"“": "”", '"': '"', "«": "»", "‘": "’"}
_TRIM = frozenset("()”»’") | frozenset(_QUOTES)
_ORIGINAL = re.compile(r"^(?:in\s+)?(?:original\s+script|arabic\s+script)\s*:?\s*", re.I)
_SUFFIX_NOTE = re.compile(r"\s+-\s+sub-unit name$", re.I)
# Parenthesised remarks that qualify an alias rather than spell one.
_PREVIOUS_NOTES = ("previously listed as", "formerly listed as", "formerly known as", "f.k.a")
_DROP_NOTES = (
    "birth name",
    "combat name",
    "nom de guerre",
    "third",
    "original script",
    "call sign",
)


@dataclass(frozen=True, slots=True)
class AliasPart:
    """One name found in a packed alias string.

    ``original_script`` marks a name in a non-Latin script; ``previous`` a name the
    source qualified as a former listing; ``note`` holds text cut from the alias.
    """

    text: str
    original_script: bool = False
    previous: bool = False
    note: str | None = None


def clean_text(text: str | None) -> str:
    """``text`` with runs of white space collapsed and outer white space removed."""
    return " ".join(text.split()) if text else ""


def clean_name(text: str | None) -> str | None:
    """A publishable name, or ``None`` for empty strings and placeholders.

    Trims stray separators, unbalanced parentheses and quotes around the whole
    name, repeatedly, so the result is stable (``clean_name`` is idempotent).
    """
    cleaned = clean_text(text).strip(_EDGE)
    previous = None if cleaned and (cleaned[0] in _TRIM or cleaned[-1] in _TRIM) else cleaned
    while cleaned != previous:
        previous = cleaned
        if cleaned.count("(") != cleaned.count(")"):
            cleaned = cleaned.strip("()").strip(_EDGE)
        if len(cleaned) > 2 and _QUOTES.get(cleaned[0]) == cleaned[-1]:
            cleaned = cleaned[1:-1].strip(_EDGE)
    if cleaned.casefold() in _PLACEHOLDERS:
        return None
    return cleaned or None


@lru_cache(maxsize=8192)
def is_non_latin(text: str) -> bool:
    """Whether most letters of ``text`` are outside the Latin script."""
    latin = other = 0
    for char in text:
        if not char.isalpha():
            continue
        if unicodedata.name(char, "").startswith("LATIN"):
            latin += 1
        else:
            other += 1
    return other > latin


def _split_top(text: str, sep: str = ";") -> list[str]:
    """Split on ``sep`` outside parentheses."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        if char == sep and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _trailing_paren(text: str) -> tuple[str, str] | None:
    """(base, content) when ``text`` ends in a balanced parenthesised group."""
    if not text.endswith(")"):
        return None
    depth = 0
    for index in range(len(text) - 1, -1, -1):
        char = text[index]
        if char == ")":
            depth += 1
        elif char == "(":
            depth -= 1
            if depth == 0:
                base = text[:index].strip()
                return (base, text[index + 1 : -1].strip()) if base else None
    return None


def _is_abbreviation(token: str) -> bool:
    letters = [c for c in token if c.isalpha()]
    return (
        " " not in token
        and 1 < len(token) <= 12
        and bool(letters)
        and sum(c.isupper() for c in letters) >= len(letters) - 1
    )


def _piece(text: str) -> list[AliasPart]:
    """The names in one ``;``-free piece of an alias string."""
    text = clean_text(text)
    note: str | None = None
    if m := _CLAUSE.search(text):
        note = text[m.start() :].strip(_EDGE)
        text = text[: m.start()]
    text = text.strip(_EDGE)
    if text.startswith("(") and ")" in text:
        # "(Sheikh) Musa Hilal": a leading remark is a title, not a name.
        text = text[text.index(")") + 1 :].strip()
    split = _trailing_paren(text)
    if split is None:
        name = clean_name(text)
        return [AliasPart(name, is_non_latin(name), note=note)] if name else []
    base, content = split
    folded = content.casefold()
    if folded in _PREVIOUS_NOTES:
        name = clean_name(base)
        return [AliasPart(name, is_non_latin(name), previous=True, note=note)] if name else []
    if folded in _DROP_NOTES:
        return _piece(base)
    if m := _ORIGINAL.match(content):
        return [*_piece(base), *_piece(content[m.end() :])]
    base_non_latin = is_non_latin(base)
    if content and (is_non_latin(content) != base_non_latin or len(_split_top(content)) > 1):
        # A transcription with its original script (either order), or a list of spellings.
        inner = [_SUFFIX_NOTE.sub("", p) for p in _split_top(content)]
        parts = _piece(base)
        for part in inner:
            parts.extend(_piece(part))
        return parts
    if _is_abbreviation(content) or len(content.split()) <= 3:
        # An acronym or a short qualifier that is part of the name as published.
        name = clean_name(text)
        return [AliasPart(name, base_non_latin, note=note)] if name else []
    # A long explanatory remark: keep the name, return the remark as a note.
    name = clean_name(base)
    remark = content if note is None else f"{content}; {note}"
    return [AliasPart(name, base_non_latin, note=remark)] if name else []


def split_alias(text: str | None) -> list[AliasPart]:
    """The names packed into one published alias string, in order, without duplicates."""
    if not text:
        return []
    out: list[AliasPart] = []
    seen: set[str] = set()
    for chunk in _split_top(clean_text(text)):
        for piece in _ENUM.split(chunk):
            for part in _piece(piece):
                key = part.text.casefold()
                if key not in seen:
                    seen.add(key)
                    out.append(part)
    return out


def acronym_split(name: str) -> tuple[str, str] | None:
    """(name without its abbreviation, abbreviation) for ``"FULL NAME (FN)"``, else ``None``.

    The parenthesised token must look like an abbreviation of the name: no spaces,
    mostly capitals, starting with the name's first letter, its letters appearing
    in order in the name.
    """
    split = _trailing_paren(name)
    if split is None:
        return None
    base, token = split
    if not _is_abbreviation(token) or not base:
        return None
    letters = [c.casefold() for c in token if c.isalpha()]
    haystack = [c.casefold() for c in base if c.isalpha()]
    if not letters or not haystack or letters[0] != haystack[0]:
        return None
    position = 0
    for letter in letters:
        try:
            position = haystack.index(letter, position) + 1
        except ValueError:
            return None
    return base, token
