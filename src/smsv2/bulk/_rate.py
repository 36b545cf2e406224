"""Pacing: per-identity token buckets weighted by message parts, default rates, adaptive backoff.

The service limits each origination identity in message parts per second (MPS) and each API
in requests per second. A bulk run keeps one bucket per identity (cost: the message's parts)
and, when asked, one for the account's API rate (cost: one request).

The local bucket is written here rather than taken from a limiter library because its rate
changes on the fly (adaptive backoff) and a reservation may run into debt (a 10-part message
at 1 MPS waits 10 seconds instead of never fitting); the shared limiter in
`smsv2.integrations.redis` uses pyrate-limiter.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Protocol

from smsv2._errors_base import FieldProblem, RequestValidationError, SmsV2Error
from smsv2.bulk._limits import (
    DEFAULT_PARTS_PER_SECOND,
    FALLBACK_PARTS_PER_SECOND,
    LONG_CODE_ELSEWHERE_PARTS_PER_SECOND,
    IdentityRate,
    default_parts_per_second,
    identity_rate,
)

if TYPE_CHECKING:
    from smsv2.bulk._port import BulkClient

logger = logging.getLogger("smsv2.bulk")


class RateLimiter(Protocol):
    """Where the budget is kept: this process (`LocalRateLimiter`) or Redis (shared)."""

    def acquire(self, bucket: str, cost: float, rate: float, stop: threading.Event) -> bool:
        """Block until `cost` units of `bucket` (refilled at `rate` per second) are taken.

        Returns False, having sent nothing, when `stop` is set first.
        """
        ...


class _Bucket:
    __slots__ = ("burst", "rate", "stamp", "tokens")

    def __init__(self, rate: float, burst: float, now: float) -> None:
        self.rate = rate
        self.burst = burst
        self.tokens = burst
        self.stamp = now

    def reserve(self, cost: float, now: float) -> float:
        """Take `cost` (going into debt if needed); seconds until the debt is paid."""
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        self.tokens -= cost
        return -self.tokens / self.rate if self.tokens < 0 else 0.0


class LocalRateLimiter:
    """Token buckets in this process. `burst` is in seconds of the rate (at least one part)."""

    def __init__(self, *, burst: float = 0.05, clock: Callable[[], float] = time.monotonic) -> None:
        self._burst = burst
        self._clock = clock
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    def reserve(self, bucket: str, cost: float, rate: float) -> float:
        """Take `cost` now; the seconds to wait before using it."""
        with self._lock:
            now = self._clock()
            state = self._buckets.get(bucket)
            if state is None:
                state = self._buckets[bucket] = _Bucket(rate, max(1.0, rate * self._burst), now)
            elif state.rate != rate:
                state.reserve(0.0, now)  # refill at the old rate up to now
                state.rate, state.burst = rate, max(1.0, rate * self._burst)
            return state.reserve(cost, now)

    def acquire(self, bucket: str, cost: float, rate: float, stop: threading.Event) -> bool:
        """See [`RateLimiter.acquire`][smsv2.bulk.RateLimiter.acquire]."""
        wait = self.reserve(bucket, cost, rate)
        return not (wait > 0 and stop.wait(wait))


@dataclass
class _Factor:
    value: float = 1.0
    stamp: float = 0.0
    last_cut: float = float("-inf")


class AdaptiveBackoff:
    """Slows an identity down when the service throttles it, then recovers.

    Each ThrottlingException halves the identity's rate (at most once per `cooldown`, so a
    volley of throttled in-flight requests counts once), down to `floor`; the rate then
    grows back by `recovery` of the full rate per second without throttling.
    """

    def __init__(
        self,
        *,
        decrease: float = 0.5,
        floor: float = 1 / 32,
        cooldown: float = 0.5,
        recovery: float = 0.25,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.decrease = decrease
        self.floor = floor
        self.cooldown = cooldown
        self.recovery = recovery
        self._clock = clock
        self._factors: dict[str, _Factor] = {}
        self._lock = threading.Lock()

    def factor(self, bucket: str) -> float:
        """The share of the configured rate `bucket` may use now (1.0: all of it)."""
        with self._lock:
            state = self._factors.get(bucket)
            if state is None:
                return 1.0
            return self._recover(state, self._clock())

    def throttled(self, bucket: str) -> float:
        """Record a ThrottlingException for `bucket`; the new factor."""
        with self._lock:
            now = self._clock()
            state = self._factors.setdefault(bucket, _Factor(stamp=now))
            value = self._recover(state, now)
            if now - state.last_cut >= self.cooldown:
                state.value = max(self.floor, value * self.decrease)
                state.last_cut = now
            return state.value

    def _recover(self, state: _Factor, now: float) -> float:
        state.value = min(1.0, state.value + (now - state.stamp) * self.recovery)
        state.stamp = now
        return state.value


Rates = float | Mapping[str, float] | None


class RateTable:
    """The rate of each origination identity: the user's, or the default for its type."""

    def __init__(self, client: BulkClient, rates: Rates) -> None:
        if isinstance(rates, (int, float)) and not isinstance(rates, bool):
            _check_rate("parts_per_second", float(rates))
            self._fixed: float | None = float(rates)
            self._given: Mapping[str, float] = {}
        elif rates is None or isinstance(rates, Mapping):
            self._fixed = None
            self._given = dict(rates or {})
            for identity, rate in self._given.items():
                _check_rate(f"parts_per_second[{identity!r}]", rate)
        else:
            raise _rate_error("parts_per_second", "a number or a mapping of identity to rate")
        self._client = client
        self._resolved: dict[str | None, IdentityRate] = {}
        self._lock = threading.Lock()

    def rate_of(self, identity: str | None) -> float:
        """Parts per second for `identity` (looked up once per identity)."""
        return self.info_of(identity).rate

    def info_of(self, identity: str | None) -> IdentityRate:
        """The rate of `identity` and its source: given, else live, table or fallback."""
        if self._fixed is not None:
            return IdentityRate(self._fixed, "given")
        if identity is not None and identity in self._given:
            return IdentityRate(self._given[identity], "given")
        with self._lock:
            found = self._resolved.get(identity)
            if found is None:
                found = self._resolved[identity] = identity_rate(self._client, identity)
            return found

    def resolved(self) -> Mapping[str | None, IdentityRate]:
        """Every identity looked up so far (not the given ones)."""
        with self._lock:
            return MappingProxyType(dict(self._resolved))


def _check_rate(name: str, rate: object) -> None:
    if not isinstance(rate, (int, float)) or isinstance(rate, bool) or not rate > 0:
        raise _rate_error(name, "a positive number of parts per second")


def _rate_error(name: str, expected: str) -> SmsV2Error:
    return RequestValidationError(None, [FieldProblem(name, f"must be {expected}")])


__all__ = [
    "DEFAULT_PARTS_PER_SECOND",
    "FALLBACK_PARTS_PER_SECOND",
    "LONG_CODE_ELSEWHERE_PARTS_PER_SECOND",
    "AdaptiveBackoff",
    "LocalRateLimiter",
    "RateLimiter",
    "RateTable",
    "default_parts_per_second",
]
