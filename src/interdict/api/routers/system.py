"""System information: ``/healthz``, ``/readyz``, ``/catalog``, ``/algorithms``, ``/metrics``.

* ``/healthz``: the process answers (no key needed);
* ``/readyz``: 503 until a match index of the loaded lists is serving (no key needed);
* ``/catalog``: yente's ``DataCatalogModel``: every dataset name with its lists
  (``children``), active list versions (``version``) and the versions the serving
  index was built from (``index_version``); ``outdated`` names lists whose newer
  snapshot is not serving yet;
* ``/algorithms``: yente's ``AlgorithmResponse`` for interdict's algorithms;
* ``/metrics``: Prometheus text format; needs an ``admin`` key.
"""

from __future__ import annotations

from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Depends, Request, Response
from starlette.concurrency import run_in_threadpool

from interdict.api.algorithms import algorithms_document
from interdict.api.auth import require_admin, require_screen
from interdict.api.datasets import dataset_table, lists_of
from interdict.api.errors import ApiError
from interdict.api.metrics import CONTENT_TYPE
from interdict.api.models import (
    AlgorithmResponse,
    DataCatalogModel,
    ErrorResponse,
    StatusResponse,
)
from interdict.api.render import list_topics
from interdict.api.services import get_services
from interdict.sources.registry import LISTS_BY_NAME
from interdict.storage.snapshots import SnapshotInfo

router = APIRouter(tags=["System information"])

_AUTH_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorResponse, "description": "Missing or invalid API key"},
    403: {"model": ErrorResponse, "description": "API key lacks the needed scope"},
}


@router.get("/healthz", summary="Health check", response_model=StatusResponse)
async def healthz() -> dict[str, str]:
    """The server answers. For orchestrators' liveness probes."""
    return {"status": "ok"}


@router.get(
    "/readyz",
    summary="Index readiness check",
    response_model=StatusResponse,
    responses={503: {"model": ErrorResponse, "description": "Index is not ready"}},
)
async def readyz(request: Request) -> dict[str, str]:
    """Lists are loaded and screening is served. For readiness probes."""
    if get_services(request).index.current is None:
        raise ApiError(503, "Index not ready.")
    return {"status": "ok"}


def _catalog(request: Request, active: list[SnapshotInfo]) -> dict[str, Any]:
    state = get_services(request).index.current
    by_list = {s.list_name: s for s in active}
    indexed = {s.list_name: s for s in state.snapshots} if state is not None else {}
    table = dataset_table(by_list)
    datasets = []
    for name, info in table.items():
        children = sorted(lists_of(info, by_list)) if info.kind != "list" else []
        entry: dict[str, Any] = {
            "name": name,
            "title": info.title,
            "children": children,
            "tags": [f"list.{info.kind}"],
            "resources": [],
            "deprecated": False,
            "namespace": False,
        }
        if info.kind == "list":
            snap, served = by_list.get(name), indexed.get(name)
            spec = LISTS_BY_NAME.get(name)
            entry.update(
                {
                    "summary": f"{info.title}; topics: {', '.join(list_topics(name))}",
                    "url": spec.homepage if spec is not None and spec.homepage else None,
                    "load": snap is not None,
                    "version": snap.version if snap else None,
                    "index_version": served.version if served else None,
                    "entity_count": snap.entity_count if snap else 0,
                    "thing_count": snap.entity_count if snap else 0,
                    "updated_at": (snap.published or snap.loaded_at) if snap else None,
                    "last_export": snap.loaded_at if snap else None,
                }
            )
        else:
            count = sum(by_list[c].entity_count for c in children)
            version = state.version if state is not None else None
            entry.update(
                {
                    "load": False,
                    "version": version,
                    "index_version": version,
                    "entity_count": count,
                    "thing_count": count,
                }
            )
        entry["index_current"] = entry["index_version"] == entry["version"]
        datasets.append(entry)
    current = sorted(n for n in by_list if n in indexed and indexed[n].id == by_list[n].id)
    outdated = sorted(n for n in by_list if n not in current)
    return {
        "datasets": datasets,
        "current": current,
        "outdated": outdated,
        "index_stale": bool(outdated),
    }


@router.get(
    "/catalog",
    summary="Data catalog",
    tags=["Data access"],
    response_model=DataCatalogModel,
    responses=_AUTH_ERRORS,
)
async def catalog(request: Request, _key: Annotated[object, Depends(require_screen)]) -> Response:
    """The datasets (lists and collections of lists) that can be screened against,
    with their versions."""
    active = await run_in_threadpool(get_services(request).store.active)
    return Response(orjson.dumps(_catalog(request, active)), media_type="application/json")


@router.get("/algorithms", response_model=AlgorithmResponse, responses=_AUTH_ERRORS)
async def algorithms(_key: Annotated[object, Depends(require_screen)]) -> Response:
    """The scoring algorithms the matching endpoint can use."""
    return Response(orjson.dumps(algorithms_document()), media_type="application/json")


@router.get(
    "/metrics",
    summary="Prometheus metrics",
    responses={
        200: {"content": {"text/plain": {}}, "description": "Prometheus text format"},
        **_AUTH_ERRORS,
    },
    response_class=Response,
)
async def metrics(request: Request, _key: Annotated[object, Depends(require_admin)]) -> Response:
    """Request latency histogram, screening counts and the serving index version."""
    return Response(get_services(request).metrics.render(), media_type=CONTENT_TYPE)
