"""Feature functions: dates of birth, identifiers, countries, entity types."""

from __future__ import annotations

import pytest

from interdict.scoring.algorithms import V1
from interdict.scoring.features import (
    birth_date_feature,
    country_feature,
    identifier_feature,
    schema_feature,
)

W = V1.weights


@pytest.mark.parametrize(
    ("query", "listed", "effect"),
    [
        ("1968-09-12", ("1968-09-12", "", False), W["dob_day_match"]),
        ("1968-09", ("1968-09-12", "", False), W["dob_month_match"]),
        ("1968", ("1968-09-12", "", False), W["dob_year_match"]),  # year-only agrees
        ("1968-09-12", ("1968", "", False), W["dob_year_match"]),
        ("1961", ("1960", "1962", False), W["dob_range_match"]),
        ("1963", ("1960", "1962", False), W["dob_near_year"]),
        ("1970", ("1960", "1962", False), W["dob_contradiction"]),
        ("1973", ("1971", "", True), W["dob_range_match"]),  # circa: ± 2 years
        ("1969", ("1968-09-12", "", False), W["dob_near_year"]),
        ("1968-03-02", ("1968-09-12", "", False), W["dob_same_year_other_day"]),
        ("1968-12-09", ("1968-09-12", "", False), W["dob_year_match"]),  # day/month swapped
        ("1990", ("1960-01-01", "", False), W["dob_contradiction"]),
    ],
)
def test_birth_dates(query: str, listed: tuple[str, str, bool], effect: float) -> None:
    feature = birth_date_feature([query], [listed], V1)
    assert feature is not None
    assert feature.effect == effect
    assert query in feature.detail


def test_birth_date_best_pair_wins() -> None:
    feature = birth_date_feature(["1990"], [("1960", "", False), ("1990", "", False)], V1)
    assert feature is not None and feature.effect == W["dob_year_match"]


def test_birth_date_silent_without_dates() -> None:
    assert birth_date_feature([], [("1960", "", False)], V1) is None
    assert birth_date_feature(["1960"], [], V1) is None


def test_identifiers() -> None:
    match = identifier_feature(["K12345678"], ["K12345678", "X1"], V1)
    assert match is not None and match.effect == W["identifier_match"]
    near = identifier_feature(["012345678"], ["12345678"], V1)
    assert near is not None and near.effect == W["identifier_near"]
    typo = identifier_feature(["K12345679"], ["K12345678"], V1)
    assert typo is not None and typo.effect == W["identifier_near"]
    other = identifier_feature(["Z99999999"], ["K12345678"], V1)
    assert other is not None and other.effect == W["identifier_mismatch"]
    assert identifier_feature([], ["K12345678"], V1) is None


def test_countries() -> None:
    same = country_feature(["ir"], ["ir", "iq"], V1)
    assert same is not None and same.effect > 0
    other = country_feature(["fr"], ["ir"], V1)
    assert other is not None and other.effect < 0
    assert country_feature([], ["ir"], V1) is None


@pytest.mark.parametrize(
    ("query", "listed", "mismatch"),
    [
        ("Person", "Person", False),
        ("Person", "Organization", True),
        ("Person", "Vessel", True),
        ("Company", "Organization", False),
        ("Organization", "LegalEntity", False),
        ("Person", "LegalEntity", False),
        ("Vessel", "Airplane", True),
        (None, "Vessel", False),
    ],
)
def test_schema(query: str | None, listed: str, mismatch: bool) -> None:
    feature = schema_feature(query, listed, V1)
    assert (feature is not None) is mismatch
    if feature is not None:
        assert feature.effect == W["schema_mismatch"]
