"""Screening commands: ``screen`` (one party) and ``batch`` (a CSV of parties)."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn
from rich.table import Table

from interdict.cli.context import AppContext
from interdict.cli.errors import EXIT_HIT, EXIT_OK, EXIT_USAGE
from interdict.cli.output import print_json, stderr_console, stdout_console
from interdict.errors import InputError
from interdict.screening.policy import DEFAULT_LIMIT, DEFAULT_THRESHOLD, Policy
from interdict.screening.query import Query

if TYPE_CHECKING:
    from interdict.screening.result import ScreeningResult


def _policy(threshold: float, limit: int, lists: tuple[str, ...]) -> Policy:
    try:
        return Policy(threshold=threshold, limit=limit, lists=frozenset(lists) or None)
    except ValueError as exc:
        raise InputError(str(exc), field="threshold/limit") from exc


def screening_output(row_id: str | None, result: ScreeningResult) -> dict[str, Any]:
    """One batch-output-shaped object, plus what produced it."""
    return {
        "id": row_id,
        "matches": [m.to_dict() for m in result.matches],
        "algorithm": result.algorithm,
        "index_version": result.index_version,
        "policy": result.policy.to_dict(),
    }


@click.command("screen")
@click.argument("name", nargs=-1, required=True)
@click.option("--type", "party_type", help="person, organization, company, vessel or aircraft.")
@click.option("--birth-date", help="YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--country", multiple=True, help="Country (ISO code or name); repeatable.")
@click.option("--id-number", multiple=True, help="Passport, national id, IMO, BIC...; repeatable.")
@click.option("--threshold", type=float, default=DEFAULT_THRESHOLD, show_default=True)
@click.option("--limit", type=int, default=DEFAULT_LIMIT, show_default=True)
@click.option("--list", "lists", multiple=True, help="Only screen against this list; repeatable.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--fail-on-hit", is_flag=True, help="Exit with status 1 when a match is found.")
@click.pass_obj
def screen_command(
    app: AppContext,
    name: tuple[str, ...],
    party_type: str | None,
    birth_date: str | None,
    country: tuple[str, ...],
    id_number: tuple[str, ...],
    threshold: float,
    limit: int,
    lists: tuple[str, ...],
    as_json: bool,
    fail_on_hit: bool,
) -> None:
    """Screen one party, e.g. interdict screen "Ghassem Damavandian" --birth-date 1968."""
    from interdict.screening.screener import Screener
    from interdict.screening.service import IndexCache

    query = Query.build(
        [" ".join(name)],
        type=party_type,
        birth_dates=[birth_date],
        countries=country,
        identifiers=id_number,
    )
    policy = _policy(threshold, limit, lists)
    index = IndexCache(app.settings.index_dir).load_or_build(app.store)
    result = Screener(index).screen(query, policy=policy)
    if as_json:
        print_json(screening_output(query.names[0], result))
    else:
        _print_result(result)
    if fail_on_hit and result.hit:
        sys.exit(EXIT_HIT)
    sys.exit(EXIT_OK)


def _print_result(result: ScreeningResult) -> None:
    console = stdout_console()
    if not result.matches:
        console.print(
            f"No match at threshold {result.policy.threshold:.2f} "
            f"({result.algorithm}, lists {result.index_version}).",
            highlight=False,
        )
        return
    table = Table("score", "entity", "name", "type", "list", "why", show_lines=True)
    for match in result.matches:
        table.add_row(
            f"{match.score:.3f}",
            match.entity_id,
            match.caption,
            match.schema,
            match.list_name,
            str(match.explanation.get("summary", "")),
        )
    console.print(table)
    console.print(f"[dim]{result.algorithm}; threshold {result.policy.threshold:.2f}[/]")


@click.command("batch")
@click.argument("input_csv", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True,
    help="JSON Lines output file ('-' for stdout).",
)  # fmt: skip
@click.option("--threshold", type=float, default=DEFAULT_THRESHOLD, show_default=True)
@click.option("--limit", type=int, default=DEFAULT_LIMIT, show_default=True)
@click.option("--list", "lists", multiple=True, help="Only screen against this list; repeatable.")
@click.option("--workers", type=int, default=None, help="Worker processes (default: all cores).")
@click.pass_obj
def batch_command(
    app: AppContext,
    input_csv: Path,
    output: Path,
    threshold: float,
    limit: int,
    lists: tuple[str, ...],
    workers: int | None,
) -> None:
    """Screen a CSV of parties (columns id,name,type,birth_date,country) to JSON Lines.

    Output has one line per input row, in input order. Invalid rows get an "error"
    object in their line and are listed on stderr; the exit status is then 2.
    """
    from interdict.batch.job import ScreenPartition
    from interdict.batch.local import run_local
    from interdict.batch.rows import RowError, read_batch_csv
    from interdict.screening.service import IndexCache

    policy = _policy(threshold, limit, lists)
    cache = IndexCache(app.settings.index_dir)
    cache.load_or_build(app.store)
    job = ScreenPartition(str(cache.path_for(app.store.active())), policy)
    console = stderr_console()
    with input_csv.open(newline="", encoding="utf-8-sig") as stream:
        rows = list(read_batch_csv(stream, file=str(input_csv)))
    errors = [r for r in rows if isinstance(r, RowError)]
    started = time.perf_counter()
    sink = sys.stdout.buffer if str(output) == "-" else output.open("wb")
    try:
        with Progress(
            "screening",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
        ) as progress:
            task = progress.add_task("rows", total=len(rows))
            for line in run_local(
                job.json_lines,
                rows,
                workers=workers,
                on_progress=lambda n: progress.advance(task, n),
            ):
                sink.write(line)
    finally:
        if sink is not sys.stdout.buffer:
            sink.close()
    seconds = time.perf_counter() - started
    rate = len(rows) / seconds if seconds > 0 else 0.0
    console.print(
        f"screened {len(rows) - len(errors)} rows in {seconds:.1f} s ({rate:,.0f} rows/s); "
        f"{len(errors)} invalid",
        highlight=False,
    )
    for error in errors[:50]:
        console.print(
            f"[red]line {error.line}[/] id {error.row_id!r}: {error.field or 'row'}: {error.message}",
            highlight=False,
        )
    sys.exit(EXIT_USAGE if errors else EXIT_OK)
