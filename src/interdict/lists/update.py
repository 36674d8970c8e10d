"""Update orchestration: files → parser → checks → immutable snapshot → activation.

Contract of :func:`load_list`:

* identical content (same sha256 over the edition's files) as the active snapshot is
  ``unchanged``: nothing is written;
* a parse error, an empty result or an entity count that drops by more than
  ``UpdateOptions.max_drop`` against the active snapshot (unless ``force``) fails the
  list: nothing is written and the active snapshot stays as it was;
* otherwise the snapshot is written in one transaction, then activated.

One list failing never stops the others; callers turn failures into a non-zero exit.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from interdict.errors import DownloadError, InputError, ListFormatError, ListRejectedError
from interdict.model import Entity
from interdict.sources.base import ListFormat, ParseReport
from interdict.sources.registry import LISTS, LoadPlan, discover
from interdict.storage.snapshots import DownloadState, SnapshotInfo, SnapshotStore


@dataclass(frozen=True, slots=True)
class UpdateOptions:
    """``force`` loads a list even when its entity count collapsed; ``max_drop`` is the
    largest accepted relative drop in entity count (0.2 = 20% fewer)."""

    force: bool = False
    max_drop: float = 0.2


@dataclass(frozen=True, slots=True)
class ListOutcome:
    """What happened to one list during an update."""

    list_name: str
    status: str  # "loaded", "unchanged" or "failed"
    message: str
    snapshot: SnapshotInfo | None = None
    previous: SnapshotInfo | None = None
    seconds: float = 0.0
    report: dict[str, Any] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        return self.status == "failed"

    def to_dict(self) -> dict[str, Any]:
        return {
            "list": self.list_name,
            "status": self.status,
            "message": self.message,
            "version": self.snapshot.version if self.snapshot else None,
            "entities": self.snapshot.entity_count if self.snapshot else None,
            "previous_version": self.previous.version if self.previous else None,
            "seconds": round(self.seconds, 3),
            "warnings": self.report.get("warning_count", 0) if self.report else 0,
            "report": self.report,
        }


#: Called with each outcome as soon as a list is done (for progress output).
OutcomeCallback = Callable[[ListOutcome], None]


def content_hash(files: Mapping[str, bytes]) -> str:
    """sha256 over the edition's file names and bytes, in name order."""
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode())
        digest.update(b"\0")
        digest.update(hashlib.sha256(files[name]).digest())
    return digest.hexdigest()


def make_version(published: str | None, digest: str) -> str:
    """``<publication date or load date>-<10 hex digits of the content hash>``."""
    day = (published or datetime.now(UTC).date().isoformat())[:10]
    return f"{day}-{digest[:10]}"


def load_list(
    store: SnapshotStore,
    *,
    list_name: str,
    source: str,
    fmt: ListFormat,
    files: Mapping[str, bytes],
    options: UpdateOptions,
) -> ListOutcome:
    """Parse one list edition and, if it passes the checks, store and activate it."""
    started = time.perf_counter()
    previous = store.active_for(list_name)
    digest = content_hash(files)
    if previous is not None and previous.content_hash == digest:
        return ListOutcome(
            list_name, "unchanged", f"unchanged since {previous.version}", previous, previous
        )
    try:
        result = fmt.parse(files, list_name=list_name)
        entities = _first_of_each_id(result.entities, result.report, ", ".join(sorted(files)))
        if not entities:
            raise ListFormatError("the file holds no entities", file=", ".join(sorted(files)))
        count = len(entities)
        if previous is not None and not options.force:
            floor = previous.entity_count * (1.0 - options.max_drop)
            if count < floor:
                raise ListRejectedError(
                    f"{', '.join(sorted(files))}: {count} entities against {previous.entity_count} "
                    f"in the active version {previous.version} (more than "
                    f"{options.max_drop:.0%} fewer); use --force to load it anyway"
                )
    except (InputError, ListRejectedError) as exc:
        return ListOutcome(
            list_name,
            "failed",
            str(exc),
            None,
            previous,
            time.perf_counter() - started,
        )
    version = make_version(result.published, digest)
    snapshot = store.save_snapshot(
        list_name=list_name,
        source=source,
        version=version,
        edition=result.edition,
        published=result.published,
        content_hash=digest,
        files=[
            {"name": name, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
            for name, data in sorted(files.items())
        ],
        report=result.report.to_dict(),
        items=[entity.with_version(version) for entity in entities],
    )
    snapshot = store.activate(snapshot.id)
    report = result.report
    message = f"{snapshot.entity_count} entities from {result.edition}"
    if report.orphans:
        message += f"; skipped {sum(report.orphans.values())} orphan rows"
    if report.warning_count:
        message += f"; {report.warning_count} warning(s), first: {report.warnings[0]}"
    return ListOutcome(
        list_name,
        "loaded",
        message,
        snapshot,
        previous,
        time.perf_counter() - started,
        report.to_dict(),
    )


def _first_of_each_id(entities: Sequence[Entity], report: ParseReport, files: str) -> list[Entity]:
    """The entities with the first of each id; a repeated id (a record listed twice)
    is reported as a warning instead of failing the store."""
    seen: set[str] = set()
    out: list[Entity] = []
    for entity in entities:
        if entity.id in seen:
            report.warn(f"{files}: entity id {entity.id} given again; the first kept")
            continue
        seen.add(entity.id)
        out.append(entity)
    return out


def _read_plan(plan: LoadPlan) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in plan.files}


