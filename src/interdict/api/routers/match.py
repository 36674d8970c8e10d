"""``POST /match/{dataset}``: yente's query-by-example matcher, screened by interdict.

Semantics follow yente 5.5: results are the candidates scoring above ``cutoff``
(capped at ``threshold``; deprecated), best first, at most ``limit``; ``match`` is
``score >= threshold``; ``total.value`` counts the matches (``relation`` is ``gte``
when more results than ``limit`` may exist). Checks, in yente's order: readiness
(503), dataset (404), algorithm and configuration (400), batch size (400), each
example (400 naming ``queries.<name>.<field>``), an empty batch (400).

The route's signature is the contract (OpenAPI document, 422 bodies); plainly
valid requests take a fast path that parses them directly
(:mod:`interdict.api.fastpath`, :func:`~interdict.api.routers.match_params.parse_match_query`)
and both paths meet in :func:`run_match`.

Screening is CPU-bound: the whole batch — screening (identical queries once),
fetching the entities, rendering and serialising the response — runs in one call
in the screening thread pool (:mod:`interdict.api.executor`), never on the event
loop, against the serving state read once at the start of the request.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, NamedTuple

import orjson
from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import ValidationError

from interdict.api.algorithms import resolve_algorithm
from interdict.api.auth import authenticate, require_screen
from interdict.api.datasets import scope
from interdict.api.errors import ApiError
from interdict.api.fastpath import fast_path_route, json_body
from interdict.api.ftm import ParsedExample, example_to_query
from interdict.api.models import ERROR_RESPONSES, EntityMatchQuery, EntityMatchResponse
from interdict.api.render import list_topics, scored_body
from interdict.api.routers.match_params import (
    DEFAULT_ALGORITHM,
    MATCH_PAGE,
    MAX_EXCLUDED_IDS,
    SCORE_THRESHOLD,
    MatchParams,
    parse_match_query,
)
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
from interdict.screening.query import Query as ScreeningQuery
from interdict.screening.result import Match
from interdict.screening.screener import Screener

__all__ = ["MatchOptions", "match", "router", "run_match"]


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
    screener: Screener,
    examples: list[tuple[str, str | None, ParsedExample]],
    options: MatchOptions,
    matcher: dict[str, Any],
) -> tuple[bytes, int, int]:
    """Screen every example (blocking; identical queries once) and serialise the
    response; its JSON, the number of results and of matches."""
    policy = options.policy(state.lists) if options.lists else None
    screened: list[_Screened] = []
    done: dict[ScreeningQuery, tuple[Match, ...]] = {}
    for name, example_id, parsed in examples:
        matches: tuple[Match, ...] = ()
        if policy is not None:
            found = done.get(parsed.query)
            if found is None:
                found = done[parsed.query] = screener.screen(parsed.query, policy=policy).matches
            matches = found
        kept = [
            m
            for m in matches
            if m.score > options.cutoff and m.schema not in options.exclude_schema
        ]
        truncated = len(matches) >= options.fetch_limit
        screened.append(_Screened(name, example_id, parsed, kept, truncated))
    entities = services.lookup.get_many(
        m.entity_id for s in screened for m in s.kept[: options.limit]
    )
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
    payload = {"responses": responses, "limit": options.limit, "matcher": matcher}
    return orjson.dumps(payload), n_results, n_matches


async def run_match(
    request: Request, body: EntityMatchQuery, dataset: str, params: MatchParams
) -> Response:
    """Answer a match request whose body and parameters are valid in form (both
    paths end here); raises :class:`ApiError` for the checks of the module doc."""
    services = get_services(request)
    settings = services.settings
    state = serving_state(request)
    info, table = resolve_dataset(dataset, state.lists)
    algo = resolve_algorithm(params.algorithm)
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

    lists = scope(
        info, state.lists, table, include=params.include_dataset, exclude=params.exclude_dataset
    )
    if params.topics:
        wanted = set(params.topics)
        lists = frozenset(n for n in lists if wanted.intersection(list_topics(n)))
    since = parse_changed_since(params.changed_since)
    if since is not None:
        lists &= lists_changed_since(state, since)
    cut = min(params.cutoff, params.threshold)
    options = MatchOptions(
        limit=params.limit,
        threshold=params.threshold,
        cutoff=cut,
        lists=lists,
        exclude_schema=frozenset(params.exclude_schema),
        exclude_entity_ids=frozenset(params.exclude_entity_ids),
    )
    screener = state.screener_for(algo)
    matcher = {
        "algorithm": screener.algorithm_label,
        "index_version": state.version,
        "threshold": params.threshold,
        "cutoff": cut,
    }
    content, n_results, n_matches = await services.executor.run(
        _screen_batch, services, state, screener, examples, options, matcher
    )
    services.metrics.observe_screening("match", len(examples), n_results, n_matches)
    return Response(
        content,
        media_type="application/json",
        headers={"x-batch-size": str(len(examples))},
    )


async def _fast_match(request: Request) -> Response | None:
    """The fast path (see :mod:`interdict.api.fastpath`): FastAPI's order is body
    decoding, then the key, then parameters and body validation."""
    data = await json_body(request)
    if data is None:
        return None
    authenticate(request, "screen")
    params = parse_match_query(request.scope.get("query_string", b""))
    if params is None:
        return None
    try:
        body = EntityMatchQuery.model_validate(data)
    except ValidationError:
        return None
    return await run_match(request, body, request.path_params["dataset"], params)


router = APIRouter(tags=["Matching"], route_class=fast_path_route(_fast_match))


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
    algorithm: Annotated[
        str, Query(title="Scoring algorithm (see /algorithms)")
    ] = DEFAULT_ALGORITHM,
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
    params = MatchParams(
        limit=limit,
        threshold=threshold,
        cutoff=cutoff,
        algorithm=algorithm,
        include_dataset=tuple(include_dataset),
        exclude_schema=tuple(exclude_schema),
        exclude_dataset=tuple(exclude_dataset),
        topics=tuple(topics),
        changed_since=changed_since,
        exclude_entity_ids=tuple(exclude_entity_ids),
    )
    return await run_match(request, body, dataset, params)
