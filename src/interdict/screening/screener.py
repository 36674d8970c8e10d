"""The screening use case: a :class:`Query` in, a :class:`ScreeningResult` out.

``Screener(index, policy=...)`` retrieves candidates from the :class:`MatchIndex`
(recall), scores each with the versioned algorithm (precision, explanations), and
applies the policy: list scope and exclusions before ranking, then the threshold
(0 keeps the best candidates however low) and the limit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from interdict.index import CandidateOptions, MatchIndex, find_candidates
from interdict.scoring import DEFAULT, Algorithm, prepare_query
from interdict.scoring.scorer import ScoredEntity, ScoringCache, evaluate_entity
from interdict.screening.policy import Policy
from interdict.screening.query import Query
from interdict.screening.result import Match, ScreeningResult
from interdict.sources.registry import LIST_ORDER

#: Equal scores are shown in the order of the registry's lists (the primary authorities'
#: designations first, aggregators such as the US CSL after), then by entity id.
_LIST_RANK = {name: rank for rank, name in enumerate(LIST_ORDER)}

#: The policy used when none is given.
DEFAULT_POLICY = Policy()

#: Candidates fully scored per query, at least (more when the policy limit is higher).
MIN_CANDIDATES = 16
#: Candidates whose retrieval score is below this share of the best one are not scored
#: (but for anchored ones, see :func:`interdict.index.candidates.find_candidates`).
RETRIEVAL_RATIO = 0.45


class Screener:
    """Screens queries against one index under a default policy."""

    def __init__(
        self, index: MatchIndex, *, policy: Policy = DEFAULT_POLICY, algorithm: Algorithm = DEFAULT
    ) -> None:
        self.index = index
        self.policy = policy
        self.algorithm = algorithm

    @property
    def algorithm_label(self) -> str:
        return self.algorithm.label

    def warm_up(self) -> None:
        """Load the transliteration rules now (ICU takes ~0.1 s per script family on
        first use) so that the first queries in those scripts are not slow. For
        long-running servers and batch workers; a one-shot CLI call need not."""
        self.screen(Query.build(["قاسم 习近平 Ghasem"]), policy=Policy(threshold=1.0, limit=1))

    def _accept(self, policy: Policy) -> Callable[[int], bool] | None:
        if policy.lists is None and not policy.exclude_entity_ids:
            return None
        lists = policy.lists
        excluded = policy.exclude_entity_ids
        list_column = self.index.columns["list"]
        id_column = self.index.columns["id"]

        def accept(position: int) -> bool:
            if lists is not None and list_column[position] not in lists:
                return False
            return id_column[position] not in excluded

        return accept

    def screen(self, query: Query, *, policy: Policy | None = None) -> ScreeningResult:
        """Screen one query; ``policy`` overrides the screener's default for this call."""
        policy = policy or self.policy
        prepared = prepare_query(
            query.names, query.schema, query.birth_dates, query.countries, query.identifiers
        )
        # Threshold 0 asks for the best candidates however weak: score them all.
        options = CandidateOptions(
            limit=max(MIN_CANDIDATES, policy.limit + 2),
            min_ratio=RETRIEVAL_RATIO if policy.threshold > 0 else 0.0,
        )
        candidates = find_candidates(
            self.index,
            prepared.names,
            prepared.identifiers,
            options=options,
            accept=self._accept(policy),
        )
        cache = ScoringCache()
        scored: list[ScoredEntity] = []
        for position, _ in candidates:
            result = evaluate_entity(self.index, position, prepared, self.algorithm, cache)
            if result.score >= policy.threshold:
                scored.append(result)
        scored.sort(key=lambda r: (-r.score, _LIST_RANK.get(r.record.list_name, 99), r.record.id))
        scored = _one_per_entity(scored)
        matches = tuple(
            Match(
                entity_id=r.record.id,
                score=round(r.score, 4),
                caption=r.record.caption,
                schema=r.record.schema,
                source=r.record.source,
                list_name=r.record.list_name,
                explanation=r.explanation(),
            )
            for r in scored[: policy.limit]
        )
        return ScreeningResult(
            query=query,
            matches=matches,
            algorithm=self.algorithm.label,
            policy=policy,
            index_version=self.index.version,
        )

    def screen_many(
        self, queries: Iterable[Query], *, policy: Policy | None = None
    ) -> list[ScreeningResult]:
        """Screen queries in order, one result each."""
        return [self.screen(query, policy=policy) for query in queries]


def _one_per_entity(scored: list[ScoredEntity]) -> list[ScoredEntity]:
    """The best-ranked result of each entity id: OFAC's SDN and consolidated lists share
    one id namespace, and a party on both is one entity to the analyst."""
    seen: set[str] = set()
    out: list[ScoredEntity] = []
    for result in scored:
        if result.record.id not in seen:
            seen.add(result.record.id)
            out.append(result)
    return out
