"""Operations: readiness, list updates without restart (atomic swap), request ids,
JSON access logs, Prometheus metrics."""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from interdict.api.logs import JsonFormatter


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


QUERY = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Viktor Bout"]}}}}
NEW_NAME = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Tarek Zeidan"]}}}}


def test_readyz_is_503_until_lists_load(
    make_client: Any,
    store: Any,
    keys: dict[str, str],
    ready: Any,
    load_snapshot: Any,
    make_person: Any,
) -> None:
    client = make_client(refresh_seconds=0.1)
    time.sleep(0.3)  # a few refresh rounds over an empty store
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["detail"] == "Index not ready."
    assert client.get("/healthz").json() == {"status": "ok"}
    assert "interdict_ready 0" in client.get("/metrics", headers=auth(keys["admin"])).text
    load_snapshot(store, "un", "un", "v1", [make_person("un:1", "un", "Viktor Bout")])
    ready(client)
    assert client.get("/readyz").json() == {"status": "ok"}
    response = client.post("/match/default", json=QUERY, headers=auth(keys["screen"]))
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["responses"]["q"]["results"]] == ["un:1"]


def test_new_snapshot_is_swapped_in_without_failed_requests(
    make_client: Any,
    loaded_store: Any,
    keys: dict[str, str],
    ready: Any,
    load_snapshot: Any,
    make_person: Any,
) -> None:
    client = make_client(refresh_seconds=0.1)
    ready(client)
    first = client.post("/match/default", json=QUERY, headers=auth(keys["screen"])).json()
    old_version = first["matcher"]["index_version"]
    assert "un@v1" in old_version

    statuses: list[int] = []
    versions: set[str] = set()
    stop = threading.Event()

    def hammer() -> None:
        while not stop.is_set():
            r = client.post("/match/default", json=QUERY, headers=auth(keys["screen"]))
            statuses.append(r.status_code)
            if r.status_code == 200:
                versions.add(r.json()["matcher"]["index_version"])

    worker = threading.Thread(target=hammer)
    worker.start()
    try:
        time.sleep(0.2)
        load_snapshot(
            loaded_store,
            "un",
            "un",
            "v2",
            [
                make_person("un:QDi.002", "un", "Viktor BOUT", birth="1967-01-13"),
                make_person("un:QDi.003", "un", "Tarek ZEIDAN", birth="1970"),
            ],
        )
        deadline = time.monotonic() + 30
        while True:
            r = client.post("/match/default", json=NEW_NAME, headers=auth(keys["screen"]))
            assert r.status_code == 200
            body = r.json()
            if "un@v2" in body["matcher"]["index_version"]:
                break
            assert time.monotonic() < deadline, "the new snapshot was not picked up"
            time.sleep(0.05)
        time.sleep(0.2)
    finally:
        stop.set()
        worker.join()
    assert [r["id"] for r in body["responses"]["q"]["results"]] == ["un:QDi.003"]
    assert statuses and set(statuses) == {200}, "a request failed during the swap"
    assert versions <= {old_version, body["matcher"]["index_version"]}
    catalog = client.get("/catalog", headers=auth(keys["screen"])).json()
    un = next(d for d in catalog["datasets"] if d["name"] == "un")
    assert un["version"] == "v2" and un["index_current"] is True
    metrics = client.get("/metrics", headers=auth(keys["admin"])).text
    assert "interdict_index_swaps_total 1" in metrics
    assert "un@v2" in metrics


def test_request_id_in_and_out(client: TestClient, keys: dict[str, str]) -> None:
    given = client.get("/healthz", headers={"X-Request-ID": "abc-123.x"})
    assert given.headers["x-request-id"] == "abc-123.x"
    made = client.get("/healthz", headers={"X-Request-ID": "bad id\twith spaces"})
    assert re.fullmatch(r"[0-9a-f]{32}", made.headers["x-request-id"])
    none = client.get("/healthz")
    assert re.fullmatch(r"[0-9a-f]{32}", none.headers["x-request-id"])
    assert none.headers["x-request-id"] != made.headers["x-request-id"]


def test_access_log_is_structured_json(
    client: TestClient, keys: dict[str, str], caplog: Any
) -> None:
    with caplog.at_level(logging.INFO, logger="interdict.api.access"):
        client.post(
            "/match/default",
            json=QUERY,
            headers={**auth(keys["screen"]), "X-Request-ID": "req-42"},
        )
    records = [r for r in caplog.records if r.name == "interdict.api.access"]
    assert records
    line = json.loads(JsonFormatter().format(records[-1]))
    assert line["request_id"] == "req-42"
    assert line["status"] == 200
    assert line["route"] == "/match/{dataset}"
    assert line["path"] == "/match/default"
    assert line["key"] == "screener"
    assert line["duration_ms"] >= 0
    assert line["level"] == "info" and line["logger"] == "interdict.api.access"


