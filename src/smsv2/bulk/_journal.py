"""The bulk journal: one sqlite3 database recording, per message key, who holds it and what
became of it, so that a crashed run (even SIGKILL) resumes without sending anything twice and
several processes can work through one job together.

Every key goes `pending` (claimed: an owner and a lease, nothing sent) -> `sending` (the
request may leave) -> `done` (its outcome). Claiming and each step are write transactions,
so two processes never hold one key. A key `sending` whose owner died, or whose lease ran
out, may have gone out: its outcome is unknown. A `pending` one is simply taken over.

A job without a journal file gets one in memory: repeated keys mean the same either way.
Rows hold keys, statuses, message IDs and error class names: never numbers or bodies.
"""

from __future__ import annotations

import contextlib
import enum
import hashlib
import os
import secrets
import socket
import sqlite3
import threading
import time
import uuid
from collections.abc import Generator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from smsv2.bulk._message import MIN_SECRET_BYTES
from smsv2.bulk._outcome import FINAL, BulkStatus
from smsv2.errors import JournalCorruptError, JournalError, JournalMismatchError

FORMAT = "smsv2-bulk-journal"
VERSION = "2"
#: How many leading message keys identify a job.
HEAD = 8
#: Seconds a claim is held without news from its owner (renewed before each request).
LEASE = 300.0
#: Seconds to wait for another process's write transaction.
BUSY_TIMEOUT = 30.0
_HOST = socket.gethostname()
# Runs of this process with an open journal: an owner here is alive only while listed.
_LIVE: set[str] = set()
_LIVE_LOCK = threading.Lock()

_SCHEMA = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE messages (
    key TEXT PRIMARY KEY,
    state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'done')),
    status TEXT,
    message_id TEXT,
    error TEXT,
    parts INTEGER NOT NULL DEFAULT 0,
    attempts INTEGER NOT NULL DEFAULT 0,
    run TEXT NOT NULL,
    host TEXT NOT NULL,
    pid INTEGER NOT NULL,
    lease REAL,
    updated REAL NOT NULL
);
"""
_COLUMNS = "key, state, status, message_id, error, parts, attempts, run, host, pid, lease"


@dataclass(frozen=True)
class JournalRow:
    """One message's record."""

    key: str
    state: str
    status: str | None
    message_id: str | None
    error: str | None
    parts: int
    attempts: int
    run: str
    host: str
    pid: int
    lease: float | None


class Claimed(enum.Enum):
    """What claiming a key found."""

    OURS = "ours"
    """Claimed now: this run may send it."""
    REPEATED = "repeated"
    """This run already had the key: a repeated message of the job."""
    SETTLED = "settled"
    """An earlier run recorded an outcome that stands (or its send is now unknown)."""
    HELD = "held"
    """Another live run holds the key."""


def job_fingerprint(head_keys: Sequence[str]) -> str:
    """What identifies a job: a hash of its first message keys."""
    digest = hashlib.sha256("\n".join(head_keys).encode()).hexdigest()
    return f"{len(head_keys)}:{digest}"


