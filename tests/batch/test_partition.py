"""The batch partition job: rows in order, repeated parties screened once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from interdict.batch import job
from interdict.batch.rows import RowQuery
from interdict.index import MatchIndex
from interdict.screening.policy import Policy
from interdict.screening.query import Query
from interdict.screening.screener import Screener


class _CountingScreener:
    def __init__(self, inner: Screener) -> None:
        self.inner = inner
        self.calls = 0

    def screen(self, query: Query, *, policy: Policy | None = None) -> Any:
        self.calls += 1
        return self.inner.screen(query, policy=policy)


def test_repeated_parties_are_screened_once_and_every_row_answered(
    sample_index: MatchIndex, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    counting = _CountingScreener(Screener(sample_index))
    monkeypatch.setattr(job, "_screener", lambda path: counting)
    names = ["Ghasem Damavandian", "Maria Garcia", "Ghasem Damavandian", "Ghasem Damavandian"]
    rows = [RowQuery(f"r{i}", i + 2, Query.build([n])) for i, n in enumerate(names)]
    out = job.ScreenPartition(str(tmp_path / "unused.idx"), Policy()).results(rows)
    assert [line["id"] for line in out] == ["r0", "r1", "r2", "r3"]
    assert out[0]["matches"] == out[2]["matches"] == out[3]["matches"]
    assert out[0]["matches"], "the listed party must be found"
    assert counting.calls == 2
