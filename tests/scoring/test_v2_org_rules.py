"""interdict-v2@4's organisation rules: descriptive words of a listed organisation's
name that a query met part for part leaves out weigh less (``org_omitted_factor``, for
entities typed as organisations only, and only when the query names enough parts); the
word-order penalty counts moved words (``order_moves``)."""

from __future__ import annotations

from types import MappingProxyType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from interdict.index import MatchIndex, build_index
from interdict.model import Entity, EntityBuilder, Name
from interdict.names import analyze_name
from interdict.scoring import prepare_query
from interdict.scoring.algorithms import V2, Algorithm
from interdict.scoring.names import compare_names, moved_parts
from interdict.scoring.scorer import evaluate_entity

LONG_NAME = "JOINT STOCK COMPANY KESTREL SPECIAL ECONOMIC ZONE PRODUCTION AND INDUSTRIAL TYPE"


def _entity(entity_id: str, schema: str, name: str) -> Entity:
    builder = EntityBuilder(entity_id, schema, "custom")
    builder.add_name(Name(name))
    return builder.build()


@pytest.fixture(scope="module")
def index() -> MatchIndex:
    entities = [
        _entity("x:org", "Organization", LONG_NAME),
        _entity("x:untyped", "LegalEntity", LONG_NAME),
    ]
    entities += [_entity(f"f:{i}", "Organization", f"Filler{i:02d}q Works") for i in range(30)]
    return build_index(entities, version="v")


WITHOUT = Algorithm(
    name="interdict-v2",
    version="test",
    weights=MappingProxyType({k: v for k, v in V2.weights.items() if k != "org_omitted_factor"}),
)


def _score(index: MatchIndex, entity_id: str, text: str, algorithm: Algorithm) -> float:
    position = next(i for i, e in enumerate(index) if e.id == entity_id)
    return evaluate_entity(index, position, prepare_query((text,), None), algorithm).score


def test_descriptive_words_left_out_cost_less(index: MatchIndex) -> None:
    query = "Kestrel Special Economic Zone"
    assert _score(index, "x:org", query, V2) > _score(index, "x:org", query, WITHOUT) + 0.03


def test_only_for_entities_typed_as_organisations(index: MatchIndex) -> None:
    # An untyped record (the US CSL's) may be a person: the rule stays off.
    query = "Kestrel Special Economic Zone"
    assert _score(index, "x:untyped", query, V2) == _score(index, "x:untyped", query, WITHOUT)


def test_a_short_query_does_not_qualify(index: MatchIndex) -> None:
    query = "Kestrel Zone"
    assert _score(index, "x:org", query, V2) == _score(index, "x:org", query, WITHOUT)


@pytest.mark.parametrize(
    ("positions", "moved"),
    [
        ([0, 1, 2, 3], 0),
        ([7, 0, 1, 2], 1),  # a name moved as a block from the end to the front
        ([1, 0], 1),
        ([3, 2, 1, 0], 3),
        ([], 0),
    ],
)
def test_moved_parts(positions: list[int], moved: int) -> None:
    assert moved_parts(positions) == moved


@given(st.lists(st.integers(0, 50), max_size=12, unique=True))
def test_moved_parts_is_zero_only_in_order(positions: list[int]) -> None:
    moved = moved_parts(positions)
    assert 0 <= moved <= max(0, len(positions) - 1)
    assert (moved == 0) == (positions == sorted(positions))


def test_a_moved_name_block_costs_one_move() -> None:
    query = analyze_name("Kestrel Special Economic Zone", "org")
    listed = analyze_name("Special Economic Zone Kestrel", "org")
    weights = [1.0] * len(query.tokens)
    by_moves = compare_names(query, listed, weights, weights, ordered=True, order_by_moves=True)
    by_crossings = compare_names(query, listed, weights, weights, ordered=True)
    assert by_moves.score == pytest.approx(0.95)
    assert by_crossings.score == pytest.approx(0.95**2)
