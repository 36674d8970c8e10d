"""Payment message screening: ISO 20022 and SWIFT MT parsers -> parties -> screening.

Public API:

* :func:`screen_message` (bytes of one file -> one :class:`MessageResult` per message),
  :func:`screen_file` (what the CLI calls per file; streams large ISO files) and
  :func:`exit_code`;
* :func:`parse_iso20022`, :func:`iter_iso20022` (every message of a file),
  :class:`Iso20022Reader` (streaming), :func:`parse_mt`,
  :func:`iter_mt`: the parsers, producing :class:`PaymentMessage` objects whose parties
  and texts carry the exact path they were read from;
* :class:`PaymentPolicy` and :class:`EmbargoRules`: what is screened and how strictly.

This package has no matching logic of its own: names and BICs go to any object with
``screen(query, *, policy=None) -> ScreeningResult`` (:class:`Screener`).
"""

from interdict.payments.embargo import EmbargoPlace, EmbargoRules, default_embargo
from interdict.payments.files import screen_file, screen_message
from interdict.payments.iso20022 import DocumentEnd, Iso20022Reader, iter_iso20022, parse_iso20022
from interdict.payments.model import (
    Limits,
    Located,
    Party,
    PartyKind,
    PaymentMessage,
    Section,
    Syntax,
)
from interdict.payments.mt import iter_mt, parse_mt
from interdict.payments.policy import PaymentPolicy
from interdict.payments.result import Decision, Hit, MessageResult, exit_code
from interdict.payments.screening import Screener, screen_parsed

__all__ = [
    "Decision",
    "DocumentEnd",
    "EmbargoPlace",
    "EmbargoRules",
    "Hit",
    "Iso20022Reader",
    "Limits",
    "Located",
    "MessageResult",
    "Party",
    "PartyKind",
    "PaymentMessage",
    "PaymentPolicy",
    "Screener",
    "Section",
    "Syntax",
    "default_embargo",
    "exit_code",
    "iter_iso20022",
    "iter_mt",
    "parse_iso20022",
    "parse_mt",
    "screen_file",
    "screen_message",
    "screen_parsed",
]
