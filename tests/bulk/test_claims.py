"""Issue 17's bulk findings: claims in the journal, unreadable answers, empty journals, repeated
keys, validation before any budget, and keys that reveal nothing."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import smsv2
from smsv2 import errors
from smsv2.bulk import KEY_PREFIX, BulkStatus, JournalCorruptError, LocalRateLimiter
from smsv2.testing import FakeSmsVoice, ThreadedServer

from .bulk_job import job
from .conftest import key_in, messages, request_number

FAST = 10_000.0


def sent_to(fake: FakeSmsVoice) -> list[str]:
    return [m.destination for m in fake.sent_messages]


# -- finding 4: two runs on one journal never send a key twice ---------------------------------


def test_two_runs_on_one_journal_at_once_send_each_message_once(
    fake: FakeSmsVoice, client: smsv2.Client, number: str, tmp_path: Path
) -> None:
    journal = tmp_path / "run.sqlite"
    batch = messages(300, number)
    fake.faults.latency(0.002, operations=["SendTextMessage"])  # keeps the two runs interleaved
    results: list[list[BulkStatus]] = []

    def run() -> None:
        outcomes = client.send_bulk(batch, journal=journal, parts_per_second=FAST, concurrency=4)
        results.append([o.status for o in outcomes])

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    destinations = sent_to(fake)
    assert len(destinations) == len(set(destinations)) == 300, "each message once"
    assert [len(r) for r in results] == [300, 300]
    # Each run reports every message: sent by it, by the other (previous), or held by the other.
    assert all(set(r) <= {BulkStatus.SENT, BulkStatus.OUTCOME_UNKNOWN} for r in results)
    with sqlite3.connect(journal) as db:
        states = dict(db.execute("SELECT status, count(*) FROM messages GROUP BY status"))
    assert states == {"SENT": 300}


def _row(journal: Path, key: str, **values: object) -> None:
    with sqlite3.connect(journal) as db:
        values = {"status": None, "message_id": None, **values}
        sets = ", ".join(f"{name} = ?" for name in values)
        db.execute(f"UPDATE messages SET {sets} WHERE key = ?", (*values.values(), key))


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


@pytest.fixture
def sleeper() -> Iterator[int]:
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield process.pid
    process.kill()
    process.wait()


def test_a_key_held_by_a_live_owner_is_skipped_and_a_dead_owners_is_unknown(
    fake: FakeSmsVoice, client: smsv2.Client, number: str, tmp_path: Path, sleeper: int
) -> None:
    journal = tmp_path / "run.sqlite"
    batch = messages(5, number)
    list(client.send_bulk(batch, journal=journal, parts_per_second=FAST))
    k = [key_in(journal, m) for m in batch]
    future = time.time() + 600
    _row(journal, k[0], state="sending", pid=sleeper, run="other", lease=future)  # live, sending
    _row(journal, k[1], state="pending", pid=sleeper, run="other", lease=future)  # live, claimed
    _row(journal, k[2], state="sending", pid=_dead_pid(), run="gone", lease=future)  # dead
    _row(journal, k[3], state="sending", pid=sleeper, run="slow", lease=time.time() - 1)  # expired
    _row(journal, k[4], state="pending", pid=_dead_pid(), run="gone", lease=future)  # dead, unsent
    del fake.sent_messages[:]

    outcomes = {o.key: o for o in client.send_bulk(batch, journal=journal, parts_per_second=FAST)}
    assert outcomes[k[0]].status is BulkStatus.OUTCOME_UNKNOWN and outcomes[k[0]].previous
    assert outcomes[k[1]].status is BulkStatus.OUTCOME_UNKNOWN and outcomes[k[1]].previous
    assert outcomes[k[2]].status is BulkStatus.OUTCOME_UNKNOWN
    assert outcomes[k[3]].status is BulkStatus.OUTCOME_UNKNOWN
    assert outcomes[k[4]].status is BulkStatus.SENT and not outcomes[k[4]].previous
    assert sent_to(fake) == [batch[4].destination_phone_number], "only the unsent one went out"
    with sqlite3.connect(journal) as db:
        rows = {
            key: (state, status)
            for key, state, status in db.execute("SELECT key, state, status FROM messages")
        }
    # The live owners' rows are theirs still; the dead and expired ones are settled unknown.
    assert rows[k[0]] == ("sending", None) and rows[k[1]] == ("pending", None)
    assert rows[k[2]] == rows[k[3]] == ("done", "OUTCOME_UNKNOWN")
    assert rows[k[4]] == ("done", "SENT")


# -- finding 5: a 2xx answer that cannot be read is OUTCOME_UNKNOWN, never re-sent -----------


class _Garbage(BaseHTTPRequestHandler):
    body = b""
    sends = 0

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.headers.get("X-Amz-Target", "").endswith("SendTextMessage"):
            type(self).sends += 1
        self.send_response(200)
        self.send_header("Content-Type", "application/x-amz-json-1.0")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.mark.parametrize("body", [b"<html>", b"", b"{}", b'{"MessageId": 5}'])
def test_an_unreadable_2xx_answer_is_unknown_and_never_sent_again(
    body: bytes, tmp_path: Path
) -> None:
    handler: type[_Garbage] = type("Handler", (_Garbage,), {"body": body, "sends": 0})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        client = smsv2.Client(
            region_name="us-east-1", endpoint_url=f"http://127.0.0.1:{server.server_port}"
        )
        journal = tmp_path / "run.sqlite"
        batch = messages(3, "pool-x")
        first = list(client.send_bulk(batch, journal=journal, parts_per_second=FAST))
        assert {o.status for o in first} == {BulkStatus.OUTCOME_UNKNOWN}
        assert all(o.attempts == 1 for o in first)
        again = list(client.send_bulk(batch, journal=journal, parts_per_second=FAST))
        assert {o.status for o in again} == {BulkStatus.OUTCOME_UNKNOWN}
        assert all(o.previous and o.attempts == 0 for o in again)
        assert handler.sends == 3, "each went out once; none re-sent on resume"
    finally:
        server.shutdown()
        server.server_close()


# -- finding 6: an empty or foreign file is not a new job ----------------------------------------


@pytest.mark.parametrize("content", [b"", b"SQLite format 3\x00" + b"\x00" * 84, b"hello"])
def test_an_empty_or_foreign_journal_file_is_refused(
    fake: FakeSmsVoice, client: smsv2.Client, number: str, tmp_path: Path, content: bytes
) -> None:
    journal = tmp_path / "run.sqlite"
    journal.write_bytes(content)
    with pytest.raises(JournalCorruptError) as caught:
        client.send_bulk(messages(5, number), journal=journal, parts_per_second=FAST)
    assert isinstance(caught.value, errors.SmsV2Error)
    assert caught.value.path == str(journal)
    assert fake.sent_messages == []
    assert journal.read_bytes() == content, "the file is left as it was"


def test_a_new_journal_is_readable_by_its_owner_only(
    fake: FakeSmsVoice, client: smsv2.Client, number: str, tmp_path: Path
) -> None:
    journal = tmp_path / "run.sqlite"
    list(client.send_bulk(messages(1, number), journal=journal, parts_per_second=FAST))
    assert journal.stat().st_mode & 0o777 == 0o600


# -- finding 7: a repeated key means the same with and without a journal ------------------------


@pytest.mark.parametrize("with_journal", [False, True])
def test_a_repeated_key_is_invalid_and_sent_once_with_or_without_a_journal(
    fake: FakeSmsVoice, client: smsv2.Client, number: str, tmp_path: Path, with_journal: bool
) -> None:
    batch = messages(3, number)
    keyed = batch[0].model_copy(update={"message_body": "another body", "key": "order-1"})
    first = batch[1].model_copy(update={"key": "order-1"})
    journal = tmp_path / "run.sqlite" if with_journal else None
    # concurrency=1: the first copy has finished before the second is taken.
    outcomes = list(
        client.send_bulk(
            [first, batch[0], batch[2], batch[0], keyed],
            journal=journal,
            parts_per_second=FAST,
            concurrency=1,
        )
    )
    statuses = [o.status for o in outcomes]
    assert statuses.count(BulkStatus.INVALID) == 2
    assert all(o.field == "key" for o in outcomes if o.status is BulkStatus.INVALID)
    assert len(fake.sent_messages) == 3


# -- finding 8: validated once, fully, before any budget, claim or journal write ----------------


class _CountingLimiter(LocalRateLimiter):
    def __init__(self) -> None:
        super().__init__()
        self.acquired = 0

    def acquire(self, bucket: str, cost: float, rate: float, stop: threading.Event) -> bool:
        self.acquired += 1
        return super().acquire(bucket, cost, rate, stop)


def test_a_national_number_is_invalid_before_any_budget_claim_or_write(
    fake: FakeSmsVoice, client: smsv2.Client, number: str, tmp_path: Path
) -> None:
    journal = tmp_path / "run.sqlite"
    limiter = _CountingLimiter()
    bad = {"destination_phone_number": "2065550100", "origination_identity": number}
    (outcome,) = client.send_bulk([bad], journal=journal, limiter=limiter, parts_per_second=FAST)
    assert outcome.status is BulkStatus.INVALID
    assert outcome.field == "destination_phone_number" and "E.164" in (outcome.reason or "")
    assert (outcome.attempts, outcome.parts) == (0, 0)
    assert isinstance(outcome.error, errors.RequestValidationError)
    assert limiter.acquired == 0
    with sqlite3.connect(journal) as db:
        assert db.execute("SELECT count(*) FROM messages").fetchone() == (0,)
    assert fake.sent_messages == []


def test_a_built_national_number_is_invalid_too(
    fake: FakeSmsVoice, client: smsv2.Client, number: str
) -> None:
    bad = smsv2.OutboundMessage(destination_phone_number="2065550100", message_body="hi")
    (outcome,) = client.send_bulk([bad], parts_per_second=FAST)
    assert (outcome.status, outcome.field, outcome.attempts) == (
        BulkStatus.INVALID,
        "destination_phone_number",
        0,
    )


# -- finding 10: default keys cannot be reversed by guessing --------------------------------------


def _plain_sha256(message: smsv2.OutboundMessage) -> str:
    canonical = json.dumps(
        message.model_dump(mode="json", by_alias=False, exclude={"key"}, exclude_none=True),
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def test_stored_keys_resist_a_dictionary_attack_without_the_secret(
    fake: FakeSmsVoice, client: smsv2.Client, number: str, tmp_path: Path
) -> None:
    journal = tmp_path / "run.sqlite"
    batch = messages(20, number)
    list(client.send_bulk(batch, journal=journal, parts_per_second=FAST))
    with sqlite3.connect(journal) as db:
        stored = {k for (k,) in db.execute("SELECT key FROM messages")}
    assert len(stored) == 20 and all(k.startswith(KEY_PREFIX) for k in stored)
    digests = {k.removeprefix(KEY_PREFIX) for k in stored}
    # The attacker knows the body and origin and tries every number of the exchange, with the
    # old unsalted hash and with HMACs under guessed secrets.
    found = 0
    for i in range(10_000):
        guess = smsv2.OutboundMessage(
            destination_phone_number=f"+1206555{i:04d}",
            origination_identity=number,
            message_body=f"message {i}",
        )
        found += _plain_sha256(guess) in digests
        found += guess.key_under(b"\x00" * 32).removeprefix(KEY_PREFIX) in digests
    assert found == 0
    # With the journal's own secret the keys are recomputed (that is how a resume finds them).
    assert {key_in(journal, m) for m in batch} == stored
    assert os.stat(journal).st_mode & 0o077 == 0, "so the file with the secret is private"


# -- finding 4 across processes: ten runs of 2 to 4 processes resuming one journal -------------

SCRIPT = Path(__file__).with_name("bulk_job.py")
ROOT = Path(__file__).resolve().parents[2]


def _resume_together(
    server: ThreadedServer, origination: str, count: int, journal: Path, processes: int
) -> list[list[dict[str, object]]]:
    args = [sys.executable, str(SCRIPT), server.endpoint_url, origination, str(count), "5000"]
    workers = [
        subprocess.Popen(
            [*args, str(journal), "--wait"],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(processes)
    ]
    for worker in workers:
        assert worker.stdout is not None and worker.stdout.readline().strip() == "ready"
    for worker in workers:
        assert worker.stdin is not None
        worker.stdin.write("go\n")
        worker.stdin.flush()
    reports: list[list[dict[str, object]]] = []
    for worker in workers:
        out, _ = worker.communicate(timeout=120)
        assert worker.returncode == 0
        reports.append([json.loads(line) for line in out.splitlines()[1:]])
    return reports


def test_ten_runs_of_several_processes_resuming_one_journal_send_nothing_twice(
    server: ThreadedServer, http_client: smsv2.Client, tmp_path: Path
) -> None:
    origination = request_number(http_client)
    server.fake.faults.latency(0.01, operations=["SendTextMessage"])  # keeps the runs overlapping
    count = 60
    table: list[tuple[int, int, int, str, int]] = []
    for attempt in range(10):
        processes = 2 + attempt % 3
        journal = tmp_path / f"run{attempt}.sqlite"
        before = len(server.fake.sent_messages)
        # A first run sends part of the job, then several processes resume it together.
        first = http_client.send_bulk(
            job(origination, count), journal=journal, parts_per_second=5000, concurrency=1
        )
        for index, _ in enumerate(first):
            if index == 9:
                first.stop()
        reports = _resume_together(server, origination, count, journal, processes)
        sent = [m.destination for m in server.fake.sent_messages[before:]]
        duplicates = len(sent) - len(set(sent))
        mine = [sum(o["status"] == "SENT" and not o["previous"] for o in r) for r in reports]
        table.append((attempt, processes, len(sent), "/".join(map(str, mine)), duplicates))
        assert duplicates == 0
        assert len(set(sent)) == count, "every message went out"
        assert all(len(r) == count for r in reports), "each process reports every message"
        del server.fake.sent_messages[before:]  # the next attempt sends the same numbers
    print("\nattempt processes sends sent-by-each-resuming-process duplicates")
    for a, p, n, each, d in table:
        print(f"{a:7d} {p:9d} {n:5d} {each:>32} {d:10d}")
