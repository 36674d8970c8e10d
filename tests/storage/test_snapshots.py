from __future__ import annotations

import pytest

from interdict.errors import StoreError, UnknownEntityError
from interdict.model import (
    Country,
    CountryRole,
    Entity,
    EntityBuilder,
    Identifier,
    IdentifierKind,
    Name,
    NameKind,
    parse_date,
)
from interdict.storage.engine import HEAD_REVISION, current_revision
from interdict.storage.snapshots import DownloadState, SnapshotStore


def person(entity_id: str, name: str, alias: str | None = None) -> Entity:
    builder = EntityBuilder(entity_id, "Person", "test")
    builder.add_name(Name(name, NameKind.PRIMARY, record="t.csv:row=1"))
    if alias:
        builder.add_name(Name(alias, NameKind.WEAK_ALIAS, record="t.csv:row=2"))
    builder.add_birth_date(parse_date("02 May 1968", record="t.csv:row=1"))
    builder.add_country(Country("ir", CountryRole.NATIONALITY, "Iran", "t.csv:row=1"))
    builder.add_identifier(
        Identifier(IdentifierKind.PASSPORT, "G9336_77", "t.csv:row=1", country="ir")
    )
    builder.add_property("programId", "NPWMD", "t.csv:row=1")
    return builder.build()


def save(store: SnapshotStore, version: str, items: list[Entity]) -> int:
    snap = store.save_snapshot(
        list_name="test",
        source="test",
        version=version,
        edition="t.csv",
        published=None,
        content_hash=version * 4,
        files=[{"name": "t.csv"}],
        report={"unconsumed": {}},
        items=[e.with_version(version) for e in items],
    )
    return snap.id


def test_migrated_to_head(store: SnapshotStore) -> None:
    assert current_revision(store.engine) == HEAD_REVISION


def test_saved_snapshot_is_not_active_until_activated(store: SnapshotStore) -> None:
    snap_id = save(store, "v1", [person("t:1", "DAMAVANDIAN, Ghassem")])
    assert store.active() == []
    with pytest.raises(UnknownEntityError):
        store.entity("t:1")
    store.activate(snap_id)
    assert [s.version for s in store.active()] == ["v1"]


def test_entity_round_trip_keeps_every_value_and_provenance(store: SnapshotStore) -> None:
    original = person("t:1", "DAMAVANDIAN, Ghassem", alias="Ghasem")
    store.activate(save(store, "v1", [original]))
    loaded = store.entity("t:1")
    assert loaded == original.with_version("v1")
    assert loaded.names[1].kind is NameKind.WEAK_ALIAS
    assert loaded.identifiers[0].record == "t.csv:row=1"


def test_activation_supersedes_previous(store: SnapshotStore) -> None:
    first = save(store, "v1", [person("t:1", "A")])
    store.activate(first)
    second = save(store, "v2", [person("t:1", "B")])
    store.activate(second)
    assert store.active_for("test").version == "v2"  # type: ignore[union-attr]
    assert [s.status for s in store.history("test")] == ["superseded", "active"]
    assert store.entity("t:1").caption == "B"
    assert store.find_snapshot("test", "v1").id == first


def test_duplicate_version_is_refused(store: SnapshotStore) -> None:
    save(store, "v1", [person("t:1", "A")])
    with pytest.raises(StoreError, match="already exists"):
        save(store, "v1", [person("t:1", "A")])


def test_failed_write_leaves_nothing(store: SnapshotStore) -> None:
    duplicate_ids = [person("t:1", "A"), person("t:1", "A")]
    with pytest.raises(Exception):  # noqa: B017 - the database's own integrity error
        save(store, "v1", duplicate_ids)
    assert store.history("test") == []
    assert store.discard_unfinished() == 0


def test_unfinished_snapshots_are_discarded(store: SnapshotStore) -> None:
    save(store, "v1", [person("t:1", "A")])
    assert store.discard_unfinished() == 1
    assert store.history("test") == []


def test_download_state_upsert(store: SnapshotStore) -> None:
    state = DownloadState("http://x/a", "a.xml", "00" * 32, 10, '"e1"', None, "2026-01-01")
    store.save_download_state(state)
    store.save_download_state(
        DownloadState("http://x/a", "a.xml", "11" * 32, 11, '"e2"', None, "2026")
    )
    loaded = store.download_state("http://x/a")
    assert loaded is not None and loaded.etag == '"e2"' and loaded.size == 11
    assert store.download_state("http://x/b") is None
