"""Precision and explanations: feature functions combined by a versioned algorithm."""

from interdict.scoring.algorithms import DEFAULT, Algorithm
from interdict.scoring.scorer import (
    PreparedQuery,
    ScoredEntity,
    ScoringCache,
    evaluate_entity,
    prepare_query,
    score_entity,
)

__all__ = [
    "DEFAULT",
    "Algorithm",
    "PreparedQuery",
    "ScoredEntity",
    "ScoringCache",
    "evaluate_entity",
    "prepare_query",
    "score_entity",
]
