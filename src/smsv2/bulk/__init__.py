"""Bulk sending at the service's rate (`Client.send_bulk`).

* [`OutboundMessage`][smsv2.bulk.OutboundMessage] - one message (the parameters of
  `send_text_message` and a key);
* [`BulkRun`][smsv2.bulk.BulkRun] - iterate it for one [`BulkOutcome`][smsv2.bulk.BulkOutcome] per
  message; `summary` at the end;
* [`AsyncBulkRun`][smsv2.bulk.AsyncBulkRun] - the same for `AsyncClient.send_bulk`, with `async
  for`;
* [`BulkStatus`][smsv2.bulk.BulkStatus] - SENT, OPTED_OUT, NOT_VERIFIED, INVALID, BLOCKED, QUOTA,
  FAILED, OUTCOME_UNKNOWN;
* pacing: one token bucket per origination identity weighted by message parts, defaults from each
  identity's live `MessagingLimits` (AWS's MPS table,
  [`DEFAULT_PARTS_PER_SECOND`][smsv2.bulk.DEFAULT_PARTS_PER_SECOND], when the service reports none:
  [`IdentityRate`][smsv2.bulk.IdentityRate] says which), adaptive backoff on throttling; advisory
  10DLC daily caps ([`DailyCapWarning`][smsv2.bulk.DailyCapWarning],
  [`IdentityUsage`][smsv2.bulk.IdentityUsage]);
* the journal (sqlite3) that claims each message before it is sent, so a crashed run resumes,
  and several processes share one job, without sending anything twice;
* [`BulkSender`][smsv2.bulk.BulkSender] - the same engine for workers handed one message at a time
  (Celery);
* [`reconcile`][smsv2.bulk.reconcile] - settle OUTCOME_UNKNOWN messages with the delivery events
  they caused (each send carries its key in `Context` under
  [`CORRELATION_KEY`][smsv2.bulk.CORRELATION_KEY]).

See docs/bulk-sending.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from smsv2._public import publish
from smsv2.bulk._limits import DailyCapWarning, IdentityRate, IdentityUsage, RateSource
from smsv2.bulk._message import (
    CORRELATION_KEY,
    KEY_PREFIX,
    MIN_SECRET_BYTES,
    OutboundMessage,
    check_key_secret,
)
from smsv2.bulk._outcome import BulkOutcome, BulkProgress, BulkStatus, BulkSummary
from smsv2.bulk._port import BulkClient
from smsv2.bulk._rate import (
    DEFAULT_PARTS_PER_SECOND,
    FALLBACK_PARTS_PER_SECOND,
    LONG_CODE_ELSEWHERE_PARTS_PER_SECOND,
    AdaptiveBackoff,
    LocalRateLimiter,
    RateLimiter,
    default_parts_per_second,
)
from smsv2.bulk._reconcile import DEFAULT_DEADLINE, ReconcileReport, reconcile
from smsv2.bulk._run import BulkOptions, BulkRun
from smsv2.bulk._sender import THROTTLE_ATTEMPTS, BulkSender, Claims
from smsv2.errors import JournalCorruptError, JournalError, JournalMismatchError

__all__ = [
    "CORRELATION_KEY",
    "DEFAULT_DEADLINE",
    "AsyncBulkRun",
    "DEFAULT_PARTS_PER_SECOND",
    "FALLBACK_PARTS_PER_SECOND",
    "KEY_PREFIX",
    "LONG_CODE_ELSEWHERE_PARTS_PER_SECOND",
    "MIN_SECRET_BYTES",
    "THROTTLE_ATTEMPTS",
    "AdaptiveBackoff",
    "BulkClient",
    "BulkOptions",
    "BulkOutcome",
    "BulkProgress",
    "BulkRun",
    "BulkSender",
    "BulkStatus",
    "BulkSummary",
    "Claims",
    "DailyCapWarning",
    "IdentityRate",
    "IdentityUsage",
    "RateSource",
    "JournalCorruptError",
    "JournalError",
    "JournalMismatchError",
    "LocalRateLimiter",
    "OutboundMessage",
    "RateLimiter",
    "ReconcileReport",
    "check_key_secret",
    "default_parts_per_second",
    "reconcile",
]

publish(__name__, __all__, globals())

# What __getattr__ loads (the import-graph test reads this block).
if TYPE_CHECKING:
    from smsv2.bulk._async import AsyncBulkRun


def __getattr__(name: str) -> object:
    # asyncio and the async driver load with AsyncClient, not with every Client.
    if name == "AsyncBulkRun":
        from smsv2.bulk import _async

        return _async.AsyncBulkRun
    raise AttributeError(f"module 'smsv2.bulk' has no attribute {name!r}")
