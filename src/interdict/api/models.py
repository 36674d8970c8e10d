"""Pydantic models of the HTTP boundary, shaped like yente 5.5's (same field names,
types, required fields and defaults), so yente clients and code generated from
yente's OpenAPI document read interdict unchanged.

Request bodies are validated with these models. Responses are built as plain dicts
(:mod:`interdict.api.render`) and serialised directly; the response models here
document them in the OpenAPI document, and the tests validate every response
against yente's own published schemas.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

EXAMPLE_QUERY: dict[str, Any] = {
    "queries": {
        "entity1": {
            "schema": "Person",
            "properties": {
                "name": ["John Doe"],
                "birthDate": ["1975-04-21"],
                "nationality": ["us"],
            },
        },
        "entity2": {
            "schema": "Company",
            "properties": {
                "name": ["Brilliant Amazing Limited"],
                "jurisdiction": ["hk"],
                "registrationNumber": ["84BA99810"],
            },
        },
    }
}


class ErrorResponse(BaseModel):
    detail: str = Field(..., examples=["Detailed error message"])
    field: str | None = Field(None, description="The input field the error is about.")
    request_id: str | None = Field(None, description="The X-Request-ID of the request.")


class StatusResponse(BaseModel):
    status: str = "ok"


class EntityExample(BaseModel):
    """A party to screen, as a FollowTheMoney entity example."""

    model_config = ConfigDict(populate_by_name=True)

    id: str | None = Field(None, examples=["my-entity-id"])
    schema_: str = Field(..., alias="schema", examples=["Person"])
    properties: dict[str, str | list[Any]] = Field(..., examples=[{"name": ["John Doe"]}])


class EntityMatchQuery(BaseModel):
    """A batch of named query examples."""

    model_config = ConfigDict(json_schema_extra={"examples": [EXAMPLE_QUERY]})

    weights: dict[str, float] = Field(
        {}, description="Not supported by interdict's algorithms; must be empty."
    )
    config: dict[str, str | int | float | bool | None] = Field(
        default_factory=dict,
        description="Algorithm-specific configuration; interdict's algorithms take none.",
    )
    queries: dict[str, EntityExample]


class FeatureResult(BaseModel):
    detail: str | None
    score: float
    query: str | None = None
    candidate: str | None = None


class EntityResponse(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    id: str = Field(..., examples=["ofac:16418"])
    caption: str = Field(..., examples=["John Doe"])
    schema_: str = Field(..., alias="schema", examples=["Person"])
    properties: dict[str, list[str]] = Field(..., examples=[{"name": ["John Doe"]}])
    datasets: list[str] = Field([], examples=[["ofac_sdn", "us_ofac_sdn"]])
    referents: list[str] = Field([])
    target: bool = Field(False)
    first_seen: str | None = None
    last_seen: str | None = None
    last_change: str | None = None


class ScoredEntityResponse(EntityResponse):
    score: float = 0.99
    explanations: dict[str, FeatureResult] = Field(
        description="Sub-scores of the features of the algorithm, with explanations."
    )
    match: bool = Field(description="Whether the score is at or above the match threshold.")
    features: dict[str, float] = Field(
        {}, description="The feature scores alone (as older yente versions returned them)."
    )
    summary: str | None = Field(None, description="Why this result scored as it did.")


class TotalSpec(BaseModel):
    value: int = Field(..., examples=[42])
    relation: str = Field("eq", examples=["eq"])


class EntityMatches(BaseModel):
    status: int = Field(200, examples=[200])
    results: list[ScoredEntityResponse]
    total: TotalSpec
    query: EntityExample


class MatcherInfo(BaseModel):
    algorithm: str = Field(..., examples=["interdict-v2@4"])
    index_version: str
    threshold: float
    cutoff: float


class EntityMatchResponse(BaseModel):
    responses: dict[str, EntityMatches]
    limit: int = Field(..., examples=[5])
    matcher: MatcherInfo | None = None


class SearchFacetItem(BaseModel):
    name: str = Field(..., examples=["ru"])
    label: str = Field(..., examples=["Russia"])
    count: int = Field(1, examples=[42])


class SearchFacet(BaseModel):
    label: str = Field(..., examples=["Countries"])
    values: list[SearchFacetItem]


class SearchResponse(BaseModel):
    limit: int = Field(..., examples=[20])
    offset: int = Field(0, examples=[0])
    total: TotalSpec
    results: list[EntityResponse]
    facets: dict[str, SearchFacet]


class DatasetModel(BaseModel):
    name: str
    title: str
    summary: str | None = None
    url: str | None = None
    version: str | None = None
    updated_at: str | None = None
    last_export: str | None = None
    entity_count: int | None = None
    thing_count: int | None = None
    children: list[str] = []
    load: bool | None = None
    index_version: str | None = None
    index_current: bool
    tags: list[str] = []
    resources: list[dict[str, Any]] = []
    deprecated: bool = False
    namespace: bool = False


class DataCatalogModel(BaseModel):
    datasets: list[DatasetModel]
    current: list[str]
    outdated: list[str]
    index_stale: bool = False


class FeatureDoc(BaseModel):
    description: str | None
    coefficient: float
    url: str


class AlgorithmDocs(BaseModel):
    name: str
    description: str | None = None
    config: dict[str, dict[str, Any]]
    features: dict[str, FeatureDoc]


class Algorithm(BaseModel):
    name: str
    description: str | None = None
    features: dict[str, FeatureDoc] = Field(description="Deprecated, use `docs` instead")
    docs: AlgorithmDocs


class AlgorithmResponse(BaseModel):
    algorithms: list[Algorithm]
    default: str
    best: str


#: Error responses documented on every screening endpoint.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "Invalid query"},
    401: {"model": ErrorResponse, "description": "Missing or invalid API key"},
    403: {"model": ErrorResponse, "description": "API key lacks the needed scope"},
    404: {"model": ErrorResponse, "description": "Unknown dataset"},
    413: {"model": ErrorResponse, "description": "Request body too large"},
    503: {"model": ErrorResponse, "description": "Lists not loaded yet"},
}
