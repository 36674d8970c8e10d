"""The query parameters of ``POST /match/{dataset}`` as one value, and their fast parser.

:class:`MatchParams` holds the parameters of a match request, however they were
parsed. FastAPI parses and validates them from the route's signature (the contract
the OpenAPI document shows, and the source of yente's 422 error bodies);
:func:`parse_match_query` parses the common, plainly valid query strings directly,
in a few microseconds instead of FastAPI's generic parameter machinery.

Contract of :func:`parse_match_query`: it returns exactly the :class:`MatchParams`
FastAPI would have produced, or ``None`` whenever it is not sure (a value that is
not in a plain form, out of range, a parameter given twice); the caller then lets
FastAPI parse the request, so errors keep FastAPI's shape. Unknown parameters are
ignored, as FastAPI does. Plain forms: ``limit`` 1-3 ASCII digits without a leading
zero, at most ``MAX_LIMIT``; ``threshold``/``cutoff`` an optional ``-``, 1-6
digits and an optional fraction of 1-12 digits; ``changed_since`` the date pattern
without anything around it; at most ``MAX_EXCLUDED_IDS`` ``exclude_entity_ids``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl

from interdict.screening.policy import MAX_LIMIT

#: yente's defaults and bounds.
MATCH_PAGE = 5
SCORE_THRESHOLD = 0.70
MAX_EXCLUDED_IDS = 50
DEFAULT_ALGORITHM = "best"

_LIMIT = re.compile(r"[1-9][0-9]{0,2}")
_FLOAT = re.compile(r"-?[0-9]{1,6}(?:\.[0-9]{1,12})?")
_TIMESTAMP = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:T[0-9]{2}(?::[0-9]{2}(?::[0-9]{2})?)?)?")
_LISTS = ("include_dataset", "exclude_schema", "exclude_dataset", "topics", "exclude_entity_ids")
_SCALARS = ("limit", "threshold", "cutoff", "algorithm", "changed_since")


@dataclass(frozen=True, slots=True)
class MatchParams:
    """The query parameters of one match request (validated)."""

    limit: int = MATCH_PAGE
    threshold: float = SCORE_THRESHOLD
    cutoff: float = SCORE_THRESHOLD
    algorithm: str = DEFAULT_ALGORITHM
    include_dataset: tuple[str, ...] = ()
    exclude_schema: tuple[str, ...] = ()
    exclude_dataset: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    changed_since: str | None = None
    exclude_entity_ids: tuple[str, ...] = ()


DEFAULT_PARAMS = MatchParams()


def _float(text: str) -> float | None:
    return float(text) if _FLOAT.fullmatch(text) else None


def parse_match_query(query_string: bytes) -> MatchParams | None:
    """The parameters of a raw query string, or ``None`` to let FastAPI decide."""
    if not query_string:
        return DEFAULT_PARAMS
    # As Starlette's QueryParams: latin-1 bytes, percent-escapes as UTF-8, blanks kept.
    pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
    lists: dict[str, list[str]] = {}
    scalars: dict[str, str] = {}
    for key, value in pairs:
        if key in _LISTS:
            lists.setdefault(key, []).append(value)
        elif key in _SCALARS:
            if key in scalars:
                return None
            scalars[key] = value
    limit = MATCH_PAGE
    if "limit" in scalars:
        text = scalars["limit"]
        if not _LIMIT.fullmatch(text) or int(text) > MAX_LIMIT:
            return None
        limit = int(text)
    threshold = _float(scalars["threshold"]) if "threshold" in scalars else SCORE_THRESHOLD
    cutoff = _float(scalars["cutoff"]) if "cutoff" in scalars else SCORE_THRESHOLD
    if threshold is None or cutoff is None:
        return None
    changed_since = scalars.get("changed_since")
    if changed_since is not None and not _TIMESTAMP.fullmatch(changed_since):
        return None
    excluded = lists.get("exclude_entity_ids", [])
    if len(excluded) > MAX_EXCLUDED_IDS:
        return None
    return MatchParams(
        limit=limit,
        threshold=threshold,
        cutoff=cutoff,
        algorithm=scalars.get("algorithm", DEFAULT_ALGORITHM),
        include_dataset=tuple(lists.get("include_dataset", ())),
        exclude_schema=tuple(lists.get("exclude_schema", ())),
        exclude_dataset=tuple(lists.get("exclude_dataset", ())),
        topics=tuple(lists.get("topics", ())),
        changed_since=changed_since,
        exclude_entity_ids=tuple(excluded),
    )
