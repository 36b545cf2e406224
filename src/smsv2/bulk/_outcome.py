"""What happened to each message of a bulk job: `BulkStatus`, `BulkOutcome`, `BulkSummary`."""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, cast

from smsv2._errors_base import (
    FieldProblem,
    RequestValidationError,
    ResponseParseError,
    SendOutcomeUnknownError,
    ServiceError,
    SmsV2Error,
)
from smsv2.bulk._message import OutboundMessage
from smsv2.errors import (
    DestinationNotVerifiedError,
    DestinationOptedOutError,
    ServiceQuotaExceededException,
    ValidationException,
)

if TYPE_CHECKING:
    from smsv2.bulk._limits import IdentityRate, IdentityUsage


class BulkStatus(str, enum.Enum):
    """The outcome of one message."""

    SENT = "SENT"
    """Accepted by the service; `message_id` is set."""
    OPTED_OUT = "OPTED_OUT"
    """The recipient opted out of messages from this sender."""
    NOT_VERIFIED = "NOT_VERIFIED"
    """Sandbox account: the destination is not a verified destination number."""
    INVALID = "INVALID"
    """Rejected before sending (`problems` name the fields and why); nothing was sent."""
    BLOCKED = "BLOCKED"
    """Blocked by a protect configuration or the destination country's rules."""
    QUOTA = "QUOTA"
    """A service quota (for example the monthly spend limit) stopped the send."""
    FAILED = "FAILED"
    """Not sent after the retries (`error` says why)."""
    OUTCOME_UNKNOWN = "OUTCOME_UNKNOWN"
    """The request left but no readable answer came back (or a crashed run had it in flight,
    or another worker holds it now): the message may have gone out. It is not re-sent unless
    you pass `resend_unknown=True`."""

    @property
    def final(self) -> bool:
        """Whether a later run of the job keeps this outcome instead of trying again."""
        return self in FINAL


# Outcomes a later run of the same job keeps; the others are attempted again.
FINAL = frozenset(
    {
        BulkStatus.SENT,
        BulkStatus.OPTED_OUT,
        BulkStatus.NOT_VERIFIED,
        BulkStatus.BLOCKED,
        BulkStatus.OUTCOME_UNKNOWN,
    }
)


