"""The journal: resume without sending twice, unknown outcomes, other jobs' and corrupt files."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

import smsv2
from smsv2.bulk import BulkStatus, JournalCorruptError, JournalMismatchError
from smsv2.testing import FakeSmsVoice

from .conftest import key_in, messages

FAST = 10_000.0


def rows(path: Path) -> dict[str, tuple[str, str | None]]:
    with sqlite3.connect(path) as db:
        return {
            k: (state, status)
            for k, state, status in db.execute("SELECT key, state, status FROM messages")
        }


def test_intent_and_outcome_are_recorded(
    fake: FakeSmsVoice, client: smsv2.Client, number: str, tmp_path: Path
) -> None:
    journal = tmp_path / "run.sqlite"
    batch = messages(5, number)
    list(client.send_bulk(batch, parts_per_second=FAST, journal=journal))
    recorded = rows(journal)
    assert recorded == {key_in(journal, m): ("done", "SENT") for m in batch}
    text = journal.read_bytes()
    assert b"2065550" not in text and b"message 1" not in text  # keys and statuses only


def test_a_second_run_skips_what_was_sent(
    fake: FakeSmsVoice, client: smsv2.Client, number: str, tmp_path: Path
) -> None:
    journal = tmp_path / "run.sqlite"
    batch = messages(10, number)
    run = client.send_bulk(batch, parts_per_second=FAST, journal=journal, concurrency=1)
    for index, _ in enumerate(run):
        if index == 3:
            run.stop()
    first = len(fake.sent_messages)
    assert 4 <= first < 10
    again = list(client.send_bulk(batch, parts_per_second=FAST, journal=journal))
    assert len(again) == 10
    assert sum(o.previous for o in again) == first
    assert {o.status for o in again} == {BulkStatus.SENT}
    assert len(fake.sent_messages) == 10
    assert len({m.destination for m in fake.sent_messages}) == 10
    previous_ids = {o.message_id for o in again if o.previous}
    assert previous_ids <= {m.message_id for m in fake.sent_messages}


def test_in_flight_at_a_crash_is_unknown_unless_resend_unknown(
    fake: FakeSmsVoice, client: smsv2.Client, number: str, tmp_path: Path
) -> None:
    journal = tmp_path / "run.sqlite"
    batch = messages(3, number)
    list(client.send_bulk(batch, parts_per_second=FAST, journal=journal))
    # What a crash leaves behind: one message mid-send (intent, no outcome), one not reached.
    with sqlite3.connect(journal) as db:
        db.execute(
            "UPDATE messages SET state = 'sending' WHERE key = ?", (key_in(journal, batch[1]),)
        )
        db.execute("DELETE FROM messages WHERE key = ?", (key_in(journal, batch[2]),))
    del fake.sent_messages[:]
    outcomes = {o.key: o for o in client.send_bulk(batch, parts_per_second=FAST, journal=journal)}
    assert outcomes[key_in(journal, batch[0])].previous
    assert outcomes[key_in(journal, batch[1])].status is BulkStatus.OUTCOME_UNKNOWN
    assert outcomes[key_in(journal, batch[1])].previous
    assert outcomes[key_in(journal, batch[2])].status is BulkStatus.SENT
    assert not outcomes[key_in(journal, batch[2])].previous
    assert len(fake.sent_messages) == 1
    # Recorded as unknown: the next run says so again, and resend_unknown=True sends it.
    assert rows(journal)[key_in(journal, batch[1])] == ("done", "OUTCOME_UNKNOWN")
    again = {o.key: o for o in client.send_bulk(batch, parts_per_second=FAST, journal=journal)}
    assert again[key_in(journal, batch[1])].status is BulkStatus.OUTCOME_UNKNOWN
    resent = {
        o.key: o
        for o in client.send_bulk(
            batch, parts_per_second=FAST, journal=journal, resend_unknown=True
        )
    }
    assert resent[key_in(journal, batch[1])].status is BulkStatus.SENT
    assert not resent[key_in(journal, batch[1])].previous
    assert [m.destination for m in fake.sent_messages] == [
        batch[2].destination_phone_number,
        batch[1].destination_phone_number,
    ]


def test_failed_messages_are_tried_again(
    fake: FakeSmsVoice, client: smsv2.Client, number: str, tmp_path: Path
) -> None:
    journal = tmp_path / "run.sqlite"
    batch = messages(1, number)
    fake.faults.fail_next("SendTextMessage", error="AccessDeniedException")
    assert [o.status for o in client.send_bulk(batch, journal=journal, parts_per_second=FAST)] == [
        BulkStatus.FAILED
    ]
    assert [o.status for o in client.send_bulk(batch, journal=journal, parts_per_second=FAST)] == [
        BulkStatus.SENT
    ]


def test_a_repeated_message_is_not_sent_twice_in_one_job(
    fake: FakeSmsVoice, client: smsv2.Client, number: str, tmp_path: Path
) -> None:
    batch = messages(3, number)
    outcomes = list(
        client.send_bulk(
            [*batch, batch[0]], parts_per_second=FAST, journal=tmp_path / "j.sqlite", concurrency=1
        )
    )
    assert [o.status for o in outcomes].count(BulkStatus.INVALID) == 1
    assert next(o for o in outcomes if o.status is BulkStatus.INVALID).field == "key"
    assert len(fake.sent_messages) == 3


def test_another_jobs_journal_is_refused_before_sending(
    fake: FakeSmsVoice, client: smsv2.Client, number: str, tmp_path: Path
) -> None:
    journal = tmp_path / "run.sqlite"
    list(client.send_bulk(messages(3, number), parts_per_second=FAST, journal=journal))
    with pytest.raises(JournalMismatchError) as caught:
        client.send_bulk(messages(3, number, start=100), parts_per_second=FAST, journal=journal)
    assert caught.value.path == str(journal)
    assert "another job" in str(caught.value)
    assert isinstance(caught.value, smsv2.errors.SmsV2Error)
    assert len(fake.sent_messages) == 3


def _not_sqlite(path: Path) -> None:
    path.write_bytes(b"this is not a database" * 100)


def _truncated(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:1500])


def _other_version(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = '9' WHERE name = 'version'")


def _other_database(path: Path) -> None:
    path.unlink()
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE t (x)")


@pytest.mark.parametrize("damage", [_not_sqlite, _truncated, _other_version, _other_database])
def test_a_corrupt_journal_is_refused_before_sending(
    fake: FakeSmsVoice,
    client: smsv2.Client,
    number: str,
    tmp_path: Path,
    damage: Callable[[Path], None],
) -> None:
    journal = tmp_path / "run.sqlite"
    batch = messages(30, number)
    list(client.send_bulk(batch, parts_per_second=FAST, journal=journal))
    for suffix in ("-wal", "-shm"):
        Path(f"{journal}{suffix}").unlink(missing_ok=True)
    damage(journal)
    sent = len(fake.sent_messages)
    with pytest.raises(JournalCorruptError) as caught:
        client.send_bulk(batch, parts_per_second=FAST, journal=journal)
    assert caught.value.path == str(journal)
    assert len(fake.sent_messages) == sent
