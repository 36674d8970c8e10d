"""Queries made only of common name parts (``Ali``, ``Ibrahim``) against many entities
that share them: the entity carrying exactly the query's parts must be a candidate,
wherever it sits in the index."""

from __future__ import annotations

import pytest

from interdict.index import CandidateOptions, MatchIndex, build_index, find_candidates
from interdict.model import Entity, EntityBuilder, Name
from interdict.scoring import prepare_query


def _person(entity_id: str, name: str) -> Entity:
    builder = EntityBuilder(entity_id, "Person", "custom")
    builder.add_name(Name(name))
    return builder.build()


@pytest.fixture(scope="module")
def index() -> MatchIndex:
    # More entities share each part than the common-part cap, and the target comes last.
    entities = [_person(f"f:{i}", f"Ali Ibrahim Fillername{i:03d}x") for i in range(450)]
    entities += [_person(f"g:{i}", f"Ali Othername{i:03d}y") for i in range(100)]
    entities.append(_person("x:target", "IBRAHIM, Ali"))
    return build_index(entities, version="v")


@pytest.mark.parametrize("query", ["IBRAHIM, Ali", "IRBAHIM, Ali", "Ali Ibrahim"])
def test_the_entity_with_exactly_the_common_parts_is_found(index: MatchIndex, query: str) -> None:
    options = CandidateOptions(limit=16)
    assert options.common_cap < 450
    prepared = prepare_query((query,), "Person")
    candidates = find_candidates(index, prepared.names, options=options)
    ids = [index.entity(position).id for position, _ in candidates]
    assert "x:target" in ids
    # Ties go to the entity with the least name text.
    assert ids[0] == "x:target"


def _company(entity_id: str, name: str) -> Entity:
    builder = EntityBuilder(entity_id, "Company", "custom")
    builder.add_name(Name(name))
    return builder.build()


def test_a_part_few_entities_carry_anchors_them_as_candidates() -> None:
    # Entities sharing four of the query's parts outrank the target on the sum of
    # keys; the target's own rare part still makes it a candidate.
    entities = [
        _company(f"f:{i}", f"Hua International Trading Group Filler{i:03d}x") for i in range(10)
    ]
    entities.append(_company("x:target", "XINGHUA CO LIMITED"))
    small = build_index(entities, version="v")
    prepared = prepare_query(("XINGHUA HUA INTERNATIONAL TRADING GROUP",), "Organization")
    candidates = find_candidates(small, prepared.names, options=CandidateOptions(limit=5))
    ids = [small.entity(position).id for position, _ in candidates]
    assert ids[-1] == "x:target"
    assert len(ids) == 6  # the five best, then the anchored one
