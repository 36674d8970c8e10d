"""Benchmark of the matching engine on the real lists (not a test).

Usage: ``python bench/bench_screen.py [LISTS_DIR] [--queries N]``

Parses every list in LISTS_DIR (default ``../shared/lists``), builds the match
index, saves and reloads it, then screens N queries derived from listed names
(reordered, misspelt, truncated) and from made-up names, one at a time, and reports
build time, load time, latency p50/p99 and peak memory (RSS).
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _rss_mb() -> float:
    """Peak resident memory of this process so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _queries(entities: list, count: int, seed: int = 7) -> list[list[str]]:
    rng = random.Random(seed)
    out: list[list[str]] = []
    made_up_first = ["John", "Maria", "Wei", "Fatima", "Olga", "Ahmed", "Lucas", "Aiko", "Sven"]
    made_up_last = ["Smith", "Garcia", "Chen", "Kowalski", "Novak", "Okafor", "Tanaka", "Berg"]
    with_names = [e for e in entities if e.names]
    while len(out) < count:
        roll = rng.random()
        if roll < 0.25:
            out.append([f"{rng.choice(made_up_first)} {rng.choice(made_up_last)}"])
            continue
        name = rng.choice(rng.choice(with_names).names).full
        tokens = name.replace(",", " ").split()
        if roll < 0.45 and len(tokens) > 1:
            rng.shuffle(tokens)
        elif roll < 0.7:
            text = list(" ".join(tokens))
            at = rng.randrange(len(text))
            text[at] = rng.choice("aeiourstnl")
            tokens = "".join(text).split()
        elif roll < 0.8 and len(tokens) > 2:
            del tokens[rng.randrange(len(tokens))]
        out.append([" ".join(tokens)])
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "lists_dir", nargs="?", default=str(Path(__file__).parents[2] / "shared" / "lists")
    )
    parser.add_argument("--queries", type=int, default=2000)
    args = parser.parse_args()

    from interdict.index import MatchIndex, build_index
    from interdict.screening.query import Query
    from interdict.screening.screener import Screener
    from interdict.sources.registry import discover

    started = time.perf_counter()
    entities = []
    for plan in discover(Path(args.lists_dir)):
        files = {p.name: p.read_bytes() for p in plan.files}
        entities.extend(plan.format.parse(files, list_name=plan.list_name).entities)
    parse_s = time.perf_counter() - started
    names = sum(len(e.names) for e in entities)
    print(
        f"parsed {len(entities)} entities, {names} names in {parse_s:.2f} s (RSS {_rss_mb():.0f} MB)"
    )

    started = time.perf_counter()
    index = build_index(entities, version="bench")
    build_s = time.perf_counter() - started
    print(f"index build: {build_s:.2f} s ({len(index.postings)} keys; RSS {_rss_mb():.0f} MB)")

    query_names = _queries(entities, args.queries)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "index.bin"
        index.save(path)
        size_mb = path.stat().st_size / 1e6
        started = time.perf_counter()
        index = MatchIndex.load(path)
        load_s = time.perf_counter() - started
        first_s, serve_rss, serve_p50, serve_p99 = _serve_figures(path, [n[0] for n in query_names])
    print(f"index file: {size_mb:.1f} MB; load: {load_s * 1000:.0f} ms")
    print(
        f"fresh serving process: first result {first_s * 1000:.0f} ms after its start; "
        f"{len(query_names)} queries p50 {serve_p50 * 1000:.2f} ms, p99 {serve_p99 * 1000:.2f} ms; "
        f"peak RSS {serve_rss:.0f} MB"
    )

    queries = [Query.build(n) for n in query_names]
    del entities
    screener = Screener(index)
    screener.warm_up()  # as serving processes and batch workers do
    latencies = []
    hits = 0
    for query in queries:
        started = time.perf_counter()
        result = screener.screen(query)
        latencies.append(time.perf_counter() - started)
        hits += bool(result.matches)
    latencies.sort()
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000
    print(
        f"screen: {len(queries)} queries, p50 {p50:.2f} ms, p99 {p99:.2f} ms, "
        f"mean {statistics.fmean(latencies) * 1000:.2f} ms; {hits} with matches"
    )
    print(f"peak RSS of this process: {_rss_mb():.0f} MB (list parsing included)")
    return 0


_SERVE = """
import sys, time
from pathlib import Path
started = time.perf_counter()
from interdict.index import MatchIndex
from interdict.screening.query import Query
from interdict.screening.screener import Screener
screener = Screener(MatchIndex.load(Path(sys.argv[1])))
screener.screen(Query.build(["Ghasem Damavandian"]))
first = time.perf_counter() - started
screener.warm_up()
latencies = []
for line in sys.stdin:
    query = Query.build([line.strip()])
    begun = time.perf_counter()
    screener.screen(query)
    latencies.append(time.perf_counter() - begun)
latencies.sort()
p50 = latencies[len(latencies) // 2]
p99 = latencies[int(len(latencies) * 0.99) - 1]
# VmHWM, not ru_maxrss: the latter carries the parent's peak over fork + exec.
status = Path("/proc/self/status").read_text()
rss = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM"))
print(f"{first:.3f} {rss / 1024:.0f} {p50:.6f} {p99:.6f}")
"""


def _serve_figures(path: Path, names: list[str]) -> list[float]:
    """[seconds from process start to the first result, peak RSS in MB, p50 and p99
    latency in seconds] of a fresh process that loads the saved index and screens
    ``names`` one at a time."""
    out = subprocess.run(
        [sys.executable, "-c", _SERVE, str(path)],
        input="\n".join(names),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return [float(x) for x in out]


if __name__ == "__main__":
    sys.exit(main())
