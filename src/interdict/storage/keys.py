"""API keys of the HTTP server: created once, stored as hashes, revoked by name.

Contract:

* :meth:`ApiKeyStore.create` returns the plain key exactly once; only its SHA-256
  (hex) and a short display prefix are stored, so a leaked database does not leak
  usable keys. Keys are 256-bit random (``secrets``), so an unsalted hash is enough;
* a key carries one scope: ``screen`` (matching, search, entities, catalog) or
  ``admin`` (everything ``screen`` can do, plus operational endpoints such as
  ``/metrics``); see :func:`scope_grants`;
* revoking keeps the row (with ``revoked_at``) for audit; a revoked key never
  authenticates again and its name cannot be reused;
* :class:`KeyRing` is an immutable snapshot of the active keys that verifies a
  presented key by comparing digests in constant time against every active key.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from interdict.errors import InputError
from interdict.storage.snapshots import utc_now
from interdict.storage.tables import api_keys

#: Scopes a key can hold, weakest first.
SCOPES = ("screen", "admin")
#: What each scope grants.
_GRANTS = {"screen": frozenset({"screen"}), "admin": frozenset({"screen", "admin"})}

KEY_PREFIX = "idk_"
_PREFIX_LENGTH = len(KEY_PREFIX) + 8
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$")


class ApiKeyError(InputError):
    """A key name is invalid, already taken or unknown, or a scope is unknown."""


def hash_key(key: str) -> str:
    """The stored form of a key: SHA-256 of its UTF-8 bytes, hex."""
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def scope_grants(held: str, needed: str) -> bool:
    """Whether a key with scope ``held`` may call an endpoint needing ``needed``."""
    return needed in _GRANTS.get(held, frozenset())


@dataclass(frozen=True, slots=True)
class ApiKeyInfo:
    """What is known about a stored key (never the key itself)."""

    name: str
    prefix: str
    scope: str
    created_at: str
    revoked_at: str | None
    key_hash: str

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def to_dict(self) -> dict[str, Any]:
        """The ``interdict keys list --json`` form (no hash)."""
        return {
            "name": self.name,
            "prefix": self.prefix,
            "scope": self.scope,
            "created_at": self.created_at,
            "revoked_at": self.revoked_at,
            "active": self.active,
        }


class KeyRing:
    """An immutable set of active keys, for verifying presented keys."""

    def __init__(self, keys: tuple[ApiKeyInfo, ...] = ()) -> None:
        self._keys = tuple(k for k in keys if k.active)

    def __len__(self) -> int:
        return len(self._keys)

    def verify(self, presented: str) -> ApiKeyInfo | None:
        """The active key ``presented`` is, or ``None``.

        Every stored digest is compared with :func:`hmac.compare_digest`, without
        stopping at the first hit, so the time taken does not depend on which key
        (if any) matched.
        """
        digest = hash_key(presented)
        found: ApiKeyInfo | None = None
        for key in self._keys:
            if hmac.compare_digest(key.key_hash, digest):
                found = key
        return found


def _info(row: sa.Row[Any]) -> ApiKeyInfo:
    return ApiKeyInfo(
        name=row.name,
        prefix=row.prefix,
        scope=row.scope,
        created_at=row.created_at,
        revoked_at=row.revoked_at,
        key_hash=row.key_hash,
    )


class ApiKeyStore:
    """API keys in the interdict database (the engine must be migrated)."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    def create(self, name: str, scope: str = "screen") -> tuple[ApiKeyInfo, str]:
        """Store a new key; its info and the plain key (shown once, never stored)."""
        if not _NAME.match(name):
            raise ApiKeyError(
                "a key name is 1-128 characters: letters, digits, '.', '_', '@', '-'",
                field="name",
            )
        if scope not in SCOPES:
            raise ApiKeyError(
                f"unknown scope {scope!r}; use one of {', '.join(SCOPES)}", field="scope"
            )
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        values = {
            "name": name,
            "key_hash": hash_key(key),
            "prefix": key[:_PREFIX_LENGTH],
            "scope": scope,
            "created_at": utc_now(),
            "revoked_at": None,
        }
        with self.engine.begin() as conn:
            taken = conn.execute(sa.select(api_keys.c.id).where(api_keys.c.name == name)).first()
            if taken is not None:
                raise ApiKeyError(f"a key named {name!r} already exists", field="name")
            conn.execute(api_keys.insert().values(**values))
        return self.get(name), key

    def get(self, name: str) -> ApiKeyInfo:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(api_keys).where(api_keys.c.name == name)).first()
        if row is None:
            raise ApiKeyError(f"no key named {name!r}", field="name")
        return _info(row)

    def list(self) -> list[ApiKeyInfo]:
        """All keys, revoked ones included, oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(api_keys).order_by(api_keys.c.id)).all()
        return [_info(r) for r in rows]

    def revoke(self, name: str) -> ApiKeyInfo:
        """Revoke a key by name (idempotent for an already revoked key)."""
        with self.engine.begin() as conn:
            updated = conn.execute(
                api_keys.update()
                .where(api_keys.c.name == name, api_keys.c.revoked_at.is_(None))
                .values(revoked_at=utc_now())
            ).rowcount
        info = self.get(name)
        if not updated and info.active:  # pragma: no cover - a concurrent un-revoke
            raise ApiKeyError(f"could not revoke key {name!r}", field="name")
        return info

    def key_ring(self) -> KeyRing:
        """A snapshot of the active keys."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(api_keys).where(api_keys.c.revoked_at.is_(None))).all()
        return KeyRing(tuple(_info(r) for r in rows))
