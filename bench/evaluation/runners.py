"""Engines under test, run over the same labelled queries.

Each runner returns, per query id, the (entity id, score) pairs it reported, best
first, at most :data:`LIMIT` of them, with threshold 0 (so any threshold can be
evaluated afterwards), plus the wall-clock time spent screening. Identical queries
(same index, name, type, date of birth and country) are screened once.

* :func:`run_interdict`: ``Screener(index).screen(query, policy=Policy(0, 10))``;
* :class:`NomenklaturaRunner`: candidates from a plain fuzzy search (rapidfuzz
  ``token_set_ratio`` over every listed name, both sides romanised with ``anyascii``
  and lower-cased, top :data:`NK_CANDIDATES` entities), each scored with a
  nomenklatura algorithm's ``compare(query, candidate, default_config())``. The
  candidates are computed once and shared by every nomenklatura algorithm.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from anyascii import anyascii
from followthemoney import EntityProxy
from rapidfuzz import fuzz, process, utils

from bench.evaluation.dataset import EvalQuery
from bench.evaluation.ftm import entity_proxy, query_proxy
from interdict.errors import QueryError
from interdict.index import MatchIndex
from interdict.model import Entity
from interdict.screening.policy import Policy
from interdict.screening.query import Query
from interdict.screening.screener import Screener

LIMIT = 10
NK_CANDIDATES = 50
_NAME_POOL_LIMIT = 150

Scores = tuple[tuple[str, float], ...]
QueryKey = tuple[str, str, str, str, str]


def query_key(q: EvalQuery) -> QueryKey:
    return (q.index, q.name, q.type, q.birth_date, q.country)


@dataclass
class RunResult:
    """Scores per query id, seconds spent and how many distinct queries were run."""

    engine: str
    scores: dict[str, Scores] = field(default_factory=dict)
    seconds: float = 0.0
    distinct: int = 0
    errors: int = 0
    extra: dict[str, float] = field(default_factory=dict)

    @property
    def throughput(self) -> float:
        return self.distinct / self.seconds if self.seconds else 0.0


def interdict_query(q: EvalQuery) -> Query:
    return Query.build(
        [q.name],
        type=q.type or None,
        birth_dates=[q.birth_date] if q.birth_date else [],
        countries=[q.country] if q.country else [],
        record=q.id,
    )


def run_interdict(indexes: Mapping[str, MatchIndex], queries: Sequence[EvalQuery]) -> RunResult:
    """Screen every query against the index its ``index`` column names."""
    result = RunResult("interdict")
    policy = Policy(threshold=0.0, limit=LIMIT)
    screeners = {name: Screener(index) for name, index in indexes.items()}
    cache: dict[QueryKey, Scores] = {}
    for q in queries:
        key = query_key(q)
        if key not in cache:
            start = time.perf_counter()
            try:
                screened = screeners[q.index].screen(interdict_query(q), policy=policy)
                cache[key] = tuple((m.entity_id, m.score) for m in screened.matches)
            except QueryError:
                result.errors += 1
                cache[key] = ()
            result.seconds += time.perf_counter() - start
        result.scores[q.id] = cache[key]
    result.distinct = len(cache)
    return result


def fold(text: str) -> str:
    """Romanised, lower-cased, punctuation-free text for the fuzzy candidate search."""
    return str(utils.default_process(anyascii(text)))


class CandidatePool:
    """Every listed name, folded, with the entities carrying it; fuzzy top-N search."""

    def __init__(self, entities: Sequence[Entity]) -> None:
        self.entities = list(entities)
        owners: dict[str, list[int]] = {}
        for position, entity in enumerate(self.entities):
            for name in entity.names:
                folded = fold(name.full)
                if folded:
                    holders = owners.setdefault(folded, [])
                    if position not in holders:
                        holders.append(position)
        self.names = list(owners)
        self.owners = [owners[n] for n in self.names]
        self._proxies: dict[int, EntityProxy] = {}

    def search(self, name: str, limit: int = NK_CANDIDATES) -> list[int]:
        """Positions of the ``limit`` entities whose names score best, best first."""
        folded = fold(name)
        if not folded:
            return []
        hits = process.extract(
            folded,
            self.names,
            scorer=fuzz.token_set_ratio,
            processor=None,
            limit=_NAME_POOL_LIMIT,
        )
        out: list[int] = []
        for _name, _score, i in hits:
            for position in self.owners[i]:
                if position not in out:
                    out.append(position)
            if len(out) >= limit:
                break
        return out[:limit]

    def proxy(self, position: int) -> EntityProxy:
        if position not in self._proxies:
            self._proxies[position] = entity_proxy(self.entities[position])
        return self._proxies[position]


Compare = Callable[[EntityProxy, EntityProxy], float]


def nomenklatura_compare(algorithm_name: str) -> Compare:
    """``compare`` of a nomenklatura algorithm with its default configuration."""
    from nomenklatura.matching import get_algorithm

    algorithm = get_algorithm(algorithm_name)
    if algorithm is None:
        raise ValueError(f"nomenklatura has no algorithm {algorithm_name!r}")
    config = algorithm.default_config()

    def compare(query: EntityProxy, candidate: EntityProxy) -> float:
        return float(algorithm.compare(query, candidate, config).score)

    return compare


def run_nomenklatura(
    pools: Mapping[str, CandidatePool],
    queries: Sequence[EvalQuery],
    algorithms: Sequence[str],
) -> dict[str, RunResult]:
    """Score every query with every algorithm over the shared fuzzy candidates.

    A result's ``seconds`` is candidate search plus that algorithm's scoring (the
    one-off conversion of listed entities to proxies is not timed);
    ``extra["candidate_seconds"]`` is the shared search time alone.
    """
    compares = {a: nomenklatura_compare(a) for a in algorithms}
    results = {a: RunResult(f"nomenklatura {a}") for a in algorithms}
    caches: dict[str, dict[QueryKey, Scores]] = {a: {} for a in algorithms}
    candidate_seconds = 0.0
    for q in queries:
        key = query_key(q)
        if key not in caches[algorithms[0]]:
            pool = pools[q.index]
            start = time.perf_counter()
            positions = pool.search(q.name)
            candidate_seconds += time.perf_counter() - start
            proxy = query_proxy(q.id, q.name, q.type, q.birth_date, q.country)
            # listed entities are converted once, outside the timed scoring
            candidates = [(pool.entities[p].id, pool.proxy(p)) for p in positions]
            for name, compare in compares.items():
                start = time.perf_counter()
                scored = [(entity_id, compare(proxy, other)) for entity_id, other in candidates]
                scored.sort(key=lambda x: (-x[1], x[0]))
                caches[name][key] = tuple((e, round(s, 4)) for e, s in scored[:LIMIT])
                results[name].seconds += time.perf_counter() - start
        for name in algorithms:
            results[name].scores[q.id] = caches[name][key]
    for name, result in results.items():
        result.seconds += candidate_seconds
        result.distinct = len(caches[name])
        result.extra["candidate_seconds"] = candidate_seconds
    return results
