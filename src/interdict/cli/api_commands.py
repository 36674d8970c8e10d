"""Server commands: ``serve`` (the HTTP API) and ``keys`` (its API keys)."""

from __future__ import annotations

import logging
import sys

import click
from rich.table import Table

from interdict.api.settings import LOG_LEVELS
from interdict.cli.context import AppContext
from interdict.cli.output import print_json, stderr_console, stdout_console
from interdict.storage.keys import SCOPES, ApiKeyStore

INSECURE_WARNING = (
    "WARNING: authentication is DISABLED (--insecure-no-auth). Anyone who can reach "
    "this server can screen against your lists and read them. Use this for local "
    "experiments only, never on a shared network."
)


@click.command("serve")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    envvar="INTERDICT_API_HOST",
    help="Address to listen on (0.0.0.0 for all interfaces).",
)
@click.option("--port", type=int, default=8000, show_default=True, envvar="INTERDICT_API_PORT")
@click.option(
    "--workers",
    type=int,
    default=1,
    show_default=True,
    envvar="INTERDICT_API_WORKERS",
    help="Worker processes (each loads the match index).",
)
@click.option(
    "--max-body-bytes",
    type=int,
    default=1_000_000,
    show_default=True,
    envvar="INTERDICT_API_MAX_BODY_BYTES",
    help="Largest accepted request body.",
)
@click.option(
    "--max-batch",
    type=int,
    default=100,
    show_default=True,
    envvar="INTERDICT_API_MAX_BATCH",
    help="Most queries in one /match request.",
)
@click.option(
    "--refresh-seconds",
    type=float,
    default=30.0,
    show_default=True,
    envvar="INTERDICT_API_REFRESH_SECONDS",
    help="How often to check for list updates (and reload API keys).",
)
@click.option(
    "--cors-origin",
    "cors_origins",
    multiple=True,
    envvar="INTERDICT_API_CORS_ORIGINS",
    help="Web origin allowed to call the API from a browser; repeatable ('*' for any).",
)
@click.option(
    "--insecure-no-auth", is_flag=True, help="Serve without API keys. Local experiments only!"
)
@click.option(
    "--log-level",
    type=click.Choice(LOG_LEVELS),
    default="info",
    show_default=True,
)
@click.pass_obj
def serve_command(
    app: AppContext,
    host: str,
    port: int,
    workers: int,
    max_body_bytes: int,
    max_batch: int,
    refresh_seconds: float,
    cors_origins: tuple[str, ...],
    insecure_no_auth: bool,
    log_level: str,
) -> None:
    """Run the HTTP screening API (yente-compatible /match, /search, /entities).

    Requests need an API key (`interdict keys create NAME`) sent as
    'Authorization: Bearer KEY'. Lists loaded with `interdict update` are picked
    up without a restart. Docs at /docs, OpenAPI at /openapi.json, metrics at /metrics.
    """
    from interdict.api.logs import configure_logging
    from interdict.api.server import run
    from interdict.api.settings import ApiSettings

    settings = ApiSettings(
        store=app.settings,
        host=host,
        port=port,
        workers=workers,
        require_auth=not insecure_no_auth,
        max_body_bytes=max_body_bytes,
        max_batch=max_batch,
        refresh_seconds=refresh_seconds,
        log_level=log_level,
        cors_origins=cors_origins,
    )
    if insecure_no_auth:
        click.echo(INSECURE_WARNING, err=True)
    configure_logging(getattr(logging, log_level.upper()))
    run(settings)


@click.group("keys")
def keys_group() -> None:
    """Manage the API keys of the HTTP server (only their hashes are stored)."""


def _key_store(app: AppContext) -> ApiKeyStore:
    return ApiKeyStore(app.store.engine)


@keys_group.command("create")
@click.argument("name")
@click.option(
    "--scope",
    type=click.Choice(SCOPES),
    default="screen",
    show_default=True,
    help="screen: matching and data access; admin: also /metrics.",
)
@click.pass_obj
def keys_create(app: AppContext, name: str, scope: str) -> None:
    """Create a key called NAME and print it (once: it cannot be shown again)."""
    info, key = _key_store(app).create(name, scope)
    sys.stdout.write(key + "\n")
    stderr_console().print(
        f"created key [bold]{info.name}[/] (scope {info.scope}); store it now, it is not "
        "shown again",
        highlight=False,
    )


@keys_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@click.pass_obj
def keys_list(app: AppContext, as_json: bool) -> None:
    """List keys (name, prefix, scope, created, revoked); never the keys themselves."""
    keys = _key_store(app).list()
    if as_json:
        print_json([k.to_dict() for k in keys])
        return
    table = Table("name", "prefix", "scope", "created", "revoked")
    for key in keys:
        table.add_row(key.name, key.prefix + "…", key.scope, key.created_at, key.revoked_at or "")
    stdout_console().print(table)


@keys_group.command("revoke")
@click.argument("name")
@click.pass_obj
def keys_revoke(app: AppContext, name: str) -> None:
    """Revoke the key called NAME (running servers refuse it within seconds)."""
    info = _key_store(app).revoke(name)
    stderr_console().print(
        f"revoked key [bold]{info.name}[/] at {info.revoked_at}", highlight=False
    )