def test_json_formatter_keeps_traceback_out_of_message() -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed %s", ("here",), None)
        import sys

        record.exc_info = sys.exc_info()
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "failed here"
    assert line["exc_type"] == "ValueError"
    assert "boom" in line["traceback"]


def _sample(text: str, name: str, **labels: str) -> float:
    for line in text.splitlines():
        if line.startswith("#") or not line.startswith(name):
            continue
        metric, _, value = line.rpartition(" ")
        if metric.split("{")[0] != name:
            continue
        if all(f'{k}="{v}"' in metric for k, v in labels.items()):
            return float(value)
    raise AssertionError(f"no sample {name} {labels}")


def test_prometheus_metrics(client: TestClient, keys: dict[str, str]) -> None:
    for _ in range(3):
        client.post("/match/default", json=QUERY, headers=auth(keys["screen"]))
    client.post("/match/nope", json=QUERY, headers=auth(keys["screen"]))
    response = client.get("/metrics", headers=auth(keys["admin"]))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    text = response.text
    route = "/match/{dataset}"
    assert _sample(text, "interdict_http_requests_total", route=route, status="200") == 3
    assert _sample(text, "interdict_http_requests_total", route=route, status="404") == 1
    count = _sample(
        text, "interdict_http_request_duration_seconds_count", route=route, method="POST"
    )
    assert count == 4
    inf = _sample(text, "interdict_http_request_duration_seconds_bucket", route=route, le="+Inf")
    assert inf == count
    buckets = [
        float(line.rpartition(" ")[2])
        for line in text.splitlines()
        if line.startswith("interdict_http_request_duration_seconds_bucket")
        and f'route="{route}"' in line
    ]
    assert buckets == sorted(buckets), "histogram buckets must be cumulative"
    assert _sample(text, "interdict_screening_queries_total", endpoint="match") == 3
    assert _sample(text, "interdict_screening_matches_total") >= 3
    assert _sample(text, "interdict_index_info", version="eu@v1,ofac_sdn@v1,un@v1") == 1
    assert _sample(text, "interdict_index_entities") == 7
    assert _sample(text, "interdict_ready") == 1
    for line in text.splitlines():
        if line and not line.startswith("#"):
            assert re.fullmatch(r"[a-z_]+(\{.*\})? [0-9.e+\-Inf]+", line), line


def test_update_through_real_parsers_is_served_without_restart(
    make_client: Any, store: Any, keys: dict[str, str], ready: Any
) -> None:
    """The real update path (UN XML parser → snapshot → activation) feeds a running
    server: v1 is served, then v2 replaces it without a restart."""
    from interdict.lists.update import update_from_directory

    fixtures = Path(__file__).parent.parent / "fixtures"
    (outcome,) = update_from_directory(store, fixtures / "listdir_v1")
    assert outcome.status == "loaded"
    client = make_client(refresh_seconds=0.1)
    ready(client)

    def top(name: str) -> tuple[str | None, str]:
        body = {"queries": {"q": {"schema": "Organization", "properties": {"name": [name]}}}}
        r = client.post("/match/un_sc_sanctions", json=body, headers=auth(keys["screen"]))
        assert r.status_code == 200
        data = r.json()
        results = data["responses"]["q"]["results"]
        return (results[0]["id"] if results else None), data["matcher"]["index_version"]

    assert top("Qods Aviation Industries")[0] == "un:XXe.903"
    assert top("Shahed Aviation Industries Research Center")[0] is None
    (outcome,) = update_from_directory(store, fixtures / "listdir_v2")
    assert outcome.status == "loaded"
    deadline = time.monotonic() + 30
    while True:
        found, version = top("Shahed Aviation Industries Research Center")
        if found is not None:
            break
        assert time.monotonic() < deadline, "the update was not picked up"
        time.sleep(0.05)
    assert found == "un:XXe.904"
    assert outcome.snapshot is not None and outcome.snapshot.version in version
    assert top("Qods Aviation Industries")[0] is None
    entity = client.get("/entities/un:XXe.904", headers=auth(keys["screen"])).json()
    assert entity["caption"] == "SHAHED AVIATION INDUSTRIES RESEARCH CENTER"
    assert client.get("/entities/un:XXe.903", headers=auth(keys["screen"])).status_code == 404
