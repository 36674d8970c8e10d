"""Similarity of two normalised name parts, with the rule that produced it.

Rules, best one wins:

* ``exact`` (1.0): same spelling;
* ``equivalent`` (0.95): spellings of one name part in the equivalents table
  (``mohammad``/``muhammad``, ``abdul``/``abdel``, ``yusuf``/``joseph``);
* ``inflection`` (0.95): the same word but for an English plural ending
  (``industries``/``industry``);
* ``transliteration`` (0.85): same consonant skeleton (``ghassem``/``qasem``); when
  one side was written in an abjad (``qasm``), 0.92 if the Latin side's vowels fit
  the long vowels the abjad writes (:func:`abjad_compatible`: ``mhmwd`` fits
  ``mahmoud``), else 0.75 (``mhmwd``/``mohammad``); between two Latin-script
  parts the vowels must agree too (:func:`vowels_agree`), otherwise it is only
  ``consonants`` (0.5: ``hosseini``/``hassan``); a part shorter than 5 letters gets
  0.75;
* ``phonetic`` (0.85, 0.75 if short): same Metaphone key, same vowel condition;
* ``spelling``: ``1 - OSA distance / longer length`` when at least 0.5
  (``damavandain`` vs ``damavandian``: one transposition, 0.91);
* ``abjad skeleton``: a part from an abjad script is also compared by skeleton
  edit distance (0.9 × the spelling formula on skeletons);
* ``initial`` (0.6): a one-letter part against a part starting with that letter.

Parts holding digits must be equal. Anything else scores 0 (``different``).
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz.distance import OSA

from interdict.names import canonical
from interdict.text import abjad_compatible, phonetic_key, skeleton, skeletons, vowels_agree

EQUIVALENT = 0.95
TRANSLITERATION = 0.85
ABJAD_TRANSLITERATION = 0.92
ABJAD_VOWEL_CLASH = 0.75
PHONETIC = 0.85
#: Parts shorter than this share a skeleton by chance more often.
SHORT_PART = 5
SHORT_TRANSLITERATION = 0.75
CONSONANTS = 0.5
INFLECTION = 0.95
INITIAL = 0.6
#: Cost of one edit relative to the longer part's length.
EDIT_COST = 1.0
MIN_FUZZY = 0.5


def _singular(token: str) -> str:
    if token.endswith("ies"):
        return token[:-3] + "y"
    if token.endswith("es") and token[-3:-2] in ("s", "x", "z", "h"):
        return token[:-2]
    if token.endswith("s") and not token.endswith("ss"):
        return token[:-1]
    return token


_LATIN_VOWELS = "aeiouy"


def _abjad_value(a: str, b: str, a_abjad: bool, b_abjad: bool) -> float:
    """Skeletons agree and one side is an abjad: full value when the Latin side's
    vowels fit the long vowels the abjad writes (:func:`abjad_compatible`)."""
    if a_abjad and b_abjad:
        return ABJAD_TRANSLITERATION
    abjad_token, latin_token = (a, b) if a_abjad else (b, a)
    if latin_token.isalpha() and not any(vowel in latin_token for vowel in _LATIN_VOWELS):
        # A Latin part without vowels is an acronym (``SPG``, ``SBG``), not the
        # spelling of a name an abjad writes without short vowels.
        return ABJAD_VOWEL_CLASH
    if abjad_compatible(abjad_token, latin_token):
        return ABJAD_TRANSLITERATION
    return ABJAD_VOWEL_CLASH


def _spelling(a: str, b: str) -> float:
    longest = max(len(a), len(b))
    sim = 1.0 - EDIT_COST * OSA.distance(a, b) / longest
    return sim if sim >= MIN_FUZZY else 0.0


@lru_cache(maxsize=262144)
def part_similarity(
    a: str, b: str, a_abjad: bool = False, b_abjad: bool = False
) -> tuple[float, str]:
    """``(similarity in [0, 1], rule)`` of two normalised name parts."""
    if a == b:
        return 1.0, "exact"
    if not a or not b:
        return 0.0, "different"
    if canonical(a) == canonical(b):
        return EQUIVALENT, "equivalent"
    if not (a.isalpha() and b.isalpha()):
        return 0.0, "different"
    if len(a) == 1 or len(b) == 1:
        return (INITIAL, "initial") if a[0] == b[0] else (0.0, "different")
    if len(a) >= 5 and len(b) >= 5 and _singular(a) == _singular(b):
        return INFLECTION, "inflection"
    best, how = _spelling(a, b), "spelling"
    abjad = a_abjad or b_abjad
    sa = skeletons(a, abjad=a_abjad)
    sb = skeletons(b, abjad=b_abjad)
    if len(sa[0]) >= 2 and not set(sa).isdisjoint(sb):
        if abjad:
            value, rule = _abjad_value(a, b, a_abjad, b_abjad), "transliteration"
        elif vowels_agree(a, b):
            short = min(len(a), len(b)) < SHORT_PART
            value = SHORT_TRANSLITERATION if short else TRANSLITERATION
            rule = "transliteration"
        else:
            value, rule = CONSONANTS, "consonants"
        if value > best:
            best, how = value, rule
    elif abjad:
        value = 0.9 * max(_spelling(x, y) for x in sa for y in sb)
        if value > best:
            best, how = value, "abjad skeleton"
    if best < PHONETIC:
        pa = phonetic_key(a)
        # The vowel condition last: it is the costly test, rarely reached.
        if len(pa) >= 2 and pa == phonetic_key(b) and (abjad or vowels_agree(a, b)):
            short = min(len(a), len(b)) < SHORT_PART
            value = SHORT_TRANSLITERATION if short else PHONETIC
            if value > best:
                best, how = value, "phonetic"
    if best <= 0.0:
        return 0.0, "different"
    return best, how


@lru_cache(maxsize=65536)
def joined_parts_similarity(abjad_token: str, latin_parts: tuple[str, ...]) -> tuple[float, str]:
    """An abjad part against adjacent Latin parts that it writes as one word
    (``محمدحسین`` / ``Mohammad Hossein``): the Latin skeletons are taken part by part,
    so that the junction (``d`` + ``h``) is not read as a digraph (``dh``), then the
    abjad rule of :func:`part_similarity` applies; ``(0.0, "different")`` if the
    skeletons differ."""
    joined = "".join(skeleton(part) for part in latin_parts)
    if len(joined) < 2 or joined not in skeletons(abjad_token, abjad=True):
        return 0.0, "different"
    first, second = latin_parts[0], "".join(latin_parts[1:])
    # The abjad word cut where the first Latin part's skeleton ends, each half held to
    # the long vowels it writes.
    for cut in range(1, len(abjad_token)):
        head, tail = abjad_token[:cut], abjad_token[cut:]
        if (
            skeleton(head, abjad=True) == skeleton(first)
            and abjad_compatible(head, first)
            and abjad_compatible(tail, second)
        ):
            return ABJAD_TRANSLITERATION, "transliteration"
    return ABJAD_VOWEL_CLASH, "transliteration"


#: Articles written glued to a Latin-script name part (``ELKADDAFI``, ``AlNaseem``).
_GLUED_ARTICLES = ("al", "el")
#: Shortest part, article included, read as article + name.
MIN_GLUED = 7
#: Similarity kept when the parts agree once a glued article is set aside.
GLUED_ARTICLE = 0.95


@lru_cache(maxsize=65536)
def glued_article_similarity(
    a: str, b: str, a_abjad: bool = False, b_abjad: bool = False
) -> tuple[float, str]:
    """:func:`part_similarity` with a glued article (``al``/``el``) set aside on one
    or both sides (``elkaddafi``/``qadhafi``, ``alnaseem``/``alnsiem``), times
    :data:`GLUED_ARTICLE`; ``(0.0, "different")`` when neither part has one."""
    best: tuple[float, str] = (0.0, "different")
    sa = _strip_article(a)
    sb = _strip_article(b)
    for x, y in ((sa, b), (a, sb), (sa, sb)):
        if x is None or y is None:
            continue
        sim, how = part_similarity(x, y, a_abjad, b_abjad)
        if sim * GLUED_ARTICLE > best[0]:
            best = (sim * GLUED_ARTICLE, "article " + how)
    return best


def _strip_article(token: str) -> str | None:
    if len(token) >= MIN_GLUED and token.startswith(_GLUED_ARTICLES) and token.isalpha():
        return token[2:]
    return None
