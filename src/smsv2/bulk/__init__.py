"""Bulk sending at the service's rate (``Client.send_bulk``).

* :class:`OutboundMessage` - one message (the parameters of ``send_text_message`` and a key);
* :class:`BulkRun` - iterate it for one :class:`BulkOutcome` per message; ``summary`` at the end;
* :class:`AsyncBulkRun` - the same for ``AsyncClient.send_bulk``, with ``async for``;
* :class:`BulkStatus` - SENT, OPTED_OUT, NOT_VERIFIED, INVALID, BLOCKED, QUOTA, FAILED,
  OUTCOME_UNKNOWN;
* pacing: one token bucket per origination identity weighted by message parts, defaults from
  AWS's MPS table (:data:`DEFAULT_PARTS_PER_SECOND`), adaptive backoff on throttling;
* the journal (sqlite3) that makes a crashed run resumable without sending twice.

See docs/bulk-sending.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from smsv2._public import publish
from smsv2.bulk._journal import JournalCorruptError, JournalError, JournalMismatchError
from smsv2.bulk._message import OutboundMessage
from smsv2.bulk._outcome import BulkOutcome, BulkProgress, BulkStatus, BulkSummary
from smsv2.bulk._rate import (
    DEFAULT_PARTS_PER_SECOND,
    FALLBACK_PARTS_PER_SECOND,
    LONG_CODE_ELSEWHERE_PARTS_PER_SECOND,
    AdaptiveBackoff,
    LocalRateLimiter,
    RateLimiter,
    default_parts_per_second,
)
from smsv2.bulk._run import BulkRun
from smsv2.bulk._sender import THROTTLE_ATTEMPTS, Claims

__all__ = [
    "AsyncBulkRun",
    "DEFAULT_PARTS_PER_SECOND",
    "FALLBACK_PARTS_PER_SECOND",
    "LONG_CODE_ELSEWHERE_PARTS_PER_SECOND",
    "THROTTLE_ATTEMPTS",
    "AdaptiveBackoff",
    "BulkOutcome",
    "BulkProgress",
    "BulkRun",
    "BulkStatus",
    "BulkSummary",
    "Claims",
    "JournalCorruptError",
    "JournalError",
    "JournalMismatchError",
    "LocalRateLimiter",
    "OutboundMessage",
    "RateLimiter",
    "default_parts_per_second",
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
