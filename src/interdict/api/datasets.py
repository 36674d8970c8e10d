"""Dataset names of the API (yente's ``{dataset}`` path segment) → lists in scope.

Names, each resolving to a set of interdict list names:

* ``default`` and ``sanctions``: every loaded list;
* a source (``ofac``, ``un``, ``eu``, ``uk``, ``au``, ``us_csl``): the lists it publishes;
* a list name (``ofac_sdn``, ``ofac_cons``, ..., and every loaded custom list);
* the OpenSanctions name of a list (``us_ofac_sdn``, ``us_ofac_cons``,
  ``un_sc_sanctions``, ``eu_fsf``, ``gb_hmt_sanctions``, ``au_dfat_sanctions``,
  ``us_trade_csl``), so yente clients keep their dataset names.

Anything else is unknown (HTTP 404, as in yente). A known name whose lists are not
loaded resolves to an empty scope: a valid request with no results.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from interdict.sources.registry import LISTS, LISTS_BY_NAME

ALL_LISTS = ("default", "sanctions")


@dataclass(frozen=True, slots=True)
class DatasetInfo:
    """One dataset name: its lists (``None`` = every loaded list) and what it is."""

    name: str
    title: str
    kind: str  # "collection", "source", "list" or "alias"
    lists: frozenset[str] | None


def dataset_table(loaded: Iterable[str]) -> Mapping[str, DatasetInfo]:
    """Every dataset name known with these lists loaded."""
    table: dict[str, DatasetInfo] = {
        "default": DatasetInfo("default", "All loaded lists", "collection", None),
        "sanctions": DatasetInfo("sanctions", "All loaded sanctions lists", "collection", None),
    }
    by_source: dict[str, set[str]] = {}
    for spec in LISTS:
        by_source.setdefault(spec.source, set()).add(spec.name)
    for source, names in by_source.items():
        if source not in names:
            table[source] = DatasetInfo(
                source, f"All lists published by {source.upper()}", "source", frozenset(names)
            )
    for spec in LISTS:
        table[spec.name] = DatasetInfo(spec.name, spec.title, "list", frozenset({spec.name}))
        if spec.opensanctions_name:
            table[spec.opensanctions_name] = DatasetInfo(
                spec.opensanctions_name,
                f"{spec.title} (OpenSanctions name)",
                "alias",
                frozenset({spec.name}),
            )
    for name in loaded:
        if name not in table:
            table[name] = DatasetInfo(name, f"Custom list {name}", "list", frozenset({name}))
    return table


def opensanctions_name(list_name: str) -> str | None:
    spec = LISTS_BY_NAME.get(list_name)
    return spec.opensanctions_name if spec is not None else None


def entity_datasets(list_name: str) -> list[str]:
    """The dataset names an entity of this list is shown with."""
    alias = opensanctions_name(list_name)
    return [list_name, alias] if alias else [list_name]


def lists_of(info: DatasetInfo, loaded: Iterable[str]) -> frozenset[str]:
    """The loaded lists a dataset covers."""
    present = frozenset(loaded)
    return present if info.lists is None else info.lists & present


def scope(
    dataset: DatasetInfo,
    loaded: Iterable[str],
    table: Mapping[str, DatasetInfo],
    *,
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
) -> frozenset[str]:
    """The lists a request covers: the dataset's, narrowed to ``include`` (when given)
    and without ``exclude``; unknown names in either match no list."""
    present = frozenset(loaded)
    lists = lists_of(dataset, present)
    include = list(include)
    if include:
        wanted: set[str] = set()
        for name in include:
            info = table.get(name)
            if info is not None:
                wanted |= lists_of(info, present)
        lists &= wanted
    for name in exclude:
        info = table.get(name)
        if info is not None:
            lists -= lists_of(info, present)
    return lists
