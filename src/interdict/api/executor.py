"""The thread pool that screening requests run in, off the event loop.

Screening is CPU-bound Python: in one process, threads do not run it in parallel
(the GIL), they only let the event loop keep accepting, parsing and answering
requests while a screen runs. So the pool is small: :data:`SCREEN_THREADS` threads,
enough that one long batch does not hold every single-query request back, few
enough that screens do not thrash each other; use several worker processes
(``--workers``) for parallelism. One hop into the pool costs ~50 µs, so a request
makes exactly one, whatever its batch size.

Threads take turns on the GIL every ``sys.getswitchinterval()`` seconds (5 ms by
default): while a long batch screens, a single query's thread (and the event loop)
waits up to that long for each turn. :func:`configure_thread_switching` lowers the
interval to :data:`SWITCH_INTERVAL` for a serving process (``interdict serve`` calls
it in every worker; the app factory does not, so embedding or testing the app leaves
the interpreter alone). Measured on the real lists, one worker, a 100-query batch
screening back to back while single queries arrive: singles p50 8 → 4-5 ms and p99
50-60 → 11-20 ms with 1 ms turns; one thread instead of two left singles waiting
behind whole batches (p50 ~90 ms); batch time unchanged.
"""

from __future__ import annotations

import asyncio
import functools
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

#: Threads screening requests per worker process.
SCREEN_THREADS = 2
#: GIL switch interval (seconds) of a serving process.
SWITCH_INTERVAL = 0.001

P = ParamSpec("P")
T = TypeVar("T")


class ScreeningExecutor:
    """A named thread pool, started on first use; :meth:`run` awaits a blocking call
    made in it. After :meth:`shutdown` the next :meth:`run` starts a new pool (an app
    whose lifespan runs again)."""

    def __init__(self, threads: int = SCREEN_THREADS) -> None:
        if threads < 1:
            raise ValueError("a screening pool needs at least one thread")
        self.threads = threads
        self._pool: ThreadPoolExecutor | None = None

    def _started(self) -> ThreadPoolExecutor:
        pool = self._pool
        if pool is None:
            pool = self._pool = ThreadPoolExecutor(
                max_workers=self.threads, thread_name_prefix="interdict-screen"
            )
        return pool

    async def run(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """``fn(*args, **kwargs)`` in the pool; the event loop is free meanwhile."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._started(), functools.partial(fn, *args, **kwargs))

    def shutdown(self) -> None:
        """Stop the pool: queued calls are cancelled, running ones finish."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


def configure_thread_switching() -> None:
    """Set this process's GIL switch interval to :data:`SWITCH_INTERVAL` (process-wide:
    call it only in a process that does nothing but serve the API)."""
    sys.setswitchinterval(SWITCH_INTERVAL)
