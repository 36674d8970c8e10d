"""``GET /search/{dataset}`` and ``GET /entities/{entity_id}`` (yente's data access).

Search runs the screening engine on the text ``q`` as a name (every candidate, best
first; interdict has no full-text index), then applies yente's filters
(``countries``, ``topics``, ``datasets``, ``filter=field:value``, ``exclude_schema``)
and pages with ``limit``/``offset`` over at most 500 results. ``total`` and the facets
count the results scored (at least 50; ``relation`` is ``gte`` when there may be
more). An empty ``q`` returns no results.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends, Path, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from interdict.api.auth import require_screen
from interdict.api.datasets import DatasetInfo, scope
from interdict.api.errors import ApiError
from interdict.api.ftm import BASE_SCHEMA, SCHEMA_DESCENDANTS, parse_schema
from interdict.api.models import ERROR_RESPONSES, EntityResponse, ErrorResponse, SearchResponse
from interdict.api.render import entity_body
from interdict.api.routers.params import (
    PATH_DATASET,
    TS_PATTERN,
    lists_changed_since,
    parse_changed_since,
    resolve_dataset,
)
from interdict.api.services import ApiServices, get_services, serving_state
from interdict.api.state import ServingState
from interdict.errors import InputError, UnknownEntityError
from interdict.screening.policy import MAX_LIMIT, Policy
from interdict.screening.query import Query as ScreeningQuery

router = APIRouter()

DEFAULT_PAGE = 10
#: Results scored per search at least: ``total`` and facets count over them.
SEARCH_WINDOW = 50


class Facet(StrEnum):
    DATASETS = "datasets"
    SCHEMA = "schema"
    COUNTRIES = "countries"
    IDENTIFIERS = "identifiers"
    TOPICS = "topics"
    GENDERS = "genders"


class Operator(StrEnum):
    AND = "AND"
    OR = "OR"


DEFAULT_FACETS = [Facet.COUNTRIES, Facet.TOPICS, Facet.DATASETS]
_COUNTRY_PROPS = ("country", "nationality", "citizenship", "jurisdiction", "birthCountry", "flag")
_IDENTIFIER_PROPS = (
    "idNumber",
    "passportNumber",
    "taxNumber",
    "registrationNumber",
    "imoNumber",
    "swiftBic",
    "leiCode",
)
_FACET_LABELS = {
    "datasets": "Data sources",
    "schema": "Entity types",
    "countries": "Countries",
    "identifiers": "Identifiers",
    "topics": "Topics",
    "genders": "Genders",
}


def _facet_values(body: dict[str, Any], facet: str) -> list[str]:
    props: dict[str, list[str]] = body["properties"]
    if facet == "datasets":
        return list(body["datasets"])
    if facet == "schema":
        return [body["schema"]]
    if facet == "countries":
        return list(dict.fromkeys(v.lower() for p in _COUNTRY_PROPS for v in props.get(p, ())))
    if facet == "identifiers":
        return list(dict.fromkeys(v for p in _IDENTIFIER_PROPS for v in props.get(p, ())))
    if facet == "topics":
        return list(props.get("topics", ()))
    return [v.lower() for v in props.get("gender", ())]


def _passes(values: list[str], wanted: list[str], op: Operator) -> bool:
    if not wanted:
        return True
    have = {v.lower() for v in values}
    hits = [w.lower() in have for w in wanted]
    return all(hits) if op is Operator.AND else any(hits)


@dataclass(frozen=True, slots=True)
class SearchOptions:
    """What one /search request asks for, validated: the lists in scope, the schemas
    searched (``schema`` and those below it), facet-style
    filters (``countries``/``topics``/``datasets`` → wanted values), ``field:value``
    property filters, excluded schemas, how filters on one field combine, and how
    many results to score (``window``)."""

    lists: frozenset[str]
    schemas: frozenset[str]
    filters: dict[str, list[str]]
    prop_filters: tuple[tuple[str, str], ...]
    exclude_schema: frozenset[str]
    op: Operator
    window: int

    def keeps(self, body: dict[str, Any]) -> bool:
        if body["schema"] not in self.schemas or body["schema"] in self.exclude_schema:
            return False
        if not all(_passes(_facet_values(body, f), w, self.op) for f, w in self.filters.items()):
            return False
        props = body["properties"]
        return all(
            value.lower() in {v.lower() for v in props.get(field, ())}
            for field, value in self.prop_filters
        )


def _search(
    services: ApiServices, state: ServingState, query: ScreeningQuery, options: SearchOptions
) -> tuple[list[dict[str, Any]], bool]:
    """The filtered results (blocking), and whether more may exist beyond the window."""
    if not options.lists:
        return [], False
    policy = Policy(threshold=0.0, limit=options.window, lists=options.lists)
    matches = state.screener.screen(query, policy=policy).matches
    entities = services.lookup.get_many(m.entity_id for m in matches)
    bodies = []
    for m in matches:
        entity = entities.get(m.entity_id)
        if entity is None:
            continue
        snapshot = state.snapshot_of(m.list_name)
        body = entity_body(entity, last_seen=snapshot.loaded_at if snapshot else None)
        if options.keeps(body):
            bodies.append(body)
    return bodies, len(matches) >= options.window


def _facets(
    bodies: list[dict[str, Any]], facets: list[Facet], table: Mapping[str, DatasetInfo]
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for facet in facets:
        counts: Counter[str] = Counter()
        for body in bodies:
            counts.update(_facet_values(body, facet.value))
        values = []
        for name, count in counts.most_common():
            label = table[name].title if facet is Facet.DATASETS and name in table else name
            values.append({"name": name, "label": label, "count": count})
        out[facet.value] = {"label": _FACET_LABELS[facet.value], "values": values}
    return out


@router.get(
    "/search/{dataset}",
    summary="Simple entity search",
    tags=["Matching"],
    response_model=SearchResponse,
    responses=ERROR_RESPONSES,
)
async def search(
    request: Request,
    dataset: Annotated[str, PATH_DATASET],
    _key: Annotated[object, Depends(require_screen)],
    q: Annotated[str, Query(title="Query text (a name)", max_length=1000)] = "",
    schema: Annotated[
        str, Query(title="Types of entities that can match the search")
    ] = BASE_SCHEMA,
    include_dataset: Annotated[
        list[str], Query(title="Restrict the search to these datasets")
    ] = [],  # noqa: B006 - FastAPI copies defaults per request
    exclude_dataset: Annotated[
        list[str], Query(title="Remove these datasets from the search")
    ] = [],  # noqa: B006
    exclude_schema: Annotated[list[str], Query(title="Remove the given types of entities")] = [],  # noqa: B006
    changed_since: Annotated[
        str | None,
        Query(pattern=TS_PATTERN, title="Search entities updated since the given date"),
    ] = None,
    countries: Annotated[list[str], Query(title="Filter by country codes")] = [],  # noqa: B006
    topics: Annotated[list[str], Query(title="Filter by entity topics (e.g. sanction)")] = [],  # noqa: B006
    datasets: Annotated[list[str], Query(title="Filter by dataset names")] = [],  # noqa: B006
    filter: Annotated[
        list[str],
        Query(title="Filter by entity properties, as field:value (e.g. birthDate:1968)"),
    ] = [],  # noqa: B006
    limit: Annotated[
        int, Query(title="Number of results to return", ge=0, le=MAX_LIMIT)
    ] = DEFAULT_PAGE,
    offset: Annotated[
        int, Query(title="Start at result with given offset", ge=0, le=MAX_LIMIT)
    ] = 0,
    sort: Annotated[list[str], Query(title="Sorting criteria (results are sorted by score)")] = [],  # noqa: B006
    target: Annotated[
        bool | None, Query(title="Include only targeted entities", deprecated=True)
    ] = None,
    fuzzy: Annotated[
        bool, Query(title="Allow fuzzy query syntax (matching is always fuzzy)")
    ] = False,
    simple: Annotated[bool, Query(title="Use simple syntax for user-facing query boxes")] = False,
    facets: Annotated[
        list[Facet], Query(title="Facet counts to include in response.")
    ] = DEFAULT_FACETS,
    filter_op: Annotated[
        Operator, Query(title="How several filters on one field combine (AND or OR)")
    ] = Operator.OR,
) -> Response:
    """Search the lists for a name, e.g. for a user-facing search box. For screening
    a party with more facts (birth date, nationality, identifiers) use ``/match``."""
    services = get_services(request)
    state = serving_state(request)
    info, table = resolve_dataset(dataset, state.lists)
    try:
        schema_name = parse_schema(schema, field="schema")
    except InputError as exc:
        raise ApiError(400, "Invalid schema", field="schema") from exc
    prop_filters: list[tuple[str, str]] = []
    for flt in filter:
        field, sep, value = flt.partition(":")
        if not sep or not field:
            raise ApiError(400, f"Invalid filter: {flt!r}", field="filter")
        prop_filters.append((field.removeprefix("properties."), value))
    lists = scope(info, state.lists, table, include=include_dataset, exclude=exclude_dataset)
    since = parse_changed_since(changed_since)
    if since is not None:
        lists &= lists_changed_since(state, since)
    if target is False:
        lists = frozenset()
    bodies: list[dict[str, Any]] = []
    truncated = False
    if q.strip() and limit > 0:
        try:
            query = ScreeningQuery.build(
                [q], type=None if schema_name == BASE_SCHEMA else schema_name
            )
        except InputError as exc:
            raise ApiError(400, exc.message, field="q") from exc
        options = SearchOptions(
            lists=lists,
            schemas=SCHEMA_DESCENDANTS[schema_name],
            filters={"countries": countries, "topics": topics, "datasets": datasets},
            prop_filters=tuple(prop_filters),
            exclude_schema=frozenset(exclude_schema),
            op=filter_op,
            window=min(MAX_LIMIT, max(offset + limit, SEARCH_WINDOW)),
        )
        bodies, truncated = await services.executor.run(_search, services, state, query, options)
    page = bodies[offset : offset + limit]
    services.metrics.observe_screening("search", 1 if q.strip() else 0, len(page), 0)
    payload = {
        "limit": limit,
        "offset": offset,
        "total": {"value": len(bodies), "relation": "gte" if truncated else "eq"},
        "results": page,
        "facets": _facets(bodies, facets, table),
    }
    return Response(orjson.dumps(payload), media_type="application/json")


@router.get(
    "/entities/{entity_id}",
    tags=["Data access"],
    response_model=EntityResponse,
    responses={
        401: {"model": ErrorResponse, "description": "Missing or invalid API key"},
        403: {"model": ErrorResponse, "description": "API key lacks the needed scope"},
        404: {"model": ErrorResponse, "description": "Entity not found"},
    },
)
async def fetch_entity(
    request: Request,
    entity_id: Annotated[
        str, Path(description="ID of the entity to retrieve", examples=["ofac:16418"])
    ],
    _key: Annotated[object, Depends(require_screen)],
    nested: Annotated[bool, Query(title="Include adjacent entities (interdict has none)")] = True,
) -> Response:
    """One listed entity, with every property its list gives, by its interdict id
    (``<source>:<native id>``, e.g. ``ofac:16418``, ``un:QDi.123``)."""
    services = get_services(request)
    found = await run_in_threadpool(services.lookup.get_many, [entity_id])
    entity = found.get(entity_id)
    if entity is None:
        raise UnknownEntityError(entity_id)
    snapshot = await run_in_threadpool(services.store.active_for, entity.list_name)
    body = entity_body(entity, last_seen=snapshot.loaded_at if snapshot else None)
    return Response(orjson.dumps(body), media_type="application/json")
