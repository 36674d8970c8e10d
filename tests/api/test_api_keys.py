"""The API key store and the ``keys`` / ``serve`` commands."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from interdict.cli.api_commands import INSECURE_WARNING, keys_group, serve_command
from interdict.cli.context import AppContext
from interdict.settings import Settings
from interdict.storage.keys import (
    ApiKeyError,
    ApiKeyStore,
    KeyRing,
    hash_key,
    scope_grants,
)
from interdict.storage.tables import api_keys


def test_only_the_hash_is_stored(any_store: Any) -> None:
    keys = ApiKeyStore(any_store.engine)
    info, key = keys.create("alice", "screen")
    assert key.startswith("idk_") and len(key) >= 40
    with any_store.engine.connect() as conn:
        rows = conn.execute(sa.select(api_keys)).all()
    assert len(rows) == 1
    stored = " ".join(str(v) for v in rows[0])
    assert key not in stored
    assert rows[0].key_hash == hash_key(key) == info.key_hash
    assert info.prefix == key[: len(info.prefix)] and len(info.prefix) < len(key) // 3
    assert "key_hash" not in info.to_dict()


def test_keys_are_unique_and_random(any_store: Any) -> None:
    keys = ApiKeyStore(any_store.engine)
    made = {keys.create(f"k{i}")[1] for i in range(20)}
    assert len(made) == 20


@pytest.mark.parametrize(
    ("name", "scope", "field"),
    [
        ("", "screen", "name"),
        ("has space", "screen", "name"),
        ("x" * 129, "screen", "name"),
        ("-leading", "screen", "name"),
        ("ok", "root", "scope"),
    ],
)
def test_invalid_names_and_scopes(any_store: Any, name: str, scope: str, field: str) -> None:
    with pytest.raises(ApiKeyError) as caught:
        ApiKeyStore(any_store.engine).create(name, scope)
    assert caught.value.field == field


def test_duplicate_and_unknown_names(any_store: Any) -> None:
    keys = ApiKeyStore(any_store.engine)
    keys.create("bob")
    with pytest.raises(ApiKeyError, match="already exists"):
        keys.create("bob")
    with pytest.raises(ApiKeyError, match="no key named"):
        keys.revoke("carol")


def test_revoke_and_ring(any_store: Any) -> None:
    keys = ApiKeyStore(any_store.engine)
    _, a = keys.create("a", "screen")
    _, b = keys.create("b", "admin")
    ring = keys.key_ring()
    assert len(ring) == 2
    assert ring.verify(a) is not None and ring.verify(a).name == "a"  # type: ignore[union-attr]
    assert ring.verify(b).scope == "admin"  # type: ignore[union-attr]
    first = keys.revoke("a")
    again = keys.revoke("a")
    assert first.revoked_at is not None and again.revoked_at == first.revoked_at
    ring = keys.key_ring()
    assert ring.verify(a) is None and ring.verify(b) is not None
    assert [k.name for k in keys.list()] == ["a", "b"]
    with pytest.raises(ApiKeyError):
        keys.create("a")  # a revoked name is not reused


@given(st.text(max_size=60))
@settings(max_examples=100, deadline=None)
def test_random_strings_never_verify(presented: str) -> None:
    ring = KeyRing()
    assert ring.verify(presented) is None


@pytest.mark.parametrize(
    ("held", "needed", "granted"),
    [
        ("screen", "screen", True),
        ("screen", "admin", False),
        ("admin", "screen", True),
        ("admin", "admin", True),
        ("other", "screen", False),
    ],
)
def test_scope_grants(held: str, needed: str, granted: bool) -> None:
    assert scope_grants(held, needed) is granted


@pytest.fixture()
def cli(tmp_path: Path) -> click.Group:
    settings = Settings(home=tmp_path / "h", database_url=f"sqlite:///{tmp_path / 'h' / 'db'}")

    @click.group()
    @click.pass_context
    def group(ctx: click.Context) -> None:
        ctx.obj = AppContext(settings)
        ctx.call_on_close(ctx.obj.close)

    group.add_command(keys_group)
    group.add_command(serve_command)
    return group


def test_keys_commands(cli: click.Group) -> None:
    runner = CliRunner()
    created = runner.invoke(cli, ["keys", "create", "ci-bot", "--scope", "admin"])
    assert created.exit_code == 0, created.output
    key = created.stdout.strip()
    assert key.startswith("idk_") and "\n" not in key
    assert "not shown again" in created.stderr
    listed = runner.invoke(cli, ["keys", "list", "--json"])
    rows = json.loads(listed.stdout)
    assert [(r["name"], r["scope"], r["active"]) for r in rows] == [("ci-bot", "admin", True)]
    assert key not in listed.stdout
    table = runner.invoke(cli, ["keys", "list"])
    assert "ci-bot" in table.stdout and key not in table.stdout
    revoked = runner.invoke(cli, ["keys", "revoke", "ci-bot"])
    assert revoked.exit_code == 0
    rows = json.loads(runner.invoke(cli, ["keys", "list", "--json"]).stdout)
    assert rows[0]["active"] is False and rows[0]["revoked_at"]
    bad = runner.invoke(cli, ["keys", "create", "x", "--scope", "root"])
    assert bad.exit_code == 2


@pytest.mark.parametrize("insecure", [False, True])
def test_serve_builds_settings(
    cli: click.Group, monkeypatch: pytest.MonkeyPatch, insecure: bool
) -> None:
    seen: list[Any] = []
    monkeypatch.setattr("interdict.api.server.run", seen.append)
    monkeypatch.setattr("interdict.api.logs.configure_logging", lambda level: None)
    args = ["serve", "--port", "9123", "--max-batch", "7", "--refresh-seconds", "2"]
    result = CliRunner().invoke(cli, args + (["--insecure-no-auth"] if insecure else []))
    assert result.exit_code == 0, result.output
    (settings,) = seen
    assert (settings.port, settings.max_batch, settings.refresh_seconds) == (9123, 7, 2.0)
    assert settings.host == "127.0.0.1" and settings.workers == 1
    assert settings.require_auth is not insecure
    assert (INSECURE_WARNING in result.stderr) is insecure


def test_settings_travel_to_workers_as_json(tmp_path: Path) -> None:
    from interdict.api.settings import ApiSettings
    from interdict.errors import ConfigurationError

    settings = ApiSettings(
        store=Settings(home=tmp_path, database_url="sqlite:///x.db"),
        workers=3,
        require_auth=False,
        max_batch=9,
    )
    assert ApiSettings.from_json(settings.to_json()) == settings
    with pytest.raises(ConfigurationError):
        ApiSettings.from_json("{}")
    with pytest.raises(ConfigurationError):
        ApiSettings(store=settings.store, max_batch=0)