class Journal:
    """An open journal (`path` None: in memory). Thread-safe; each write is committed."""

    def __init__(
        self, path: str | os.PathLike[str] | None, run: str | None = None, *, create: bool = True
    ) -> None:
        self.path = ":memory:" if path is None else str(path)
        self.run = run or uuid.uuid4().hex
        self._lock = threading.Lock()
        if path is not None and not Path(self.path).exists():
            if not create:
                raise JournalError("there is no journal at this path", path=self.path)
            _create(self.path)
        try:
            self._db = sqlite3.connect(
                self.path, check_same_thread=False, isolation_level=None, timeout=BUSY_TIMEOUT
            )
        except sqlite3.Error as exc:
            raise JournalError(f"cannot open the journal ({exc})", path=self.path) from None
        try:
            if path is None:
                _initialise(self._db)
            else:
                self._check()
                # Committed rows survive a killed process with NORMAL; only power loss can drop
                # the last ones (then the message is reported OUTCOME_UNKNOWN, never re-sent).
                self._db.execute("PRAGMA synchronous=NORMAL")
            self.secret = bytes.fromhex(self._meta("secret") or "")
            if len(self.secret) < MIN_SECRET_BYTES:
                raise ValueError("no key secret")
        except (sqlite3.DatabaseError, ValueError) as exc:
            self._db.close()
            raise JournalCorruptError(
                f"the journal is not a readable smsv2 journal ({exc})", path=self.path
            ) from None
        with _LIVE_LOCK:
            _LIVE.add(self.run)

    def _check(self) -> None:
        (result,) = self._db.execute("PRAGMA quick_check").fetchone()
        if result != "ok":
            raise sqlite3.DatabaseError(f"integrity check failed: {result}")
        tables = {row[0] for row in self._db.execute("SELECT name FROM sqlite_master")}
        if not {"meta", "messages"} <= tables:
            raise sqlite3.DatabaseError("no smsv2 journal tables (an empty or foreign file)")
        if self._meta("format") != FORMAT or self._meta("version") != VERSION:
            raise sqlite3.DatabaseError(
                f"format {self._meta('format')!r} version {self._meta('version')!r}"
            )

    def _meta(self, name: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return None if row is None else str(row[0])

    @contextmanager
    def _transaction(self) -> Generator[sqlite3.Connection, None, None]:
        """One write transaction, taken at once (BEGIN IMMEDIATE) so decisions stay true."""
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    yield self._db
                except BaseException:
                    self._db.execute("ROLLBACK")
                    raise
                self._db.execute("COMMIT")
            except sqlite3.Error as exc:
                raise JournalError(f"cannot write to the journal ({exc})", path=self.path) from None

    def bind_job(self, fingerprint: str) -> None:
        """Record the job this journal is for, or check it is the one recorded."""
        with self._transaction() as db:
            db.execute("INSERT OR IGNORE INTO meta VALUES ('job', ?)", (fingerprint,))
            recorded = self._meta("job")
        if recorded != fingerprint:
            raise JournalMismatchError(
                "the journal belongs to another job (its first messages differ); "
                "use a new journal file for a new job",
                path=self.path,
            )

    def lookup(self, key: str) -> JournalRow | None:
        """The record of `key`, if any."""
        with self._lock:
            return self._row(key)

    def _row(self, key: str) -> JournalRow | None:
        row = self._db.execute(f"SELECT {_COLUMNS} FROM messages WHERE key = ?", (key,)).fetchone()
        return JournalRow(*row) if row is not None else None

    def claim(self, key: str, *, resend_unknown: bool) -> tuple[Claimed, JournalRow | None]:
        """Take `key` for this run, or say why not (with the row found)."""
        with self._transaction() as db:
            row = self._row(key)
            verdict = self._verdict(row, resend_unknown)
            if verdict is Claimed.OURS:
                now = time.time()
                db.execute(
                    "INSERT INTO messages (key, state, run, host, pid, lease, updated)"
                    " VALUES (?, 'pending', ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET"
                    " state = 'pending', status = NULL, error = NULL, run = excluded.run,"
                    " host = excluded.host, pid = excluded.pid, lease = excluded.lease,"
                    " updated = excluded.updated",
                    (key, self.run, _HOST, os.getpid(), now + LEASE, now),
                )
            elif verdict is Claimed.SETTLED and row is not None and row.state == "sending":
                # Its owner is gone mid-send: it may have gone out. Recorded for good; ``updated``
                # stays the time of the intent (reconcile's deadline counts from it).
                db.execute(
                    "UPDATE messages SET state = 'done', status = ? WHERE key = ?",
                    (BulkStatus.OUTCOME_UNKNOWN.value, key),
                )
                row = self._row(key)
        return verdict, row

    def _verdict(self, row: JournalRow | None, resend_unknown: bool) -> Claimed:
        if row is None:
            return Claimed.OURS
        if row.run == self.run:
            return Claimed.REPEATED
        if row.state == "done":
            unknown = row.status == BulkStatus.OUTCOME_UNKNOWN.value
            final = row.status in {s.value for s in FINAL}
            return Claimed.SETTLED if final and not (unknown and resend_unknown) else Claimed.OURS
        if _alive(row):
            return Claimed.HELD
        if row.state == "sending" and not resend_unknown:
            return Claimed.SETTLED
        return Claimed.OURS

    def sending(self, key: str) -> bool:
        """The intent: `key` is about to be sent (committed first). False if no longer ours."""
        now = time.time()
        return self._owned(
            "UPDATE messages SET state = 'sending', lease = ?, updated = ?"
            " WHERE key = ? AND run = ? AND state = 'pending'",
            (now + LEASE, now, key, self.run),
        )

    def not_sent(self, key: str) -> None:
        """The last request for `key` was answered without sending (e.g. throttled)."""
        self._owned(
            "UPDATE messages SET state = 'pending', updated = ? WHERE key = ? AND run = ?",
            (time.time(), key, self.run),
        )

    def release(self, key: str) -> None:
        """Give back a key claimed but not sent: another run may take it at once."""
        self._owned(
            "UPDATE messages SET lease = NULL, updated = ?"
            " WHERE key = ? AND run = ? AND state = 'pending'",
            (time.time(), key, self.run),
        )

    def done(
        self,
        key: str,
        status: str,
        *,
        message_id: str | None,
        error: str | None,
        parts: int,
        attempts: int,
    ) -> None:
        """The outcome of `key` (sent by this run)."""
        self._owned(
            "UPDATE messages SET state = 'done', status = ?, message_id = ?, error = ?, parts = ?,"
            " attempts = ?, updated = ? WHERE key = ? AND run = ?",
            (status, message_id, error, parts, attempts, time.time(), key, self.run),
        )

    def settle(self, key: str, message_id: str) -> bool:
        """A delivery event showed `key` went out: SENT with `message_id`, if its outcome
        was unknown (True when it was)."""
        return self._owned(
            "UPDATE messages SET state = 'done', status = ?, message_id = ?, error = NULL"
            " WHERE key = ? AND (status = ? OR state = 'sending')",
            (BulkStatus.SENT.value, message_id, key, BulkStatus.OUTCOME_UNKNOWN.value),
        )

    def unknown(self) -> list[tuple[str, float]]:
        """The keys whose outcome is unknown, with when they were last sent (epoch seconds)."""
        with self._lock:
            return self._db.execute(
                "SELECT key, updated FROM messages WHERE status = ? OR state = 'sending'"
                " ORDER BY updated, key",
                (BulkStatus.OUTCOME_UNKNOWN.value,),
            ).fetchall()

    def _owned(self, sql: str, params: tuple[object, ...]) -> bool:
        with self._transaction() as db:
            return db.execute(sql, params).rowcount == 1

    def close(self) -> None:
        """Close the file; this run's remaining claims are free for others from now on."""
        with _LIVE_LOCK:
            _LIVE.discard(self.run)
        with self._lock:
            self._db.close()


def _alive(row: JournalRow) -> bool:
    """Whether the owner of `row` may still be working on it."""
    if row.lease is None or row.lease < time.time():
        return False
    if row.host != _HOST:
        return True  # another host: its lease is all we know
    if row.pid == os.getpid():
        with _LIVE_LOCK:
            return row.run in _LIVE
    try:
        os.kill(row.pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _initialise(db: sqlite3.Connection) -> None:
    db.executescript(_SCHEMA)
    db.execute(
        "INSERT INTO meta VALUES ('format', ?), ('version', ?), ('secret', ?)",
        (FORMAT, VERSION, secrets.token_hex(32)),
    )


def _create(path: str) -> None:
    """A new journal at `path`, readable by its owner only, appearing complete or not at all:
    it is built aside and linked into place, so a process starting at the same time never
    sees a half-made file."""
    aside = f"{path}.{uuid.uuid4().hex}.new"
    try:
        os.close(os.open(aside, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        db = sqlite3.connect(aside, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            _initialise(db)
        finally:
            db.close()
        with contextlib.suppress(FileExistsError):  # another process made it first: use theirs
            os.link(aside, path)
    except (OSError, sqlite3.Error) as exc:
        raise JournalError(f"cannot create the journal ({exc})", path=path) from None
    finally:
        Path(aside).unlink(missing_ok=True)


__all__ = [
    "HEAD",
    "LEASE",
    "Claimed",
    "Journal",
    "JournalRow",
    "job_fingerprint",
]
