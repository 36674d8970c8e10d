"""Candidate names inside running text (remittance information, instructions, MT 70/72).

Contract: :func:`candidate_windows` returns the word windows of 1 to ``max_tokens``
tokens worth screening, in text order, without duplicates (case-insensitive), at most
``max_windows``. Tokens are runs of letters/digits, keeping inner ``'``, ``-`` and
``.`` (``AL-QAIDA``, ``O'BRIEN``); MT codewords (``/ROC/``, ``/INS/``) split like any
punctuation. A window is dropped when

* any token holds a digit (references, amounts, dates, accounts are never names);
* it starts or ends with a stop word (``of``, ``for``, ``the``, ``de``, ``please`` ...;
  the lists are data, ``data/freetext_words.json``), though stop words may sit inside
  (``BANK OF MOSCOW``);
* it has fewer than 4 letters, or is a single common payment word (``PAYMENT``,
  ``INVOICE``) or a single token shorter than 4 letters.

This keeps the number of screener calls bounded and avoids flooding analysts with
matches on filler words; the screener's score with a higher free-text threshold does the
rest.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

_TOKEN = re.compile(r"[^\W_]+(?:['\-.][^\W_]+)*")


@lru_cache(maxsize=1)
def word_lists() -> tuple[frozenset[str], frozenset[str]]:
    """``(stop words, payment words)`` from ``data/freetext_words.json``."""
    raw = json.loads(
        resources.files("interdict.payments")
        .joinpath("data/freetext_words.json")
        .read_text("utf-8")
    )
    return frozenset(raw["stop_words"]), frozenset(raw["payment_words"])


@dataclass(frozen=True, slots=True)
class Window:
    """A candidate: its text as written (tokens joined by single spaces) and the
    character span it covers in the source text."""

    text: str
    start: int
    end: int


def candidate_windows(text: str, *, max_tokens: int = 6, max_windows: int = 200) -> list[Window]:
    """Candidate word windows of ``text`` (see the module docstring)."""
    stop_words, payment_words = word_lists()
    tokens = [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    usable = [not any(ch.isdigit() for ch in tok) for tok, _, _ in tokens]
    lowered = [tok.casefold() for tok, _, _ in tokens]
    letters = [
        sum(ch.isalpha() for ch in tok) if ok else 0
        for (tok, _, _), ok in zip(tokens, usable, strict=True)
    ]
    out: list[Window] = []
    seen: set[str] = set()
    for i in range(len(tokens)):
        if not usable[i] or lowered[i] in stop_words:
            continue
        count = 0
        for j in range(i, min(i + max_tokens, len(tokens))):
            if not usable[j]:
                break
            count += letters[j]
            if lowered[j] in stop_words or count < 4:
                continue
            if j == i and (lowered[i] in payment_words or len(tokens[i][0]) < 4):
                continue
            key = " ".join(lowered[i : j + 1])
            if key in seen:
                continue
            seen.add(key)
            out.append(
                Window(" ".join(t[0] for t in tokens[i : j + 1]), tokens[i][1], tokens[j][2])
            )
            if len(out) >= max_windows:
                return out
    return out
