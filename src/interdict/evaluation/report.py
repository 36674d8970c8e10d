"""A self-contained HTML report of an evaluation: table and inline SVG charts.

No script, no external asset: the file can be archived with a model-validation record
and opened years later.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from interdict.evaluation.metrics import ThresholdPoint

_WIDTH, _HEIGHT, _PAD = 640, 360, 48


def _x(t: float) -> float:
    return _PAD + t * (_WIDTH - 2 * _PAD)


def _y(v: float) -> float:
    return _HEIGHT - _PAD - v * (_HEIGHT - 2 * _PAD)


def _polyline(points: Sequence[ThresholdPoint], attr: str, colour: str) -> str:
    coords = [
        f"{_x(p.threshold):.1f},{_y(value):.1f}"
        for p in points
        if (value := getattr(p, attr)) is not None
    ]
    if not coords:
        return ""
    return f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{" ".join(coords)}"/>'


def chart(points: Sequence[ThresholdPoint], marker: float | None) -> str:
    """An SVG chart of recall, precision and alert rate against the threshold."""
    grid = []
    for i in range(11):
        v = i / 10
        grid.append(
            f'<line x1="{_x(0)}" y1="{_y(v):.1f}" x2="{_x(1)}" y2="{_y(v):.1f}" stroke="#eee"/>'
            f'<text x="{_PAD - 6}" y="{_y(v) + 4:.1f}" font-size="10" text-anchor="end">{v:.1f}</text>'
            f'<text x="{_x(v):.1f}" y="{_HEIGHT - _PAD + 14}" font-size="10" '
            f'text-anchor="middle">{v:.1f}</text>'
        )
    mark = ""
    if marker is not None:
        mark = (
            f'<line x1="{_x(marker):.1f}" y1="{_y(0)}" x2="{_x(marker):.1f}" y2="{_y(1)}" '
            f'stroke="#888" stroke-dasharray="4 3"/>'
        )
    legend = "".join(
        f'<rect x="{_PAD + 10 + i * 110}" y="8" width="12" height="3" fill="{c}"/>'
        f'<text x="{_PAD + 26 + i * 110}" y="13" font-size="11">{n}</text>'
        for i, (n, c) in enumerate(
            (("recall", "#1f77b4"), ("precision", "#2ca02c"), ("alert rate", "#d62728"))
        )
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_WIDTH}" height="{_HEIGHT}" '
        f'role="img" aria-label="recall, precision and alert rate by threshold">'
        + "".join(grid)
        + mark
        + _polyline(points, "recall", "#1f77b4")
        + _polyline(points, "precision", "#2ca02c")
        + _polyline(points, "alert_rate", "#d62728")
        + legend
        + f'<text x="{_WIDTH / 2}" y="{_HEIGHT - 8}" font-size="11" text-anchor="middle">'
        "threshold</text></svg>"
    )


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.1%}"


def render_report(
    *,
    title: str,
    points: Sequence[ThresholdPoint],
    summary: dict[str, str],
    categories: dict[str, Sequence[ThresholdPoint]],
    marker: float | None,
) -> str:
    """The whole HTML document."""
    rows = "".join(
        f"<tr><td>{p.threshold:.2f}</td><td>{_pct(p.recall)}</td><td>{_pct(p.alert_rate)}</td>"
        f"<td>{_pct(p.precision)}</td><td>{p.alerts}</td></tr>"
        for p in points
    )
    facts = "".join(
        f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in summary.items()
    )
    per_category = "".join(
        f"<h3>{escape(name)}</h3>{chart(cat_points, marker)}"
        for name, cat_points in categories.items()
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>
<style>body{{font-family:system-ui,sans-serif;margin:2em;max-width:60em}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.2em .6em;text-align:right}}
th{{text-align:left}}</style></head><body>
<h1>{escape(title)}</h1>
<table>{facts}</table>
<h2>Recall, precision and alert rate by threshold</h2>
{chart(points, marker)}
{"<h2>By category</h2>" + per_category if categories else ""}
<h2>Figures</h2>
<table><tr><th>threshold</th><th>recall</th><th>alert rate (negatives)</th><th>precision</th>
<th>alerts</th></tr>{rows}</table>
</body></html>
"""
