"""MT block-4 party fields (options A, B, C, D, F, K and no letter) to :class:`Party`.

Contract, per option (``/...`` first lines are accounts or party identifiers):

* ``A`` (and 59A, 50A): optional ``/account`` line, then a BIC (last line);
* ``B``: optional ``/party id``, then a location (kept as an address line);
* ``C``: a ``/party id`` only (kept as account);
* ``D``, ``K``, no letter (50K, 59, 52D ... 58D): optional ``/account``, then name and
  address lines; the name is the first line, and also the first two lines joined when
  the second has no digit (names run over lines);
* ``F`` (50F, 59F): first line ``/account`` or ``CODE/CC/identifier`` (CCPT, NIDN,
  DRLC, SOSE, ARNU type the party as a person); then numbered lines ``1/`` name (several
  ``1/`` lines are joined), ``2/`` address, ``3/CC/town`` country and town, ``4/``
  date of birth (types a person), ``5/CC/place`` of birth, ``6/CC/issuer/id`` and
  ``7/CC/id`` identifiers, ``8/`` continuation.

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
    if not any(x.strip() for x in lines):
        return None
    if option == "F":
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
    first = _loc(lines, rest[0], path, line)
    names = [first]
    if len(rest) > 1:
        second = lines[rest[1]].strip()
        if second and not any(ch.isdigit() for ch in second):
            names.append(
                Located(f"{first.value} {' '.join(second.split())}", first.path, first.line)
            )
    address = tuple(_loc(lines, i, path, line) for i in rest[1:])
    countries: list[Located] = []
    for loc in address:
        code, _, _ = loc.value.partition("/")
        if _COUNTRY.fullmatch(code) and "/" in loc.value:
            countries.append(Located(code, loc.path, loc.line))
    return Party(
        role,
        kind,
        path,
        names=tuple(names),
        account=account,
        address=address,
        countries=tuple(countries),
    )


def _option_f(lines: tuple[str, ...], *, role: str, kind: PartyKind, path: str, line: int) -> Party:
    account: Located | None = None
    identifiers: list[Located] = []
    countries: list[Located] = []
    address: list[Located] = []
    births: list[Located] = []
    name_parts: list[str] = []
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
            continue
        value = value.strip()
        loc = Located(value, here.path, here.line)
        if number == "1":
            name_parts.append(value)
            name_loc = name_loc or loc
        elif number == "2":
            address.append(loc)
        elif number in ("3", "5"):
            cc, _, town = value.partition("/")
            if _COUNTRY.fullmatch(cc.strip()):
                countries.append(Located(cc.strip(), loc.path, loc.line))
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
            identifiers.append(loc)
    names: tuple[Located, ...] = ()
    if name_loc is not None:
        names = (Located(" ".join(" ".join(name_parts).split()), name_loc.path, name_loc.line),)
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
