"""Name analysis: titles, legal forms, particles, syllabic scripts."""

from __future__ import annotations

import pytest

from interdict.names import (
    ROLE_LEGAL,
    ROLE_NAME,
    ROLE_PARTICLE,
    ROLE_PATRONYMIC,
    ROLE_TITLE,
    analyze_name,
    canonical,
    split_brackets,
)


@pytest.mark.parametrize(
    ("raw", "kind", "tokens"),
    [
        ("Brig. Gen. Abdollah Mehrabi", "person", ("abdollah", "mehrabi")),
        ("Sheikh Haji Mohammad Ali", "person", ("mohammad", "ali")),
        ("Dr. Ayman al-Zawahiri", "person", ("ayman", "al", "zawahiri")),
        ("General", "person", ("general",)),  # never strip the whole name
        ("AL-BADRI, Dr. Ibrahim", "person", ("al", "badri", "ibrahim")),
        ("M/V Ocean Star", "any", ("m", "v", "ocean", "star")),
        ("习近平", "person", ("xi", "jinping")),
        ("김 정은", "person", ("gim", "jeongeun")),
        ("华为技术有限公司", "any", ("hua", "wei", "ji", "shu", "llc")),
        ("삼성전자 주식회사", "any", ("sam", "seong", "jeon", "ja", "jsc")),
        ("Abd al-Rahman", "person", ("abdalrahman",)),
        ("Abdul Rahman Ali", "person", ("abdalrahman", "ali")),
        ("Abdurrahman", "person", ("abdalrahman",)),
        ("ABDUJ RAUF KHADEM", "person", ("abdalrauf", "khadem")),  # one typing error
        ("Abdula Karimov", "person", ("abdula", "karimov")),  # Abdullah, not abd + article
        ("Abdi Hassan", "person", ("abdi", "hassan")),
        ("عبد الرحمن", "person", ("abdalrhmn",)),
        ("عبد الله", "person", ("abdallah",)),
        ("ООО «Ромашка»", "org", ("llc", "romashka")),
        ("Limited Liability Company Romashka", "org", ("llc", "romashka")),
        ("Romashka GmbH", "org", ("romashka", "llc")),
        ("PAO Rosneft", "org", ("jsc", "rosneft")),
        ("Open Joint Stock Company Rosneft", "org", ("jsc", "rosneft")),
        ("Quds Aviation Industries Co. Ltd", "org", ("quds", "aviation", "industries", "llc")),
    ],
)
def test_tokens(raw: str, kind: str, tokens: tuple[str, ...]) -> None:
    assert analyze_name(raw, kind).tokens == tokens  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raw", "outer", "inner"),
    [
        ("QODS AERONAUTICS INDUSTRIES (QAI)", "QODS AERONAUTICS INDUSTRIES", ["QAI"]),
        ("A [B] (C)", "A", ["B", "C"]),
        ("(ONLY BRACKETS)", "(ONLY BRACKETS)", []),
        ("NO BRACKETS", "NO BRACKETS", []),
    ],
)
def test_split_brackets(raw: str, outer: str, inner: list[str]) -> None:
    assert split_brackets(raw) == (outer, inner)


def test_abjad_article_split() -> None:
    assert analyze_name("محمد الكاظمي").tokens[-2:] == ("al", "kadzmy")  # ظ: d or z


@pytest.mark.parametrize(
    ("raw", "tokens"),
    [
        ("Faiz Ullah Khan", ("faizullah", "khan")),
        ("فیض الله خان", ("fydzallh", "khan")),
        ("Nur al-Din", ("nurdin",)),
        ("نور الدين", ("nwrdyn",)),
        ("Shams Ur-Rahman", ("shamsrahman",)),
        ("Salah Uddin", ("salahdin",)),
        ("Inam ul Haq", ("inamhaq",)),
        ("Al Haq Trading", ("al", "haq", "trading")),  # no part before: no compound
    ],
)
def test_compound_names(raw: str, tokens: tuple[str, ...]) -> None:
    assert analyze_name(raw).tokens == tokens


