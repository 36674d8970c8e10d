"""Similarity of name parts: one rule per case."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from interdict.scoring.tokens import joined_parts_similarity, part_similarity


@pytest.mark.parametrize(
    ("a", "b", "abjad", "how", "low", "high"),
    [
        ("ghassem", "ghassem", False, "exact", 1.0, 1.0),
        ("mohammad", "muhammad", False, "equivalent", 0.95, 0.95),
        ("abdul", "abdel", False, "equivalent", 0.95, 0.95),
        ("industries", "industry", False, "inflection", 0.95, 0.95),
        ("qasm", "ghassem", True, "transliteration", 0.92, 0.92),
        ("dmawndyan", "damavandian", True, "transliteration", 0.92, 0.92),
        ("mhmwd", "mahmoud", True, "transliteration", 0.92, 0.92),
        ("mhmwd", "mohammad", True, "transliteration", 0.75, 0.75),  # و is a long u
        ("sbg", "spg", True, "transliteration", 0.75, 0.75),  # a Latin acronym, not a name
        ("mehrabi", "mehraby", False, "spelling", 0.85, 0.86),
        ("mehrabi", "mekrabi", False, "spelling", 0.85, 0.86),
        ("damavandain", "damavandian", False, "spelling", 0.9, 0.92),
        ("mehdi", "mahdi", False, "transliteration", 0.85, 0.85),
        ("karem", "karim", False, "transliteration", 0.85, 0.85),
        ("gono", "kony", False, "spelling", 0.5, 0.5),  # vowels disagree
        ("kadr", "qadr", False, "spelling", 0.75, 0.75),  # short part: at most 0.75
        ("yasin", "senin", False, "different", 0.0, 0.0),
        ("hosseini", "hassan", False, "spelling", 0.5, 0.5),  # skeleton only: no credit
        ("karaki", "garcia", False, "consonants", 0.5, 0.5),
        ("j", "jong", False, "initial", 0.6, 0.6),
        ("petrov", "ivanov", False, "different", 0.0, 0.0),
        ("1234", "1235", False, "different", 0.0, 0.0),
    ],
)
def test_rules(a: str, b: str, abjad: bool, how: str, low: float, high: float) -> None:
    sim, rule = part_similarity(a, b, abjad, False)
    assert rule == how
    assert low <= sim <= high


tokens = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=12)


@given(tokens, tokens)
def test_bounded_and_symmetric(a: str, b: str) -> None:
    sim, _ = part_similarity(a, b)
    assert 0.0 <= sim <= 1.0
    assert part_similarity(b, a)[0] == pytest.approx(sim)


@given(tokens)
def test_identity_is_maximal(a: str) -> None:
    assert part_similarity(a, a) == (1.0, "exact")


@pytest.mark.parametrize(
    ("abjad", "parts", "expected"),
    [
        # محمدحسین: the junction d + h is no "dh" digraph.
        ("mhmdhsyn", ("mohammad", "hossein"), 0.92),
        ("alyrdza", ("ali", "reza"), 0.92),
        ("mhmdhsyn", ("mohammad", "hassan"), 0.75),  # ی is a long i, not a
        ("mhmdhsyn", ("ahmad", "hossein"), 0.0),
    ],
)
def test_an_abjad_word_for_two_latin_parts(
    abjad: str, parts: tuple[str, str], expected: float
) -> None:
    assert joined_parts_similarity(abjad, parts)[0] == expected
