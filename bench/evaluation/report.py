"""Figures, tables and miss lists from the engines' scores on the labelled queries.

All figures come from :mod:`interdict.evaluation.metrics`, so they are the numbers
``interdict evaluate`` would print for the same scores:

* the *alert-budget threshold* of an engine is the lowest threshold at which at most
  :data:`ALERT_BUDGET` of the negative queries alert
  (:func:`~interdict.evaluation.metrics.threshold_for_alert_budget`, step 0.001);
* *recall* of a category at a threshold is the share of its positive queries for
  which an acceptable entity scores at least that threshold
  (:func:`~interdict.evaluation.metrics.recall_at`);
* the *alert rate* at the default threshold is the share of negatives with any match
  at or above it.

A *miss* is a positive query not found at the engine's alert-budget threshold.

Labels link records by evidence only, so a party listed twice without evidence (e.g.
an OFAC and a UK record of the same group, no shared document number) is not
acceptable for the other record's queries. The *lenient* recall also accepts
*namesakes*: records of a compatible schema carrying verbatim (same
:func:`~bench.evaluation.textkeys.name_key`) a name of an acceptable record. It is
an upper bound (a namesake can be another person), shown next to the strict figure.
"""

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.evaluation.dataset import EvalQuery, Universe
from bench.evaluation.linkage import schemas_compatible
from bench.evaluation.runners import RunResult
from bench.evaluation.textkeys import name_key
from interdict.evaluation.metrics import (
    LabelledOutcome,
    curve,
    recall_at,
    threshold_for_alert_budget,
)
from interdict.model import Entity

ALERT_BUDGET = 0.01
MAX_MISSES = 30
#: A full ``detail`` group is shown in the markdown breakdown from this many queries.
MIN_DETAIL_ROWS = 50


def namesakes(universe: Universe, expected: Sequence[str]) -> frozenset[str]:
    """Records of a compatible schema carrying verbatim a name of an expected record."""
    out: set[str] = set()
    for entity_id in expected:
        entity = universe.by_id[entity_id]
        for name in entity.names:
            for other in universe.key_owners.get(name_key(name.full), ()):
                if schemas_compatible(entity.schema, universe.by_id[other].schema):
                    out.add(other)
    return frozenset(out - set(expected))


def lenient_expected(universe: Universe, queries: Sequence[EvalQuery]) -> dict[str, frozenset[str]]:
    """Per positive query id: its expected ids plus their namesakes, except records of
    the query's own component that are not expected (``cross_authority_strict``)."""
    out: dict[str, frozenset[str]] = {}
    for q in queries:
        if q.expected:
            own = universe.component.get(q.source_id, frozenset())
            extra = namesakes(universe, q.expected) - own
            out[q.id] = frozenset(q.expected) | extra
    return out


def outcomes(
    queries: Sequence[EvalQuery],
    run: RunResult,
    expected: Mapping[str, frozenset[str]] | None = None,
) -> list[LabelledOutcome]:
    return [
        LabelledOutcome(
            row_id=q.id,
            expected=expected.get(q.id, frozenset()) if expected else frozenset(q.expected),
            scores=run.scores.get(q.id, ()),
            category=q.category,
        )
        for q in queries
    ]


@dataclass(frozen=True, slots=True)
class EngineFigures:
    """One engine's figures on one query set."""

    engine: str
    queries: int
    budget_threshold: float
    default_threshold: float
    alert_rate_default: float | None
    alert_rate_budget: float | None
    recall_budget: dict[str, float | None]
    recall_default: dict[str, float | None]
    recall_budget_lenient: dict[str, float | None]
    breakdown: dict[str, dict[str, dict[str, Any]]]
    throughput: float
    seconds: float
    distinct: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "engine": self.engine,
            "queries": self.queries,
            "budget_threshold": self.budget_threshold,
            "default_threshold": self.default_threshold,
            "alert_rate_at_default": self.alert_rate_default,
            "alert_rate_at_budget_threshold": self.alert_rate_budget,
            "recall_at_budget": self.recall_budget,
            "recall_at_default": self.recall_default,
            "recall_at_budget_lenient": self.recall_budget_lenient,
            "breakdown_at_budget": self.breakdown,
            "throughput_qps": round(self.throughput, 1),
            "screening_seconds": round(self.seconds, 2),
            "distinct_queries": self.distinct,
        }


