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


def test_an_anchored_entity_survives_the_retrieval_ratio() -> None:
    # The mirrors of a listing in other lists carry every query part and set the best
    # retrieval score; the one list that spells only the rare part is far below the
    # ratio, yet the rare part anchors it.
    entities = [_company(f"m:{i}", "NOVIKOMBANK MOSKOVSKY KREDITNY BANK") for i in range(4)]
    entities += [_company(f"f:{i}", f"Bank Filler{i:03d}x") for i in range(20)]
    entities.append(_company("x:target", "NOVIKOMBANK"))
    small = build_index(entities, version="v")
    prepared = prepare_query(("NOVIKOMBANK MOSKOVSKY KREDITNY BANK",), "Organization")
    options = CandidateOptions(limit=16, min_ratio=0.45)
    candidates = find_candidates(small, prepared.names, options=options)
    ids = [small.entity(position).id for position, _ in candidates]
    assert "x:target" in ids
    best = candidates[0][1]
    target = next(
        score for position, score in candidates if small.entity(position).id == "x:target"
    )
    assert target < best * 0.45  # kept by the anchor, not by its score
    # Fillers share only the common words: below the ratio and not anchored.
    assert not any(i.startswith("f:") for i in ids)


def test_a_rare_known_part_brings_its_spelling_neighbours() -> None:
    # OBORONLOGISTIKA is indexed (one list spells it so); another list's
    # OBORONLOGISTICS is its neighbour and must be a candidate too.
    entities = [_company(f"f:{i}", f"Logistika Filler{i:03d}x") for i in range(30)]
    entities.append(_company("a:1", "OBORONLOGISTIKA OOO"))
    entities.append(_company("b:1", "OBORONLOGISTICS LLC"))
    small = build_index(entities, version="v")
    prepared = prepare_query(("ООО «ОБОРОНЛОГИСТИКА»",), "Organization")
    candidates = find_candidates(small, prepared.names, options=CandidateOptions(limit=5))
    ids = [small.entity(position).id for position, _ in candidates]
    assert ids[0] == "a:1"
    assert "b:1" in ids


def test_a_short_known_part_brings_no_neighbours() -> None:
    # Short parts have many neighbours by chance: only unknown ones look for them.
    entities = [_company("a:1", "NOVA TRADE"), _company("b:1", "NOVAK TRADE")]
    small = build_index(entities, version="v")
    prepared = prepare_query(("NOVA",), "Organization")
    candidates = find_candidates(small, prepared.names, options=CandidateOptions(limit=5))
    assert [small.entity(position).id for position, _ in candidates] == ["a:1"]
