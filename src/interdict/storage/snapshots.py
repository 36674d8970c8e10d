"""The snapshot store: immutable, versioned list snapshots and which one is active.

Contract:

* :meth:`SnapshotStore.save_snapshot` writes a snapshot and all its entities in ONE
  transaction: a crash or kill leaves either nothing or a complete snapshot;
* :meth:`SnapshotStore.activate` switches a list's active snapshot in one transaction;
  the previous snapshot is kept (status ``superseded``) for diffs and audits;
* snapshots are never modified after they are written.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
import sqlalchemy as sa

from interdict.errors import StoreError, UnknownEntityError
from interdict.model import Entity
from interdict.storage.engine import create_engine, migrate
from interdict.storage.tables import active_lists, downloads, entities, snapshots

INSERT_CHUNK = 2000


def utc_now() -> str:
    """The current UTC time as ISO 8601 with seconds."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@dataclass(frozen=True, slots=True)
class SnapshotInfo:
    """The metadata of one stored snapshot."""

    id: int
    list_name: str
    source: str
    version: str
    edition: str
    published: str | None
    loaded_at: str
    entity_count: int
    content_hash: str
    status: str
    files: list[dict[str, Any]]
    report: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """The ``interdict lists --json`` form (DESIGN.md §3)."""
        return {
            "list": self.list_name,
            "source": self.source,
            "version": self.version,
            "published": self.published,
            "entities": self.entity_count,
            "loaded_at": self.loaded_at,
            "edition": self.edition,
            "status": self.status,
        }


@dataclass(frozen=True, slots=True)
class DownloadState:
    """What was last downloaded from a URL (for conditional GET)."""

    url: str
    filename: str
    sha256: str
    size: int
    etag: str | None
    last_modified: str | None
    downloaded_at: str


def _info(row: sa.Row[Any]) -> SnapshotInfo:
    return SnapshotInfo(
        id=row.id,
        list_name=row.list_name,
        source=row.source,
        version=row.version,
        edition=row.edition,
        published=row.published,
        loaded_at=row.loaded_at,
        entity_count=row.entity_count,
        content_hash=row.content_hash,
        status=row.status,
        files=orjson.loads(row.files),
        report=orjson.loads(row.report),
    )


