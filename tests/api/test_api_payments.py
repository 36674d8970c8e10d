"""POST /v1/payments/screen: raw ISO 20022 / MT bodies, the CLI's per-message output."""

from __future__ import annotations

from fastapi.testclient import TestClient

MT103 = (
    "{1:F01TESTGB2LAXXX0000000000}{2:I103TESTDEFFXXXXN}{4:\r\n"
    ":20:API1\r\n:23B:CRED\r\n:32A:260105USD25000,\r\n"
    ":50K:/GB29NWBK60161331926819\r\nHARBOUR TRADING LTD\r\n1 DOCK ROAD\r\nLONDON\r\n"
    ":59:/AE070331234567890123456\r\nGHASSEM DAMAVANDIAN\r\nPO BOX 1234\r\nDUBAI\r\n"
    ":71A:SHA\r\n-}"
)


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


CLEAN = MT103.replace("GHASSEM DAMAVANDIAN", "JANE SMITH").replace(":20:API1", ":20:API2")


def test_hit_on_the_beneficiary_field(client: TestClient, keys: dict[str, str]) -> None:
    response = client.post(
        "/v1/payments/screen",
        content=MT103 + "$" + CLEAN,
        headers={**auth(keys["screen"]), "Content-Type": "text/plain"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["decision"] == "hit"
    first, second = body["messages"]
    assert (first["decision"], second["decision"]) == ("hit", "clear")
    hit = next(h for h in first["hits"] if h["entity_id"] == "ofac:1001")
    assert hit["field"].startswith("59") and hit["score"] > 0.7 and hit["explanation"]


def test_hostile_body_is_an_error_message(client: TestClient, keys: dict[str, str]) -> None:
    hostile = (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]>'
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08">&a;</Document>'
    )
    response = client.post(
        "/v1/payments/screen",
        content=hostile,
        headers={**auth(keys["screen"]), "Content-Type": "application/xml"},
    )
    assert response.status_code == 200
    assert response.json()["decision"] == "error"
    assert "DOCTYPE" in response.json()["messages"][0]["errors"][0]


def test_requires_a_key_and_a_body(client: TestClient, keys: dict[str, str]) -> None:
    assert client.post("/v1/payments/screen", content=MT103).status_code == 401
    empty = client.post("/v1/payments/screen", content=b"  ", headers=auth(keys["screen"]))
    assert empty.status_code == 400


def test_repeated_parties_are_served_from_the_payments_cache(
    client: TestClient, keys: dict[str, str]
) -> None:
    cache = client.app.state.services.index.current.payments  # type: ignore[attr-defined]
    headers = {**auth(keys["screen"]), "Content-Type": "text/plain"}
    first = client.post("/v1/payments/screen", content=MT103, headers=headers)
    misses, hits = cache.misses, cache.hits
    assert misses > 0
    second = client.post("/v1/payments/screen", content=MT103, headers=headers)
    assert second.json() == first.json()
    assert cache.misses == misses and cache.hits > hits