@dataclass(frozen=True)
class BulkOutcome:
    """The result of one message. Its repr carries no phone number or body."""

    key: str
    """The message's key: its `key`, or an HMAC of its fields (see `OutboundMessage`)."""
    status: BulkStatus
    message_id: str | None = None
    """The service's message ID when `status` is SENT."""
    error: SmsV2Error | None = None
    """The typed error behind a status other than SENT, when there was one."""
    problems: tuple[FieldProblem, ...] = ()
    """For INVALID: each bad field and why."""
    parts: int = 0
    """Message parts the body takes (what the rate limit counts)."""
    attempts: int = 0
    """Requests sent for this message in this run (0: nothing was sent)."""
    previous: bool = False
    """Recorded by another run (journal or Redis claim), or held by one now; nothing was sent."""
    message: OutboundMessage | None = dataclasses.field(default=None, repr=False, compare=False)
    """The message itself (kept out of the repr)."""

    @property
    def field(self) -> str | None:
        """For INVALID: the first bad field's name."""
        return self.problems[0].field if self.problems else None

    @property
    def reason(self) -> str | None:
        """For INVALID: why the first bad field was rejected."""
        return self.problems[0].message if self.problems else None

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict (the error as its class name; no number or body)."""
        return {
            "key": self.key,
            "status": self.status.value,
            "message_id": self.message_id,
            "error": type(self.error).__name__ if self.error is not None else None,
            "problems": [[p.field, p.message] for p in self.problems],
            "parts": self.parts,
            "attempts": self.attempts,
            "previous": self.previous,
        }


def classify(error: SmsV2Error) -> tuple[BulkStatus, tuple[FieldProblem, ...]]:
    """The status (and field problems) for a send that raised `error`."""
    if isinstance(error, RequestValidationError):
        return BulkStatus.INVALID, tuple(error.problems)
    if isinstance(error, (SendOutcomeUnknownError, ResponseParseError)):
        # A send answered 2xx with a body we cannot read was accepted: it may have gone out.
        return BulkStatus.OUTCOME_UNKNOWN, ()
    if isinstance(error, DestinationOptedOutError):
        return BulkStatus.OPTED_OUT, ()
    if isinstance(error, DestinationNotVerifiedError):
        return BulkStatus.NOT_VERIFIED, ()
    if isinstance(error, ServiceQuotaExceededException):
        return BulkStatus.QUOTA, ()
    reason = _reason(error)
    if "BLOCKED" in reason:
        return BulkStatus.BLOCKED, ()
    if isinstance(error, ValidationException):
        return BulkStatus.INVALID, _service_problems(error, reason)
    return BulkStatus.FAILED, ()


def _reason(error: SmsV2Error) -> str:
    if not isinstance(error, ServiceError):
        return ""
    reason = error.__dict__.get("reason")
    return str(getattr(reason, "value", reason or ""))


def _service_problems(error: ValidationException, reason: str) -> tuple[FieldProblem, ...]:
    # The service's ValidationException lists the bad fields (name and message) in details.
    listed: object = getattr(error.details, "fields", None)
    problems: list[FieldProblem] = []
    if isinstance(listed, list):
        for item in cast("list[object]", listed):
            name = getattr(item, "name", None)
            if isinstance(name, str) and name:
                message = getattr(item, "message", None)
                problems.append(FieldProblem(name, str(message or reason or "invalid")))
    return tuple(problems) or (FieldProblem("<request>", reason or "rejected by the service"),)


@dataclass(frozen=True)
class BulkSummary:
    """Counts, time and rate of a bulk run (`BulkRun.summary`)."""

    counts: Mapping[BulkStatus, int]
    """Outcomes per status (every status present, zeros included)."""
    elapsed: float
    """Seconds from the first message taken to the last outcome."""
    parts_sent: int
    """Message parts of the SENT outcomes of this run."""
    not_started: int = 0
    """Messages taken from the iterable but not sent because the run was stopped."""
    interrupted: bool = False
    """The run was stopped (Ctrl-C or `BulkRun.stop`) before the iterable was exhausted."""
    rates: Mapping[str | None, IdentityRate] = dataclasses.field(
        default_factory=lambda: MappingProxyType({})
    )
    """The rate each origination identity was paced at and its source (`live`: the
    service's `RateLimits`; `table`: AWS's published MPS; `fallback`); identities given
    in `parts_per_second=` are not listed."""

    @property
    def total(self) -> int:
        """Outcomes reported."""
        return sum(self.counts.values())

    @property
    def sent(self) -> int:
        """SENT outcomes (earlier runs' included)."""
        return self.counts[BulkStatus.SENT]

    @property
    def messages_per_second(self) -> float:
        """Outcomes per second over `elapsed`."""
        return self.total / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def parts_per_second(self) -> float:
        """The achieved send rate in message parts per second."""
        return self.parts_sent / self.elapsed if self.elapsed > 0 else 0.0

    def __str__(self) -> str:
        counts = ", ".join(f"{s.value} {n}" for s, n in self.counts.items() if n)
        stopped = f"; stopped, {self.not_started} not started" if self.interrupted else ""
        sources = ", ".join(sorted({f"{r.rate:g}/s {r.source}" for r in self.rates.values()}))
        return (
            f"{self.total} messages in {self.elapsed:.1f}s ({counts or 'none'}); "
            f"{self.parts_per_second:.1f} parts/s{stopped}"
            + (f"; rates: {sources}" if sources else "")
        )


@dataclass(frozen=True)
class BulkProgress:
    """What `on_progress` is told, at most a few times a second and once at the end."""

    counts: Mapping[BulkStatus, int]
    done: int
    """Outcomes so far."""
    in_flight: int
    """Messages taken and not finished yet."""
    total: int | None
    """Messages in the job, when known (a sized iterable, or `total=`)."""
    elapsed: float
    rate: float
    """Current send rate in message parts per second (over the last few seconds)."""
    eta: float | None
    """Seconds until the job is done at the current rate, when `total` is known."""
    finished: bool = False
    identities: Mapping[str, IdentityUsage] = dataclasses.field(
        default_factory=lambda: MappingProxyType({})
    )
    """Messages sent in this run per origination identity, against its smallest daily cap."""


__all__ = ["FINAL", "BulkOutcome", "BulkProgress", "BulkStatus", "BulkSummary", "classify"]
