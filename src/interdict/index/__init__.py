"""Candidate generation: the compact, immutable match index (recall, not precision)."""

from interdict.index.build import build_index, name_kind_for
from interdict.index.candidates import CandidateOptions, find_candidates
from interdict.index.model import EntityRecord, IndexFormatError, ListedName, MatchIndex

__all__ = [
    "CandidateOptions",
    "EntityRecord",
    "IndexFormatError",
    "ListedName",
    "MatchIndex",
    "build_index",
    "find_candidates",
    "name_kind_for",
]
