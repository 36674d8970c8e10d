"""Matching-quality benchmark of interdict against nomenklatura, on the real lists.

Usage (from the project root)::

    .venv/bin/python -m bench.run_evaluation [--lists DIR] [--out bench/out] [--seed N]

Builds a seeded labelled query set from the lists (cross-authority, held-out aliases,
original-script names, seven families of name variants, Faker negatives), writes it
to ``OUT/evaluation.csv`` (``interdict evaluate`` columns plus ``index``, ``source_id``,
``source_name``, ``detail``) with ``OUT/evaluation_counts.json``, screens it with
interdict and, on a per-category sample, with nomenklatura's ``logic-v2`` and ``ofac``
algorithms, and writes ``OUT/evaluation_report.md``, ``OUT/evaluation_report.json``,
``OUT/misses_<category>.csv`` (interdict's worst misses at the 1% alert budget) and
``OUT/scores_<engine>.jsonl`` (every query's returned matches).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

from bench.evaluation import dataset, report
from bench.evaluation.dataset import EvalQuery, Universe
from bench.evaluation.negatives import generate_negatives
from bench.evaluation.runners import CandidatePool, RunResult, run_interdict, run_nomenklatura
from interdict.index import build_index
from interdict.model import Entity
from interdict.screening.policy import DEFAULT_THRESHOLD
from interdict.sources.registry import discover

DEFAULT_LISTS = Path(__file__).resolve().parents[2] / "shared" / "lists"
ALGORITHMS = ("logic-v2", "ofac")
METHOD_NOTES = """### How to read this
- R@1%: recall at the engine's own threshold where 1% of the negatives alert (t shown in
  the header); R@0.70: recall at interdict's default threshold. Figures come from
  `interdict.evaluation.metrics`.
- Expected ids link records by evidence only (UK unscId, OFAC ofacId in the CSL, shared
  passport / national-id numbers). `[lenient]` also accepts records carrying verbatim a
  name of an expected record (unlinked duplicates; an upper bound).
- `cross_authority` accepts the query's own record (the brief's definition, mostly an
  exact lookup); `cross_authority_strict` accepts only records of other authorities
  (OFAC and the US CSL count as one authority, `us`).
- `heldout_alias` and `original_script` run against indexes without the queried name
  (without any non-Latin name of the party for `original_script`).
