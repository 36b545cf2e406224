"""Sending one message of a bulk job: validate, claim, pace, record intent, send, classify.

Both `Client.send_bulk` and the Celery task (`smsv2.integrations.celery`, through
[`BulkSender`][smsv2.bulk.BulkSender]) go through `Sender`, so a message is paced, claimed,
journalled and classified the same way everywhere. The order is fixed: a message is validated in
full before it costs any rate budget, claim or journal write; it is claimed before any budget is
spent; and its intent is committed before its request leaves.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol, cast

from smsv2._errors_base import FieldProblem, RequestValidationError, SmsV2Error
from smsv2.bulk._journal import Claimed, Journal, JournalRow
from smsv2.bulk._message import OutboundMessage, check_key_secret, validate_message
from smsv2.bulk._outcome import BulkOutcome, BulkStatus, classify
from smsv2.bulk._port import BulkClient
from smsv2.bulk._rate import AdaptiveBackoff, LocalRateLimiter, RateLimiter, Rates, RateTable
from smsv2.errors import ThrottlingException
from smsv2.telemetry import _bulk as telemetry

#: Requests one message may spend on ThrottlingException before it is FAILED. Throttles are
#: paced by the adaptive backoff, not by the client's retry waits.
THROTTLE_ATTEMPTS = 10
#: The bucket of the account-level API rate (``api_requests_per_second``).
API_BUCKET = "__api__"


class Claims(Protocol):
    """Idempotency keys shared by several workers (see `smsv2.integrations.redis`)."""

    @property
    def secret(self) -> bytes:
        """The secret the workers' default keys are HMACs under (the same in every worker)."""
        ...

    def claim(self, key: str) -> BulkOutcome | None:
        """Take `key` for this worker: None when taken now, else what another holder recorded
        (OUTCOME_UNKNOWN while it is still in flight elsewhere)."""
        ...

    def record(self, outcome: BulkOutcome) -> None:
        """Keep `outcome` under its key, for later claims to see."""
        ...

    def release(self, key: str) -> None:
        """Give `key` back: nothing was sent, another worker may send it."""
        ...


@dataclass(frozen=True)
class Prepared:
    """A valid message ready to send."""

    message: OutboundMessage
    key: str
    arguments: Mapping[str, object]
    parts: int
    bucket: str


class Sender:
    """Sends prepared messages; thread-safe."""

    def __init__(
        self,
        client: BulkClient,
        *,
        rates: RateTable,
        limiter: RateLimiter,
        backoff: AdaptiveBackoff,
        stop: threading.Event,
        secret: bytes,
        api_requests_per_second: float | None = None,
        journal: Journal | None = None,
        claims: Claims | None = None,
        resend_unknown: bool = False,
    ) -> None:
        # Throttles and retries are paced here; the client sends each request once.
        self._client = client.with_options(max_attempts=1)
        self._policy = client.retry_policy
        self._rates = rates
        self._limiter = limiter
        self._backoff = backoff
        self._stop = stop
        self._secret = secret
        self._api_rate = api_requests_per_second
        self._journal = journal
        self._claims = claims
        self._resend_unknown = resend_unknown

    def prepare(self, item: OutboundMessage | Mapping[str, object]) -> Prepared | BulkOutcome:
        """The message ready to send, or its INVALID outcome (nothing spent or written)."""
        try:
            message, parts = validate_message(item)
        except RequestValidationError as bad:
            return BulkOutcome(
                self._key_of_invalid(item),
                BulkStatus.INVALID,
                error=bad,
                problems=tuple(bad.problems),
                message=item if isinstance(item, OutboundMessage) else None,
            )
        key = message.key_under(self._secret)
        bucket = message.origination_identity or ""
        return Prepared(message, key, message.send_arguments(key), parts, bucket)

    def _key_of_invalid(self, item: object) -> str:
        """The key to report an invalid message under: its own when it has one."""
        if isinstance(item, OutboundMessage):
            return item.key_under(self._secret)
        given = (
            cast("Mapping[object, object]", item).get("key") if isinstance(item, Mapping) else None
        )
        return given if isinstance(given, str) and given else "<invalid>"

    def send(self, prepared: Prepared) -> BulkOutcome | None:
        """Send one message; None when the run stopped before it was sent."""
        if self._stop.is_set():
            return None
        if self._journal is not None:
            verdict, row = self._journal.claim(prepared.key, resend_unknown=self._resend_unknown)
            if verdict is not Claimed.OURS:
                return _not_ours(prepared, verdict, row)
        try:
            held = self._claims.claim(prepared.key) if self._claims is not None else None
            outcome = held or self._attempts(prepared)
        except BaseException:
            self._release(prepared.key, shared=True)
            raise
        if held is not None or outcome is None:
            self._release(prepared.key, shared=held is None)
        elif self._claims is not None:
            self._claims.record(outcome)
        return outcome

    def _release(self, key: str, *, shared: bool) -> None:
        if self._journal is not None:
            self._journal.release(key)
        if shared and self._claims is not None:
            self._claims.release(key)

    def _attempts(self, prepared: Prepared) -> BulkOutcome | None:
        attempts = throttles = 0
        key, bucket = prepared.key, prepared.bucket
        rate = self._rates.rate_of(prepared.message.origination_identity)
        while True:
            if not self._budget(bucket, prepared.parts, rate):
                return None
            if self._journal is not None and not self._journal.sending(key):
                # Taken over while we waited (our lease ran out): it is another run's now.
                return _not_ours(prepared, Claimed.HELD, None)
            attempts += 1
            try:
                result = self._client.send_text_message(**prepared.arguments)
            except SmsV2Error as error:
                again = self._again(error, bucket, attempts, throttles)
                if isinstance(error, ThrottlingException):
                    throttles += 1
                if again is not None:
                    if self._journal is not None:
                        self._journal.not_sent(key)
                    telemetry.run_event("paused", bucket, again) if again > 0 else None
                    if again > 0 and self._stop.wait(again):
                        return None
                    continue
                status, problems = classify(error)
                return self._done(
                    BulkOutcome(
                        key,
                        status,
                        error=error,
                        problems=problems,
                        parts=prepared.parts,
                        attempts=attempts,
                        message=prepared.message,
                    )
                )
            return self._done(
                BulkOutcome(
                    key,
                    BulkStatus.SENT,
                    message_id=result.message_id,
                    parts=prepared.parts,
                    attempts=attempts,
                    message=prepared.message,
                )
            )

    def _budget(self, bucket: str, parts: int, rate: float) -> bool:
        """Take the message's parts (and one API request) from the budget; False if stopped."""
        if not self._limiter.acquire(
            bucket, parts / self._backoff.factor(bucket), rate, self._stop
        ):
            return False
        if self._api_rate is None:
            return True
        api_cost = 1 / self._backoff.factor(API_BUCKET)
        return self._limiter.acquire(API_BUCKET, api_cost, self._api_rate, self._stop)

    def _again(self, error: SmsV2Error, bucket: str, attempts: int, throttles: int) -> float | None:
        """Seconds to wait before sending again, or None to give up."""
        if isinstance(error, ThrottlingException):
            telemetry.run_event("throttled", bucket)
            self._backoff.throttled(bucket)
            if self._api_rate is not None:
                self._backoff.throttled(API_BUCKET)
            # The slower bucket is the wait; no extra sleep.
            return 0.0 if throttles + 1 < THROTTLE_ATTEMPTS else None
        if error.retryable and attempts - throttles < self._policy.max_attempts:
            ceiling = min(self._policy.backoff_cap, self._policy.backoff_base * 2**attempts)
            return random.uniform(0, ceiling)  # full jitter, like the client's own retries
        return None

    def _done(self, outcome: BulkOutcome) -> BulkOutcome:
        if self._journal is not None:
            self._journal.done(
                outcome.key,
                outcome.status.value,
                message_id=outcome.message_id,
                error=type(outcome.error).__name__ if outcome.error is not None else None,
                parts=outcome.parts,
                attempts=outcome.attempts,
            )
        return outcome


