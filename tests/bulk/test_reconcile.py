"""Issue 20 section 5: unknown outcomes settled by their delivery events, through the key each
bulk send carries in Context; a resume then re-sends only what never went out."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

import smsv2
from smsv2 import errors
from smsv2.bulk import CORRELATION_KEY, BulkStatus, reconcile
from smsv2.cli import ExitCode, main
from smsv2.events import parse_delivery_events
from smsv2.testing import FakeSmsVoice

from .conftest import key_in, messages

FAST = 10_000.0


def _events_set(client: smsv2.Client) -> str:
    client.create_configuration_set(configuration_set_name="events")
    client.create_event_destination(
        configuration_set_name="events",
        event_destination_name="dest",
        matching_event_types=["ALL"],
        sns_destination={"topic_arn": "arn:aws:sns:us-east-1:123456789012:sms-events"},
    )
    return "events"


def test_every_bulk_send_carries_its_key_in_context_and_never_the_number(
    fake: FakeSmsVoice, client: smsv2.Client, number: str
) -> None:
    name = _events_set(client)
    batch = [
        m.model_copy(update={"configuration_set_name": name, "context": {"campaign": "spring"}})
        for m in messages(3, number)
    ]
    outcomes = list(client.send_bulk(batch, parts_per_second=FAST))
    fake.advance(10)
    events = parse_delivery_events(fake.events)
    assert events
    by_id = {o.message_id: o.key for o in outcomes}
    for event in events:
        context = event.context or {}
        assert context["campaign"] == "spring"
        assert context[CORRELATION_KEY] == by_id[event.message_id]
        assert "2065550" not in context[CORRELATION_KEY]


def test_a_message_whose_context_is_full_is_invalid_before_sending(
    fake: FakeSmsVoice, client: smsv2.Client, number: str
) -> None:
    full = {f"k{i}": "v" for i in range(5)}
    bad = messages(1, number)[0].model_copy(update={"context": full})
    (outcome,) = client.send_bulk([bad], parts_per_second=FAST)
    assert (outcome.status, outcome.field, outcome.attempts) == (BulkStatus.INVALID, "context", 0)
    assert fake.sent_messages == []


def test_reconcile_settles_unknowns_and_the_resume_sends_only_what_never_went_out(
    fake: FakeSmsVoice, client: smsv2.Client, number: str, tmp_path: Path
) -> None:
    name = _events_set(client)
    batch = [m.model_copy(update={"configuration_set_name": name}) for m in messages(20, number)]
    journal = tmp_path / "run.sqlite"
    fake.faults.error_after_work(0.4, operations=["SendTextMessage"])  # answers lost after work
    first = list(client.send_bulk(batch[:15], journal=journal, parts_per_second=FAST))
    fake.faults.clear()
    lost = {o.key for o in first if o.status is BulkStatus.OUTCOME_UNKNOWN}
    assert lost, "faults after the work gave unknown outcomes"
    # A crash left message 15 "sending" although it never reached the service.
    never = key_in(journal, batch[15])
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    with sqlite3.connect(journal) as db:
        db.execute(
            "INSERT INTO messages (key, state, run, host, pid, lease, updated)"
            " SELECT ?, 'sending', 'gone', host, ?, ?, ? FROM messages LIMIT 1",
            (never, dead.pid, time.time() + 600, time.time()),
        )

    fake.advance(10)  # the service's delivery events arrive
    events = parse_delivery_events(fake.events)
    report = reconcile(journal, events)
    print(f"\nunknown before reconciling: {len(lost) + 1}; after: {len(report.unknown)}")
    assert set(report.settled) == lost, "every lost answer is settled by its events"
    sent_ids = {m.message_id for m in fake.sent_messages}
    assert set(report.settled.values()) <= sent_ids
    assert report.unknown == (never,) and report.overdue == ()
    later = reconcile(journal, [], now=datetime.now() + timedelta(hours=73))
    assert later.settled == {} and later.overdue == (never,)

    before = len(fake.sent_messages)
    resumed = {o.key: o for o in client.send_bulk(batch, journal=journal, resend_unknown=True)}
    destinations = [m.destination for m in fake.sent_messages]
    print(
        f"resume sent {len(destinations) - before}; duplicates {len(destinations) - len(set(destinations))}"
    )
    assert len(destinations) == len(set(destinations)) == 20, "0 duplicates, nothing lost"
    assert {m.destination for m in fake.sent_messages[before:]} == {
        m.destination_phone_number for m in batch[15:]
    }, "only what never went out"
    assert all(resumed[k].status is BulkStatus.SENT and resumed[k].previous for k in lost)


def test_reconcile_needs_an_existing_journal(tmp_path: Path) -> None:
    with pytest.raises(errors.JournalError):
        reconcile(tmp_path / "missing.sqlite", [])
    assert not (tmp_path / "missing.sqlite").exists()


def test_the_cli_reconciles_a_journal_with_an_events_file(
    fake: FakeSmsVoice,
    client: smsv2.Client,
    number: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    name = _events_set(client)
    jobs = tmp_path / "messages.jsonl"
    jobs.write_text(
        "".join(
            json.dumps(
                m.model_dump(mode="json", exclude_none=True) | {"configuration_set_name": name}
            )
            + "\n"
            for m in messages(12, number)
        )
    )
    journal = tmp_path / "run.sqlite"
    fake.faults.error_after_work(0.4, operations=["SendTextMessage"])
    code = main(
        ["--output", "json", "send-bulk", str(jobs), "--rate", "1000", "--journal", str(journal)]
    )
    assert code == ExitCode.OUTCOME_UNKNOWN
    capsys.readouterr()
    fake.faults.clear()
    with sqlite3.connect(journal) as db:
        lost = {
            k for (k,) in db.execute("SELECT key FROM messages WHERE status = 'OUTCOME_UNKNOWN'")
        }
    assert lost
    fake.advance(10)
    events = tmp_path / "events.json"
    events.write_text(json.dumps(fake.events))

    code = main(
        ["--output", "json", "send-bulk", "reconcile", "--journal", str(journal), str(events)]
    )
    report = json.loads(capsys.readouterr().out)
    assert code == ExitCode.OK
    assert set(report["settled"]) == lost and report["unknown"] == report["overdue"] == []
    code = main(
        ["send-bulk", str(jobs), "--rate", "1000", "--journal", str(journal), "--resend-unknown"]
    )
    assert code == ExitCode.OK
    destinations = [m.destination for m in fake.sent_messages]
    assert len(destinations) == len(set(destinations)) == 12, "nothing sent twice"