def test_patronymics_only_where_they_stand() -> None:
    listed = analyze_name("SHEVCHENKO, Andriy Mykolayovych", "person")
    assert listed.roles == (ROLE_NAME, ROLE_NAME, ROLE_PATRONYMIC)
    uk_style = analyze_name("Andriy Mykolayovych SHEVCHENKO", "person")
    assert uk_style.roles == (ROLE_NAME, ROLE_PATRONYMIC, ROLE_NAME)
    # A surname with a patronymic ending is no patronymic.
    assert analyze_name("Roman ABRAMOVICH", "person").roles == (ROLE_NAME, ROLE_NAME)
    assert analyze_name("ABRAMOVICH, Roman", "person").roles == (ROLE_NAME, ROLE_NAME)


def test_legal_forms_inside_unknown_names_stay() -> None:
    # "at" is a legal form somewhere, but inside an Arabic name it is an article.
    assert analyze_name("Abd At-Rahman Muhammad", "any").tokens == ("abdalrahman", "muhammad")
    assert analyze_name("Romashka Co. Ltd", "any").tokens == ("romashka", "llc")


def test_roles() -> None:
    org = analyze_name("OOO Romashka", "org")
    assert org.roles == (ROLE_LEGAL, ROLE_NAME)
    person = analyze_name("Ayman al-Zawahiri", "person")
    assert person.roles == (ROLE_NAME, ROLE_PARTICLE, ROLE_NAME)
    # With the party type unknown, titles stay but are tagged.
    anyone = analyze_name("Gen. Abdollah Mehrabi", "any")
    assert anyone.tokens == ("gen", "abdollah", "mehrabi")
    assert anyone.roles[0] == ROLE_TITLE
    assert analyze_name("General Motors", "any").roles == (ROLE_NAME, ROLE_NAME)


def test_person_names_keep_legal_looking_parts() -> None:
    # "Ao" is a surname; legal forms are folded only for organisations.
    assert analyze_name("Ao Wei", "person").tokens == ("ao", "wei")


def test_only_particles_become_name_parts() -> None:
    assert analyze_name("Al", "person").roles == (ROLE_NAME,)


def test_abjad_flag() -> None:
    assert analyze_name("قاسم دماوندیان").abjad
    assert not analyze_name("Qasem Damavandian").abjad


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("muhammad", "mohammed"),
        ("abdul", "abdel"),
        ("yusuf", "joseph"),
        ("quds", "ghods"),
        ("gim", "kim"),  # Korean revised / McCune-Reischauer romanisation
    ],
)
def test_equivalents(left: str, right: str) -> None:
    assert canonical(left) == canonical(right)


def test_unknown_token_is_its_own_canonical() -> None:
    assert canonical("zyxwv") == "zyxwv"


@pytest.mark.parametrize(
    ("raw", "legal"),
    [("Atlant Compaly", True), ("Atlant Liabilty", True), ("Companion Atlant", False)],
)
def test_misspelt_legal_forms(raw: str, legal: bool) -> None:
    name = analyze_name(raw, "org")
    assert (ROLE_LEGAL in name.roles) is legal


@pytest.mark.parametrize(
    ("raw", "lineage"),
    [
        ("Adel ben al- Azhar ben Youssef BEN SOLTANE", {"azhar", "youssef"}),
        ("BIN LADEN, Usama bin Muhammad bin Awad", {"muhammad", "awad"}),
        ("Mohammed bin Salman Al Saud", {"salman"}),
        ("Osama bin Laden", set()),  # the last part is the family name
        ("Ahmad Ould Sidi", set()),
    ],
)
def test_forefathers_after_filiation_particles_are_patronymics(raw: str, lineage: set[str]) -> None:
    name = analyze_name(raw, "person")
    tagged = {t for t, r in zip(name.tokens, name.roles, strict=True) if r == ROLE_PATRONYMIC}
    assert tagged == lineage
    assert analyze_name(raw, "org").roles.count(ROLE_PATRONYMIC) == 0


@pytest.mark.parametrize(
    ("raw", "tokens"),
    [
        ("阿不都·哈克", ("abudou", "hake")),
        ("阿卜杜勒·巴西特·阿里", ("abodulei", "baxite", "ali")),
        ("阿不都・哈克", ("abudou", "hake")),  # katakana middle dot
    ],
)
def test_dots_part_a_foreign_name_written_in_han(raw: str, tokens: tuple[str, ...]) -> None:
    assert analyze_name(raw, "person").tokens == tokens
    assert analyze_name(raw, "any").tokens == tokens


def test_a_latin_middle_dot_is_not_a_name_separator() -> None:
    assert len(analyze_name("Col·legi Sant Jordi", "org").tokens) == 3
