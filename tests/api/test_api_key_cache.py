"""The verified-key cache: hits skip verification, entries expire, failures are never
cached, and a reloaded key ring (a revocation) empties it."""

from __future__ import annotations

from typing import Any

import pytest

from interdict.api.auth import KeyRingHolder, VerifiedKeyCache, presented_key
from interdict.storage.keys import ApiKeyInfo, ApiKeyStore, KeyRing, hash_key


class CountingRing(KeyRing):
    """A key ring that counts verifications."""

    def __init__(self, keys: tuple[ApiKeyInfo, ...]) -> None:
        super().__init__(keys)
        self.calls = 0

    def verify(self, presented: str) -> ApiKeyInfo | None:
        self.calls += 1
        return super().verify(presented)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def info(name: str, key: str) -> ApiKeyInfo:
    return ApiKeyInfo(name, key[:8], "screen", "2026-01-01", None, hash_key(key))


@pytest.fixture()
def ring() -> CountingRing:
    return CountingRing((info("a", "idk_alpha"), info("b", "idk_bravo")))


def test_a_verified_key_is_served_from_the_cache_until_it_expires(ring: CountingRing) -> None:
    clock = Clock()
    cache = VerifiedKeyCache(ring, ttl=5.0, clock=clock)
    first = cache.verify("idk_alpha")
    assert first is not None and first.name == "a"
    clock.now += 4.9
    assert cache.verify("idk_alpha") == first
    assert ring.calls == 1, "a fresh entry is not verified again"
    clock.now += 0.2
    assert cache.verify("idk_alpha") == first
    assert ring.calls == 2, "an expired entry is verified again"


@pytest.mark.parametrize("presented", ["idk_wrong", "", "idk_alph", "IDK_ALPHA"])
def test_failures_are_never_cached(ring: CountingRing, presented: str) -> None:
    cache = VerifiedKeyCache(ring, clock=Clock())
    assert cache.verify(presented) is None
    assert cache.verify(presented) is None
    assert ring.calls == 2


def test_the_cache_is_bounded(ring: CountingRing) -> None:
    keys = [f"idk_{i}" for i in range(10)]
    big = CountingRing(tuple(info(k, k) for k in keys))
    cache = VerifiedKeyCache(big, size=4, clock=Clock())
    for key in keys:
        assert cache.verify(key) is not None
    assert len(cache._entries) <= 4


def test_revocation_takes_effect_at_the_next_reload(loaded_store: Any) -> None:
    """Within the reload interval a cached key still works (documented bound); the
    reload that sees the revocation refuses it at once."""
    store = ApiKeyStore(loaded_store.engine)
    _, key = store.create("soon-revoked", "screen")
    holder = KeyRingHolder(store, cache_seconds=60.0)
    holder.refresh()
    assert holder.verify(key) is not None
    store.revoke("soon-revoked")
    assert holder.verify(key) is not None, "cached until the ring reloads"
    holder.refresh()
    assert holder.verify(key) is None


def test_a_failed_reload_keeps_the_ring_and_its_cache(loaded_store: Any) -> None:
    store = ApiKeyStore(loaded_store.engine)
    _, key = store.create("kept", "screen")
    holder = KeyRingHolder(store)
    holder.refresh()
    assert holder.verify(key) is not None
    from interdict.errors import InterdictError

    def broken() -> KeyRing:
        raise InterdictError("database unavailable")

    holder.keys.key_ring = broken  # type: ignore[method-assign]
    holder.refresh()
    assert holder.verify(key) is not None


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("Bearer idk_x", "idk_x"),
        ("bearer   idk_x  ", "idk_x"),
        ("ApiKey idk_x", "idk_x"),
        ("APIKEY idk_x", "idk_x"),
        ("Basic idk_x", ""),
        ("Bearer", ""),
        ("", ""),
        ("idk_x", ""),
        (" Bearer idk_x", ""),
    ],
)
def test_presented_key(header: str, key: str) -> None:
    assert presented_key(header) == key
