"""Algorithm choice per request: names accepted, and the chosen algorithm really scores."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from interdict.api.algorithms import YENTE_NAMES, available, resolve_algorithm
from interdict.api.errors import ApiError
from interdict.api.ftm import example_to_query
from interdict.scoring.algorithms import ALGORITHMS, DEFAULT, V1, V2
from interdict.screening.policy import Policy
from interdict.screening.screener import Screener

NAMES = [
    ("best", DEFAULT),
    ("default", DEFAULT),
    (" Best ", DEFAULT),
    ("interdict-v1", V1),
    ("interdict-v1@1", V1),
    ("v1", V1),
    ("V2", V2),
    ("interdict-v2@4", V2),
    ("logic-v2", DEFAULT),
    ("name-based", DEFAULT),
    ("name-qualified", DEFAULT),
    ("logic-v1", V1),
    ("regression-v1", V1),
]


@pytest.mark.parametrize(("name", "expected"), NAMES)
def test_resolve_algorithm(name: str, expected: Any) -> None:
    assert resolve_algorithm(name) is expected


@pytest.mark.parametrize(
    "name",
    [
        "",
        "magic",
        "v3",
        "interdict-v1@2",
        "interdict-v2@2",
        "interdict-v2@3",
        "logic-v3",
        "bestest",
    ],
)
def test_unknown_algorithms_are_400(name: str) -> None:
    with pytest.raises(ApiError) as raised:
        resolve_algorithm(name)
    assert raised.value.status == 400 and raised.value.field == "algorithm"


def test_every_engine_algorithm_is_offered() -> None:
    assert available() == tuple(ALGORITHMS)
    assert {a.label for a in YENTE_NAMES.values()} <= {a.label for a in ALGORITHMS}


#: v2 scores a lone name part lower than v1 does (``single_part_factor``).
SCHEMA = "Person"
PROPERTIES: dict[str, Any] = {"name": ["Bout"]}
QUERY = {"schema": SCHEMA, "properties": PROPERTIES}


@pytest.mark.parametrize(("name", "expected"), [(n, a) for n, a in NAMES if n.strip() == n])
def test_the_algorithm_parameter_selects_the_scorer(
    client: TestClient, keys: dict[str, str], name: str, expected: Any
) -> None:
    response = client.post(
        "/match/default",
        params={"algorithm": name, "threshold": 0.0, "cutoff": 0.0, "limit": 10},
        json={"queries": {"q": QUERY}},
        headers={"Authorization": f"Bearer {keys['screen']}"},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["matcher"]["algorithm"] == expected.label
    # The scores are those of that algorithm's screener on the serving index.
    state = client.app.state.services.index.current  # type: ignore[attr-defined]
    query = example_to_query(SCHEMA, PROPERTIES, path="q").query
    direct = Screener(state.screener.index, algorithm=expected).screen(
        query, policy=Policy(threshold=0.0, limit=10)
    )
    got = {r["id"]: r["score"] for r in body["responses"]["q"]["results"]}
    assert got == {m.entity_id: m.score for m in direct.matches if m.score > 0.0}


def test_the_query_tells_the_algorithms_apart(client: TestClient) -> None:
    """Guard for the test above: on its query v1 and v2 score differently, so a
    request scored by the wrong algorithm would be noticed."""
    state = client.app.state.services.index.current  # type: ignore[attr-defined]
    query = example_to_query(SCHEMA, PROPERTIES, path="q").query
    policy = Policy(threshold=0.0, limit=10)
    scores = {
        algorithm.label: [
            m.score
            for m in Screener(state.screener.index, algorithm=algorithm)
            .screen(query, policy=policy)
            .matches
        ]
        for algorithm in (V1, V2)
    }
    assert scores[V1.label] != scores[V2.label]
