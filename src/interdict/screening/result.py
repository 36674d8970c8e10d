"""What screening returns: matches with scores and machine-readable explanations.

``Match.explanation`` is a JSON-ready dict with at least:

* ``"names"``: the best name pairing: ``{"query": ..., "listed": ..., "kind": <name kind>,
  "score": ..., "parts": [{"query": <part>, "listed": <part>, "score": ..., "how": <rule>}]}``;
* ``"features"``: one entry per feature that contributed:
  ``{"feature": <name>, "effect": <signed contribution>, "detail": <analyst-readable text>}``;
* ``"summary"``: one sentence an analyst can read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from interdict.screening.policy import Policy
from interdict.screening.query import Query


@dataclass(frozen=True, slots=True)
class Match:
    """One listed entity that may be the queried party."""

    entity_id: str
    score: float
    caption: str
    schema: str
    source: str
    list_name: str
    explanation: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """The batch-output form of DESIGN.md (plus ``list``)."""
        return {
            "entity_id": self.entity_id,
            "score": round(self.score, 4),
            "caption": self.caption,
            "schema": self.schema,
            "source": self.source,
            "list": self.list_name,
            "explanation": self.explanation,
        }


@dataclass(frozen=True, slots=True)
class ScreeningResult:
    """The matches for one query, best first, with what produced them."""

    query: Query
    matches: tuple[Match, ...]
    algorithm: str
    policy: Policy
    index_version: str

    @property
    def hit(self) -> bool:
        """Whether any match reached the policy threshold."""
        return any(m.score >= self.policy.threshold for m in self.matches)
