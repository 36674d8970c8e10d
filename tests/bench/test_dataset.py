"""Pure parts of the benchmark's query-set construction."""

from __future__ import annotations

import random

from bench.evaluation import dataset
from bench.evaluation.dataset import EvalQuery
from bench.evaluation.negatives import romanise

from interdict.model import Country, CountryRole, EntityBuilder, Name, NameKind, PartialDate


def _q(name: str) -> EvalQuery:
    return EvalQuery("", name, "", "", "", ("x",), "c")


def test_round_robin_alternates_groups_in_sorted_order() -> None:
    groups = {"b": [_q("b1"), _q("b2")], "a": [_q("a1"), _q("a2"), _q("a3")]}
    assert [q.name for q in dataset.round_robin(groups, 10)] == ["a1", "b1", "a2", "b2", "a3"]
    assert [q.name for q in dataset.round_robin(groups, 3)] == ["a1", "b1", "a2"]


def _entity():
    b = EntityBuilder("uk:X1", "Person", "uk")
    b.add_name(Name("OMAR, Hassan"))
    b.add_name(Name("Hasan Umar", NameKind.ALIAS))
    b.add_name(Name("Хасан Омар", NameKind.ALIAS, lang="ru"))
    b.add_name(Name("Abu Umar", NameKind.WEAK_ALIAS))
    b.add_birth_date(PartialDate("1970-01-02"))
    b.add_birth_date(PartialDate("1960", end="1962"))
    b.add_country(Country("so", CountryRole.NATIONALITY))
    b.add_country(Country("ua-cri", CountryRole.COUNTRY))
    return b.build()


def test_query_names_are_latin_and_not_weak() -> None:
    assert [n.full for n in dataset.query_names(_entity())] == ["OMAR, Hassan", "Hasan Umar"]


def test_customer_facts_use_listed_values_only() -> None:
    entity = _entity()
    seen_birth, seen_country = set(), set()
    for seed in range(50):
        birth, country = dataset.customer_facts(entity, random.Random(seed))
        seen_birth.add(birth)
        seen_country.add(country)
    assert seen_birth == {"", "1970-01-02"}  # ranges are not a customer's date of birth
    assert seen_country == {"", "so"}  # only two-letter country codes


def test_without_names_drops_only_matching_names() -> None:
    entity = _entity()
    other = EntityBuilder("uk:X2", "Person", "uk")
    other.add_name(Name("Somebody Else"))
    out = dataset.heldout_script_entities([entity, other.build()], {"uk:X1"})
    assert [n.full for n in out[0].names] == ["OMAR, Hassan", "Hasan Umar", "Abu Umar"]
    assert out[1].names[0].full == "Somebody Else"
    alias_out = dataset.heldout_alias_entities([entity], {"uk:X1": {"hasan umar"}})
    assert "Hasan Umar" not in [n.full for n in alias_out[0].names]
    assert len(alias_out[0].names) == 3


def test_number_gives_stable_ids() -> None:
    numbered = dataset.number([_q("a"), _q("b")])
    assert [q.id for q in numbered] == ["q00001", "q00002"]


def test_romanise_splits_chinese_surname() -> None:
    assert romanise("梁鑫") == "Liang Xin"
    assert romanise("Сазонов Арсений") == "Sazonov Arseniy"


def _person(entity_id: str, name: str) -> object:
    b = EntityBuilder(entity_id, "Person", entity_id.split(":")[0])
    b.add_name(Name(name))
    return b.build()


def test_variants_share_parts_and_one_query_per_component() -> None:
    entities = [
        _person("uk:1", "Qasim Khalil"),
        _person("uk:2", "Qadir Rahim"),
        _person("uk:3", "Khalid Hassan"),
        _person("uk:4", "Boris Ivanov"),
    ]
    universe = dataset.Universe(entities)
    family = next(f for f in dataset.FAMILIES if f.name == "transliteration")
    queries = dataset.variants(universe, random.Random(1), 4, [family])
    assert len(queries) == 4
    assert sorted(q.source_id for q in queries) == ["uk:1", "uk:2", "uk:3", "uk:4"]
    assert all(q.category == "variant_transliteration" for q in queries)
    for q in queries:
        assert q.expected == (q.source_id,)
        assert q.name != q.source_name
