"""MT block-4 party fields (options A, B, C, D, F, K and no letter) to :class:`Party`.

Contract, per option (``/...`` first lines are accounts or party identifiers):

* ``A`` (and 59A, 50A): optional ``/account`` line, then a BIC (last line);
* ``B``: optional ``/party id``, then a location (kept as an address line);
* ``C``: a ``/party id`` only (kept as account);
* ``D``, ``K``, no letter (50K, 59, 52D ... 58D): optional ``/account``, then name and
  address lines; the name is the first line, and also the first two lines joined when
  the second has no digit (names run over lines; after a full 35-character first line
  also joined without a space, as the cut may fall inside a word). A first line
  holding only tax or registration numbers (``INN7707083893``) is an identifier and the
  name is the line after it; a stray ``1/`` before the name is dropped; ``CC/TOWN``
  lines and a last line holding only a country code give countries. When every line
  after the account is numbered ``1/``..``8/`` starting with ``1/`` (option F lines
  written under K or no letter), the field is read as option F;
* ``F`` (50F, 59F): first line ``/account`` or ``CODE/CC/identifier`` (CCPT, NIDN,
  DRLC, SOSE, ARNU type the party as a person); then numbered lines ``1/`` name
  (several ``1/`` lines are joined; a second name joins them without a space after
  full-width lines), ``2/`` address, ``3/CC/town`` country and town (a ``3/`` line
  without a country code continues the town), ``4/`` date of birth (types a person),
  ``5/CC/place`` of birth, ``6/CC/issuer/id`` and ``7/CC/id`` identifiers, ``8/``
  continuation (also joined to the 6/ or 7/ identifier before it). In a field without
  any ``1/`` line, the first unnumbered line after the account or identifier is the
  name (option F written free-format).

Blank lines before the first line of a field (``:50K:`` alone on its line) are skipped.

Paths are ``4/<tag>`` for the field and ``4/<tag>/<n>`` for its n-th line (``4/B/...``
in sequence B of COV messages); ``line`` is the file line.
"""

from __future__ import annotations

import re

from interdict.payments.model import Located, Party, PartyKind

PERSON_ID_CODES = frozenset({"CCPT", "NIDN", "DRLC", "SOSE", "ARNU"})
ID_CODES = PERSON_ID_CODES | {"CUST", "EMPL", "TXID"}
_COUNTRY = re.compile(r"[A-Z]{2}")
_BIC = re.compile(r"[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?")
_NUMBERED = re.compile(r"[1-8]/")
#: A line holding only tax/registration numbers (``INN7707083893 KPP770701001``,
#: ``VAT: 12345678``): written before the name by some banks.
_ID_LINE = re.compile(r"(?:(?:[A-Z]{2,5}\.?\s*[:/.#-]?\s*)?\d[\d ./-]{4,}\s*)+", re.IGNORECASE)
#: Characters per line of a party field: a name line this long may have been cut
#: inside a word ("...ORGANIZA" + "TION"), so the lines are also joined without a space.
LINE_WIDTH = 35


def _loc(lines: tuple[str, ...], i: int, path: str, line: int) -> Located:
    return Located(" ".join(lines[i].split()), f"{path}/{i + 1}", line + i)


def _account(value: str) -> str:
    """``/D/123`` -> ``123``; ``/123`` -> ``123``; ``//SC123`` -> ``SC123``."""
    text = value.strip()
    for prefix in ("/D/", "/C/", "//", "/"):
        if text.startswith(prefix):
            return text[len(prefix) :].strip()
    return text


