"""What every command needs: settings read once, the store opened on demand."""

from __future__ import annotations

from dataclasses import dataclass, field

from interdict.settings import Settings
from interdict.storage.snapshots import SnapshotStore


@dataclass
class AppContext:
    """Per-invocation state handed to commands through click's context object."""

    settings: Settings
    _store: SnapshotStore | None = field(default=None, repr=False)

    @property
    def store(self) -> SnapshotStore:
        if self._store is None:
            self.settings.home.mkdir(parents=True, exist_ok=True)
            self._store = SnapshotStore.open(self.settings.database_url)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
