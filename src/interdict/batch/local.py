"""The local executor: partitions screened by a pool of worker processes, in order."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from typing import Any, TypeVar

from interdict.batch.rows import BatchRow

T = TypeVar("T")

PARTITION_SIZE = 256


def partitions(rows: Iterable[BatchRow], size: int = PARTITION_SIZE) -> Iterator[list[BatchRow]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def run_local(
    job: Callable[[Sequence[BatchRow]], Sequence[T]],
    rows: Iterable[BatchRow],
    *,
    workers: int | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> Iterator[T]:
    """``job``'s output for ``rows`` in input order, run by ``workers`` processes.

    ``job`` must be picklable (e.g. a bound method of a :class:`ScreenPartition`) and
    return one item per row. ``workers`` defaults to the number of CPUs; 1 runs in
    this process.
    """
    count = workers or os.cpu_count() or 1
    chunks = partitions(rows)
    if count <= 1:
        for chunk in chunks:
            yield from _done(job(chunk), on_progress)
        return
    with ProcessPoolExecutor(max_workers=count) as pool:
        pending: list[Any] = []
        for chunk in chunks:
            pending.append(pool.submit(job, chunk))
            if len(pending) >= count * 4:
                yield from _done(pending.pop(0).result(), on_progress)
        for future in pending:
            yield from _done(future.result(), on_progress)


def _done(lines: Sequence[T], on_progress: Callable[[int], None] | None) -> Iterator[T]:
    if on_progress is not None:
        on_progress(len(lines))
    yield from lines
