"""The bulk journal: one sqlite3 file recording each message's intent before it is sent and its
outcome after, so a run that crashed (even SIGKILL) resumes without sending anything twice.

A row is `sending` from just before the request until the outcome is written; a row still
`sending` when a later run opens the journal was in flight at the crash: its outcome is
unknown. Rows hold keys, statuses, message IDs and error class names: never numbers or bodies.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from smsv2._errors_base import SmsV2Error

FORMAT = "smsv2-bulk-journal"
VERSION = "1"
#: How many leading message keys identify a job.
HEAD = 8

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS messages (
    key TEXT PRIMARY KEY,
    state TEXT NOT NULL CHECK (state IN ('sending', 'pending', 'done')),
    status TEXT,
    message_id TEXT,
    error TEXT,
    parts INTEGER NOT NULL DEFAULT 0,
    attempts INTEGER NOT NULL DEFAULT 0,
    run TEXT NOT NULL,
    updated REAL NOT NULL
);
"""


class JournalError(SmsV2Error):
    """The bulk journal cannot be used. Nothing was sent."""

    def __init__(self, message: str, *, path: str) -> None:
        self.path = path
        super().__init__(message)


class JournalCorruptError(JournalError):
    """The journal file is not a readable smsv2 journal (damaged, truncated or another file)."""


class JournalMismatchError(JournalError):
    """The journal belongs to another job: its first messages differ from this job's."""


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


def job_fingerprint(head_keys: Sequence[str]) -> str:
    """What identifies a job: a hash of its first message keys."""
    digest = hashlib.sha256("\n".join(head_keys).encode()).hexdigest()
    return f"{len(head_keys)}:{digest}"


class Journal:
    """An open journal. Thread-safe; every write is committed before the call returns."""

    def __init__(self, path: str | os.PathLike[str], run: str) -> None:
        self.path = str(path)
        self.run = run
        existed = Path(self.path).exists() and Path(self.path).stat().st_size > 0
        try:
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        except sqlite3.Error as exc:
            raise JournalError(f"cannot open the journal ({exc})", path=self.path) from None
        self._lock = threading.Lock()
        try:
            if existed:
                self._check()
            self._db.execute("PRAGMA journal_mode=WAL")
            # Committed rows survive a killed process with NORMAL; only power loss can drop the
            # last ones (and then the message is reported OUTCOME_UNKNOWN, never sent twice).
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
            self._db.execute(
                "INSERT OR IGNORE INTO meta VALUES ('format', ?), ('version', ?)", (FORMAT, VERSION)
            )
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise JournalCorruptError(
                f"the journal is not a readable smsv2 journal ({exc})", path=self.path
            ) from None

    def _check(self) -> None:
        (result,) = self._db.execute("PRAGMA quick_check").fetchone()
        if result != "ok":
            raise sqlite3.DatabaseError(f"integrity check failed: {result}")
        tables = {row[0] for row in self._db.execute("SELECT name FROM sqlite_master")}
        if not {"meta", "messages"} <= tables:
            raise sqlite3.DatabaseError("no smsv2 journal tables")
        meta = dict(self._db.execute("SELECT name, value FROM meta").fetchall())
        if meta.get("format") != FORMAT or meta.get("version") != VERSION:
            raise sqlite3.DatabaseError(
                f"format {meta.get('format')!r} version {meta.get('version')!r}"
            )

    def bind_job(self, fingerprint: str) -> None:
        """Record the job this journal is for, or check it is the one recorded."""
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE name = 'job'").fetchone()
            if row is None:
                self._db.execute("INSERT INTO meta VALUES ('job', ?)", (fingerprint,))
            elif row[0] != fingerprint:
                raise JournalMismatchError(
                    "the journal belongs to another job (its first messages differ); "
                    "use a new journal file for a new job",
                    path=self.path,
                )

    def lookup(self, key: str) -> JournalRow | None:
        """The record of `key`, if any."""
        with self._lock:
            row = self._db.execute(
                "SELECT key, state, status, message_id, error, parts, attempts, run"
                " FROM messages WHERE key = ?",
                (key,),
            ).fetchone()
        return JournalRow(*row) if row is not None else None

    def sending(self, key: str, parts: int) -> None:
        """The intent: `key` is about to be sent (committed before returning)."""
        self._write(
            "INSERT INTO messages (key, state, parts, run, updated) VALUES (?, 'sending', ?, ?, ?)"
            " ON CONFLICT (key) DO UPDATE SET state = 'sending', status = NULL, parts = ?,"
            " run = ?, updated = ?",
            (key, parts, self.run, time.time(), parts, self.run, time.time()),
        )

    def not_sent(self, key: str) -> None:
        """The last request for `key` was answered without sending (e.g. throttled)."""
        self._write(
            "UPDATE messages SET state = 'pending', updated = ? WHERE key = ?", (time.time(), key)
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
        """The outcome of `key`."""
        self._write(
            "INSERT INTO messages"
            " (key, state, status, message_id, error, parts, attempts, run, updated)"
            " VALUES (?, 'done', ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (key) DO UPDATE SET state = 'done', status = excluded.status,"
            " message_id = excluded.message_id, error = excluded.error, parts = excluded.parts,"
            " attempts = excluded.attempts, run = excluded.run, updated = excluded.updated",
            (key, status, message_id, error, parts, attempts, self.run, time.time()),
        )

    def _write(self, sql: str, params: tuple[object, ...]) -> None:
        try:
            with self._lock:
                self._db.execute(sql, params)
        except sqlite3.Error as exc:
            raise JournalError(f"cannot write to the journal ({exc})", path=self.path) from None

    def close(self) -> None:
        """Close the file."""
        with self._lock:
            self._db.close()


__all__ = [
    "HEAD",
    "Journal",
    "JournalCorruptError",
    "JournalError",
    "JournalMismatchError",
    "JournalRow",
    "job_fingerprint",
]
