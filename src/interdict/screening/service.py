"""Wiring the store to the matching engine: the saved index of the active lists.

The match index is built once per set of active snapshots and saved under
``<INTERDICT_HOME>/index/<key>.idx``; the key hashes the active list versions and the
index format, so a list update makes the next screening build (and save) a new index
while older processes keep using theirs.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import tempfile
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from interdict.errors import NoListsLoadedError
from interdict.storage.snapshots import SnapshotInfo, SnapshotStore

if TYPE_CHECKING:
    from interdict.index import MatchIndex
    from interdict.screening.screener import Screener
    from interdict.settings import Settings

log = logging.getLogger("interdict.index")


def index_key(active: list[SnapshotInfo], format_version: str) -> str:
    """A file-name-safe key for the index of these snapshots."""
    digest = hashlib.sha256(format_version.encode())
    for snap in sorted(active, key=lambda s: s.list_name):
        digest.update(f"\0{snap.list_name}@{snap.version}".encode())
    return digest.hexdigest()[:20]


#: Packages whose ``data/`` files drive name analysis, hence what an index stores.
_ANALYSIS_DATA = ("interdict.names", "interdict.text")


@cache
def analysis_fingerprint() -> str:
    """A digest of the name-analysis data files (titles, legal forms, equivalents,
    organisation vocabulary, confusables): a saved index built with other tables is
    not reused, even when the package version is the same (a development checkout)."""
    digest = hashlib.sha256()
    for package in _ANALYSIS_DATA:
        folder = resources.files(package).joinpath("data")
        for item in sorted(folder.iterdir(), key=lambda entry: entry.name):
            if item.is_file() and item.name.endswith(".txt"):
                digest.update(item.name.encode() + b"\0" + item.read_bytes())
    return digest.hexdigest()[:12]


def index_version(active: list[SnapshotInfo]) -> str:
    """A readable version of the index: the active list versions."""
    return ",".join(f"{s.list_name}@{s.version}" for s in sorted(active, key=lambda s: s.list_name))


class IndexCache:
    """Saved match indexes, one per set of active snapshots, in ``directory``."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def path_for(self, active: list[SnapshotInfo]) -> Path:
        from interdict import __version__
        from interdict.index.model import FORMAT_VERSION

        key = index_key(active, f"{__version__}/{FORMAT_VERSION}/{analysis_fingerprint()}")
        return self.directory / f"{key}.idx"

    def load_or_build(self, store: SnapshotStore) -> MatchIndex:
        """The index of the store's active lists, loaded if saved, else built and saved."""
        from interdict.index import MatchIndex, build_index
        from interdict.index.model import IndexFormatError

        active = store.active()
        if not active:
            raise NoListsLoadedError()
        path = self.path_for(active)
        if path.is_file():
            try:
                return MatchIndex.load(path)
            except IndexFormatError as exc:
                log.warning("rebuilding the match index: %s", exc)
        index = build_index(store.active_entities(), version=index_version(active))
        self.directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
        os.close(fd)
        try:
            index.save(Path(tmp))
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        self._prune(keep=path)
        return index

    def _prune(self, keep: Path) -> None:
        """Remove older saved indexes (a running process keeps its open copy)."""
        for old in self.directory.glob("*.idx"):
            if old != keep:
                with contextlib.suppress(OSError):
                    old.unlink()


def open_screener(settings: Settings) -> Screener:
    """A :class:`Screener` over the active lists of the store ``settings`` name.

    Loads the saved index (building and saving it first if needed); raises
    :class:`~interdict.errors.NoListsLoadedError` when no list is loaded.
    """
    from interdict.screening.screener import Screener

    store = SnapshotStore.open(settings.database_url)
    try:
        index = IndexCache(settings.index_dir).load_or_build(store)
    finally:
        store.close()
    return Screener(index)
