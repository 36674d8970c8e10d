"""The Screener on a small hand-written index: ranking, policy, explanations."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interdict.index import MatchIndex
from interdict.scoring.algorithms import DEFAULT, V1, V2
from interdict.screening.policy import Policy
from interdict.screening.query import Query
from interdict.screening.screener import Screener


@pytest.fixture(scope="module")
def screener(sample_index: MatchIndex) -> Screener:
    return Screener(sample_index)


def _ids(screener: Screener, query: Query, policy: Policy | None = None) -> list[str]:
    return [m.entity_id for m in screener.screen(query, policy=policy).matches]


@pytest.mark.parametrize(
    ("names", "kind", "expected"),
    [
        (["Ghasem Damavandian"], None, {"ofac:1001", "uk:RUS0001"}),
        (["DAMAVANDIAN, Qasem"], "person", {"ofac:1001", "uk:RUS0001"}),
        (["قاسم دماوندیان"], None, {"uk:RUS0001"}),
        (["Quds Aviation Industries"], "organization", {"ofac:1002"}),
        (["Brig. Gen. Abdollah Mehrabi"], "person", {"ofac:1003"}),
        (["OOO Romashka"], "company", {"ofac:1004"}),
        (["Romashka Limited Liability Company"], None, {"ofac:1004"}),
        (["Andriy Shevchenko"], None, {"ofac:1007"}),
        (["Андрій Шевченко"], None, {"ofac:1007"}),
        (["习近平"], None, {"ofac:1008"}),
        (["Amirhossein Safari"], "person", {"ofac:1009"}),
        (["김정은"], None, {"ofac:1012"}),
        (["Kim Jong-un"], "person", {"ofac:1012"}),
        (["Islamic Revolutionary Guard Corps Aerospace Force"], None, {"ofac:1010"}),
    ],
)
def test_finds_listed_party(
    screener: Screener, names: list[str], kind: str | None, expected: set[str]
) -> None:
    result = screener.screen(Query.build(names, type=kind))
    top = {m.entity_id for m in result.matches[: len(expected)]}
    assert top == expected
    assert result.hit


@pytest.mark.parametrize(
    ("names", "kind", "dob"),
    [
        (["Maria Garcia"], "person", "1985"),  # only common parts of a longer name
        (["Ali Hosseini"], "person", "1990"),
        (["Ali Hassan"], "person", "1990"),  # exact name, contradicting date of birth
        (["Ocean Star"], "person", None),  # a vessel and a company, not a person
        (["John Smith"], None, None),
    ],
)
def test_no_alert(screener: Screener, names: list[str], kind: str | None, dob: str | None) -> None:
    query = Query.build(names, type=kind, birth_dates=[dob])
    assert screener.screen(query).matches == ()


def test_facts_raise_and_lower(screener: Screener) -> None:
    plain = screener.screen(Query.build(["Ghassem Damavandian"]))
    scores = {m.entity_id: m.score for m in plain.matches}
    better = screener.screen(
        Query.build(["Ghassem Damavandian"], birth_dates=["1968-09-12"], identifiers=["K 12345678"])
    )
    worse = screener.screen(Query.build(["Ghassem Damavandian"], birth_dates=["1990"]))
    assert better.matches[0].entity_id == "ofac:1001"
    assert better.matches[0].score > scores["ofac:1001"]
    assert all(m.score < scores[m.entity_id] for m in worse.matches)
    assert 0.88 <= scores["ofac:1001"] < 1.0  # exact rare name, no facts: high, not saturated


def test_weak_alias_weighs_less(screener: Screener) -> None:
    result = screener.screen(Query.build(["Abu Yusuf"]), policy=Policy(threshold=0.0))
    match = next(m for m in result.matches if m.entity_id == "un:QDi.001")
    assert match.explanation["names"]["kind"] == "weak_alias"
    assert any(f["feature"] == "name_kind" and f["effect"] < 0
               for f in match.explanation["features"])  # fmt: skip


def test_type_mismatch_lowers(screener: Screener) -> None:
    anyone = screener.screen(Query.build(["Ocean Star"]), policy=Policy(threshold=0.0))
    vessel = screener.screen(
        Query.build(["Ocean Star"], type="vessel"), policy=Policy(threshold=0.0)
    )
    assert vessel.matches[0].entity_id == "eu:2001"
    by_id = {m.entity_id: m.score for m in vessel.matches}
    assert by_id["au:3001"] < {m.entity_id: m.score for m in anyone.matches}["au:3001"]


def test_identifier_alone_finds_entity(screener: Screener) -> None:
    result = screener.screen(
        Query.build(["Unrelated Name"], identifiers=["IMO 9123456"]), policy=Policy(threshold=0.0)
    )
    assert result.matches[0].entity_id == "eu:2001"


def test_policy_threshold_limit_scope_exclusions(screener: Screener) -> None:
    query = Query.build(["Ghassem Damavandian"])
    assert _ids(screener, query, Policy(threshold=0.0, limit=1)) == ["ofac:1001"]
    everything = _ids(screener, Query.build(["Ali Damavandian"]), Policy(threshold=0.0, limit=50))
    assert {"ofac:1001", "uk:RUS0001", "ofac:1011"} <= set(everything)  # low ones too
    assert _ids(screener, query, Policy(lists=frozenset({"uk"}))) == ["uk:RUS0001"]
    assert _ids(screener, query, Policy(exclude_entity_ids=frozenset({"ofac:1001"}))) == [
        "uk:RUS0001"
    ]
    assert _ids(screener, query, Policy(threshold=1.0)) == []


def test_result_shape(screener: Screener, sample_index: MatchIndex) -> None:
    policy = Policy(threshold=0.0, limit=5)
    result = screener.screen(Query.build(["Ghasem Damavandian"]), policy=policy)
    assert result.algorithm == DEFAULT.label == V2.label == "interdict-v2@4"
    assert V1.label == "interdict-v1@1"
    assert result.policy is policy
    assert result.index_version == sample_index.version
    scores = [m.score for m in result.matches]
    assert scores == sorted(scores, reverse=True)
    top = result.matches[0]
    assert top.source == "ofac" and top.list_name == "ofac_sdn" and top.schema == "Person"
    explanation = top.explanation
    assert set(explanation) >= {"names", "features", "summary"}
    names = explanation["names"]
    assert set(names) >= {"query", "listed", "kind", "score", "parts"}
    for part in names["parts"]:
        assert set(part) == {"query", "listed", "score", "how"}
    for feature in explanation["features"]:
        assert set(feature) == {"feature", "effect", "detail"}
        assert isinstance(feature["detail"], str) and feature["detail"]
    assert top.score == pytest.approx(
        min(1.0, sum(f["effect"] for f in explanation["features"])), abs=1e-3
    )
    assert "ofac:1001" in explanation["summary"]


def test_screen_many_keeps_order(screener: Screener) -> None:
    queries = [Query.build(["Ghassem Damavandian"]), Query.build(["OOO Romashka"])]
    results = screener.screen_many(queries)
    assert [r.query for r in results] == queries
    assert results[1].matches[0].entity_id == "ofac:1004"


def test_names_without_letters(screener: Screener) -> None:
    result = screener.screen(Query.build(["!!! ---"]), policy=Policy(threshold=0.0))
    assert result.matches == ()
    by_id = screener.screen(Query.build(["***"], identifiers=["K12345678"]))
    assert [m.entity_id for m in by_id.matches] == ["ofac:1001"]


def test_vessel_prefix_is_a_title(screener: Screener) -> None:
    result = screener.screen(Query.build(["M/V Ocean Star"], type="vessel"))
    assert result.matches[0].entity_id == "eu:2001"


def test_warm_up_leaves_results_alone(screener: Screener) -> None:
    query = Query.build(["习近平"])
    before = screener.screen(query)
    screener.warm_up()
    assert screener.screen(query) == before


def test_screen_is_deterministic(screener: Screener) -> None:
    query = Query.build(["Mohammed Yusuf al Baghdadi"])
    assert screener.screen(query) == screener.screen(query)


_name_text = st.text(
    alphabet=st.sampled_from(
        [*"abcdeghijklmnorstuvyz ABDGKMQ-,.'", "ا", "د", "ق", "ж", "и", "김", "习"]
    ),
    min_size=1,
    max_size=30,
).filter(lambda t: t.strip())


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(_name_text, st.sampled_from([None, "person", "organization"]), st.integers(1, 5))
def test_results_are_well_formed(
    screener: Screener, name: str, kind: str | None, limit: int
) -> None:
    policy = Policy(threshold=0.0, limit=limit)
    result = screener.screen(Query.build([name], type=kind), policy=policy)
    scores = [m.score for m in result.matches]
    assert len(scores) <= limit
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.permutations(["Ghassem", "Ali", "Damavandian"]))
def test_person_query_order_does_not_matter(screener: Screener, parts: list[str]) -> None:
    base = screener.screen(Query.build(["Ghassem Ali Damavandian"], type="person"))
    shuffled = screener.screen(Query.build([" ".join(parts)], type="person"))
    assert [(m.entity_id, m.score) for m in shuffled.matches] == [
        (m.entity_id, m.score) for m in base.matches
    ]


def test_an_entity_on_two_lists_of_one_namespace_is_one_match() -> None:
    # OFAC's SDN and consolidated lists share the ofac:<uid> namespace.
    from interdict.index import build_index
    from interdict.model import EntityBuilder, Name

    entities = []
    for list_name in ("ofac_cons", "ofac_sdn"):
        builder = EntityBuilder("ofac:18748", "Company", list_name)
        builder.add_name(Name("ACTIVE BUSINESS CONSULT LLC"))
        entities.append(builder.build())
    builder = EntityBuilder("un:X.1", "Company", "un")
    builder.add_name(Name("ACTIVE BUSINESS CONSULT LLC"))
    entities.append(builder.build())
    index = build_index(entities, version="v")
    result = Screener(index).screen(Query.build(["Active Business Consult"]))
    assert [m.entity_id for m in result.matches] == ["ofac:18748", "un:X.1"]
    assert result.matches[0].list_name == "ofac_sdn"  # the SDN list ranks first
