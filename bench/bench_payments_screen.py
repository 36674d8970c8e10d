"""Benchmark: end-to-end payment screening throughput and latency with the real lists.

Usage::

    INTERDICT_HOME=/work/home .venv/bin/python bench/bench_payments_screen.py \
        [--messages 600] [--repeat 0.0] [--cache 0] [--profile 25] [--seed 7] [--no-prefilter]

Generates ``--messages`` payment messages, half pacs.008 and half MT103, from two real
samples of ``--samples`` (default ``../shared/payments/samples``) used as templates:
debtor and creditor names (made-up Faker names in several locales, 4% listed names,
some misspelt), towns, BICs (2% listed BICs) and free text (remittance information,
MT 70/72: Faker prose with invoice references; 3% name a listed organisation in running
text, e.g. "spare parts for <listed name>"; a tenth are long, several hundred
characters). ``--repeat`` is the share of party names and texts drawn again from a pool
of 300 earlier ones (0 = every party new, the cache stays cold; real payment flows
repeat parties, 0.6 is a plausible rate). ``--cache N`` wraps the screener in a
:class:`~interdict.screening.cache.CachedScreener` of N entries (0 = none).

Every message is screened end to end from bytes (``screen_message``: parse, extract,
screen, decide) in this one process, over the index of the active lists of
``INTERDICT_HOME``; the report gives messages/s, p50/p90/p99/max per message, per
message type, the count of screener calls, hits and decisions, and with ``--profile N``
the N most expensive functions (cumulative) of a cProfile run over the same messages.
Not a test: run it by hand and copy the figures to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import random
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from xml.sax.saxutils import escape

from faker import Faker

from interdict.payments import PaymentPolicy, screen_message
from interdict.payments.files import warm_up
from interdict.screening.policy import Policy
from interdict.screening.query import Query
from interdict.screening.result import ScreeningResult
from interdict.screening.screener import Screener

PACS008 = "iso20022/pair_p.2.1.2_AtoB_pacs.008.xml"
MT103 = "mt/pair_p.2.1.2_AtoB_mt103.fin"
LOCALES = ["en_GB", "en_US", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "pl_PL", "tr_TR"]
MT_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/-?:().,'+ ")
#: Listed BICs of the real lists are rare in real traffic.
LISTED_BIC_RATE = 0.02
LISTED_NAME_RATE = 0.04
LISTED_TEXT_RATE = 0.03
LONG_TEXT_RATE = 0.10
POOL = 300


class CountingScreener:
    """Passes queries to a screener, counting them."""

    def __init__(self, inner: object) -> None:
        self.inner = inner
        self.index = getattr(inner, "index", None)
        self.calls = 0

    def screen(self, query: Query, *, policy: Policy | None = None) -> ScreeningResult:
        self.calls += 1
        return self.inner.screen(query, policy=policy)  # type: ignore[attr-defined, no-any-return]


@dataclass
class Generator:
    """Made-up payment content with a share of listed names and repeats."""

    rng: random.Random
    fakers: list[Faker]
    listed_orgs: list[str]
    listed_people: list[str]
    listed_bics: list[str]
    repeat: float
    pools: dict[str, list[str]]

    def _pooled(self, kind: str, make: object) -> str:
        pool = self.pools.setdefault(kind, [])
        if pool and self.rng.random() < self.repeat:
            return self.rng.choice(pool)
        value: str = make()  # type: ignore[operator]
        if len(pool) < POOL:
            pool.append(value)
        else:
            pool[self.rng.randrange(POOL)] = value
        return value

    def _misspell(self, name: str) -> str:
        if self.rng.random() < 0.5 or len(name) < 6:
            return name
        chars = list(name)
        at = self.rng.randrange(1, len(chars) - 1)
        if chars[at].isalpha():
            chars[at] = self.rng.choice("aeioulnrst")
        return "".join(chars)

    def name(self) -> str:
        def make() -> str:
            if self.rng.random() < LISTED_NAME_RATE:
                pool = self.listed_orgs if self.rng.random() < 0.5 else self.listed_people
                return self._misspell(self.rng.choice(pool))
            fake = self.rng.choice(self.fakers)
            return str(fake.company() if self.rng.random() < 0.4 else fake.name())

        return self._pooled("name", make)

    def town(self) -> str:
        return str(self.rng.choice(self.fakers).city())

    def bic(self) -> str:
        if self.listed_bics and self.rng.random() < LISTED_BIC_RATE:
            return self.rng.choice(self.listed_bics)
        fake = self.rng.choice(self.fakers)
        return str(fake.swift(length=11))

    def text(self, limit: int) -> str:
        def make() -> str:
            fake = self.rng.choice(self.fakers)
            ref = f"INV {self.rng.randint(1000, 99999)}/{self.rng.randint(2020, 2026)}"
            roll = self.rng.random()
            if roll < LISTED_TEXT_RATE:
                listed = self._misspell(self.rng.choice(self.listed_orgs))
                body = f"{ref} spare parts for {listed}"
            elif roll < LISTED_TEXT_RATE + LONG_TEXT_RATE:
                body = f"{ref} " + " ".join(fake.sentence(nb_words=12) for _ in range(8))
            else:
                body = f"{ref} {fake.sentence(nb_words=self.rng.randint(3, 9))}"
            return body[:limit]

        return self._pooled("text", make)


def _mt_lines(text: str, width: int, lines: int) -> str:
    clean = "".join(ch if ch in MT_CHARS else " " for ch in text)
    chunks = [clean[i : i + width].strip() for i in range(0, len(clean), width)]
    return "\n".join(c for c in chunks[:lines] if c) or "NOTPROVIDED"


def make_pacs008(template: str, gen: Generator, n: int) -> bytes:
    text = gen.text(560)
    ustrd = "".join(
        f"<pacs:Ustrd>{escape(text[i : i + 140])}</pacs:Ustrd>" for i in range(0, len(text), 140)
    )
    out = (
        template.replace("A2B0506272708", f"BENCH{n:08d}")
        .replace("<pacs:Nm>GB Engineering </pacs:Nm>", f"<pacs:Nm>{escape(gen.name())}</pacs:Nm>")
        .replace("<pacs:Nm>US Engines</pacs:Nm>", f"<pacs:Nm>{escape(gen.name())}</pacs:Nm>")
        .replace("Cambridge", escape(gen.town()))
        .replace("Casper WY", escape(gen.town()))
        .replace("ANBTUS44XXX", gen.bic())
        .replace("HNBAUS51XXX", gen.bic())
        .replace("<pacs:Ustrd>/ROC/E2E04044506271305</pacs:Ustrd>", ustrd)
    )
    return out.encode("utf-8")


def make_mt103(template: str, gen: Generator, n: int) -> bytes:
    text70 = _mt_lines(gen.text(140), 35, 4)
    extra = ""
    if gen.rng.random() < 0.3:
        extra = ":72:/BNF/" + _mt_lines(gen.text(200), 35, 6) + "\n"
    out = (
        template.replace("A2B0506272708", f"BENCH{n:08d}")
        .replace("1/GB Engineering ", "1/" + _mt_lines(gen.name(), 33, 1))
        .replace("1/US Engines", "1/" + _mt_lines(gen.name(), 33, 1))
        .replace("3/GB/Cambridge", "3/GB/" + _mt_lines(gen.town(), 30, 1))
        .replace("3/US/Casper WY", "3/US/" + _mt_lines(gen.town(), 30, 1))
        .replace("ANBTUS44XXX", gen.bic())
        .replace("HNBAUS51XXX", gen.bic())
        .replace(":70:/ROC/E2E04044506271305\n", f":70:{text70}\n{extra}")
    )
    return out.encode("utf-8")


def generate(
    samples: Path, screener: Screener, count: int, repeat: float, seed: int
) -> list[tuple[str, bytes]]:
    """``count`` messages, alternately pacs.008 and MT103."""
    rng = random.Random(seed)
    Faker.seed(seed)
    fakers = [Faker(locale) for locale in LOCALES]
    for i, fake in enumerate(fakers):
        fake.seed_instance(seed + i)
    index = screener.index
    schemas = index.columns["schema"]
    captions = index.columns["caption"]
    orgs = [c for s, c in zip(schemas, captions, strict=True) if s in ("Organization", "Company")]
    people = [c for s, c in zip(schemas, captions, strict=True) if s == "Person"]
    bics = sorted(
        k[2:] for k in index.postings if k.startswith("i:") and len(k) == 13 and k[6:8].isalpha()
    )[:2000]
    gen = Generator(rng, fakers, orgs, people, bics, repeat, {})
    pacs = (samples / PACS008).read_text("utf-8")
    mt = (samples / MT103).read_text("utf-8").replace("\r\n", "\n")
    out = []
    for n in range(count):
        if n % 2 == 0:
            out.append(("pacs.008", make_pacs008(pacs, gen, n)))
        else:
            out.append(("MT103", make_mt103(mt, gen, n)))
    return out


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run(
    messages: list[tuple[str, bytes]], screener: object, policy: PaymentPolicy
) -> tuple[float, dict[str, list[float]], Counter[str], int]:
    times: dict[str, list[float]] = {"all": [], "pacs.008": [], "MT103": []}
    decisions: Counter[str] = Counter()
    hits = 0
    started = time.perf_counter()
    for kind, data in messages:
        t0 = time.perf_counter()
        results = screen_message(data, screener, policy)  # type: ignore[arg-type]
        elapsed = time.perf_counter() - t0
        times["all"].append(elapsed)
        times[kind].append(elapsed)
        for result in results:
            decisions[result.decision.value] += 1
            hits += len(result.hits)
    total = time.perf_counter() - started
    return total, times, decisions, hits


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--samples", type=Path, default=Path(__file__).parents[2] / "shared/payments/samples"
    )
    parser.add_argument("--messages", type=int, default=600)
    parser.add_argument("--repeat", type=float, default=0.0)
    parser.add_argument("--cache", type=int, default=0)
    parser.add_argument("--profile", type=int, default=0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--windows-per-query", type=int, default=None)
    parser.add_argument(
        "--no-prefilter",
        action="store_true",
        help="screen every free-text window (PaymentPolicy(text_prefilter=False)), for comparison",
    )
    args = parser.parse_args()

    from interdict.screening.service import open_screener
    from interdict.settings import Settings

    started = time.perf_counter()
    base = open_screener(Settings.from_env())
    load = time.perf_counter() - started
    messages = generate(args.samples, base, args.messages, args.repeat, args.seed)
    inner: object = base
    if args.cache:
        from interdict.screening.cache import CachedScreener

        inner = CachedScreener(base, size=args.cache)
    screener = CountingScreener(inner)
    policy = PaymentPolicy(text_prefilter=not args.no_prefilter)
    if args.windows_per_query:
        policy = replace(policy, windows_per_query=args.windows_per_query)
    base.warm_up()
    warm_up(base, policy)
    total, times, decisions, hits = run(messages, screener, policy)
    print(
        f"index {len(base.index):,} entities ({base.index.version[:60]}...), loaded in "
        f"{load:.2f} s; {len(messages)} messages, repeat {args.repeat}, cache {args.cache},"
        f" text prefilter {policy.text_prefilter}"
    )
    for kind, values in times.items():
        if not values:
            continue
        print(
            f"  {kind:9} {len(values):5} msgs  p50 {_pct(values, 0.5) * 1000:6.2f} ms"
            f"  p90 {_pct(values, 0.9) * 1000:6.2f}  p99 {_pct(values, 0.99) * 1000:6.2f}"
            f"  max {max(values) * 1000:7.2f}  mean {statistics.fmean(values) * 1000:6.2f}"
        )
    print(
        f"  throughput {len(messages) / total:,.0f} messages/s; screener calls"
        f" {screener.calls} ({screener.calls / len(messages):.2f}/msg); hits {hits};"
        f" decisions {dict(decisions)}"
    )
    slowest = sorted(range(len(messages)), key=lambda i: -times["all"][i])[:3]
    print("  slowest: " + ", ".join(f"#{i} {times['all'][i] * 1000:.1f} ms" for i in slowest))
    cache = getattr(inner, "stats", None)
    if cache is not None:
        print(f"  cache {cache()}")
    if args.profile:
        if args.cache:
            inner = CachedScreener(base, size=args.cache)
        profiler = cProfile.Profile()
        profiler.enable()
        run(messages, inner, policy)
        profiler.disable()
        stream = io.StringIO()
        stats = pstats.Stats(profiler, stream=stream).sort_stats("cumulative")
        stats.print_stats(args.profile)
        print(stream.getvalue())
        stream = io.StringIO()
        pstats.Stats(profiler, stream=stream).sort_stats("tottime").print_stats(args.profile)
        print(stream.getvalue())
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
