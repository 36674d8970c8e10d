"""Pure text primitives for matching: str in, str out, no state.

Modules: :mod:`~interdict.text.scripts` (which writing systems a text uses),
:mod:`~interdict.text.confusables` (look-alike folding),
:mod:`~interdict.text.translit` (any script to ASCII),
:mod:`~interdict.text.normalize` (the full normalisation pipeline) and
:mod:`~interdict.text.phonetic` (consonant skeletons and phonetic keys).
"""

from interdict.text.confusables import fold_confusables
from interdict.text.normalize import normalize_text, tokenize
from interdict.text.phonetic import (
    abjad_compatible,
    phonetic_key,
    skeleton,
    skeletons,
    vowel_signature,
    vowels_agree,
)
from interdict.text.scripts import ABJAD_SCRIPTS, has_abjad, text_scripts
from interdict.text.translit import to_ascii

__all__ = [
    "ABJAD_SCRIPTS",
    "abjad_compatible",
    "fold_confusables",
    "has_abjad",
    "normalize_text",
    "phonetic_key",
    "skeleton",
    "skeletons",
    "text_scripts",
    "to_ascii",
    "tokenize",
    "vowel_signature",
    "vowels_agree",
]
