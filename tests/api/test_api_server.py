"""The real server (uvicorn) on 127.0.0.1: several worker processes, keep-alive
latency (no delayed-ACK stalls), JSON logs from the workers. Bounded; loopback only."""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from interdict.settings import Settings
from interdict.storage.keys import ApiKeyStore
from interdict.storage.snapshots import SnapshotStore

LAUNCHER = """
import sys
from interdict.api.logs import configure_logging
from interdict.api.server import run
from interdict.api.settings import ApiSettings
from interdict.settings import Settings
configure_logging(20)
run(ApiSettings(store=Settings.from_env(), port=int(sys.argv[1]), workers=int(sys.argv[2])))
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_real_server(tmp_path: Path, load_lists: Any, workers: int) -> None:
    settings = Settings.from_env({"INTERDICT_HOME": str(tmp_path)})
    store = SnapshotStore.open(settings.database_url)
    load_lists(store)
    _, key = ApiKeyStore(store.engine).create("t", "screen")
    store.close()
    port = _free_port()
    log = tmp_path / "server.log"
    env = {**os.environ, "INTERDICT_HOME": str(tmp_path), "INTERDICT_DATABASE_URL": ""}
    with log.open("wb") as sink:
        server = subprocess.Popen(
            [sys.executable, "-c", LAUNCHER, str(port), str(workers)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=sink,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, log.read_text()[-2000:]
            time.sleep(0.1)
        time.sleep(0.5)  # every worker has loaded its index
        body = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Viktor Bout"]}}}}
        timings = []
        with httpx.Client(
            base_url=base, headers={"Authorization": f"Bearer {key}"}, timeout=10
        ) as client:
            for _ in range(20):
                started = time.perf_counter()
                response = client.post("/match/default", json=body)
                timings.append(time.perf_counter() - started)
                assert response.status_code == 200
                assert response.json()["responses"]["q"]["results"]
        # A delayed-ACK stall costs ~40 ms per request on a kept-alive connection.
        assert statistics.median(timings) < 0.03, timings
    finally:
        server.terminate()
        server.wait(timeout=30)
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    loads = [line for line in lines if line.get("event") == "index_load"]
    assert len(loads) == workers, "each worker loads its index, with JSON logs"
    access = [line for line in lines if line.get("event") == "access"]
    assert any(line["route"] == "/match/{dataset}" and line["key"] == "t" for line in access)
