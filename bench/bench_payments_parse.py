"""Benchmark: payment message parsing throughput and bounded-memory streaming.

Usage::

    .venv/bin/python bench/bench_payments_parse.py ../shared/payments/samples [--mb 50]

Prints, for every sample, the parse time per message (median of repeated runs), the
averages for pacs.008 and MT103, the screening-layer overhead per message with a
screener that finds nothing (extraction, window generation, embargo checks; the count
of screener queries is shown), and a streaming run over a generated pain.001 file of
``--mb`` megabytes in a child process, with its wall time and peak resident memory.
Not a test: run it by hand and copy the figures to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from interdict.errors import MessageError
from interdict.payments import PaymentPolicy, parse_iso20022, parse_mt, screen_message
from interdict.screening.policy import Policy
from interdict.screening.query import Query
from interdict.screening.result import ScreeningResult


class CountingScreener:
    """Finds nothing; counts queries."""

    def __init__(self) -> None:
        self.queries = 0

    def screen(self, query: Query, *, policy: Policy | None = None) -> ScreeningResult:
        self.queries += 1
        return ScreeningResult(query, (), "null@1", policy or Policy(), "null")


def _time_per_call(fn: Callable[[], object], repeat: int) -> float:
    runs = []
    for _ in range(5):
        started = time.perf_counter()
        for _ in range(repeat):
            fn()
        runs.append((time.perf_counter() - started) / repeat)
    return statistics.median(runs)


def _screen_once(data: bytes) -> object:
    return screen_message(data, CountingScreener(), PaymentPolicy())


def parse_samples(samples: Path) -> None:
    pacs008: list[float] = []
    mt103: list[float] = []
    screening: list[float] = []
    print(
        f"{'sample':58} {'type':16} {'msgs':>4} {'parse ms/msg':>12} {'screen ms':>9} {'queries':>7}"
    )
    for path in sorted(samples.glob("*/*")):
        if path.suffix not in (".xml", ".fin", ".rje") or path.parent.name == "hostile":
            continue
        data = path.read_bytes()
        try:
            if path.suffix == ".xml":
                messages = [parse_iso20022(data)]
                per = _time_per_call(partial(parse_iso20022, data), 200)
            else:
                messages = parse_mt(data)
                per = _time_per_call(partial(parse_mt, data), 200) / max(1, len(messages))
        except MessageError as exc:
            print(f"{path.name:58} refused: {exc}")
            continue
        counter = CountingScreener()
        screen_message(data, counter, PaymentPolicy())
        queries = counter.queries
        screen = _time_per_call(partial(_screen_once, data), 50) / max(1, len(messages))
        kind = messages[0].type
        if kind.startswith("pacs.008") and "SYNTH" not in path.name:
            pacs008.append(per)
        if kind == "MT103":
            mt103.append(per)
        screening.append(screen)
        print(
            f"{path.name[:58]:58} {kind:16} {len(messages):4} {per * 1000:12.3f}"
            f" {screen * 1000:9.3f} {queries // max(1, len(messages)):7}"
        )
    print(
        f"\nparse pacs.008 (real samples, SYNTH excluded) median"
        f" {statistics.median(pacs008) * 1000:.3f} ms/msg, max {max(pacs008) * 1000:.3f},"
        f" over {len(pacs008)} samples; MT103 median {statistics.median(mt103) * 1000:.3f}"
        f" ms/msg over {len(mt103)}; parse + screening layer (null screener) median"
        f" {statistics.median(screening) * 1000:.3f} ms/msg"
    )


def write_bulk(path: Path, megabytes: int) -> int:
    """A pain.001 of about ``megabytes`` MB with 100 transactions per payment block."""
    tx = (
        "<CdtTrfTxInf><PmtId><EndToEndId>E{n}</EndToEndId></PmtId>"
        '<Amt><InstdAmt Ccy="EUR">10.00</InstdAmt></Amt>'
        "<CdtrAgt><FinInstnId><BICFI>TESTDEFFXXX</BICFI></FinInstnId></CdtrAgt>"
        "<Cdtr><Nm>Creditor {n} GmbH</Nm><PstlAdr><StrtNm>Hauptstrasse</StrtNm>"
        "<TwnNm>Berlin</TwnNm><Ctry>DE</Ctry></PstlAdr></Cdtr>"
        "<CdtrAcct><Id><IBAN>DE89370400440532013000</IBAN></Id></CdtrAcct>"
        "<RmtInf><Ustrd>Invoice {n} for services rendered in March</Ustrd></RmtInf>"
        "</CdtTrfTxInf>\n"
    )
    count = 0
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"><CstmrCdtTrfInitn>'
            "<GrpHdr><MsgId>BULK</MsgId><NbOfTxs>0</NbOfTxs>"
            "<InitgPty><Nm>Bulk Payer AG</Nm></InitgPty></GrpHdr>\n"
        )
        block = 0
        while out.tell() < megabytes * 1024 * 1024:
            block += 1
            out.write(
                f"<PmtInf><PmtInfId>P{block}</PmtInfId><Dbtr><Nm>Bulk Payer AG</Nm></Dbtr>"
                "<DbtrAcct><Id><IBAN>DE89370400440532013000</IBAN></Id></DbtrAcct>"
                "<DbtrAgt><FinInstnId><BICFI>TESTDEFFXXX</BICFI></FinInstnId></DbtrAgt>\n"
            )
            for _ in range(100):
                count += 1
                out.write(tx.format(n=count))
            out.write("</PmtInf>\n")
        out.write("</CstmrCdtTrfInitn></Document>\n")
    return count


CHILD = """
import resource, sys, time
sys.path.insert(0, {bench!r})
from bench_payments_parse import CountingScreener
from interdict.payments import screen_file
screener = CountingScreener()
started = time.perf_counter()
(result,) = screen_file(sys.argv[1], screener)
elapsed = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{{elapsed:.2f}} {{peak:.0f}} {{screener.queries}} {{result.decision.value}} {{len(result.errors)}}")
"""


def stream_bulk(megabytes: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bulk.xml"
        transactions = write_bulk(path, megabytes)
        size = path.stat().st_size / 1024 / 1024
        code = CHILD.format(bench=str(Path(__file__).parent))
        out = subprocess.run(
            [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
        ).stdout.split()
        elapsed, peak, queries, decision, errors = out
        print(
            f"\nstreaming pain.001: {size:.1f} MB, {transactions:,} transactions, "
            f"{float(elapsed):.2f} s ({transactions / float(elapsed):,.0f} tx/s), "
            f"peak RSS {peak} MB, {queries} screener queries, decision {decision}, errors {errors}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("samples", type=Path)
    parser.add_argument("--mb", type=int, default=50)
    args = parser.parse_args()
    parse_samples(args.samples)
    stream_bulk(args.mb)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"benchmark process peak RSS {own:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
