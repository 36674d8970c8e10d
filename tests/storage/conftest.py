"""Store fixtures: every store test runs on SQLite and, when available, PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from interdict.storage.snapshots import SnapshotStore


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL per test."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    base = os.environ.get("INTERDICT_TEST_POSTGRES_URL")
    if not base:
        pytest.skip(
            "INTERDICT_TEST_POSTGRES_URL is not set (CI sets it; .ci/run starts PostgreSQL)"
        )
    name = f"interdict_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = base.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture()
def store(store_url: str) -> Iterator[SnapshotStore]:
    opened = SnapshotStore.open(store_url)
    try:
        yield opened
    finally:
        opened.close()
