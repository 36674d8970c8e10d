"""Screening parsed payment messages: parties, BICs, countries and free text.

Contract (no matching logic here: names and BICs go to the screener, countries and
places to the embargo rules):

* every party and agent with a name, a BIC or an identifier becomes one
  :class:`Query`: its names (an agent known by its BIC only is queried by its BIC, one
  known by other identifiers only, such as an LEI, by the first of them), type where
  the message states it, birth dates, countries (address, residence, birth; BIC
  country for agents) and identifiers (BIC in 11- and 8-character forms, LEI, other
  ids); matches at or above the policy threshold for its kind (party or agent) are
  hits naming the field, its path and the matched name; identical queries are asked
  once per message (or file). A party known by identifiers only hits only on a listed
  identifier; when the screener exposes its match index (``screener.index``), it
  reaches the screener only when the index files one of them;
* every country code (postal address, residence, birth, id issuer, 50F ``3/``), the
  country of every BIC (characters 5-6) and valid-looking IBAN, and every embargoed
  place named in address lines (and, by default, in free text) is checked against the
  embargo rules; those hits have ``entity_id`` ``None``, score 1.0 and an explanation
  naming the rule;
* free text is cut into candidate windows (:mod:`interdict.payments.freetext`) screened
  with the free-text threshold; with the screener's index (and ``text_prefilter``) only
  the windows :mod:`interdict.payments.textfilter` selects are screened; each entity is
  reported once per text, at its best;
* a party repeated across transactions (pain.001 payment-block debtor) is screened once;
* a message is ``error`` when it could not be parsed or screened completely (hits found
  before a streaming error are kept), else ``hit`` when it has hits, else ``clear``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache, partial
from typing import Any, Protocol

from rigour.territories import lookup_by_identifier

from interdict.errors import MessageError, QueryError
from interdict.index.keys import MIN_IDENTIFIER_LENGTH, normalize_identifier
from interdict.index.model import MatchIndex
from interdict.model import country_code, parse_date
from interdict.payments.embargo import PlaceMatch, bic_country, iban_country
from interdict.payments.freetext import candidate_windows
from interdict.payments.iso_extract import TEXT_CONTAINERS
from interdict.payments.model import (
    Located,
    Party,
    PartyKind,
    PaymentMessage,
    Section,
    Syntax,
)
from interdict.payments.policy import PaymentPolicy
from interdict.payments.result import Hit, MessageResult, decision_of
from interdict.payments.textfilter import TextPrefilter, prefilter_for
from interdict.screening.policy import Policy
from interdict.screening.query import Query
from interdict.screening.result import Match, ScreeningResult

_INDEX = re.compile(r"\[\d+\]")
_DIGITS8 = re.compile(r"(\d{4})(\d{2})(\d{2})")


class Screener(Protocol):
    """What payment screening needs from :class:`interdict.screening.screener.Screener`.

    A screener that also exposes its :class:`MatchIndex` as ``index`` (the real one and
    :class:`interdict.screening.cache.CachedScreener` do) lets free text be prefiltered
    and BIC-only agents be looked up without a screener call."""

    def screen(self, query: Query, *, policy: Policy | None = None) -> ScreeningResult: ...


def index_of(screener: Screener) -> MatchIndex | None:
    """The match index behind ``screener``, if it exposes one."""
    index = getattr(screener, "index", None)
    return index if isinstance(index, MatchIndex) else None


def field_label(path: str, syntax: Syntax, role: str | None = None) -> str:
    """The ``field`` of a hit: MT tag, ISO role, or ISO free-text element path."""
    if syntax is Syntax.MT:
        parts = path.split("/")
        tags = [p for p in parts if len(p) >= 2 and p[:2].isdigit()]
        return tags[0] if tags else (role or path)
    if role is not None:
        return role
    parts = _INDEX.sub("", path).split("/")
    for i, part in enumerate(parts):
        if part in TEXT_CONTAINERS:
            return "/".join(parts[i:])
    return "/".join(parts[-2:])


@lru_cache(maxsize=4096)
def territory_of(value: str) -> str | None:
    """The territory code of a country code as payment messages write it (``IR``,
    ``IRN``), or of a country name. Codes are looked up as codes only: an unknown code
    (a BIC's ``RD``) is not matched against country names, which would load rigour's
    name table (seconds) for nothing."""
    text = value.strip()
    if len(text) in (2, 3) and text.isalpha():
        territory = lookup_by_identifier(text)
        return str(territory.code) if territory is not None else None
    return country_code(text)


def _iso_date(raw: str) -> str | None:
    text = raw.strip()
    found = _DIGITS8.fullmatch(text)
    if found:
        text = "-".join(found.groups())
    parsed = parse_date(text)
    return text if parsed is not None else None


@dataclass(slots=True)
class MessageScreener:
    """Screens the sections of one message; remembers parties and texts by path so a
    value repeated across transactions is screened once. ``results`` caches the
    screener's answers by query and may be shared by the messages of one file (batches
    repeat correspondents and texts)."""

    screener: Screener
    policy: PaymentPolicy
    syntax: Syntax
    results: dict[tuple[object, ...], tuple[Match, ...]] = field(default_factory=dict)
    _done: dict[str, list[Hit]] = field(default_factory=dict)
    _index: MatchIndex | None = field(default=None, init=False)
    _prefilter: TextPrefilter | None = field(default=None, init=False)

    #: Most distinct queries remembered per message (bulk files repeat BICs and texts).
    MAX_CACHED_QUERIES = 20_000
    #: Candidate windows looked at per text by the prefilter, per window it may select.
    SCAN_FACTOR = 10

    def __post_init__(self) -> None:
        self._index = index_of(self.screener)
        if self._index is not None and self.policy.text_prefilter:
            self._prefilter = prefilter_for(self._index)

    def _screen(
        self,
        names: tuple[str, ...],
        threshold: float,
        *,
        record: str,
        type: str | None = None,
        birth_dates: tuple[str, ...] = (),
        countries: tuple[str, ...] = (),
        identifiers: tuple[str, ...] = (),
    ) -> tuple[Match, ...]:
        """The screener's matches for a query built from these inputs, asked once per
        message (or file); raises :class:`QueryError` for unusable input."""
        key = (names, type, birth_dates, countries, identifiers, threshold)
        cached = self.results.get(key)
        if cached is None:
            query = Query.build(
                names,
                type=type,
                birth_dates=birth_dates,
                countries=countries,
                identifiers=identifiers,
                record=record,
            )
            result = self.screener.screen(query, policy=self.policy.screening_policy(threshold))
            cached = result.matches
            if len(self.results) >= self.MAX_CACHED_QUERIES:
                self.results.clear()
            self.results[key] = cached
        return cached

    def section(self, section: Section) -> list[Hit]:
        hits: list[Hit] = []
        for party in section.parties:
            hits.extend(self._cached(f"party:{party.path}", partial(self.party, party)))
        for text in section.texts:
            hits.extend(self._cached(f"text:{text.path}", partial(self.text, text)))
        for loc in section.countries:
            hits.extend(
                self._cached(
                    f"country:{loc.path}",
                    partial(self._country, loc, field_label(loc.path, self.syntax), "country"),
                )
            )
        return hits

    def _cached(self, key: str, compute: Callable[[], list[Hit]]) -> list[Hit]:
        if key in self._done:
            return []
        hits = compute()
        self._done[key] = hits
        return hits

    # -- embargo -------------------------------------------------------------------
    def _country(self, loc: Located, label: str, source: str, code: str | None = None) -> list[Hit]:
        value = (code or loc.value).strip().upper()
        name = self.policy.embargo.country_name(value)
        if name is None:
            return []
        return [
            Hit(
                label,
                loc.path,
                loc.value,
                None,
                1.0,
                {
                    "rule": "embargo_country",
                    "country": value,
                    "name": name,
                    "source": source,
                    "summary": f"{source} {value} ({name}) is under a comprehensive embargo",
                },
            )
        ]

    def _places(self, loc: Located, label: str) -> list[Hit]:
        return [self._place_hit(loc, label, m) for m in self.policy.embargo.find_places(loc.value)]

    def _place_hit(self, loc: Located, label: str, match: PlaceMatch) -> Hit:
        place = match.place
        rule = "embargo_region" if place.kind == "region" else "embargo_country"
        key = "region" if place.kind == "region" else "country"
        return Hit(
            label,
            loc.path,
            loc.value,
            None,
            1.0,
            {
                "rule": rule,
                key: place.code,
                "name": place.name,
                "term": match.term,
                "summary": f"{match.term!r} names {place.name}, under a comprehensive embargo",
            },
        )

    # -- parties -------------------------------------------------------------------
    def party(self, party: Party) -> list[Hit]:
        label = field_label(
            party.path, self.syntax, None if self.syntax is Syntax.MT else party.role
        )
        hits: list[Hit] = []
        bic = party.bic.value.strip().upper() if party.bic else None
        allowed = bic is not None and self.policy.bic_allowed(bic)
        for loc in party.countries:
            hits.extend(self._country(loc, label, "country"))
        if party.bic is not None and bic and not allowed:
            code = bic_country(bic)
            if code:
                hits.extend(self._country(party.bic, label, "BIC country", code))
        if party.account is not None:
            code = iban_country(party.account.value)
            if code:
                hits.extend(self._country(party.account, label, "IBAN country", code))
        for loc in party.address:
            hits.extend(self._places(loc, label))
        if allowed:
            return hits
        hits.extend(self._names(party, label, bic))
        return hits

    def _names(self, party: Party, label: str, bic: str | None) -> list[Hit]:
        names = [n for n in party.names if n.value.strip()]
        # A party without a name is queried by its BIC, else by its first identifier
        # (LEI, clearing member id, other id), and hits only on a listed identifier.
        bic_only = not names and (
            (party.bic is not None and bool(bic)) or any(i.value.strip() for i in party.identifiers)
        )
        if bic_only:
            names = (
                [party.bic]
                if party.bic is not None and bic
                else [next(i for i in party.identifiers if i.value.strip())]
            )
        if not names:
            return []
        identifiers: list[str] = []
        if bic:
            identifiers.extend([bic, bic[:8]] if len(bic) == 11 else [bic, bic + "XXX"])
        identifiers.extend(i.value for i in party.identifiers)
        if bic_only and self._index is not None and not _any_listed(self._index, identifiers):
            return []  # an agent known by identifiers only hits only on a listed one
        countries = [c for c in (territory_of(loc.value) for loc in party.countries) if c]
        if party.kind is PartyKind.AGENT and bic:
            code = bic_country(bic)
            territory = territory_of(code) if code else None
            if territory:
                countries.append(territory)
        births = [d for d in (_iso_date(b.value) for b in party.birth_dates) if d]
        if bic_only:
            threshold = self.policy.bic_threshold
        elif party.kind is PartyKind.PARTY:
            threshold = self.policy.party_threshold
        else:
            threshold = self.policy.agent_threshold
        try:
            matches = self._screen(
                tuple(n.value for n in names),
                threshold,
                record=party.path,
                type=party.type,
                birth_dates=tuple(births),
                countries=tuple(countries),
                identifiers=tuple(identifiers),
            )
        except QueryError as exc:
            raise MessageError(
                f"{label} at {party.path} cannot be screened: {exc.message}"
            ) from None
        by_value = {n.value: n for n in names}
        hits = []
        for match in matches:
            if match.score < threshold:
                continue
            if bic_only and not _identifier_listed(match.explanation):
                continue
            matched = _query_name(match.explanation)
            where = by_value.get(matched or "", names[0])
            hits.append(
                Hit(label, where.path, where.value, match.entity_id, match.score, match.explanation)
            )
        return hits

    # -- free text -----------------------------------------------------------------
    def text(self, loc: Located) -> list[Hit]:
        label = field_label(loc.path, self.syntax)
        hits: list[Hit] = []
        if self.policy.scan_text_for_places:
            hits.extend(self._places(loc, label))
        if self._prefilter is not None:
            windows = self._prefilter.select(
                loc.value,
                max_tokens=self.policy.max_window_tokens,
                max_windows=self.policy.max_text_windows,
                scan_limit=self.policy.max_text_windows * self.SCAN_FACTOR,
            )
        else:
            windows = candidate_windows(
                loc.value,
                max_tokens=self.policy.max_window_tokens,
                max_windows=self.policy.max_text_windows,
            )
        threshold = self.policy.text_threshold
        best: dict[str, Hit] = {}
        size = self.policy.windows_per_query
        for start in range(0, len(windows), size):
            chunk = windows[start : start + size]
            try:
                matches = self._screen(tuple(w.text for w in chunk), threshold, record=loc.path)
            except QueryError:
                continue
            texts = {w.text: w for w in chunk}
            for match in matches:
                if match.score < threshold:
                    continue
                matched = _query_name(match.explanation)
                window = texts.get(matched or "") or (chunk[0] if len(chunk) == 1 else None)
                explanation = dict(match.explanation)
                if window is not None:
                    explanation["window"] = {"start": window.start, "end": window.end}
                value = window.text if window is not None else loc.value
                previous = best.get(match.entity_id)
                if previous is None or match.score > previous.score:
                    best[match.entity_id] = Hit(
                        label, loc.path, value, match.entity_id, match.score, explanation
                    )
        hits.extend(sorted(best.values(), key=lambda h: -h.score))
        return hits


def _any_listed(index: MatchIndex, identifiers: list[str]) -> bool:
    """Whether the index files any entity under one of ``identifiers`` (``i:`` keys)."""
    for raw in identifiers:
        ident = normalize_identifier(raw)
        if len(ident) >= MIN_IDENTIFIER_LENGTH and index.frequency("i:" + ident):
            return True
    return False


def _identifier_listed(explanation: dict[str, Any]) -> bool:
    """Whether the screener's explanation reports a queried identifier as listed."""
    features = explanation.get("features")
    if not isinstance(features, list):
        return False
    return any(
        isinstance(f, dict)
        and f.get("feature") == "identifier"
        and isinstance(f.get("effect"), int | float)
        and f["effect"] > 0
        for f in features
    )


def _query_name(explanation: dict[str, Any]) -> str | None:
    names = explanation.get("names")
    if isinstance(names, dict):
        query = names.get("query")
        if isinstance(query, str):
            return query
    return None


def screen_parsed(
    message: PaymentMessage,
    screener: Screener,
    policy: PaymentPolicy | None = None,
    *,
    index: int = 1,
    file: str | None = None,
    cache: dict[tuple[object, ...], tuple[Match, ...]] | None = None,
) -> MessageResult:
    """Screen one parsed message; ``cache`` shares screener answers between messages."""
    pol = policy or PaymentPolicy()
    runner = MessageScreener(screener, pol, message.syntax, {} if cache is None else cache)
    hits: list[Hit] = []
    errors: list[str] = []
    try:
        for section in message.sections():
            hits.extend(runner.section(section))
    except MessageError as exc:
        errors.append(str(exc))
    return MessageResult(
        message_id=message.message_id or None,
        type=message.type or None,
        decision=decision_of(hits, errors),
        hits=tuple(hits),
        errors=tuple(errors),
        warnings=message.warnings,
        file=file,
        index=index,
    )
