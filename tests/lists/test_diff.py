from __future__ import annotations

from interdict.lists.diff import diff_snapshots
from interdict.model import Entity, EntityBuilder, Name, NameKind


def entity(entity_id: str, *names: str, program: str = "SDGT", record: str = "r") -> Entity:
    builder = EntityBuilder(entity_id, "Organization", "test")
    for i, name in enumerate(names):
        builder.add_name(Name(name, NameKind.PRIMARY if i == 0 else NameKind.ALIAS, record=record))
    builder.add_property("programId", program, record)
    return builder.build()


def test_added_removed_changed() -> None:
    old = [entity("t:1", "A"), entity("t:2", "B"), entity("t:3", "C")]
    new = [
        entity("t:1", "A", record="other"),
        entity("t:2", "B", "B2", program="IRAN"),
        entity("t:4", "D"),
    ]
    diff = diff_snapshots("test", "v1", old, "v2", new)
    assert [e.id for e in diff.added] == ["t:4"]
    assert [e.id for e in diff.removed] == ["t:3"]
    assert [c.entity_id for c in diff.changed] == ["t:2"]
    fields = {f.field: f for f in diff.changed[0].fields}
    assert fields["names"].added == ("B2",) and fields["names"].removed == ()
    assert fields["properties.programId"].added == ("IRAN",)
    assert fields["properties.programId"].removed == ("SDGT",)
    data = diff.to_dict()
    assert data["changed"][0]["fields"]["names"] == {"added": ["B2"], "removed": []}


def test_identical_snapshots_have_no_diff() -> None:
    items = [entity("t:1", "A", "A2")]
    diff = diff_snapshots("test", "v1", items, "v2", [e.with_version("v2") for e in items])
    assert (diff.added, diff.removed, diff.changed) == ((), (), ())
