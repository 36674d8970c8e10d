"""What the server screens with, and how it follows list updates without a restart.

:class:`ServingState` is immutable: a :class:`~interdict.screening.screener.Screener`
per scoring algorithm (:data:`interdict.scoring.algorithms.ALGORITHMS`) over one match
index, plus the snapshots that index was built from. A request reads
:attr:`IndexHolder.current` once and uses that state to the end, so it sees one
index version from start to finish.

:meth:`IndexHolder.refresh` (blocking; run it in a worker thread, never on the event
loop) compares the store's active list versions with the serving ones; when they
differ it loads or builds the new index (:class:`~interdict.screening.service.IndexCache`)
while requests keep being served by the old one, then swaps the reference: a single
attribute assignment, atomic for readers. A failed refresh keeps the old state and
is retried at the next check. Worker processes serialise index builds on a file lock
in the index directory, so one builds and saves while the others wait and load. :meth:`IndexHolder.run` is the background loop.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import anyio

from interdict.errors import InterdictError, NoListsLoadedError
from interdict.scoring.algorithms import ALGORITHMS, Algorithm
from interdict.screening.query import Query
from interdict.screening.service import IndexCache, index_version
from interdict.storage.snapshots import SnapshotInfo, SnapshotStore

if TYPE_CHECKING:
    from interdict.screening.cache import CachedScreener
    from interdict.screening.screener import Screener

log = logging.getLogger("interdict.api.index")


@dataclass(frozen=True, slots=True)
class ServingState:
    """One loaded index and its screeners; never modified, only replaced.

    ``screener`` scores with the default algorithm; ``screeners`` holds one screener
    per released algorithm, by label (``interdict-v1@1``), the default's included.
    """

    screener: Screener
    version: str
    lists: frozenset[str]
    snapshots: tuple[SnapshotInfo, ...]
    entity_count: int
    loaded_at: float
    screeners: Mapping[str, Screener]
    #: The default screener behind a result cache, for payment messages (which repeat
    #: parties); replaced with the state, so a new index starts with an empty cache.
    payments: CachedScreener

    def screener_for(self, algorithm: Algorithm) -> Screener:
        """The screener scoring with ``algorithm`` (the default one if not released)."""
        return self.screeners.get(algorithm.label, self.screener)

    def snapshot_of(self, list_name: str) -> SnapshotInfo | None:
        return next((s for s in self.snapshots if s.list_name == list_name), None)


#: Screened once before a new index serves, so lazily loaded resources (name
#: analysis tables, transliteration, the index's decoded columns) are not paid for
#: by the first real requests.
WARM_UP_QUERIES = (
    Query(names=("Maria Warm-Up Ivanova",), schema="Person", birth_dates=("1970",)),
    Query(names=("Warm Up Trading Company LLC",), schema="Company", countries=("ru",)),
    Query(names=("Мария Иванова", "محمد علي"), identifiers=("IMO 1234567",)),
)


@contextmanager
def _build_lock(directory: Path) -> Iterator[None]:
    """An exclusive lock across processes on ``directory`` (POSIX ``flock``), so that
    of several workers only one builds a new index while the others wait, then load
    the saved file. Without ``fcntl`` (Windows) it does not lock."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    directory.mkdir(parents=True, exist_ok=True)
    with (directory / ".build.lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _build_state(store: SnapshotStore, cache: IndexCache) -> ServingState:
    from interdict.screening.cache import PAYMENTS_CACHE_SIZE, CachedScreener
    from interdict.screening.screener import Screener

    with _build_lock(cache.directory):
        index = cache.load_or_build(store)
    screener = Screener(index)
    screeners = {screener.algorithm_label: screener}
    for algorithm in ALGORITHMS:
        if algorithm.label not in screeners:
            screeners[algorithm.label] = Screener(index, algorithm=algorithm)
    for other in screeners.values():
        for query in WARM_UP_QUERIES:
            other.screen(query)
    from interdict.payments.files import warm_up as warm_up_payments

    warm_up_payments(screener)
    # The snapshots the index was built from: its version names them.
    active = store.active()
    by_key = {f"{s.list_name}@{s.version}": s for s in active}
    snapshots = tuple(by_key[k] for k in index.version.split(",") if k in by_key)
    return ServingState(
        screener=screener,
        version=index.version,
        lists=frozenset(index.lists),
        snapshots=snapshots,
        entity_count=len(index),
        loaded_at=time.time(),
        screeners=screeners,
        payments=CachedScreener(screener, size=PAYMENTS_CACHE_SIZE),
    )


class IndexHolder:
    """The current :class:`ServingState` of an app (``None`` until lists are loaded)."""

    def __init__(
        self,
        store: SnapshotStore,
        index_dir: Path,
        *,
        on_swap: Callable[[ServingState, bool], None] | None = None,
    ) -> None:
        self.store = store
        self.cache = IndexCache(index_dir)
        self._on_swap = on_swap
        self._current: ServingState | None = None
        self._refreshing = threading.Lock()
        self.last_error: str | None = None

    @property
    def current(self) -> ServingState | None:
        return self._current

    def refresh(self) -> bool:
        """Load the index of the active lists if they changed; whether it swapped.

        Blocking. Concurrent calls do not queue: a call made while another runs
        returns ``False`` at once.
        """
        if not self._refreshing.acquire(blocking=False):
            return False
        try:
            active = self.store.active()
            if not active:
                self.last_error = str(NoListsLoadedError())
                return False
            current = self._current
            if current is not None and current.version == index_version(active):
                return False
            started = time.perf_counter()
            state = _build_state(self.store, self.cache)
            if current is not None and state.version == current.version:
                return False
            self._current = state
            self.last_error = None
            log.info(
                "index %s",
                "swapped" if current is not None else "loaded",
                extra={
                    "event": "index_swap" if current is not None else "index_load",
                    "index_version": state.version,
                    "previous_version": current.version if current is not None else None,
                    "entities": state.entity_count,
                    "seconds": round(time.perf_counter() - started, 3),
                },
            )
            if self._on_swap is not None:
                self._on_swap(state, current is not None)
            return True
        except NoListsLoadedError as exc:
            self.last_error = str(exc)
            return False
        except (InterdictError, OSError) as exc:
            self.last_error = type(exc).__name__
            log.error("index refresh failed: %s", exc, extra={"event": "index_error"})
            return False
        finally:
            self._refreshing.release()

    async def run(self, interval: float) -> None:
        """Refresh now, then every ``interval`` seconds, off the event loop; forever."""
        while True:
            try:
                await anyio.to_thread.run_sync(self.refresh)
            except Exception:  # a bug must not stop the loop; it is logged with its trace
                log.exception("unexpected error while refreshing the index")
            await anyio.sleep(interval)
