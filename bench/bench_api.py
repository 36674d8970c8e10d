"""Benchmark of the HTTP screening API on the real lists (bounded; loopback only).

Loads a list directory (default ``../shared/lists``) with ``interdict update --from``
into a temporary INTERDICT_HOME, creates an API key, starts the server on
127.0.0.1 (``interdict.api.server.run``, the code behind ``interdict serve``), waits
for /readyz, then measures with httpx:

1. single-query ``POST /match/default`` at a fixed rate (default 100 req/s, open
   loop: requests are sent on schedule whatever the previous ones do): p50/p99;
2. closed-loop throughput at increasing concurrency (1, 2, 4, 8, 16 clients, a few
   seconds each): req/s with p50/p99; the best is the maximum sustained rate;
3. a 100-query batch: latency over repetitions;

and, before all of these, the first 20 requests after start (cold caches), then one
warm-up pass over the query set.

Queries mix names taken from the lists (exact and with a typo) with names that are
not listed. Every loop is bounded in requests and time; the server is stopped at
the end. Usage::

    .venv/bin/python bench/bench_api.py [--lists DIR] [--workers N] [--rate 100]
        [--duration 10] [--json OUT.json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
UNLISTED = [
    "Johan Smithers", "Maria Gonzalez Ortega", "Acme Widgets GmbH", "Northwind Traders Ltd",
    "Peter Olafsson", "Li Wei", "Fatima Haddad", "Blue Ocean Shipping SA", "Kenji Watanabe",
    "Olga Petrova", "Green Valley Farms LLC", "Ahmed Youssef", "Sunrise Bakery", "Jan Kowalski",
]  # fmt: skip


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def summary(latencies: list[float]) -> dict[str, float]:
    ms = [x * 1000 for x in latencies]
    return {
        "n": len(ms),
        "p50_ms": round(percentile(ms, 50), 2),
        "p90_ms": round(percentile(ms, 90), 2),
        "p99_ms": round(percentile(ms, 99), 2),
        "mean_ms": round(statistics.fmean(ms), 2) if ms else float("nan"),
        "max_ms": round(max(ms), 2) if ms else float("nan"),
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def typo(name: str, rng: random.Random) -> str:
    if len(name) < 6:
        return name
    i = rng.randrange(1, len(name) - 1)
    return name[:i] + name[i + 1 :]


def build_queries(home: Path, rng: random.Random, count: int = 400) -> list[dict[str, Any]]:
    from interdict.settings import Settings
    from interdict.storage.snapshots import SnapshotStore

    store = SnapshotStore.open(Settings.from_env({"INTERDICT_HOME": str(home)}).database_url)
    try:
        entities = [(e.caption, e.schema) for e in store.active_entities()]
    finally:
        store.close()
    sample = rng.sample(entities, min(count // 2, len(entities)))
    queries = []
    for i, (caption, schema) in enumerate(sample):
        name = caption if i % 2 == 0 else typo(caption, rng)
        queries.append({"schema": schema, "properties": {"name": [name]}})
    while len(queries) < count:
        queries.append({"schema": "Thing", "properties": {"name": [rng.choice(UNLISTED)]}})
    rng.shuffle(queries)
    return queries


def load_lists(home: Path, lists: Path) -> float:
    env = {**os.environ, "INTERDICT_HOME": str(home), "INTERDICT_DATABASE_URL": ""}
    started = time.perf_counter()
    cli = Path(sys.executable).parent / "interdict"
    command = [str(cli)] if cli.exists() else [sys.executable, "-m", "interdict.cli.main"]
    subprocess.run([*command, "update", "--from", str(lists), "-q"], env=env, check=True)
    return time.perf_counter() - started


def create_key(home: Path) -> str:
    from interdict.settings import Settings
    from interdict.storage.keys import ApiKeyStore
    from interdict.storage.snapshots import SnapshotStore

    store = SnapshotStore.open(Settings.from_env({"INTERDICT_HOME": str(home)}).database_url)
    try:
        return ApiKeyStore(store.engine).create("bench", "admin")[1]
    finally:
        store.close()


LAUNCHER = """
import sys
from interdict.api.logs import configure_logging
from interdict.api.server import run
from interdict.api.settings import ApiSettings
from interdict.settings import Settings
configure_logging(20)
run(ApiSettings(store=Settings.from_env(), port=int(sys.argv[1]), workers=int(sys.argv[2]),
                max_batch=100, refresh_seconds=30))
