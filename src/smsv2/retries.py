"""The retry layer: which failures are repeated, how long to wait, and when to give up.

The decision is made on smsv2's typed error (`error.retryable`), which the error mapping sets:

* throttling is always retried: the service did nothing;
* a connection that never reached the service is always retried;
* server errors and timeouts after the request left are retried only when repeating is safe:
  read-only operations, and operations whose idempotency token smsv2 reuses on every attempt;
* a send whose outcome is unknown is never repeated (`SendOutcomeUnknownError`).

Waits are exponential with full jitter. tenacity runs the loop (its async API for
`AsyncClient`).
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, TypedDict, TypeVar

from smsv2._options import asyncio_sleep
from smsv2.errors import ClientOptionError, SmsV2Error
from smsv2.telemetry._calls import retry_scheduled

if TYPE_CHECKING:
    from tenacity import RetryCallState
    from tenacity.retry import retry_base
    from tenacity.stop import stop_base
    from tenacity.wait import wait_base

logger = logging.getLogger("smsv2.retries")

T = TypeVar("T")

DEFAULT_MAX_ATTEMPTS = 5
DEFAULT_BACKOFF_BASE = 0.1
DEFAULT_BACKOFF_CAP = 20.0


class _TenacityOptions(TypedDict):
    stop: stop_base
    wait: wait_base
    retry: retry_base
    before_sleep: Callable[[RetryCallState], None]
    reraise: bool


@dataclass(frozen=True)
class RetryEvent:
    """What the `on_retry` hook is told before each wait. It carries no request values."""

    operation: str
    attempt: int
    """The attempt that just failed (1 for the first request)."""
    error: SmsV2Error
    wait: float
    """Seconds until the next attempt."""


@dataclass(frozen=True)
class RetryPolicy:
    """How a client retries. Set per client, or per call through `client.with_options(...)`."""

    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    """Total requests per call, the first included. 1 disables retries."""
    timeout: float | None = None
    """Overall deadline in seconds for one call, waits included; no new attempt starts past it."""
    backoff_base: float = DEFAULT_BACKOFF_BASE
    """The first wait's upper bound in seconds; each later bound doubles."""
    backoff_cap: float = DEFAULT_BACKOFF_CAP
    """No single wait is longer than this."""
    on_retry: Callable[[RetryEvent], None] | None = None
    """Called before each wait, e.g. to count retries in metrics."""
    sleep: Callable[[float], None] = time.sleep
    """How `Client` waits; tests pass a recorder."""
    async_sleep: Callable[[float], Awaitable[None]] = asyncio_sleep
    """How `AsyncClient` waits (a coroutine function); tests pass a recorder."""

    def __post_init__(self) -> None:
        # Checked here, where every way of setting them meets: a wrong type would otherwise
        # surface as a TypeError deep inside the first retry.
        if not _is_int(self.max_attempts) or self.max_attempts < 1:
            raise ClientOptionError(
                "max_attempts", _wanted("an int of at least 1", self.max_attempts)
            )
        if self.timeout is not None and (not _is_number(self.timeout) or self.timeout <= 0):
            raise ClientOptionError(
                "timeout", _wanted("a finite positive number of seconds or None", self.timeout)
            )
        for name in ("backoff_base", "backoff_cap"):
            value: object = getattr(self, name)
            if not _is_number(value) or value < 0:  # type: ignore[operator]
                raise ClientOptionError(
                    name, _wanted("a finite number of seconds, 0 or more", value)
                )
        if self.on_retry is not None and not callable(self.on_retry):
            raise ClientOptionError(
                "on_retry", _wanted("a function taking a RetryEvent, or None", self.on_retry)
            )
        for name in ("sleep", "async_sleep"):
            if not callable(getattr(self, name)):
                raise ClientOptionError(name, _wanted("a function", getattr(self, name)))

    def changed_options(self) -> dict[str, object]:
        """The settings that differ from the defaults, for reprs and logs."""
        changed: dict[str, object] = {}
        for field in fields(self):
            value: object = getattr(self, field.name)
            if value != field.default:
                changed[field.name] = value
        return changed

    def call(self, operation: str, attempt: Callable[[int], T]) -> T:
        """Run `attempt(n)` (n = 1, 2, ...) until it succeeds, fails for good, or time runs out.

        `attempt` must raise smsv2's typed errors; the last one is re-raised unchanged.
        """
        started = time.monotonic()
        try:
            # Most calls succeed at once: only a retryable failure pays for tenacity's loop.
            return attempt(1)
        except SmsV2Error as error:
            if not error.retryable or self.max_attempts == 1:
                raise
            first_failure = error
        # tenacity loads on the first retry: a call that succeeds at once never needs it.
        from tenacity import Retrying

        for try_ in Retrying(sleep=self.sleep, **self._tenacity_options(operation, started)):
            with try_:
                number = try_.retry_state.attempt_number
                if number == 1:
                    # Attempt 1 already ran above; replaying its failure lets tenacity decide.
                    raise first_failure
                return attempt(number)
        raise AssertionError("unreachable: tenacity re-raises the last error")  # pragma: no cover

    async def call_async(self, operation: str, attempt: Callable[[int], Awaitable[T]]) -> T:
        """`call` for coroutines, on tenacity's async API: the same decisions, and waits
        through `async_sleep` so the event loop keeps running."""
        started = time.monotonic()
        try:
            return await attempt(1)
        except SmsV2Error as error:
            if not error.retryable or self.max_attempts == 1:
                raise
            first_failure = error
        from tenacity import AsyncRetrying

        retrying = AsyncRetrying(
            sleep=self.async_sleep, **self._tenacity_options(operation, started)
        )
        async for try_ in retrying:
            with try_:
                number = try_.retry_state.attempt_number
                if number == 1:
                    raise first_failure
                return await attempt(number)
        raise AssertionError("unreachable: tenacity re-raises the last error")  # pragma: no cover

    def _tenacity_options(self, operation: str, started: float) -> _TenacityOptions:
        from tenacity import (
            retry_if_exception,
            stop_after_attempt,
            stop_before_delay,
            wait_random_exponential,
        )

        stop: stop_base = stop_after_attempt(self.max_attempts)
        if self.timeout is not None:
            stop = stop | stop_before_delay(self.timeout - (time.monotonic() - started))
        return {
            "stop": stop,
            "wait": wait_random_exponential(multiplier=self.backoff_base, max=self.backoff_cap),
            "retry": retry_if_exception(_is_retryable),
            "before_sleep": self._before_sleep(operation),
            "reraise": True,
        }

    def _before_sleep(self, operation: str) -> Callable[[RetryCallState], None]:
        def before_sleep(state: RetryCallState) -> None:
            outcome = state.outcome
            error = outcome.exception() if outcome is not None else None
            wait = state.upcoming_sleep
            if not isinstance(error, SmsV2Error):  # pragma: no cover - only typed errors retry
                return
            # Only the operation and error class: never numbers, bodies or credentials.
            logger.debug(
                "retrying %s after attempt %d failed with %s; waiting %.3fs",
                operation,
                state.attempt_number,
                type(error).__name__,
                wait,
            )
            retry_scheduled(state.attempt_number, error, wait)
            if self.on_retry is not None:
                self.on_retry(RetryEvent(operation, state.attempt_number, error, wait))

        return before_sleep


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    # nan and inf are floats, but no deadline or wait: nan compares false with everything.
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _wanted(what: str, value: object) -> str:
    # The type, not the value: options never hold personal data, but messages stay uniform.
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"must be {what}, not {value!r}"
    return f"must be {what}, not {type(value).__name__}"


def _is_retryable(error: BaseException) -> bool:
    return isinstance(error, SmsV2Error) and error.retryable


__all__ = ["RetryEvent", "RetryPolicy"]
