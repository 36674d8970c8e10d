"""The match index artefact: compact, immutable, fast to load.

Per entity it keeps only what scoring needs, in columns (lists of strings, one
entry per entity, fast to unpickle; :meth:`MatchIndex.entity` assembles an
:class:`EntityRecord`): id, schema, list name, caption, analysed names with the IDF
of each part (packed in one string, decoded on demand), birth dates, country codes
and normalised identifiers (packed likewise). Candidate keys (:mod:`interdict.index.keys`) map to the entities that
carry them as ``array('I')`` bytes. A vocabulary of name parts, bucketed by first
and last three letters, serves typo-tolerant lookups.

``save``/``load`` use pickle of these plain structures (one file, protocol 5).
Only load index files you built yourself: pickle runs code from the file.
``load`` moves the loaded objects out of the cyclic garbage collector's reach
(``gc.freeze``): they live as long as the process, and full collections scanning
them would add milliseconds to random queries.
"""

from __future__ import annotations

import gc
import math
import pickle
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from interdict.errors import InterdictError
from interdict.names import AnalyzedName

#: Bumped when the artefact's layout or the name analysis it stores changes.
FORMAT_VERSION = 14

_NAME_SEP = "\x1e"
_FIELD_SEP = "\x1f"


class IndexFormatError(InterdictError):
    """An index file is not an interdict match index of the supported format."""


class ListedName(NamedTuple):
    """One analysed name of a listed entity with its list role (``NameKind`` value)
    and the IDF of each part in the index (``idf``, empty until the index is built)."""

    kind: str
    name: AnalyzedName
    idf: tuple[float, ...] = ()


class EntityRecord(NamedTuple):
    """What the index keeps of one entity. ``names`` is the packed form of its
    analysed names (decode with :meth:`MatchIndex.names`); ``birth_dates`` are
    ``(start, end, circa)`` ISO prefixes (``end`` empty unless a range);
    ``identifiers`` are normalised (:func:`interdict.index.keys.normalize_identifier`)."""

    id: str
    schema: str
    list_name: str
    caption: str
    names: str
    birth_dates: tuple[tuple[str, str, bool], ...]
    countries: tuple[str, ...]
    identifiers: tuple[str, ...]

    @property
    def source(self) -> str:
        return self.id.split(":", 1)[0]


def pack_names(names: list[ListedName]) -> str:
    """Pack analysed names into one string (the inverse of :func:`unpack_names`)."""
    return _NAME_SEP.join(
        _FIELD_SEP.join(
            (
                n.kind,
                "1" if n.name.abjad else "0",
                "".join(str(r) for r in n.name.roles),
                " ".join(n.name.tokens),
                n.name.text,
                " ".join(f"{w:.3g}" for w in n.idf),
            )
        )
        for n in names
    )


def pack_facts(
    dates: tuple[tuple[str, str, bool], ...],
    countries: tuple[str, ...],
    identifiers: tuple[str, ...],
) -> str:
    """Pack birth dates, countries and identifiers in one string."""
    if not (dates or countries or identifiers):
        return ""
    packed_dates = " ".join(f"{v}/{e}/{'c' if c else ''}" for v, e, c in dates)
    return _FIELD_SEP.join((packed_dates, " ".join(countries), " ".join(identifiers)))


@lru_cache(maxsize=8192)
def unpack_facts(
    packed: str,
) -> tuple[tuple[tuple[str, str, bool], ...], tuple[str, ...], tuple[str, ...]]:
    if not packed:
        return (), (), ()
    dates, countries, identifiers = packed.split(_FIELD_SEP)
    out_dates = []
    for item in dates.split():
        value, end, circa = item.split("/")
        out_dates.append((value, end, circa == "c"))
    return tuple(out_dates), tuple(countries.split()), tuple(identifiers.split())


#: Entities whose decoded names stay in memory (all of them for the official lists;
#: about 1 KB each).
NAMES_CACHE_SIZE = 65536


@lru_cache(maxsize=NAMES_CACHE_SIZE)
def unpack_names(packed: str) -> tuple[ListedName, ...]:
    if not packed:
        return ()
    out = []
    for entry in packed.split(_NAME_SEP):
        kind, abjad, roles, tokens, text, idf = entry.split(_FIELD_SEP)
        out.append(
            ListedName(
                kind,
                AnalyzedName(
                    text=text,
                    tokens=tuple(tokens.split()),
                    roles=tuple(int(r) for r in roles),
                    abjad=abjad == "1",
                ),
                tuple(float(w) for w in idf.split()),
            )
        )
    return tuple(out)


