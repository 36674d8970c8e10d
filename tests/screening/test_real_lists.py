"""Acceptance on the real official lists (skipped unless INTERDICT_TEST_LISTS is set)."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from interdict.index import MatchIndex, build_index
from interdict.model import Entity
from interdict.screening.policy import DEFAULT_THRESHOLD, Policy
from interdict.screening.query import Query
from interdict.screening.screener import Screener
from interdict.text import text_scripts

pytestmark = [pytest.mark.real_lists, pytest.mark.slow]


def _load_entities(lists_dir: Path) -> list[Entity]:
    from interdict.sources.registry import discover

    entities: list[Entity] = []
    for plan in discover(lists_dir):
        files = {p.name: p.read_bytes() for p in plan.files}
        entities.extend(plan.format.parse(files, list_name=plan.list_name).entities)
    return entities


@pytest.fixture(scope="module")
def real_entities(real_lists_dir: Path) -> list[Entity]:
    return _load_entities(real_lists_dir)


@pytest.fixture(scope="module")
def real_index(real_entities: list[Entity]) -> MatchIndex:
    started = time.perf_counter()
    index = build_index(real_entities, version="real")
    assert time.perf_counter() - started < 30  # generous: shared CI machine
    return index


@pytest.fixture(scope="module")
def real_screener(real_index: MatchIndex) -> Screener:
    return Screener(real_index)


#: The same listings mirrored by other lists (Australia, the US Consolidated Screening
#: List): they may rank level with or above the expected ones.
_MIRRORS = {
    "ofac:40416": {"au:7484", "us_csl:40416"},
    "ofac:16418": {"au:7747", "us_csl:16418"},
    "ofac:33596": {"au:7310", "us_csl:33596"},
    "ofac:22692": {"us_csl:22692", "us_csl:a55c813bda0c31600899d9220ca0b28853e35ff9"},
}


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("Ghasem Damavandian", None, {"ofac:40416", "uk:RUS1714"}),
        ("Qasem Damavandian", None, {"ofac:40416", "uk:RUS1714"}),
        ("قاسم دماوندیان", None, {"ofac:40416", "uk:RUS1714"}),
        ("Quds Aviation Industry", None, {"ofac:16418", "uk:INU0253"}),
        ("Brig. Gen. Abdollah Mehrabi", None, {"ofac:33596", "uk:RUS1696"}),
        ("Brig. Gen. Abdollah Mehrabi", "person", {"ofac:33596", "uk:RUS1696"}),
        (
            "Islamic Revolutionary Guard Corps Aerospace Force Research and "
            "Self-Sufficiency Jihad Organization",
            None,
            {"ofac:22692", "uk:RUS1962"},
        ),
    ],
)
def test_listed_party_first(
    real_screener: Screener, name: str, kind: str | None, expected: set[str]
) -> None:
    result = real_screener.screen(Query.build([name], type=kind))
    scores = {m.entity_id: m.score for m in result.matches}
    assert expected <= set(scores), f"missing {expected - set(scores)}"
    assert all(scores[e] >= DEFAULT_THRESHOLD for e in expected)
    same_party = expected.union(*(_MIRRORS.get(e, set()) for e in expected))
    ranked = [m.entity_id for m in result.matches]
    # Only the listed party (in any list) ranks before the expected listings.
    last = max(ranked.index(e) for e in expected)
    assert set(ranked[: last + 1]) <= same_party, ranked[: last + 1]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Владимир Путин", "ofac:35096"),  # Cyrillic against Latin listings
        ("أسامة بن لادن", "ofac:6365"),  # Arabic, taa marbuta, "bin" particle
        ("قاسم سلیمانی", "ofac:10481"),  # Persian
        ("Usama Bin Ladin", "ofac:6365"),
        ("Sberbank of Russia", "ofac:17018"),
    ],
)
def test_other_scripts_and_spellings(real_screener: Screener, name: str, expected: str) -> None:
    result = real_screener.screen(Query.build([name]))
    assert expected in {m.entity_id for m in result.matches}


@pytest.mark.parametrize(("name", "dob"), [("Ali Hosseini", "1990"), ("Maria Garcia", "1985")])
def test_common_names_raise_no_alert(real_screener: Screener, name: str, dob: str) -> None:
    result = real_screener.screen(Query.build([name], type="person", birth_dates=[dob]))
    assert result.matches == (), [(m.entity_id, m.score) for m in result.matches]


def test_threshold_zero_returns_candidates(real_screener: Screener) -> None:
    result = real_screener.screen(
        Query.build(["Maria Garcia"], type="person", birth_dates=["1985"]),
        policy=Policy(threshold=0.0, limit=5),
    )
    assert len(result.matches) == 5


def test_save_load_fast(real_index: MatchIndex, tmp_path: Path) -> None:
    path = tmp_path / "index.bin"
    real_index.save(path)
    started = time.perf_counter()
    loaded = MatchIndex.load(path)
    elapsed = time.perf_counter() - started
    assert len(loaded) == len(real_index)
    assert elapsed < 1.0  # target 0.5 s; slack for a loaded CI machine


def test_original_script_names_find_latin_listings(real_entities: list[Entity]) -> None:
    """Cross-script recall: drop every non-Latin name from the index, then screen
    those names; the entity must still be found through its Latin names."""
    cases: list[tuple[str, str, str]] = []
    latin_only: list[Entity] = []
    for entity in real_entities:
        latin = tuple(n for n in entity.names if text_scripts(n.full) <= {"Latin"})
        other = [n for n in entity.names if n not in latin]
        if latin and other:
            cases.extend((entity.id, n.full, "/".join(sorted(text_scripts(n.full)))) for n in other)
            entity = replace(entity, names=latin)
        latin_only.append(entity)
    screener = Screener(build_index(latin_only, version="latin-only"))
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for entity_id, name, script in cases:
        total[script] += 1
        result = screener.screen(Query.build([name]))
        found[script] += any(m.entity_id == entity_id for m in result.matches)
    # Measured at 77 % (Arabic script, no short vowels) and 90 % (Cyrillic).
    assert found["Arabic"] / total["Arabic"] >= 0.70, (found, total)
    assert found["Cyrillic"] / total["Cyrillic"] >= 0.85, (found, total)
