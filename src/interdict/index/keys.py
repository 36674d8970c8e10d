"""Candidate keys: the field-prefixed strings under which the index files entities.

Shared by the index builder and the query side, so both derive keys identically:

* ``t:<token>``: a name part in canonical spelling (:func:`interdict.names.canonical`),
  also the concatenation of two adjacent parts (``amir hossein → amirhossein``), so
  split and joined spellings meet;
* ``k:<skeleton>``: the consonant skeleton of a part (transliteration variants,
  abjad scripts without vowels);
* ``p:<metaphone>``: the phonetic key of a part;
* ``i:<identifier>``: an identifier reduced to upper-case letters and digits.

Parts tagged as legal forms, titles or particles get no keys: they never make a
candidate on their own (name parts and patronymics do).
"""

from __future__ import annotations

import re
from functools import lru_cache

from interdict.names import ROLE_NAME, ROLE_PATRONYMIC, AnalyzedName, canonical
from interdict.text import phonetic_key, skeletons

#: Roles whose parts are filed under keys.
KEYED_ROLES = frozenset({ROLE_NAME, ROLE_PATRONYMIC})

_ID_CLEAN = re.compile(r"[^0-9A-Z]")

#: Identifiers shorter than this are not indexed (too many accidental hits).
MIN_IDENTIFIER_LENGTH = 4
#: Skeleton and phonetic keys shorter than this are not indexed.
MIN_SOUND_KEY_LENGTH = 2


_IMO = re.compile(r"^IMO(\d{7})$")


def normalize_identifier(value: str) -> str:
    """Upper-case letters and digits of an identifier (``"A-12 345"`` → ``"A12345"``);
    an IMO number loses its ``IMO`` prefix (``"IMO 9123456"`` → ``"9123456"``)."""
    cleaned = _ID_CLEAN.sub("", value.upper())
    imo = _IMO.match(cleaned)
    return imo.group(1) if imo else cleaned


@lru_cache(maxsize=131072)
def token_keys(token: str, *, abjad: bool = False) -> tuple[tuple[str, str], ...]:
    """(kind, key) pairs of one name part: ``("t", ...)``, ``("k", ...)``, ``("p", ...)``."""
    keys = [("t", "t:" + canonical(token))]
    if not token.isalpha():
        return tuple(keys)
    for skel in skeletons(token, abjad=abjad):
        if len(skel) >= MIN_SOUND_KEY_LENGTH:
            keys.append(("k", "k:" + skel))
    phon = phonetic_key(token)
    if len(phon) >= MIN_SOUND_KEY_LENGTH:
        keys.append(("p", "p:" + phon))
    return tuple(keys)


def name_keys(name: AnalyzedName) -> frozenset[str]:
    """Every key of a listed name (parts, adjacent-part joins, skeletons, phonetics)."""
    keys: set[str] = set()
    tokens, roles = name.tokens, name.roles
    for i, token in enumerate(tokens):
        if roles[i] in KEYED_ROLES:
            keys.update(key for _, key in token_keys(token, abjad=name.abjad))
        if i + 1 < len(tokens) and (roles[i] in KEYED_ROLES or roles[i + 1] in KEYED_ROLES):
            joined = token + tokens[i + 1]
            keys.add("t:" + joined)
            for skel in skeletons(joined, abjad=name.abjad):
                keys.add("k:" + skel)
    return frozenset(keys)
