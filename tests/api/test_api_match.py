"""POST /match/{dataset}: yente-shaped requests and responses, scoping and options."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interdict.api.ftm import vocabulary
from interdict.scoring.algorithms import DEFAULT


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def match(
    client: TestClient, key: str, queries: dict[str, Any], dataset: str = "default", **params: Any
) -> Any:
    response = client.post(
        f"/match/{dataset}", json={"queries": queries}, params=params, headers=auth(key)
    )
    return response


def person_query(*names: str, **props: list[str]) -> dict[str, Any]:
    return {"schema": "Person", "properties": {"name": list(names), **props}}


def result_ids(body: dict[str, Any], name: str = "q") -> list[str]:
    return [r["id"] for r in body["responses"][name]["results"]]


def test_yente_documentation_example(client: TestClient, keys: dict[str, str], yente: Any) -> None:
    """The example of yente's /match docstring, verbatim, plus a listed person."""
    queries = {
        "entity1": {
            "schema": "Person",
            "properties": {
                "name": ["John Doe"],
                "birthDate": ["1975-04-21"],
                "nationality": ["us"],
            },
        },
        "entity2": {
            "schema": "Company",
            "properties": {
                "name": ["Brilliant Amazing Limited"],
                "jurisdiction": ["hk"],
                "registrationNumber": ["84BA99810"],
            },
        },
        "listed": person_query("Ghassem Damavandian", birthDate=["1968-05-02"]),
    }
    response = match(client, keys["screen"], queries)
    assert response.status_code == 200, response.text
    body = response.json()
    yente.validate(body, "EntityMatchResponse")
    assert response.headers["x-batch-size"] == "3"
    assert set(body["responses"]) == {"entity1", "entity2", "listed"}
    assert body["limit"] == 5
    assert body["responses"]["entity1"]["results"] == []
    assert body["responses"]["entity1"]["total"] == {"value": 0, "relation": "eq"}
    assert body["responses"]["entity2"]["query"] == {
        "id": None,
        "schema": "Company",
        "properties": queries["entity2"]["properties"],
    }
    listed = body["responses"]["listed"]
    assert listed["status"] == 200
    top = listed["results"][0]
    assert top["id"] == "ofac:1001"
    assert top["match"] is True
    assert top["score"] >= 0.7
    assert listed["total"]["value"] >= 1
    assert top["datasets"] == ["ofac_sdn", "us_ofac_sdn"]
    assert top["properties"]["birthDate"] == ["1968-05-02"]
    assert top["properties"]["topics"] == ["sanction"]
    assert top["explanations"]["name"]["candidate"] == "Ghassem DAMAVANDIAN"
    assert "birth_date" in top["explanations"]
    assert body["matcher"]["algorithm"].startswith("interdict-")


@pytest.mark.parametrize(
    ("dataset", "expected"),
    [
        ("default", {"ofac:1002", "un:QDi.002"}),
        ("sanctions", {"ofac:1002", "un:QDi.002"}),
        ("ofac", {"ofac:1002"}),
        ("ofac_sdn", {"ofac:1002"}),
        ("us_ofac_sdn", {"ofac:1002"}),
        ("ofac_cons", set()),
        ("un", {"un:QDi.002"}),
        ("un_sc_sanctions", {"un:QDi.002"}),
        ("eu", set()),
        ("eu_fsf", set()),
        ("gb_hmt_sanctions", set()),
    ],
)
def test_dataset_scope(
    client: TestClient, keys: dict[str, str], dataset: str, expected: set[str]
) -> None:
    response = match(client, keys["screen"], {"q": person_query("Viktor Bout")}, dataset)
    assert response.status_code == 200, response.text
    assert set(result_ids(response.json())) == expected


def test_unknown_dataset_is_404(client: TestClient, keys: dict[str, str]) -> None:
    response = match(client, keys["screen"], {"q": person_query("Viktor Bout")}, "nope")
    assert response.status_code == 404
    assert response.json()["detail"] == "No such dataset."


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"include_dataset": ["un"]}, {"un:QDi.002"}),
        ({"include_dataset": ["us_ofac_sdn", "un"]}, {"ofac:1002", "un:QDi.002"}),
        ({"include_dataset": ["unknown"]}, set()),
        ({"exclude_dataset": ["ofac"]}, {"un:QDi.002"}),
        ({"exclude_entity_ids": ["un:QDi.002"]}, {"ofac:1002"}),
        ({"exclude_schema": ["Person"]}, set()),
        ({"topics": ["sanction"]}, {"ofac:1002", "un:QDi.002"}),
        ({"topics": ["export.control"]}, set()),
        ({"changed_since": "2000-01-01"}, {"ofac:1002", "un:QDi.002"}),
        ({"changed_since": "2999-01-01T00:00"}, set()),
        ({"limit": 1}, {"ofac:1002"}),
    ],
)
def test_match_filters(
    client: TestClient, keys: dict[str, str], params: dict[str, Any], expected: set[str]
) -> None:
    query = person_query("Viktor Bout", birthDate=["1967-01-13"])
    response = match(client, keys["screen"], {"q": query}, **params)
    assert response.status_code == 200, response.text
    ids = set(result_ids(response.json()))
    if params.get("limit") == 1:
        assert len(ids) == 1 and ids <= {"ofac:1002", "un:QDi.002"}
    else:
        assert ids == expected


