"""``interdict payments screen``: screen ISO 20022 and SWIFT MT payment messages."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from interdict.cli.context import AppContext
from interdict.cli.output import json_line
from interdict.errors import InputError


@click.group("payments")
def payments_group() -> None:
    """Payment message screening (ISO 20022 pacs/pain, SWIFT MT103/202/205)."""


@payments_group.command("screen")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--threshold", type=float, default=None, help="Party and agent threshold.")
@click.option("--list", "lists", multiple=True, help="Only screen against this list; repeatable.")
@click.option(
    "--allow-bic", multiple=True, help="A BIC (8 or 11 characters) never reported; repeatable."
)
@click.option(
    "--validate",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="Also validate each ISO 20022 message against this XSD (offline).",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per message (JSON Lines).")
@click.pass_obj
def screen_payments_command(
    app: AppContext,
    files: tuple[Path, ...],
    threshold: float | None,
    lists: tuple[str, ...],
    allow_bic: tuple[str, ...],
    validate: Path | None,
    as_json: bool,
) -> None:
    """Screen every party, agent, country and free-text field of each message in FILES.

    Exit status: 0 all clear, 1 any hit, 2 any message in error (a malformed, hostile
    or unknown message; the other messages of the file are still screened).
    """
    from interdict.payments import PaymentPolicy, exit_code, screen_file
    from interdict.screening.cache import PAYMENTS_CACHE_SIZE, CachedScreener
    from interdict.screening.screener import Screener
    from interdict.screening.service import IndexCache

    try:
        policy = PaymentPolicy(lists=frozenset(lists) or None, allowed_bics=frozenset(allow_bic))
        if threshold is not None:
            policy = policy.with_threshold(threshold)
    except ValueError as exc:
        raise InputError(str(exc), field="threshold") from exc
    # Files repeat parties (one debtor, many transactions): each is screened once.
    screener = CachedScreener(
        Screener(IndexCache(app.settings.index_dir).load_or_build(app.store)),
        size=PAYMENTS_CACHE_SIZE,
    )
    results = []
    for path in files:
        for result in screen_file(path, screener, policy, validate=validate):
            results.append(result)
            if as_json:
                sys.stdout.buffer.write(json_line(result.to_dict()))
            else:
                click.echo(result.to_text())
    sys.stdout.flush()
    sys.exit(exit_code(results))
