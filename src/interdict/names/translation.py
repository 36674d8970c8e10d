"""Organisation vocabulary translated: the English reading of an organisation name
written in Arabic, Persian, Russian or Chinese.

Lists print such names in English translation as often as in transliteration: the
UK lists ``巨航航空科技（深圳）有限公司`` as ``JUHANG AVIATION TECHNOLOGY (SHENZHEN) CO.,
LIMITED`` and ``شرکت بهارستان کیش`` as ``BAHARESTAN KISH COMPANY``. Transliteration alone
reads ``hang kong ke ji`` and ``shrkt``: parts the Latin name lacks, which cost the
match. :func:`translate_org_words` rewrites the generic words of such names (company,
aviation, technology, trading, shipping, ...; ``data/org_words.txt``) into English and
leaves the rest (the distinctive name, transliterated later) alone. Callers analyse the
translated text as a further reading of the name, next to the untranslated one, since
lists also transliterate the generic words (``Jama'a Nusrat ul-Islam``).
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from interdict.text.scripts import char_script

#: Arabic-script letter variants folded before lookup; diacritics and tatweel dropped.
_ARABIC_FOLD = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ی": "ي", "ک": "ك", "ة": "ه",
     "ۀ": "ه", "ؤ": "و", "ئ": "ي", "ـ": None, "\u200c": None}
)  # fmt: skip
_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670]")
#: Prefixes written glued to an Arabic-script word: and, the, for the, with the.
_ARABIC_PREFIXES = ("وال", "بال", "فال", "لل", "ال", "و", "ب", "ل")
#: The Persian ezafe written after a word ending in a long vowel (``ی``, folded).
_EZAFE = "ي"
#: Characters stripped from the edges of a word before lookup.
_EDGE_PUNCTUATION = "«»\"'“”„()[]{}.,;:!?-–—"


class OrgVocabulary:
    """The table of ``data/org_words.txt``: whole words, word stems (``*``) and Han words."""

    def __init__(self, lines: list[str]) -> None:
        self.words: dict[str, str] = {}
        self.stems: list[tuple[str, str]] = []
        han: list[tuple[str, str]] = []
        for line in lines:
            word, english = line.split(" ", 1)
            if all(char_script(ch) == "Han" for ch in word):
                han.append((word, english))
            elif word.endswith("*"):
                self.stems.append((_fold(word[:-1]), english))
            else:
                self.words[_fold(word)] = english
        self.stems.sort(key=lambda item: -len(item[0]))
        # Longest first, so that a longer word wins over the words inside it.
        self.han = sorted(han, key=lambda item: -len(item[0]))
        self.han_pattern = (
            re.compile("|".join(re.escape(w) for w, _ in self.han)) if self.han else None
        )
        self.han_english = dict(self.han)

    def han_replacement(self, found: re.Match[str]) -> str:
        """The English of a Han word found by :attr:`han_pattern`, set apart by spaces."""
        return f" {self.han_english[found.group(0)]} "

    def word(self, chunk: str) -> str | None:
        """The English of one whitespace-separated word, if it is in the table."""
        bare = _fold(chunk.strip(_EDGE_PUNCTUATION))
        if not bare:
            return None
        found = self.words.get(bare)
        if found is not None:
            return found
        for prefix in _ARABIC_PREFIXES:
            if bare.startswith(prefix) and len(bare) - len(prefix) >= 3:
                found = self.words.get(bare[len(prefix) :])
                if found is not None:
                    return found
        if bare.endswith(_EZAFE) and len(bare) > 3:
            # Persian ezafe: ``هوافضای سپاه`` is ``هوافضا`` + ``-ye``.
            found = self.words.get(bare[: -len(_EZAFE)])
            if found is not None:
                return found
        for stem, english in self.stems:
            if bare.startswith(stem):
                return english
        return None


def _fold(word: str) -> str:
    return _ARABIC_MARKS.sub("", word.lower().replace("ё", "е").translate(_ARABIC_FOLD))


@cache
def org_vocabulary() -> OrgVocabulary:
    text = resources.files("interdict.names").joinpath("data/org_words.txt").read_text("utf-8")
    lines = [
        " ".join(line.split())
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    return OrgVocabulary(lines)


def translate_org_words(text: str) -> str | None:
    """``text`` with its organisation vocabulary in English, or ``None`` when it has
    none (Latin-script text is never touched)."""
    if text.isascii():
        return None
    vocabulary = org_vocabulary()
    changed = False
    out: list[str] = []
    for chunk in text.split():
        if vocabulary.han_pattern is not None and vocabulary.han_pattern.search(chunk):
            chunk = vocabulary.han_pattern.sub(vocabulary.han_replacement, chunk)
            changed = True
            out.append(chunk)
            continue
        english = vocabulary.word(chunk) if not chunk.isascii() else None
        if english is None and "-" in chunk.strip("-"):
            # Each part of a hyphenated word (``БЕЛИНВЕСТ-инжиниринг``).
            parts = chunk.split("-")
            found = [vocabulary.word(p) if p and not p.isascii() else None for p in parts]
            if any(found):
                english = " ".join(e or p for p, e in zip(parts, found, strict=True))
        if english is None:
            out.append(chunk)
        else:
            out.append(english)
            changed = True
    return " ".join(" ".join(out).split()) if changed else None
