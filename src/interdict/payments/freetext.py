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
rest. :func:`text_tokens` and :func:`window_spans` expose the same tokens and windows as
positions, for :mod:`interdict.payments.textfilter`, which keeps only the windows the
match index says could be a listed name.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import islice
from typing import NamedTuple

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


class TextToken(NamedTuple):
    """One token of a free text: as written, its span, and whether it may be part of
    a window (``usable``: no digit), its case-folded form and its letter count."""

    text: str
    start: int
    end: int
    usable: bool
    folded: str
    letters: int


def text_tokens(text: str) -> list[TextToken]:
    """The tokens of ``text`` (see the module docstring)."""
    out = []
    for m in _TOKEN.finditer(text):
        tok = m.group(0)
        usable = not any(ch.isdigit() for ch in tok)
        letters = sum(ch.isalpha() for ch in tok) if usable else 0
        out.append(TextToken(tok, m.start(), m.end(), usable, tok.casefold(), letters))
    return out


def window_spans(
    tokens: list[TextToken],
    *,
    max_tokens: int = 6,
    stop: Callable[[int, int], bool] | None = None,
) -> Iterator[tuple[int, int]]:
    """``(first, last)`` token positions (inclusive) of the candidate windows, in text
    order (by first token, then length), without case-insensitive duplicates.

    ``stop(first, last)``, when given, is asked for every usable span from a window's
    first token on, in order of length; ``True`` ends the windows starting there (the
    caller knows that no longer one can be worth screening either)."""
    stop_words, payment_words = word_lists()
    seen: set[str] = set()
    for i, first in enumerate(tokens):
        if not first.usable or first.folded in stop_words:
            continue
        count = 0
        for j in range(i, min(i + max_tokens, len(tokens))):
            last = tokens[j]
            if not last.usable or (stop is not None and stop(i, j)):
                break
            count += last.letters
            if last.folded in stop_words or count < 4:
                continue
            if j == i and (first.folded in payment_words or len(first.text) < 4):
                continue
            key = " ".join(t.folded for t in tokens[i : j + 1])
            if key in seen:
                continue
            seen.add(key)
            yield i, j


def make_window(tokens: list[TextToken], first: int, last: int) -> Window:
    """The :class:`Window` covering tokens ``first`` to ``last`` (inclusive)."""
    return Window(
        " ".join(t.text for t in tokens[first : last + 1]), tokens[first].start, tokens[last].end
    )


def candidate_windows(text: str, *, max_tokens: int = 6, max_windows: int = 200) -> list[Window]:
    """Candidate word windows of ``text`` (see the module docstring)."""
    tokens = text_tokens(text)
    spans = window_spans(tokens, max_tokens=max_tokens)
    return [make_window(tokens, i, j) for i, j in islice(spans, max_windows)]
