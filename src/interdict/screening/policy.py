"""The screening policy: the knobs a compliance team sets and must be able to show.

A :class:`Policy` is frozen and recorded with every result, so each alert can be
traced to the threshold and list scope in force when it was raised.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Default alert threshold; see docs/matching.md for how it was chosen.
DEFAULT_THRESHOLD = 0.70
DEFAULT_LIMIT = 10
MAX_LIMIT = 500


@dataclass(frozen=True, slots=True)
class Policy:
    """``threshold``: report matches scoring at least this (0 reports the best
    candidates whatever their score); ``limit``: at most this many matches per query;
    ``lists``: list names in scope (``None`` for all active lists);
    ``exclude_entity_ids``: entities never reported (e.g. cleared false positives).
    """

    threshold: float = DEFAULT_THRESHOLD
    limit: int = DEFAULT_LIMIT
    lists: frozenset[str] | None = None
    exclude_entity_ids: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if not 0.0 <= self.threshold <= 1.0:
            raise ValueError(f"threshold must be within [0, 1], not {self.threshold}")
        if not 1 <= self.limit <= MAX_LIMIT:
            raise ValueError(f"limit must be within [1, {MAX_LIMIT}], not {self.limit}")

    def to_dict(self) -> dict[str, object]:
        return {
            "threshold": self.threshold,
            "limit": self.limit,
            "lists": sorted(self.lists) if self.lists is not None else None,
            "exclude_entity_ids": sorted(self.exclude_entity_ids),
        }
