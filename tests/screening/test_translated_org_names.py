"""Organisation names written in another script meet their English listing."""

from __future__ import annotations

import pytest

from interdict.index import MatchIndex, build_index
from interdict.model import Entity, EntityBuilder, Name
from interdict.screening.query import Query
from interdict.screening.screener import Screener


def _org(entity_id: str, name: str) -> Entity:
    builder = EntityBuilder(entity_id, "Organization", "custom")
    builder.add_name(Name(name))
    return builder.build()


@pytest.fixture(scope="module")
def index() -> MatchIndex:
    entities = [
        _org("x:hualong", "HUALONG AVIATION TECHNOLOGY (SHENZHEN) CO., LIMITED"),
        _org("x:novin", "NOVIN TRADING COMPANY"),
        _org("x:volna", "VOLNA SHIPPING COMPANY"),
    ]
    # Filler, so that generic words are common and names rare, as on real lists.
    for i in range(60):
        entities.append(_org(f"f:{i}", f"Filler{i:02d}q Trading Aviation Technology Company"))
    return build_index(entities, version="v")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("华龙航空科技（深圳）有限公司", "x:hualong"),
        ("شرکت بازرگانی نوین", "x:novin"),
        ("Волна пароходство", "x:volna"),
    ],
)
def test_translated_vocabulary_meets_the_english_listing(
    index: MatchIndex, query: str, expected: str
) -> None:
    result = Screener(index).screen(Query.build([query], type="organization"))
    assert result.matches, query
    assert result.matches[0].entity_id == expected
    assert result.matches[0].score >= 0.7
