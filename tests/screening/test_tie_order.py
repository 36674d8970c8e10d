from __future__ import annotations

from interdict.index import build_index
from interdict.model import EntityBuilder, Name
from interdict.screening.query import Query
from interdict.screening.screener import Screener


def listed(entity_id: str, list_name: str) -> EntityBuilder:
    builder = EntityBuilder(entity_id, "Person", list_name)
    builder.add_name(Name("Ghassem DAMAVANDIAN"))
    return builder


def test_equal_scores_follow_the_registry_order_of_lists() -> None:
    entities = [
        listed("au:7484", "au").build(),
        listed("us_csl:40416", "us_csl").build(),
        listed("uk:RUS1714", "uk").build(),
        listed("ofac:40416", "ofac_sdn").build(),
        listed("acme:1", "acme").build(),
    ]
    screener = Screener(build_index(entities, version="t@1"))
    result = screener.screen(Query.build(["Ghassem Damavandian"]))
    scores = {m.score for m in result.matches}
    assert len(scores) == 1
    assert [m.entity_id for m in result.matches] == [
        "ofac:40416",
        "uk:RUS1714",
        "au:7484",
        "us_csl:40416",
        "acme:1",
    ]