class SnapshotStore:
    """Snapshots of lists in a SQL database (SQLite or PostgreSQL)."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, url: str) -> SnapshotStore:
        """Open (and migrate, when needed) the store at a SQLAlchemy URL."""
        engine = create_engine(url)
        migrate(engine)
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    # -- writing ---------------------------------------------------------------

    def save_snapshot(
        self,
        *,
        list_name: str,
        source: str,
        version: str,
        edition: str,
        published: str | None,
        content_hash: str,
        files: Sequence[dict[str, Any]],
        report: dict[str, Any],
        items: Sequence[Entity],
    ) -> SnapshotInfo:
        """Store a complete snapshot (status ``ready``) in one transaction."""
        loaded_at = utc_now()
        with self.engine.begin() as conn:
            existing = conn.execute(
                sa.select(snapshots.c.id).where(
                    snapshots.c.list_name == list_name, snapshots.c.version == version
                )
            ).scalar()
            if existing is not None:
                raise StoreError(f"snapshot {list_name}@{version} already exists")
            inserted = conn.execute(
                snapshots.insert().values(
                    list_name=list_name,
                    source=source,
                    version=version,
                    edition=edition,
                    published=published,
                    loaded_at=loaded_at,
                    entity_count=len(items),
                    content_hash=content_hash,
                    status="ready",
                    files=orjson.dumps(list(files)).decode(),
                    report=orjson.dumps(report).decode(),
                )
            ).inserted_primary_key
            if inserted is None:
                raise StoreError(f"the store returned no id for snapshot {list_name}@{version}")
            snapshot_id = int(inserted[0])
            rows = (
                {
                    "snapshot_id": snapshot_id,
                    "entity_id": entity.id,
                    "schema": entity.schema,
                    "caption": entity.caption,
                    "data": orjson.dumps(entity.to_dict()).decode(),
                }
                for entity in items
            )
            for chunk in _chunks(rows, INSERT_CHUNK):
                conn.execute(entities.insert(), chunk)
        return self.snapshot(snapshot_id)

    def activate(self, snapshot_id: int) -> SnapshotInfo:
        """Make a stored snapshot the active one of its list."""
        now = utc_now()
        with self.engine.begin() as conn:
            row = conn.execute(sa.select(snapshots).where(snapshots.c.id == snapshot_id)).one()
            previous = conn.execute(
                sa.select(active_lists.c.snapshot_id).where(
                    active_lists.c.list_name == row.list_name
                )
            ).scalar()
            if previous is not None and previous != snapshot_id:
                conn.execute(
                    snapshots.update().where(snapshots.c.id == previous).values(status="superseded")
                )
            if previous is None:
                conn.execute(
                    active_lists.insert().values(
                        list_name=row.list_name, snapshot_id=snapshot_id, activated_at=now
                    )
                )
            else:
                conn.execute(
                    active_lists.update()
                    .where(active_lists.c.list_name == row.list_name)
                    .values(snapshot_id=snapshot_id, activated_at=now)
                )
            conn.execute(
                snapshots.update().where(snapshots.c.id == snapshot_id).values(status="active")
            )
        return self.snapshot(snapshot_id)

    def discard_unfinished(self) -> int:
        """Delete snapshots that were stored but never activated; their count."""
        with self.engine.begin() as conn:
            ids = [
                r[0]
                for r in conn.execute(
                    sa.select(snapshots.c.id).where(snapshots.c.status.in_(("loading", "ready")))
                )
            ]
            if ids:
                conn.execute(entities.delete().where(entities.c.snapshot_id.in_(ids)))
                conn.execute(snapshots.delete().where(snapshots.c.id.in_(ids)))
        return len(ids)

    # -- reading ---------------------------------------------------------------

    def snapshot(self, snapshot_id: int) -> SnapshotInfo:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(snapshots).where(snapshots.c.id == snapshot_id)).first()
        if row is None:
            raise StoreError(f"no snapshot with id {snapshot_id}")
        return _info(row)

    def active(self) -> list[SnapshotInfo]:
        """The active snapshot of every list, by list name."""
        query = (
            sa.select(snapshots)
            .join(active_lists, active_lists.c.snapshot_id == snapshots.c.id)
            .order_by(snapshots.c.list_name)
        )
        with self.engine.connect() as conn:
            return [_info(r) for r in conn.execute(query)]

    def active_for(self, list_name: str) -> SnapshotInfo | None:
        return next((s for s in self.active() if s.list_name == list_name), None)

    def history(self, list_name: str) -> list[SnapshotInfo]:
        """All complete snapshots of a list, oldest first."""
        query = (
            sa.select(snapshots)
            .where(
                snapshots.c.list_name == list_name,
                snapshots.c.status.in_(("active", "superseded")),
            )
            .order_by(snapshots.c.id)
        )
        with self.engine.connect() as conn:
            return [_info(r) for r in conn.execute(query)]

    def find_snapshot(self, list_name: str, version: str) -> SnapshotInfo:
        """A snapshot by version; a unique version prefix is accepted."""
        matches = [s for s in self.history(list_name) if s.version.startswith(version)]
        exact = [s for s in matches if s.version == version]
        if exact:
            return exact[0]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise StoreError(f"list {list_name} has no snapshot {version!r}")
        raise StoreError(f"version {version!r} of list {list_name} is ambiguous")

    def entities(self, snapshot_id: int) -> Iterator[Entity]:
        """The entities of a snapshot, by id."""
        query = (
            sa.select(entities.c.data)
            .where(entities.c.snapshot_id == snapshot_id)
            .order_by(entities.c.entity_id)
        )
        with self.engine.connect() as conn:
            for (data,) in conn.execute(query):
                yield Entity.from_dict(orjson.loads(data))

    def active_entities(self) -> Iterator[Entity]:
        """The entities of every active snapshot."""
        for info in self.active():
            yield from self.entities(info.id)

    def entity(self, entity_id: str) -> Entity:
        """An entity of an active snapshot; :class:`UnknownEntityError` if none has it."""
        query = (
            sa.select(entities.c.data)
            .join(active_lists, active_lists.c.snapshot_id == entities.c.snapshot_id)
            .where(entities.c.entity_id == entity_id)
        )
        with self.engine.connect() as conn:
            rows = [r[0] for r in conn.execute(query)]
        if not rows:
            raise UnknownEntityError(f"no active list holds entity {entity_id!r}")
        return Entity.from_dict(orjson.loads(rows[0]))

    # -- download state ----------------------------------------------------------

    def download_state(self, url: str) -> DownloadState | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(downloads).where(downloads.c.url == url)).first()
        if row is None:
            return None
        return DownloadState(**row._mapping)

    def save_download_state(self, state: DownloadState) -> None:
        values = {
            "filename": state.filename,
            "sha256": state.sha256,
            "size": state.size,
            "etag": state.etag,
            "last_modified": state.last_modified,
            "downloaded_at": state.downloaded_at,
        }
        with self.engine.begin() as conn:
            updated = conn.execute(
                downloads.update().where(downloads.c.url == state.url).values(**values)
            ).rowcount
            if not updated:
                conn.execute(downloads.insert().values(url=state.url, **values))


def _chunks(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
