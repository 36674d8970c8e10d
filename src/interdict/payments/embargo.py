"""Embargo rules: comprehensively sanctioned countries and regions, and where a payment
reveals them.

Contract:

* :class:`EmbargoRules` is frozen: ``countries`` maps ISO 3166 alpha-2 codes to names;
  ``places`` are named places (country-level cities such as Tehran, and regions such as
  Crimea with their cities) with the terms that reveal them. A country-level place only
  counts while its country is in ``countries``;
* :meth:`EmbargoRules.find_places` matches terms as whole words after normalisation
  (transliterated to ASCII, case folded, every non-alphanumeric character a word
  break), so
  ``"SIMFEROPOL, CRIMEA"``, ``"Sevastopol"`` and ``"D.N.R."``-free spellings such as
  ``"DNR"`` are found, while ``"IRANIAN"`` or ``"CUBAN"`` are not;
* :func:`bic_country` and :func:`iban_country` derive countries from identifiers
  (BIC characters 5-6; the first two letters of a valid-looking IBAN);
* :func:`default_embargo` loads the shipped rules from ``data/embargo.json``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from interdict.text.translit import to_ascii

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_BIC = re.compile(r"[A-Z]{4}([A-Z]{2})[A-Z0-9]{2}(?:[A-Z0-9]{3})?")
_IBAN = re.compile(r"([A-Z]{2})\d{2}[A-Z0-9]{10,30}")


def normalise(text: str) -> str:
    """Lower case ASCII words separated by single spaces: other scripts transliterated
    (``Севастополь`` -> ``sevastopol``), accents dropped, punctuation a word break.
    Latin letters with accents only (``Sévastopol``, ``Akçaberg``) lose them by Unicode
    decomposition, without the (much slower) transliterator."""
    ascii_text = text if text.isascii() else strip_accents(text)
    if not ascii_text.isascii():
        ascii_text = to_ascii(ascii_text)
    return _NON_ALNUM.sub(" ", ascii_text.lower()).strip()


@lru_cache(maxsize=16384)
def strip_accents(text: str) -> str:
    """``text`` without its accents when it is Latin letters with accents only
    (``Akçaberg`` -> ``Akcaberg``), else ``text`` unchanged."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare if bare.isascii() else text


@dataclass(frozen=True, slots=True)
class EmbargoPlace:
    """A place that reveals an embargo: ``kind`` is ``"country"`` (a city of an
    embargoed country; ``code`` is the country) or ``"region"`` (``code`` is the ISO
    3166-2 region code, e.g. ``UA-43``)."""

    code: str
    name: str
    kind: str
    terms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    place: EmbargoPlace
    term: str


@dataclass(frozen=True, slots=True)
class EmbargoRules:
    """The embargo part of a payment policy (see the module docstring)."""

    countries: tuple[tuple[str, str], ...]
    places: tuple[EmbargoPlace, ...] = ()
    _index: dict[str, list[tuple[tuple[str, ...], EmbargoPlace]]] = field(
        init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        codes = {code for code, _ in self.countries}
        index: dict[str, list[tuple[tuple[str, ...], EmbargoPlace]]] = {}
        for place in self.places:
            if place.kind == "country" and place.code not in codes:
                continue
            for term in place.terms:
                words = tuple(normalise(term).split())
                if words:
                    index.setdefault(words[0], []).append((words, place))
        for entries in index.values():
            entries.sort(key=lambda e: -len(e[0]))
        object.__setattr__(self, "_index", index)

    def country_name(self, code: str) -> str | None:
        """The name of an embargoed country code (any case), else ``None``."""
        wanted = code.strip().upper()
        for known, name in self.countries:
            if known == wanted:
                return name
        return None

    def find_places(self, text: str) -> list[PlaceMatch]:
        """Every embargoed place named in ``text`` (each place once)."""
        words = normalise(text).split()
        found: dict[str, PlaceMatch] = {}
        for i, word in enumerate(words):
            for term, place in self._index.get(word, ()):
                if tuple(words[i : i + len(term)]) == term and place.code not in found:
                    found[place.code] = PlaceMatch(place, " ".join(term))
                    break
        return list(found.values())

    def without(self, *codes: str) -> EmbargoRules:
        """These rules minus the given country or region codes."""
        drop = {c.upper() for c in codes}
        return EmbargoRules(
            countries=tuple((c, n) for c, n in self.countries if c not in drop),
            places=tuple(p for p in self.places if p.code.upper() not in drop),
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "countries": [code for code, _ in self.countries],
            "regions": [p.code for p in self.places if p.kind == "region"],
        }


@lru_cache(maxsize=1)
def default_embargo() -> EmbargoRules:
    """The shipped embargo rules (IR, KP, SY, CU and the occupied regions of Ukraine)."""
    raw = json.loads(
        resources.files("interdict.payments").joinpath("data/embargo.json").read_text("utf-8")
    )
    return EmbargoRules(
        countries=tuple((str(c), str(n)) for c, n in raw["countries"].items()),
        places=tuple(
            EmbargoPlace(str(p["code"]), str(p["name"]), str(p["kind"]), tuple(p["terms"]))
            for p in raw["places"]
        ),
    )


def bic_country(bic: str) -> str | None:
    """The country of a well-formed BIC (characters 5-6), else ``None``."""
    found = _BIC.fullmatch(bic.strip().upper())
    return found.group(1) if found else None


def iban_country(account: str) -> str | None:
    """The country of a valid-looking IBAN (spaces ignored), else ``None``."""
    found = _IBAN.fullmatch(account.replace(" ", "").upper())
    return found.group(1) if found else None
