"""The payment screening policy: thresholds per field kind, embargo rules, allow-listed
BICs and free-text limits, frozen and recorded with every result.

Thresholds apply to the screener's scores: ``party_threshold`` to customer names
(debtor, creditor, ultimate parties, MT 50a/59a), ``agent_threshold`` to financial
institutions (names and BICs), ``text_threshold`` to candidate names found in free
text, which is higher because running text yields many near-misses. An agent known
only by its BIC carries no name evidence: it is queried by the BIC as name and
identifier, and hits when the screener reports the BIC as a listed identifier (an
``identifier`` feature with a positive effect) with a score of at least
``bic_threshold``.
``allowed_bics`` (8 or 11 characters) are institutions the firm has cleared (its own
BICs, vetted correspondents): they are neither name/BIC-screened nor embargo-checked
by BIC country (their address countries still are).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from interdict.payments.embargo import EmbargoRules, default_embargo
from interdict.screening.policy import DEFAULT_THRESHOLD, MAX_LIMIT, Policy

DEFAULT_TEXT_THRESHOLD = 0.85
DEFAULT_BIC_THRESHOLD = 0.2


@dataclass(frozen=True, slots=True)
class PaymentPolicy:
    """See the module docstring. ``limit``: matches kept per screened value;
    ``lists``/``exclude_entity_ids`` as in :class:`~interdict.screening.policy.Policy`;
    ``max_text_windows``: candidate windows per free-text value; ``max_window_tokens``:
    longest window in words; ``windows_per_query``: windows screened together in one
    query (1 = one query per window; packing saves screener time, the screener reports
    which window matched); ``scan_text_for_places``: also look for embargoed
    places in free text; ``text_prefilter``: screen only the windows the screener's
    index says could be a listed name (:mod:`interdict.payments.textfilter`; applies
    when the screener exposes its index)."""

    party_threshold: float = DEFAULT_THRESHOLD
    agent_threshold: float = DEFAULT_THRESHOLD
    text_threshold: float = DEFAULT_TEXT_THRESHOLD
    bic_threshold: float = DEFAULT_BIC_THRESHOLD
    limit: int = 5
    lists: frozenset[str] | None = None
    exclude_entity_ids: frozenset[str] = frozenset()
    embargo: EmbargoRules = field(default_factory=default_embargo)
    allowed_bics: frozenset[str] = frozenset()
    max_text_windows: int = 200
    max_window_tokens: int = 6
    windows_per_query: int = 4
    scan_text_for_places: bool = True
    text_prefilter: bool = True

    def __post_init__(self) -> None:
        for name in ("party_threshold", "agent_threshold", "text_threshold", "bic_threshold"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be within [0, 1], not {value}")
        if not 1 <= self.limit <= MAX_LIMIT:
            raise ValueError(f"limit must be within [1, {MAX_LIMIT}], not {self.limit}")
        for name in ("max_text_windows", "max_window_tokens", "windows_per_query"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")
        object.__setattr__(
            self, "allowed_bics", frozenset(b.strip().upper() for b in self.allowed_bics)
        )

    def with_threshold(self, threshold: float) -> PaymentPolicy:
        """The CLI ``--threshold``: party and agent thresholds set to ``threshold``,
        the free-text threshold raised to it if lower."""
        return replace(
            self,
            party_threshold=threshold,
            agent_threshold=threshold,
            text_threshold=max(threshold, self.text_threshold),
        )

    def bic_allowed(self, bic: str) -> bool:
        code = bic.strip().upper()
        return bool(self.allowed_bics) and (
            code in self.allowed_bics
            or code[:8] in self.allowed_bics
            or (len(code) == 8 and code + "XXX" in self.allowed_bics)
        )

    def screening_policy(self, threshold: float) -> Policy:
        """The :class:`Policy` handed to the screener for one field kind."""
        return Policy(
            threshold=threshold,
            limit=self.limit,
            lists=self.lists,
            exclude_entity_ids=self.exclude_entity_ids,
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "party_threshold": self.party_threshold,
            "agent_threshold": self.agent_threshold,
            "text_threshold": self.text_threshold,
            "bic_threshold": self.bic_threshold,
            "limit": self.limit,
            "lists": sorted(self.lists) if self.lists is not None else None,
            "exclude_entity_ids": sorted(self.exclude_entity_ids),
            "embargo": self.embargo.to_dict(),
            "allowed_bics": sorted(self.allowed_bics),
            "max_text_windows": self.max_text_windows,
            "max_window_tokens": self.max_window_tokens,
            "windows_per_query": self.windows_per_query,
            "scan_text_for_places": self.scan_text_for_places,
            "text_prefilter": self.text_prefilter,
        }
