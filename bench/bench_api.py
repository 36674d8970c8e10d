"""Benchmark of the HTTP screening API on the real lists (bounded; loopback only).

Prepares an INTERDICT_HOME holding every real list: either a copy of a ready home
(``--home DIR``: its database and saved index are copied into a temporary
directory, so DIR is never written to) or a fresh ``interdict update --from``
of a list directory (``--lists``, default ``../shared/lists``). Creates an API
key, then for each worker count of ``--workers`` (default ``1,2``) starts the
server on 127.0.0.1 (``interdict.api.server.run``, the code behind
``interdict serve --workers N``), waits for /readyz and measures:

1. the first 20 requests after start (cold caches), then one warm-up pass;
2. single-query ``POST /match/default`` at a fixed rate (default 100 req/s, open
   loop: request i is sent at start + i/rate whatever the previous ones do);
3. closed-loop throughput at increasing concurrency (1, 2, 4, 8 connections, a few
   seconds each): req/s with p50/p99; the highest rate whose p99 is within 50 ms is
   the maximum sustained rate;
4. a 100-query batch (distinct queries): latency over repetitions;
5. mixed load: single queries at 50 req/s while one client sends 100-query batches
   back to back (how long singles wait behind batches).

Queries mix names taken from the lists (exact and with a typo) with names that are
not listed. For reference, the same single queries are screened in this process
with the same index (``Screener.screen``, back to back): request latency minus
that is the API's overhead.

The load generator is a small keep-alive HTTP/1.1 client on raw asyncio streams
(~0.1 ms of CPU per request), running in this process on the same machine: on a
2-core machine it competes with the server for the cores, so figures are
pessimistic for the server and noisy when other work runs. Every loop is bounded
in requests and time; servers are stopped at the end. Usage::

    .venv/bin/python bench/bench_api.py --home /work/home [--workers 1,2]
        [--rate 100] [--duration 10] [--step-seconds 4] [--mixed-seconds 6]
        [--json OUT.json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parent.parent
UNLISTED = [
    "Johan Smithers", "Maria Gonzalez Ortega", "Acme Widgets GmbH", "Northwind Traders Ltd",
    "Peter Olafsson", "Li Wei", "Fatima Haddad", "Blue Ocean Shipping SA", "Kenji Watanabe",
    "Olga Petrova", "Green Valley Farms LLC", "Ahmed Youssef", "Sunrise Bakery", "Jan Kowalski",
]  # fmt: skip
#: p99 bound (ms) of a sustained rate.
SUSTAINED_P99_MS = 50.0
#: Hard bounds of every measuring loop.
MAX_REQUESTS_PER_STEP = 20_000
REQUEST_TIMEOUT = 30.0


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


# -- the home ------------------------------------------------------------------


def home_settings(home: Path) -> Any:
    from interdict.settings import Settings

    return Settings.from_env({"INTERDICT_HOME": str(home)})


def copy_home(source: Path, target: Path) -> float:
    """Copy a ready home's SQLite database and saved indexes (nothing else)."""
    started = time.perf_counter()
    database = source / "interdict.db"
    if not database.exists():
        raise SystemExit(f"{database} does not exist: --home needs a ready INTERDICT_HOME")
    shutil.copy2(database, target / "interdict.db")
    if (source / "index").is_dir():
        shutil.copytree(source / "index", target / "index")
    return time.perf_counter() - started


def load_lists(home: Path, lists: Path) -> float:
    env = {**os.environ, "INTERDICT_HOME": str(home), "INTERDICT_DATABASE_URL": ""}
    started = time.perf_counter()
    cli = Path(sys.executable).parent / "interdict"
    command = [str(cli)] if cli.exists() else [sys.executable, "-m", "interdict.cli.main"]
    subprocess.run([*command, "update", "--from", str(lists), "-q"], env=env, check=True)
    return time.perf_counter() - started


def build_queries(home: Path, rng: random.Random, count: int = 400) -> list[dict[str, Any]]:
    from interdict.storage.snapshots import SnapshotStore

    store = SnapshotStore.open(home_settings(home).database_url)
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


def create_key(home: Path) -> str:
    from interdict.storage.keys import ApiKeyStore
    from interdict.storage.snapshots import SnapshotStore

    store = SnapshotStore.open(home_settings(home).database_url)
    try:
        return ApiKeyStore(store.engine).create(f"bench-{os.getpid()}", "admin")[1]
    finally:
        store.close()


def in_process_reference(home: Path, queries: list[dict[str, Any]]) -> dict[str, Any]:
    """``Screener.screen`` on the same index, back to back, for the same queries."""
    from interdict.api.ftm import example_to_query
    from interdict.screening.policy import Policy
    from interdict.screening.screener import Screener
    from interdict.screening.service import IndexCache
    from interdict.storage.snapshots import SnapshotStore

    settings = home_settings(home)
    store = SnapshotStore.open(settings.database_url)
    try:
        index = IndexCache(settings.index_dir).load_or_build(store)
    finally:
        store.close()
    screener = Screener(index)
    policy = Policy(threshold=0.7, limit=5)
    parsed = [example_to_query(q["schema"], q["properties"], path="q").query for q in queries]
    for query in parsed:  # warm
        screener.screen(query, policy=policy)
    latencies = []
    for query in parsed:
        started = time.perf_counter()
        screener.screen(query, policy=policy)
        latencies.append(time.perf_counter() - started)
    return {"screen_in_process": summary(latencies)}


