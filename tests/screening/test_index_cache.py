from __future__ import annotations

from pathlib import Path

import pytest

from interdict.errors import NoListsLoadedError
from interdict.model import EntityBuilder, Name
from interdict.screening.service import IndexCache
from interdict.storage.snapshots import SnapshotStore


def load(store: SnapshotStore, version: str, name: str) -> None:
    builder = EntityBuilder("t:1", "Person", "test")
    builder.add_name(Name(name))
    snap = store.save_snapshot(
        list_name="test",
        source="test",
        version=version,
        edition="t",
        published=None,
        content_hash=version * 8,
        files=[],
        report={},
        items=[builder.build().with_version(version)],
    )
    store.activate(snap.id)


def test_built_once_saved_and_rebuilt_when_lists_change(tmp_path: Path) -> None:
    store = SnapshotStore.open(f"sqlite:///{tmp_path / 's.db'}")
    cache = IndexCache(tmp_path / "index")
    with pytest.raises(NoListsLoadedError):
        cache.load_or_build(store)
    load(store, "v1", "Ghassem Damavandian")
    first = cache.load_or_build(store)
    path = cache.path_for(store.active())
    assert path.is_file() and "test@v1" in first.version
    assert cache.load_or_build(store).version == first.version
    load(store, "v2", "Abdollah Mehrabi")
    second = cache.load_or_build(store)
    assert "test@v2" in second.version
    assert not path.exists()  # the superseded index file is pruned
    assert list((tmp_path / "index").glob("*.idx")) == [cache.path_for(store.active())]


def test_corrupt_saved_index_is_rebuilt(tmp_path: Path) -> None:
    store = SnapshotStore.open(f"sqlite:///{tmp_path / 's.db'}")
    cache = IndexCache(tmp_path / "index")
    load(store, "v1", "Ghassem Damavandian")
    cache.load_or_build(store)
    path = cache.path_for(store.active())
    path.write_bytes(b"not a pickle")
    assert "test@v1" in cache.load_or_build(store).version
    assert path.stat().st_size > 100


def test_other_name_analysis_tables_mean_another_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from interdict.screening import service

    store = SnapshotStore.open(f"sqlite:///{tmp_path / 's.db'}")
    load(store, "v1", "Ghassem Damavandian")
    cache = IndexCache(tmp_path / "index")
    before = cache.path_for(store.active())
    assert len(service.analysis_fingerprint()) == 12
    monkeypatch.setattr(service, "analysis_fingerprint", lambda: "0" * 12)
    assert cache.path_for(store.active()) != before
