"""Bulk pacing from the limits the service reports vs AWS's static MPS table.

A US toll-free number's table rate is 3 parts per second; the fake reports (``MessagingLimits``)
a raised live limit of 20 for it, and throttles anything faster (``throttle_sends=True``, on
the real clock). Two runs of ``send_bulk`` in the same process:

* **live**: default rates, so the run reads the number's ``RateLimits`` (the new behaviour);
* **table**: ``parts_per_second=3``, what the static table gave before (the natural baseline).

The achieved rate comes from the fake's own send timestamps (parts after the first, over the
time from the first send to the last); medians over the rounds, and the ratio of the medians.

Run:  .venv/bin/python benchmarks/bench_live_limits.py [--quick]
"""

from __future__ import annotations

import argparse
import statistics

# bench_bulk sets fake credentials and an isolated AWS config first, and has the job helpers.
from bench_bulk import achieved_rate, job, request_number

import smsv2
from smsv2.bulk import BulkStatus
from smsv2.testing import FakeSmsVoice, mock_sms_voice

LIVE_LIMIT = 20
TABLE_RATE = 3.0


def one_run(live: bool, seconds: float) -> tuple[float, float, str, int]:
    """(achieved parts/s, configured rate, its source, throttled attempts) of one run."""
    fake = FakeSmsVoice(sandbox=False, throttle_sends=True)
    with mock_sms_voice(fake=fake):
        client = smsv2.Client(region_name="us-east-1")
        number = request_number(client)
        fake.set_messaging_limits(number, rate_limits={"SMS": LIVE_LIMIT})
        count = int((LIVE_LIMIT if live else TABLE_RATE) * seconds) + 1
        messages = job(number, count)
        run = client.send_bulk(messages, parts_per_second=None if live else TABLE_RATE)
        retried = sum(outcome.attempts - 1 for outcome in run)  # throttled attempts
        summary = run.summary
        assert summary.counts[BulkStatus.SENT] == count, summary
        achieved = achieved_rate(fake)
        info = summary.rates.get(number)
        source = info.source if info is not None else "given"
        configured = info.rate if info is not None else TABLE_RATE
        return achieved, configured, source, retried


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one round of 2 s")
    args = parser.parse_args()
    rounds, seconds = (1, 2.0) if args.quick else (3, 5.0)
    print(f"US toll-free number: table {TABLE_RATE:g} parts/s, live limit {LIVE_LIMIT} parts/s")
    results: dict[str, list[float]] = {"live": [], "table": []}
    for _ in range(rounds):
        for name in ("table", "live"):
            achieved, configured, source, retried = one_run(name == "live", seconds)
            results[name].append(achieved)
            print(
                f"  {name:5s} run: paced at {configured:g}/s ({source}), "
                f"achieved {achieved:.2f}/s, {retried} throttled attempt(s)"
            )
    live, table = statistics.median(results["live"]), statistics.median(results["table"])
    print(f"median achieved: live {live:.2f} parts/s ({live / LIVE_LIMIT:.1%} of the live limit)")
    print(
        f"median achieved: table {table:.2f} parts/s ({table / TABLE_RATE:.1%} of the table rate)"
    )
    print(f"ratio live/table: {live / table:.2f}x")


if __name__ == "__main__":
    main()
