"""Full entities for API responses, fetched in one query per request and cached.

The match index keeps only what scoring needs; a response shows every property, so
the entities behind the results are read from the active snapshots of the store
(one ``IN`` query for all results of a batch). An LRU cache keyed by entity id is
emptied whenever the serving index changes, so a response never mixes list
versions for long (at most until the index that sees a new snapshot is swapped in).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable

import orjson
import sqlalchemy as sa

from interdict.model import Entity
from interdict.storage.snapshots import SnapshotStore
from interdict.storage.tables import active_lists, entities

#: SQLite's default limit on bound parameters is 32766; stay far below it.
_CHUNK = 500


class EntityLookup:
    """Entities of the active snapshots by id, with an LRU cache of ``capacity``."""

    def __init__(self, store: SnapshotStore, capacity: int = 20_000) -> None:
        self.store = store
        self.capacity = capacity
        self._cache: OrderedDict[str, Entity] = OrderedDict()
        self._lock = threading.Lock()

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()

    def get_many(self, ids: Iterable[str]) -> dict[str, Entity]:
        """The entities found among ``ids`` (missing ids are left out). Blocking."""
        wanted = list(dict.fromkeys(ids))
        found: dict[str, Entity] = {}
        missing: list[str] = []
        with self._lock:
            for entity_id in wanted:
                entity = self._cache.get(entity_id)
                if entity is None:
                    missing.append(entity_id)
                else:
                    self._cache.move_to_end(entity_id)
                    found[entity_id] = entity
        if missing:
            loaded = self._load(missing)
            found.update(loaded)
            with self._lock:
                for entity_id, entity in loaded.items():
                    self._cache[entity_id] = entity
                while len(self._cache) > self.capacity:
                    self._cache.popitem(last=False)
        return found

    def _load(self, ids: list[str]) -> dict[str, Entity]:
        out: dict[str, Entity] = {}
        with self.store.engine.connect() as conn:
            for start in range(0, len(ids), _CHUNK):
                chunk = ids[start : start + _CHUNK]
                query = (
                    sa.select(entities.c.entity_id, entities.c.data)
                    .join(active_lists, active_lists.c.snapshot_id == entities.c.snapshot_id)
                    .where(entities.c.entity_id.in_(chunk))
                )
                for entity_id, data in conn.execute(query):
                    out.setdefault(entity_id, Entity.from_dict(orjson.loads(data)))
        return out