# -- the server ----------------------------------------------------------------

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
    sink = log.open("ab") if log is not None else subprocess.DEVNULL
    return subprocess.Popen(
        [sys.executable, "-c", LAUNCHER, str(port), str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=sink,
    )


def stop_server(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=20)


# -- the load generator --------------------------------------------------------


class Connection:
    """One keep-alive HTTP/1.1 connection; :meth:`send` makes one request."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    @classmethod
    async def open(cls, port: int) -> Connection:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        return cls(reader, writer)

    async def send(self, request: bytes) -> tuple[int, bytes]:
        self.writer.write(request)
        head = await asyncio.wait_for(self.reader.readuntil(b"\r\n\r\n"), REQUEST_TIMEOUT)
        status = int(head[9:12])
        length = 0
        for line in head.split(b"\r\n"):
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
        body = await asyncio.wait_for(self.reader.readexactly(length), REQUEST_TIMEOUT)
        return status, body

    def close(self) -> None:
        self.writer.close()


def http_request(method: str, path: str, key: str, body: bytes = b"") -> bytes:
    head = (
        f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {key}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


def match_request(key: str, queries: dict[str, Any]) -> bytes:
    return http_request("POST", "/match/default", key, orjson.dumps({"queries": queries}))


async def wait_ready(port: int, timeout: float = 300.0, streak: int = 30) -> float:
    """Seconds until ``streak`` consecutive /readyz on fresh connections answer 200:
    with several workers a fresh connection may reach any of them, so one 200 only
    says that one worker is ready."""
    started = time.perf_counter()
    deadline = time.monotonic() + timeout
    ready = 0
    while ready < streak:
        if time.monotonic() > deadline:
            raise RuntimeError("the server did not become ready")
        status = 0
        try:
            conn = await Connection.open(port)
            try:
                status, _ = await conn.send(b"GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            finally:
                conn.close()
        except (OSError, asyncio.IncompleteReadError, TimeoutError):
            pass
        ready = ready + 1 if status == 200 else 0
        await asyncio.sleep(0.02 if status == 200 else 0.1)
    return time.perf_counter() - started


async def sequential(port: int, requests: list[bytes]) -> dict[str, Any]:
    """One connection, one request after the other."""
    conn = await Connection.open(port)
    latencies, errors = [], 0
    try:
        for request in requests:
            sent = time.perf_counter()
            status, _ = await conn.send(request)
            latencies.append(time.perf_counter() - sent)
            errors += status != 200
    finally:
        conn.close()
    return {"errors": errors, **summary(latencies)}


async def fixed_rate(
    port: int, requests: list[bytes], rate: float, seconds: float
) -> dict[str, Any]:
    """Open loop: request i is sent at start + i/rate (rate × seconds requests)."""
    total = min(int(rate * seconds), MAX_REQUESTS_PER_STEP)
    idle: asyncio.Queue[Connection] = asyncio.Queue()
    opened = [await Connection.open(port) for _ in range(16)]
    for conn in opened:
        idle.put_nowait(conn)
    latencies: list[float] = []
    lateness: list[float] = []
    errors = 0
    start = time.perf_counter() + 0.2

    async def one(i: int) -> None:
        nonlocal errors
        due = start + i / rate
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        if idle.empty() and len(opened) < 64:
            opened.append(await Connection.open(port))
            idle.put_nowait(opened[-1])
        conn = await idle.get()
        sent = time.perf_counter()
        status, _ = await conn.send(requests[i % len(requests)])
        latencies.append(time.perf_counter() - sent)
        lateness.append(max(0.0, sent - due))
        errors += status != 200
        idle.put_nowait(conn)

    await asyncio.gather(*(one(i) for i in range(total)))
    elapsed = time.perf_counter() - start
    for conn in opened:
        conn.close()
    return {
        "target_rps": rate,
        "achieved_rps": round(total / elapsed, 1),
        "errors": errors,
        "client_late_p99_ms": round(percentile([x * 1000 for x in lateness], 99), 2),
        **summary(latencies),
    }


async def closed_loop(
    port: int, requests: list[bytes], concurrency: int, seconds: float
) -> dict[str, Any]:
    """``concurrency`` connections, each sending its next request when answered."""
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds

    async def client(offset: int) -> None:
        nonlocal errors
        conn = await Connection.open(port)
        i = offset
        try:
            while time.perf_counter() < deadline and len(latencies) < MAX_REQUESTS_PER_STEP:
                sent = time.perf_counter()
                status, _ = await conn.send(requests[i % len(requests)])
                latencies.append(time.perf_counter() - sent)
                errors += status != 200
                i += concurrency
        finally:
            conn.close()

    started = time.perf_counter()
    await asyncio.gather(*(client(k) for k in range(concurrency)))
    elapsed = time.perf_counter() - started
    return {
        "concurrency": concurrency,
        "rps": round(len(latencies) / elapsed, 1),
        "errors": errors,
        **summary(latencies),
    }


async def batch_latency(
    port: int, key: str, queries: list[dict[str, Any]], size: int, repeats: int
) -> dict[str, Any]:
    requests = []
    for r in range(repeats):
        chunk = [queries[(r * size + i) % len(queries)] for i in range(size)]
        requests.append(match_request(key, {f"q{i}": q for i, q in enumerate(chunk)}))
    result = await sequential(port, requests)
    return {"batch_size": size, "per_query_ms": round(result["p50_ms"] / size, 3), **result}


async def mixed_load(
    port: int, key: str, queries: list[dict[str, Any]], seconds: float
) -> dict[str, Any]:
    """Singles at 50 req/s (open loop) while one connection sends 100-query batches."""
    singles = [match_request(key, {"q": q}) for q in queries]
    batches = [
        match_request(key, {f"q{i}": queries[(r * 100 + i) % len(queries)] for i in range(100)})
        for r in range(4)
    ]
    batch_latencies: list[float] = []
    stop = time.perf_counter() + seconds

    async def batch_loop() -> None:
        conn = await Connection.open(port)
        try:
            r = 0
            while time.perf_counter() < stop and len(batch_latencies) < 1000:
                sent = time.perf_counter()
                await conn.send(batches[r % len(batches)])
                batch_latencies.append(time.perf_counter() - sent)
                r += 1
        finally:
            conn.close()

    single, _ = await asyncio.gather(fixed_rate(port, singles, 50.0, seconds), batch_loop())
    return {"singles_at_50_rps": single, "batches_100": summary(batch_latencies)}


async def measure(
    port: int, key: str, queries: list[dict[str, Any]], args: argparse.Namespace
) -> dict[str, Any]:
    singles = [match_request(key, {"q": q}) for q in queries]
    results: dict[str, Any] = {"ready_seconds": round(await wait_ready(port), 1)}
    results["cold_first_20"] = await sequential(port, singles[-20:])
    await sequential(port, singles)  # warm-up pass
    print("  first 20 requests (cold):", json.dumps(results["cold_first_20"]))
    results["fixed_rate"] = await fixed_rate(port, singles, args.rate, args.duration)
    print("  fixed rate:", json.dumps(results["fixed_rate"]))
    steps = []
    for concurrency in (int(c) for c in args.concurrency.split(",")):
        step = await closed_loop(port, singles, concurrency, args.step_seconds)
        print("  closed loop:", json.dumps(step))
        steps.append(step)
    results["closed_loop"] = steps
    within = [s for s in steps if s["p99_ms"] <= SUSTAINED_P99_MS and not s["errors"]]
    results["max_sustained"] = max(within, key=lambda s: s["rps"]) if within else None
    results["batch_100"] = await batch_latency(port, key, queries, 100, args.batch_repeats)
    print("  batch of 100:", json.dumps(results["batch_100"]))
    if args.mixed_seconds > 0:
        results["mixed"] = await mixed_load(port, key, queries, args.mixed_seconds)
        print("  mixed:", json.dumps(results["mixed"]))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", type=Path, help="A ready INTERDICT_HOME to copy.")
    parser.add_argument("--lists", type=Path, default=ROOT.parent / "shared" / "lists")
    parser.add_argument("--workers", default="1,2", help="Worker counts, e.g. 1,2.")
    parser.add_argument("--rate", type=float, default=100.0)
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--step-seconds", type=float, default=4.0)
    parser.add_argument("--concurrency", default="1,2,4,8")
    parser.add_argument("--batch-repeats", type=int, default=10)
    parser.add_argument("--mixed-seconds", type=float, default=6.0, help="0 skips it.")
    parser.add_argument("--no-reference", action="store_true", help="Skip the in-process run.")
    parser.add_argument("--json", type=Path, help="Also write the figures here.")
    parser.add_argument("--server-log", type=Path, help="Append the servers' JSON logs here.")
    args = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="interdict-bench-"))
    server: subprocess.Popen[bytes] | None = None
    try:
        if args.home is not None:
            prepared = f"copied {args.home} in {copy_home(args.home, home):.1f} s"
        else:
            prepared = f"lists loaded in {load_lists(home, args.lists):.1f} s"
        print(prepared)
        key = create_key(home)
        queries = build_queries(home, random.Random(20261125))
        results: dict[str, Any] = {"cpus": os.cpu_count(), "home": prepared, "runs": []}
        if not args.no_reference:
            results["reference"] = in_process_reference(home, queries)
            print("in-process screen:", json.dumps(results["reference"]))
        for workers in (int(w) for w in args.workers.split(",")):
            port = free_port()
            print(f"{workers} worker(s):")
            server = start_server(home, port, workers, args.server_log)
            try:
                run = asyncio.run(measure(port, key, queries, args))
            finally:
                stop_server(server)
                server = None
            results["runs"].append({"workers": workers, **run})
        print(json.dumps(results, indent=2))
        if args.json:
            args.json.write_text(json.dumps(results, indent=2))
    finally:
        if server is not None:
            stop_server(server)
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
