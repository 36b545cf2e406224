"""Sending one message of a bulk job: validate, claim, pace, record intent, send, classify.

Both `Client.send_bulk` and the Celery task (`smsv2.integrations.celery`) go through
`Sender`, so a message is paced, journalled and classified the same way everywhere.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from pydantic import ValidationError

from smsv2._errors_base import (
    FieldProblem,
    RequestValidationError,
    SmsV2Error,
    problems_from_pydantic,
)
from smsv2.bulk._journal import Journal
from smsv2.bulk._message import OutboundMessage, as_message
from smsv2.bulk._outcome import FINAL, BulkOutcome, BulkStatus, classify
from smsv2.bulk._parts import message_parts
from smsv2.bulk._rate import AdaptiveBackoff, RateLimiter, RateTable
from smsv2.errors import ThrottlingException
from smsv2.models import SendTextMessageRequest

if TYPE_CHECKING:
    from smsv2.client import Client

#: Requests one message may spend on ThrottlingException before it is FAILED. Throttles are
#: paced by the adaptive backoff, not by the client's retry waits.
THROTTLE_ATTEMPTS = 10
#: The bucket of the account-level API rate (``api_requests_per_second``).
API_BUCKET = "__api__"


class Claims(Protocol):
    """Idempotency keys shared by several workers (see `smsv2.integrations.redis`)."""

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
        client: Client,
        *,
        rates: RateTable,
        limiter: RateLimiter,
        backoff: AdaptiveBackoff,
        stop: threading.Event,
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
        self._api_rate = api_requests_per_second
        self._journal = journal
        self._claims = claims
        self._resend_unknown = resend_unknown

    def prepare(self, item: OutboundMessage | Mapping[str, object]) -> Prepared | BulkOutcome:
        """The message ready to send, or its outcome when it must not be sent."""
        try:
            message = as_message(item)
        except RequestValidationError as bad:
            return BulkOutcome("<invalid>", BulkStatus.INVALID, error=bad, problems=_p(bad))
        key = message.key_or_hash
        arguments = message.send_arguments()
        try:
            SendTextMessageRequest.model_validate(arguments)
        except ValidationError as exc:
            invalid = RequestValidationError(
                "SendTextMessage", problems_from_pydantic(exc.errors(include_input=False))
            )
            return BulkOutcome(
                key, BulkStatus.INVALID, error=invalid, problems=_p(invalid), message=message
            )
        parts, problem = message_parts(message.message_body)
        if problem is not None:
            too_long = RequestValidationError(
                "SendTextMessage", [FieldProblem("message_body", problem)]
            )
            return BulkOutcome(
                key,
                BulkStatus.INVALID,
                error=too_long,
                problems=_p(too_long),
                parts=parts,
                message=message,
            )
        prepared = Prepared(message, key, arguments, parts, message.origination_identity or "")
        return self._previous(prepared) or prepared

    def _previous(self, prepared: Prepared) -> BulkOutcome | None:
        if self._journal is None:
            return None
        row = self._journal.lookup(prepared.key)
        if row is None:
            return None
        if row.run == self._journal.run:
            problem = FieldProblem("key", "repeats an earlier message of this job; not sent")
            error = RequestValidationError("SendTextMessage", [problem])
            return BulkOutcome(
                prepared.key,
                BulkStatus.INVALID,
                error=error,
                problems=(problem,),
                message=prepared.message,
            )
        unknown = row.state == "sending" or row.status == BulkStatus.OUTCOME_UNKNOWN.value
        if unknown and self._resend_unknown:
            return None
        if row.state == "sending":
            # In flight when an earlier run stopped: it may have gone out.
            self._journal.done(
                prepared.key,
                BulkStatus.OUTCOME_UNKNOWN.value,
                message_id=None,
                error=None,
                parts=row.parts,
                attempts=row.attempts,
            )
            status = BulkStatus.OUTCOME_UNKNOWN
        elif row.state == "done" and row.status in {s.value for s in FINAL}:
            status = BulkStatus(row.status)
        else:
            return None
        return BulkOutcome(
            prepared.key,
            status,
            message_id=row.message_id,
            parts=row.parts,
            previous=True,
            message=prepared.message,
        )

    def send(self, prepared: Prepared) -> BulkOutcome | None:
        """Send one message; None when the run stopped before it was sent."""
        if self._stop.is_set():
            return None
        if self._claims is not None:
            held = self._claims.claim(prepared.key)
            if held is not None:
                return held
        try:
            outcome = self._attempts(prepared)
        except BaseException:
            if self._claims is not None:
                self._claims.release(prepared.key)
            raise
        if self._claims is not None:
            if outcome is None:
                self._claims.release(prepared.key)
            else:
                self._claims.record(outcome)
        return outcome

    def _attempts(self, prepared: Prepared) -> BulkOutcome | None:
        attempts = throttles = 0
        key, bucket = prepared.key, prepared.bucket
        rate = self._rates.rate_of(prepared.message.origination_identity)
        while True:
            cost = prepared.parts / self._backoff.factor(bucket)
            if not self._limiter.acquire(bucket, cost, rate, self._stop):
                return None
            if self._api_rate is not None:
                api_cost = 1 / self._backoff.factor(API_BUCKET)
                if not self._limiter.acquire(API_BUCKET, api_cost, self._api_rate, self._stop):
                    return None
            if self._journal is not None:
                self._journal.sending(key, prepared.parts)
            attempts += 1
            try:
                result = self._client.send_text_message(**prepared.arguments)  # type: ignore[arg-type]
            except SmsV2Error as error:
                again = self._again(error, bucket, attempts, throttles)
                if isinstance(error, ThrottlingException):
                    throttles += 1
                if again is not None:
                    if self._journal is not None:
                        self._journal.not_sent(key)
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

    def _again(self, error: SmsV2Error, bucket: str, attempts: int, throttles: int) -> float | None:
        """Seconds to wait before sending again, or None to give up."""
        if isinstance(error, ThrottlingException):
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


def _p(error: RequestValidationError) -> tuple[FieldProblem, ...]:
    return tuple(error.problems)


__all__ = ["API_BUCKET", "THROTTLE_ATTEMPTS", "Claims", "Prepared", "Sender"]
