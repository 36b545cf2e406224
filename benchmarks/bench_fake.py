"""In-process throughput of smsv2.testing.

* "fake direct": ``FakeSmsVoice.respond()`` calls per second (validation, handler, output
  check; no botocore), against the target of 1,000 calls/s;
* "via boto3": boto3 calls per second through ``mock_sms_voice()``, next to boto3 answered
  by a canned before-send handler (what boto3 alone costs), interleaved in the same run.

    python benchmarks/bench_fake.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

import boto3
from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from botocore.compat import HTTPHeaders

from smsv2.testing import FakeSmsVoice, mock_sms_voice

# Fake credentials and an isolated config: never real ones, never the caller's profile.
os.environ.update(
    AWS_ACCESS_KEY_ID="testing",
    AWS_SECRET_ACCESS_KEY="testing",
    AWS_CONFIG_FILE=os.devnull,
    AWS_SHARED_CREDENTIALS_FILE=os.devnull,
)
SIM_DEST = "+14254147755"
TARGET_CALLS_PER_SECOND = 1000.0


class _Body:
    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: object) -> Iterator[bytes]:
        yield self._data


def _canned(request: AWSPreparedRequest, **_: object) -> AWSResponse:
    raw = request.headers.get("X-Amz-Target", b"")
    target = raw.decode() if isinstance(raw, bytes) else str(raw)
    body: dict[str, object] = (
        {"MessageId": "m-1"} if target.endswith("SendTextMessage") else {"Pools": []}
    )
    headers = HTTPHeaders()
    headers["Content-Type"] = "application/x-amz-json-1.0"
    return AWSResponse(request.url, 200, headers, _Body(json.dumps(body).encode()))


def _rate(fn: Callable[[], object], calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        fn()
    return calls / (time.perf_counter() - start)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    opts = parser.parse_args(argv)
    rounds, calls = (3, 200) if opts.quick else (7, 1000)
    baseline: Any = boto3.client("pinpoint-sms-voice-v2", region_name="us-east-1")
    baseline.meta.events.register_first("before-send", _canned)
    results: dict[str, tuple[list[float], list[float]]] = {}
    direct = FakeSmsVoice(sandbox=False)
    phone = direct.respond(
        "RequestPhoneNumber",
        {
            "IsoCountryCode": "US",
            "MessageType": "TRANSACTIONAL",
            "NumberCapabilities": ["SMS"],
            "NumberType": "SIMULATOR",
        },
    ).body["PhoneNumberId"]
    send_body = {
        "DestinationPhoneNumber": SIM_DEST,
        "OriginationIdentity": phone,
        "MessageBody": "hi",
    }
    direct_rates = {
        "SendTextMessage": [
            _rate(lambda: direct.respond("SendTextMessage", send_body), calls)
            for _ in range(rounds)
        ],
        "DescribePools": [
            _rate(lambda: direct.respond("DescribePools", {}), calls) for _ in range(rounds)
        ],
    }
    fake = FakeSmsVoice(sandbox=False)
    with mock_sms_voice(fake=fake):
        fake_client: Any = boto3.client("pinpoint-sms-voice-v2", region_name="us-east-1")
        origin = fake_client.request_phone_number(
            IsoCountryCode="US",
            MessageType="TRANSACTIONAL",
            NumberCapabilities=["SMS"],
            NumberType="SIMULATOR",
        )["PhoneNumberId"]

    def send(client: Any) -> Callable[[], object]:
        return lambda: client.send_text_message(
            DestinationPhoneNumber=SIM_DEST, OriginationIdentity=origin, MessageBody="hi"
        )

    def describe(client: Any) -> Callable[[], object]:
        return lambda: client.describe_pools()

    for name, make in (("SendTextMessage", send), ("DescribePools", describe)):
        fake_rates: list[float] = []
        base_rates: list[float] = []
        for _ in range(rounds):  # interleaved, so load changes hit both alike
            with mock_sms_voice(fake=fake):
                fake_rates.append(_rate(make(fake_client), calls))
            # Outside the mock only the canned handler answers the baseline.
            base_rates.append(_rate(make(baseline), calls))
        results[name] = (fake_rates, base_rates)
    print(
        f"python {sys.version.split()[0]}, boto3 {boto3.__version__}, rounds={rounds}, calls={calls}"
    )
    ok = True
    print(f"\n{'fake direct':<18} {'calls/s':>13}  target")
    for name, rates in direct_rates.items():
        median = statistics.median(rates)
        passed = median >= TARGET_CALLS_PER_SECOND
        ok = ok and passed
        print(
            f"{name:<18} {median:>13,.0f}  >= {TARGET_CALLS_PER_SECOND:,.0f}/s "
            f"{'ok' if passed else 'MISSED'}"
        )
    print(f"\n{'via boto3':<18} {'fake calls/s':>13} {'boto3 alone':>12} {'ratio':>6}")
    for name, (fake_rates, base_rates) in results.items():
        fake_median = statistics.median(fake_rates)
        base_median = statistics.median(base_rates)
        print(
            f"{name:<18} {fake_median:>13,.0f} {base_median:>12,.0f} {fake_median / base_median:>6.2f}"
        )
    print("\nall targets met" if ok else "\na target was missed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
