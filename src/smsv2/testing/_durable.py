"""The server's state file: atomic, fsynced snapshots written before an answer is sent.

Each snapshot goes to a temporary file next to the state file, is fsynced, renamed over the
state file (atomic on POSIX), and the directory is fsynced so the rename itself survives a
crash. Concurrent requests share one write (group commit): a request waits until a snapshot
taken after its change is on disk.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from pathlib import Path
from typing import cast

from smsv2._public import publish

from ._backend import FakeSmsVoice


class StateFileError(Exception):
    """The state file cannot be read back (truncated, corrupt, or from another version)."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"state file {path} is unreadable: {reason}")
        self.path = path
        self.reason = reason


class StateFile:
    """Snapshots of one fake in one file."""

    def __init__(self, path: str | Path, fake: FakeSmsVoice) -> None:
        self.path = Path(path)
        self._fake = fake
        self._changes = 0  # mutating requests answered so far
        self._saved = 0  # ... of which the last snapshot on disk includes this many
        self._count_lock = threading.Lock()
        self._write_lock = threading.Lock()

    @property
    def _tmp_prefix(self) -> str:
        return f".{self.path.name}."

    def load(self) -> bool:
        """Load the state file if it exists; removes temporary files a crash left behind."""
        for stale in self.path.parent.glob(self._tmp_prefix + "*.tmp"):
            stale.unlink(missing_ok=True)
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return False
        except (OSError, UnicodeDecodeError) as err:
            raise StateFileError(self.path, type(err).__name__) from None
        try:
            data = json.loads(text)
        except (ValueError, RecursionError) as err:
            reason = (
                f"{err.msg} at line {err.lineno} column {err.colno}"
                if isinstance(err, json.JSONDecodeError)
                else "not JSON"
            )
            raise StateFileError(self.path, f"truncated or corrupt JSON ({reason})") from None
        if not isinstance(data, dict):
            raise StateFileError(self.path, "not a saved fake state")
        try:
            self._fake.load_state(cast("dict[str, object]", data))
        except (ValueError, KeyError, TypeError, AttributeError) as err:
            detail = "unsupported format version" if isinstance(err, ValueError) else "incomplete"
            raise StateFileError(self.path, f"not a saved fake state ({detail})") from None
        return True

    def changed(self) -> int:
        """Record one change already applied to the fake; returns its sequence number."""
        with self._count_lock:
            self._changes += 1
            return self._changes

    def flush(self, upto: int | None = None) -> None:
        """Return once a snapshot including change `upto` (default: every change) is durable."""
        with self._write_lock:
            with self._count_lock:
                target = self._changes
            if upto is not None and self._saved >= upto:
                return  # another request's snapshot already covered this change
            # Read the counter before dumping: every change counted is in the dump.
            self._write(json.dumps(self._fake.dump_state(), separators=(",", ":")))
            self._saved = target

    def _write(self, text: str) -> None:
        directory = self.path.parent
        fd, tmp_name = tempfile.mkstemp(dir=directory, prefix=self._tmp_prefix, suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp_name, self.path)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise
        _fsync_directory(directory)


def _fsync_directory(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. platforms without directory handles
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse fsync on directories
        pass
    finally:
        os.close(fd)


publish("smsv2.testing", ["StateFileError"], globals())
