"""interdict: an open-source sanctions screening engine.

The public Python API (pinned by ``tests/test_public_api.py``)::

    from interdict import Query, Settings, open_screener

    screener = open_screener(Settings.from_env())      # the active lists' saved index
    result = screener.screen(Query.build(["Ghasem Damavandian"], birth_dates=["1968"]))
    for match in result.matches:
        print(match.entity_id, match.score, match.explanation["summary"])

Names are imported lazily, so ``import interdict`` stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "Entity": "interdict.model",
    "EntityBuilder": "interdict.model",
    "IndexCache": "interdict.screening.service",
    "InterdictError": "interdict.errors",
    "Match": "interdict.screening.result",
    "MatchIndex": "interdict.index",
    "PaymentPolicy": "interdict.payments",
    "Policy": "interdict.screening.policy",
    "Query": "interdict.screening.query",
    "Screener": "interdict.screening.screener",
    "ScreeningResult": "interdict.screening.result",
    "Settings": "interdict.settings",
    "SnapshotStore": "interdict.storage.snapshots",
    "build_index": "interdict.index",
    "open_screener": "interdict.screening.service",
    "screen_message": "interdict.payments",
}

__all__ = [
    "Entity",
    "EntityBuilder",
    "IndexCache",
    "InterdictError",
    "Match",
    "MatchIndex",
    "PaymentPolicy",
    "Policy",
    "Query",
    "Screener",
    "ScreeningResult",
    "Settings",
    "SnapshotStore",
    "__version__",
    "build_index",
    "open_screener",
    "screen_message",
]

if TYPE_CHECKING:
    from interdict.errors import InterdictError
    from interdict.index import MatchIndex, build_index
    from interdict.model import Entity, EntityBuilder
    from interdict.payments import PaymentPolicy, screen_message
    from interdict.screening.policy import Policy
    from interdict.screening.query import Query
    from interdict.screening.result import Match, ScreeningResult
    from interdict.screening.screener import Screener
    from interdict.screening.service import IndexCache, open_screener
    from interdict.settings import Settings
    from interdict.storage.snapshots import SnapshotStore


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'interdict' has no attribute {name!r}")
    return getattr(import_module(module), name)
