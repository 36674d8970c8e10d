"""The contract every list parser follows.

A parser (a :class:`ListFormat`) is pure: it receives the bytes of the files of one
edition of one list, keyed by file name, and returns a :class:`ParseResult`. It does
no I/O of its own, so the same parser serves downloads, local directories and tests.

A parser must:

* raise :class:`interdict.errors.ListFormatError` naming the file, record and field
  for a malformed, truncated or empty file (never return a partial result silently);
* count every source field (element, attribute, column, remarks fragment) it did not
  map into the model in ``report.unconsumed`` so nothing is dropped unnoticed;
* count rows that reference unknown records (an alias for a missing entry) in
  ``report.orphans`` and skip them rather than fail.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from interdict.errors import ListFormatError
from interdict.model import Entity

MAX_EXAMPLES = 20


@dataclass
class ParseReport:
    """What a parser saw but did not turn into entity values."""

    unconsumed: Counter[str] = field(default_factory=Counter)
    orphans: Counter[str] = field(default_factory=Counter)
    orphan_examples: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    warning_count: int = 0

    def skip_field(self, file: str, name: str) -> None:
        """Record that ``file``'s field ``name`` was present but not consumed."""
        self.unconsumed[f"{file}:{name}"] += 1

    def orphan(self, file: str, example: str) -> None:
        """Record a row of ``file`` that references an unknown record."""
        self.orphans[file] += 1
        if len(self.orphan_examples) < MAX_EXAMPLES:
            self.orphan_examples.append(f"{file}: {example}")

    def warn(self, message: str) -> None:
        """Record a recoverable oddity (an unparsable date kept as text, ...)."""
        self.warning_count += 1
        if len(self.warnings) < MAX_EXAMPLES:
            self.warnings.append(message)

    def to_dict(self) -> dict[str, object]:
        return {
            "unconsumed": dict(sorted(self.unconsumed.items())),
            "orphans": dict(self.orphans),
            "orphan_examples": list(self.orphan_examples),
            "warnings": list(self.warnings),
            "warning_count": self.warning_count,
        }


@dataclass
class ParseResult:
    """Entities of one list edition plus what the file says about itself."""

    entities: list[Entity]
    edition: str
    published: str | None = None
    report: ParseReport = field(default_factory=ParseReport)


class ListFormat(ABC):
    """One edition format of one kind of list (``sdn.csv`` set, UN XML, ...)."""

    #: Stable identifier of the edition format, e.g. ``"ofac_csv"``.
    name: str = ""
    #: Higher is richer; when a directory holds several editions the richest wins.
    richness: int = 0

    @abstractmethod
    def select(self, available: Collection[str]) -> tuple[str, ...] | None:
        """The file names among ``available`` that make up this edition, or ``None``.

        ``available`` holds the plain file names of one list directory. Required
        files must all be present; optional companions are included when present.
        """

    @abstractmethod
    def parse(self, files: Mapping[str, bytes], *, list_name: str) -> ParseResult:
        """Parse the edition's files (as selected by :meth:`select`) into entities."""


class SingleFileFormat(ListFormat):
    """A format whose edition is one file of a given name (``ftm/x.json``, ``custom/y.csv``)."""

    def __init__(self, file_name: str) -> None:
        self.file_name = file_name

    def select(self, available: Collection[str]) -> tuple[str, ...] | None:
        for name in available:
            if name.casefold() == self.file_name.casefold():
                return (name,)
        return None

    def file_data(self, files: Mapping[str, bytes]) -> bytes:
        """The bytes of this format's file among ``files`` (or of the only file given)."""
        for name, content in files.items():
            if name.rsplit("/", 1)[-1].casefold() == self.file_name.casefold():
                return content
        if len(files) == 1:
            return next(iter(files.values()))
        raise ListFormatError("file not given", file=self.file_name)
