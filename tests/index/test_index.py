"""The match index: build, persistence, candidate recall."""

from __future__ import annotations

from pathlib import Path

import pytest

from interdict.index import (
    CandidateOptions,
    IndexFormatError,
    MatchIndex,
    build_index,
    find_candidates,
)
from interdict.index.keys import normalize_identifier
from interdict.model import Entity, EntityBuilder, Name
from interdict.names import analyze_name


def test_basic_properties(sample_index: MatchIndex, sample_entities: list[Entity]) -> None:
    assert len(sample_index) == len(sample_entities)
    assert sample_index.version == "test-1"
    assert set(sample_index.lists) == {"ofac_sdn", "uk", "un", "eu", "au"}
    record = sample_index.entity(0)
    assert record.id == "ofac:1001"
    assert record.source == "ofac"
    assert record.birth_dates == (("1968-09-12", "", False),)
    assert record.countries == ("ir",)
    assert record.identifiers == ("K12345678",)
    kinds = [n.kind for n in sample_index.names(0)]
    assert kinds == ["primary", "alias"]


def test_save_load_roundtrip(sample_index: MatchIndex, tmp_path: Path) -> None:
    path = tmp_path / "index.bin"
    sample_index.save(path)
    loaded = MatchIndex.load(path)
    assert loaded.version == sample_index.version
    assert loaded.lists == sample_index.lists
    assert len(loaded) == len(sample_index)
    assert list(loaded) == list(sample_index)
    assert loaded.postings == sample_index.postings


def test_load_rejects_other_files(tmp_path: Path) -> None:
    path = tmp_path / "bad.bin"
    path.write_bytes(b"not a pickle")
    with pytest.raises(IndexFormatError):
        MatchIndex.load(path)


def _top_ids(index: MatchIndex, text: str, kind: str = "any", limit: int = 3) -> list[str]:
    name = analyze_name(text, kind)  # type: ignore[arg-type]
    return [index.entity(p).id for p, _ in find_candidates(index, [name])][:limit]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Ghassem Damavandian", "ofac:1001"),  # reordered
        ("Ghasem Damavandain", "ofac:1001"),  # typo + transliteration
        ("قاسم دماوندیان", "uk:RUS0001"),  # Persian script
        ("qasm dmawndyan", "ofac:1001"),  # abjad transliteration, no vowels
        ("Quds Aviation Industry", "ofac:1002"),
        ("Ромашка", "ofac:1004"),  # legal form missing, Cyrillic
        ("Andrii Shevchenko", "ofac:1007"),  # middle name missing
        ("Xi Jin Ping", "ofac:1008"),  # split syllables
        ("Amirhossein Safari", "ofac:1009"),  # joined parts
        ("Kim Jong-un", "ofac:1012"),
    ],
)
def test_candidates_recall(sample_index: MatchIndex, query: str, expected: str) -> None:
    assert expected in _top_ids(sample_index, query)


def test_candidates_by_identifier(sample_index: MatchIndex) -> None:
    found = find_candidates(sample_index, [analyze_name("zzz")], ["imo-9123456"])
    assert [sample_index.entity(p).id for p, _ in found] == ["eu:2001"]


def test_accept_filters_before_ranking(sample_index: MatchIndex) -> None:
    name = analyze_name("Ghassem Damavandian")
    found = find_candidates(
        sample_index, [name], accept=lambda p: sample_index.entity(p).list_name == "uk"
    )
    assert [sample_index.entity(p).id for p, _ in found] == ["uk:RUS0001"]


def test_entity_without_names_is_indexed_by_identifier() -> None:
    builder = EntityBuilder("x:1", "Vessel", "custom")
    from interdict.model import Identifier, IdentifierKind

    builder.add_identifier(Identifier(IdentifierKind.IMO, "9999999"))
    index = build_index([builder.build()], version="v")
    assert len(index) == 1
    assert index.frequency("i:9999999") == 1


def test_common_keys_do_not_flood_candidates() -> None:
    entities = []
    for i in range(60):
        builder = EntityBuilder(f"x:{i}", "Person", "custom")
        builder.add_name(Name(f"Mohammad Person{i:02d}x"))
        entities.append(builder.build())
    index = build_index(entities, version="v")
    options = CandidateOptions(limit=5, common_cap=10, rerank=20)
    found = find_candidates(index, [analyze_name("Mohammad Person07x")], options=options)
    assert index.entity(found[0][0]).id == "x:7"
    # A query of common parts only still finds the entities carrying them.
    found = find_candidates(index, [analyze_name("Mohammad")], options=options)
    assert len(found) == 5


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("A-12 345", "A12345"), ("imo 9123456", "9123456"), ("IMO9123456", "9123456"), ("", "")],
)
def test_normalize_identifier(raw: str, expected: str) -> None:
    assert normalize_identifier(raw) == expected
