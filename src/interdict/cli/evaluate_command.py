"""``interdict evaluate``: recall, alert rate and precision per threshold on labelled data."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import click
from rich.table import Table

from interdict.cli.context import AppContext
from interdict.cli.output import print_json, stderr_console, stdout_console
from interdict.screening.policy import DEFAULT_THRESHOLD, Policy


@click.command("evaluate")
@click.argument("labelled_csv", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "--report",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("evaluation.html"),
    show_default=True,
    help="Where to write the HTML report.",
)
@click.option("--step", type=float, default=0.05, show_default=True, help="Threshold step.")
@click.option(
    "--alert-budget",
    type=float,
    default=0.01,
    show_default=True,
    help="Share of negative queries allowed to alert when picking a threshold.",
)
@click.option("--workers", type=int, default=None, help="Worker processes (default: all cores).")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.pass_obj
def evaluate_command(
    app: AppContext,
    labelled_csv: Path,
    report: Path,
    step: float,
    alert_budget: float,
    workers: int | None,
    as_json: bool,
) -> None:
    """Measure screening quality on LABELLED.csv (batch columns plus `expected`).

    `expected` holds the acceptable entity ids (separated by | or ;), empty for a
    query that should raise no alert; an optional `category` column groups queries.
    """
    from interdict.batch.job import ScreenPartition
    from interdict.batch.local import run_local
    from interdict.batch.rows import RowError
    from interdict.evaluation.labelled import read_labelled_csv
    from interdict.evaluation.metrics import (
        LabelledOutcome,
        curve,
        recall_at,
        threshold_for_alert_budget,
        thresholds,
    )
    from interdict.evaluation.report import render_report
    from interdict.screening.service import IndexCache

    with labelled_csv.open(newline="", encoding="utf-8-sig") as stream:
        labelled = list(read_labelled_csv(stream, file=str(labelled_csv)))
    invalid = [x.row for x in labelled if isinstance(x.row, RowError)]
    for error in invalid:
        stderr_console().print(
            f"[red]line {error.line}[/]: {error.field or 'row'}: {error.message} (skipped)",
            highlight=False,
        )
    valid = [x for x in labelled if not isinstance(x.row, RowError)]
    cache = IndexCache(app.settings.index_dir)
    index = cache.load_or_build(app.store)
    job = ScreenPartition(str(cache.path_for(app.store.active())), Policy(threshold=0.0, limit=10))
    lines = list(run_local(job.results, [x.row for x in valid], workers=workers))
    outcomes = [
        LabelledOutcome(
            row_id=line["id"],
            expected=item.expected,
            scores=tuple((m["entity_id"], m["score"]) for m in line["matches"]),
            category=item.category,
        )
        for item, line in zip(valid, lines, strict=True)
    ]
    negatives = [o for o in outcomes if not o.positive]
    positives = [o for o in outcomes if o.positive]
    budget_threshold = threshold_for_alert_budget(negatives, alert_budget)
    points = curve(outcomes, thresholds(step))
    by_category: dict[str, list[LabelledOutcome]] = defaultdict(list)
    for outcome in outcomes:
        if outcome.category:
            by_category[outcome.category].append(outcome)
    category_recall = {
        name: recall_at([o for o in items if o.positive], budget_threshold)
        for name, items in sorted(by_category.items())
    }
    default_point = curve(outcomes, [DEFAULT_THRESHOLD])[0]
    summary = {
        "queries": f"{len(outcomes)} ({len(positives)} positive, {len(negatives)} negative)",
        "invalid rows": str(len(invalid)),
        "lists": index.version,
        f"default threshold {DEFAULT_THRESHOLD:.2f}": (
            f"recall {_pct(default_point.recall)}, alert rate {_pct(default_point.alert_rate)}, "
            f"precision {_pct(default_point.precision)}"
        ),
        f"threshold for a {alert_budget:.1%} alert budget": f"{budget_threshold:.3f}",
        "recall at that threshold": _pct(recall_at(positives, budget_threshold)),
    }
    for name, value in category_recall.items():
        summary[f"recall at budget: {name}"] = _pct(value)
    report.write_text(
        render_report(
            title=f"interdict evaluation of {labelled_csv.name}",
            points=points,
            summary=summary,
            categories={
                name: curve(items, thresholds(step)) for name, items in sorted(by_category.items())
            },
            marker=budget_threshold,
        ),
        encoding="utf-8",
    )
    if as_json:
        print_json(
            {
                "summary": summary,
                "budget_threshold": budget_threshold,
                "category_recall": category_recall,
                "points": [p.to_dict() for p in points],
                "report": str(report),
            }
        )
        return
    table = Table("threshold", "recall", "alert rate", "precision", "alerts")
    for p in points:
        table.add_row(
            f"{p.threshold:.2f}",
            _pct(p.recall),
            _pct(p.alert_rate),
            _pct(p.precision),
            str(p.alerts),
        )
    console = stdout_console()
    console.print(table)
    for key, text in summary.items():
        console.print(f"{key}: {text}", highlight=False)
    console.print(f"report written to {report}", highlight=False)


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.1%}"
