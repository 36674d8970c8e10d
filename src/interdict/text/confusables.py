"""Look-alike (confusable) letter folding.

Contract: :func:`fold_confusables` takes case-folded text and, in every
white-space-separated token that mixes Latin letters with Cyrillic or Greek ones,
folds the look-alikes towards the token's majority script (data file
``data/confusables.txt``): ``sberbаnk`` with one Cyrillic ``а`` becomes ``sberbank``,
``аlександр`` with one Latin ``a`` becomes ``александр``. A token whose Cyrillic and
Greek letters all have a Latin look-alike is folded to Latin whatever the majority
(``ер-iвz`` is ``ep-ibz``, not a transliterated ``er-ivz``); so is a token written
wholly in such look-alikes inside a text that has Latin letters (``ВОСА Ltd``). Tokens written in one
script are left alone, so ``сбербанк`` stays Cyrillic for transliteration.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from interdict.text.scripts import char_script, text_scripts

_MIXABLE = frozenset({"Cyrillic", "Greek"})
#: Letters that a Latin look-alike may be folded back to (the common alphabets only).
_REVERSE_TARGETS = frozenset("авекмнорстухαβεικνορτυχω")


@cache
def confusable_table() -> dict[int, str]:
    """The look-alike → Latin map, read once from the data file."""
    table: dict[int, str] = {}
    text = resources.files("interdict.text").joinpath("data/confusables.txt").read_text("utf-8")
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        src, dst = line.split()
        table[ord(src)] = dst
    return table


@cache
def reverse_table(script: str) -> dict[int, str]:
    """Latin letter → its look-alike in ``script`` (first one listed wins)."""
    table: dict[int, str] = {}
    for src, dst in confusable_table().items():
        char = chr(src)
        if char in _REVERSE_TARGETS and dst.isalpha() and char_script(char) == script:
            table.setdefault(ord(dst), char)
    return table


def fold_confusables(text: str) -> str:
    """Fold look-alike letters inside mixed-script tokens (see module docstring)."""
    if text.isascii():
        return text
    out = []
    tokens = text.split(" ")
    latin_text = "Latin" in text_scripts(text)
    for token in tokens:
        if not token.isascii():
            scripts = text_scripts(token)
            if "Latin" in scripts and not scripts.isdisjoint(_MIXABLE):
                token = _fold_token(token)
            elif latin_text and scripts and scripts <= _MIXABLE and _all_lookalikes(token):
                token = token.translate(confusable_table())
        out.append(token)
    return " ".join(out)


def _all_lookalikes(token: str) -> bool:
    """Whether every Cyrillic/Greek letter of ``token`` has a Latin look-alike."""
    table = confusable_table()
    return all(ord(ch) in table for ch in token if char_script(ch) in _MIXABLE)


def _fold_token(token: str) -> str:
    counts: dict[str, int] = {}
    for ch in token:
        script = char_script(ch)
        if script is not None:
            counts[script] = counts.get(script, 0) + 1
    majority = max(counts, key=lambda s: (counts[s], s == "Latin"))
    if majority == "Latin" or _all_lookalikes(token):
        return token.translate(confusable_table())
    return token.translate(reverse_table(majority))
