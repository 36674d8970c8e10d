"""``POST /match/{dataset}``: yente's query-by-example matcher, screened by interdict.

Semantics follow yente 5.5: results are the candidates scoring above ``cutoff``
(capped at ``threshold``; deprecated), best first, at most ``limit``; ``match`` is
``score >= threshold``; ``total.value`` counts the matches (``relation`` is ``gte``
when more results than ``limit`` may exist). Checks, in yente's order: readiness
(503), dataset (404), algorithm and configuration (400), batch size (400), each
example (400 naming ``queries.<name>.<field>``), an empty batch (400).

Screening is CPU-bound: the whole batch runs in a worker thread, never on the event
loop, against the serving state read once at the start of the request.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, NamedTuple

import orjson
from fastapi import APIRouter, Depends, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from interdict.api.algorithms import DEFAULT_NAME, resolve_algorithm
from interdict.api.auth import require_screen
from interdict.api.datasets import scope
from interdict.api.errors import ApiError
from interdict.api.ftm import ParsedExample, example_to_query
from interdict.api.models import ERROR_RESPONSES, EntityMatchQuery, EntityMatchResponse
from interdict.api.render import list_topics, scored_body
from interdict.api.routers.params import (
    PATH_DATASET,
    TS_PATTERN,
    lists_changed_since,
    parse_changed_since,
    resolve_dataset,
)
from interdict.api.services import ApiServices, get_services, serving_state
from interdict.api.state import ServingState
from interdict.errors import InputError
from interdict.screening.policy import MAX_LIMIT, Policy
from interdict.screening.result import Match

router = APIRouter(tags=["Matching"])

#: yente's defaults.
MATCH_PAGE = 5
SCORE_THRESHOLD = 0.70
MAX_EXCLUDED_IDS = 50


@dataclass(frozen=True, slots=True)
class MatchOptions:
    """What one /match request asks for, validated."""

    limit: int
    threshold: float
    cutoff: float
    lists: frozenset[str]
    exclude_schema: frozenset[str]
    exclude_entity_ids: frozenset[str]

    @property
    def fetch_limit(self) -> int:
        """Candidates to ask the screener for: more when results are filtered after."""
        if self.exclude_schema:
            return min(MAX_LIMIT, self.limit * 4 + 20)
        return min(MAX_LIMIT, self.limit)

    def policy(self, loaded: frozenset[str]) -> Policy:
        """The screening policy; ``lists`` is ``None`` when every loaded list is in
        scope (the screener then skips its per-candidate list filter)."""
        return Policy(
            threshold=min(1.0, max(0.0, self.cutoff)),
            limit=self.fetch_limit,
            lists=None if self.lists >= loaded else self.lists,
            exclude_entity_ids=self.exclude_entity_ids,
        )


class _Screened(NamedTuple):
    name: str
    example_id: str | None
    parsed: ParsedExample
    kept: list[Match]  # above the cutoff, not excluded, best first
    truncated: bool  # the screener may have had more above the cutoff


def _screen_batch(
    services: ApiServices,
    state: ServingState,
    examples: list[tuple[str, str | None, ParsedExample]],
    options: MatchOptions,
) -> tuple[dict[str, Any], int, int]:
    """Screen every example (blocking); responses by name, results and match counts."""
    policy = options.policy(state.lists) if options.lists else None
    screened: list[_Screened] = []
    for name, example_id, parsed in examples:
        matches: tuple[Match, ...] = ()
        if policy is not None:
            result = state.screener.screen(parsed.query, policy=policy)
            matches = result.matches
        kept = [
            m
            for m in matches
            if m.score > options.cutoff and m.schema not in options.exclude_schema
        ]
        truncated = len(matches) >= options.fetch_limit
        screened.append(_Screened(name, example_id, parsed, kept, truncated))
    entities = services.lookup.get_many(m.entity_id for s in screened for m in s.kept)
    responses: dict[str, Any] = {}
    n_results = n_matches = 0
    for name, example_id, parsed, kept, truncated in screened:
        results = []
        for m in kept[: options.limit]:
            snapshot = state.snapshot_of(m.list_name)
            results.append(
                scored_body(
                    m,
                    entities.get(m.entity_id),
                    threshold=options.threshold,
                    last_seen=snapshot.loaded_at if snapshot else None,
                )
            )
        matched = sum(1 for m in kept if round(m.score, 4) >= options.threshold)
        n_results += len(results)
        n_matches += sum(1 for r in results if r["match"])
        more = truncated or len(kept) > options.limit
        responses[name] = {
            "status": 200,
            "results": results,
            "total": {"value": matched, "relation": "gte" if more and matched else "eq"},
            "query": {"id": example_id, "schema": parsed.schema, "properties": parsed.properties},
        }
    return responses, n_results, n_matches


@router.post(
    "/match/{dataset}",
    summary="Query by example matcher",
    response_model=EntityMatchResponse,
    responses=ERROR_RESPONSES,
)
async def match(
    request: Request,
    body: EntityMatchQuery,
    dataset: Annotated[str, PATH_DATASET],
    _key: Annotated[object, Depends(require_screen)],
    limit: Annotated[
        int, Query(title="Number of results to return", ge=1, le=MAX_LIMIT)
    ] = MATCH_PAGE,
    threshold: Annotated[
        float,
        Query(title="Score threshold for results to be considered matches", allow_inf_nan=False),
    ] = SCORE_THRESHOLD,
    cutoff: Annotated[
        float,
        Query(
            deprecated=True,
            title="Deprecated, use `threshold` instead. Lower bound of score for results "
            "to be returned at all",
            allow_inf_nan=False,
        ),
    ] = SCORE_THRESHOLD,
    algorithm: Annotated[str, Query(title="Scoring algorithm (see /algorithms)")] = DEFAULT_NAME,
    include_dataset: Annotated[
        list[str], Query(title="Only include the given datasets in results")
    ] = [],  # noqa: B006 - FastAPI copies defaults per request
    exclude_schema: Annotated[
        list[str], Query(title="Remove the given types of entities from results")
    ] = [],  # noqa: B006
    exclude_dataset: Annotated[
        list[str], Query(title="Remove the given datasets from results")
    ] = [],  # noqa: B006
    topics: Annotated[
        list[str], Query(title="Only return results that match any of the given topics")
    ] = [],  # noqa: B006
    changed_since: Annotated[
        str | None,
        Query(
            pattern=TS_PATTERN,
            title="Match against entities that were updated since the given date",
        ),
    ] = None,
    exclude_entity_ids: Annotated[
        list[str],
        Query(title="A list of entities IDs to exclude from matching", max_length=MAX_EXCLUDED_IDS),
    ] = [],  # noqa: B006
) -> Response:
    """Match parties given as FollowTheMoney entity examples (name, birth date,
    nationality, identifiers, ...) against the sanctions lists, as yente does.

    Each request holds a batch of named examples; responses come back under the same
    names. Most useful properties: **Person**: ``name`` (or ``firstName`` +
    ``lastName``), ``birthDate``, ``nationality``, ``idNumber``, ``passportNumber``;
    **Organization**/**Company**: ``name``, ``country``/``jurisdiction``,
    ``registrationNumber``, ``taxNumber``, ``swiftBic``; **Vessel**: ``name``,
    ``imoNumber``, ``flag``.
    """
    services = get_services(request)
    settings = services.settings
    state = serving_state(request)
    info, table = resolve_dataset(dataset, state.lists)
    algo = resolve_algorithm(algorithm)
    if body.config:
        key = next(iter(body.config))
        raise ApiError(
            400,
            f"Invalid configuration parameter: {key} for algorithm {algo.label}",
            field=f"config.{key}",
        )
    if body.weights:
        key = next(iter(body.weights))
        raise ApiError(
            400, f"Invalid weight: {key} for algorithm {algo.label}", field=f"weights.{key}"
        )
    if len(body.queries) > settings.max_batch:
        raise ApiError(
            400,
            f"Too many queries in one batch (limit: {settings.max_batch})",
            field="queries",
        )
    if not body.queries:
        raise ApiError(400, "No queries provided.", field="queries")
    examples = []
    for name, example in body.queries.items():
        try:
            parsed = example_to_query(example.schema_, example.properties, path=f"queries.{name}")
        except InputError as exc:
            raise ApiError(400, exc.message, field=exc.field) from exc
        examples.append((name, example.id, parsed))

    lists = scope(info, state.lists, table, include=include_dataset, exclude=exclude_dataset)
    if topics:
        wanted = set(topics)
        lists = frozenset(n for n in lists if wanted.intersection(list_topics(n)))
    since = parse_changed_since(changed_since)
    if since is not None:
        lists &= lists_changed_since(state, since)
    cut = min(cutoff, threshold)
    options = MatchOptions(
        limit=limit,
        threshold=threshold,
        cutoff=cut,
        lists=lists,
        exclude_schema=frozenset(exclude_schema),
        exclude_entity_ids=frozenset(exclude_entity_ids),
    )
    responses, n_results, n_matches = await run_in_threadpool(
        _screen_batch, services, state, examples, options
    )
    services.metrics.observe_screening("match", len(examples), n_results, n_matches)
    payload = {
        "responses": responses,
        "limit": limit,
        "matcher": {
            "algorithm": state.screener.algorithm_label,
            "index_version": state.version,
            "threshold": threshold,
            "cutoff": cut,
        },
    }
    return Response(
        orjson.dumps(payload),
        media_type="application/json",
        headers={"x-batch-size": str(len(responses))},
    )
