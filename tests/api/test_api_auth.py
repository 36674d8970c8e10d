"""API keys: 401 without or with a bad key, 403 without the scope, insecure mode."""

from __future__ import annotations

import time
from typing import Any

import pytest
from fastapi.testclient import TestClient

from interdict.storage.keys import ApiKeyStore

BODY = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Viktor Bout"]}}}}


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/match/default"),
        ("GET", "/search/default?q=bout"),
        ("GET", "/entities/ofac:1001"),
        ("GET", "/catalog"),
        ("GET", "/algorithms"),
        ("GET", "/metrics"),
    ],
)
@pytest.mark.parametrize(
    ("header", "error"),
    [
        (None, None),
        ("Bearer", None),
        ("Bearer not-a-key", "invalid_token"),
        ("Basic dXNlcjpwYXNz", None),
        ("revoked", "invalid_token"),
    ],
)
def test_unauthenticated_is_401(
    client: TestClient,
    keys: dict[str, str],
    method: str,
    path: str,
    header: str | None,
    error: str | None,
) -> None:
    headers = {}
    if header == "revoked":
        headers["Authorization"] = f"Bearer {keys['revoked']}"
    elif header is not None:
        headers["Authorization"] = header
    response = client.request(
        method, path, json=BODY if method == "POST" else None, headers=headers
    )
    assert response.status_code == 401, response.text
    challenge = response.headers["www-authenticate"]
    assert challenge.startswith('Bearer realm="interdict"')
    assert ("invalid_token" in challenge) == (error is not None)
    assert set(response.json()) >= {"detail"}


@pytest.mark.parametrize(
    ("scope", "path", "status"),
    [
        ("screen", "/metrics", 403),
        ("admin", "/metrics", 200),
        ("screen", "/catalog", 200),
        ("admin", "/catalog", 200),
        ("screen", "/algorithms", 200),
    ],
)
def test_scopes(
    client: TestClient, keys: dict[str, str], scope: str, path: str, status: int
) -> None:
    response = client.get(path, headers={"Authorization": f"Bearer {keys[scope]}"})
    assert response.status_code == status
    if status == 403:
        assert "admin" in response.json()["detail"]


def test_apikey_scheme_is_accepted(client: TestClient, keys: dict[str, str]) -> None:
    """The OpenSanctions API spelling ``Authorization: ApiKey KEY`` works too."""
    response = client.post(
        "/match/default", json=BODY, headers={"Authorization": f"ApiKey {keys['screen']}"}
    )
    assert response.status_code == 200


@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/openapi.json", "/docs"])
def test_open_endpoints(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 200


def test_keys_take_effect_without_restart(
    make_client: Any, loaded_store: Any, keys: dict[str, str], ready: Any
) -> None:
    client = make_client(refresh_seconds=0.1)
    ready(client)
    store = ApiKeyStore(loaded_store.engine)
    _, fresh = store.create("fresh", "screen")
    headers = {"Authorization": f"Bearer {fresh}"}
    deadline = time.monotonic() + 10
    while client.get("/catalog", headers=headers).status_code != 200:
        assert time.monotonic() < deadline, "a new key was not picked up"
        time.sleep(0.05)
    store.revoke("fresh")
    while client.get("/catalog", headers=headers).status_code != 401:
        assert time.monotonic() < deadline, "a revoked key kept working"
        time.sleep(0.05)


def test_insecure_mode(make_client: Any, loaded_store: Any, ready: Any, caplog: Any) -> None:
    with caplog.at_level("WARNING", logger="interdict.api"):
        client = make_client(require_auth=False)
    ready(client)
    response = client.post("/match/default", json=BODY)
    assert response.status_code == 200
    assert "authentication disabled" in response.headers["x-interdict-insecure"]
    assert client.get("/metrics").status_code == 200
    assert any("DISABLED" in r.getMessage() for r in caplog.records)


def test_secure_mode_has_no_insecure_header(client: TestClient) -> None:
    assert "x-interdict-insecure" not in client.get("/healthz").headers


def test_cors_is_off_by_default_and_configurable(
    make_client: Any, loaded_store: Any, client: TestClient
) -> None:
    preflight = {
        "Origin": "https://app.example.org",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type",
    }
    assert (
        "access-control-allow-origin"
        not in client.options("/match/default", headers=preflight).headers
    )
    allowed = make_client(cors_origins=("https://app.example.org",))
    response = allowed.options("/match/default", headers=preflight)
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "https://app.example.org"
    other = allowed.options(
        "/match/default", headers={**preflight, "Origin": "https://evil.example"}
    )
    assert "access-control-allow-origin" not in other.headers
