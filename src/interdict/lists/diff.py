"""Differences between two snapshots of a list: added, removed and changed entities.

Two versions of an entity differ when any value differs; record locators and the
snapshot version are provenance, not content, and are ignored. A change names the
fields that changed (``names``, ``birth_dates``, ``identifiers``, ``properties.programId``
...) with the values added and removed in each.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import orjson

from interdict.model import Entity

_LIST_FIELDS = ("names", "birth_dates", "countries", "identifiers", "addresses", "relations")


@dataclass(frozen=True, slots=True)
class FieldChange:
    """The values of one field that appeared and disappeared."""

    field: str
    added: tuple[str, ...]
    removed: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EntityChange:
    entity_id: str
    caption: str
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True, slots=True)
class SnapshotDiff:
    list_name: str
    old_version: str
    new_version: str
    added: tuple[Entity, ...] = ()
    removed: tuple[Entity, ...] = ()
    changed: tuple[EntityChange, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {
            "list": self.list_name,
            "old_version": self.old_version,
            "new_version": self.new_version,
            "added": [{"id": e.id, "caption": e.caption, "schema": e.schema} for e in self.added],
            "removed": [
                {"id": e.id, "caption": e.caption, "schema": e.schema} for e in self.removed
            ],
            "changed": [
                {
                    "id": c.entity_id,
                    "caption": c.caption,
                    "fields": {
                        f.field: {"added": list(f.added), "removed": list(f.removed)}
                        for f in c.fields
                    },
                }
                for c in self.changed
            ],
        }


def _values(items: Iterable[dict[str, Any]]) -> set[str]:
    """Content of value dicts without provenance, as canonical JSON strings."""
    return {
        orjson.dumps({k: v for k, v in item.items() if k != "record"}, option=orjson.OPT_SORT_KEYS)
        .decode()
        .strip()
        for item in items
    }


def _readable(value: str) -> str:
    data = orjson.loads(value)
    for key in ("full", "number", "value", "code", "text", "target_id"):
        if data.get(key):
            return str(data[key])
    return value


def entity_changes(old: Entity, new: Entity) -> tuple[FieldChange, ...]:
    """The fields in which two versions of the same entity differ."""
    a, b = old.to_dict(), new.to_dict()
    changes: list[FieldChange] = []
    if a["schema"] != b["schema"]:
        changes.append(FieldChange("schema", (b["schema"],), (a["schema"],)))
    for name in _LIST_FIELDS:
        before, after = _values(a[name]), _values(b[name])
        if before != after:
            changes.append(
                FieldChange(
                    name,
                    tuple(sorted(_readable(v) for v in after - before)),
                    tuple(sorted(_readable(v) for v in before - after)),
                )
            )
    props = sorted(set(a["properties"]) | set(b["properties"]))
    for prop in props:
        before = _values(a["properties"].get(prop, ()))
        after = _values(b["properties"].get(prop, ()))
        if before != after:
            changes.append(
                FieldChange(
                    f"properties.{prop}",
                    tuple(sorted(_readable(v) for v in after - before)),
                    tuple(sorted(_readable(v) for v in before - after)),
                )
            )
    return tuple(changes)


def diff_snapshots(
    list_name: str,
    old_version: str,
    old: Iterable[Entity],
    new_version: str,
    new: Iterable[Entity],
) -> SnapshotDiff:
    """Compare the entities of two snapshots of one list."""
    before = {e.id: e for e in old}
    after = {e.id: e for e in new}
    added = tuple(after[i] for i in sorted(after.keys() - before.keys()))
    removed = tuple(before[i] for i in sorted(before.keys() - after.keys()))
    changed: list[EntityChange] = []
    for entity_id in sorted(before.keys() & after.keys()):
        fields = entity_changes(before[entity_id], after[entity_id])
        if fields:
            changed.append(EntityChange(entity_id, after[entity_id].caption, fields))
    return SnapshotDiff(list_name, old_version, new_version, added, removed, tuple(changed))
