"""The inbox's list API with 50,000 messages sent: server time of one filtered page.

50,000 SendTextMessage calls go through the fake's own send path (``FakeSmsVoice.handle``) to
5,000 numbers, a tenth of them with BLOCKED as their outcome, one body in a hundred a promo,
plus 500 replies. Then the inbox site answers list calls directly (``InboxSite.handle``:
routing, filtering, paging and the JSON encoding; no socket), with the default
``--inbox-keep`` (10,000) and with every message kept (50,000).

Each row is the median of the rounds; the ratio is against the unfiltered newest page in the
same run (the natural baseline: no scan). The target is under 100 ms per filtered page.

Run:  .venv/bin/python benchmarks/bench_inbox.py [--messages N]
"""

from __future__ import annotations

import argparse
import statistics
import time

from smsv2.testing import FakeSmsVoice
from smsv2.testing._http import Request
from smsv2.testing._inbox import InboxSite

ROUNDS = 21
NUMBERS = 5_000
TARGET_MS = 100.0
QUERIES = {
    "newest page, no filter (baseline)": "/_smsv2/api/messages?limit=50",
    "destination (one number)": "/_smsv2/api/messages?destination=%2B12065551234&limit=50",
    "status=BLOCKED": "/_smsv2/api/messages?status=BLOCKED&limit=50",
    "text=promo (1 in 100)": "/_smsv2/api/messages?text=promo&limit=50",
    "text matching nothing (full scan)": "/_smsv2/api/messages?text=zzzz&limit=50",
    "status + configuration set + text": (
        "/_smsv2/api/messages?status=DELIVERED&configuration_set=none&text=code&limit=50"
    ),
    "conversations (200 numbers)": "/_smsv2/api/conversations?limit=200",
}


def _fill(fake: FakeSmsVoice, messages: int) -> None:
    status, number = fake.handle(
        "RequestPhoneNumber",
        {
            "IsoCountryCode": "US",
            "MessageType": "TRANSACTIONAL",
            "NumberCapabilities": ["SMS"],
            "NumberType": "TOLL_FREE",
        },
    )
    assert status == 200, number
    origin = number["PhoneNumberId"]
    destinations = [f"+1206555{i:04d}" for i in range(NUMBERS)]
    for destination in destinations[::10]:
        fake.set_delivery_outcome(destination, "BLOCKED")
    for i in range(messages):
        body = "Weekend promo: 20% off" if i % 100 == 0 else f"Your code is {i:06d}"
        status, answer = fake.handle(
            "SendTextMessage",
            {
                "DestinationPhoneNumber": destinations[i % NUMBERS],
                "OriginationIdentity": origin,
                "MessageBody": body,
            },
        )
        assert status == 200, answer
        if i % 100 == 50:
            fake.inbound(destinations[i % NUMBERS], str(number["PhoneNumber"]), "thanks")


def _server_ms(site: InboxSite, target: str) -> float:
    request = Request("GET", target, "HTTP/1.1", {"host": "127.0.0.1"}, b"")
    start = time.perf_counter()
    answer = site.handle(request)
    elapsed = time.perf_counter() - start
    assert answer is not None and getattr(answer, "status", 0) == 200, target
    return elapsed * 1000


def _table(fake: FakeSmsVoice, keep: int) -> None:
    fake.inbox.keep = keep
    fake.inbox.restart()  # read every record again
    site = InboxSite(fake)
    first = _server_ms(site, QUERIES["newest page, no filter (baseline)"])
    print(f"\nkeep={keep:,}: first call (reads every record once) {first:8.1f} ms")
    medians = {
        label: statistics.median(_server_ms(site, target) for _ in range(ROUNDS))
        for label, target in QUERIES.items()
    }
    baseline = medians["newest page, no filter (baseline)"]
    for label, ms in medians.items():
        verdict = "PASS" if ms < TARGET_MS else "MISS"
        print(f"  {label:<38} {ms:8.2f} ms   x{ms / baseline:6.1f} baseline   {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=50_000)
    args = parser.parse_args()
    fake = FakeSmsVoice(sandbox=False)
    start = time.perf_counter()
    _fill(fake, args.messages)
    print(f"{args.messages:,} messages sent in {time.perf_counter() - start:.1f} s")
    for keep in (10_000, args.messages):
        _table(fake, keep)
    print(f"\nmedians of {ROUNDS} calls; server time = InboxSite.handle (no socket)")


if __name__ == "__main__":
    main()
