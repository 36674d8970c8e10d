"""List commands: ``update``, ``lists``, ``show`` and ``diff``."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.progress import BarColumn, DownloadColumn, Progress, TransferSpeedColumn
from rich.table import Table

from interdict.cli.context import AppContext
from interdict.cli.errors import EXIT_FAILED
from interdict.cli.output import print_json, stderr_console, stdout_console
from interdict.lists.update import ListOutcome, UpdateOptions
from interdict.model import Entity


def _outcome_printer(quiet: bool) -> Callable[[ListOutcome], None]:
    console = stderr_console()

    def show(outcome: ListOutcome) -> None:
        if quiet and not outcome.failed:
            return
        mark = {"loaded": "[green]loaded[/]", "unchanged": "[dim]unchanged[/]"}.get(
            outcome.status, "[bold red]FAILED[/]"
        )
        version = f" {outcome.snapshot.version}" if outcome.snapshot else ""
        console.print(
            f"{mark} [bold]{outcome.list_name}[/]{version}: {outcome.message} "
            f"({outcome.seconds:.1f} s)",
            highlight=False,
        )

    return show


@click.command("update")
@click.option(
    "--from",
    "source_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Load a local list directory (DESIGN.md layout) instead of downloading.",
)
@click.option(
    "--list", "only", multiple=True, help="Only this list (repeatable), e.g. --list ofac_sdn."
)
@click.option("--force", is_flag=True, help="Load even if a list's entity count collapsed.")
@click.option("--mirror", help="Download from MIRROR/<source>/<file> instead of official URLs.")
@click.option("--json", "as_json", is_flag=True, help="Print the outcome of each list as JSON.")
@click.option("--quiet", "-q", is_flag=True, help="Print failures only.")
@click.pass_obj
def update_command(
    app: AppContext,
    source_dir: Path | None,
    only: tuple[str, ...],
    force: bool,
    mirror: str | None,
    as_json: bool,
    quiet: bool,
) -> None:
    """Download the official lists (or load them from a directory) into new snapshots.

    A list that fails to parse, or whose entity count drops by more than 20% (unless
    --force), is not loaded and its previous snapshot stays active; the exit status
    is then 1.
    """
    from interdict.lists.update import update_from_directory, update_from_web

    options = UpdateOptions(force=force)
    printer = _outcome_printer(quiet or as_json)
    if source_dir is not None:
        outcomes = update_from_directory(
            app.store, source_dir, only=only or None, options=options, on_outcome=printer
        )
    else:
        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            console=stderr_console(),
            transient=True,
            disable=quiet or as_json,
        ) as progress:

            def factory(label: str) -> Callable[[int, int | None], None]:
                task = progress.add_task(label, total=None)

                def advance(done: int, total: int | None) -> None:
                    progress.update(task, completed=done, total=total)

                return advance

            outcomes = update_from_web(
                app.store,
                app.settings.download_dir,
                only=only or None,
                options=options,
                mirror=mirror,
                progress=factory,
                on_outcome=printer,
            )
    if not any(o.failed for o in outcomes) or any(o.status == "loaded" for o in outcomes):
        _warm_index(app)
    if as_json:
        print_json([o.to_dict() for o in outcomes])
    if any(o.failed for o in outcomes):
        sys.exit(EXIT_FAILED)


def _warm_index(app: AppContext) -> None:
    """Build and save the match index of the active lists, so screening starts fast."""
    from interdict.screening.service import IndexCache

    IndexCache(app.settings.index_dir).load_or_build(app.store)


@click.command("lists")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array (DESIGN.md §3).")
@click.pass_obj
def lists_command(app: AppContext, as_json: bool) -> None:
    """Show the active version of every loaded list."""
    active = app.store.active()
    if as_json:
        print_json([s.to_dict() for s in active])
        return
    if not active:
        stderr_console().print("No list loaded yet: run `interdict update`.")
        return
    table = Table("list", "version", "published", "entities", "loaded at", "edition")
    for snap in active:
        table.add_row(
            snap.list_name,
            snap.version,
            snap.published or "-",
            f"{snap.entity_count:,}",
            snap.loaded_at,
            snap.edition,
        )
    stdout_console().print(table)


def entity_json(entity: Entity) -> dict[str, Any]:
    """The ``interdict show --json`` form (DESIGN.md §3) plus typed values with provenance."""
    return {
        "id": entity.id,
        "schema": entity.schema,
        "caption": entity.caption,
        "source": entity.source,
        "list": entity.list_name,
        "version": entity.version,
        "names": [n.full for n in entity.names],
        "properties": entity.ftm_properties(),
        "values": entity.to_dict(),
    }


@click.command("show")
@click.argument("entity_id")
@click.option("--json", "as_json", is_flag=True, help="Print the entity as JSON.")
@click.pass_obj
def show_command(app: AppContext, entity_id: str, as_json: bool) -> None:
    """Show one listed entity with every value and its provenance."""
    entity = app.store.entity(entity_id)
    if as_json:
        print_json(entity_json(entity))
        return
    console = stdout_console()
    console.print(
        f"[bold]{entity.caption}[/]  {entity.id}  {entity.schema}  "
        f"list {entity.list_name}@{entity.version}",
        highlight=False,
    )
    table = Table("field", "value", "provenance", show_lines=False)
    for name in entity.names:
        label = name.kind.value + (f" [{name.lang}]" if name.lang else "")
        table.add_row(f"name ({label})", name.full, name.record)
    for date in entity.birth_dates:
        text = (
            date.value + (f" to {date.end}" if date.end else "") + (" circa" if date.circa else "")
        )
        table.add_row("birth date", text, date.record)
    for country in entity.countries:
        table.add_row(country.role.value, f"{country.code or '?'} ({country.text})", country.record)
    for ident in entity.identifiers:
        detail = " ".join(p for p in (ident.country, ident.currency, ident.note) if p)
        table.add_row(
            ident.source_type or ident.kind.value, f"{ident.number} {detail}", ident.record
        )
    for address in entity.addresses:
        table.add_row("address", address.full, address.record)
    for relation in entity.relations:
        table.add_row(relation.kind, relation.target_id or relation.text, relation.record)
    for prop, values in sorted(entity.properties.items()):
        for value in values:
            table.add_row(prop, value.value, value.record)
    console.print(table)


@click.command("diff")
@click.argument("list_name")
@click.argument("old", required=False)
@click.argument("new", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the diff as JSON.")
@click.pass_obj
def diff_command(
    app: AppContext, list_name: str, old: str | None, new: str | None, as_json: bool
) -> None:
    """Show entities added, removed and changed between two versions of a list.

    Without versions, compares the active version with the one before it.
    """
    from interdict.errors import StoreError
    from interdict.lists.diff import diff_snapshots

    store = app.store
    history = store.history(list_name)
    if new is not None:
        new_snap = store.find_snapshot(list_name, new)
    else:
        active = store.active_for(list_name)
        if active is None:
            raise StoreError(f"list {list_name} is not loaded")
        new_snap = active
    if old is not None:
        old_snap = store.find_snapshot(list_name, old)
    else:
        earlier = [s for s in history if s.id < new_snap.id]
        if not earlier:
            raise StoreError(f"list {list_name} has no version before {new_snap.version}")
        old_snap = earlier[-1]
    diff = diff_snapshots(
        list_name,
        old_snap.version,
        store.entities(old_snap.id),
        new_snap.version,
        store.entities(new_snap.id),
    )
    if as_json:
        print_json(diff.to_dict())
        return
    console = stdout_console()
    console.print(
        f"[bold]{list_name}[/] {diff.old_version} → {diff.new_version}: "
        f"{len(diff.added)} added, {len(diff.removed)} removed, {len(diff.changed)} changed",
        highlight=False,
    )
    for entity in diff.added:
        console.print(f"[green]+ {entity.id}[/] {entity.caption}", highlight=False)
    for entity in diff.removed:
        console.print(f"[red]- {entity.id}[/] {entity.caption}", highlight=False)
    for change in diff.changed:
        console.print(f"[yellow]~ {change.entity_id}[/] {change.caption}", highlight=False)
        for fc in change.fields:
            for value in fc.added:
                console.print(f"    {fc.field} [green]+ {value}[/]", highlight=False)
            for value in fc.removed:
                console.print(f"    {fc.field} [red]- {value}[/]", highlight=False)