@dataclass(frozen=True, eq=False)
class MatchIndex:
    """The immutable candidate index over a set of listed entities.

    Build with :func:`interdict.index.build_index`; persist with :meth:`save` and
    :meth:`load`.
    """

    version: str
    lists: tuple[str, ...]
    columns: dict[str, list[str]]
    postings: dict[str, bytes]
    prefix_vocab: dict[str, str]
    suffix_vocab: dict[str, str]
    #: Per-index memo of typo neighbours (bounded; never persisted).
    typo_memo: dict[str, list[tuple[str, float]]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def __len__(self) -> int:
        return len(self.columns["id"])

    def __iter__(self) -> Iterator[EntityRecord]:
        return (self.entity(i) for i in range(len(self)))

    def entity(self, position: int) -> EntityRecord:
        """The record of the entity at ``position``."""
        c = self.columns
        dates, countries, identifiers = unpack_facts(c["facts"][position])
        return EntityRecord(
            id=c["id"][position],
            schema=c["schema"][position],
            list_name=c["list"][position],
            caption=c["caption"][position],
            names=c["names"][position],
            birth_dates=dates,
            countries=countries,
            identifiers=identifiers,
        )

    def names(self, position: int) -> tuple[ListedName, ...]:
        """The analysed names of the entity at ``position``."""
        return unpack_names(self.columns["names"][position])

    def posting(self, key: str) -> array[int]:
        """Positions of the entities filed under ``key`` (empty if none)."""
        data = self.postings.get(key)
        out = array("I")
        if data:
            out.frombytes(data)
        return out

    def frequency(self, key: str) -> int:
        """How many entities are filed under ``key``."""
        data = self.postings.get(key)
        return len(data) // 4 if data else 0

    def idf(self, key: str) -> float:
        """Inverse document frequency of a key, ``log((N + 1) / (df + 1)) + 1``: rare
        keys weigh more; an unknown key gets the maximum."""
        return math.log((len(self) + 1) / (self.frequency(key) + 1)) + 1.0

    def max_idf(self) -> float:
        """The IDF of a key no entity carries (the largest there is)."""
        return self._max_idf

    @cached_property
    def _max_idf(self) -> float:
        return math.log(len(self) + 1) + 1.0

    def vocabulary_near(self, token: str) -> set[str]:
        """Indexed name parts sharing the first or the last three letters of ``token``,
        or its first two and last two (``prefix_vocab`` under ``"ch|ng"``: a typo in
        the middle of a short part, ``chkng``/``cheng``)."""
        out: set[str] = set()
        if len(token) >= 4:
            for table, key in (
                (self.prefix_vocab, token[:3]),
                (self.suffix_vocab, token[-3:]),
                (self.prefix_vocab, token[:2] + "|" + token[-2:]),
            ):
                found = table.get(key)
                if found:
                    out.update(found.split(" "))
        return out

    def save(self, path: Path) -> None:
        """Write the index to ``path`` (pickle protocol 5)."""
        state: dict[str, Any] = {
            "format": FORMAT_VERSION,
            "version": self.version,
            "lists": self.lists,
            "columns": self.columns,
            "postings": self.postings,
            "prefix_vocab": self.prefix_vocab,
            "suffix_vocab": self.suffix_vocab,
        }
        tmp = path.with_name(path.name + ".tmp")
        with tmp.open("wb") as fh:
            pickle.dump(state, fh, protocol=5)
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> MatchIndex:
        """Read an index written by :meth:`save`."""
        enabled = gc.isenabled()
        gc.disable()  # millions of small objects: the collector would rescan them all
        try:
            with path.open("rb") as fh:
                state = pickle.load(fh)
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError) as exc:
            raise IndexFormatError(f"{path}: not a match index ({exc})") from exc
        finally:
            # The index lives as long as the process: keep the collector from
            # rescanning its objects on every full collection (latency spikes).
            gc.freeze()
            if enabled:
                gc.enable()
        if not isinstance(state, dict) or state.get("format") != FORMAT_VERSION:
            raise IndexFormatError(f"{path}: unsupported match index format")
        return cls(
            version=state["version"],
            lists=tuple(state["lists"]),
            columns=state["columns"],
            postings=state["postings"],
            prefix_vocab=state["prefix_vocab"],
            suffix_vocab=state["suffix_vocab"],
        )
