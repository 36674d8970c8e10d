"""Which writing systems a text is written in.

Backed by rigour's Unicode script table (``rigour._core``, Rust). Script names are
Unicode's long names (``"Latin"``, ``"Arabic"``, ``"Han"``, ``"Hangul"``...); digits,
punctuation and spaces (``"Common"``/``"Inherited"``) are ignored.
"""

from __future__ import annotations

from rigour._core import codepoint_script
from rigour._core import text_scripts as _text_scripts

#: Scripts that do not write short vowels: a transliteration such as ``qasm
#: dmawndyan`` must be compared by consonant skeleton with ``Ghassem Damavandian``.
ABJAD_SCRIPTS = frozenset({"Arabic", "Hebrew", "Syriac", "Thaana", "Nko", "Samaritan"})

_NEUTRAL = frozenset({"Common", "Inherited", "Unknown"})


def text_scripts(text: str) -> frozenset[str]:
    """The scripts of the letters in ``text`` (empty for digits/punctuation only)."""
    return frozenset(s for s in _text_scripts(text) if s not in _NEUTRAL)


def char_script(char: str) -> str | None:
    """The script of one character, ``None`` for neutral characters."""
    script = codepoint_script(ord(char))
    return None if script is None or script in _NEUTRAL else str(script)


def has_abjad(text: str) -> bool:
    """Whether any letter of ``text`` is in a script that omits short vowels."""
    if text.isascii():
        return False
    return not ABJAD_SCRIPTS.isdisjoint(text_scripts(text))