def party_from_field(
    tag: str, lines: tuple[str, ...], *, role: str, kind: PartyKind, path: str, line: int
) -> Party | None:
    """The party of one MT field, or ``None`` when the field holds nothing to screen."""
    option = tag[2:] if len(tag) > 2 else ""
    lines = tuple(x.rstrip() for x in lines)
    skip = 0
    while skip < len(lines) and not lines[skip].strip():
        skip += 1
    if skip == len(lines):
        return None
    if skip:  # the value starts on the line after the tag: keep line numbers exact
        return _shifted(tag, lines[skip:], role=role, kind=kind, path=path, line=line, by=skip)
    if option == "F" or (option in ("", "K", "D", "H") and _numbered(lines)):
        return _option_f(lines, role=role, kind=kind, path=path, line=line)
    account: Located | None = None
    start = 0
    if lines[0].startswith("/") and (
        option != "A" or len(lines) > 1 or not _BIC.fullmatch(lines[0])
    ):
        account = Located(_account(lines[0]), f"{path}/1", line)
        start = 1
    rest = [i for i in range(start, len(lines)) if lines[i].strip()]
    if option == "A" or (option in ("G",) and rest):
        bic = _loc(lines, rest[-1], path, line) if rest else None
        return Party(role, kind, path, bic=bic, account=account)
    if option == "C":
        return Party(role, kind, path, account=account) if account else None
    if option == "B":
        address = tuple(_loc(lines, i, path, line) for i in rest)
        return Party(role, kind, path, account=account, address=address)
    # D, K, H, no letter: name and address lines
    if not rest:
        return Party(role, kind, path, account=account)
    identifiers: tuple[Located, ...] = ()
    if len(rest) > 1 and _ID_LINE.fullmatch(lines[rest[0]].strip()):
        identifiers = (_loc(lines, rest[0], path, line),)  # "INN7707083893" before the name
        rest = rest[1:]
    first = _loc(lines, rest[0], path, line)
    if first.value.startswith("1/") and len(first.value) > 2:  # a stray option F number
        first = Located(first.value[2:].strip(), first.path, first.line)
    names = [first]
    if len(rest) > 1:
        second = " ".join(lines[rest[1]].split())
        if second and not any(ch.isdigit() for ch in second):
            names.append(Located(f"{first.value} {second}", first.path, first.line))
            if len(lines[rest[0]]) >= LINE_WIDTH and not lines[rest[1]][:1].isspace():
                # a full line may break inside a word
                names.append(Located(f"{first.value}{second}", first.path, first.line))
    address = tuple(_loc(lines, i, path, line) for i in rest[1:])
    countries: list[Located] = []
    for loc in address:
        code, _, _ = loc.value.partition("/")
        if _COUNTRY.fullmatch(code) and ("/" in loc.value or loc is address[-1]):
            countries.append(Located(code, loc.path, loc.line))  # "CC/TOWN", or "CC" last
    return Party(
        role,
        kind,
        path,
        names=tuple(names),
        account=account,
        identifiers=identifiers,
        address=address,
        countries=tuple(countries),
    )


def _numbered(lines: tuple[str, ...]) -> bool:
    """Whether the lines after an optional ``/account`` are option F numbered lines
    (``lines[0]`` is not blank)."""
    first = lines[1] if lines[0].startswith("/") and len(lines) > 1 else lines[0]
    if not first.lstrip().startswith("1/"):
        return False  # the common case, decided without looking further
    body = [x.strip() for x in lines if x.strip()]
    if body[0].startswith("/"):
        body = body[1:]
    return all(_NUMBERED.match(x) for x in body)


def _shifted(
    tag: str,
    lines: tuple[str, ...],
    *,
    role: str,
    kind: PartyKind,
    path: str,
    line: int,
    by: int,
) -> Party | None:
    """The party of a field whose first ``by`` lines are blank, with its line numbers
    and paths counted from the tag's line."""
    party = party_from_field(tag, lines, role=role, kind=kind, path=path, line=line + by)
    if party is None:
        return None

    def fix(loc: Located | None) -> Located | None:
        if loc is None:
            return None
        head, _, number = loc.path.rpartition("/")
        if head == path and number.isdigit():
            return Located(loc.value, f"{path}/{int(number) + by}", loc.line)
        return loc

    def fix_all(locs: tuple[Located, ...]) -> tuple[Located, ...]:
        return tuple(x for x in (fix(loc) for loc in locs) if x is not None)

    return Party(
        party.role,
        party.kind,
        party.path,
        names=fix_all(party.names),
        type=party.type,
        bic=fix(party.bic),
        account=fix(party.account),
        identifiers=fix_all(party.identifiers),
        countries=fix_all(party.countries),
        address=fix_all(party.address),
        birth_dates=fix_all(party.birth_dates),
    )


