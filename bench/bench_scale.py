"""Scale benchmark: the match index over a synthetic list of N entities (not a test).

Usage: ``python bench/bench_scale.py [--entities 1000000] [--queries 2000]``

Builds N synthetic persons and organisations (deterministic, seeded) whose names are
drawn from name-part pools in several cultures (Arabic/Persian, Russian, Chinese,
Spanish, English, Turkish romanisations) plus company words and legal forms — a
distribution with realistic repetition of common parts, as OpenSanctions-scale data
has. Reports index build time, peak memory (RSS) and screening latency p50/p99 for
queries made from listed names (typo, reordering) and from unlisted names.
Target (issue "Matching engine"): 1,000,000 entities built in ≤ 3 min within 4 GB,
p99 ≤ 20 ms.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import time
from collections.abc import Iterator

from interdict.index import build_index
from interdict.model import Entity, EntityBuilder, Name, NameKind, PartialDate
from interdict.screening.policy import Policy
from interdict.screening.query import Query
from interdict.screening.screener import Screener

GIVEN = [
    "Mohammad",
    "Ali",
    "Hassan",
    "Hossein",
    "Reza",
    "Mehdi",
    "Ahmad",
    "Abbas",
    "Javad",
    "Ghassem",
    "Abdollah",
    "Mahmoud",
    "Omar",
    "Khalid",
    "Yusuf",
    "Ibrahim",
    "Fatima",
    "Zahra",
    "Maryam",
    "Leila",
    "Sergei",
    "Vladimir",
    "Dmitry",
    "Alexei",
    "Ivan",
    "Nikolai",
    "Olga",
    "Elena",
    "Natalia",
    "Irina",
    "Wei",
    "Jian",
    "Li",
    "Ming",
    "Hui",
    "Xiaoping",
    "Yan",
    "Jose",
    "Juan",
    "Carlos",
    "Luis",
    "Miguel",
    "Maria",
    "Ana",
    "Carmen",
    "Lucia",
    "John",
    "James",
    "Robert",
    "Michael",
    "David",
    "Sarah",
    "Emily",
    "Mehmet",
    "Mustafa",
    "Ahmet",
    "Emine",
    "Ayse",
    "Kemal",
    "Anil",
    "Priya",
    "Rahul",
    "Sanjay",
    "Kim",
    "Park",
]
FAMILY = [
    "Hosseini",
    "Mohammadi",
    "Rezaei",
    "Karimi",
    "Ahmadi",
    "Rahimi",
    "Moradi",
    "Jafari",
    "Damavandian",
    "Mehrabi",
    "Tehrani",
    "Shirazi",
    "Al-Rashid",
    "Al-Masri",
    "Haddad",
    "Khoury",
    "Nasser",
    "Saleh",
    "Ivanov",
    "Petrov",
    "Sidorov",
    "Smirnov",
    "Kuznetsov",
    "Popov",
    "Volkov",
    "Sokolov",
    "Lebedev",
    "Kozlov",
    "Wang",
    "Li",
    "Zhang",
    "Liu",
    "Chen",
    "Yang",
    "Huang",
    "Zhao",
    "Wu",
    "Zhou",
    "Garcia",
    "Rodriguez",
    "Martinez",
    "Lopez",
    "Gonzalez",
    "Perez",
    "Sanchez",
    "Ramirez",
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Miller",
    "Davis",
    "Wilson",
    "Yilmaz",
    "Kaya",
    "Demir",
    "Sahin",
    "Celik",
    "Sharma",
    "Patel",
    "Singh",
    "Kumar",
    "Gupta",
    "Kim",
    "Lee",
    "Choi",
    "Jung",
    "Kang",
]
ORG_WORDS = [
    "Aviation",
    "Industries",
    "Trading",
    "Petroleum",
    "Shipping",
    "Logistics",
    "Bank",
    "Investment",
    "Holding",
    "Technology",
    "Electronics",
    "Engineering",
    "Construction",
    "Metals",
    "Mining",
    "Energy",
    "Chemical",
    "Pharma",
    "Textile",
    "Maritime",
    "Global",
    "International",
    "United",
    "National",
    "Eastern",
    "Northern",
    "Pacific",
    "Atlantic",
    "Caspian",
    "Gulf",
    "Golden",
    "Star",
    "Crescent",
    "Phoenix",
    "Falcon",
    "Eagle",
    "Delta",
    "Alpha",
    "Omega",
    "Unity",
    "Progress",
    "Vector",
    "Orion",
    "Sirius",
    "Nova",
    "Quantum",
    "Apex",
    "Summit",
]
LEGAL = ["LLC", "Ltd", "JSC", "OOO", "Co. Ltd", "GmbH", "S.A.", "PJSC", "FZE", "Inc"]


def _syllable_name(rng: random.Random) -> str:
    """A made-up rare name part, so the vocabulary grows with the list as real data does."""
    consonants, vowels = "bdfghjklmnprstvzkh", "aeiou"
    return "".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(rng.randint(2, 4)))


def synthetic_entities(count: int, seed: int = 11) -> Iterator[Entity]:
    rng = random.Random(seed)
    for n in range(count):
        if rng.random() < 0.6:
            builder = EntityBuilder(f"syn:{n}", "Person", "synthetic")
            family = rng.choice(FAMILY) if rng.random() < 0.6 else _syllable_name(rng).title()
            given = rng.choice(GIVEN)
            middle = f" {rng.choice(GIVEN)}" if rng.random() < 0.3 else ""
            builder.add_name(Name(f"{family.upper()}, {given}{middle}", NameKind.PRIMARY))
            if rng.random() < 0.4:
                builder.add_name(Name(f"{given} {family}", NameKind.ALIAS))
            if rng.random() < 0.7:
                year = rng.randint(1940, 2000)
                builder.add_birth_date(PartialDate(f"{year}-{rng.randint(1, 12):02d}"))
        else:
            builder = EntityBuilder(f"syn:{n}", "Organization", "synthetic")
            words = rng.sample(ORG_WORDS, rng.randint(1, 3))
            if rng.random() < 0.7:
                words.insert(0, _syllable_name(rng).title())
            builder.add_name(Name(f"{' '.join(words)} {rng.choice(LEGAL)}", NameKind.PRIMARY))
        yield builder.build()


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=2000)
    args = parser.parse_args()
    started = time.perf_counter()
    index = build_index(synthetic_entities(args.entities), version="synthetic@1")
    build_seconds = time.perf_counter() - started
    print(
        f"built index of {len(index):,} entities in {build_seconds:.1f} s; RSS {_rss_mb():.0f} MB"
    )
    screener = Screener(index)
    screener.warm_up()
    rng = random.Random(5)
    sample = list(synthetic_entities(min(args.entities, 50_000)))
    latencies: list[float] = []
    policy = Policy()
    for i in range(args.queries):
        if i % 3 == 0:
            name = f"{rng.choice(GIVEN)} {_syllable_name(rng).title()}"
        else:
            tokens = rng.choice(sample).names[0].full.replace(",", "").split()
            rng.shuffle(tokens)
            name = " ".join(tokens)
            if i % 3 == 2:
                at = rng.randrange(len(name))
                name = name[:at] + rng.choice("aeiou") + name[at + 1 :]
        query = Query.build([name])
        t = time.perf_counter()
        screener.screen(query, policy=policy)
        latencies.append(time.perf_counter() - t)
    latencies.sort()
    p50 = statistics.median(latencies) * 1e3
    p99 = latencies[int(len(latencies) * 0.99)] * 1e3
    print(
        f"{args.queries} queries: p50 {p50:.2f} ms, p99 {p99:.2f} ms; peak RSS {_rss_mb():.0f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
