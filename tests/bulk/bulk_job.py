"""A bulk job in its own process, for the crash and Ctrl-C tests (prints one outcome a line).

python tests/bulk/bulk_job.py ENDPOINT ORIGINATION COUNT RATE JOURNAL [--wait]

With ``--wait`` it prints "ready" and starts when a line arrives on stdin, so that several
processes start together.
"""

from __future__ import annotations

import json
import sys

import smsv2


def job(origination: str, count: int) -> list[smsv2.OutboundMessage]:
    """The job's messages (the same every run)."""
    return [
        smsv2.OutboundMessage(
            destination_phone_number=f"+1206555{i:04d}",
            origination_identity=origination,
            message_body=f"message {i}",
        )
        for i in range(count)
    ]


def main() -> None:
    endpoint, origination, count, rate, journal = sys.argv[1:6]
    client = smsv2.Client(region_name="us-east-1", endpoint_url=endpoint)
    if "--wait" in sys.argv[6:]:
        print("ready", flush=True)
        sys.stdin.readline()
    run = client.send_bulk(
        job(origination, int(count)), parts_per_second=float(rate), journal=journal, concurrency=4
    )
    print("started", flush=True)
    for outcome in run:
        print(json.dumps(outcome.to_dict()), flush=True)


if __name__ == "__main__":
    main()
