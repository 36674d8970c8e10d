"""Recall, alert rate and precision per threshold from labelled screening results.

Definitions (each query is screened once with threshold 0, so every threshold can be
evaluated from the same scores):

* a *positive* query has one or more acceptable entity ids (``expected``); it is
  *found* at threshold T when any acceptable id scores ≥ T; **recall** is found / positives;
* a *negative* query has none; it *alerts* at T when any match scores ≥ T;
  **alert rate** is alerting negatives / negatives (the false-alert budget);
* **precision** is correct alerts / all alerts at T, counting every match ≥ T of every
  query, where a match is correct when its entity is acceptable for its query.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LabelledOutcome:
    """The scores one labelled query received."""

    row_id: str
    expected: frozenset[str]
    scores: tuple[tuple[str, float], ...]  # (entity id, score), best first
    category: str = ""

    @property
    def positive(self) -> bool:
        return bool(self.expected)

    def best_expected(self) -> float:
        """The highest score of an acceptable entity (0 when none was returned)."""
        return max((s for e, s in self.scores if e in self.expected), default=0.0)

    def best_other(self) -> float:
        """The highest score of an entity that is not acceptable."""
        return max((s for e, s in self.scores if e not in self.expected), default=0.0)


@dataclass(frozen=True, slots=True)
class ThresholdPoint:
    threshold: float
    recall: float | None
    alert_rate: float | None
    precision: float | None
    alerts: int

    def to_dict(self) -> dict[str, float | int | None]:
        return {
            "threshold": self.threshold,
            "recall": self.recall,
            "alert_rate": self.alert_rate,
            "precision": self.precision,
            "alerts": self.alerts,
        }


def thresholds(step: float = 0.01) -> list[float]:
    count = round(1 / step)
    return [round(i * step, 4) for i in range(count + 1)]


def curve(outcomes: Sequence[LabelledOutcome], points: Iterable[float]) -> list[ThresholdPoint]:
    """Recall, alert rate and precision at each threshold."""
    positives = [o for o in outcomes if o.positive]
    negatives = [o for o in outcomes if not o.positive]
    result: list[ThresholdPoint] = []
    for t in points:
        found = sum(1 for o in positives if o.best_expected() >= t)
        alerting = sum(1 for o in negatives if any(s >= t for _, s in o.scores))
        correct = sum(1 for o in outcomes for e, s in o.scores if s >= t and e in o.expected)
        alerts = sum(1 for o in outcomes for _, s in o.scores if s >= t)
        result.append(
            ThresholdPoint(
                threshold=t,
                recall=found / len(positives) if positives else None,
                alert_rate=alerting / len(negatives) if negatives else None,
                precision=correct / alerts if alerts else None,
                alerts=alerts,
            )
        )
    return result


def threshold_for_alert_budget(
    negatives: Sequence[LabelledOutcome], budget: float, step: float = 0.001
) -> float:
    """The lowest threshold at which at most ``budget`` of the negatives alert."""
    for t in thresholds(step):
        alerting = sum(1 for o in negatives if any(s >= t for _, s in o.scores))
        if not negatives or alerting / len(negatives) <= budget:
            return t
    return 1.0


def recall_at(positives: Sequence[LabelledOutcome], threshold: float) -> float | None:
    if not positives:
        return None
    return sum(1 for o in positives if o.best_expected() >= threshold) / len(positives)
