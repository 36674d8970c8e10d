"""The fast path of POST /match: same answers as FastAPI's own parsing, and really used.

The fast path (``interdict.api.fastpath``, ``routers.match_params``) must answer
every request it accepts exactly as the FastAPI handler would, and defer the rest.
Parity is checked by sending the same request twice, once as is and once with the
fast path switched off (its parsers patched to defer), and comparing status and body.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import fastapi.dependencies.utils
import fastapi.routing
import orjson
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interdict.api.routers import match as match_module
from interdict.api.routers.match_params import (
    DEFAULT_PARAMS,
    MatchParams,
    parse_match_query,
)

REQUEST_ID = "parity-check"
BODY = {"queries": {"q": {"schema": "Person", "properties": {"name": ["Viktor Bout"]}}}}


def _post(
    client: TestClient,
    key: str,
    query: str = "",
    body: bytes | None = None,
    content_type: str | None = "application/json",
) -> tuple[int, Any]:
    headers = {"Authorization": f"Bearer {key}", "X-Request-ID": REQUEST_ID}
    if content_type is not None:
        headers["Content-Type"] = content_type
    response = client.post(
        f"/match/default{'?' + query if query else ''}",
        content=orjson.dumps(BODY) if body is None else body,
        headers=headers,
    )
    try:
        return response.status_code, response.json()
    except ValueError:
        return response.status_code, response.text


def _both(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, **request: Any
) -> tuple[tuple[int, Any], tuple[int, Any]]:
    """(fast path on, fast path off) answers to the same request."""
    fast = _post(client, **request)
    with monkeypatch.context() as patch:
        patch.setattr(match_module, "parse_match_query", lambda _qs: None)
        slow = _post(client, **request)
    return fast, slow


# -- the query-string parser -----------------------------------------------------

PARSED = [
    (b"", DEFAULT_PARAMS),
    (b"limit=3", MatchParams(limit=3)),
    (b"limit=500&threshold=0.8&cutoff=0.5", MatchParams(limit=500, threshold=0.8, cutoff=0.5)),
    (b"threshold=-1&cutoff=2", MatchParams(threshold=-1.0, cutoff=2.0)),
    (b"algorithm=logic-v1", MatchParams(algorithm="logic-v1")),
    (b"algorithm=", MatchParams(algorithm="")),
    (
        b"topics=sanction&topics=export.control&include_dataset=ofac",
        MatchParams(topics=("sanction", "export.control"), include_dataset=("ofac",)),
    ),
    (
        b"exclude_schema=Vessel&exclude_dataset=un",
        MatchParams(exclude_schema=("Vessel",), exclude_dataset=("un",)),
    ),
    (b"changed_since=2026-01-02T03%3A04", MatchParams(changed_since="2026-01-02T03:04")),
    (
        b"exclude_entity_ids=ofac%3A1&exclude_entity_ids=",
        MatchParams(exclude_entity_ids=("ofac:1", "")),
    ),
    (b"unknown=1&limit=2", MatchParams(limit=2)),
]

DEFERRED = [
    b"limit=0", b"limit=501", b"limit=05", b"limit=", b"limit=1e2", b"limit=%EF%BC%93",
    b"limit=2&limit=3", b"threshold=nan", b"threshold=inf", b"threshold=1e-3", b"threshold=.5",
    b"cutoff=0.5%0A", b"changed_since=2026-13", b"changed_since=2026-01-01%0A",
    b"algorithm=a&algorithm=b",
    b"&".join([b"exclude_entity_ids=x"] * 51),
]  # fmt: skip


@pytest.mark.parametrize(("query", "expected"), PARSED)
def test_parse_plain_query_strings(query: bytes, expected: MatchParams) -> None:
    assert parse_match_query(query) == expected


@pytest.mark.parametrize("query", DEFERRED)
def test_unusual_query_strings_are_left_to_fastapi(query: bytes) -> None:
    assert parse_match_query(query) is None


# -- parity with FastAPI -----------------------------------------------------------

VALUES = {
    "limit": ["1", "2", "500", "501", "0", "-1", "05", "x", "", "3.0"],
    "threshold": ["0.5", "0.9", "1", "-0.2", "nan", "inf", "1e-1", "", "0.70"],
    "cutoff": ["0.1", "0.95", "0", "NaN", "abc"],
    "algorithm": ["best", "logic-v1", "interdict-v1", "INTERDICT-V2@2", "magic", ""],
    "include_dataset": ["ofac", "un", "us_ofac_sdn", "nope", ""],
    "exclude_dataset": ["eu", "ofac_sdn", "x"],
    "exclude_schema": ["Person", "Vessel", "Nothing"],
    "topics": ["sanction", "export.control", "crime"],
    "changed_since": ["2026-01-01", "2000-01-01T00", "2026-02-30", "2026-1-1", "x"],
    "exclude_entity_ids": ["ofac:1002", "un:QDi.002", ""],
}


@st.composite
def query_strings(draw: st.DrawFn) -> str:
    pairs = draw(
        st.lists(
            st.sampled_from(sorted(VALUES)).flatmap(
                lambda name: st.tuples(st.just(name), st.sampled_from(VALUES[name]))
            ),
            max_size=6,
        )
    )
    return "&".join(f"{name}={quote(value)}" for name, value in pairs)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=query_strings())
def test_query_parameters_answer_as_fastapi_does(
    client: TestClient, keys: dict[str, str], monkeypatch: pytest.MonkeyPatch, query: str
) -> None:
    fast, slow = _both(client, monkeypatch, key=keys["screen"], query=query)
    assert fast == slow, query


BODIES: list[tuple[bytes, str | None]] = [
    (orjson.dumps(BODY), "application/json"),
    (orjson.dumps(BODY), "application/json; charset=utf-8"),
    (orjson.dumps(BODY), None),
    (orjson.dumps(BODY), "text/plain"),
    (orjson.dumps(BODY), "application/vnd.api+json"),
    (b"", "application/json"),
    (b"{", "application/json"),
    (b"[]", "application/json"),
    (b'{"queries": {"q": {"schema": "Person", "properties": {"name": NaN}}}}', None),
    (b'\xef\xbb\xbf{"queries": {}}', "application/json"),
    (b'{"queries": {"q": {"schema": "Person"}}}', "application/json"),
    (b'{"queries": {"q": {"schema": "Person", "properties": {"name": [1e400]}}}}', None),
    (b'{"queries": {"q": {"schema": "Person", "properties": {"name": ["A", null]}}}}', None),
    (b'{"queries": {}, "weights": {"name": "x"}}', "application/json"),
    (b'{"queries": {"a": {"schema": "Person", "properties": {"name": "Viktor Bout"}},'
     b' "b": {"schema": "Alien", "properties": {"name": ["x"]}}}}', "application/json"),
    (b'{"queries": {"q": {"schema": "Person", "properties": {"name": ["\\ud800"]}}}}', None),
]  # fmt: skip


@pytest.mark.parametrize(("body", "content_type"), BODIES)
def test_bodies_answer_as_fastapi_does(
    client: TestClient,
    keys: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    body: bytes,
    content_type: str | None,
) -> None:
    request: dict[str, Any] = {"key": keys["screen"], "body": body, "content_type": content_type}
    fast = _post(client, **request)
    with monkeypatch.context() as patch:

        async def defer(_request: Any) -> None:
            return None

        patch.setattr(match_module, "json_body", defer)
        slow = _post(client, **request)
    assert fast == slow


@pytest.mark.parametrize(
    ("key", "body"),
    [("revoked", orjson.dumps(BODY)), ("none", orjson.dumps(BODY)), ("none", b"{")],
)
def test_auth_errors_come_in_fastapi_order(
    client: TestClient,
    keys: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    key: str,
    body: bytes,
) -> None:
    """FastAPI decodes the body before the key dependency runs: malformed JSON is a
    422 even without a key; a valid body without a valid key is a 401."""
    fast, slow = _both(client, monkeypatch, key=keys.get(key, "wrong"), query="limit=0", body=body)
    assert fast == slow
    fast, slow = _both(client, monkeypatch, key=keys.get(key, "wrong"), body=body)
    assert fast == slow
    assert fast[0] == (422 if body == b"{" else 401)


def test_plain_requests_skip_fastapi_parameter_solving(
    client: TestClient, keys: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fast path is really taken (FastAPI's dependency solver is not called)."""
    calls: list[str] = []
    solve = fastapi.dependencies.utils.solve_dependencies

    async def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs["request"].url.path)
        return await solve(*args, **kwargs)

    monkeypatch.setattr(fastapi.routing, "solve_dependencies", spy)
    status, body = _post(client, keys["screen"], "limit=2&threshold=0.5")
    assert status == 200 and body["limit"] == 2
    assert calls == []
    status, _ = _post(client, keys["screen"], "limit=0")
    assert status == 422
    assert calls == ["/match/default"], "an invalid request goes through FastAPI"
