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
from typing import Literal, cast

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError
from typing_extensions import TypedDict

from smsv2._public import publish

from ._backend import FakeSmsVoice
from ._backend._records import SentMessage
from ._backend.quotas import DEFAULT_LIMITS
from ._wire import depth_exceeds

#: How deeply a state file's JSON may nest (the fake's own files nest about 10 levels).
MAX_STATE_DEPTH = 64

Record = dict[str, object]


class _Transition(TypedDict):
    due: float
    kind: str
    key: str
    set: Record
    expect: Record
    delete: bool


class _Scheduled(TypedDict):
    due: float
    at: float
    record: Record
    destinations: list[list[str]]


class _Region(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    tables: dict[str, dict[str, Record]] = {}
    arns: dict[str, list[str]] = {}
    tags: dict[str, dict[str, str]] = {}
    policies: dict[str, str] = {}
    idempotency: dict[str, Record] = {}
    transitions: list[_Transition] = []
    settings: Record = {}


class _Saved(BaseModel):
    """The shape of `FakeSmsVoice.dump_state()`: checked before any of it is loaded."""

    model_config = ConfigDict(extra="forbid", strict=True)

    version: Literal[1]
    offset: float
    start: float
    limits: dict[str, int]
    states: dict[str, _Region]
    sent_messages: list[SentMessage]
    events: list[Record] = []
    event_destinations: list[list[str]] = []
    scheduled_events: list[_Scheduled] = []
    delivery_outcomes: dict[str, str] = {}


_SAVED = TypeAdapter(_Saved)


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
        self._load_text(text)
        return True

    def _load_text(self, text: str) -> None:
        try:
            data: object = json.loads(text)
        except (ValueError, RecursionError) as err:
            reason = (
                f"{err.msg} at line {err.lineno} column {err.colno}"
                if isinstance(err, json.JSONDecodeError)
                else f"nested deeper than {MAX_STATE_DEPTH} levels"
            )
            raise StateFileError(self.path, f"truncated or corrupt JSON ({reason})") from None
        if depth_exceeds(data, MAX_STATE_DEPTH):
            raise StateFileError(self.path, f"nested deeper than {MAX_STATE_DEPTH} levels")
        if not isinstance(data, dict) or "version" not in data:
            raise StateFileError(self.path, "not a saved fake state")
        try:
            saved = _SAVED.validate_python(data)
        except ValidationError as exc:
            error = exc.errors(include_input=False, include_url=False)[0]
            # Only the top-level member: deeper steps are keys, which may be phone numbers.
            at = str(error["loc"][0]) if error["loc"] else "top level"
            raise StateFileError(
                self.path, f"not a saved fake state ({at}: {error['msg']})"
            ) from None
        unknown = sorted(set(saved.limits) - set(DEFAULT_LIMITS))
        if unknown:
            raise StateFileError(self.path, f"not a saved fake state (unknown limit {unknown[0]})")
        state = cast("dict[str, object]", data)
        # Reads may change what they read: check a copy. The output check is failing_reads's own.
        probe = FakeSmsVoice(check_outputs=False)
        try:
            probe.load_state(state)
        except (ValueError, KeyError, TypeError, AttributeError) as err:
            detail = "unsupported format version" if isinstance(err, ValueError) else "incomplete"
            raise StateFileError(self.path, f"not a saved fake state ({detail})") from None
        failing = probe.failing_reads()
        if failing:
            raise StateFileError(self.path, f"not a saved fake state ({failing[0]} fails on it)")
        self._fake.load_state(state)

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
