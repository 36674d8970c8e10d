"""Request parameters shared by several routes, and their validation."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from functools import lru_cache

from fastapi import Path

from interdict.api.datasets import DatasetInfo, dataset_table
from interdict.api.errors import ApiError
from interdict.api.state import ServingState

#: yente's pattern for ``changed_since``: a date, optionally with hours/minutes/seconds.
TS_PATTERN = r"^\d{4}-\d{2}-\d{2}(T\d{2}(:\d{2}(:\d{2})?)?)?$"

PATH_DATASET = Path(
    description=(
        "List or collection to screen against: default, sanctions, a source (ofac, un, "
        "eu, uk, au, us_csl), a list name (ofac_sdn, ...) or its OpenSanctions name "
        "(us_ofac_sdn, ...)."
    ),
    examples=["default"],
)


@lru_cache(maxsize=16)
def _table(loaded: frozenset[str]) -> Mapping[str, DatasetInfo]:
    return dataset_table(loaded)


def resolve_dataset(
    name: str, loaded: Iterable[str]
) -> tuple[DatasetInfo, Mapping[str, DatasetInfo]]:
    """The dataset called ``name`` and the whole table (shared: do not modify it);
    404 if unknown (as yente). Tables are cached per set of loaded lists."""
    table = _table(frozenset(loaded))
    info = table.get(name)
    if info is None:
        raise ApiError(404, "No such dataset.", field="dataset")
    return info, table


def parse_changed_since(value: str | None) -> str | None:
    """``changed_since`` as a comparable UTC ISO string; 400 for impossible dates."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value).replace(tzinfo=UTC)
    except ValueError as exc:
        raise ApiError(400, f"Invalid date {value!r}.", field="changed_since") from exc
    return moment.isoformat()


def lists_changed_since(state: ServingState, since: str) -> frozenset[str]:
    """The lists whose serving snapshot was loaded at or after ``since``.

    interdict records changes per list snapshot, not per entity: an entity counts
    as changed when its list's snapshot is newer than ``since`` (a superset of the
    entities that really changed, never fewer).
    """
    return frozenset(s.list_name for s in state.snapshots if s.loaded_at >= since)
