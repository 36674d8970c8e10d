"""The OpenAPI document: yente's paths, parameters and defaults, plus interactive docs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from interdict.api.ftm import SCHEMA_DESCENDANTS, vocabulary
from interdict.api.routers.search import Facet

YENTE = json.loads((Path(__file__).parent.parent / "fixtures" / "yente_openapi.json").read_text())
COMPATIBLE = [
    ("/match/{dataset}", "post"),
    ("/search/{dataset}", "get"),
    ("/entities/{entity_id}", "get"),
    ("/catalog", "get"),
    ("/algorithms", "get"),
    ("/healthz", "get"),
    ("/readyz", "get"),
]
#: Deliberate deviations: (path, parameter, schema key) → interdict's value.
DEVIATIONS = {("/search/{dataset}", "offset", "maximum"): 500}


@pytest.fixture()
def ours(client: TestClient) -> dict[str, Any]:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


def _parameters(operation: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(p["name"], p["in"]): p for p in operation.get("parameters", [])}


@pytest.mark.parametrize(("path", "method"), COMPATIBLE)
def test_yente_parameters_and_defaults(ours: dict[str, Any], path: str, method: str) -> None:
    theirs = YENTE["paths"][path][method]
    mine = ours["paths"][path][method]
    mine_params = _parameters(mine)
    for key, param in _parameters(theirs).items():
        assert key in mine_params, f"{path}: parameter {key} missing"
        other = mine_params[key]
        assert other.get("required", False) == param.get("required", False), key
        for field in ("default", "type", "maximum", "pattern", "maxItems"):
            expected = DEVIATIONS.get((path, key[0], field), param["schema"].get(field))
            assert other["schema"].get(field) == expected, (path, key, field)
    assert set(mine_params) == set(_parameters(theirs)), "no parameters yente lacks"
    if "requestBody" in theirs:
        assert mine["requestBody"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/EntityMatchQuery"
        }
    declared = {int(s) for s in mine["responses"]}
    assert 200 in declared
    if path not in {"/healthz", "/readyz"}:
        assert {401, 403} <= declared, "auth errors are documented"


def test_request_model_matches_yente(ours: dict[str, Any]) -> None:
    for name in ("EntityMatchQuery", "EntityExample"):
        theirs = YENTE["components"]["schemas"][name]
        mine = ours["components"]["schemas"][name]
        assert set(mine["properties"]) == set(theirs["properties"]), name
        assert set(mine.get("required", [])) == set(theirs.get("required", [])), name


def test_bearer_security_scheme_is_documented(ours: dict[str, Any]) -> None:
    schemes = ours["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values())


def test_interactive_docs(client: TestClient) -> None:
    assert "swagger-ui" in client.get("/docs").text
    assert "redoc" in client.get("/redoc").text


def test_facets_and_vocabulary_cover_yente() -> None:
    assert {f.value for f in Facet} == set(YENTE["components"]["schemas"]["Facet"]["enum"])
    assert set(vocabulary()) == {
        "Thing", "LegalEntity", "Person", "Organization", "Company", "Vessel", "Airplane",
    }  # fmt: skip
    assert set(SCHEMA_DESCENDANTS) == set(vocabulary())
    for schema, below in SCHEMA_DESCENDANTS.items():
        assert schema == "Thing" or schema in below
        assert below <= set(vocabulary())
    for schema, props in vocabulary().items():
        assert "name" in props and props["name"] == "name", schema
