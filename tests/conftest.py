"""Shared test fixtures.

Tests that need the real official list files read their directory from
``INTERDICT_TEST_LISTS`` (CI sets it to ``../shared/lists``); ``list_formats_dir``
is its sibling ``list-formats``. Without the variable those tests are skipped with
a visible reason.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from interdict.index import MatchIndex, build_index
from interdict.model import Entity

FIXTURES = Path(__file__).parent / "fixtures"
MATCHING_SAMPLE = FIXTURES / "matching" / "entities.json"


def _real_lists() -> Path | None:
    value = os.environ.get("INTERDICT_TEST_LISTS")
    if not value:
        return None
    path = Path(value).resolve()
    if not path.is_dir():
        # Set but wrong: fail loudly rather than skip the real-list tests unnoticed.
        raise pytest.UsageError(f"INTERDICT_TEST_LISTS={value} is not a directory")
    return path


@pytest.fixture(scope="session")
def real_lists_dir() -> Path:
    """The directory of real official list files, or skip."""
    path = _real_lists()
    if path is None:
        pytest.skip("INTERDICT_TEST_LISTS is not set to a directory of official list files")
    return path


@pytest.fixture(scope="session")
def list_formats_dir(real_lists_dir: Path) -> Path:
    """``list-formats`` beside the real lists directory, or skip."""
    path = real_lists_dir.parent / "list-formats"
    if not path.is_dir():
        pytest.skip(f"{path} does not exist")
    return path


@pytest.fixture(scope="session")
def payments_samples_dir(real_lists_dir: Path) -> Path:
    """``payments/samples`` beside the real lists directory, or skip."""
    path = real_lists_dir.parent / "payments" / "samples"
    if not path.is_dir():
        pytest.skip(f"{path} does not exist")
    return path


@pytest.fixture()
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def real_home(real_lists_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An INTERDICT_HOME with every real list loaded (once per test session)."""
    from interdict.lists.update import update_from_directory
    from interdict.settings import Settings
    from interdict.storage.snapshots import SnapshotStore

    home = tmp_path_factory.mktemp("real_home")
    settings = Settings.from_env({"INTERDICT_HOME": str(home)})
    store = SnapshotStore.open(settings.database_url)
    try:
        outcomes = update_from_directory(store, real_lists_dir)
    finally:
        store.close()
    failed = [o.message for o in outcomes if o.failed]
    if failed:
        raise RuntimeError(f"real lists failed to load: {failed}")
    return home


@pytest.fixture(scope="session")
def sample_entities() -> list[Entity]:
    """The small hand-written set of listed entities the matching tests share."""
    return [Entity.from_dict(item) for item in json.loads(MATCHING_SAMPLE.read_text("utf-8"))]


@pytest.fixture(scope="session")
def sample_index(sample_entities: list[Entity]) -> MatchIndex:
    """The match index of :func:`sample_entities`."""
    return build_index(sample_entities, version="test-1")
