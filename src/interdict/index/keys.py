"""Candidate keys: the field-prefixed strings under which the index files entities.

Shared by the index builder and the query side, so both derive keys identically:

* ``t:<token>``: a name part in canonical spelling (:func:`interdict.names.canonical`),
  also the concatenation of two adjacent parts (``amir hossein → amirhossein``), so
  split and joined spellings meet;
* ``k:<skeleton>``: the consonant skeleton of a part (transliteration variants,
  abjad scripts without vowels);
* ``p:<metaphone>``: the phonetic key of a part;
* ``i:<identifier>``: an identifier reduced to upper-case letters and digits;
* ``n:<parts>``: the whole name, its parts (legal forms and titles left out) in
  canonical spelling, sorted and de-duplicated (:func:`whole_name_key`): an exact
  listed name is found whatever its parts' frequency and order (``OMAR, Mohammed`` /
  ``Mohammed OMAR``);
* ``w:<skeletons>``: the whole name by consonant skeletons (name parts and
  patronymics, sorted; :func:`whole_skeleton_keys`): a name written in another script
  or spelling (``محمد احمدی`` / ``Mohammad AHMADI``) is told from the many names
  sharing one of its parts.

Parts tagged as legal forms, titles or particles get no keys: they never make a
candidate on their own (name parts and patronymics do).
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice, product

from interdict.names import ROLE_NAME, ROLE_PARTICLE, ROLE_PATRONYMIC, AnalyzedName, canonical
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


#: Roles whose parts make up the whole-name key.
WHOLE_NAME_ROLES = frozenset({ROLE_NAME, ROLE_PATRONYMIC, ROLE_PARTICLE})


def whole_name_key(name: AnalyzedName) -> str | None:
    """The ``n:`` key of a name (see the module docstring); ``None`` without parts."""
    parts = sorted(
        {
            canonical(t)
            for t, r in zip(name.tokens, name.roles, strict=True)
            if r in WHOLE_NAME_ROLES
        }
    )
    return "n:" + " ".join(parts) if parts else None


#: Whole-name skeleton keys of one name, at most (abjad parts have variants).
MAX_WHOLE_SKELETONS = 16


def whole_skeleton_keys(name: AnalyzedName) -> tuple[str, ...]:
    """The ``w:`` keys of a name (see the module docstring); none for one part."""
    parts = [
        skeletons(t, abjad=name.abjad)
        for t, r in zip(name.tokens, name.roles, strict=True)
        if r in KEYED_ROLES and t.isalpha()
    ]
    if len(parts) < 2:
        return ()
    combos = islice(product(*parts), MAX_WHOLE_SKELETONS)
    return tuple(dict.fromkeys("w:" + " ".join(sorted(c)) for c in combos))


def name_keys(name: AnalyzedName) -> frozenset[str]:
    """Every key of a listed name (parts, adjacent-part joins, skeletons, phonetics,
    the whole name)."""
    keys: set[str] = set()
    whole = whole_name_key(name)
    if whole is not None:
        keys.add(whole)
    keys.update(whole_skeleton_keys(name))
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