"""


def start_server(home: Path, port: int, workers: int, log: Path | None) -> subprocess.Popen[bytes]:
    env = {**os.environ, "INTERDICT_HOME": str(home), "INTERDICT_DATABASE_URL": ""}
    sink = log.open("wb") if log is not None else subprocess.DEVNULL
    return subprocess.Popen(
        [sys.executable, "-c", LAUNCHER, str(port), str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=sink,
    )


def wait_ready(base: str, timeout: float = 300.0) -> float:
    started = time.perf_counter()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return time.perf_counter() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError("the server did not become ready")


def first_requests(
    base: str, headers: dict[str, str], queries: list[dict[str, Any]]
) -> dict[str, Any]:
    """Latency of the first requests after start (caches cold), one at a time."""
    latencies = []
    with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
        for query in queries:
            sent = time.perf_counter()
            client.post("/match/default", json=one_query(query))
            latencies.append(time.perf_counter() - sent)
    return summary(latencies)


def warm_up(base: str, headers: dict[str, str], queries: list[dict[str, Any]]) -> None:
    """One pass over every query (caches of the engine, the entity lookup, connections)."""
    with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
        for query in queries:
            client.post("/match/default", json=one_query(query))


def one_query(query: dict[str, Any]) -> dict[str, Any]:
    return {"queries": {"q": query}}


def fixed_rate(
    base: str, headers: dict[str, str], queries: list[dict[str, Any]], rate: float, seconds: float
) -> dict[str, Any]:
    """Open loop: request i is sent at start + i/rate (bounded: rate × seconds requests)."""
    total = int(rate * seconds)
    latencies: list[float] = []
    lateness: list[float] = []
    errors = 0
    lock = threading.Lock()
    local = threading.local()
    start = time.perf_counter() + 0.2

    def send(i: int) -> None:
        nonlocal errors
        client = getattr(local, "client", None)
        if client is None:
            client = local.client = httpx.Client(base_url=base, headers=headers, timeout=30)
        due = start + i / rate
        delay = due - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        sent = time.perf_counter()
        response = client.post("/match/default", json=one_query(queries[i % len(queries)]))
        took = time.perf_counter() - sent
        with lock:
            latencies.append(took)
            lateness.append(max(0.0, sent - due))
            if response.status_code != 200:
                errors += 1

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(send, range(total)))
    elapsed = time.perf_counter() - start
    return {
        "target_rps": rate,
        "achieved_rps": round(total / elapsed, 1),
        "errors": errors,
        "late_p99_ms": round(percentile([x * 1000 for x in lateness], 99), 2),
        **summary(latencies),
    }


def closed_loop(
    base: str,
    headers: dict[str, str],
    queries: list[dict[str, Any]],
    concurrency: int,
    seconds: float,
    max_requests: int = 20_000,
) -> dict[str, Any]:
    """``concurrency`` clients, each sending the next request when the last answered."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client_loop(offset: int) -> None:
        nonlocal errors
        with httpx.Client(base_url=base, headers=headers, timeout=30) as client:
            i = offset
            while time.perf_counter() < deadline and len(latencies) < max_requests:
                sent = time.perf_counter()
                response = client.post("/match/default", json=one_query(queries[i % len(queries)]))
                took = time.perf_counter() - sent
                with lock:
                    latencies.append(took)
                    errors += response.status_code != 200
                i += concurrency

    started = time.perf_counter()
    threads = [threading.Thread(target=client_loop, args=(k,)) for k in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {
        "concurrency": concurrency,
        "rps": round(len(latencies) / elapsed, 1),
        "errors": errors,
        **summary(latencies),
    }


def batch_latency(
    base: str, headers: dict[str, str], queries: list[dict[str, Any]], size: int, repeats: int
) -> dict[str, Any]:
    latencies = []
    errors = 0
    with httpx.Client(base_url=base, headers=headers, timeout=120) as client:
        for r in range(repeats):
            chunk = [queries[(r * size + i) % len(queries)] for i in range(size)]
            body = {"queries": {f"q{i}": q for i, q in enumerate(chunk)}}
            sent = time.perf_counter()
            response = client.post("/match/default", json=body)
            latencies.append(time.perf_counter() - sent)
            errors += response.status_code != 200
    result = summary(latencies)
    return {
        "batch_size": size,
        "errors": errors,
        "per_query_ms": round(result["p50_ms"] / size, 2),
        **result,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lists", type=Path, default=ROOT.parent / "shared" / "lists")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--rate", type=float, default=100.0)
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--step-seconds", type=float, default=5.0)
    parser.add_argument("--concurrency", default="1,2,4,8,16")
    parser.add_argument("--batch-repeats", type=int, default=10)
    parser.add_argument("--json", type=Path, help="Also write the figures here.")
    parser.add_argument("--server-log", type=Path, help="Write the server's JSON log here.")
    args = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="interdict-bench-"))
    server: subprocess.Popen[bytes] | None = None
    try:
        load_seconds = load_lists(home, args.lists)
        key = create_key(home)
        rng = random.Random(20261125)
        queries = build_queries(home, rng)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_server(home, port, args.workers, args.server_log)
        ready_seconds = wait_ready(base)
        headers = {"Authorization": f"Bearer {key}"}
        cold = first_requests(base, headers, queries[-20:])
        warm_up(base, headers, queries)
        results: dict[str, Any] = {
            "workers": args.workers,
            "cpus": os.cpu_count(),
            "update_seconds": round(load_seconds, 1),
            "ready_seconds": round(ready_seconds, 1),
            "cold_first_20": cold,
        }
        print(f"lists loaded in {load_seconds:.1f} s; server ready in {ready_seconds:.1f} s")
        print("first 20 requests (cold):", json.dumps(cold))
        results["fixed_rate"] = fixed_rate(base, headers, queries, args.rate, args.duration)
        print("fixed rate:", json.dumps(results["fixed_rate"]))
        steps = []
        for concurrency in (int(c) for c in args.concurrency.split(",")):
            step = closed_loop(base, headers, queries, concurrency, args.step_seconds)
            print("closed loop:", json.dumps(step))
            steps.append(step)
        results["closed_loop"] = steps
        results["max_sustained"] = max(steps, key=lambda s: s["rps"])
        results["batch_100"] = batch_latency(base, headers, queries, 100, args.batch_repeats)
        print("batch of 100:", json.dumps(results["batch_100"]))
        metrics = httpx.get(f"{base}/metrics", headers=headers, timeout=10).text
        results["index_entities"] = next(
            (
                line.split()[-1]
                for line in metrics.splitlines()
                if line.startswith("interdict_index_entities ")
            ),
            None,
        )
        print(json.dumps(results, indent=2))
        if args.json:
            args.json.write_text(json.dumps(results, indent=2))
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
