"""Fixtures for matching tests: a small hand-written set of listed entities."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interdict.index import MatchIndex, build_index
from interdict.model import Entity

SAMPLE = Path(__file__).parent.parent / "fixtures" / "matching" / "entities.json"


def load_sample_entities() -> list[Entity]:
    return [Entity.from_dict(item) for item in json.loads(SAMPLE.read_text("utf-8"))]


@pytest.fixture(scope="session")
def sample_entities() -> list[Entity]:
    return load_sample_entities()


@pytest.fixture(scope="session")
def sample_index(sample_entities: list[Entity]) -> MatchIndex:
    return build_index(sample_entities, version="test-1")