def update_from_directory(
    store: SnapshotStore,
    directory: Path,
    *,
    only: Sequence[str] | None = None,
    options: UpdateOptions = UpdateOptions(),
    on_outcome: OutcomeCallback | None = None,
) -> list[ListOutcome]:
    """Load every list a local list directory holds (layout of DESIGN.md §3)."""
    if not directory.is_dir():
        raise InputError("not a directory", file=str(directory))
    plans = discover(directory, only=only)
    if not plans:
        raise InputError(
            "no list files found (expected sub-directories such as ofac/, un/, uk/, au/ "
            "holding files under their official names)",
            file=str(directory),
        )
    store.discard_unfinished()
    outcomes: list[ListOutcome] = []
    for plan in plans:
        outcome = load_list(
            store,
            list_name=plan.list_name,
            source=plan.source,
            fmt=plan.format,
            files=_read_plan(plan),
            options=options,
        )
        outcomes.append(outcome)
        if on_outcome is not None:
            on_outcome(outcome)
    return outcomes


ProgressFactory = Callable[[str], Callable[[int, int | None], None]]


def update_from_web(
    store: SnapshotStore,
    download_dir: Path,
    *,
    only: Sequence[str] | None = None,
    options: UpdateOptions = UpdateOptions(),
    mirror: str | None = None,
    download_options: Any = None,
    progress: ProgressFactory | None = None,
    on_outcome: OutcomeCallback | None = None,
) -> list[ListOutcome]:
    """Download every list from its official URL (or ``mirror``) and load it.

    ``mirror`` replaces the official URLs with ``<mirror>/<source>/<filename>``, for
    firms that stage the files on an internal server. Conditional GET state is kept
    in the store, so an unchanged file is not downloaded again.
    """
    from interdict.lists.download import DownloadOptions, FetchResult, fetch
    from interdict.sources.registry import Download

    dl_options = download_options if download_options is not None else DownloadOptions()
    store.discard_unfinished()
    outcomes: list[ListOutcome] = []
    wanted = set(only) if only is not None else None
    for spec in LISTS:
        if wanted is not None and spec.name not in wanted:
            continue
        target = download_dir / spec.source
        target.mkdir(parents=True, exist_ok=True)
        fetched: list[Path] = []
        try:
            for item in spec.downloads:
                download = (
                    Download(f"{mirror.rstrip('/')}/{spec.source}/{item.filename}", item.filename)
                    if mirror
                    else item
                )
                state = store.download_state(download.url)
                previous = None
                if state is not None and (target / state.filename).is_file():
                    previous = FetchResult(
                        path=target / state.filename,
                        url=state.url,
                        sha256=state.sha256,
                        size=state.size,
                        etag=state.etag,
                        last_modified=state.last_modified,
                        not_modified=False,
                        downloaded_at=state.downloaded_at,
                    )
                result = fetch(
                    download,
                    target,
                    options=dl_options,
                    previous=previous,
                    progress=progress(f"{spec.name}: {item.filename}") if progress else None,
                )
                store.save_download_state(
                    DownloadState(
                        url=result.url,
                        filename=download.filename,
                        sha256=result.sha256,
                        size=result.size,
                        etag=result.etag,
                        last_modified=result.last_modified,
                        downloaded_at=result.downloaded_at,
                    )
                )
                fetched.append(result.path)
        except DownloadError as exc:
            outcome = ListOutcome(spec.name, "failed", str(exc), None, store.active_for(spec.name))
        else:
            names = [p.name for p in fetched]
            fmt = next(
                (f for f in sorted(spec.formats(), key=lambda f: -f.richness) if f.select(names)),
                None,
            )
            if fmt is None:
                outcome = ListOutcome(
                    spec.name, "failed", f"no parser accepts {', '.join(names)}", None, None
                )
            else:
                selected = fmt.select(names) or ()
                outcome = load_list(
                    store,
                    list_name=spec.name,
                    source=spec.source,
                    fmt=fmt,
                    files={n: (target / n).read_bytes() for n in selected},
                    options=options,
                )
        outcomes.append(outcome)
        if on_outcome is not None:
            on_outcome(outcome)
    return outcomes