def _not_ours(prepared: Prepared, verdict: Claimed, row: JournalRow | None) -> BulkOutcome:
    """The outcome of a key this run may not send."""
    if verdict is Claimed.REPEATED:
        problem = FieldProblem("key", "repeats an earlier message of this job; not sent")
        return BulkOutcome(
            prepared.key,
            BulkStatus.INVALID,
            error=RequestValidationError("SendTextMessage", [problem]),
            problems=(problem,),
            message=prepared.message,
        )
    settled = verdict is Claimed.SETTLED and row is not None and row.status is not None
    return BulkOutcome(
        prepared.key,
        BulkStatus(row.status) if settled and row else BulkStatus.OUTCOME_UNKNOWN,
        message_id=row.message_id if settled and row else None,
        parts=row.parts if row else prepared.parts,
        previous=True,
        message=prepared.message,
    )


class BulkSender:
    """Sends single messages the way `send_bulk` does, for workers that get them one by one.

    The Celery task of `smsv2.integrations.celery` is built on it. Each
    [`send`][smsv2.bulk.BulkSender.send] validates the message, claims its key in `claims` (a
    redelivered message is never sent twice), paces it through `limiter`, and returns its
    [`BulkOutcome`][smsv2.bulk.BulkOutcome].

    Args:
        client: the `smsv2.Client` that sends.
        claims: the shared idempotency keys (`smsv2.integrations.redis.RedisClaims`); their
            `secret` keys the default message keys.
        limiter: where the rate budget is kept (`RedisRateLimiter` to share it).
        parts_per_second: as for `Client.send_bulk`.
        api_requests_per_second: the account's SendTextMessage request quota, if enforced.
    """

    def __init__(
        self,
        client: BulkClient,
        *,
        claims: Claims,
        limiter: RateLimiter | None = None,
        parts_per_second: Rates = None,
        api_requests_per_second: float | None = None,
    ) -> None:
        self._sender = Sender(
            client,
            rates=RateTable(client, parts_per_second),
            limiter=limiter or LocalRateLimiter(),
            backoff=AdaptiveBackoff(),
            stop=threading.Event(),
            secret=check_key_secret(claims.secret),
            api_requests_per_second=api_requests_per_second,
            claims=claims,
        )

    def send(self, message: OutboundMessage | Mapping[str, object]) -> BulkOutcome:
        """Send `message` once (or report why not): its outcome."""
        prepared = self._sender.prepare(message)
        if isinstance(prepared, BulkOutcome):
            return prepared
        outcome = self._sender.send(prepared)
        if outcome is None:  # pragma: no cover - this sender is never stopped
            raise RuntimeError("the sender was stopped")
        return outcome


__all__ = ["API_BUCKET", "THROTTLE_ATTEMPTS", "BulkSender", "Claims", "Prepared", "Sender"]
