"""Organisation vocabulary read in English (names/translation.py, data/org_words.txt)."""

from __future__ import annotations

import pytest

from interdict.names import analyze_name
from interdict.names.translation import org_vocabulary, translate_org_words
from interdict.scoring import prepare_query


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Persian and Arabic: whole words, letter variants folded, glued prefixes set aside.
        ("شرکت بهارستان کیش", "company بهارستان کیش"),
        ("مؤسسة بهينه التجارية", "institute بهينه trading"),
        ("مجموعة الزوايا للتنمية والإستثمار", "group الزوايا development investment"),
        # Persian ezafe set aside: هوافضای is هوافضا + -ye.
        ("نیروی هوافضای سپاه", "force aerospace corps"),
        # The preposition "in" of organisations' names; nationality adjectives.
        ("القاعده في العراق", "القاعده in العراق"),
        ("الجهاد الاسلامي المصري", "الجهاد islamic egyptian"),
        # Russian: inflected adjectives by their stem, quotes around words ignored.
        ("«Объединённая авиастроительная корпорация»", "united aircraft corporation"),
        ("Волжское пароходство", "Волжское shipping company"),
        ("Особая экономическая зона Алабуга", "special economic zone Алабуга"),
        ("Вертолеты России", "helicopters russia"),
        # Each part of a hyphenated word; the conjunction too.
        ("БЕЛИНВЕСТ-инжиниринг", "БЕЛИНВЕСТ engineering"),
        ("Радиотехнические и Информационные Системы", "radiotechnical and information systems"),
        # Chinese: words anywhere inside the name, the longest first.
        ("巨航航空科技（深圳）有限公司", "巨航 aviation technology （ shenzhen ） co limited"),
    ],
)
def test_generic_words_are_translated_and_names_kept(text: str, expected: str) -> None:
    assert translate_org_words(text) == expected


@pytest.mark.parametrize(
    "text",
    ["Qods Aviation Industries", "قاسم دماوندیان", "Ghassem DAMAVANDIAN", "习近平", "Иванов"],
)
def test_names_without_vocabulary_are_left_alone(text: str) -> None:
    assert translate_org_words(text) is None


def test_legal_form_phrases_stay_for_the_legal_form_rules() -> None:
    # "Публичное акционерное общество" is PJSC: rigour folds it, so "общество" must not
    # be translated word by word.
    translated = translate_org_words("Публичное акционерное общество «Объединённая»")
    assert translated is not None
    assert analyze_name(translated, "org").tokens[0] == "jsc"


def test_short_han_words_of_organisations_are_one_part() -> None:
    translated = translate_org_words("香港恒邦微電子有限公司")
    assert translated is not None
    tokens = analyze_name(translated, "org").tokens
    assert tokens[:4] == ("hong", "kong", "hengbangwei", "electronics")
    # A person's name keeps the family name apart.
    assert analyze_name("习近平", "person").tokens == ("xi", "jinping")


def test_vocabulary_holds_no_entry_twice_and_only_generic_words() -> None:
    vocabulary = org_vocabulary()
    assert len(vocabulary.words) + len(vocabulary.stems) + len(vocabulary.han) > 150
    assert all(english.isascii() and english for english in vocabulary.words.values())


def test_abjad_honorifics_are_particles_but_latin_names_are_not() -> None:
    assert analyze_name("سعد الدين سيد", "person").roles == (0, 2)
    assert analyze_name("Syd Barrett", "person").roles == (0, 0)


def test_a_translated_legal_phrase_folds_as_its_english_does() -> None:
    english = analyze_name("FEDERAL STATE UNITARY ENTERPRISE MAIN CENTER", "org")
    prepared = prepare_query(
        ("Федеральное государственное унитарное предприятие Главный центр",), "Organization"
    )
    assert english.tokens in [name.tokens for name in prepared.names]
