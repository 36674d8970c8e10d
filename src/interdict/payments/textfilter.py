"""Which free-text windows are worth a screener call, decided with the index's key tables.

Contract: :meth:`TextPrefilter.select` returns, in text order, the candidate windows of
:mod:`interdict.payments.freetext` (same tokens, same rules) that could be a listed
name, at most ``max_windows`` of them, looking at no more than ``scan_limit``
candidates. It never calls the screener and never scores: it only asks the match
index which entities are filed under which keys (:mod:`interdict.index.keys`), so it
knows every list the index holds and nothing else (no names are written here).

Each distinct word of the text is looked up once (memoised per index, bounded):

* **neutral** words neither count nor block: stop words (``data/freetext_words.json``),
  legal forms (also dotted: ``S.A.``) and name particles (the name analyser's
  reference data);
* the **evidence** of a name word is the set of entities filed under its canonical
  spelling (``t:``), under its join with the word before or after it (split or
  joined spellings, ``ARMAM ENT``), under the indexed name parts within a small edit
  distance (misspellings: ``Shahid`` / ``Shahed``), and under its consonant skeletons
  (``k:``) when it is written in an abjad script; a word with no evidence cannot be
  part of a listed name;
* a name word is **rare** when its canonical spelling is filed under at most
  :data:`RARE_CAP` entities (a word the index does not know: when one of its typo
  neighbours or skeletons is).

A window with two name parts or more is selected when every name word has evidence,
some entity carries them all (the intersection of their evidence; a word filed under
more than :data:`SET_CAP` entities does not narrow it), and at least one word is rare
or the words together are a listed name (whole-name key ``n:``, in any of their indexed
spellings). A window of one token, or with one name part, is selected only when it is
a listed name on its own (``n:``); a lone one-part word (or two tokens that join into
a one-word listed name, a word cut by a line break) must also be written without
lower-case letters (``HAMAS``, ``DOVE``, Arabic script): in mixed-case prose a single
word is an ordinary word far more often than the one-word name of a listed vessel or
group.

A dropped window is one that cannot reach the free-text threshold: some word of it is
in no listed name, no entity carries all its words, it holds only common words that are
not a listed name together, or it is a lone ordinary word. (This is a recall filter
with the screener's own key tables; the screener still decides every selected window.)
Selections are memoised per text (:data:`TEXT_MEMO_SIZE`).
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass
from itertools import islice, pairwise, product

from rapidfuzz import process
from rapidfuzz.distance import OSA

from interdict.index.candidates import TYPO_CUTOFF
from interdict.index.keys import token_keys
from interdict.index.model import MatchIndex
from interdict.names import canonical
from interdict.names.reference import legal_forms, particles
from interdict.payments.embargo import strip_accents
from interdict.payments.freetext import (
    TextToken,
    Window,
    make_window,
    text_tokens,
    window_spans,
    word_lists,
)
from interdict.text import has_abjad, normalize_text

#: A name word filed under at most this many entities is rare enough to anchor a window.
RARE_CAP = 400
#: Evidence sets larger than this are not built: such a word does not narrow a window.
SET_CAP = 5000
#: Distinct words remembered per index before the memo is cleared ...
MEMO_SIZE = 50_000
#: ... or entity positions held in their evidence sets (about 60 MB).
MEMO_ENTITIES = 1_000_000
#: Texts whose selection is remembered per index before the memo is cleared, and the
#: longest text remembered (long texts seldom repeat).
TEXT_MEMO_SIZE = 4096
TEXT_MEMO_LENGTH = 1000
#: Spelling combinations tried for a window's whole-name key, at most.
MAX_WHOLE_KEYS = 16


@dataclass(frozen=True, slots=True)
class WordInfo:
    """What the index knows of one written word (see the module docstring).

    ``evidence``: entity positions, ``None`` when the word is neutral, unknown or
    too common to narrow (see ``known``); ``spellings``: per name part of the word,
    the indexed spellings worth trying in whole-name keys (its own, its typo
    neighbours); ``parts``: the normalised parts of the word."""

    neutral: bool
    known: bool
    rare: bool
    evidence: frozenset[int] | None
    spellings: tuple[tuple[str, ...], ...]
    parts: tuple[str, ...]


_NEUTRAL = WordInfo(True, False, False, None, (), ())


@dataclass(slots=True)
class _Run:
    """The running state of the windows starting at one token: name parts seen,
    whether some word has no evidence (or no entity carries them all), whether one is
    rare, and the entities carrying every word so far (``None``: not narrowed yet)."""

    first: int
    last: int = -1
    names: int = 0
    blocked: bool = False
    rare: bool = False
    evidence: frozenset[int] | None = None


class TextPrefilter:
    """Selects free-text windows with one index's key tables; thread-safe."""

    def __init__(self, index: MatchIndex) -> None:
        self.index = index
        self._memo: dict[tuple[str, bool], WordInfo] = {}
        self._memo_entities = 0
        self._texts: dict[tuple[str, int, int, int], tuple[Window, ...]] = {}
        self._lock = threading.Lock()
        self._neutral_parts = legal_forms() | particles()

    def stats(self) -> dict[str, int]:
        """What the memos hold: ``{"words", "entities", "texts"}``."""
        return {
            "words": len(self._memo),
            "entities": self._memo_entities,
            "texts": len(self._texts),
        }

    # -- words -------------------------------------------------------------------------
    def word(self, folded: str, *, abjad: bool = False) -> WordInfo:
        """What the index knows of a case-folded word (memoised)."""
        key = (folded, abjad)
        info = self._memo.get(key)
        if info is None:
            info = self._word(folded, abjad)
            with self._lock:
                if len(self._memo) >= MEMO_SIZE or self._memo_entities >= MEMO_ENTITIES:
                    self._memo.clear()
                    self._memo_entities = 0
                self._memo[key] = info
                self._memo_entities += len(info.evidence or ())
        return info

    def _word(self, folded: str, abjad: bool) -> WordInfo:
        stop_words, _ = word_lists()
        if folded in stop_words:
            return _NEUTRAL
        parts = tuple(normalize_text(strip_accents(folded)).split())
        names = [p for p in parts if p not in self._neutral_parts and p not in stop_words]
        if not names or "".join(parts) in self._neutral_parts:  # S.A., S.A.R.L.
            return WordInfo(True, False, False, None, (), parts)
        evidence: frozenset[int] | None = None
        rare = False
        spellings: list[tuple[str, ...]] = []
        for part in names:
            keys, part_rare = self._part_keys(part, abjad)
            if not keys:
                return WordInfo(False, False, False, None, (), parts)
            spellings.append(tuple(k[2:] for k in keys if k.startswith("t:")))
            rare = rare or part_rare
            found = self._entities(keys)
            if found is not None:
                evidence = found if evidence is None else evidence & found
        if len(names) > 1 and evidence is not None:
            joined, joined_rare = self._part_keys("".join(names), abjad)
            rare = rare or joined_rare
            found = self._entities(joined) if joined else None
            if found is not None:
                evidence = evidence | found
        return WordInfo(False, True, rare, evidence, tuple(spellings), parts)

    def _entities(self, keys: list[str]) -> frozenset[int] | None:
        """The entities filed under any of ``keys``; ``None`` when more than
        :data:`SET_CAP` postings (too common to narrow anything)."""
        index = self.index
        if sum(index.frequency(k) for k in keys) > SET_CAP:
            return None
        found: set[int] = set()
        for k in keys:
            found.update(index.posting(k))
        return frozenset(found)

    def _part_keys(self, part: str, abjad: bool) -> tuple[list[str], bool]:
        """The keys of one normalised part that the index files entities under, and
        whether the part is rare: by its own spelling when indexed, else by its best
        typo neighbour or skeleton."""
        index = self.index
        keys: list[str] = []
        pairs = token_keys(part, abjad=abjad)
        exact = pairs[0][1]
        own = index.frequency(exact)
        if own:
            keys.append(exact)
        if part.isalpha():
            near = index.vocabulary_near(part)
            if near:
                found = process.extract(
                    part,
                    near,
                    scorer=OSA.normalized_similarity,
                    score_cutoff=TYPO_CUTOFF,
                    limit=None,
                )
                keys.extend(k for k in ("t:" + n for n, _, _ in found) if k != exact)
        if abjad:
            keys.extend(k for kind, k in pairs if kind == "k" and index.frequency(k))
        if own:
            return keys, own <= RARE_CAP
        return keys, any(index.frequency(k) <= RARE_CAP for k in keys)

    def _join(self, a: WordInfo, b: WordInfo) -> tuple[frozenset[int], bool] | None:
        """Entities filed under the join of two adjacent name words, and whether rare."""
        if not (a.parts and b.parts):
            return None
        key = "t:" + "".join(a.parts) + "".join(b.parts)
        size = self.index.frequency(key)
        if not size or size > SET_CAP:
            return None
        return frozenset(self.index.posting(key)), size <= RARE_CAP

    # -- windows -------------------------------------------------------------------------
    def select(
        self,
        text: str,
        *,
        max_tokens: int = 6,
        max_windows: int = 200,
        scan_limit: int = 2000,
    ) -> list[Window]:
        """The windows of ``text`` worth screening (see the module docstring)."""
        if len(text) > TEXT_MEMO_LENGTH:
            return list(self._select(text, max_tokens, max_windows, scan_limit))
        key = (text, max_tokens, max_windows, scan_limit)
        found = self._texts.get(key)
        if found is None:
            found = self._select(text, max_tokens, max_windows, scan_limit)
            with self._lock:
                if len(self._texts) >= TEXT_MEMO_SIZE:
                    self._texts.clear()
                self._texts[key] = found
        return list(found)

    def _select(
        self, text: str, max_tokens: int, max_windows: int, scan_limit: int
    ) -> tuple[Window, ...]:
        tokens = text_tokens(text)
        if not tokens:
            return ()
        words = [
            self.word(t.folded, abjad=has_abjad(t.text)) if t.usable else _NEUTRAL for t in tokens
        ]
        joins = self._joins(words)
        run = _Run(-1)

        def stop(first: int, last: int) -> bool:
            nonlocal run
            if run.first != first:
                run = _Run(first, first - 1)
            self._extend(run, last, words, joins)
            return run.blocked

        out: list[Window] = []
        for i, j in islice(window_spans(tokens, max_tokens=max_tokens, stop=stop), scan_limit):
            if not run.names:
                continue
            if i == j or run.names == 1:
                selected = self._single(tokens, words, i, j)
            elif j == i + 1 and self._split_listed_word(words, i):
                # One listed word cut by a line break (``ju stice``): judged as one word.
                selected = not any(ch.islower() for t in tokens[i : j + 1] for ch in t.text)
            else:
                selected = run.rare or self._whole_name(words, i, j)
            if selected:
                out.append(make_window(tokens, i, j))
                if len(out) >= max_windows:
                    break
        return tuple(out)

    def _joins(self, words: list[WordInfo]) -> list[tuple[frozenset[int], bool] | None]:
        """Per position, the join of the name word there with the next one."""
        out: list[tuple[frozenset[int], bool] | None] = []
        for a, b in pairwise(words):
            out.append(self._join(a, b) if not (a.neutral or b.neutral) else None)
        out.append(None)
        return out

    @staticmethod
    def _extend(
        run: _Run,
        last: int,
        words: list[WordInfo],
        joins: list[tuple[frozenset[int], bool] | None],
    ) -> None:
        """Extend ``run`` to end at token ``last``, narrowing its evidence."""
        for k in range(run.last + 1, last + 1):
            word = words[k]
            run.last = k
            if run.blocked or word.neutral:
                continue
            run.names += max(1, len(word.spellings))
            before = joins[k - 1] if k > run.first else None
            after = joins[k]  # may reach past ``last``: a superset, never a loss
            evidence = word.evidence
            if not word.known and before is None and after is None:
                run.blocked = True
                continue
            run.rare = run.rare or word.rare
            for join in (before, after):
                if join is not None:
                    run.rare = run.rare or join[1]
                    evidence = join[0] if evidence is None else evidence | join[0]
            if evidence is None:
                continue
            run.evidence = evidence if run.evidence is None else run.evidence & evidence
            if not run.evidence:
                run.blocked = True

    def _single(self, tokens: list[TextToken], words: list[WordInfo], i: int, j: int) -> bool:
        """A window of one token or one name part: a listed name on its own; a single
        name part alone must be written without lower-case letters."""
        if i == j and len(words[i].spellings) <= 1 and any(ch.islower() for ch in tokens[i].text):
            return False
        return self._whole_name(words, i, j)

    def _split_listed_word(self, words: list[WordInfo], i: int) -> bool:
        """Whether tokens ``i`` and ``i + 1`` joined are a one-word listed name."""
        joined = "".join(words[i].parts) + "".join(words[i + 1].parts)
        return "n:" + canonical(joined) in self.index.postings

    def _whole_name(self, words: list[WordInfo], i: int, j: int) -> bool:
        """Whether the window's name words, in some spelling, are a listed name (``n:``)."""
        extra = {canonical(p) for w in words[i : j + 1] for p in w.parts} & particles()
        choices = [alts for w in words[i : j + 1] if not w.neutral for alts in w.spellings]
        if not choices or not all(choices):
            return False
        postings = self.index.postings
        for combo in islice(product(*choices), MAX_WHOLE_KEYS):
            parts = set(combo)
            if "n:" + " ".join(sorted(parts)) in postings:
                return True
            if extra and "n:" + " ".join(sorted(parts | extra)) in postings:
                return True
        return False


_PREFILTERS: weakref.WeakKeyDictionary[MatchIndex, TextPrefilter] = weakref.WeakKeyDictionary()
_PREFILTERS_LOCK = threading.Lock()


def prefilter_for(index: MatchIndex) -> TextPrefilter:
    """The prefilter of ``index``, shared by every caller while the index is alive (its
    word memo is what makes repeated vocabulary cheap)."""
    with _PREFILTERS_LOCK:
        found = _PREFILTERS.get(index)
        if found is None:
            found = TextPrefilter(index)
            _PREFILTERS[index] = found
        return found
