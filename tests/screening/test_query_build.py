from __future__ import annotations

import pytest

from interdict.errors import QueryError
from interdict.screening.policy import Policy
from interdict.screening.query import MAX_NAME_LENGTH, Query


def test_build_normalises_input() -> None:
    query = Query.build(
        ["  Ghassem   Damavandian ", None, "", "Ghassem Damavandian", "Qasem Damavandian"],
        type="individual",
        birth_dates=["02/05/1968", None],
        countries=["Iran", "IR", ""],
        identifiers=[" G9336_77 ", "G9336_77"],
    )
    assert query.names == ("Ghassem Damavandian", "Qasem Damavandian")
    assert query.schema == "Person"
    assert query.birth_dates == ("1968-05-02",)
    assert query.countries == ("ir",)
    assert query.identifiers == ("G9336_77",)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"names": ["   "]}, "name"),
        ({"names": ["a\x00b"]}, "name"),
        ({"names": ["x" * (MAX_NAME_LENGTH + 1)]}, "name"),
        ({"names": ["Bob"], "type": "spaceship"}, "type"),
        ({"names": ["Bob"], "birth_dates": ["yesterday"]}, "birth_date"),
        ({"names": ["Bob"], "countries": ["Atlantis"]}, "country"),
    ],
)
def test_bad_input_names_the_field(kwargs: dict[str, object], field: str) -> None:
    names = kwargs.pop("names")
    with pytest.raises(QueryError) as info:
        Query.build(names, record="line 7", **kwargs)  # type: ignore[arg-type]
    assert info.value.field == field
    assert "line 7" in str(info.value)


def test_ranges_expand_to_both_ends() -> None:
    assert Query.build(["Bob"], birth_dates=["1960 to 1962"]).birth_dates == ("1960", "1962")


@pytest.mark.parametrize(("threshold", "limit"), [(-0.1, 5), (1.1, 5), (0.5, 0), (0.5, 501)])
def test_policy_bounds(threshold: float, limit: int) -> None:
    with pytest.raises(ValueError):
        Policy(threshold=threshold, limit=limit)
