"""Bad input: always a 4xx JSON body naming the field, never a 500 or a trace."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def person(**props: Any) -> dict[str, Any]:
    return {"schema": "Person", "properties": {"name": ["Viktor Bout"], **props}}


def assert_clean(body: Any) -> None:
    """No stack trace, exception class or internal path in an error body."""
    text = str(body)
    for marker in ("Traceback", 'File "', "/work/", "/tmp/", ".py", "sqlite:"):
        assert marker not in text, f"{marker!r} leaked into {text!r}"


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"queries": {"q1": {"schema": "Persn", "properties": {"name": ["x"]}}}}, 400,
         "queries.q1.schema"),
        ({"queries": {"q1": {"schema": "CryptoWallet", "properties": {"name": ["x"]}}}}, 400,
         "queries.q1.schema"),
        ({"queries": {"q1": person(colour=["red"])}}, 400, "queries.q1.properties.colour"),
        ({"queries": {"q1": person(birthDate=["1968-13-45"])}}, 400,
         "queries.q1.properties.birthDate"),
        ({"queries": {"q1": person(birthDate=["yesterday"])}}, 400,
         "queries.q1.properties.birthDate"),
        ({"queries": {"q1": person(incorporationDate=["soon"])}}, 400,
         "queries.q1.properties.incorporationDate"),
        ({"queries": {"q1": person(nationality=["Atlantis"])}}, 400,
         "queries.q1.properties.nationality"),
        ({"queries": {"q1": person(idNumber=[{"x": 1}])}}, 400, "queries.q1.properties.idNumber"),
        ({"queries": {"q1": person(idNumber=[True])}}, 400, "queries.q1.properties.idNumber"),
        ({"queries": {"q1": {"schema": "Person", "properties": {"birthDate": ["1968"]}}}}, 400,
         "queries.q1.properties.name"),
        ({"queries": {"q1": {"schema": "Person", "properties": {"name": ["a\x00b"]}}}}, 400,
         "queries.q1.properties.name"),
        ({"queries": {"q1": {"schema": "Person", "properties": {"name": ["x" * 2000]}}}}, 400,
         "queries.q1.properties.name"),
        ({"queries": {"q1": person(alias=[f"Alias {i}" for i in range(20)])}}, 400,
         "queries.q1.properties.name"),
        ({"queries": {}}, 400, "queries"),
        ({"queries": {"q1": person()}, "config": {"nm_number_mismatch": 0.4}}, 400,
         "config.nm_number_mismatch"),
        ({"queries": {"q1": person()}, "weights": {"name_literal": 0.8}}, 400,
         "weights.name_literal"),
    ],
)  # fmt: skip
def test_bad_examples_are_400_naming_the_field(
    client: TestClient, keys: dict[str, str], body: dict[str, Any], status: int, field: str
) -> None:
    response = client.post("/match/default", json=body, headers=auth(keys["screen"]))
    assert response.status_code == status, response.text
    data = response.json()
    assert data["field"] == field
    assert isinstance(data["detail"], str) and data["detail"]
    assert data["request_id"] == response.headers["x-request-id"]
    assert_clean(data)


@pytest.mark.parametrize(
    ("content", "loc"),
    [
        (b'{"queries": ', "body"),
        (b"not json at all", "body"),
        (b'{"queries": {"q1": {"properties": {"name": ["x"]}}}}', "schema"),
        (b'{"queries": {"q1": {"schema": "Person"}}}', "properties"),
        (b'{"queries": {"q1": {"schema": "Person", "properties": {"name": 5}}}}', "name"),
        (b'{"queries": [1, 2]}', "queries"),
        (b"[]", "body"),
    ],
)
def test_malformed_bodies_are_422_with_location(
    client: TestClient, keys: dict[str, str], content: bytes, loc: str
) -> None:
    response = client.post(
        "/match/default",
        content=content,
        headers={**auth(keys["screen"]), "content-type": "application/json"},
    )
    assert response.status_code == 422, response.text
    errors = response.json()["detail"]
    assert errors and all({"loc", "msg", "type"} <= set(e) for e in errors)
    assert any(loc in [str(p) for p in e["loc"]] for e in errors)
    assert_clean(response.json())


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 501}, "limit"),
        ({"limit": "many"}, "limit"),
        ({"threshold": "nan"}, "threshold"),
        ({"threshold": "inf"}, "threshold"),
        ({"cutoff": "x"}, "cutoff"),
        ({"changed_since": "last week"}, "changed_since"),
        ({"exclude_entity_ids": [f"id{i}" for i in range(51)]}, "exclude_entity_ids"),
    ],
)
def test_bad_parameters_are_422(
    client: TestClient, keys: dict[str, str], params: dict[str, Any], name: str
) -> None:
    response = client.post(
        "/match/default",
        json={"queries": {"q": person()}},
        params=params,
        headers=auth(keys["screen"]),
    )
    assert response.status_code == 422, response.text
    assert name in str(response.json()["detail"])


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"changed_since": "2024-13-01"}, "changed_since"),
        ({"algorithm": "magic"}, "algorithm"),
    ],
)
def test_bad_parameter_values_are_400(
    client: TestClient, keys: dict[str, str], params: dict[str, Any], field: str
) -> None:
    response = client.post(
        "/match/default",
        json={"queries": {"q": person()}},
        params=params,
        headers=auth(keys["screen"]),
    )
    assert response.status_code == 400, response.text
    assert response.json()["field"] == field


def test_batch_over_the_limit(
    make_client: Any, loaded_store: Any, keys: dict[str, str], ready: Any
) -> None:
    client = make_client(max_batch=3)
    ready(client)
    queries = {f"q{i}": person() for i in range(4)}
    response = client.post(
        "/match/default", json={"queries": queries}, headers=auth(keys["screen"])
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Too many queries in one batch (limit: 3)",
        "field": "queries",
        "request_id": response.headers["x-request-id"],
    }
    ok = client.post(
        "/match/default",
        json={"queries": dict(list(queries.items())[:3])},
        headers=auth(keys["screen"]),
    )
    assert ok.status_code == 200


def test_oversized_body_is_413(
    make_client: Any, loaded_store: Any, keys: dict[str, str], ready: Any
) -> None:
    client = make_client(max_body_bytes=2048)
    ready(client)
    big = {"queries": {"q": person(notes=["x" * 3000])}}
    response = client.post("/match/default", json=big, headers=auth(keys["screen"]))
    assert response.status_code == 413
    assert "2048" in response.json()["detail"]


def test_oversized_chunked_body_is_413(
    make_client: Any, loaded_store: Any, keys: dict[str, str], ready: Any
) -> None:
    """A body without Content-Length is counted while it is read."""
    client = make_client(max_body_bytes=2048)
    ready(client)

    def chunks() -> Any:
        yield b'{"queries": {"q": {"schema": "Person", "properties": {"name": ["'
        for _ in range(10):
            yield b"x" * 500
        yield b'"]}}}}'

    response = client.post(
        "/match/default",
        content=chunks(),
        headers={**auth(keys["screen"]), "content-type": "application/json"},
    )
    assert response.status_code == 413


def test_unknown_path_and_method(client: TestClient, keys: dict[str, str]) -> None:
    assert client.get("/nothing-here", headers=auth(keys["screen"])).status_code == 404
    response = client.get("/match/default", headers=auth(keys["screen"]))
    assert response.status_code == 405
    assert response.json()["detail"] == "Method Not Allowed"


def test_not_ready_is_503(make_client: Any, store: Any, keys: dict[str, str]) -> None:
    client = make_client()
    response = client.post(
        "/match/default", json={"queries": {"q": person()}}, headers=auth(keys["screen"])
    )
    assert response.status_code == 503
    assert response.json()["detail"] == "Index not ready."


def test_unexpected_errors_are_generic_500s(
    client: TestClient, keys: dict[str, str], monkeypatch: pytest.MonkeyPatch, caplog: Any
) -> None:
    """A bug answers 500 with the request id only; the trace goes to the log."""

    def explode(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret detail at /work/main/src/x.py")

    # The rendering of the screening result, in the request's path (the screener itself
    # may be a compiled class, whose methods cannot be patched).
    monkeypatch.setattr("interdict.api.routers.match.scored_body", explode)
    with caplog.at_level("ERROR", logger="interdict.api.errors"):
        response = client.post(
            "/match/default",
            json={"queries": {"q": person()}},
            headers={**auth(keys["screen"]), "X-Request-ID": "boom-1"},
        )
    assert response.status_code == 500
    assert response.json() == {"detail": "Internal server error", "request_id": "boom-1"}
    assert response.headers["x-request-id"] == "boom-1"
    assert any(r.exc_info and "secret detail" in str(r.exc_info[1]) for r in caplog.records)
