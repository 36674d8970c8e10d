"""Legal forms spelt out, dotted or misspelt; Chinese place names in company names."""

from __future__ import annotations

import pytest

from interdict.names import ROLE_LEGAL, analyze_name


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("ACME S.A.", "ACME Sociedad Anónima"),
        ("ACME GmbH", "ACME Gesellschaft mit beschränkter Haftung"),
        ("ACME Pvt Ltd", "ACME Private Limited"),
        ("ACME Pvt. Ltd.", "ACME Limited"),
        ("ACME JOINT SKOCK COMPANY", "ACME JSC"),
        ("ACME LIITED", "ACME LIMITED"),
        ("ACME S.A.R.L.", "ACME SARL"),
        ("香港华为有限公司", "Hong Kong Hua Wei Co., Ltd"),
        ("深圳华为有限公司", "Shenzhen Hua Wei Limited"),
    ],
)
def test_legal_form_spellings_agree(a: str, b: str) -> None:
    left, right = analyze_name(a, "org"), analyze_name(b, "org")
    assert left.tokens == right.tokens
    assert left.roles[-1] == ROLE_LEGAL


@pytest.mark.parametrize(
    ("raw", "token"),
    [("SOCIEDAD ANONIMA ACME", "anonim"), ("Stocks Holding", "stock")],
)
def test_correct_words_are_not_corrupted(raw: str, token: str) -> None:
    # A word is never "corrected" into its own prefix or inflection.
    assert token not in analyze_name(raw, "org").tokens


def test_short_words_are_corrected_only_next_to_a_legal_form() -> None:
    assert "skock" in analyze_name("SKOCK TRADING", "org").tokens
    assert "skock" not in analyze_name("ACME JOINT SKOCK", "org").tokens


@pytest.mark.parametrize(
    ("raw", "kind", "legal"),
    [
        ("ORIMAR LTA.", "org", True),
        ("BAUM PVX LTD", "org", True),
        ("FURAHA CONSTRUCTION PVT NLTD", "org", True),
        ("ORIMAR LTA.", "any", False),  # unknown type, no other legal form: a name part
        ("ORIMAR", "org", False),
    ],
)
def test_short_misspelt_legal_form_at_the_end(raw: str, kind: str, legal: bool) -> None:
    name = analyze_name(raw, kind)  # type: ignore[arg-type]
    position = len(name.tokens) - 1
    while position > 0 and name.tokens[position] in ("llc", "ltd"):
        position -= 1
    assert (name.roles[position] == ROLE_LEGAL) is legal


@pytest.mark.parametrize(
    ("joined", "spaced"),
    [
        ("JAMALEDDINE, Nazir", "JAMAL EDDINE, Nazir"),
        ("Salahuddin", "Salah al-Din"),
        ("Nuruddin", "Nur al-Din"),
        ("Shamsurrahman", "Shams ur Rahman"),
    ],
)
def test_compound_written_as_one_word_matches_the_spaced_form(joined: str, spaced: str) -> None:
    assert analyze_name(joined, "person").tokens == analyze_name(spaced, "person").tokens


@pytest.mark.parametrize(
    ("word", "token"), [("Saladin", "saladin"), ("Aladdin", "aladdin"), ("Hussein", "hussein")]
)
def test_words_without_an_inner_article_are_kept(word: str, token: str) -> None:
    assert analyze_name(word, "person").tokens == (token,)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("ТОО ЗАПЧАСТЬ ТРЕЙД", "ZAPCHAST TREID LLP"),  # Kazakh
        ("«АЛЬФА» ЖШС", "ALFA LLP"),
        ('"Рама Групп" ЖЧК', "RAMA GRUPP LLC"),  # Kyrgyz
        ("ОсОО Альфа", "ALFA LLC"),
        ("МЧЖ Альфа", "ALFA LLC"),  # Uzbek, Cyrillic
        ("Масъулияти чекланган жамият Альфа", "ALFA LLC"),
        ("ТАА Альфа", "ALFA LLC"),  # Belarusian
        ("Таварыства з абмежаванай адказнасцю Альфа", "ALFA LLC"),
        ("Адкрытае акцыянернае таварыства Альфа", "ALFA JSC"),
        ("ПрАТ Альфа", "ALFA JSC"),  # Ukrainian
        ("Публічне акціонерне товариство Альфа", "ALFA JSC"),
        ("Жауапкершілігі шектеулі серіктестік Альфа", "ALFA LLP"),
        ("ՍՊԸ Ալֆա", "ALFA LLC"),  # Armenian
        ("შპს ალფა", "ALPA LLC"),  # Georgian
        ("АКБ Новикомбанк", "JOINT STOCK COMMERCIAL BANK NOVIKOMBANK"),  # Russian
        ("Акционерный коммерческий банк Новикомбанк", "JSC NOVIKOMBANK"),
    ],
)
def test_legal_forms_of_other_post_soviet_languages(a: str, b: str) -> None:
    left, right = analyze_name(a, "org"), analyze_name(b, "org")
    assert sorted(left.tokens) == sorted(right.tokens)
    assert ROLE_LEGAL in left.roles


@pytest.mark.parametrize("raw", ["Пат Иванов", "ТОО"])
def test_script_abbreviations_need_capitals_and_a_name(raw: str) -> None:
    # "Пат" is a given name; a lone abbreviation stays the name it is.
    assert ROLE_LEGAL not in analyze_name(raw, "any").roles


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("HK HENGBANGWEI ELECTRONICS LIMITED", "HONG KONG HENGBANGWEI ELECTRONICS LIMITED"),
        ("PREMERA (H.K.) INTERNATIONAL CO", "PREMERA HONG KONG INTERNATIONAL CO"),
        ("ABC TRADING U.A.E. LLC", "ABC TRADING UNITED ARAB EMIRATES LLC"),
    ],
)
def test_place_abbreviations_in_company_names_are_spelt_out(a: str, b: str) -> None:
    assert analyze_name(a, "org").tokens == analyze_name(b, "org").tokens


def test_place_abbreviations_stay_in_persons_names() -> None:
    assert analyze_name("HK Smith", "person").tokens == ("hk", "smith")
    assert analyze_name("Ho Kwan HK", "any").tokens == ("ho", "kwan", "hk")


def test_kyrgyz_osoo_in_latin_letters_is_a_legal_form() -> None:
    name = analyze_name("OSOO PROFFLAB", "org")
    assert name.roles == (ROLE_LEGAL, 0)
