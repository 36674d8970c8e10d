"""Transliteration of any script to ASCII, offline and deterministic.

Choice of engines (the pipeline of ``rigour.text.ascii_text``, imported piecewise
so that importing interdict stays fast): rigour's Rust transliterator
(``maybe_ascii``) for the scripts it admits (Latin diacritics, Cyrillic, Greek,
Armenian, Georgian, Hangul) because its spellings follow the usual passport/list
conventions (``Шевченко → Shevchenko``); ICU through ``normality`` for every other
script (Arabic, Persian, Hebrew, Han as pinyin, Devanagari, Thai, ...), loaded on
first use; ``anyascii`` is the last resort for characters ICU leaves non-ASCII.

Arabic ``ة`` (taa marbuta) is read as ``ه`` first: at the end of a name it sounds
``a``/``ah`` (``أسامة`` is ``Usama``), not ``t``. Letters romanised differently in
Arabic and in Persian/Urdu names become ASCII digraphs that the abjad skeleton
reads both ways (:func:`interdict.text.phonetic.skeletons`): ``ض ذ ظ → dz``
(``d``/``dh`` or ``z``: ``رضا`` is ``Reza``, ``رمضان`` ``Ramadan``), ``ث → ts``
(``th``/``t`` or ``s``: ``ثاقب`` is ``Saqib``). Persian and Urdu forms of Arabic
letters (``ی ک ۀ ہ ھ``) are read as the Arabic letter first (``احمدی`` = ``احمدي``), and
Pashto and Urdu letters ICU would drop as the nearest Arabic or Persian one (``ځ → ز``,
``ٹ → ت``, ``ړ → ر``). Hebrew ``פ`` and ``ב`` become the two-way digraphs ``pf`` and
``bv`` (``פדרמן`` is ``Federman``, ``שרביט`` ``Sharvit``), ``צ``/``ץ`` the three-way
``tz`` (``Yitzhak``, ``Zvi``, ``Tsvi``) and final ``ף`` ``f`` (``יוסף`` is ``Yosef``).

Han and Hangul are transliterated one syllable (character) at a time, separated by
spaces (``习近平 → xi jin ping``): the name layer decides how syllables group into
name parts. Output may contain upper case and punctuation; :mod:`normalize` cleans it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, lru_cache

from rigour._core import maybe_ascii

from interdict.text.scripts import char_script

_ARABIC_PRE = str.maketrans(
    {
        "ة": "ه",
        "ض": "dz",
        "ذ": "dz",
        "ظ": "dz",
        "ث": "ts",
        # Persian/Urdu forms of Arabic letters, read as the Arabic letter.
        "ی": "ي",
        "ې": "ي",
        "ے": "ي",
        "ک": "ك",
        "ڪ": "ك",
        "ۀ": "ه",
        "ە": "ه",
        "ھ": "ه",
        "ہ": "ه",
        "ۃ": "ه",
        # Pashto and Urdu letters ICU drops, read as the nearest Arabic/Persian
        # letter (``ځدران`` is ``Zadran``, ``ماٹی`` ``Mati``).
        "ځ": "ز",
        "څ": "س",
        "ډ": "د",
        "ړ": "ر",
        "ږ": "ژ",
        "ښ": "ش",
        "ګ": "گ",
        "ڼ": "ن",
        "ټ": "ت",
        "ۍ": "ي",
        "ٹ": "ت",
        "ڈ": "د",
        "ڑ": "ر",
        "ں": "ن",
        # Hebrew letters ICU romanises one way though names write them several: פ is
        # p or f, ב b or v, צ/ץ tz, z or ts (every reading kept), final ף always f.
        "פ": "pf",
        "ף": "f",
        "ב": "bv",
        "צ": "tz",
        "ץ": "tz",
    }
)

#: Scripts written without spaces between the syllables of a name.
SYLLABIC_SCRIPTS = frozenset({"Han", "Hangul"})


@lru_cache(maxsize=65536)
def to_ascii(text: str) -> str:
    """ASCII transliteration of ``text`` (ASCII input is returned unchanged)."""
    if text.isascii():
        return text
    text = text.translate(_ARABIC_PRE)
    if any(char_script(ch) in SYLLABIC_SCRIPTS for ch in text):
        text = _space_syllables(text)
    out = str(maybe_ascii(text))
    if not out.isascii():
        out = _icu_ascii()(out)
    if not out.isascii():
        out = _anyascii()(out)
    return out


@cache
def _icu_ascii() -> Callable[[str], str]:
    """normality's ICU transliterator, imported on first need (ICU loads slowly)."""
    from normality import ascii_text

    return ascii_text


@cache
def _anyascii() -> Callable[[str], str]:
    from anyascii import anyascii

    return anyascii


def _space_syllables(text: str) -> str:
    """Put a space around every Han/Hangul character so each is a syllable."""
    parts: list[str] = []
    for ch in text:
        if char_script(ch) in SYLLABIC_SCRIPTS:
            parts.append(f" {ch} ")
        else:
            parts.append(ch)
    return "".join(parts)
