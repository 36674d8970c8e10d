"""The per-app services routes use, reached as ``request.app.state.services``."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from interdict.api.auth import KeyRingHolder
from interdict.api.errors import ApiError
from interdict.api.executor import ScreeningExecutor
from interdict.api.lookup import EntityLookup
from interdict.api.metrics import ApiMetrics
from interdict.api.settings import ApiSettings
from interdict.api.state import IndexHolder, ServingState
from interdict.storage.snapshots import SnapshotStore


@dataclass(frozen=True, slots=True)
class ApiServices:
    """Everything an app owns: settings, store, the serving index, keys, metrics,
    and the thread pool screening runs in."""

    settings: ApiSettings
    store: SnapshotStore
    index: IndexHolder
    keys: KeyRingHolder
    lookup: EntityLookup
    metrics: ApiMetrics
    executor: ScreeningExecutor


def get_services(request: Request) -> ApiServices:
    services: ApiServices = request.app.state.services
    return services


def serving_state(request: Request) -> ServingState:
    """The serving state, or 503 while lists are not loaded (read once per request)."""
    state = get_services(request).index.current
    if state is None:
        raise ApiError(503, "Index not ready.")
    return state
