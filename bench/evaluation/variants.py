"""Name transformation families: how the same name reaches a screening system altered.

Each family is a pure function ``(name, rng) -> Variant | None``: ``None`` when the
family does not apply to that name (e.g. no legal form to translate, fewer than three
name parts to drop one from) or would leave it unchanged. All randomness comes from
the given ``random.Random``, so a seeded run is reproducible. ``Variant.detail`` says
which rule fired (``"kh>h"``, ``"delete@3"``, ``"JSC>AO"``), for the miss analysis.

Families (:data:`FAMILIES`) and the schemas they apply to:

* ``transliteration`` (persons, organisations; names without digits; never inside
  English words of organisation names or legal forms; rules sampled in equal
  shares): one romanisation rule: q/gh/k, ou/u/oo, ee/i/y, kh/h,
  j/dj/zh, -ov/-off/-ow, w/v, ph/f, doubled/single letters, al-/el-/ul- articles,
  Mohammad/Muhammad/Mohamed;
* ``typo`` (any, names of ≥ 8 letters): one insertion, deletion, substitution or
  transposition of adjacent letters;
* ``reorder`` (persons): "LAST, First" read as "First LAST", else the surname moved
  (never separating a particle such as al-/abu from its word);
* ``drop_middle`` (persons, ≥ 3 parts): one middle name dropped (with its
  connector such as bin/ben/ould/abu/abdul; never a particle or a title alone, and
  never the given name after a leading title);
* ``legal_form`` (organisations): a legal form removed, translated (LLC ↔ OOO ↔
  Limited Liability Company, JSC ↔ AO, Co. Ltd ↔ Company Limited, ...) or added;
* ``title`` (persons): an honorific or rank added (Dr, Sheikh, Brig. Gen., Haji, ...);
* ``lookalike`` (any Latin name): one to three letters replaced by their Cyrillic
  look-alikes (а е о р с х у / А В Е К М Н О Р С Т Х).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Variant:
    """A transformed name and the rule that produced it."""

    text: str
    detail: str


VariantFn = Callable[[str, random.Random], "Variant | None"]

PERSON = frozenset({"Person"})
ORGANISATION = frozenset({"Organization", "Company"})
ANY = frozenset({"Person", "Organization", "Company", "LegalEntity", "Vessel", "Airplane"})


def match_case(template: str, text: str) -> str:
    """``text`` in the case pattern of ``template`` (upper, capitalised or lower)."""
    if template.isupper() and len(template) > 1:
        return text.upper()
    if template[:1].isupper():
        return text[:1].upper() + text[1:].lower()
    return text.lower()


def token_at(name: str, start: int, end: int) -> str:
    """The whole word (letters, digits, apostrophes) around ``name[start:end]``."""
    left = start
    while left > 0 and (name[left - 1].isalnum() or name[left - 1] == "'"):
        left -= 1
    right = end
    while right < len(name) and (name[right].isalnum() or name[right] == "'"):
        right += 1
    return name[left:right]


def case_in_context(name: str, start: int, end: int, text: str) -> str:
    """``text`` cased to replace ``name[start:end]``: upper inside an upper-case word,
    capitalised at the start of a capitalised word, else lower case."""
    word = token_at(name, start, end)
    if len(word) > 1 and word.isupper():
        return text.upper()
    source = name[start:end]
    if source[:1].isupper():
        return text[:1].upper() + text[1:].lower()
    return text.lower()


# --- transliteration -------------------------------------------------------------

_V = "aeiouy"
#: (label, pattern, alternatives); patterns are matched case-insensitively.
TRANSLIT_RULES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("q>k/gh", r"q(?!u)", ("k", "gh")),
    ("gh>q/g", r"gh", ("q", "g")),
    ("ou>u/oo", r"ou", ("u", "oo")),
    ("oo>u/ou", r"oo", ("u", "ou")),
    ("u>ou/oo", r"(?<![aeiouq])u(?=[^aeiouy\W])", ("ou", "oo")),
    ("ee>i", r"ee", ("i", "ea")),
    ("i>ee/y", rf"(?<=[^{_V}\W])i(?=[^{_V}\W])", ("ee", "y")),
    ("iy>y/i", r"iy\b", ("y", "i")),
    ("y>i/iy", rf"(?<=[^{_V}\W])y\b", ("i", "iy")),
    ("kh>h/ch", r"kh", ("h", "ch")),
    ("dj>j", r"dj", ("j",)),
    ("zh>j", r"zh", ("j",)),
    ("j>dj", r"(?<![dz])j", ("dj",)),
    ("ov>off/ow", r"(?<=[^\W])ov\b", ("off", "ow")),
    ("ev>eff/ew", r"(?<=[^\W])ev\b", ("eff", "ew")),
    ("off>ov", r"off\b", ("ov",)),
    ("w>v", r"w", ("v",)),
    ("v>w", r"v", ("w",)),
    ("ph>f", r"ph", ("f",)),
    ("f>ph", r"(?<!p)f", ("ph",)),
    ("double>single", r"([b-df-hj-np-tv-z])\1", ()),
    ("single>double", rf"(?<=[{_V}])([bdfgklmnprst])(?=[{_V}])", ()),
    ("article", r"\b(?:al|el|ul|ad|ar|as|ash|az|at|an)(?:-|\s)(?=\w)", ("al-", "el-", "al ", "")),
    (
        "muhammad",
        r"\b(?:muhammad|mohammad|mohammed|muhammed|mohamed|mohamad|muhamad|mohd)\b",
        ("Mohammad", "Muhammad", "Mohamed", "Mohammed", "Muhammed", "Mohamad"),
    ),
)
_TRANSLIT = tuple((label, re.compile(p, re.I), alts) for label, p, alts in TRANSLIT_RULES)


_Rule = tuple[str, re.Pattern[str], tuple[str, ...]]


#: English words of organisation names: they are translated, never romanised.
ENGLISH_WORDS = frozenset(
    [
        "and",
        "of",
        "the",
        "for",
        "in",
        "company",
        "companies",
        "joint",
        "stock",
        "limited",
        "liability",
        "public",
        "closed",
        "open",
        "private",
        "corporation",
        "corp",
        "group",
        "holding",
        "holdings",
        "bank",
        "international",
        "trading",
        "trade",
        "industrial",
        "industry",
        "industries",
        "service",
        "services",
        "technology",
        "technologies",
        "federal",
        "state",
        "unitary",
        "enterprise",
        "management",
        "shipping",
        "research",
        "production",
        "scientific",
        "design",
        "office",
        "machine",
        "building",
        "plant",
        "works",
        "factory",
        "institute",
        "university",
        "association",
        "foundation",
        "committee",
        "ministry",
        "agency",
        "army",
        "force",
        "forces",
        "front",
        "movement",
        "party",
        "organization",
        "organisation",
        "brigade",
        "battalion",
        "network",
        "society",
        "union",
        "national",
        "islamic",
        "central",
        "development",
        "investment",
        "investments",
        "engineering",
        "electronics",
        "energy",
        "oil",
        "gas",
        "petroleum",
        "chemical",
        "chemicals",
        "aviation",
        "aircraft",
        "airlines",
        "air",
        "marine",
        "maritime",
        "logistics",
        "transport",
        "exchange",
        "money",
        "financial",
        "finance",
        "insurance",
        "commercial",
        "construction",
        "import",
        "export",
        "general",
        "medical",
        "equipment",
        "systems",
        "system",
        "security",
        "defense",
        "defence",
        "military",
        "industrial",
    ]
)


def _protected_spans(name: str) -> list[tuple[int, int]]:
    spans = [(m.start(), m.end()) for m in re.finditer(r"[A-Za-z']+", name)]
    out = [(a, b) for a, b in spans if name[a:b].lower() in ENGLISH_WORDS]
    found = find_legal_form(name)
    if found is not None:
        out.append((found[0].start(1), found[0].end(1)))
    return out


def _transliterate(name: str, rng: random.Random, rules: Sequence[_Rule]) -> Variant | None:
    if any(ch.isdigit() for ch in name):
        return None  # registration marks and numbered names are not romanised words
    protected = _protected_spans(name)
    applicable = [
        (label, found, alts)
        for label, pattern, alts in rules
        if (found := list(pattern.finditer(name)))
    ]
    rng.shuffle(applicable)
    for label, found, alts in applicable:
        found = [m for m in found if not any(a <= m.start() < b for a, b in protected)]
        if not found:
            continue
        if label not in ("article", "muhammad"):
            # abbreviations such as OOO, JSC or AO are not romanised names
            found = [m for m in found if len(token_at(name, m.start(), m.end())) > 3]
            if not found:
                continue
        match = rng.choice(found)
        source = match.group(0)
        if label == "double>single":
            replacement = source[0]
        elif label == "single>double":
            replacement = source + case_in_context(name, match.start(), match.end(), source)
        else:
            choices = [a for a in alts if a.lower() != source.lower()]
            if not choices:
                continue
            replacement = rng.choice(choices)
            if label != "muhammad" or source.isupper():
                replacement = case_in_context(name, match.start(), match.end(), replacement)
        text = name[: match.start()] + replacement + name[match.end() :]
        if text != name and text.strip():
            return Variant(" ".join(text.split()), label)
    return None


def transliteration(name: str, rng: random.Random) -> Variant | None:
    """One romanisation rule applied at one place (rule first, then place, at random).

    Names containing digits (tail numbers, numbered entities) are left alone."""
    return _transliterate(name, rng, _TRANSLIT)


def transliteration_rule(label: str) -> VariantFn:
    """The transliteration family restricted to the rule named ``label``."""
    rules = [r for r in _TRANSLIT if r[0] == label]
    if not rules:
        raise ValueError(f"no transliteration rule {label!r}")

    def apply(name: str, rng: random.Random) -> Variant | None:
        return _transliterate(name, rng, rules)

    return apply


# --- typos -------------------------------------------------------------------------

_LETTERS = "abcdefghijklmnopqrstuvwxyz"
MIN_TYPO_LETTERS = 8


def typo(name: str, rng: random.Random) -> Variant | None:
    """One insertion, deletion, substitution or adjacent transposition of a letter."""
    positions = [i for i, ch in enumerate(name) if ch.isalpha()]
    if len(positions) < MIN_TYPO_LETTERS or not name.isascii():
        return None
    ops = ["insert", "delete", "substitute", "transpose"]
    rng.shuffle(ops)
    for op in ops:
        i = rng.choice(positions)
        ch = name[i]
        if op == "insert":
            new = case_in_context(name, i, i + 1, rng.choice(_LETTERS))
            text = name[:i] + new + name[i:]
        elif op == "delete":
            text = name[:i] + name[i + 1 :]
        elif op == "substitute":
            new = case_in_context(
                name, i, i + 1, rng.choice([c for c in _LETTERS if c != ch.lower()])
            )
            text = name[:i] + new + name[i + 1 :]
        else:
            if i + 1 >= len(name) or not name[i + 1].isalpha() or name[i + 1].lower() == ch.lower():
                continue
            text = name[:i] + name[i + 1] + ch + name[i + 2 :]
        if text != name:
            return Variant(text, f"{op}@{i}")
    return None


# --- person name structure ------------------------------------------------------------

#: Name particles that belong to the next word: "bin Laden", "Abu Bakr", "Abdul Ghafar".
CONNECTORS = frozenset(
    {
        "bin",
        "ben",
        "ibn",
        "bint",
        "binti",
        "ould",
        "walad",
        "abu",
        "abou",
        "bte",
        "abd",
        "abdul",
        "abdel",
        "abdal",
        "abdur",
        "abdol",
        "abdoul",
    }
)
#: Particles that belong to the next word and are never moved alone.
STICKY = CONNECTORS | frozenset(
    {"al", "el", "ul", "ur", "ad", "as", "ash", "de", "del", "da", "di", "van", "von", "le", "la"}
)
#: Honorifics and ranks found at the start of listed person names.
NAME_TITLES = frozenset(
    {
        "sayyed",
        "sayed",
        "seyed",
        "seyyed",
        "sayyid",
        "mawlawi",
        "maulavi",
        "maulvi",
        "mullah",
        "mulla",
        "haji",
        "hajji",
        "hadji",
        "qari",
        "hafiz",
        "sheikh",
        "shaykh",
        "col",
        "gen",
        "general",
        "colonel",
        "dr",
        "mr",
        "mrs",
        "eng",
        "prof",
    }
)


def _plain(token: str) -> str:
    return token.lower().strip(".,'-")


def reorder(name: str, rng: random.Random) -> Variant | None:
    """Read "LAST, First" as "First LAST"; else move the last part first (or the first last)."""
    if name.count(",") == 1:
        last, given = (p.strip() for p in name.split(","))
        if last and given:
            return Variant(f"{given} {last}", "comma>reading-order")
        return None
    tokens = name.split()
    if len(tokens) < 2:
        return None
    if rng.random() < 0.5:
        if _plain(tokens[-2]) in STICKY | NAME_TITLES:
            return None  # "Abdel Karim AL NASSER" cannot lose its article
        out = [tokens[-1], *tokens[:-1]]
        detail = "last-first"
    else:
        if _plain(tokens[0]) in STICKY | NAME_TITLES:
            return None  # "Abu AMR" and "Haji X" keep their particle in front
        out = [*tokens[1:], tokens[0]]
        detail = "first-last"
    text = " ".join(out)
    return Variant(text, detail) if text != name else None


def _drop_one(tokens: Sequence[str], candidates: Sequence[int], rng: random.Random) -> list[str]:
    i = rng.choice(candidates)
    start = i - 1 if i > 0 and _plain(tokens[i - 1]) in CONNECTORS else i
    return [t for j, t in enumerate(tokens) if not start <= j <= i]


def _droppable(tokens: Sequence[str], first: int, stop: int) -> list[int]:
    """Indexes in ``[first, stop)`` that may be dropped: not a particle, and not the
    given name after a leading title."""
    if tokens and _plain(tokens[0]) in NAME_TITLES:
        first = max(first, 2)
    return [i for i in range(first, stop) if _plain(tokens[i]) not in STICKY | NAME_TITLES]


def drop_middle(name: str, rng: random.Random) -> Variant | None:
    """One middle name dropped; a connector (bin, ben, ould, ...) before it goes too."""
    if name.count(",") == 1:
        last, given = (p.strip() for p in name.split(","))
        tokens = given.split()
        candidates = _droppable(tokens, 1, len(tokens))
        if not last or not candidates:
            return None
        kept = _drop_one(tokens, candidates, rng)
        if not kept or all(_plain(t) in STICKY | NAME_TITLES for t in kept):
            return None
        return Variant(f"{last}, {' '.join(kept)}", "given-middle")
    tokens = name.split()
    candidates = _droppable(tokens, 1, len(tokens) - 1)
    if len(tokens) < 3 or not candidates:
        return None
    kept = _drop_one(tokens, candidates, rng)
    if len(kept) < 2 or sum(_plain(t) not in STICKY | NAME_TITLES for t in kept) < 2:
        return None
    return Variant(" ".join(kept), "middle")


TITLES = (
    "Dr",
    "Dr.",
    "Sheikh",
    "Shaykh",
    "Brig. Gen.",
    "General",
    "Colonel",
    "Haji",
    "Hajji",
    "Mullah",
    "Maulvi",
    "Mr",
    "Prof.",
    "Eng.",
)


def title(name: str, rng: random.Random) -> Variant | None:
    """An honorific or rank put before the given name."""
    chosen = rng.choice(TITLES)
    if name.count(",") == 1:
        last, given = (p.strip() for p in name.split(","))
        if last and given:
            return Variant(f"{last}, {chosen} {given}", chosen)
        return None
    return Variant(f"{chosen} {name}", chosen)


# --- organisations ---------------------------------------------------------------------

#: Groups of equivalent legal forms (abbreviation, transliteration, English wording).
LEGAL_FORM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("LLC", "OOO", "Limited Liability Company", "L.L.C."),
    ("JSC", "AO", "Joint Stock Company"),
    ("OJSC", "OAO", "Open Joint Stock Company"),
    ("CJSC", "ZAO", "Closed Joint Stock Company"),
    ("PJSC", "PAO", "Public Joint Stock Company"),
    ("Co., Ltd.", "Company Limited", "Co. Ltd", "Co Ltd"),
    ("Ltd", "Limited", "Ltd."),
    ("Inc.", "Incorporated", "Inc"),
    ("Corp.", "Corporation"),
    ("PLC", "Public Limited Company"),
    ("Pvt. Ltd.", "Private Limited"),
    ("GmbH", "Gesellschaft mit beschränkter Haftung"),
    ("LLP", "Limited Liability Partnership"),
    ("FZE", "Free Zone Establishment"),
    ("FZCO", "Free Zone Company"),
    ("S.A.", "Sociedad Anónima"),
)
ADDED_FORMS = ("LLC", "Ltd", "Limited", "JSC", "Co., Ltd.", "Inc.", "GmbH", "OOO", "Corporation")


def _form_pattern(form: str) -> str:
    tokens = re.findall(r"\w+", form)
    return r"[\s.,]*".join(re.escape(t) for t in tokens) + r"\.?"


_FORMS = sorted(
    ((form, group) for group in LEGAL_FORM_GROUPS for form in group),
    key=lambda x: -len(x[0]),
)
_FORM_RE = re.compile(
    r"(?:^|(?<=[\s,(\"«]))(" + "|".join(_form_pattern(f) for f, _ in _FORMS) + r")(?=$|[\s,)\"»])",
    re.I,
)
_FORM_EXACT = [(re.compile(_form_pattern(f) + "$", re.I), f, g) for f, g in _FORMS]


def find_legal_form(name: str) -> tuple[re.Match[str], tuple[str, ...]] | None:
    """The last legal form in ``name`` and its equivalence group, if any."""
    found = list(_FORM_RE.finditer(name))
    if not found:
        return None
    match = found[-1]
    for pattern, _form, group in _FORM_EXACT:
        if pattern.match(match.group(1)):
            return match, group
    return None


def legal_form(name: str, rng: random.Random) -> Variant | None:
    """Remove or translate the legal form; add one when the name has none."""
    found = find_legal_form(name)
    if found is None:
        form = rng.choice(ADDED_FORMS)
        if form in ("OOO", "JSC") and rng.random() < 0.5:
            return Variant(f'{form} "{name}"', f"add-prefix:{form}")
        return Variant(f"{name} {form}", f"add:{form}")
    match, group = found
    current = match.group(1)
    if rng.random() < 0.5:
        text = name[: match.start(1)] + name[match.end(1) :]
        text = " ".join(text.replace('""', "").split()).strip(" ,")
        if sum(ch.isalnum() for ch in text) < 3:
            return None
        return Variant(text, f"remove:{current}")
    choices = [f for f in group if _form_pattern(f) != _form_pattern(current)]
    choices = [f for f in choices if f.lower().replace(".", "") != current.lower().replace(".", "")]
    if not choices:
        return None
    new = rng.choice(choices)
    letters = [ch for ch in name if ch.isalpha()]
    if len(new.split()) > 1 and sum(ch.isupper() for ch in letters) > len(letters) / 2:
        new = new.upper()
    text = name[: match.start(1)] + new + name[match.end(1) :]
    return Variant(text, f"translate:{current}>{new}") if text != name else None


# --- look-alike characters ------------------------------------------------------------

HOMOGLYPHS = {
    "a": "а",
    "e": "е",
    "o": "о",
    "p": "р",
    "c": "с",
    "x": "х",
    "y": "у",
    "A": "А",
    "B": "В",
    "E": "Е",
    "K": "К",
    "M": "М",
    "H": "Н",
    "O": "О",
    "P": "Р",
    "C": "С",
    "T": "Т",
    "X": "Х",
}
MAX_LOOKALIKES = 3


def lookalike(name: str, rng: random.Random) -> Variant | None:
    """One to three Latin letters replaced by their Cyrillic look-alikes."""
    eligible = [i for i, ch in enumerate(name) if ch in HOMOGLYPHS]
    if not eligible or not name.isascii():
        return None
    count = rng.randint(1, min(MAX_LOOKALIKES, len(eligible)))
    chosen = set(rng.sample(eligible, count))
    text = "".join(HOMOGLYPHS[ch] if i in chosen else ch for i, ch in enumerate(name))
    return Variant(text, f"{count} letters")


@dataclass(frozen=True, slots=True)
class Family:
    """A transformation family: its function and the schemas it applies to.

    ``parts`` are sub-families sampled in equal shares (the transliteration rules,
    so that rarely applicable rules such as q/gh are measured too)."""

    name: str
    apply: VariantFn
    schemas: frozenset[str]
    parts: tuple[Family, ...] = ()


NAMED = frozenset({"Person", "Organization", "Company", "LegalEntity"})
FAMILIES: tuple[Family, ...] = (
    Family(
        "transliteration",
        transliteration,
        NAMED,
        tuple(Family(label, transliteration_rule(label), NAMED) for label, _, _ in TRANSLIT_RULES),
    ),
    Family("typo", typo, ANY),
    Family("reorder", reorder, PERSON),
    Family("drop_middle", drop_middle, PERSON),
    Family("legal_form", legal_form, ORGANISATION),
    Family("title", title, PERSON),
    Family("lookalike", lookalike, ANY),
)
