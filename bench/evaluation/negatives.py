"""Negative queries: realistic people and companies from many cultures, not on any list.

Names come from Faker (seeded per locale, so a run is reproducible). Persons get a
random date of birth (1940-2005) in half of the cases, and every query the locale's
country in half of the cases, as a customer record would. Cyrillic, Chinese, Korean
and Hindi person names are romanised (``anyascii``) in half of the cases, as a
Western bank's records often hold them; Arabic, Persian and Hebrew names stay in
their script (unvocalised romanisation would be unrealistic) and the Latin-script
Muslim names come from the ``en_PK`` locale. Companies without a legal form get the
locale's company suffix.

A candidate is dropped when its :func:`~bench.evaluation.textkeys.name_key` equals
that of any listed name (``listed_keys``): such a query is not a negative.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Collection
from dataclasses import dataclass

from anyascii import anyascii
from faker import Faker

from bench.evaluation.textkeys import name_key, script_of
from bench.evaluation.variants import find_legal_form

#: Locale → the countries a customer from it may have (ISO 3166 alpha-2).
LOCALES: dict[str, tuple[str, ...]] = {
    "fa_IR": ("ir",),
    "ar_AA": ("eg", "jo", "iq", "sy", "lb", "ae"),
    "ar_SA": ("sa",),
    "ru_RU": ("ru",),
    "uk_UA": ("ua",),
    "zh_CN": ("cn",),
    "ko_KR": ("kr",),
    "tr_TR": ("tr",),
    "en_US": ("us",),
    "en_GB": ("gb",),
    "es_ES": ("es",),
    "de_DE": ("de",),
    "fr_FR": ("fr",),
    "hi_IN": ("in",),
    "en_PK": ("pk",),
    "id_ID": ("id",),
    "vi_VN": ("vn",),
    "pt_BR": ("br",),
    "it_IT": ("it",),
    "pl_PL": ("pl",),
    "he_IL": ("il",),
}
ROMANISED_SCRIPTS = frozenset({"CYRILLIC", "CJK", "HANGUL", "DEVANAGARI"})
PERSON_SHARE = 0.6
_FIRST_DOB = datetime.date(1940, 1, 1).toordinal()
_LAST_DOB = datetime.date(2005, 12, 31).toordinal()


@dataclass(frozen=True, slots=True)
class Negative:
    """One negative query."""

    name: str
    type: str  # "person" or "organization"
    birth_date: str
    country: str
    locale: str
    romanised: bool


def romanise(name: str) -> str:
    """A Latin spelling of a person name: syllable-per-character scripts (Chinese,
    Korean) as surname + given name, others word by word, capitalised."""
    script = script_of(name)
    if script in ("CJK", "HANGUL") and " " not in name.strip() and len(name.strip()) > 1:
        text = name.strip()
        family = anyascii(text[0]).capitalize()
        given = "".join(anyascii(ch).lower() for ch in text[1:]).capitalize()
        return f"{family} {given}"
    return " ".join(w.capitalize() for w in anyascii(name).split())


def _company(fake: Faker) -> str:
    name: str = fake.company()
    if script_of(name) == "LATIN" and find_legal_form(name) is None:
        suffix = fake.company_suffix()
        if suffix.lower() not in name.lower():
            name = f"{name} {suffix}"
    return name


def generate_negatives(
    count: int, listed_keys: Collection[str], *, seed: int
) -> tuple[list[Negative], int]:
    """``count`` negatives spread evenly over :data:`LOCALES`, and how many candidates
    were dropped for equalling a listed name."""
    rng = random.Random(seed)
    fakers = {}
    for i, locale in enumerate(sorted(LOCALES)):
        fake = Faker(locale)
        fake.seed_instance(seed * 1000 + i)
        fakers[locale] = fake
    locales = sorted(LOCALES)
    out: list[Negative] = []
    seen: set[str] = set()
    dropped = 0
    attempts = 0
    while len(out) < count and attempts < count * 20:
        attempts += 1
        locale = locales[len(out) % len(locales)]
        fake = fakers[locale]
        romanised = False
        if rng.random() < PERSON_SHARE:
            kind = "person"
            name = str(fake.name())
            if script_of(name) in ROMANISED_SCRIPTS and rng.random() < 0.5:
                name = romanise(name)
                romanised = True
            birth = ""
            if rng.random() < 0.5:
                birth = datetime.date.fromordinal(rng.randint(_FIRST_DOB, _LAST_DOB)).isoformat()
        else:
            kind = "organization"
            name = _company(fake)
            birth = ""
        name = " ".join(name.split())
        key = name_key(name)
        if not key or key in seen:
            continue
        if key in listed_keys:
            dropped += 1
            continue
        seen.add(key)
        country = rng.choice(LOCALES[locale]) if rng.random() < 0.5 else ""
        out.append(Negative(name, kind, birth, country, locale, romanised))
    return out, dropped
