"""The pure, picklable partition job every executor runs.

:class:`ScreenPartition` holds only the path of a saved match index and the policy;
a worker process loads the index once (cached per process) and screens its share of
the rows. Output lines follow DESIGN.md §3: ``{"id", "matches": [...]}`` per row, in
the order of the rows given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from interdict.batch.rows import BatchRow, RowError
from interdict.screening.policy import Policy

if TYPE_CHECKING:
    from interdict.screening.query import Query
    from interdict.screening.screener import Screener


@lru_cache(maxsize=2)
def _screener(index_path: str) -> Screener:
    from interdict.index import MatchIndex
    from interdict.screening.screener import Screener

    screener = Screener(MatchIndex.load(Path(index_path)))
    screener.warm_up()
    return screener


@dataclass(frozen=True, slots=True)
class ScreenPartition:
    """Screens a partition of rows against the index saved at ``index_path``."""

    index_path: str
    policy: Policy

    def json_lines(self, rows: Sequence[BatchRow]) -> list[bytes]:
        """:meth:`results` encoded as JSON Lines in the worker, so the parent process
        only writes bytes (encoding the explanations is a sizeable share of the work)."""
        return [orjson.dumps(line) + b"\n" for line in self.results(rows)]

    def results(self, rows: Sequence[BatchRow]) -> list[dict[str, Any]]:
        """One output line per row, in order."""
        screener = _screener(self.index_path)
        out: list[dict[str, Any]] = []
        # Customer files repeat parties (one customer, several accounts): a query
        # screened once in the partition is not screened again.
        seen: dict[Query, list[dict[str, Any]]] = {}
        for row in rows:
            if isinstance(row, RowError):
                out.append(row.to_output())
                continue
            matches = seen.get(row.query)
            if matches is None:
                result = screener.screen(row.query, policy=self.policy)
                matches = seen[row.query] = [m.to_dict() for m in result.matches]
            out.append({"id": row.row_id, "matches": matches})
        return out