- nomenklatura: candidates are the top 50 entities by rapidfuzz token_set_ratio over all
  listed names (both sides romanised with anyascii), then `compare()` with the
  algorithm's default config; it runs on a per-category sample, and interdict's column
  in the side-by-side table is computed on the same sample."""


def load_entities(lists_dir: Path) -> tuple[list[Entity], dict[str, int]]:
    entities: list[Entity] = []
    counts: dict[str, int] = {}
    for plan in discover(lists_dir):
        files = {p.name: p.read_bytes() for p in plan.files}
        parsed = plan.format.parse(files, list_name=plan.list_name).entities
        counts[plan.list_name] = len(parsed)
        entities += parsed
    return entities, counts


def build_queries(
    universe: Universe, *, seed: int, cap: int, negatives: int
) -> tuple[list[EvalQuery], dict[str, set[str]], set[str], int]:
    """The numbered query set, the held-out alias keys, the held-out-script ids and
    the number of negatives dropped for equalling a listed name."""

    def rng(label: str) -> random.Random:
        return random.Random(f"{seed}:{label}")

    cross = dataset.cross_authority(universe, rng("cross"), cap)
    aliases, removed = dataset.heldout_aliases(universe, rng("alias"), cap)
    scripts, script_ids = dataset.original_script(universe, rng("script"), cap)
    variants = dataset.variants(universe, rng("variants"), cap)
    negs, dropped = generate_negatives(negatives, set(universe.key_owners), seed=seed)
    queries = dataset.number(
        [*cross, *aliases, *scripts, *variants, *dataset.negative_queries(negs)]
    )
    return queries, removed, script_ids, dropped


def nk_sample(queries: Sequence[EvalQuery], per_category: int, negatives: int) -> list[EvalQuery]:
    """The first ``per_category`` queries of each positive category (categories are
    already shuffled, so this is a random sample) and the first ``negatives``."""
    taken: Counter[str] = Counter()
    out: list[EvalQuery] = []
    for q in queries:
        limit = negatives if q.category == "negative" else per_category
        if taken[q.category] < limit:
            taken[q.category] += 1
            out.append(q)
    return out


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lists", type=Path, default=DEFAULT_LISTS)
    parser.add_argument("--out", type=Path, default=Path("bench/out"))
    parser.add_argument("--seed", type=int, default=20261125)
    parser.add_argument("--cap", type=int, default=1000, help="queries per positive category")
    parser.add_argument("--negatives", type=int, default=6000)
    parser.add_argument("--nk-per-category", type=int, default=150)
    parser.add_argument("--nk-negatives", type=int, default=2000)
    parser.add_argument("--no-nomenklatura", action="store_true")
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    timings: dict[str, float] = {}

    def log(message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    start = time.perf_counter()
    entities, list_counts = load_entities(args.lists)
    timings["parse"] = time.perf_counter() - start
    log(f"parsed {len(entities)} entities in {timings['parse']:.1f}s")

    start = time.perf_counter()
    universe = Universe(entities)
    queries, removed, script_ids, dropped = build_queries(
        universe, seed=args.seed, cap=args.cap, negatives=args.negatives
    )
    timings["build_queries"] = time.perf_counter() - start
    counts = dict(sorted(Counter(q.category for q in queries).items()))
    dataset.write_csv(out / "evaluation.csv", queries)
    links = Counter(
        len({universe.by_id[i].list_name for i in c}) for c in universe.unique_components()
    )
    (out / "evaluation_counts.json").write_text(
        json.dumps(
            {
                "categories": counts,
                "total": len(queries),
                "negatives_dropped_as_listed": dropped,
                "components_by_list_count": dict(sorted(links.items())),
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    log(f"{len(queries)} queries in {timings['build_queries']:.1f}s: {counts}")

    start = time.perf_counter()
    entity_sets = {
        dataset.MAIN: entities,
        dataset.HELDOUT_ALIAS: dataset.heldout_alias_entities(entities, removed),
        dataset.HELDOUT_SCRIPT: dataset.heldout_script_entities(entities, script_ids),
    }
    indexes = {name: build_index(es, version=f"eval-{name}") for name, es in entity_sets.items()}
    timings["build_indexes"] = time.perf_counter() - start
    log(f"built {len(indexes)} indexes in {timings['build_indexes']:.1f}s")

    interdict_run = run_interdict(indexes, queries)
    log(f"interdict: {interdict_run.distinct} queries in {interdict_run.seconds:.1f}s")
    del indexes

    subset = nk_sample(queries, args.nk_per_category, args.nk_negatives)
    nk_runs: dict[str, RunResult] = {}
    if not args.no_nomenklatura:
        start = time.perf_counter()
        pools = {name: CandidatePool(es) for name, es in entity_sets.items()}
        timings["nk_pools"] = time.perf_counter() - start
        nk_runs = run_nomenklatura(pools, subset, ALGORITHMS)
        for run in nk_runs.values():
            log(f"{run.engine}: {run.distinct} queries in {run.seconds:.1f}s")

    lenient = report.lenient_expected(universe, queries)
    full_fig = report.figures(
        queries, interdict_run, default_threshold=DEFAULT_THRESHOLD, lenient=lenient
    )
    subset_ids = {q.id for q in subset}
    sub_interdict = RunResult(
        "interdict",
        {k: v for k, v in interdict_run.scores.items() if k in subset_ids},
    )
    subset_figs = [
        report.figures(subset, run, default_threshold=DEFAULT_THRESHOLD, lenient=lenient)
        for run in (sub_interdict, *nk_runs.values())
    ]
    all_misses = report.misses(
        queries, interdict_run, full_fig.budget_threshold, universe.by_id, lenient
    )
    report.write_misses(out, all_misses)
    report.write_scores(out / "scores_interdict.jsonl", queries, interdict_run)
    for run in nk_runs.values():
        slug = run.engine.replace("nomenklatura ", "nomenklatura_")
        report.write_scores(out / f"scores_{slug}.jsonl", subset, run)
    patterns = report.miss_patterns(all_misses)
    subset_counts = dict(Counter(q.category for q in subset))
    notes = {
        "interdict": "Screener, threshold 0, limit 10, one process",
        **{
            run.engine: f"fuzzy top-50 candidates {run.extra['candidate_seconds']:.1f}s + compare"
            for run in nk_runs.values()
        },
    }
    tput = [full_fig, *subset_figs[1:]]
    md = "\n\n".join(
        [
            "# interdict matching-quality benchmark",
            f"Lists: {json.dumps(list_counts)}; seed {args.seed}; "
            f"default threshold {DEFAULT_THRESHOLD:.2f}; alert budget "
            f"{report.ALERT_BUDGET:.0%} of {counts.get('negative', 0)} negatives.",
            report.markdown_table("interdict, full query set", [full_fig], counts),
            report.markdown_table(
                "Side by side on the nomenklatura sample "
                f"({args.nk_per_category} per category, {args.nk_negatives} negatives)",
                subset_figs,
                subset_counts,
            ),
            METHOD_NOTES,
            "### Throughput (2-core machine)",
            report.throughput_table(tput, notes),
            "### interdict recall at the 1% budget by group",
            report.breakdown_table(full_fig, sorted(full_fig.breakdown)),
        ]
    )
    (out / "evaluation_report.md").write_text(md + "\n", encoding="utf-8")
    (out / "evaluation_report.json").write_text(
        json.dumps(
            {
                "seed": args.seed,
                "lists": list_counts,
                "categories": counts,
                "nomenklatura_sample": subset_counts,
                "negatives_dropped_as_listed": dropped,
                "timings_seconds": {k: round(v, 2) for k, v in timings.items()},
                "packages": {
                    p: _version(p)
                    for p in ("nomenklatura", "followthemoney", "rigour", "rapidfuzz", "faker")
                },
                "interdict_full": full_fig.to_dict(),
                "sample": [f.to_dict() for f in subset_figs],
                "throughput_notes": notes,
                "interdict_miss_patterns": patterns,
            },
            indent=2,
            default=str,
        ),
        encoding="utf-8",
    )
    print(md)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
