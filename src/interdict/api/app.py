"""The app factory: :func:`create_app` builds a FastAPI app from :class:`ApiSettings`.

Creating the app opens (and migrates) the store and loads the API keys; it does not
load the match index. The app's lifespan starts two background loops: the index
refresh (loads the index at once, then follows list updates every
``refresh_seconds``; ``/readyz`` answers 503 until the first index serves) and the
API key reload. Both do their blocking work in worker threads.
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from interdict import __version__
from interdict.api.auth import KeyRingHolder
from interdict.api.errors import install_error_handlers
from interdict.api.executor import ScreeningExecutor, configure_thread_switching
from interdict.api.logs import configure_logging
from interdict.api.lookup import EntityLookup
from interdict.api.metrics import ApiMetrics
from interdict.api.middleware import RequestMiddleware
from interdict.api.routers import match, payments, search, system
from interdict.api.services import ApiServices
from interdict.api.settings import SETTINGS_VARIABLE, ApiSettings
from interdict.api.state import IndexHolder, ServingState
from interdict.errors import ConfigurationError
from interdict.storage.keys import ApiKeyStore
from interdict.storage.snapshots import SnapshotStore

log = logging.getLogger("interdict.api")

#: API keys are reloaded at least this often (seconds), whatever ``refresh_seconds`` is.
KEY_REFRESH_SECONDS = 5.0

DESCRIPTION = """
interdict screens names of people, companies, vessels and aircraft against official
sanctions lists (OFAC, UN, EU, UK, Australia, US CSL). The matching endpoints are
compatible with the [yente](https://github.com/opensanctions/yente) API of
OpenSanctions: same paths, parameters and response shapes.

Authenticate with `Authorization: Bearer <key>` (create keys with
`interdict keys create NAME`).
"""

TAGS = [
    {"name": "Matching", "description": "Screening parties against the lists."},
    {"name": "Data access", "description": "Listed entities and the lists loaded."},
    {"name": "System information", "description": "Health, readiness, metrics."},
]


def build_services(settings: ApiSettings, store: SnapshotStore | None = None) -> ApiServices:
    """Open the store (unless given) and assemble the app's services."""
    if store is None:
        settings.store.home.mkdir(parents=True, exist_ok=True)
        store = SnapshotStore.open(settings.store.database_url)
    metrics = ApiMetrics()
    lookup = EntityLookup(store)

    def on_swap(state: ServingState, swapped: bool) -> None:
        lookup.clear()
        metrics.set_index(state.version, state.entity_count, state.loaded_at, swapped=swapped)

    keys = KeyRingHolder(ApiKeyStore(store.engine))
    keys.refresh()
    return ApiServices(
        settings=settings,
        store=store,
        index=IndexHolder(store, settings.store.index_dir, on_swap=on_swap),
        keys=keys,
        lookup=lookup,
        metrics=metrics,
        executor=ScreeningExecutor(),
    )


def create_app(settings: ApiSettings, *, store: SnapshotStore | None = None) -> FastAPI:
    """A FastAPI app serving the API with these settings (and this store, if given;
    a given store is not closed by the app)."""
    services = build_services(settings, store)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if not settings.require_auth:
            log.warning(
                "authentication is DISABLED (--insecure-no-auth): anyone who can reach "
                "this server can use it; for local experiments only",
                extra={"event": "insecure_mode"},
            )
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(services.index.run, settings.refresh_seconds)
            tasks.start_soon(services.keys.run, min(KEY_REFRESH_SECONDS, settings.refresh_seconds))
            try:
                yield
            finally:
                tasks.cancel_scope.cancel()
        services.executor.shutdown()
        if store is None:
            services.store.close()

    app = FastAPI(
        title=settings.title,
        description=DESCRIPTION,
        version=__version__,
        openapi_tags=TAGS,
        lifespan=lifespan,
        docs_url="/docs",
        redoc_url="/redoc",
        strict_content_type=False,
    )
    app.state.services = services
    install_error_handlers(app)
    app.add_middleware(
        RequestMiddleware,
        metrics=services.metrics,
        max_body_bytes=settings.max_body_bytes,
        insecure=not settings.require_auth,
    )
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "X-Request-ID"],
            expose_headers=["X-Request-ID", "X-Batch-Size"],
        )
    app.include_router(match.router)
    app.include_router(search.router)
    app.include_router(system.router)
    app.include_router(payments.router)
    return app


def app_from_environment() -> FastAPI:
    """The app of a uvicorn worker process: settings from ``INTERDICT_API_SETTINGS``
    (set by ``interdict serve --workers N``); JSON logging as in the parent; the
    process's GIL switch interval set for serving."""
    text = os.environ.get(SETTINGS_VARIABLE)
    if not text:
        raise ConfigurationError(f"{SETTINGS_VARIABLE} is not set; start with `interdict serve`")
    settings = ApiSettings.from_json(text)
    configure_logging(getattr(logging, settings.log_level.upper()))
    configure_thread_switching()
    return create_app(settings)
