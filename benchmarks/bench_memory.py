"""Peak memory of paging through 300 and 3,000 pages: smsv2's paginator against boto3's own.

Both sides iterate DescribePhoneNumbers through the same in-process transport: a
``before-send`` handler that answers each request with a generated page (a few items with IDs
never seen before, and a NextToken of a few hundred bytes, distinct per page, that names the
next page). The bodies are the same bytes for smsv2 (``client.phone_numbers()``) and for
boto3 (``get_paginator("describe_phone_numbers").paginate()``); nothing is kept between pages
by the benchmark itself.

Memory is tracemalloc's peak minus the traced size just before the run, so it counts what the
run itself allocates. Before measuring, every code path runs once and pydantic-core's JSON
string cache (16,384 entries, strings under 64 bytes) is filled: a cache still filling would
look like growth with the page count although it is bounded.

Each size is measured twice: with the gc as configured (Python's defaults), where botocore's
per-request reference cycles wait for a collection, and with a full collection before every
page (the long-lived heap frozen, so that is cheap), where the peak is what each side keeps.

Flat means the 3,000-page peak is at most 1.2x the 300-page one, and that smsv2's growth from
300 to 3,000 pages is no worse than boto3's, in the same run.

Run:  .venv/bin/python benchmarks/bench_memory.py [--quick]
"""

from __future__ import annotations

import argparse
import base64
import gc
import hashlib
import json
import statistics
import sys
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_core  # sets fake credentials and an isolated AWS config first
import boto3
import pydantic_core
from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from botocore.compat import HTTPHeaders

import smsv2

REGION = bench_core.REGION
ITEMS_PER_PAGE = 4
SIZES = (300, 3000)
TARGET_RATIO = 1.2
#: Items whose distinct short strings outnumber pydantic-core's 16,384 cache slots many times
#: over, so that every slot is taken before the first measurement.
CACHE_FILL_ITEMS = 100_000


# -- the generated pages ------------------------------------------------------------------------

#: Growth below one pointer per page means nothing is kept per page.
POINTER_BYTES = 8


def next_token(page: int, total: int) -> str:
    """An opaque token of a few hundred bytes, distinct per page, like the service's."""
    state = {
        "page": page,
        "total": total,
        "cursor": hashlib.sha512(f"cursor-{page}".encode()).hexdigest(),
        "sig": hashlib.sha256(f"sig-{page}".encode()).hexdigest(),
    }
    return base64.b64encode(json.dumps(state).encode()).decode()


def token_page(token: str) -> tuple[int, int]:
    state = json.loads(base64.b64decode(token))
    return int(state["page"]), int(state["total"])


def phone_number_item(serial: int) -> dict[str, object]:
    """One PhoneNumberInformation whose IDs and ARNs no earlier page had.

    Fixed-width fields: every item's strings have the same sizes, so a string cache that
    swaps old strings for new ones neither grows nor shrinks.
    """
    item = bench_core.phone_number_item(serial)
    item["PhoneNumber"] = f"+1206555{serial % 10_000:04d}"
    item["TwoWayChannelArn"] = f"arn:aws:sns:{REGION}:123456789012:inbound-{serial:012d}"
    return item


@dataclass
class PageServer:
    """Answers DescribePhoneNumbers with generated pages; ``total`` pages per run."""

    total: int = 1
    serial: int = 0  # item IDs keep counting across runs: every page has new strings
    collect_each_page: bool = False

    def body(self, request_body: bytes | None) -> bytes:
        if self.collect_each_page:
            gc.collect()
        sent = json.loads(request_body or b"{}")
        token = sent.get("NextToken")
        page, total = token_page(token) if token else (0, self.total)
        items = [phone_number_item(self.serial + i) for i in range(ITEMS_PER_PAGE)]
        self.serial += ITEMS_PER_PAGE
        answer: dict[str, object] = {"PhoneNumbers": items}
        if page + 1 < total:
            answer["NextToken"] = next_token(page + 1, total)
        return json.dumps(answer).encode()

    def handle(self, request: AWSPreparedRequest, **_: object) -> AWSResponse:
        body = self.body(cast("bytes | None", request.body))
        headers = HTTPHeaders()
        headers["x-amzn-RequestId"] = "c0ffee00-0000-4000-8000-000000000000"
        headers["Content-Type"] = "application/x-amz-json-1.0"
        headers["Content-Length"] = str(len(body))
        return AWSResponse(request.url, 200, headers, bench_core._Body(body))


# -- the two sides ------------------------------------------------------------------------------


def smsv2_side(server: PageServer) -> Callable[[], int]:
    client = smsv2.Client(region_name=REGION)
    client.boto3_client.meta.events.register("before-send", server.handle)  # type: ignore[arg-type]

    def run() -> int:
        count = 0
        for number in client.phone_numbers():
            count += bool(number.phone_number_id)
        return count

    return run


def boto3_side(server: PageServer) -> Callable[[], int]:
    client: Any = boto3.client(bench_core.SERVICE, region_name=REGION)
    client.meta.events.register("before-send", server.handle)
    paginator = client.get_paginator("describe_phone_numbers")

    def run() -> int:
        count = 0
        for page in paginator.paginate():
            for number in page["PhoneNumbers"]:
                count += bool(number["PhoneNumberId"])
        return count

    return run


