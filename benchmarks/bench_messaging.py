"""The messaging toolkit's cost against its natural baselines, measured in the same run.

* ``segments()`` on a mix of texts (plain GSM-7, extension characters, accented UCS-2, emoji,
  short and long) against encoding the same texts with the ``gsm0338`` codec (falling back to
  UTF-16 when the codec cannot encode a text, as a hand-written counter would).
  Target: ratio <= 1.0.
* ``smsv2.events.parse_delivery_events`` on 10,000 SNS-wrapped delivery events (typed and
  validated models) against ``json.loads`` of the same payloads (the SNS envelope and the
  record inside it). Target: ratio <= 2.0.

Rounds are interleaved (the order alternates each round) and the table shows medians; the
ratio is the median of the per-round ratios. The machine is shared and noisy: compare ratios.

Run:  .venv/bin/python benchmarks/bench_messaging.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import gsm0338  # noqa: F401  (registers the "gsm03.38" codec)

import smsv2
from smsv2.events import parse_delivery_events


@dataclass(frozen=True)
class Row:
    name: str
    baseline: str
    ours_s: float
    base_s: float
    ratio: float
    target: float

    def line(self) -> str:
        verdict = "PASS" if self.ratio <= self.target else "MISS"
        return (
            f"{self.name:<34} {self.ours_s * 1e3:>10.2f} ms {self.base_s * 1e3:>10.2f} ms "
            f"{self.ratio:>7.3f}  <= {self.target:<4} {verdict}   (baseline: {self.baseline})"
        )


def interleaved(
    ours: Callable[[], object], baseline: Callable[[], object], rounds: int
) -> tuple[float, float, float]:
    """Median seconds of each side and the median per-round ratio ours/baseline."""
    ours_times: list[float] = []
    base_times: list[float] = []
    ratios: list[float] = []
    ours()
    baseline()  # warm caches on both sides
    for i in range(rounds):
        order = (ours, baseline) if i % 2 == 0 else (baseline, ours)
        took: dict[int, float] = {}
        for func in order:
            start = time.perf_counter()
            func()
            took[id(func)] = time.perf_counter() - start
        ours_times.append(took[id(ours)])
        base_times.append(took[id(baseline)])
        ratios.append(took[id(ours)] / took[id(baseline)])
    return statistics.median(ours_times), statistics.median(base_times), statistics.median(ratios)


# -- segments ------------------------------------------------------------------------------------


def mixed_texts(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    words = ["Your", "code", "is", "123456", "order", "shipped", "today", "thanks", "reply"]
    pieces = {
        "gsm": [*words, "@", "£", "é", "ñ", "Ö", "!", "?"],
        "extension": [*words, "{ref}", "[1]", "€5", "a|b", "~"],
        "accented": [*words, "olá", "ação", "café", "naïve", "garçon"],
        "emoji": [*words, "👍", "🎉", "ok 😀"],
    }
    texts = []
    for i in range(count):
        kind = list(pieces)[i % len(pieces)]
        length = rng.choice([3, 12, 30, 60, 120])
        texts.append(" ".join(rng.choice(pieces[kind]) for _ in range(length)))
    return texts


def codec_baseline(texts: Sequence[str]) -> Callable[[], object]:
    def run() -> object:
        out = []
        for text in texts:
            try:
                out.append(text.encode("gsm03.38"))
            except UnicodeEncodeError:
                out.append(text.encode("utf-16-be"))
        return out

    return run


def segments_run(texts: Sequence[str]) -> Callable[[], object]:
    segments = smsv2.segments

    def run() -> object:
        return [segments(text) for text in texts]

    return run


# -- delivery events -----------------------------------------------------------------------------


def sns_payloads(count: int) -> list[str]:
    statuses = [
        ("TEXT_PENDING", "PENDING", False),
        ("TEXT_SUCCESSFUL", "SUCCESSFUL", False),
        ("TEXT_DELIVERED", "DELIVERED", True),
        ("TEXT_CARRIER_UNREACHABLE", "CARRIER_UNREACHABLE", True),
    ]
    payloads = []
    for i in range(count):
        event_type, status, final = statuses[i % len(statuses)]
        record = {
            "eventType": event_type,
            "eventVersion": "1.0",
            "eventTimestamp": 1686975103470 + i,
            "isFinal": final,
            "originationPhoneNumber": "+12065550152",
            "destinationPhoneNumber": f"+1425555{i % 10000:04d}",
            "isoCountryCode": "US",
            "mcc": "310",
            "mnc": "800",
            "carrierName": "Example Wireless",
            "messageId": f"862a8790-60c0-4430-9b2b-{i:012d}",
            "messageRequestTimestamp": 1686975103170 + i,
            "messageEncoding": "GSM",
            "messageType": "TRANSACTIONAL",
            "messageStatus": status,
            "messageStatusDescription": "Message has been accepted by phone carrier",
            "context": {"account": "bar"},
            "totalMessageParts": 1,
            "totalMessagePrice": 0.00581,
            "totalCarrierFee": 0.00302,
        }
        envelope = {
            "Type": "Notification",
            "MessageId": f"a1b2c3d4-0000-4000-8000-{i:012d}",
            "TopicArn": "arn:aws:sns:us-east-1:123456789012:sms-events",
            "Message": json.dumps(record),
            "Timestamp": "2023-06-17T04:11:43.470Z",
            "SignatureVersion": "1",
            "Signature": "EXAMPLE",
            "SigningCertURL": "https://example.invalid/cert.pem",
            "UnsubscribeURL": "https://example.invalid/unsubscribe",
        }
        payloads.append(json.dumps(envelope))
    return payloads


def json_baseline(payloads: Sequence[str]) -> Callable[[], object]:
    loads = json.loads

    def run() -> object:
        return [loads(loads(p)["Message"]) for p in payloads]

    return run


def parse_run(payloads: Sequence[str]) -> Callable[[], object]:
    def run() -> object:
        return [parse_delivery_events(p) for p in payloads]

    return run


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="fewer rounds, a rough number")
    args = parser.parse_args(argv)
    rounds = 5 if args.quick else 21

    texts = mixed_texts(2000)
    payloads = sns_payloads(10_000)
    rows = []
    ours, base, ratio = interleaved(segments_run(texts), codec_baseline(texts), rounds)
    rows.append(Row("segments() x 2,000 mixed texts", "gsm0338 encode", ours, base, ratio, 1.0))
    ours, base, ratio = interleaved(parse_run(payloads), json_baseline(payloads), rounds)
    rows.append(Row("parse 10,000 SNS delivery events", "json.loads x2", ours, base, ratio, 2.0))

    print(f"{'benchmark':<34} {'smsv2':>13} {'baseline':>13} {'ratio':>7}  target")
    for row in rows:
        print(row.line())


if __name__ == "__main__":
    main()
