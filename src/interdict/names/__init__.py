"""Name analysis: tokens, titles, legal forms, particles and name-part equivalents."""

from interdict.names.analysis import (
    ROLE_LABELS,
    ROLE_LEGAL,
    ROLE_NAME,
    ROLE_PARTICLE,
    ROLE_PATRONYMIC,
    ROLE_TITLE,
    AnalyzedName,
    NameKindHint,
    analyze_name,
    split_brackets,
)
from interdict.names.reference import canonical, generic_org_words

__all__ = [
    "ROLE_LABELS",
    "ROLE_LEGAL",
    "ROLE_NAME",
    "ROLE_PARTICLE",
    "ROLE_PATRONYMIC",
    "ROLE_TITLE",
    "AnalyzedName",
    "NameKindHint",
    "analyze_name",
    "canonical",
    "generic_org_words",
    "split_brackets",
]
