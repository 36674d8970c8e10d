"""API key authentication and scopes.

A request authenticates with ``Authorization: Bearer <key>`` (``ApiKey <key>``, the
OpenSanctions API spelling, is accepted too). Keys are verified against an in-memory
:class:`~interdict.storage.keys.KeyRing`, reloaded from the store every refresh
interval, so a new or revoked key takes effect within that interval without a
restart.

* no key, or a key that is unknown or revoked → 401 with
  ``WWW-Authenticate: Bearer realm="interdict"``;
* a valid key without the scope the endpoint needs → 403;
* with ``--insecure-no-auth`` every request passes (and is marked, see middleware).

``/healthz``, ``/readyz``, ``/openapi.json`` and the docs never need a key.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Annotated

import anyio
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from interdict.api.errors import ApiError

if TYPE_CHECKING:
    from interdict.api.services import ApiServices
from interdict.errors import InterdictError
from interdict.storage.keys import ApiKeyInfo, ApiKeyStore, KeyRing, scope_grants

log = logging.getLogger("interdict.api.auth")

#: Declares the Bearer scheme in the OpenAPI document (the "Authorize" button of the docs).
bearer_scheme = HTTPBearer(auto_error=False, description="An interdict API key.")

_REALM = 'Bearer realm="interdict"'


class KeyRingHolder:
    """The current :class:`KeyRing`; :meth:`refresh` (blocking) reloads it."""

    def __init__(self, keys: ApiKeyStore) -> None:
        self.keys = keys
        self._ring = KeyRing()
        self._lock = threading.Lock()

    @property
    def ring(self) -> KeyRing:
        return self._ring

    def refresh(self) -> None:
        with self._lock:
            try:
                self._ring = self.keys.key_ring()
            except InterdictError as exc:  # keep the last good ring
                log.error("cannot reload API keys: %s", exc, extra={"event": "keys_error"})

    async def run(self, interval: float) -> None:
        while True:
            await anyio.sleep(interval)
            try:
                await anyio.to_thread.run_sync(self.refresh)
            except Exception:  # a bug must not stop the loop; it is logged with its trace
                log.exception("unexpected error while reloading API keys")


def _presented_key(request: Request, credentials: HTTPAuthorizationCredentials | None) -> str:
    if credentials is not None and credentials.credentials:
        return credentials.credentials.strip()
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "apikey" and value.strip():
        return value.strip()
    return ""


def require_scope(scope: str) -> Callable[..., Awaitable[ApiKeyInfo | None]]:
    """A dependency that admits requests whose key grants ``scope``."""

    async def dependency(
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
    ) -> ApiKeyInfo | None:
        services: ApiServices = request.app.state.services
        if not services.settings.require_auth:
            return None
        presented = _presented_key(request, credentials)
        if not presented:
            raise ApiError(
                401,
                "Missing API key: send 'Authorization: Bearer <key>'.",
                headers={"WWW-Authenticate": _REALM},
            )
        key = services.keys.ring.verify(presented)
        if key is None:
            raise ApiError(
                401,
                "Invalid or revoked API key.",
                headers={"WWW-Authenticate": f'{_REALM}, error="invalid_token"'},
            )
        request.scope.setdefault("state", {})["api_key"] = key.name
        if not scope_grants(key.scope, scope):
            raise ApiError(403, f"This API key lacks the {scope!r} scope.")
        return key

    return dependency


require_screen = require_scope("screen")
require_admin = require_scope("admin")