def figures(
    queries: Sequence[EvalQuery],
    run: RunResult,
    *,
    default_threshold: float,
    lenient: Mapping[str, frozenset[str]] | None = None,
) -> EngineFigures:
    """Recall per category at the budget and default thresholds (and, with
    ``lenient`` expected ids, the lenient recall at the budget), alert rates, and a
    recall breakdown by ``detail`` (its first ``;`` part and the whole) per category."""
    outs = outcomes(queries, run)
    negatives = [o for o in outs if not o.positive]
    budget = threshold_for_alert_budget(negatives, ALERT_BUDGET)
    by_cat: defaultdict[str, list[LabelledOutcome]] = defaultdict(list)
    detail_of = {q.id: q.detail for q in queries}
    type_of = {q.id: q.type for q in queries}
    for o in outs:
        if o.positive:
            by_cat[o.category].append(o)
    recall_budget = {c: recall_at(v, budget) for c, v in sorted(by_cat.items())}
    recall_default = {c: recall_at(v, default_threshold) for c, v in sorted(by_cat.items())}
    lenient_by_cat: defaultdict[str, list[LabelledOutcome]] = defaultdict(list)
    if lenient:
        for o in outcomes(queries, run, lenient):
            if o.positive:
                lenient_by_cat[o.category].append(o)
    recall_lenient = {c: recall_at(v, budget) for c, v in sorted(lenient_by_cat.items())}
    breakdown: dict[str, dict[str, dict[str, Any]]] = {}
    for cat, items in sorted(by_cat.items()):
        groups: defaultdict[str, list[LabelledOutcome]] = defaultdict(list)
        for o in items:
            detail = detail_of[o.row_id]
            head = detail.split(";")[0].split("@")[0].split(":")[0]
            groups[f"[{head}]"].append(o)
            groups[f"<{type_of[o.row_id] or 'any'}>"].append(o)
            if ";" in detail:
                groups[detail].append(o)
        breakdown[cat] = {
            k: {"queries": len(v), "recall": recall_at(v, budget)}
            for k, v in sorted(groups.items())
        }
    points = curve(negatives, [default_threshold, budget]) if negatives else []
    return EngineFigures(
        engine=run.engine,
        queries=len(outs),
        budget_threshold=budget,
        default_threshold=default_threshold,
        alert_rate_default=points[0].alert_rate if points else None,
        alert_rate_budget=points[1].alert_rate if points else None,
        recall_budget=recall_budget,
        recall_default=recall_default,
        recall_budget_lenient=recall_lenient,
        breakdown=breakdown,
        throughput=run.throughput,
        seconds=run.seconds,
        distinct=run.distinct,
    )


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.1%}"


def markdown_table(title: str, figs: Sequence[EngineFigures], counts: Mapping[str, int]) -> str:
    """Categories as rows; per engine, recall at the budget and at the default threshold."""
    head = "| category | queries | " + " | ".join(
        f"{f.engine} R@1% (t={f.budget_threshold:.3f}) [lenient] | "
        f"{f.engine} R@{f.default_threshold:.2f}"
        for f in figs
    )
    lines = [f"### {title}", "", head + " |", "|---|---:|" + "---:|---:|" * len(figs)]
    categories = sorted({c for f in figs for c in f.recall_budget})
    for cat in categories:
        cells = " | ".join(
            f"{_pct(f.recall_budget.get(cat))} [{_pct(f.recall_budget_lenient.get(cat))}] | "
            f"{_pct(f.recall_default.get(cat))}"
            for f in figs
        )
        lines.append(f"| {cat} | {counts.get(cat, 0)} | {cells} |")
    cells = " | ".join(f"{_pct(f.alert_rate_budget)} | {_pct(f.alert_rate_default)}" for f in figs)
    lines.append(f"| negative: alert rate | {counts.get('negative', 0)} | {cells} |")
    return "\n".join(lines)


def throughput_table(figs: Sequence[EngineFigures], notes: Mapping[str, str]) -> str:
    lines = [
        "| engine | distinct queries | screening seconds | queries/s | note |",
        "|---|---:|---:|---:|---|",
    ]
    for f in figs:
        lines.append(
            f"| {f.engine} | {f.distinct} | {f.seconds:.1f} | {f.throughput:.1f} | "
            f"{notes.get(f.engine, '')} |"
        )
    return "\n".join(lines)


