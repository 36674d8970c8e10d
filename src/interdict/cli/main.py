"""The ``interdict`` command group. Sub-commands live in modules of their own."""

from __future__ import annotations

import sys
from typing import Any

import click

from interdict import __version__
from interdict.cli.api_commands import keys_group, serve_command
from interdict.cli.context import AppContext
from interdict.cli.errors import exit_status
from interdict.cli.evaluate_command import evaluate_command
from interdict.cli.lists_commands import diff_command, lists_command, show_command, update_command
from interdict.cli.output import stderr_console
from interdict.cli.payments_commands import payments_group
from interdict.cli.screen_commands import batch_command, screen_command
from interdict.errors import InterdictError
from interdict.settings import Settings


class InterdictGroup(click.Group):
    """A click group that turns interdict errors into a message and an exit status."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except InterdictError as exc:
            stderr_console().print(f"[bold red]error:[/] {exc}", highlight=False, markup=True)
            sys.exit(exit_status(exc))


@click.group(cls=InterdictGroup)
@click.version_option(__version__, prog_name="interdict")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """interdict: sanctions list screening.

    State lives in INTERDICT_HOME (default ~/.interdict); set INTERDICT_DATABASE_URL
    to use PostgreSQL instead of the embedded SQLite store.
    """
    app = AppContext(Settings.from_env())
    ctx.obj = app
    ctx.call_on_close(app.close)


cli.add_command(update_command)
cli.add_command(lists_command)
cli.add_command(show_command)
cli.add_command(diff_command)
cli.add_command(screen_command)
cli.add_command(batch_command)
cli.add_command(evaluate_command)
cli.add_command(payments_group)
cli.add_command(serve_command)
cli.add_command(keys_group)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="interdict")
