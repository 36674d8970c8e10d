"""A query's :class:`ScoringCache` is shared by all its candidates: results must not
depend on the order in which the candidates filled it."""

from __future__ import annotations

from interdict.index import MatchIndex
from interdict.scoring import DEFAULT, ScoringCache, evaluate_entity, prepare_query


def test_scores_do_not_depend_on_what_the_cache_saw_first(sample_index: MatchIndex) -> None:
    # The query is a listed name itself: its parts' weights are computed from the
    # index for the query and read from the rounded stored IDF for the listed name.
    checked = 0
    for entity in sample_index:
        for listed in sample_index.names(sample_index_position(sample_index, entity.id)):
            query = prepare_query((listed.name.text,), entity.schema)
            positions = range(len(sample_index))
            fresh = [evaluate_entity(sample_index, p, query, DEFAULT).score for p in positions]
            forward, backward = ScoringCache(), ScoringCache()
            shared_forward = [
                evaluate_entity(sample_index, p, query, DEFAULT, forward).score for p in positions
            ]
            shared_backward = [
                evaluate_entity(sample_index, p, query, DEFAULT, backward).score
                for p in reversed(positions)
            ][::-1]
            assert shared_forward == fresh
            assert shared_backward == fresh
            checked += 1
    assert checked > 10


def sample_index_position(index: MatchIndex, entity_id: str) -> int:
    return next(i for i, e in enumerate(index) if e.id == entity_id)
