"""CachedScreener: same answers as the screener, bounded, invalidated by a new index."""

from __future__ import annotations

import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interdict.index import MatchIndex, build_index
from interdict.model import Entity
from interdict.screening.cache import CachedScreener
from interdict.screening.policy import Policy
from interdict.screening.query import Query
from interdict.screening.result import ScreeningResult
from interdict.screening.screener import Screener

QUERIES = [
    Query.build(["Ghasem Damavandian"]),
    Query.build(["QODS AVIATION INDUSTRIES"], type="organization"),
    Query.build(["Maria del Carmen Garcia Lopez"], birth_dates=["1970"]),
    Query.build(["Ocean Star"], countries=["gb"]),
    Query.build(["Jane Smith"]),
]


class Counting:
    """A screener that counts the calls reaching it."""

    def __init__(self, index: MatchIndex) -> None:
        self.inner = Screener(index)
        self.calls = 0

    @property
    def index(self) -> MatchIndex:
        return self.inner.index

    @property
    def policy(self) -> Policy:
        return self.inner.policy

    def swap(self, index: MatchIndex) -> None:
        self.inner = Screener(index)

    def screen(self, query: Query, *, policy: Policy | None = None) -> ScreeningResult:
        self.calls += 1
        return self.inner.screen(query, policy=policy)


@pytest.fixture()
def counting(sample_index: MatchIndex) -> Counting:
    return Counting(sample_index)


def test_same_results_as_the_screener(sample_index: MatchIndex, counting: Counting) -> None:
    plain = Screener(sample_index)
    cached = CachedScreener(counting, size=100)
    strict = Policy(threshold=0.9, limit=1)
    for _ in range(2):
        for query in QUERIES:
            for policy in (None, strict):
                assert cached.screen(query, policy=policy) == plain.screen(query, policy=policy)
    assert counting.calls == len(QUERIES) * 2  # the second round came from the cache
    assert (cached.hits, cached.misses) == (len(QUERIES) * 2, len(QUERIES) * 2)
    assert cached.index is sample_index and cached.policy == plain.policy


def test_key_is_the_normalised_query_and_the_policy(counting: Counting) -> None:
    cached = CachedScreener(counting, size=10)
    cached.screen(Query.build(["  Ghasem   Damavandian "]))
    cached.screen(Query.build(["Ghasem Damavandian"]))
    cached.screen(Query.build(["Ghasem Damavandian"]), policy=Policy())  # the default
    assert counting.calls == 1
    cached.screen(Query.build(["Ghasem Damavandian"]), policy=Policy(threshold=0.5))
    cached.screen(Query.build(["Ghasem Damavandian"], type="person"))
    assert counting.calls == 3


def test_evicts_the_least_recently_used_at_its_size(counting: Counting) -> None:
    cached = CachedScreener(counting, size=2)
    a, b, c = QUERIES[:3]
    cached.screen(a)
    cached.screen(b)
    cached.screen(a)  # a is now the most recent
    cached.screen(c)  # evicts b
    assert len(cached) == 2 and cached.evictions == 1
    calls = counting.calls
    cached.screen(a)
    assert counting.calls == calls
    cached.screen(b)
    assert counting.calls == calls + 1
    assert cached.stats() == {"size": 2, "entries": 2, "hits": 2, "misses": 4, "evictions": 2}


def test_a_new_index_version_invalidates(sample_entities: list[Entity], counting: Counting) -> None:
    cached = CachedScreener(counting, size=10)
    query = Query.build(["Ghasem Damavandian"])
    before = cached.screen(query)
    counting.swap(build_index(sample_entities[2:], version="test-2"))  # DAMAVANDIAN delisted
    after = cached.screen(query)
    assert counting.calls == 2 and len(cached) == 1
    assert before.index_version == "test-1" and after.index_version == "test-2"
    assert {m.entity_id for m in before.matches} >= {"ofac:1001"}
    assert "ofac:1001" not in {m.entity_id for m in after.matches}


def test_clear_and_size_validation(counting: Counting) -> None:
    cached = CachedScreener(counting, size=1)
    cached.screen(QUERIES[0])
    cached.clear()
    assert len(cached) == 0 and cached.stats()["misses"] == 0
    with pytest.raises(ValueError, match="at least 1"):
        CachedScreener(counting, size=0)


def test_threads_share_one_cache(sample_index: MatchIndex) -> None:
    counting = Counting(sample_index)
    cached = CachedScreener(counting, size=3)
    plain = Screener(sample_index)
    expected = {q: plain.screen(q) for q in QUERIES}
    errors: list[str] = []

    def work(offset: int) -> None:
        for i in range(60):
            query = QUERIES[(i + offset) % len(QUERIES)]
            if cached.screen(query) != expected[query]:
                errors.append(str(query))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and len(cached) <= 3
    assert cached.hits + cached.misses == 240 and counting.calls == cached.misses


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.integers(0, len(QUERIES) - 1), max_size=30), st.integers(1, 4))
def test_never_holds_more_than_its_size(counting: Counting, picks: list[int], size: int) -> None:
    cached = CachedScreener(counting, size=size)
    for pick in picks:
        cached.screen(QUERIES[pick])
        assert len(cached) <= size
    assert cached.hits + cached.misses == len(picks)
