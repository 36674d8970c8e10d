"""A bounded result cache in front of a screener, for flows that repeat parties.

Contract: :class:`CachedScreener` has the screener's ``screen(query, *, policy=None)``
signature and returns exactly what the wrapped screener returns for the same query,
policy and index: results are kept per ``(index version, query, policy)``, where the
query is the validated, normalised :class:`~interdict.screening.query.Query` (names
trimmed, white space collapsed, types, dates and countries canonical) and the policy
is the one in force (the call's, else the screener's default). At most ``size``
results are kept, the least recently used going first. When the wrapped screener's
index version changes (a list update swapped the index) every kept result is dropped.
Results are immutable (:class:`ScreeningResult` and :class:`Match` are frozen; their
explanation dicts must be treated as read-only by callers, as they are shared).

Safe to share between threads: the table is guarded by a lock, and the wrapped
screener runs outside it (two threads missing on one query both compute it).
``hits``, ``misses`` and ``evictions`` count lookups since creation or :meth:`clear`.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import TYPE_CHECKING, Protocol

from interdict.screening.policy import Policy
from interdict.screening.query import Query
from interdict.screening.result import ScreeningResult

if TYPE_CHECKING:
    from interdict.index import MatchIndex


#: Results kept by the payment screening entry points (CLI and API): about 2 KB each.
PAYMENTS_CACHE_SIZE = 10_000


class _Screener(Protocol):
    """What the cache wraps: :class:`interdict.screening.screener.Screener`."""

    @property
    def index(self) -> MatchIndex: ...

    @property
    def policy(self) -> Policy: ...

    def screen(self, query: Query, *, policy: Policy | None = None) -> ScreeningResult: ...


class CachedScreener:
    """``screener`` with a least-recently-used cache of ``size`` results (see the
    module docstring)."""

    def __init__(self, screener: _Screener, *, size: int) -> None:
        if size < 1:
            raise ValueError(f"cache size must be at least 1, not {size}")
        self.screener = screener
        self.size = size
        self.hits = 0
        self.misses = 0
        self.evictions = 0
        self._version: str | None = None
        self._table: OrderedDict[tuple[Query, Policy], ScreeningResult] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def index(self) -> MatchIndex:
        """The wrapped screener's current index."""
        return self.screener.index

    @property
    def policy(self) -> Policy:
        """The wrapped screener's default policy."""
        return self.screener.policy

    def screen(self, query: Query, *, policy: Policy | None = None) -> ScreeningResult:
        """The wrapped screener's result for ``query`` under ``policy``, cached."""
        version = self.screener.index.version
        key = (query, policy or self.screener.policy)
        with self._lock:
            if version != self._version:
                self._table.clear()
                self._version = version
            found = self._table.get(key)
            if found is not None:
                self._table.move_to_end(key)
                self.hits += 1
                return found
            self.misses += 1
        result = self.screener.screen(query, policy=policy)
        with self._lock:
            if result.index_version != self._version:
                return result  # the index changed meanwhile: do not keep a stale answer
            self._table[key] = result
            self._table.move_to_end(key)
            while len(self._table) > self.size:
                self._table.popitem(last=False)
                self.evictions += 1
        return result

    def __len__(self) -> int:
        return len(self._table)

    def clear(self) -> None:
        """Drop every kept result and reset the counters."""
        with self._lock:
            self._table.clear()
            self.hits = self.misses = self.evictions = 0

    def stats(self) -> dict[str, int]:
        """``{"size", "entries", "hits", "misses", "evictions"}``."""
        with self._lock:
            return {
                "size": self.size,
                "entries": len(self._table),
                "hits": self.hits,
                "misses": self.misses,
                "evictions": self.evictions,
            }