def breakdown_table(fig: EngineFigures, categories: Sequence[str]) -> str:
    """Recall at the budget threshold by detail group, for the given categories."""
    lines = ["| category | group | queries | recall@1% |", "|---|---|---:|---:|"]
    for cat in categories:
        for group, data in fig.breakdown.get(cat, {}).items():
            if group[0] in "[<" or data["queries"] >= MIN_DETAIL_ROWS:
                lines.append(f"| {cat} | {group} | {data['queries']} | {_pct(data['recall'])} |")
    return "\n".join(lines)


MISS_COLUMNS = (
    "id",
    "query",
    "type",
    "birth_date",
    "country",
    "index",
    "source_name",
    "detail",
    "expected",
    "expected_caption",
    "best_expected_score",
    "expected_rank",
    "top_entity",
    "top_caption",
    "top_score",
    "top_is_namesake",
)


def misses(
    queries: Sequence[EvalQuery],
    run: RunResult,
    threshold: float,
    by_id: Mapping[str, Entity],
    lenient: Mapping[str, frozenset[str]],
) -> dict[str, list[dict[str, str]]]:
    """Per category, every positive query not found at ``threshold``, worst first
    (lowest score of an acceptable entity; 0 = not returned at all);
    ``top_is_namesake`` marks a first match that is not expected but carries an
    expected record's name."""
    out: defaultdict[str, list[tuple[float, dict[str, str]]]] = defaultdict(list)
    for q in queries:
        if not q.expected:
            continue
        scores = run.scores.get(q.id, ())
        best = max((s for e, s in scores if e in q.expected), default=0.0)
        if best >= threshold:
            continue
        rank = next((i for i, (e, _) in enumerate(scores, 1) if e in q.expected), None)
        top = scores[0] if scores else ("", 0.0)
        first = by_id.get(q.expected[0])
        out[q.category].append(
            (
                best,
                {
                    "id": q.id,
                    "query": q.name,
                    "type": q.type,
                    "birth_date": q.birth_date,
                    "country": q.country,
                    "index": q.index,
                    "source_name": q.source_name,
                    "detail": q.detail,
                    "expected": "|".join(q.expected),
                    "expected_caption": first.caption if first else "",
                    "best_expected_score": f"{best:.4f}",
                    "expected_rank": str(rank) if rank else "not returned",
                    "top_entity": top[0],
                    "top_caption": by_id[top[0]].caption if top[0] in by_id else "",
                    "top_score": f"{top[1]:.4f}",
                    "top_is_namesake": "yes"
                    if top[0] not in q.expected and top[0] in lenient.get(q.id, frozenset())
                    else "",
                },
            )
        )
    return {
        cat: [row for _, row in sorted(items, key=lambda x: (x[0], x[1]["id"]))]
        for cat, items in sorted(out.items())
    }


def write_scores(path: Path, queries: Sequence[EvalQuery], run: RunResult) -> None:
    """Every query's returned (entity id, score) pairs as JSON lines, for later analysis."""
    with path.open("w", encoding="utf-8") as stream:
        for q in queries:
            if q.id in run.scores:
                line = {"id": q.id, "category": q.category, "matches": run.scores[q.id]}
                stream.write(json.dumps(line, ensure_ascii=False) + "\n")


def write_misses(directory: Path, all_misses: Mapping[str, Sequence[dict[str, str]]]) -> None:
    for old in directory.glob("misses_*.csv"):
        old.unlink()
    for cat, rows in all_misses.items():
        with (directory / f"misses_{cat}.csv").open("w", newline="", encoding="utf-8") as stream:
            writer = csv.DictWriter(stream, fieldnames=MISS_COLUMNS)
            writer.writeheader()
            writer.writerows(rows[:MAX_MISSES])


def miss_patterns(all_misses: Mapping[str, Sequence[dict[str, str]]]) -> dict[str, Any]:
    """Per category: how many misses, how many never returned, the commonest details."""
    out: dict[str, Any] = {}
    for cat, rows in all_misses.items():
        details = Counter(r["detail"].split(";")[0].split("@")[0] for r in rows)
        out[cat] = {
            "misses": len(rows),
            "not_returned": sum(1 for r in rows if r["expected_rank"] == "not returned"),
            "ranked_first_but_low": sum(1 for r in rows if r["expected_rank"] == "1"),
            "top_is_namesake": sum(1 for r in rows if r["top_is_namesake"]),
            "top_details": details.most_common(8),
        }
    return out
