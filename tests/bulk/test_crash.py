"""A job killed with SIGKILL, or stopped with Ctrl-C, resumes without duplicates or losses."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import smsv2
from smsv2.bulk import BulkStatus
from smsv2.testing import ThreadedServer

from .bulk_job import job
from .conftest import key_in, request_number

SCRIPT = Path(__file__).with_name("bulk_job.py")
ROOT = Path(__file__).resolve().parents[2]


def start(
    server: ThreadedServer, origination: str, count: int, rate: float, journal: Path
) -> subprocess.Popen[str]:
    args = [
        sys.executable,
        str(SCRIPT),
        server.endpoint_url,
        origination,
        str(count),
        str(rate),
        str(journal),
    ]
    return subprocess.Popen(
        args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def read_outcomes(process: subprocess.Popen[str], wanted: int) -> list[dict[str, object]]:
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "started"
    lines: list[dict[str, object]] = []
    while len(lines) < wanted:
        line = process.stdout.readline()
        assert line, "the job ended early"
        lines.append(json.loads(line))
    return lines


def test_sigkill_then_resume_gives_no_duplicates_and_no_losses(
    server: ThreadedServer, http_client: smsv2.Client, tmp_path: Path
) -> None:
    origination = request_number(http_client)
    server.fake.faults.latency(0.15, operations=["SendTextMessage"])  # keeps sends in flight
    journal = tmp_path / "run.sqlite"
    count = 60
    process = start(server, origination, count, 40, journal)
    before = read_outcomes(process, 12)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    time.sleep(0.3)  # let the server finish the requests the dead process had in flight
    sent_before = len(server.fake.sent_messages)
    assert 12 <= sent_before < count

    resumed = list(
        http_client.send_bulk(job(origination, count), parts_per_second=200, journal=journal)
    )
    by_status: dict[BulkStatus, int] = {}
    for outcome in resumed:
        by_status[outcome.status] = by_status.get(outcome.status, 0) + 1
    unknown = {o.key for o in resumed if o.status is BulkStatus.OUTCOME_UNKNOWN}

    destinations = [m.destination for m in server.fake.sent_messages]
    assert len(destinations) == len(set(destinations)), "0 duplicates"
    keys_sent = {
        key_in(journal, m)
        for m in job(origination, count)
        if m.destination_phone_number in set(destinations)
    }
    every = {key_in(journal, m) for m in job(origination, count)}
    assert keys_sent | unknown == every, "0 losses: each message was sent or is reported unknown"
    assert len(resumed) == count
    assert {o["key"] for o in before} <= {o.key for o in resumed if o.previous}
    reported_ids = {o.message_id for o in resumed if o.status is BulkStatus.SENT}
    assert reported_ids <= {m.message_id for m in server.fake.sent_messages}
    assert by_status.get(BulkStatus.SENT, 0) + len(unknown) == count


def test_ctrl_c_finishes_in_flight_sends_and_prints_the_summary(
    server: ThreadedServer, http_client: smsv2.Client, tmp_path: Path
) -> None:
    origination = request_number(http_client)
    server.fake.faults.latency(0.1, operations=["SendTextMessage"])
    journal = tmp_path / "run.sqlite"
    count = 80
    process = start(server, origination, count, 20, journal)
    read_outcomes(process, 5)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=20)
    assert process.returncode != 0  # KeyboardInterrupt after the summary
    assert "smsv2 bulk run stopped:" in err
    assert "KeyboardInterrupt" in err
    with sqlite3.connect(journal) as db:
        states = dict(db.execute("SELECT state, count(*) FROM messages GROUP BY state").fetchall())
    assert "sending" not in states, "every send in flight finished and was recorded"
    sent = len(server.fake.sent_messages)
    assert states.get("done") == sent < count

    rest = list(
        http_client.send_bulk(job(origination, count), parts_per_second=200, journal=journal)
    )
    assert sum(o.previous for o in rest) == sent
    assert {o.status for o in rest} == {BulkStatus.SENT}
    destinations = [m.destination for m in server.fake.sent_messages]
    assert len(destinations) == count == len(set(destinations))
