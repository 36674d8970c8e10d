"""Batches on POST /match: query order kept, identical queries screened once, one
hop into the screening pool per request, never screened on the event loop."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from fastapi.testclient import TestClient

from interdict.api.executor import ScreeningExecutor
from interdict.screening.screener import Screener

NAMES = [
    "Viktor Bout",
    "Ghassem Damavandian",
    "Nobody Special",
    "Viktor Bout",
    "Bank Melli Iran",
    "Ayman al-Zawahiri",
    "Viktor Bout",
    "Sea Star",
]


def _batch(names: list[str]) -> dict[str, Any]:
    # Names chosen so that dictionary order differs from sorted order.
    return {
        f"z{len(names) - i:02d}-{name}": {"schema": "Thing", "properties": {"name": [name]}}
        for i, name in enumerate(names)
    }


def _post(client: TestClient, key: str, queries: dict[str, Any]) -> Any:
    return client.post(
        "/match/default",
        json={"queries": queries},
        headers={"Authorization": f"Bearer {key}"},
    )


def test_results_keep_query_order_and_match_single_requests(
    client: TestClient, keys: dict[str, str]
) -> None:
    queries = _batch(NAMES)
    response = _post(client, keys["screen"], queries)
    assert response.status_code == 200
    assert response.headers["x-batch-size"] == str(len(NAMES))
    body = response.json()
    assert list(body["responses"]) == list(queries)
    for name, query in queries.items():
        alone = _post(client, keys["screen"], {name: query}).json()["responses"][name]
        assert body["responses"][name] == alone


def test_identical_queries_are_screened_once(
    client: TestClient, keys: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    screened: list[tuple[str, ...]] = []
    original = Screener.screen

    def spy(self: Screener, query: Any, **kwargs: Any) -> Any:
        screened.append(query.names)
        return original(self, query, **kwargs)

    monkeypatch.setattr(Screener, "screen", spy)
    response = _post(client, keys["screen"], _batch(NAMES))
    assert response.status_code == 200
    assert sorted(screened) == sorted({(n,) for n in NAMES})
    bout = [v for k, v in response.json()["responses"].items() if k.endswith("Viktor Bout")]
    assert len(bout) == 3 and all(b["results"] == bout[0]["results"] for b in bout)
    assert bout[0]["results"], "the duplicated query does match"


def test_one_hop_per_request_off_the_event_loop(
    client: TestClient, keys: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    hops: list[str] = []
    threads: list[str] = []
    original_run = ScreeningExecutor.run
    original_screen = Screener.screen

    async def run(self: ScreeningExecutor, fn: Any, *args: Any, **kwargs: Any) -> Any:
        hops.append(getattr(fn, "__name__", "?"))
        return await original_run(self, fn, *args, **kwargs)

    def screen(self: Screener, query: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread().name)
        return original_screen(self, query, **kwargs)

    monkeypatch.setattr(ScreeningExecutor, "run", run)
    monkeypatch.setattr(Screener, "screen", screen)
    assert _post(client, keys["screen"], _batch(NAMES)).status_code == 200
    assert hops == ["_screen_batch"]
    assert len(threads) == len(set(NAMES))
    assert all(name.startswith("interdict-screen") for name in threads), threads


@pytest.mark.anyio
async def test_the_executor_restarts_after_shutdown() -> None:
    executor = ScreeningExecutor(threads=1)
    assert await executor.run(threading.current_thread) is not threading.current_thread()
    executor.shutdown()
    name = await executor.run(lambda: threading.current_thread().name)
    assert name.startswith("interdict-screen")
    executor.shutdown()


def test_the_executor_needs_a_thread() -> None:
    with pytest.raises(ValueError):
        ScreeningExecutor(threads=0)


def test_serving_processes_switch_threads_faster() -> None:
    import sys

    from interdict.api import executor

    before = sys.getswitchinterval()
    try:
        executor.configure_thread_switching()
        assert sys.getswitchinterval() == pytest.approx(executor.SWITCH_INTERVAL)
        assert before > executor.SWITCH_INTERVAL
    finally:
        sys.setswitchinterval(before)


def test_building_the_app_leaves_the_interpreter_alone(client: TestClient) -> None:
    import sys

    assert sys.getswitchinterval() == pytest.approx(0.005)
