"""Name analysis: one raw name in, the matchable :class:`AnalyzedName` out.

Steps, for a name and the kind of party it names (``person``, ``org`` or ``any``):

1. split the raw text on white space into chunks and normalise each chunk
   (:func:`interdict.text.normalize_text`); a chunk in Han or Hangul comes out one
   syllable per part: for a person its syllables are re-joined, a lone chunk keeping
   its first syllable apart as the family name (``习近平 → xi jinping``), other
   chunks joining whole (``김 정은 → gim jeongeun``); an organisation (``org``, a CJK
   legal-form suffix such as ``有限公司``, or four syllables and more) keeps one part
   per syllable, its legal form set apart (``华为技术有限公司 → hua wei ji shu llc``);
2. ``person``: leading titles and ranks are dropped (``Brig. Gen.``, ``Sheikh``,
   ``Haji``), also at the start of the given names after a comma (``AL-BADRI, Dr.
   Ibrahim``), as long as a name part remains; ``any``: they are kept but tagged
   :data:`ROLE_TITLE` when two name parts or more follow (``General Motors`` has no
   title);
3. ``abd``-names become one part with one spelling of the article (``abd al
   rahman``, ``abdul rahman``, ``abdel-rahman``, ``abdurrahman`` → ``abdalrahman``);
   the second element of other compound names joins the part before it, article
   dropped (``faiz ullah → faizullah``, ``nur al-din → nurdin``, ``shams ur-rahman →
   shamsrahman``);
4. ``org``/``any``: legal forms are rewritten to one generic form across languages and
   scripts with rigour's org-type table (``OOO``, ``ООО``, ``Limited Liability
   Company``, ``GmbH`` → ``llc``; ``AO``, ``PAO``, ``OAO``, ``PJSC`` → ``jsc``) and
   tagged :data:`ROLE_LEGAL` (so are legal-form words of six letters or more with one
   typing error: ``compaly``); before that, misspelt legal-form words are corrected
   (``liited``; five letters next to a legal form: ``joint skock``) and spelt-out or
   dotted forms rigour does not know are shortened (``S.A.``, ``Pvt Ltd``,
   ``Private Limited``, ``Gesellschaft mit beschränkter Haftung``); Chinese place
   names in Han read as their English spelling (``香港 → hong kong``), and place
   abbreviations are spelt out (``HK``, ``H.K.`` → ``hong kong``); a short part
   one edit from a legal form at the end of an organisation's name is tagged too
   (``ORIMAR LTA``, ``BAUM PVX LTD``); for ``any``,
   rewrites only count when the legal forms stand at the start or the end of the name;
5. particles (``al``, ``bin``, ``de``, ``van``, ``seyed``) are tagged
   :data:`ROLE_PARTICLE`;
6. ``person``/``any``: East Slavic and Turkic patronymics (``Mykolayovych``,
   ``Ivanovna``, ``Aliyevich``, ``Huseyn oglu``) are tagged :data:`ROLE_PATRONYMIC`:
   lists give them, queries often leave them out, so a missing one costs little.
   Surnames share these endings (``Abramovich``), so only a part where a patronymic
   stands qualifies: after the comma in ``SURNAME, Given Patronymic``, else neither
   first nor last. So is a name part after a particle of filiation (``bin``, ``ben``,
   ``ould``) standing there: the chain of forefathers (``Adel ben al-Azhar ben Youssef
   BEN SOLTANE``).

7. for names in an abjad script, a part starting with the article ``al`` glued on
   (``الكاظمي → alkazmy``) is split into ``al`` + the rest.

Bracketed text (``QODS AERONAUTICS INDUSTRIES (QAI)``) is not part of the name:
:func:`split_brackets` separates it, and the index files it as a weak alias (and
the whole text as a further name, since a bracketed part often tells apart branches
of one organisation: ``AL-HARAMAIN (ALBANIA BRANCH)``).

``abjad`` is set when the raw name has letters in a script without short vowels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from rapidfuzz.distance import OSA
from rigour._core import replace_org_types_compare

from interdict.names.reference import MAX_TITLE_TOKENS, legal_forms, particles, titles
from interdict.text import has_abjad, normalize_text
from interdict.text.scripts import char_script
from interdict.text.translit import SYLLABIC_SCRIPTS

NameKindHint = Literal["person", "org", "any"]

ROLE_NAME = 0
ROLE_LEGAL = 1
ROLE_PARTICLE = 2
ROLE_TITLE = 3
ROLE_PATRONYMIC = 4

ROLE_LABELS = {ROLE_NAME: "name", ROLE_LEGAL: "legal form", ROLE_PARTICLE: "particle",
               ROLE_TITLE: "title", ROLE_PATRONYMIC: "patronymic"}  # fmt: skip

_PATRONYMIC = re.compile(r"^[a-z]{3,}(?:vich|vych|vitch|vna|ichna|ogly|oglu|kyzy|qizi|uulu)$")
_PATRONYMIC_WORDS = frozenset({"oglu", "ogly", "kyzy", "qizi", "uulu", "uly"})

#: rigour's flags for its org-type table: case folding only (``Normalize.CASEFOLD``),
#: no cleanup (``Cleanup.Noop``); our input is already normalised.
_ORG_TYPE_FLAGS = 4
_ORG_TYPE_CLEANUP = 0

_ARTICLES = frozenset({"al", "el", "ul", "ol", "ar", "ur", "ad", "as", "ash", "at", "az", "an"})


@dataclass(frozen=True, slots=True)
class AnalyzedName:
    """A name ready for comparison: normalised ``tokens`` with a ``roles`` tag each."""

    text: str
    tokens: tuple[str, ...]
    roles: tuple[int, ...]
    abjad: bool = False

    @property
    def normalized(self) -> str:
        return " ".join(self.tokens)


#: Legal forms written in Han, Kana or Hangul at the end of a company name, longest
#: first; rigour's org-type table turns each into its generic form once set apart.
_CJK_LEGAL_SUFFIXES = (
    "股份有限公司",
    "有限责任公司",
    "有限責任公司",
    "集团有限公司",
    "有限公司",
    "株式会社",
    "有限会社",
    "合同会社",
    "주식회사",
    "유한회사",
)
#: A name in a syllabic script this long (syllables) is taken for an organisation.
_LONG_SYLLABIC_NAME = 4


def _cjk_legal_suffix(chunk: str) -> tuple[str, str | None]:
    """``(chunk without its CJK legal-form suffix, the suffix's generic form)``."""
    for suffix in _CJK_LEGAL_SUFFIXES:
        if chunk.endswith(suffix):
            generic = replace_org_types_compare(suffix, _ORG_TYPE_FLAGS, _ORG_TYPE_CLEANUP, True)
            if generic.isascii():
                return chunk[: -len(suffix)], generic
    return chunk, None


#: Place names common in Chinese company names, read as their usual English
#: spelling rather than syllable by syllable (``香港`` is ``Hong Kong``).
_CJK_PLACES = (
    ("香港", " Hong Kong "),
    ("深圳", " Shenzhen "),
    ("北京", " Beijing "),
    ("上海", " Shanghai "),
    ("广州", " Guangzhou "),
    ("廣州", " Guangzhou "),
    ("澳门", " Macau "),
    ("澳門", " Macau "),
    ("天津", " Tianjin "),
    ("中国", " China "),
    ("中國", " China "),
)


#: Han words of an organisation's name up to this many syllables are romanised as one
#: part; longer runs are more often a place and a name together, kept apart.
_JOINED_SYLLABLES = 3


def _all_han(chunk: str) -> bool:
    return all(char_script(ch) == "Han" for ch in chunk)


def _cjk_places(chunk: str) -> str:
    for place, english in _CJK_PLACES:
        if place in chunk:
            chunk = chunk.replace(place, english)
    return chunk


#: Legal-form abbreviations in Cyrillic, Armenian and Georgian letters that rigour's
#: table lacks or misreads, by their generic form (Kazakh ``ТОО``/``ЖШС`` = LLP, ``АҚ``
#: = JSC; Kyrgyz ``ЖЧК``/``ОсОО`` = LLC; Uzbek ``МЧЖ``; Belarusian ``ТАА``/``ЗАТ``; Ukrainian
#: ``ПАТ``/``ПрАТ``/``ТДВ``; Tajik ``ҶДММ``; Armenian ``ՍՊԸ``; Georgian ``შპს``; Russian
#: ``АКБ``, a joint-stock commercial bank, which rigour reads as JSC in English).
#: Transliterated, several would be ordinary Latin parts (``too``, ``pat``), so they
#: are read from the original letters, as a whole chunk of an organisation's name.
_SCRIPT_LEGAL_ABBREVIATIONS = {
    **dict.fromkeys(("ТОО", "ЖШС"), "llp"),
    **dict.fromkeys(("ЖЧК", "ОсОО", "ОСОО", "МЧЖ", "ТАА", "ТДВ", "ҶДММ", "ՍՊԸ", "შპს"), "llc"),
    **dict.fromkeys(
        ("АҚ", "ААК", "АЖ", "ЗАТ", "ПАТ", "ПрАТ", "ҶСК", "ՓԲԸ", "ԲԲԸ", "სს", "АКБ"), "jsc"
    ),
}
_ABBREVIATION_PUNCTUATION = "\"'«»“”„‘’()[],.;:"


def _script_legal_abbreviation(chunk: str) -> str | None:
    """The generic legal form a chunk written in Cyrillic, Armenian or Georgian
    letters abbreviates, if any (quotes and brackets around it set aside). Written as
    abbreviations are, in capitals (``ПАТ``, not the given name ``Пат``)."""
    return _SCRIPT_LEGAL_ABBREVIATIONS.get(chunk.strip(_ABBREVIATION_PUNCTUATION))


#: Dots that separate the parts of a foreign name written in Han or Kana
#: (``阿不都·哈克`` is Abudu Hake).
_NAME_DOTS = re.compile(
    "(?<=[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff])[\u00b7\u2027\u30fb\u2022\uff65]"
)


def _chunk_tokens(text: str, kind: NameKindHint) -> list[str]:
    dotted = _NAME_DOTS.search(text) is not None
    chunks = _NAME_DOTS.sub(" ", text).split()
    tokens: list[str] = []
    for at, chunk in enumerate(chunks):
        if chunk.isascii() or not any(char_script(ch) in SYLLABIC_SCRIPTS for ch in chunk):
            legal_abbreviation = (
                _script_legal_abbreviation(chunk)
                if kind == "org" or (kind == "any" and at in (0, len(chunks) - 1))
                else None
            )
            if legal_abbreviation is not None:
                tokens.append(legal_abbreviation)
            else:
                tokens.extend(normalize_text(chunk).split())
            continue
        legal = None
        if kind != "person":
            chunk, legal = _cjk_legal_suffix(chunk)
            chunk = _cjk_places(chunk)
        parts = normalize_text(chunk).split() if chunk else []
        organisation = kind == "org" or legal is not None or len(parts) >= _LONG_SYLLABIC_NAME
        if dotted and kind != "org" and legal is None:
            # A foreign name written in Han, its parts set apart by dots: one part each.
            organisation = False
        if organisation and 1 < len(parts) <= _JOINED_SYLLABLES and _all_han(chunk):
            # A short Han word of an organisation's name is one romanised part
            # (``巨航 → juhang``), as lists print it.
            parts = ["".join(parts)]
        elif len(parts) > 1 and not organisation:
            # A person: family name, then the given name's syllables as one part.
            parts = [parts[0], "".join(parts[1:])] if len(chunks) == 1 else ["".join(parts)]
        tokens.extend(parts)
        if legal:
            tokens.extend(legal.split())
    return tokens


def _strip_titles(tokens: list[str]) -> int:
    """How many leading tokens are titles (leaving at least one token)."""
    table = titles()
    pos = 0
    while pos < len(tokens) - 1:
        for size in range(min(MAX_TITLE_TOKENS, len(tokens) - 1 - pos), 0, -1):
            if tuple(tokens[pos : pos + size]) in table:
                pos += size
                break
        else:
            break
    return pos


_ABD_PREFIX = re.compile(r"^abd(?:oul|ul|el|ol|al|il|ur|ar|er|as|ash|az|at|an|u|e|o|a)?$")
_ABD_GLUED = re.compile(
    r"^abd(?:oul|ul|el|ol|al|il|ur|ar|er|as|ash|az|at|an|u|e|o|a)([b-df-hj-np-tv-z][a-z]{2,})$"
)


#: Legal-form words long enough to be recognised with one typing error.
_MIN_FUZZY_LEGAL = 6


@lru_cache(maxsize=65536)
def _misspelt_legal_form(token: str) -> bool:
    """A long legal-form word with one typing error (``compaly``, ``liabilty``)."""
    if len(token) < _MIN_FUZZY_LEGAL or not token.isalpha():
        return False
    return any(
        abs(len(word) - len(token)) <= 1 and OSA.distance(word, token, score_cutoff=1) <= 1
        for word in legal_forms()
        if len(word) >= _MIN_FUZZY_LEGAL
    )


#: Legal-form words of this length with one typing error are corrected when they
#: stand next to another legal-form word (``joint skock company``, ``oint stock``).
_MIN_FUZZY_LEGAL_NEXT = 4


#: Words of legal-form phrases rigour rewrites as a whole (``federal state unitary
#: enterprise → soe``): a misspelt one would keep the phrase from being recognised.
_PHRASE_WORDS = frozenset(
    {"federal", "unitary", "budgetary", "enterprise", "partnership", "public", "private",
     "responsabilidad", "anonima", "limitada", "aktsionernoye", "obshchestvo"}
)  # fmt: skip


@lru_cache(maxsize=65536)
def _legal_correction(token: str, min_length: int) -> str | None:
    """The legal-form word ``token`` misspells by one edit, if any."""
    vocabulary = legal_forms() | _PHRASE_WORDS
    if len(token) < min_length or not token.isalpha() or token in vocabulary:
        return None
    for word in sorted(vocabulary):
        if (
            len(word) >= min_length
            and abs(len(word) - len(token)) <= 1
            and not (word.startswith(token) or token.startswith(word))  # anonim/anonima
            and OSA.distance(word, token, score_cutoff=1) <= 1
        ):
            return word
    return None


def _correct_legal_words(tokens: list[str]) -> list[str]:
    """Misspelt legal-form words rewritten to the word (``liited → limited``): six
    letters or more anywhere, four next to a legal-form word (``joint skock``)."""
    legal = legal_forms()
    out = list(tokens)
    for i, token in enumerate(tokens):
        if token in legal:
            continue
        fixed = _legal_correction(token, _MIN_FUZZY_LEGAL)
        if fixed is None:
            near = (i > 0 and tokens[i - 1] in legal) or (
                i + 1 < len(tokens) and tokens[i + 1] in legal
            )
            if near:
                fixed = _legal_correction(token, _MIN_FUZZY_LEGAL_NEXT)
        if fixed is not None:
            out[i] = fixed
    return out


#: Spelt-out or dotted legal forms rigour's table leaves alone, rewritten first
#: (normalised text, whole words).
_LEGAL_PHRASES = tuple(
    (re.compile(rf"(?<![a-z0-9]){phrase}(?![a-z0-9])"), short)
    for phrase, short in (
        ("gesellschaft mit beschrankter haftung", "gmbh"),
        ("private limited", "limited"),
        ("pvt limited", "limited"),
        ("pvt ltd", "ltd"),
        ("s a r l", "sarl"),
        ("s a s", "sas"),
        ("s a", "sa"),
        ("s p a", "spa"),
        ("s r l", "srl"),
        ("sp z o o", "llc"),
        # Russian "joint-stock commercial bank" (rigour: "joint stock commercial bank" →
        # jsc), then Belarusian, Ukrainian, Kazakh, Kyrgyz and Uzbek legal forms,
        # transliterated.
        ("aktsionern(?:y|yi|iy|ii|ij|yj) kommerchesk(?:y|yi|iy|ii|ij) bank", "jsc"),
        ("tavarystva z abmezhavanai adkaznastsyu", "llc"),
        ("(?:adkrytae |zakrytae )?aktsyyanernae tavarystva", "jsc"),
        ("(?:publichne |pr[iy]vatne )?aktsionern(?:o?e) tovar[iy]stvo", "jsc"),
        ("tovar[iy]stvo z dodatkovoyu v[iy]dpov[iy]daln[iy]styu", "llc"),
        ("zhauapkershili[gh]i shekteuli seriktestik", "llp"),
        ("aktsyonerlik qo[gh]amy", "jsc"),
        ("zhoopkerchili[gh]i chektel[gh]en koom", "llc"),
        ("mas[a-z]?uliyati cheklangan (?:zh|j)amiyat[i]?", "llc"),
        ("b v", "bv"),
        ("n v", "nv"),
    )
)


def _rewrite_legal_phrases(text: str) -> str:
    for pattern, short in _LEGAL_PHRASES:
        if pattern.search(text):
            text = pattern.sub(short, text)
    return text


#: Places that organisations' names abbreviate, spelt out (``HK``/``H.K.`` is Hong
#: Kong: ``HK HENGBANGWEI ELECTRONICS`` / ``香港恒邦微電子``).
_PLACE_ABBREVIATIONS = {
    ("hk",): ("hong", "kong"),
    ("h", "k"): ("hong", "kong"),
    ("uae",): ("united", "arab", "emirates"),
    ("u", "a", "e"): ("united", "arab", "emirates"),
}


_PLACE_FIRST_TOKENS = frozenset(short[0] for short in _PLACE_ABBREVIATIONS)


def _spell_out_places(tokens: list[str]) -> list[str]:
    if _PLACE_FIRST_TOKENS.isdisjoint(tokens):
        return tokens
    out: list[str] = []
    at = 0
    while at < len(tokens):
        for short, full in _PLACE_ABBREVIATIONS.items():
            if tuple(tokens[at : at + len(short)]) == short:
                out.extend(full)
                at += len(short)
                break
        else:
            out.append(tokens[at])
            at += 1
    return out


#: Shortest legal-form word recognised with one typing error at the end of a name.
_MIN_SHORT_LEGAL = 3


def _short_legal_slots(tokens: list[str], legal: frozenset[str]) -> frozenset[int]:
    """Where a short misspelt legal form may stand (``ORIMAR LTA``, ``BAUM PVX LTD``):
    the last part, or the part before a final run of legal forms, when a name part
    precedes it. Organisations only, or names of unknown type with a legal form."""
    if not legal or len(tokens) < 2:
        return frozenset()
    end = len(tokens)
    while end > 1 and tokens[end - 1] in legal:
        end -= 1
    return frozenset({end - 1}) if end - 1 >= 1 else frozenset()


def _strip_titles_after_comma(text: str, tokens: list[str]) -> list[str]:
    """Drop titles opening the given names of ``SURNAME, Title Given`` (``AL-BADRI,
    Dr. Ibrahim``)."""
    if "," not in text:
        return tokens
    after = len(normalize_text(text.split(",", 1)[1]).split())
    start = len(tokens) - after
    if start <= 0 or after <= 1:
        return tokens
    given = tokens[start:]
    drop = _strip_titles(given)
    return tokens[:start] + given[drop:]


def _merge_abd(tokens: list[str], *, abjad: bool = False) -> list[str]:
    """``abd``-names as one part with one spelling of the article: ``abd al rahman``,
    ``abdul rahman``, ``abdel-rahman``, ``abdurrahman`` all become ``abdalrahman``."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if abjad and token == "bd":
            token = "abd"  # the ayin of عبد is not transliterated
        if (_ABD_PREFIX.match(token) or _misspelt_abd(token)) and i + 1 < len(tokens):
            nxt = tokens[i + 1]
            if token == "abd" and nxt in _ARTICLES and i + 2 < len(tokens):
                i += 1
                nxt = tokens[i + 1]
            out.append("abdallah" if nxt in _ALLAH else "abdal" + nxt)
            i += 2
            continue
        glued = _ABD_GLUED.match(token)
        if glued and token not in _ABD_KEEP:
            rest = glued.group(1)
            out.append("abdal" + rest)
        else:
            out.append(token)
        i += 1
    return out


#: ``abd`` + article forms long enough to be recognised with one typing error.
_ABD_FORMS = ("abdul", "abdel", "abdal", "abdol", "abdoul", "abdur")


@lru_cache(maxsize=65536)
def _misspelt_abd(token: str) -> bool:
    """``abduj``, ``abdyl``, ``abddul``: one typing error in a five-letter-or-longer
    ``abd`` + article form (shorter ones, ``abid`` or ``abdi``, are names, and so are
    the spellings of Abdullah)."""
    if len(token) < 5 or not token.startswith("abd") or not token.isalpha():
        return False
    if any(OSA.distance(token, name, score_cutoff=1) <= 1 for name in _ABD_KEEP):
        return False  # Abdula, Abdulah: a spelling of Abdullah, a name of its own
    return any(OSA.distance(token, form, score_cutoff=1) <= 1 for form in _ABD_FORMS)


_ALLAH = frozenset({"allah", "allh", "llh", "lah", "ullah", "ollah"})
#: Second elements of compound (theophoric) names: joined to the part before them,
#: article dropped (``faiz ullah → faizullah``, ``nur al din → nurdin``,
#: ``shams ur rahman → shamsrahman``, ``نور الدين → nwrdyn``).
_ALLAH_FORMS = frozenset({"allah", "allh", "ullah", "ollah", "ulla", "olla", "alla"})
_COMPOUND_TAILS = frozenset(
    {"din", "dyn", "deen", "dine", "rahman", "rehman", "rhmn", "haq", "haqq", "hq", "hk"}
)
_COMPOUND_ARTICLES = frozenset({"al", "el", "ad", "ed", "ud", "ul", "ur", "ar", "ol", "od"})
_GLUED_TAIL = re.compile(
    r"^(?:al|el|ad|ed|ud|ul|ur|ar|od|ol)(din|dine|dyn|deen|rahman|rehman|haq|haque)$"
)


#: A compound name written as one word, article inside (``jamaleddine``,
#: ``nasruddin``, ``shamsurrahman``): the article is dropped as in the spaced form.
_ONE_WORD_COMPOUND = re.compile(
    r"^([a-z]{3,}?)(?:al|el|ad|ed|ud|ul|ur|ar|od|ol|u|e)"
    r"(din|dine|deen|dyn|rrahman|rahman|rehman)$"
)


def _one_word_compound(token: str) -> str:
    found = _ONE_WORD_COMPOUND.match(token)
    if found is None or token.startswith("abd"):
        return token
    head, tail = found.groups()
    return head + tail.removeprefix("r") if tail == "rrahman" else head + tail


def _merge_compounds(tokens: list[str]) -> list[str]:
    """Join the second element of a compound name to the part before it (see above);
    a compound written as one word loses its article the same way."""
    out: list[str] = []
    i = 0
    tokens = [_one_word_compound(t) for t in tokens]
    while i < len(tokens):
        token = tokens[i]
        if out and not out[-1].startswith("abdal"):
            if token in _ALLAH_FORMS:
                out[-1] += token
                i += 1
                continue
            glued = _GLUED_TAIL.match(token)
            if glued:
                out[-1] += glued.group(1)
                i += 1
                continue
            if (
                token in _COMPOUND_ARTICLES
                and i + 1 < len(tokens)
                and tokens[i + 1] in _COMPOUND_TAILS
            ):
                out[-1] += tokens[i + 1]
                i += 2
                continue
        out.append(token)
        i += 1
    return out


#: Honorific particles as an abjad spelling transliterates them (``سيد`` → ``syd``,
#: ``میر`` → ``myr``); as Latin tokens they are names (``Syd``), so abjad names only.
_ABJAD_PARTICLES = frozenset({"syd", "myr", "myrza", "bvn", "bvt"})

#: ``abd``-words that are not ``abd`` + article + name.
_ABD_KEEP = frozenset({"abdullah", "abdallah", "abdollah", "abdulla", "abdalla"})


_BRACKETS = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")


def split_brackets(text: str) -> tuple[str, list[str]]:
    """``(text without bracketed parts, the bracketed parts)``; the text is returned
    whole when nothing would remain outside the brackets."""
    inner = [a or b for a, b in _BRACKETS.findall(text)]
    if not inner:
        return text, []
    outer = " ".join(_BRACKETS.sub(" ", text).split())
    if not normalize_text(outer):
        return text, []
    return outer, [i.strip() for i in inner if i.strip()]


def _split_articles(tokens: list[str]) -> list[str]:
    out: list[str] = []
    for token in tokens:
        if token.startswith("al") and len(token) >= 5 and token not in ("allh", "allah"):
            out.extend(("al", token[2:]))
        else:
            out.append(token)
    return out


def _rewrites_at_edges(before: list[str], after: list[str]) -> bool:
    """Whether every token the legal-form rewrite produced stands in a run at the
    start or the end: with the party type unknown, a legal form inside a name
    (``abd at rahman``) is a name part, not a legal form."""
    original = set(before)
    flags = [t not in original for t in after]
    start = 0
    while start < len(flags) and flags[start]:
        start += 1
    end = len(flags)
    while end > start and flags[end - 1]:
        end -= 1
    return not any(flags[start:end])


def _patronymic_slots(text: str, tokens: list[str]) -> range:
    """Positions in ``tokens`` where a patronymic may stand (see step 6)."""
    if "," in text:
        after = len(normalize_text(text.split(",", 1)[1]).split())
        return range(max(0, len(tokens) - after), len(tokens))
    return range(1, len(tokens) - 1)


#: Particles of filiation: the name after one is a father's or forefather's
#: (``Adel ben al-Azhar ben Youssef BEN SOLTANE``, ``Usama bin Muhammad bin Awad``).
_FILIATION = frozenset({"bin", "ibn", "ben", "bint", "bent", "ould", "uld", "walad", "bn", "wld"})


def _tag_lineage(tokens: list[str], roles: list[int], offset: int, eligible: range) -> None:
    """Tag as :data:`ROLE_PATRONYMIC` the name part after a filiation particle (articles
    between skipped) where a patronymic may stand (step 6): lists give the chain of
    forefathers, queries often leave it out. ``roles`` is offset by the titles."""
    for position, token in enumerate(tokens):
        if token not in _FILIATION or roles[offset + position] != ROLE_PARTICLE:
            continue
        after = position + 1
        while after < len(tokens) and roles[offset + after] == ROLE_PARTICLE:
            if tokens[after] in _FILIATION:
                break
            after += 1
        if after in eligible and after < len(tokens) and roles[offset + after] == ROLE_NAME:
            roles[offset + after] = ROLE_PATRONYMIC


@lru_cache(maxsize=16384)
def analyze_name(text: str, kind: NameKindHint = "any") -> AnalyzedName:
    """Analyse one raw name (see the module docstring for the steps)."""
    abjad = has_abjad(text)
    tokens = _chunk_tokens(text, kind)
    if abjad:
        tokens = _split_articles(tokens)
    n_titles = _strip_titles(tokens) if kind != "org" else 0
    title_tokens: list[str] = []
    if kind == "person":
        tokens = _strip_titles_after_comma(text, tokens[n_titles:])
    elif n_titles and len(tokens) - n_titles >= 2:
        # Type unknown: "Gen. Abdollah Mehrabi" has a title, "General Motors" none.
        title_tokens, tokens = tokens[:n_titles], tokens[n_titles:]
    tokens = _merge_compounds(_merge_abd(tokens, abjad=abjad))
    legal = legal_forms() if kind != "person" else frozenset()
    if kind != "person" and tokens:
        folded = _merge_abd(
            replace_org_types_compare(
                _rewrite_legal_phrases(" ".join(_correct_legal_words(tokens))),
                _ORG_TYPE_FLAGS,
                _ORG_TYPE_CLEANUP,
                True,
            ).split()
        )
        if kind == "org" or _rewrites_at_edges(tokens, folded):
            tokens = folded
        if kind == "org" or not legal.isdisjoint(tokens):
            tokens = _spell_out_places(tokens)
    parts = particles()
    roles = [ROLE_TITLE] * len(title_tokens)
    eligible = _patronymic_slots(text, tokens) if kind != "org" else range(0)
    short_slots = (
        _short_legal_slots(tokens, legal)
        if kind == "org" or (legal and not legal.isdisjoint(tokens))
        else frozenset()
    )
    for position, token in enumerate(tokens):
        misspelt = legal and (
            _misspelt_legal_form(token)
            or (position in short_slots and _legal_correction(token, _MIN_SHORT_LEGAL))
        )
        if token in legal or misspelt:
            roles.append(ROLE_LEGAL)
        elif position in eligible and (token in _PATRONYMIC_WORDS or _PATRONYMIC.match(token)):
            roles.append(ROLE_PATRONYMIC)
        elif token in parts or (abjad and token in _ABJAD_PARTICLES):
            roles.append(ROLE_PARTICLE)
        else:
            roles.append(ROLE_NAME)
    if kind != "org":
        _tag_lineage(tokens, roles, len(title_tokens), eligible)
    all_tokens = tuple(title_tokens + tokens)
    if all_tokens and all(r != ROLE_NAME for r in roles):
        # A name made only of particles/legal forms ("Al", "Co"): treat them as name parts.
        roles = [ROLE_NAME] * len(all_tokens)
    return AnalyzedName(text=text, tokens=all_tokens, roles=tuple(roles), abjad=abjad)
