"""Benchmark-side name keys and script tests, independent of the engine under test.

The benchmark must not borrow the engine's own normalisation (that would hide its
mistakes), so it has its own, deliberately plain, rules:

* :func:`name_key`: NFKD, combining marks dropped, case-folded, every run of
  non-alphanumeric characters turned into one space, tokens sorted. Two names with
  the same key are "the same name" for the benchmark's filters (a negative equal to a
  listed name, a held-out alias still present elsewhere).
* :func:`is_latin`: every letter of the text belongs to the Latin script (accents
  allowed); texts without letters count as Latin.
* :func:`script_of`: the first non-Latin script found among the letters (``"CYRILLIC"``,
  ``"ARABIC"``, ``"CJK"``, ...) or ``"LATIN"``.
* :func:`shares_token`: whether two names have a word of at least
  :data:`MIN_SHARED_TOKEN` characters in common, both romanised with ``anyascii`` (a
  held-out alias that shares no word with the remaining names is a different name,
  e.g. a nickname or an acronym, not a spelling of the same one).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from anyascii import anyascii

_NON_ALNUM = re.compile(r"[\W_]+", re.UNICODE)
MIN_SHARED_TOKEN = 3


def name_key(text: str) -> str:
    """The order-insensitive comparison key of a name (see module docstring)."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    tokens = _NON_ALNUM.sub(" ", stripped.casefold()).split()
    return " ".join(sorted(tokens))


def char_script(char: str) -> str | None:
    """The script of a letter (first word of its Unicode name), ``None`` for non-letters."""
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    if not name:
        return "UNKNOWN"
    if name.startswith("CJK"):
        return "CJK"
    return name.split(" ", 1)[0]


def script_of(text: str) -> str:
    """The first non-Latin script among the letters of ``text``, else ``"LATIN"``."""
    for char in text:
        script = char_script(char)
        if script is not None and script != "LATIN":
            return script
    return "LATIN"


def is_latin(text: str) -> bool:
    """Whether every letter of ``text`` is a Latin letter."""
    return script_of(text) == "LATIN"


def _tokens(text: str) -> set[str]:
    words = _NON_ALNUM.sub(" ", anyascii(text).casefold()).split()
    return {w for w in words if len(w) >= MIN_SHARED_TOKEN}


def shares_token(name: str, others: Iterable[str]) -> bool:
    """Whether ``name`` has a word (≥ 3 characters, romanised) in common with any of ``others``."""
    mine = _tokens(name)
    return any(mine & _tokens(other) for other in others)
