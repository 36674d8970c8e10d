"""Data access and system information: /search, /entities, /catalog, /algorithms."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from interdict.scoring.algorithms import ALGORITHMS, DEFAULT


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def test_entity(client: TestClient, keys: dict[str, str], yente: Any) -> None:
    response = client.get("/entities/ofac:1001", headers=auth(keys["screen"]))
    assert response.status_code == 200
    body = response.json()
    yente.validate(body, "EntityResponse")
    assert body["id"] == "ofac:1001"
    assert body["caption"] == "Ghassem DAMAVANDIAN"
    assert body["schema"] == "Person"
    assert body["properties"]["alias"] == ["Qasem Damavandian"]
    assert body["properties"]["passportNumber"] == ["D9001234"]
    assert body["properties"]["nationality"] == ["ir"]
    assert body["properties"]["programId"] == ["SDGT"]
    assert body["datasets"] == ["ofac_sdn", "us_ofac_sdn"]
    assert body["target"] is True
    assert body["last_seen"] and "+" not in body["last_seen"]


def test_unknown_entity_is_404(client: TestClient, keys: dict[str, str], yente: Any) -> None:
    response = client.get("/entities/ofac:999999", headers=auth(keys["screen"]))
    assert response.status_code == 404
    yente.validate(response.json(), "ErrorResponse")
    assert response.json()["detail"] == "No such entity!"


@pytest.mark.parametrize(
    ("params", "first", "ids"),
    [
        ({"q": "Viktor Bout"}, None, {"ofac:1002", "un:QDi.002"}),
        ({"q": "Viktor Bout", "dataset": "un"}, "un:QDi.002", {"un:QDi.002"}),
        ({"q": "Viktor Bout", "countries": ["ru"]}, "ofac:1002", {"ofac:1002"}),
        ({"q": "Viktor Bout", "datasets": ["un"]}, "un:QDi.002", {"un:QDi.002"}),
        (
            {"q": "Viktor Bout", "filter": ["birthDate:1967-01-13"]},
            None,
            {"ofac:1002", "un:QDi.002"},
        ),
        ({"q": "Viktor Bout", "filter": ["nationality:ru"]}, "ofac:1002", {"ofac:1002"}),
        ({"q": "Viktor Bout", "exclude_schema": ["Person"]}, None, set()),
        ({"q": "Viktor Bout", "schema": "Company"}, None, set()),
        ({"q": "Viktor Bout", "schema": "LegalEntity"}, None, {"ofac:1002", "un:QDi.002"}),
        ({"q": "Bank Melli Iran", "schema": "Company"}, "ofac:1003", None),
        ({"q": ""}, None, set()),
        ({"q": "Viktor Bout", "topics": ["export.control"]}, None, set()),
    ],
)
def test_search(
    client: TestClient,
    keys: dict[str, str],
    yente: Any,
    params: dict[str, Any],
    first: str | None,
    ids: set[str] | None,
) -> None:
    dataset = params.pop("dataset", "default")
    response = client.get(f"/search/{dataset}", params=params, headers=auth(keys["screen"]))
    assert response.status_code == 200, response.text
    body = response.json()
    yente.validate(body, "SearchResponse")
    found = [r["id"] for r in body["results"]]
    if first is not None:
        assert found[0] == first
    if ids is not None:
        assert set(found) == ids
    assert body["total"]["value"] >= len(found)
    assert set(body["facets"]) == {"countries", "topics", "datasets"}


def test_search_paging_and_facets(client: TestClient, keys: dict[str, str]) -> None:
    params = {"q": "Viktor Bout", "limit": 1, "facets": ["schema", "datasets"]}
    first = client.get("/search/default", params=params, headers=auth(keys["screen"])).json()
    second = client.get(
        "/search/default", params={**params, "offset": 1}, headers=auth(keys["screen"])
    ).json()
    assert len(first["results"]) == len(second["results"]) == 1
    assert first["results"][0]["id"] != second["results"][0]["id"]
    assert first["total"]["value"] == 2
    assert first["facets"]["schema"]["values"] == [
        {"name": "Person", "label": "Person", "count": 2}
    ]
    datasets = {v["name"]: v["count"] for v in first["facets"]["datasets"]["values"]}
    assert datasets == {"ofac_sdn": 1, "us_ofac_sdn": 1, "un": 1, "un_sc_sanctions": 1}


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"q": "x", "schema": "Nope"}, 400),
        ({"q": "x", "filter": ["novalue"]}, 400),
        ({"q": "x", "facets": ["colours"]}, 422),
        ({"q": "x", "limit": -1}, 422),
        ({"q": "x", "filter_op": "XOR"}, 422),
    ],
)
def test_search_bad_input(
    client: TestClient, keys: dict[str, str], params: dict[str, Any], status: int
) -> None:
    response = client.get("/search/default", params=params, headers=auth(keys["screen"]))
    assert response.status_code == status
    assert (
        client.get("/search/nope", params={"q": "x"}, headers=auth(keys["screen"])).status_code
        == 404
    )


def test_catalog(client: TestClient, keys: dict[str, str], yente: Any) -> None:
    response = client.get("/catalog", headers=auth(keys["screen"]))
    assert response.status_code == 200
    body = response.json()
    yente.validate(body, "DataCatalogModel")
    by_name = {d["name"]: d for d in body["datasets"]}
    assert {"default", "sanctions", "ofac", "ofac_sdn", "us_ofac_sdn", "un", "eu"} <= set(by_name)
    assert body["current"] == ["eu", "ofac_sdn", "un"]
    assert body["outdated"] == [] and body["index_stale"] is False
    assert by_name["default"]["children"] == ["eu", "ofac_sdn", "un"]
    assert by_name["ofac"]["children"] == ["ofac_sdn"]
    assert by_name["us_ofac_sdn"]["children"] == ["ofac_sdn"]
    assert by_name["ofac_sdn"]["entity_count"] == 4
    assert by_name["ofac_sdn"]["version"] == "v1" and by_name["ofac_sdn"]["load"] is True
    assert by_name["ofac_cons"]["load"] is False


def test_algorithms(client: TestClient, keys: dict[str, str], yente: Any) -> None:
    response = client.get("/algorithms", headers=auth(keys["screen"]))
    assert response.status_code == 200
    body = response.json()
    yente.validate(body, "AlgorithmResponse")
    assert body["default"] == "best"
    assert body["best"] == DEFAULT.label
    by_label = {a["name"]: a for a in body["algorithms"]}
    assert set(by_label) == {a.label for a in ALGORITHMS}, "every released algorithm"
    for algorithm in ALGORITHMS:
        entry = by_label[algorithm.label]
        features = entry["docs"]["features"]
        assert set(features) == set(algorithm.weights)
        assert features["name_max"]["coefficient"] == algorithm.weights["name_max"]
        assert algorithm.name in (entry["description"] or "")


def test_healthz_readyz_shapes(client: TestClient, yente: Any) -> None:
    for path in ("/healthz", "/readyz"):
        body = client.get(path).json()
        yente.validate(body, "StatusResponse")
        assert body == {"status": "ok"}


def test_serving_from_any_store(any_store: Any, home: Any, load_lists: Any, ready: Any) -> None:
    """The API runs unchanged on SQLite and PostgreSQL (keys, entity lookups, catalog)."""
    from fastapi.testclient import TestClient as Client

    from interdict.api.app import create_app
    from interdict.api.settings import ApiSettings
    from interdict.storage.keys import ApiKeyStore

    load_lists(any_store)
    _, key = ApiKeyStore(any_store.engine).create("pg", "screen")
    settings = ApiSettings(store=home, refresh_seconds=0.2)
    with Client(create_app(settings, store=any_store)) as client:
        ready(client)
        body = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Viktor Bout"]}}}}
        response = client.post("/match/default", json=body, headers=auth(key))
        assert response.status_code == 200
        ids = {r["id"] for r in response.json()["responses"]["q"]["results"]}
        assert ids == {"ofac:1002", "un:QDi.002"}
        assert client.get("/entities/eu:55", headers=auth(key)).json()["caption"] == (
            "Global Trading Oil LLC"
        )
        assert client.get("/catalog", headers=auth(key)).json()["current"] == [
            "eu", "ofac_sdn", "un",
        ]  # fmt: skip