def fill_string_cache(server: PageServer) -> None:
    """Fill every slot of pydantic-core's string cache (which all its JSON parsing shares)
    with strings like the pages' own, while tracemalloc runs: a slot that later swaps an
    untraced or a shorter string for a page's would otherwise look like growth."""
    for _ in range(CACHE_FILL_ITEMS // 1000):
        items = [phone_number_item(server.serial + i) for i in range(1000)]
        server.serial += 1000
        pydantic_core.from_json(json.dumps(items), cache_strings=True)


def peak_bytes(run: Callable[[], int], server: PageServer, pages: int) -> int:
    """tracemalloc's peak during one run of ``pages`` pages, minus what was traced before."""
    server.total = pages
    # The young generations only: a full collection would also empty CPython's free lists,
    # which every run would then refill, and refilling them looks like growth.
    gc.collect(1)
    tracemalloc.reset_peak()
    before = tracemalloc.get_traced_memory()[0]
    items = run()
    peak = tracemalloc.get_traced_memory()[1]
    assert items == pages * ITEMS_PER_PAGE, items
    return peak - before


Peaks = dict[tuple[str, int], float]


def measure(sides: dict[str, Callable[[], int]], server: PageServer, repeats: int) -> Peaks:
    """Median peak of each side and page count; sides and sizes alternate their order."""
    peaks: dict[tuple[str, int], list[int]] = {(s, n): [] for s in sides for n in SIZES}
    for r in range(repeats):
        order = list(sides.items()) if r % 2 == 0 else list(sides.items())[::-1]
        for name, run in order:
            for pages in SIZES if r % 2 == 0 else SIZES[::-1]:
                peaks[(name, pages)].append(peak_bytes(run, server, pages))
    return {key: statistics.median(values) for key, values in peaks.items()}


# -- report -------------------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def report(title: str, median: Peaks) -> None:
    small, large = SIZES
    print(title)
    ratios = {name: median[(name, large)] / median[(name, small)] for name in ("boto3", "smsv2")}
    for name, ratio in ratios.items():
        target = f"<= {TARGET_RATIO:.1f}" if name == "smsv2" else ""
        result = verdict(ratio <= TARGET_RATIO) if name == "smsv2" else ""
        print(
            f"  {name + ' paginator':<24}{median[(name, small)] / 1024:>9.1f} KiB"
            f"{median[(name, large)] / 1024:>10.1f} KiB{ratio:>11.3f}{target:>10}  {result}"
        )
    growth = {name: median[(name, large)] - median[(name, small)] for name in ratios}
    per_page = {name: value / (large - small) for name, value in growth.items()}
    # Growth compared in bytes: smsv2 keeps a third of boto3's peak, so the same few-KiB
    # wobble of tracemalloc's peak is a larger ratio on its side. Below one pointer (8 bytes)
    # per page nothing can be kept per page; a kept NextToken would be 300+.
    ok = per_page["smsv2"] <= max(per_page["boto3"], 0.0) or per_page["smsv2"] < POINTER_BYTES
    print(
        f"  {'growth per page':<24}{per_page['smsv2']:>+9.1f} B  "
        f"{per_page['boto3']:>+10.1f} B  (smsv2, boto3){'<= boto3 or < 8 B':>22}  {verdict(ok)}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="fewer repeats (a rough number)")
    opts = parser.parse_args(argv)
    repeats = 1 if opts.quick else 5

    print(f"python {sys.version.split()[0]}, boto3 {boto3.__version__}, smsv2 {smsv2.__version__}")
    print(
        f"repeats={repeats}{' (quick)' if opts.quick else ''}, {ITEMS_PER_PAGE} items per page, "
        f"NextToken {len(next_token(1, SIZES[-1]))} bytes\n"
    )
    server = PageServer()
    sides = {"boto3": boto3_side(server), "smsv2": smsv2_side(server)}
    tracemalloc.start()
    fill_string_cache(server)
    for run in sides.values():  # every code path once before measuring
        peak_bytes(run, server, SIZES[0])
    as_configured = measure(sides, server, repeats)
    # Frozen, the long-lived heap (boto3's models, smsv2's classes) is not scanned again, so a
    # full collection before every page is cheap.
    gc.freeze()
    server.collect_each_page = True
    collected = measure(sides, server, repeats)
    server.collect_each_page = False
    gc.unfreeze()
    tracemalloc.stop()

    small, large = SIZES
    header = (
        f"{'peak traced memory':<26}{f'{small} pages':>13}{f'{large} pages':>14}"
        f"{f'{large}/{small}':>11}{'target':>10}  result"
    )
    print(header)
    print("-" * len(header))
    report("the gc as configured (Python's defaults)", as_configured)
    report("cyclic garbage collected before every page", collected)
    print(
        f"\nmedians of {repeats} runs; peak = tracemalloc peak minus the traced size before the "
        f"run.\ngrowth per page: the {large}- minus the {small}-page median, over the "
        f"{large - small} pages between.\nWith the gc as configured, botocore's per-request "
        "reference cycles wait for a collection; collected\nbefore every page, the peak is what "
        "each side keeps."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
