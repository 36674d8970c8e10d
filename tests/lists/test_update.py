"""Update orchestration on small fixture list directories (UN XML editions v1 and v2)."""

from __future__ import annotations

import shutil
from collections.abc import Collection, Mapping
from pathlib import Path

import pytest

from interdict.errors import InputError
from interdict.lists.update import (
    UpdateOptions,
    content_hash,
    load_list,
    make_version,
    update_from_directory,
)
from interdict.model import EntityBuilder, Name
from interdict.sources.base import ListFormat, ParseResult
from interdict.storage.snapshots import SnapshotStore

FIXTURES = Path(__file__).parent.parent / "fixtures"


@pytest.fixture()
def store(tmp_path: Path) -> SnapshotStore:
    return SnapshotStore.open(f"sqlite:///{tmp_path / 'store.db'}")


def test_load_then_unchanged_then_new_version(store: SnapshotStore) -> None:
    [first] = update_from_directory(store, FIXTURES / "listdir_v1")
    assert (first.list_name, first.status) == ("un", "loaded")
    assert first.snapshot is not None and first.snapshot.entity_count == 3
    assert first.snapshot.published == "2026-01-10T00:00:00Z"
    assert first.snapshot.version.startswith("2026-01-10-")

    [again] = update_from_directory(store, FIXTURES / "listdir_v1")
    assert again.status == "unchanged"
    assert len(store.history("un")) == 1

    [second] = update_from_directory(store, FIXTURES / "listdir_v2")
    assert second.status == "loaded"
    assert second.previous is not None and second.previous.version == first.snapshot.version
    assert [s.status for s in store.history("un")] == ["superseded", "active"]
    assert store.entity("un:XXe.904").caption.startswith("SHAHED")


def test_every_value_carries_provenance(store: SnapshotStore) -> None:
    update_from_directory(store, FIXTURES / "listdir_v1")
    entity = store.entity("un:XXi.901")
    assert entity.list_name == "un"
    assert entity.version == store.active()[0].version
    for value in (*entity.names, *entity.birth_dates, *entity.identifiers, *entity.countries):
        assert value.record, value


def test_malformed_file_keeps_previous_snapshot(store: SnapshotStore, tmp_path: Path) -> None:
    update_from_directory(store, FIXTURES / "listdir_v1")
    before = store.active()
    broken = tmp_path / "broken" / "un"
    broken.mkdir(parents=True)
    data = (FIXTURES / "listdir_v2" / "un" / "consolidated.xml").read_bytes()
    (broken / "consolidated.xml").write_bytes(data[: len(data) // 2])
    [outcome] = update_from_directory(store, tmp_path / "broken")
    assert outcome.failed
    assert "consolidated.xml" in outcome.message
    assert store.active() == before
    assert store.entity("un:XXi.901").caption


def test_empty_file_fails(store: SnapshotStore, tmp_path: Path) -> None:
    empty = tmp_path / "empty" / "un"
    empty.mkdir(parents=True)
    (empty / "consolidated.xml").write_bytes(b"")
    [outcome] = update_from_directory(store, tmp_path / "empty")
    assert outcome.failed and "consolidated.xml" in outcome.message
    assert store.active() == []


def test_collapsed_count_is_refused_unless_forced(store: SnapshotStore, tmp_path: Path) -> None:
    update_from_directory(store, FIXTURES / "listdir_v1")
    shrunk = tmp_path / "shrunk" / "un"
    shrunk.mkdir(parents=True)
    text = (FIXTURES / "listdir_v1" / "un" / "consolidated.xml").read_text()
    start = text.index("<ENTITY>")
    end = text.index("</ENTITY>") + len("</ENTITY>")
    (shrunk / "consolidated.xml").write_text(text[:start] + text[end:])
    [refused] = update_from_directory(store, tmp_path / "shrunk")
    assert refused.failed and "--force" in refused.message
    assert store.active()[0].entity_count == 3
    [forced] = update_from_directory(store, tmp_path / "shrunk", options=UpdateOptions(force=True))
    assert forced.status == "loaded" and store.active()[0].entity_count == 2


def test_directory_without_lists_is_an_error(store: SnapshotStore, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no list files found"):
        update_from_directory(store, tmp_path)


def test_only_filter(store: SnapshotStore, tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "listdir_v1", tmp_path / "d")
    with pytest.raises(InputError, match="no list files found"):
        update_from_directory(store, tmp_path / "d", only=["ofac_sdn"])
    assert [o.list_name for o in update_from_directory(store, tmp_path / "d", only=["un"])] == [
        "un"
    ]


def test_version_and_hash() -> None:
    digest = content_hash({"a.xml": b"1", "b.xml": b"2"})
    assert digest == content_hash({"b.xml": b"2", "a.xml": b"1"})
    assert digest != content_hash({"a.xml": b"2", "b.xml": b"1"})
    assert make_version("2026-01-08T10:00:00Z", digest) == f"2026-01-08-{digest[:10]}"


class _TwiceFormat(ListFormat):
    """A format whose parser gives one record twice (as OFAC Enhanced XML can)."""

    name = "twice"

    def select(self, available: Collection[str]) -> tuple[str, ...] | None:
        return ("list.txt",) if "list.txt" in available else None

    def parse(self, files: Mapping[str, bytes], *, list_name: str) -> ParseResult:
        entities = []
        for entity_id, name in [("x:1", "ALPHA ONE"), ("x:1", "ALPHA ONE"), ("x:2", "BETA")]:
            builder = EntityBuilder(entity_id, "Person", list_name)
            builder.add_name(Name(name, record="list.txt:1"))
            entities.append(builder.build())
        return ParseResult(entities, edition="list.txt")


def test_repeated_record_is_a_warning_not_a_crash(store: SnapshotStore) -> None:
    outcome = load_list(
        store,
        list_name="custom",
        source="test",
        fmt=_TwiceFormat(),
        files={"list.txt": b"x"},
        options=UpdateOptions(),
    )
    assert outcome.status == "loaded", outcome.message
    assert outcome.snapshot is not None and outcome.snapshot.entity_count == 2
    assert "entity id x:1 given again" in outcome.message
    assert outcome.to_dict()["warnings"] == 1
