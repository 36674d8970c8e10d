"""Feature functions: one fact each, compared between query and listed entity.

Every function takes the two sides' values and the algorithm, and returns a
:class:`Feature` (a signed contribution and a detail an analyst can read) or
``None`` when it has nothing to say (a side lacks the fact). The docstrings are
the analyst-facing explanation of each rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from interdict.scoring.algorithms.base import Algorithm

_PERSON = frozenset({"Person"})
_ORGANISATION = frozenset({"Organization", "Company"})
_UNTYPED = frozenset({"LegalEntity"})


@dataclass(frozen=True, slots=True)
class Feature:
    feature: str
    effect: float
    detail: str

    def to_dict(self) -> dict[str, object]:
        return {"feature": self.feature, "effect": round(self.effect, 4), "detail": self.detail}


def identifier_feature(
    query: Sequence[str], listed: Sequence[str], algorithm: Algorithm
) -> Feature | None:
    """Identifiers (passport, national id, registration, IMO, BIC, ...), compared as
    upper-case letters and digits. The same number is strong evidence; the same
    number but for leading zeros or one typed character is weaker; when both sides
    give numbers and none agrees, the match is lowered a little (people hold several
    documents, so this is no proof of a different party)."""
    if not query or not listed:
        return None
    listed_set = set(listed)
    for number in query:
        if number in listed_set:
            return Feature("identifier", algorithm.w("identifier_match"),
                           f"identifier {number} is listed for this entity")  # fmt: skip
    for number in query:
        for other in listed:
            if number.lstrip("0") == other.lstrip("0") or (
                min(len(number), len(other)) >= 6 and OSA.distance(number, other) <= 1
            ):
                return Feature("identifier", algorithm.w("identifier_near"),
                               f"identifier {number} nearly equals listed {other}")  # fmt: skip
    return Feature(
        "identifier",
        algorithm.w("identifier_mismatch"),
        f"none of the identifiers {', '.join(query)} is listed (listed: {', '.join(listed)})",
    )


def _years(value: str) -> int:
    return int(value[:4])


def _date_outcome(
    query: str, start: str, end: str, circa: bool, algorithm: Algorithm
) -> tuple[float, str]:
    tolerance = int(algorithm.w("dob_circa_years")) if circa else 0
    listed_text = f"{start} to {end}" if end else start
    if circa:
        listed_text = "circa " + listed_text
    qy = _years(query)
    if end:
        lo, hi = _years(start) - tolerance, _years(end) + tolerance
        if lo <= qy <= hi:
            return algorithm.w("dob_range_match"), f"born {query}, within listed {listed_text}"
        gap = lo - qy if qy < lo else qy - hi
        if gap <= 1:
            return algorithm.w("dob_near_year"), f"born {query}, a year off listed {listed_text}"
        return algorithm.w("dob_contradiction"), f"born {query}, listed {listed_text}"
    precision = min(len(query), len(start))
    if query[:precision] == start[:precision]:
        key = {10: "dob_day_match", 7: "dob_month_match"}.get(precision, "dob_year_match")
        return algorithm.w(key), f"born {query}, listed {listed_text}: agrees"
    gap = abs(qy - _years(start))
    if gap == 0:
        if precision == 10 and query[5:7] == start[8:10] and query[8:10] == start[5:7]:
            return algorithm.w("dob_year_match"), (
                f"born {query}, listed {listed_text}: day and month swapped"
            )
        return algorithm.w("dob_same_year_other_day"), (
            f"born {query}, listed {listed_text}: same year, other day"
        )
    if gap <= tolerance:
        return algorithm.w("dob_range_match"), f"born {query}, within listed {listed_text}"
    if gap <= 1:
        return algorithm.w("dob_near_year"), f"born {query}, listed {listed_text}: a year apart"
    return algorithm.w("dob_contradiction"), (
        f"born {query}, listed {listed_text}: {gap} years apart"
    )


def birth_date_feature(
    query: Sequence[str],
    listed: Sequence[tuple[str, str, bool]],
    algorithm: Algorithm,
) -> Feature | None:
    """Date of birth, compared at the precision both sides give (a year-only date
    agrees with any day of that year). Agreement raises the match, more for a full
    date; a listed range or circa date agrees with any year it covers. Dates a year
    apart lower it a little, the same year but another day somewhat more, and dates
    further apart lower it strongly. With several dates, the best-agreeing pair counts."""
    if not query or not listed:
        return None
    outcomes = [
        _date_outcome(q, start, end, circa, algorithm)
        for q in query
        for start, end, circa in listed
    ]
    effect, detail = max(outcomes, key=lambda o: o[0])
    return Feature("birth_date", effect, detail)


def country_feature(
    query: Sequence[str], listed: Sequence[str], algorithm: Algorithm
) -> Feature | None:
    """Countries in any role (nationality, citizenship, residence, incorporation).
    A shared country raises the match slightly; disjoint countries lower it a little
    (people move and companies operate abroad, so this is weak evidence)."""
    if not query or not listed:
        return None
    shared = sorted(set(query) & set(listed))
    if shared:
        return Feature("country", algorithm.w("country_match"),
                       f"country {', '.join(shared)} is listed")  # fmt: skip
    return Feature(
        "country",
        algorithm.w("country_mismatch"),
        f"query country {', '.join(query)}; listed {', '.join(listed)}",
    )


def _family(schema: str) -> str:
    if schema in _PERSON:
        return "person"
    if schema in _ORGANISATION:
        return "organisation"
    return schema.lower()


def schema_feature(query: str | None, listed: str, algorithm: Algorithm) -> Feature | None:
    """Entity type. A person never matches an organisation, vessel or aircraft (and so
    on): such a match is lowered strongly. Company, Organization and LegalEntity (type
    unknown) are compatible with one another, and LegalEntity with anything."""
    if query is None or query in _UNTYPED or listed in _UNTYPED:
        return None
    if _family(query) == _family(listed):
        return None
    return Feature(
        "schema",
        algorithm.w("schema_mismatch"),
        f"query is a {_family(query)}, the listed entity a {_family(listed)}",
    )
