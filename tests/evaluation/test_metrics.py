from __future__ import annotations

import pytest

from interdict.evaluation.metrics import (
    LabelledOutcome,
    curve,
    recall_at,
    threshold_for_alert_budget,
)

POS_FOUND = LabelledOutcome("p1", frozenset({"a"}), (("a", 0.9), ("b", 0.5)))
POS_WEAK = LabelledOutcome("p2", frozenset({"c", "d"}), (("x", 0.8), ("d", 0.6)))
POS_MISSED = LabelledOutcome("p3", frozenset({"e"}), (("y", 0.4),))
NEG_QUIET = LabelledOutcome("n1", frozenset(), (("z", 0.3),))
NEG_LOUD = LabelledOutcome("n2", frozenset(), (("z", 0.75),))
ALL = [POS_FOUND, POS_WEAK, POS_MISSED, NEG_QUIET, NEG_LOUD]


def test_curve_at_known_thresholds() -> None:
    low, mid, high = curve(ALL, [0.5, 0.7, 0.95])
    assert low.recall == pytest.approx(2 / 3)
    assert low.alert_rate == pytest.approx(1 / 2)
    # alerts >= 0.5: a .9, b .5, x .8, d .6, z .75 -> correct: a, d
    assert (low.alerts, low.precision) == (5, pytest.approx(2 / 5))
    assert mid.recall == pytest.approx(1 / 3) and mid.alert_rate == pytest.approx(1 / 2)
    assert (high.recall, high.alert_rate, high.precision, high.alerts) == (0.0, 0.0, None, 0)


def test_threshold_for_budget_and_recall() -> None:
    negatives = [NEG_QUIET, NEG_LOUD]
    t = threshold_for_alert_budget(negatives, 0.0)
    assert 0.75 < t <= 0.752
    assert threshold_for_alert_budget(negatives, 0.5) <= 0.301
    assert recall_at([POS_FOUND, POS_WEAK, POS_MISSED], 0.6) == pytest.approx(2 / 3)
    assert recall_at([], 0.5) is None
