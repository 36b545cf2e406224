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

if TYPE_CHECKING:
    from smsv2.client import Client

logger = logging.getLogger("smsv2.bulk")

#: Default MPS by (number type, country), from AWS's "Message Parts per Second (MPS) limits"
#: page of the End User Messaging SMS user guide. They are defaults only: your account's
#: real limits may differ; pass ``parts_per_second=`` with your quota.
DEFAULT_PARTS_PER_SECOND: Mapping[tuple[str, str], float] = MappingProxyType(
    {
        ("SHORT_CODE", "US"): 100.0,
        ("SHORT_CODE", "CA"): 100.0,
        ("TOLL_FREE", "US"): 3.0,
        ("TEN_DLC", "US"): 1.0,
        ("LONG_CODE", "US"): 1.0,
        ("LONG_CODE", "CA"): 1.0,
    }
)
#: A long code outside the US and Canada (same page).
LONG_CODE_ELSEWHERE_PARTS_PER_SECOND = 10.0
#: Anything the table does not cover (sender IDs, short codes elsewhere, simulator numbers, an
#: identity smsv2 cannot look up): a deliberately low rate. Set your own.
FALLBACK_PARTS_PER_SECOND = 1.0


def default_parts_per_second(number_type: str, iso_country_code: str) -> float:
    """The default MPS for a phone number of `number_type` in `iso_country_code`."""
    rate = DEFAULT_PARTS_PER_SECOND.get((number_type, iso_country_code))
    if rate is not None:
        return rate
    if number_type == "LONG_CODE":
        return LONG_CODE_ELSEWHERE_PARTS_PER_SECOND
    return FALLBACK_PARTS_PER_SECOND


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

    def __init__(self, client: Client, rates: Rates) -> None:
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
        self._resolved: dict[str | None, float] = {}
        self._lock = threading.Lock()

    def rate_of(self, identity: str | None) -> float:
        """Parts per second for `identity` (looked up once per identity)."""
        if self._fixed is not None:
            return self._fixed
        if identity is not None and identity in self._given:
            return self._given[identity]
        with self._lock:
            rate = self._resolved.get(identity)
            if rate is None:
                rate = self._resolved[identity] = self._lookup(identity)
            return rate

    def _lookup(self, identity: str | None) -> float:
        if identity is None:
            return FALLBACK_PARTS_PER_SECOND
        try:
            if identity.startswith("pool-") or ":pool/" in identity:
                return self._pool_rate(identity)
            if identity.startswith("phone-") or ":phone-number/" in identity:
                return self._phone_rates([identity])[0]
            if identity.startswith("+"):
                for number in self._client.phone_numbers():
                    if number.phone_number == identity:
                        return default_parts_per_second(
                            str(_plain(number.number_type)), number.iso_country_code
                        )
        except SmsV2Error as error:
            # The identity itself is not logged: it may be a phone number.
            logger.warning(
                "could not look up an origination identity's type (%s); using %.1f parts/s",
                type(error).__name__,
                FALLBACK_PARTS_PER_SECOND,
            )
        return FALLBACK_PARTS_PER_SECOND

    def _phone_rates(self, ids: list[str]) -> list[float]:
        found = [
            default_parts_per_second(str(_plain(n.number_type)), n.iso_country_code)
            for n in self._client.phone_numbers(phone_number_ids=ids)
        ]
        return found or [FALLBACK_PARTS_PER_SECOND]

    def _pool_rate(self, pool: str) -> float:
        # The service spreads a pool's messages over its members: their limits add up.
        phones: list[str] = []
        others = 0
        token: str | None = None
        while True:
            page = self._client.list_pool_origination_identities(pool_id=pool, next_token=token)
            for member in page.origination_identities or []:
                if member.origination_identity_arn and ":phone-number/" in (
                    member.origination_identity_arn
                ):
                    phones.append(member.origination_identity_arn)
                else:
                    others += 1
            token = page.next_token
            if not token:
                break
        total = others * FALLBACK_PARTS_PER_SECOND
        if phones:
            total += sum(self._phone_rates(phones))
        return total or FALLBACK_PARTS_PER_SECOND


def _plain(value: object) -> object:
    return getattr(value, "value", value)


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
