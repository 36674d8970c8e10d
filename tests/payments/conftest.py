"""Fixtures for payment tests: a screener test double, the real screener over a small
entity list, and the directory of this area's own fixture files."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from interdict.index import MatchIndex
from interdict.model import EntityBuilder, Identifier, IdentifierKind, Name, NameKind
from interdict.screening.policy import Policy
from interdict.screening.query import Query
from interdict.screening.result import Match, ScreeningResult
from interdict.screening.screener import Screener

PAYMENT_FIXTURES = Path(__file__).parent.parent / "fixtures" / "payments"

#: The listed parties used throughout: (id, schema, names, BIC).
LISTED = [
    ("test:damavandian", "Person", ["DAMAVANDIAN, Ghassem"], None),
    ("test:qods", "Organization", ["QODS AVIATION INDUSTRIES"], None),
    ("test:shahed", "Organization", ["SHAHED AVIATION INDUSTRIES"], None),
    ("test:melli", "Company", ["BANK MELLI IRAN"], "MELIIRTH"),
]


def _key(text: str) -> str:
    return " ".join(sorted(re.sub(r"[^a-z0-9]+", " ", text.lower()).split()))


class FakeScreener:
    """Exact-token-set name matching and exact identifier matching, recording queries.

    Names match when their sorted lower-case tokens are equal (score 0.95); an
    identifier alone scores 0.3 with an ``identifier`` feature, like the real scorer.
    """

    def __init__(self, listed: list[tuple[str, str, list[str], str | None]] = LISTED) -> None:
        self.names = {_key(n): (eid, schema, n) for eid, schema, names, _ in listed for n in names}
        self.bics = {bic: (eid, schema, names[0]) for eid, schema, names, bic in listed if bic}
        self.queries: list[Query] = []

    def screen(self, query: Query, *, policy: Policy | None = None) -> ScreeningResult:
        pol = policy or Policy()
        self.queries.append(query)
        found: dict[str, Match] = {}
        for name in query.names:
            hit = self.names.get(_key(name))
            if hit:
                eid, schema, listed = hit
                found[eid] = Match(
                    eid,
                    0.95,
                    listed,
                    schema,
                    "test",
                    "test",
                    {"names": {"query": name, "listed": listed}, "features": [], "summary": "x"},
                )
        for ident in query.identifiers:
            hit = self.bics.get(ident)
            if hit and hit[0] not in found:
                eid, schema, listed = hit
                found[eid] = Match(
                    eid,
                    0.3,
                    listed,
                    schema,
                    "test",
                    "test",
                    {
                        "names": {"query": query.names[0], "listed": listed},
                        "features": [{"feature": "identifier", "effect": 0.25, "detail": "x"}],
                        "summary": "x",
                    },
                )
        matches = tuple(m for m in found.values() if m.score >= pol.threshold)
        return ScreeningResult(query, matches[: pol.limit], "fake@1", pol, "fake")


class CountingScreener:
    """The real screener over ``index``, counting calls and remembering the queried
    names (``index`` is exposed, as payment screening looks identifiers up in it)."""

    def __init__(self, index: MatchIndex) -> None:
        self.inner = Screener(index)
        self.index = index
        self.names: list[tuple[str, ...]] = []

    def screen(self, query: Query, *, policy: Policy | None = None) -> ScreeningResult:
        self.names.append(query.names)
        return self.inner.screen(query, policy=policy)


@pytest.fixture()
def counting_screener() -> type[CountingScreener]:
    """The :class:`CountingScreener` class, to build one over a test's own index."""
    return CountingScreener


@pytest.fixture()
def fake_screener() -> FakeScreener:
    return FakeScreener()


@pytest.fixture()
def payment_fixtures() -> Path:
    return PAYMENT_FIXTURES


def _filler(rng: random.Random) -> str:
    syllables = ["ka", "lo", "mi", "ra", "ten", "vor", "sul", "dan", "bi", "zel", "har", "pet"]
    return " ".join(
        "".join(rng.choice(syllables) for _ in range(rng.randint(2, 3))).upper()
        for _ in range(rng.randint(2, 3))
    )


@pytest.fixture(scope="session")
def real_screener() -> object:
    """The real Screener over the LISTED entities plus 300 random filler entities (so
    that name-token rarity behaves as on a real list); skips while it does not exist."""
    screener_mod = pytest.importorskip("interdict.screening.screener")
    index_mod = pytest.importorskip("interdict.index")
    rng = random.Random(7)
    entities = []
    for i in range(300):
        builder = EntityBuilder(f"filler:{i}", "Person" if i % 2 else "Organization", "filler")
        builder.add_name(Name(_filler(rng)))
        entities.append(builder.build())
    for eid, schema, names, bic in LISTED:
        builder = EntityBuilder(eid, schema, "test")
        for i, name in enumerate(names):
            builder.add_name(Name(name, NameKind.PRIMARY if i == 0 else NameKind.ALIAS))
        if bic:
            builder.add_identifier(Identifier(IdentifierKind.SWIFT_BIC, bic))
        entities.append(builder.build())
    index = index_mod.build_index(entities, version="payments-test")
    return screener_mod.Screener(index)
