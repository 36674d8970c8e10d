"""Name comparison: alignment, order, rarity; and whole-entity scores."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from interdict.index import MatchIndex
from interdict.names import analyze_name
from interdict.scoring import DEFAULT, prepare_query, score_entity
from interdict.scoring.names import compare_names


def _compare(a: str, b: str, kind: str = "person", **kwargs: object) -> float:
    qa, qb = analyze_name(a, kind), analyze_name(b, kind)  # type: ignore[arg-type]
    result = compare_names(qa, qb, [1.0] * len(qa.tokens), [1.0] * len(qb.tokens), **kwargs)  # type: ignore[arg-type]
    return result.score


def test_identical_and_reordered() -> None:
    assert _compare("Ghassem Damavandian", "DAMAVANDIAN, Ghassem") == 1.0


def test_missing_part_costs() -> None:
    full = _compare("Ali Reza Hosseini", "Ali Reza Hosseini")
    partial = _compare("Ali Hosseini", "Ali Reza Hosseini")
    assert partial < full


def test_unmatched_floor_penalises_missing_listed_part() -> None:
    plain = _compare("Maria Garcia", "Maria Garcia Lopez")
    floored = _compare("Maria Garcia", "Maria Garcia Lopez", unmatched_floor=3.0)
    assert floored < plain


def test_joined_parts_align() -> None:
    qa, qb = analyze_name("Amirhossein Safari"), analyze_name("Amir Hossein Safari")
    result = compare_names(qa, qb, [1.0, 1.0], [1.0, 1.0, 1.0])
    assert result.score > 0.9
    assert any(p.how.startswith("joined") for p in result.parts)


def test_ordered_names_pay_for_crossings() -> None:
    free = _compare("Star Ocean", "Ocean Star", "org")
    ordered = _compare("Star Ocean", "Ocean Star", "org", ordered=True)
    assert ordered < free


def test_parts_explain_every_token() -> None:
    qa, qb = analyze_name("Ghasem X Damavandian"), analyze_name("Ghassem Damavandian Y")
    result = compare_names(qa, qb, [1.0] * 3, [1.0] * 3)
    parts = result.parts
    assert {p.query for p in parts if p.query} == {"ghasem", "x", "damavandian"}
    assert {p.listed for p in parts if p.listed} == {"ghassem", "damavandian", "y"}
    assert all(p.how == "missing" for p in parts if p.query is None or p.listed is None)


person_words = st.lists(
    st.sampled_from(["ali", "reza", "hosseini", "maria", "garcia", "ghassem", "kim", "jong"]),
    min_size=1,
    max_size=4,
)


@given(person_words, person_words)
def test_name_score_bounded(a: list[str], b: list[str]) -> None:
    assert 0.0 <= _compare(" ".join(a), " ".join(b)) <= 1.0


@given(person_words)
def test_self_is_maximal(a: list[str]) -> None:
    assert _compare(" ".join(a), " ".join(a)) == 1.0


@given(person_words, person_words)
def test_person_order_invariance(a: list[str], b: list[str]) -> None:
    assert (
        abs(_compare(" ".join(a), " ".join(b)) - _compare(" ".join(reversed(a)), " ".join(b)))
        < 1e-9
    )


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=0, max_value=15), st.booleans())
def test_entity_score_bounded_and_self_best(
    sample_index: MatchIndex, pos: int, typed: bool
) -> None:
    own = sample_index.names(pos)[0].name.text
    query = prepare_query((own,), sample_index.entity(pos).schema if typed else None)
    own_score, explanation = score_entity(sample_index, pos, query, DEFAULT)
    assert 0.0 <= own_score <= 1.0
    assert explanation["names"]["score"] == 1.0
    for other in range(len(sample_index)):
        score, _ = score_entity(sample_index, other, query, DEFAULT)
        assert 0.0 <= score <= own_score + 1e-9


def test_a_persian_compound_given_name_meets_its_two_latin_parts() -> None:
    from interdict.names import analyze_name
    from interdict.scoring.names import compare_names

    query = analyze_name("محمدحسین دادرس", "person")
    listed = analyze_name("Mohammad Hossein DADRAS", "person")
    comparison = compare_names(query, listed, [5.0, 5.0], [2.0, 3.0, 6.0])
    assert comparison.score > 0.9
    assert any(p[3] == (0, 1) and p[4] == "joined transliteration" for p in comparison.pairs)