def _option_f(lines: tuple[str, ...], *, role: str, kind: PartyKind, path: str, line: int) -> Party:
    account: Located | None = None
    identifiers: list[Located] = []
    countries: list[Located] = []
    address: list[Located] = []
    births: list[Located] = []
    name_parts: list[str] = []
    glued = ""  # the name lines joined without a space after full-width lines
    last_id = ""  # "67" right after a 6/ or 7/ line (an 8/ line continues it)
    unnumbered: list[Located] = []
    name_loc: Located | None = None
    ptype: str | None = None
    for i, raw in enumerate(lines):
        text = raw.strip()
        if not text:
            continue
        here = Located(text, f"{path}/{i + 1}", line + i)
        number, sep, value = text.partition("/")
        if i == 0 and not (len(number) == 1 and number.isdigit() and sep):
            if text.startswith("/"):
                account = Located(_account(text), here.path, here.line)
                continue
            code, _, more = text.partition("/")
            cc, _, ident = more.partition("/")
            if code in ID_CODES:
                if code in PERSON_ID_CODES:
                    ptype = "person"
                if _COUNTRY.fullmatch(cc):
                    countries.append(Located(cc, here.path, here.line))
                identifiers.append(Located(ident.strip() or more.strip(), here.path, here.line))
            else:
                identifiers.append(here)
            continue
        if not (len(number) == 1 and number.isdigit() and sep):
            address.append(here)
            unnumbered.append(here)
            continue
        new_word = value[:1].isspace()
        value = value.strip()
        loc = Located(value, here.path, here.line)
        if number == "1":
            name_parts.append(value)
            glued += (" " if new_word else "") + value + ("" if len(text) >= LINE_WIDTH else " ")
            name_loc = name_loc or loc
        elif number == "2":
            address.append(loc)
        elif number in ("3", "5"):
            cc, slash, town = value.partition("/")
            if _COUNTRY.fullmatch(cc.strip()):  # "3/CC/TOWN" or the country alone
                countries.append(Located(cc.strip(), loc.path, loc.line))
            elif not slash:  # a continuation of the town, without a country code
                town = value
            if town.strip():
                address.append(Located(town.strip(), loc.path, loc.line))
            if number == "5":
                ptype = "person"
        elif number == "4":
            births.append(loc)
            ptype = "person"
        elif number in ("6", "7"):
            cc, _, ident = value.partition("/")
            if _COUNTRY.fullmatch(cc.strip()):
                countries.append(Located(cc.strip(), loc.path, loc.line))
            identifiers.append(
                Located(ident.rpartition("/")[2].strip() or value, loc.path, loc.line)
            )
        elif number == "8":
            if last_id == "67" and identifiers:  # continues the 6/ or 7/ identifier
                prev = identifiers[-1]
                identifiers[-1] = Located(prev.value + value, prev.path, prev.line)
            identifiers.append(loc)
        last_id = "67" if number in ("6", "7") or (number == "8" and last_id) else ""
    names: tuple[Located, ...] = ()
    if name_loc is None and unnumbered:  # free-format lines: the first is the name
        name_loc = unnumbered[0]
        name_parts.append(name_loc.value)
        glued = name_loc.value
        address.remove(name_loc)
    if name_loc is not None:
        spaced = " ".join(" ".join(name_parts).split())
        names = (Located(spaced, name_loc.path, name_loc.line),)
        glued = " ".join(glued.split())
        if glued != spaced:
            names = (*names, Located(glued, name_loc.path, name_loc.line))
    return Party(
        role,
        kind,
        path,
        names=names,
        type=ptype,
        account=account,
        identifiers=tuple(identifiers),
        countries=tuple(countries),
        address=tuple(address),
        birth_dates=tuple(births),
    )