def test_threshold_and_cutoff(client: TestClient, keys: dict[str, str]) -> None:
    """yente semantics: results above the cutoff; match = score >= threshold."""
    query = {"q": person_query("Ghassem Damavandian")}
    strict = match(client, keys["screen"], query, threshold=0.999).json()["responses"]["q"]
    assert strict["results"], "results above the (default) cutoff are still returned"
    assert all(r["match"] is False for r in strict["results"])
    assert strict["total"]["value"] == 0
    loose = match(client, keys["screen"], query, threshold=0.5).json()["responses"]["q"]
    assert all(r["match"] == (r["score"] >= 0.5) for r in loose["results"])
    assert loose["total"]["value"] == sum(r["match"] for r in loose["results"])
    assert all(r["score"] > 0.5 for r in loose["results"])


def test_name_from_parts_and_identifiers(client: TestClient, keys: dict[str, str]) -> None:
    queries = {
        "parts": {
            "schema": "Person",
            "properties": {"firstName": ["Ghassem"], "lastName": ["Damavandian"]},
        },
        "vessel": {
            "schema": "Vessel",
            "properties": {"name": ["Sea Star"], "imoNumber": "9187629"},
        },
        "company": {
            "schema": "Company",
            "properties": {"name": "Bank Melli Iran", "jurisdiction": ["Iran"]},
        },
        "thing": {"schema": "Thing", "properties": {"name": ["Bank Melli"]}},
    }
    body = match(client, keys["screen"], queries, threshold=0.5).json()
    assert result_ids(body, "parts")[0] == "ofac:1001"
    assert result_ids(body, "vessel")[0] == "ofac:1004"
    assert "identifier" in str(body["responses"]["vessel"]["results"][0]["explanations"])
    assert result_ids(body, "company")[0] == "ofac:1003"
    assert body["responses"]["company"]["query"]["properties"]["jurisdiction"] == ["ir"]
    assert "ofac:1003" in result_ids(body, "thing")


def test_threshold_zero_returns_candidates(client: TestClient, keys: dict[str, str]) -> None:
    body = match(
        client,
        keys["screen"],
        {"q": person_query("Viktor Smith")},
        threshold=0,
        cutoff=0,
        limit=3,
    ).json()
    results = body["responses"]["q"]["results"]
    assert 1 <= len(results) <= 3
    assert [r["score"] for r in results] == sorted((r["score"] for r in results), reverse=True)
    assert body["limit"] == 3


def test_unused_ftm_properties_are_accepted(client: TestClient, keys: dict[str, str]) -> None:
    """Properties FtM knows but screening ignores are echoed, as in yente."""
    query = person_query("Ghassem Damavandian", email=["x@example.org"], address=["Tehran"])
    response = match(client, keys["screen"], {"q": query})
    assert response.status_code == 200
    echoed = response.json()["responses"]["q"]["query"]["properties"]
    assert echoed["email"] == ["x@example.org"]


@pytest.mark.parametrize(
    "algorithm", ["best", DEFAULT.name, DEFAULT.label, "logic-v2", "name-based"]
)
def test_algorithms_accepted(client: TestClient, keys: dict[str, str], algorithm: str) -> None:
    response = match(
        client, keys["screen"], {"q": person_query("Viktor Bout")}, algorithm=algorithm
    )
    assert response.status_code == 200
    assert response.json()["matcher"]["algorithm"] == DEFAULT.label


PROPERTY_VALUES = {
    "name": st.text(min_size=0, max_size=40),
    "alias": st.text(max_size=30),
    "firstName": st.text(max_size=20),
    "lastName": st.text(max_size=20),
    "birthDate": st.sampled_from(["1968", "1968-05", "1968-05-02", "1968-13", "soon", ""]),
    "nationality": st.sampled_from(["ir", "Iran", "ru", "zz", "Atlantis", ""]),
    "passportNumber": st.text(max_size=12),
    "imoNumber": st.integers(min_value=0, max_value=10**8),
    "notes": st.text(max_size=50),
}


def _examples() -> st.SearchStrategy[tuple[str, dict[str, Any]]]:
    """(schema, properties) with properties the schema has and arbitrary values."""

    def for_schema(schema: str) -> st.SearchStrategy[tuple[str, dict[str, Any]]]:
        known = sorted(p for p in PROPERTY_VALUES if p in vocabulary()[schema])
        props = st.lists(st.sampled_from(known), min_size=1, max_size=5, unique=True).flatmap(
            lambda names: st.fixed_dictionaries(
                {n: st.lists(PROPERTY_VALUES[n], max_size=3) for n in names}
            )
        )
        return st.tuples(st.just(schema), props)

    return st.sampled_from(sorted(vocabulary())).flatmap(for_schema)


@given(example=_examples())
@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_any_example_is_200_or_400(
    client: TestClient, keys: dict[str, str], yente: Any, example: tuple[str, dict[str, Any]]
) -> None:
    """Whatever values a client sends, the answer is a yente-shaped 200 or a 400
    naming a field of that query."""
    schema, props = example
    response = match(client, keys["screen"], {"q": {"schema": schema, "properties": props}})
    assert response.status_code in {200, 400}, response.text
    if response.status_code == 200:
        yente.validate(response.json(), "EntityMatchResponse")
    else:
        assert response.json()["field"].startswith("queries.q.")


def test_json_without_content_type_is_accepted(client: TestClient, keys: dict[str, str]) -> None:
    """As in yente (``strict_content_type=False``): a JSON body without the header."""
    body = b'{"queries": {"q": {"schema": "Person", "properties": {"name": ["Viktor Bout"]}}}}'
    response = client.post("/match/default", content=body, headers=auth(keys["screen"]))
    assert response.status_code == 200, response.text
    assert result_ids(response.json())
