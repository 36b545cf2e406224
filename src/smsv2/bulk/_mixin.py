"""`Client.send_bulk`: the bulk engine attached to the hand-written client."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, cast

from smsv2.bulk._message import OutboundMessage
from smsv2.bulk._outcome import BulkProgress
from smsv2.bulk._rate import RateLimiter
from smsv2.bulk._run import BulkRun
from smsv2.bulk._sender import Claims

if TYPE_CHECKING:
    from smsv2.client import Client


class BulkSendingMixin:
    """Adds `send_bulk` to `smsv2.Client`."""

    def send_bulk(
        self,
        messages: Iterable[OutboundMessage | Mapping[str, object]],
        *,
        parts_per_second: float | Mapping[str, float] | None = None,
        concurrency: int = 8,
        journal: str | os.PathLike[str] | None = None,
        on_progress: Callable[[BulkProgress], None] | None = None,
        resend_unknown: bool = False,
        api_requests_per_second: float | None = None,
        total: int | None = None,
        stop_timeout: float = 30.0,
        limiter: RateLimiter | None = None,
        claims: Claims | None = None,
    ) -> BulkRun:
        """Send many text messages at the service's rate; iterate the result for the outcomes.

        Args:
            messages: any iterable of [`smsv2.OutboundMessage`][smsv2.OutboundMessage] (or mappings
                of its fields), read lazily: millions of messages keep memory flat.
            parts_per_second: the rate per origination identity in message parts per second:
                one number for every identity, or a mapping from identity to rate. Identities
                left out get the default for their number type (AWS's MPS table, looked up
                once per identity with DescribePhoneNumbers / ListPoolOriginationIdentities).
            concurrency: requests in flight at once, so latency does not cap the rate.
            journal: a sqlite3 file recording each message's intent before it is sent and its
                outcome after: running the same job again skips what was sent and reports
                what was in flight at a crash as OUTCOME_UNKNOWN.
            on_progress: called with a [`BulkProgress`][smsv2.bulk.BulkProgress] a few times a
                second and at the end.
            resend_unknown: send again the messages whose outcome is unknown (in flight at a
                crash, or no answer). They may have gone out already: this can send twice.
            api_requests_per_second: the account's SendTextMessage request quota, if you
                want it enforced too.
            total: the number of messages, for the ETA (`len(messages)` when it has one).
            stop_timeout: on Ctrl-C or `BulkRun.stop()`, how long sends in flight may finish.
            limiter: where the budget is kept; `smsv2.integrations.redis.RedisRateLimiter`
                shares it between processes. Defaults to this process.
            claims: idempotency keys shared by several workers
                (`smsv2.integrations.redis.RedisClaims`).

        Raises:
            smsv2.bulk.JournalMismatchError: the journal is another job's; nothing was sent.
            smsv2.bulk.JournalCorruptError: the journal file is damaged; nothing was sent.
            smsv2.errors.RequestValidationError: a bad setting (named), before anything is sent.
        """
        return BulkRun(
            cast("Client", self),
            messages,
            parts_per_second=parts_per_second,
            concurrency=concurrency,
            journal=journal,
            on_progress=on_progress,
            resend_unknown=resend_unknown,
            api_requests_per_second=api_requests_per_second,
            total=total,
            stop_timeout=stop_timeout,
            limiter=limiter,
            claims=claims,
        )


__all__ = ["BulkSendingMixin"]
