"""What payment screening returns: a decision per message, with its hits and errors.

Contract: :class:`MessageResult.to_dict` is the JSON form used by the CLI (``--json``)
and the HTTP API: ``{"message_id", "type", "decision", "hits": [{"field", "path",
"value", "entity_id", "score", "explanation"}], "errors": [...]}``. Embargo hits have
``entity_id`` ``None`` and an explanation naming the rule (``embargo_country`` or
``embargo_region``). :func:`exit_code` is the CLI status: 2 if any message is in error,
else 1 if any hit, else 0.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Decision(StrEnum):
    HIT = "hit"
    CLEAR = "clear"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Hit:
    """One reason to stop a message: ``field`` is the MT tag (``59F``) or ISO role /
    text element (``Cdtr``, ``RmtInf/Ustrd``); ``path`` locates the value; ``value`` is
    the text found; ``entity_id`` is ``None`` for embargo hits."""

    field: str
    path: str
    value: str
    entity_id: str | None
    score: float
    explanation: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "path": self.path,
            "value": self.value,
            "entity_id": self.entity_id,
            "score": round(self.score, 4),
            "explanation": self.explanation,
        }


@dataclass(frozen=True, slots=True)
class MessageResult:
    """The decision on one message; ``index`` is its 1-based position in the file."""

    message_id: str | None
    type: str | None
    decision: Decision
    hits: tuple[Hit, ...] = ()
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    file: str | None = None
    index: int = 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "message_id": self.message_id,
            "type": self.type,
            "decision": self.decision.value,
            "hits": [h.to_dict() for h in self.hits],
            "errors": list(self.errors),
            "file": self.file,
            "index": self.index,
        }

    def to_text(self) -> str:
        """Human-readable lines for the CLI: a header line, then one line per hit and
        per error."""
        where = f"{self.file or '-'}#{self.index}"
        lines = [f"{where} {self.message_id or '-'} {self.type or '-'}: {self.decision.value}"]
        for hit in self.hits:
            who = hit.entity_id or hit.explanation.get("rule", "")
            summary = hit.explanation.get("summary", "")
            lines.append(
                f"  {hit.field} {hit.path} {hit.value!r} -> {who} ({hit.score:.2f}) {summary}"
            )
        lines.extend(f"  error: {error}" for error in self.errors)
        return "\n".join(lines)


def decision_of(hits: Iterable[Hit], errors: Iterable[str]) -> Decision:
    """``error`` when there are errors, else ``hit`` when there are hits, else ``clear``."""
    if any(True for _ in errors):
        return Decision.ERROR
    return Decision.HIT if any(True for _ in hits) else Decision.CLEAR


def exit_code(results: Iterable[MessageResult]) -> int:
    """The CLI exit status: 2 if any message is in error, else 1 if any hit, else 0."""
    decisions = {r.decision for r in results}
    if Decision.ERROR in decisions:
        return 2
    return 1 if Decision.HIT in decisions else 0
