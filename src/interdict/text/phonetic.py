"""Phonetic keys for normalised ASCII tokens.

:func:`skeleton` is a vowel-insensitive consonant key with transliteration folding,
built for abjad scripts (Arabic, Persian, Hebrew write no short vowels, so ``qasm``
must meet ``ghassem``) and for the spelling drift of romanised names. Steps, in order:

1. digraphs: ``tsch/tch/ch → c``; ``sch/sh → s``; ``dzh/zh/dj → j``; ``kh → h``;
   ``gh → k``; ``ph → f``; ``th → t``; ``dh → d``; ``ck → k``; ``x → ks``;
   a final ``-off/-eff/-ev`` reads ``-ov``;
2. letter classes: ``q k c g → k``; ``p b → b``; ``w v → v``;
3. doubled letters collapse (``ss → s``);
4. vowels ``a e i o u y`` are dropped, except a ``y`` that starts the token
   (``yasin → ysn``); consonants that vowels kept apart stay apart (``khalalu →
   hll``).

So ``ghassem``, ``qasem``, ``qasm`` and ``kasim`` share ``ksm``; ``damavandian`` and
``dmawndyan`` share ``dmvndn``. A token with no consonant keeps its first letter.
Tokens holding digits are returned unchanged.

:func:`skeletons` adds, for a token transliterated from an abjad, the variant
without ``v`` (Arabic و and Hebrew ו write both the consonant ``w/v`` and the long
vowel ``u/o``: ``mhmwd`` is ``mahmoud``, ``dmawndyan`` is ``damavandian``) and the
variant without a final ``h``.

:func:`phonetic_key` is Metaphone (rigour's Rust implementation).
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import combinations

from rigour._core import metaphone

_DIGRAPHS = {
    "tsch": "C",
    "sch": "s",
    "tch": "C",
    "dzh": "j",
    "ch": "C",
    "sh": "s",
    "zh": "j",
    "dj": "j",
    "kh": "h",
    "gh": "k",
    "ph": "f",
    "th": "t",
    "dh": "d",
    "ck": "k",
    "x": "ks",
}
_DIGRAPH_RE = re.compile("|".join(sorted(_DIGRAPHS, key=len, reverse=True)))
#: In an abjad transliteration "th"/"dh" are two letters (ت ه / د ه): ث and ذ are
#: written "ts"/"dz" by :mod:`translit`.
_ABJAD_DIGRAPH_RE = re.compile(
    "|".join(d for d in sorted(_DIGRAPHS, key=len, reverse=True) if d not in ("th", "dh"))
)
_FINAL_OFF = re.compile(r"(?<=[a-z])(?:off|eff|ev)$")
_CLASSES = str.maketrans({"q": "k", "c": "k", "g": "k", "p": "b", "w": "v", "C": "c"})
_DROP = re.compile(r"(?!^y)[aeiouy]")


@lru_cache(maxsize=65536)
def skeleton(token: str, *, abjad: bool = False) -> str:
    """The consonant skeleton of a normalised token (see module docstring); for an
    abjad transliteration ``th``/``dh`` stay two letters."""
    if not token or not token.isalpha():
        return token
    text = _FINAL_OFF.sub("ov", token)
    digraphs = _ABJAD_DIGRAPH_RE if abjad else _DIGRAPH_RE
    text = digraphs.sub(lambda m: _DIGRAPHS[m.group(0)], text)
    # The digraphs write the ch/tch sound as "C", kept apart from a hard "c" (→ k).
    text = _DROP.sub("", _collapse(text.translate(_CLASSES)))
    return text or token[0]


@lru_cache(maxsize=65536)
def phonetic_key(token: str) -> str:
    """Metaphone of a normalised token; digits are returned unchanged."""
    if not token.isalpha():
        return token
    return str(metaphone(token))


_VOWEL_RUN = re.compile(r"[aeiouy]+")


@lru_cache(maxsize=65536)
def vowel_signature(token: str) -> str:
    """The vowel classes of a token's vowel runs, in order: ``u`` for a run holding
    ``o``/``u``, else ``a`` for one holding ``a``, ``e`` for one of only ``e`` or for
    the diphthong ``ei``/``ey``, else
    ``i`` (``hossein → ui``, ``hassan → aa``, ``mehdi → ei``); a final ``e`` after a
    consonant is silent (``poutine → ui``). It tells apart names
    that share a consonant skeleton; ``e`` is ambiguous (``mehdi``/``mahdi``,
    ``hamed``/``hamid``), see :func:`vowels_agree`."""
    out = []
    if len(token) > 3 and token.endswith("e") and token[-2] not in "aeiouy":
        token = token[:-1]  # a silent final e (French: poutine, prigojine)
    for run in _VOWEL_RUN.findall(token.removeprefix("y")):
        if "o" in run or "u" in run:
            out.append("u")
        elif "a" in run:
            out.append("a")
        elif run[0] == "e" and set(run) <= {"e", "i", "y"}:
            # ``e`` alone, or the diphthong ``ei``/``ey`` that other spellings write
            # ``ay``/``ai`` (``zeid``/``zayd``, ``leila``/``layla``, ``sheikh``/``shaykh``).
            out.append("e")
        else:
            out.append("i")
    return "".join(out)


def vowels_agree(a: str, b: str) -> bool:
    """Whether two tokens' vowel signatures are compatible: equal once each ``e`` is
    read as ``a`` or as ``i``, or, with three or more vowels each, the same first
    class and at most one class off."""
    va, vb = vowel_signature(a), vowel_signature(b)
    for read in ("a", "i"):
        xa, xb = va.replace("e", read), vb.replace("e", read)
        if xa == xb:
            return True
        if xa and xb and xa[0] == xb[0] and min(len(xa), len(xb)) >= 3 and _osa_at_most_one(xa, xb):
            return True
    return False


def _osa_at_most_one(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diffs) <= 1 or (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and a[diffs[0]] == b[diffs[1]]
            and a[diffs[1]] == b[diffs[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


@lru_cache(maxsize=65536)
def skeletons(token: str, *, abjad: bool = False) -> tuple[str, ...]:
    """The skeleton keys of a token: one for a Latin-script token; for an abjad
    transliteration the variants of its ambiguous letters too:

    * both readings of the digraphs ``dz`` (``d``/``z``) and ``ts`` (``t``/``s``)
      that :mod:`translit` writes for letters Arabic and Persian romanise apart;
    * each ``w``/``v`` kept or dropped (و is the consonant ``v``/``w`` or the long
      vowel ``u``/``o``: ``mwswy`` is ``mousavi``);
    * a first ``y`` dropped (ی after an untransliterated ``ayin``: ``ysy`` is ``issa``);
    * a final ``h`` dropped (ه/ة also write a final vowel: ``fatemeh``, ``usamh``) or
      read ``t`` (ة in a construct: ``jbhh`` is ``jabhat``);
    * ``sh`` also read ``ch``, the French spelling of ش in Maghreb names
      (``akash`` is ``Akkacha``).
    """
    if not abjad:
        return (skeleton(token),)
    return _abjad_skeletons(token)


#: Digraphs :mod:`translit` writes for a letter romanised several ways, with every
#: reading: Arabic ض ذ ظ (``dz``) and ث (``ts``); Hebrew פ (``pf``), ב (``bv``), צ (``tz``).
_TWO_WAY = {
    "dz": ("d", "z"),
    "ts": ("t", "s"),
    "pf": ("p", "f"),
    "bv": ("b", "v"),
    "tz": ("tz", "z", "ts"),
}
_TWO_WAY_RE = re.compile("|".join(_TWO_WAY))
#: Most readings of one token (each two-way letter doubles them).
_MAX_READINGS = 8


@lru_cache(maxsize=65536)
def _abjad_readings(token: str) -> frozenset[str]:
    """The spellings an abjad transliteration stands for: each digraph of
    :data:`_TWO_WAY` read every way (at most :data:`_MAX_READINGS` in all), a final ``h``
    also read ``t`` (ة in a construct), ``sh`` also read ``ch`` (ش in French)."""
    readings = [""]
    at = 0
    for found in _TWO_WAY_RE.finditer(token):
        plain = token[at : found.start()]
        ways = _TWO_WAY[found.group(0)]
        options = ways if len(readings) * len(ways) <= _MAX_READINGS else ways[:1]
        readings = [r + plain + option for r in readings for option in options]
        at = found.end()
    out = {r + token[at:] for r in readings}
    for reading in list(out):
        if reading.endswith("h") and len(reading) > 2:
            out.add(reading[:-1] + "t")
    for reading in list(out):
        if "sh" in reading:
            out.add(reading.replace("sh", "ch"))  # ش in French: Akkacha, Chérif
    return frozenset(out)


@lru_cache(maxsize=65536)
def _abjad_skeletons(token: str) -> tuple[str, ...]:
    readings = _abjad_readings(token)
    out: list[str] = []
    for reading in sorted(readings):
        key = skeleton(reading, abjad=True)
        out.append(key)
        if len(key) < 2:
            continue
        keys = [key]
        positions = [i for i, ch in enumerate(key) if ch == "v"][:3]
        for drop in range(1, len(positions) + 1):
            for chosen in combinations(positions, drop):
                # Not collapsed: a و read as a vowel keeps its neighbours apart as the
                # Latin vowel does (``abwbkr`` is ``abubakar``, ``bbkr``).
                keys.append("".join(ch for i, ch in enumerate(key) if i not in chosen))
        for variant in list(keys):
            if variant.startswith("y") and len(variant) >= 2:
                keys.append(variant[1:])
        for variant in list(keys):
            if variant.endswith("h") and len(variant) > 2:
                keys.append(variant[:-1])
        out.extend(keys)
    return tuple(dict.fromkeys(k for k in out if k))


def _collapse(text: str) -> str:
    if not text:
        return text
    out = [text[0]]
    for ch in text[1:]:
        if ch != out[-1]:
            out.append(ch)
    return "".join(out)


def _shape(token: str, abjad: bool = False) -> str:
    """Digraphs and letter classes folded, doubled letters collapsed, vowels kept."""
    text = _FINAL_OFF.sub("ov", token)
    digraphs = _ABJAD_DIGRAPH_RE if abjad else _DIGRAPH_RE
    text = digraphs.sub(lambda m: _DIGRAPHS[m.group(0)], text)
    return _collapse(text.translate(_CLASSES))


_FREE = "[aeiouy]*"


@lru_cache(maxsize=65536)
def _abjad_pattern(token: str) -> re.Pattern[str]:
    shape = _shape(token, abjad=True)
    parts = ["^", _FREE]
    for i, ch in enumerate(shape):
        if ch == "a":
            # An alif may be elided in Latin (``allh`` → ``ullah``): no constraint.
            parts.append(_FREE)
        elif ch == "v":
            parts.append("(?:[ou]|v)")
        elif ch == "y":
            # A final ى/ی may sound "a" (mustafa, isa, musa).
            parts.append("(?:[iey]|a)" if i == len(shape) - 1 else "(?:[iey])")
        elif ch in "eiou":
            parts.append("[aeiouy]")
        elif ch == "h" and i == len(shape) - 1 and i > 0:
            parts.append("h?")
        else:
            parts.append(re.escape(ch))
        parts.append(_FREE)
    if shape and shape[-1] not in "aeiouyvh":
        # Abjads write a name's final vowel: ending on a consonant, the Latin spelling
        # does too (a silent final "e" aside). "ndr" is not "andriy".
        parts[-1] = "e?"
    parts.append("$")
    return re.compile("".join(parts))


@lru_cache(maxsize=65536)
def abjad_compatible(abjad_token: str, latin_token: str) -> bool:
    """See :func:`_abjad_compatible`; every reading of :func:`_abjad_readings` is tried."""
    return any(_abjad_compatible(reading, latin_token) for reading in _abjad_readings(abjad_token))


def _abjad_compatible(abjad_token: str, latin_token: str) -> bool:
    """Whether a Latin spelling fits the letters an abjad transliteration does write.

    The abjad writes consonants and long vowels: ``w`` must meet ``o``/``u`` (or the
    consonant ``v``/``w``), ``y`` must meet ``i``/``e``/``y``; short vowels and alif
    (often elided: ``allh`` → ``ullah``) are free, but a name the abjad ends on a
    consonant ends on one in Latin too (final vowels are written). So ``mhmwd`` fits ``mahmoud`` but not
    ``mohammad``, ``hsyn`` fits ``hossein`` but not ``hassan``, ``qasm`` fits
    ``ghassem``. Letters are compared after the folding of :func:`skeleton`.
    """
    return _abjad_pattern(abjad_token).match(_shape(latin_token)) is not None
