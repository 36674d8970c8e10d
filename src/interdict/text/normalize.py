"""The normalisation pipeline used on both sides of every comparison.

Contract of :func:`normalize_text`, in this order:

1. Unicode NFKC (full-width and compatibility forms to their plain letters);
2. case folding;
3. look-alike folding inside mixed-script tokens (:mod:`confusables`);
4. transliteration to ASCII (:mod:`translit`; Han/Hangul syllable by syllable);
5. case folding again (transliterators may emit capitals);
6. apostrophes and transliterated ayin/hamza marks (``' ` ’ ʿ ʾ ?``) are deleted
   without splitting the word (``O'Brien → obrien``, ``?bd → bd``);
7. every other non-alphanumeric character becomes a space; runs of white space
   collapse to one space; the result is stripped.

The output is ASCII ``[a-z0-9 ]`` only, and the function is idempotent.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from interdict.text.confusables import fold_confusables
from interdict.text.translit import to_ascii

_DELETE = re.compile(r"['`’‘ʿʾʼ?]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=65536)
def normalize_text(text: str) -> str:
    """Normalise ``text`` for matching (see the module contract)."""
    if text.isascii():
        folded = text.lower()
    else:
        folded = unicodedata.normalize("NFKC", text).casefold()
        folded = fold_confusables(folded)
        folded = to_ascii(folded).lower()
    folded = _DELETE.sub("", folded)
    return _NON_ALNUM.sub(" ", folded).strip()


def tokenize(text: str) -> list[str]:
    """The normalised tokens of ``text``."""
    return normalize_text(text).split()
