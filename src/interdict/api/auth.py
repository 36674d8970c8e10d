"""API key authentication and scopes.

A request authenticates with ``Authorization: Bearer <key>`` (``ApiKey <key>``, the
OpenSanctions API spelling, is accepted too). Keys are verified against an in-memory
:class:`~interdict.storage.keys.KeyRing`, reloaded from the store every refresh
interval (at most :data:`interdict.api.app.KEY_REFRESH_SECONDS`, 5 s), so a new or
revoked key takes effect within that interval without a restart.

Verified keys are cached (:class:`VerifiedKeyCache`): a key seen again within
``ttl`` seconds (the reload interval) is not hashed and compared again. The cache
belongs to one key ring and is emptied whenever the ring is reloaded, so a revoked
key is refused at the latest one reload interval after its revocation, exactly as
without the cache; failed attempts are never cached.

* no key, or a key that is unknown or revoked → 401 with
  ``WWW-Authenticate: Bearer realm="interdict"``;
* a valid key without the scope the endpoint needs → 403;
* with ``--insecure-no-auth`` every request passes (and is marked, see middleware).

``/healthz``, ``/readyz``, ``/openapi.json`` and the docs never need a key.
"""

from __future__ import annotations

import logging
import threading
import time
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


#: Verified keys are remembered this long (seconds) at most; the ring reload empties
#: the cache earlier.
KEY_CACHE_SECONDS = 5.0
#: At most this many distinct verified keys are cached (the oldest are dropped).
KEY_CACHE_SIZE = 1024


class VerifiedKeyCache:
    """Presented key → the :class:`ApiKeyInfo` it verified as, for ``ttl`` seconds.

    Bound to one :class:`KeyRing` (a new ring gets a new cache); only successful
    verifications are stored, at most ``size`` of them. Thread-safe for its use:
    single dictionary operations only.
    """

    def __init__(
        self,
        ring: KeyRing,
        *,
        ttl: float = KEY_CACHE_SECONDS,
        size: int = KEY_CACHE_SIZE,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ring = ring
        self.ttl = ttl
        self.size = size
        self._clock = clock
        self._entries: dict[str, tuple[float, ApiKeyInfo]] = {}

    def verify(self, presented: str) -> ApiKeyInfo | None:
        """The active key ``presented`` is (from the cache when fresh), or ``None``."""
        now = self._clock()
        entry = self._entries.get(presented)
        if entry is not None and entry[0] > now:
            return entry[1]
        key = self.ring.verify(presented)
        if key is None:
            self._entries.pop(presented, None)
            return None
        if len(self._entries) >= self.size:
            self._entries.clear()
        self._entries[presented] = (now + self.ttl, key)
        return key


class KeyRingHolder:
    """The current :class:`KeyRing`; :meth:`refresh` (blocking) reloads it.

    :meth:`verify` checks a presented key against the current ring through a
    :class:`VerifiedKeyCache` that is replaced with the ring.
    """

    def __init__(self, keys: ApiKeyStore, *, cache_seconds: float = KEY_CACHE_SECONDS) -> None:
        self.keys = keys
        self.cache_seconds = cache_seconds
        self._ring = KeyRing()
        self._cache = VerifiedKeyCache(self._ring, ttl=cache_seconds)
        self._lock = threading.Lock()

    @property
    def ring(self) -> KeyRing:
        return self._ring

    def verify(self, presented: str) -> ApiKeyInfo | None:
        """The active key ``presented`` is, or ``None`` (see :class:`VerifiedKeyCache`)."""
        return self._cache.verify(presented)

    def refresh(self) -> None:
        with self._lock:
            try:
                ring = self.keys.key_ring()
            except InterdictError as exc:  # keep the last good ring
                log.error("cannot reload API keys: %s", exc, extra={"event": "keys_error"})
                return
            # One assignment: readers see the old ring with its cache or the new one.
            self._cache = VerifiedKeyCache(ring, ttl=self.cache_seconds)
            self._ring = ring

    async def run(self, interval: float) -> None:
        while True:
            await anyio.sleep(interval)
            try:
                await anyio.to_thread.run_sync(self.refresh)
            except Exception:  # a bug must not stop the loop; it is logged with its trace
                log.exception("unexpected error while reloading API keys")


def presented_key(authorization: str) -> str:
    """The key in an ``Authorization`` header value (``Bearer`` or ``ApiKey``), or ""."""
    scheme, _, value = authorization.partition(" ")
    if scheme.lower() in {"bearer", "apikey"}:
        return value.strip()
    return ""


def authenticate(request: Request, scope: str) -> ApiKeyInfo | None:
    """The key of a request if it grants ``scope`` (``None`` when authentication is
    off); :class:`ApiError` 401 or 403 otherwise. Records the key name on the
    request scope for the access log."""
    services: ApiServices = request.app.state.services
    if not services.settings.require_auth:
        return None
    presented = presented_key(request.headers.get("authorization", ""))
    if not presented:
        raise ApiError(
            401,
            "Missing API key: send 'Authorization: Bearer <key>'.",
            headers={"WWW-Authenticate": _REALM},
        )
    key = services.keys.verify(presented)
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


def require_scope(scope: str) -> Callable[..., Awaitable[ApiKeyInfo | None]]:
    """A dependency that admits requests whose key grants ``scope`` (the Bearer
    scheme is declared for the OpenAPI document; :func:`authenticate` decides)."""

    async def dependency(
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
    ) -> ApiKeyInfo | None:
        return authenticate(request, scope)

    return dependency


require_screen = require_scope("screen")
require_admin = require_scope("admin")
