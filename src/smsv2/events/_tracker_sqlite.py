"""A DeliveryTracker store in SQLite (stdlib): shared by threads and processes of one host."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from smsv2.errors import ClientOptionError
from smsv2.events._tracker import MessageState, dump_state, load_state

__all__ = ["SqliteTrackerStore"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS smsv2_delivery_states (
    message_id TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    final_seq INTEGER,
    state TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS smsv2_delivery_final ON smsv2_delivery_states (final_seq);
"""


class SqliteTrackerStore:
    """States in an SQLite file (WAL mode): several processes may track into one file.

    Each save is a compare-and-set on the row's version inside one transaction. Final states
    beyond `remember_final` are deleted oldest first; open states stay until final.
    """

    def __init__(
        self, path: str | Path, *, remember_final: int = 100_000, timeout: float = 30.0
    ) -> None:
        if remember_final < 0:
            raise ClientOptionError("remember_final", "must be >= 0")
        self.path = Path(path)
        self._remember_final = remember_final
        self._timeout = timeout
        self._local = threading.local()
        with self._connection() as db:
            db.executescript(_SCHEMA)

    def _connection(self) -> sqlite3.Connection:
        # One connection per thread: sqlite3 connections are not shared across threads.
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=self._timeout, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            self._local.db = db
        return db

    def load(self, message_id: str) -> tuple[MessageState | None, object]:
        row = (
            self._connection()
            .execute(
                "SELECT state, version FROM smsv2_delivery_states WHERE message_id = ?",
                (message_id,),
            )
            .fetchone()
        )
        return (None, None) if row is None else (load_state(row[0]), int(row[1]))

    def save(self, state: MessageState, version: object) -> bool:
        db = self._connection()
        text = dump_state(state)
        db.execute("BEGIN IMMEDIATE")
        try:
            if version is None:
                cursor = db.execute(
                    "INSERT OR IGNORE INTO smsv2_delivery_states (message_id, version, state) "
                    "VALUES (?, 1, ?)",
                    (state.message_id, text),
                )
            else:
                cursor = db.execute(
                    "UPDATE smsv2_delivery_states SET state = ?, version = version + 1 "
                    "WHERE message_id = ? AND version = ?",
                    (text, state.message_id, version),
                )
            stored = cursor.rowcount == 1
            if stored and state.is_final:
                self._finish(db, state.message_id)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return stored

    def _finish(self, db: sqlite3.Connection, message_id: str) -> None:
        db.execute(
            "UPDATE smsv2_delivery_states SET final_seq = "
            "(SELECT COALESCE(MAX(final_seq), 0) + 1 FROM smsv2_delivery_states) "
            "WHERE message_id = ?",
            (message_id,),
        )
        db.execute(
            "DELETE FROM smsv2_delivery_states WHERE final_seq IS NOT NULL AND final_seq <= "
            "(SELECT MAX(final_seq) FROM smsv2_delivery_states) - ?",
            (self._remember_final,),
        )

    def open_states(self) -> list[MessageState]:
        rows = self._connection().execute(
            "SELECT state FROM smsv2_delivery_states WHERE final_seq IS NULL ORDER BY rowid"
        )
        return [load_state(row[0]) for row in rows]

    def final_states(self) -> list[MessageState]:
        rows = self._connection().execute(
            "SELECT state FROM smsv2_delivery_states WHERE final_seq IS NOT NULL ORDER BY final_seq"
        )
        return [load_state(row[0]) for row in rows]

    def close(self) -> None:
        """Close this thread's connection."""
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None
