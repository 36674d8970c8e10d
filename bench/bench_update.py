"""Benchmark: parse and store every list of a local list directory.

Usage::

    .venv/bin/python bench/bench_update.py ../shared/lists

Loads the directory into a fresh SQLite store in a temporary INTERDICT_HOME and
prints the time per list, the total wall time and the peak resident memory.
Not a test: run it by hand and copy the figures to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

from interdict.lists.update import ListOutcome, UpdateOptions, update_from_directory
from interdict.storage.snapshots import SnapshotStore


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("directory", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        store = SnapshotStore.open(f"sqlite:///{home}/bench.db")
        started = time.perf_counter()

        def report(outcome: ListOutcome) -> None:
            count = outcome.snapshot.entity_count if outcome.snapshot else 0
            print(
                f"{outcome.list_name:12} {outcome.status:9} {count:7,} entities "
                f"{outcome.seconds:6.2f} s  {outcome.message[:80]}"
            )

        outcomes = update_from_directory(
            store, args.directory, options=UpdateOptions(), on_outcome=report
        )
        total = time.perf_counter() - started
        entities = sum(o.snapshot.entity_count for o in outcomes if o.snapshot)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"total: {entities:,} entities from {len(outcomes)} lists in {total:.2f} s")
        print(f"peak RSS: {peak_mb:.0f} MB")
        store.close()
    return 1 if any(o.failed for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
