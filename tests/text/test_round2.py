"""Look-alike words folded to Latin; Persian letters read as their Arabic forms."""

from __future__ import annotations

import pytest

from interdict.text import normalize_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ЕР-IВZ", "ep ibz"),  # mostly Cyrillic look-alikes in a Latin code
        ("Аbubаkаr", "abubakar"),
        ("ВОСА Ltd", "boca ltd"),  # a whole look-alike word beside Latin words
        ("аlександр", "aleksandr"),  # real Cyrillic with one Latin letter: transliterated
        ("ООО Ромашка", "ooo romashka"),  # no Latin at all: transliterated
    ],
)
def test_lookalikes_fold_to_latin(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


@pytest.mark.parametrize(
    ("persian", "arabic"),
    [("محمد احمدی", "محمد احمدي"), ("کریمی", "كريمي"), ("ہارون", "هارون")],
)
def test_persian_letters_read_as_arabic(persian: str, arabic: str) -> None:
    assert normalize_text(persian) == normalize_text(arabic)


@pytest.mark.parametrize(("abjad", "latin"), [("جمال عكاشة", "Djamel AKKACHA"), ("شريف", "Cherif")])
def test_maghreb_french_spellings_share_a_skeleton(abjad: str, latin: str) -> None:
    from interdict.text import skeletons

    for a, b in zip(normalize_text(abjad).split(), normalize_text(latin).split(), strict=True):
        assert set(skeletons(a, abjad=True)) & set(skeletons(b))


@pytest.mark.parametrize(
    ("abjad", "latin", "other"),
    [
        # و read as the vowel u keeps its neighbours apart, as the Latin vowel does.
        ("ابوبكر", "Abubakar", "Bakr"),
        ("حبوبة", "Habbouba", "Haba"),
    ],
)
def test_a_waw_read_as_a_vowel_keeps_the_consonants_apart(
    abjad: str, latin: str, other: str
) -> None:
    from interdict.text import skeletons

    keys = set(skeletons(normalize_text(abjad), abjad=True))
    assert keys & set(skeletons(normalize_text(latin)))
    assert not keys & set(skeletons(normalize_text(other)))
