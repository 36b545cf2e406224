"""Bulk sending from several processes or hosts through Redis (`pip install 'smsv2[redis]'`).

* [`RedisRateLimiter`][smsv2.integrations.redis.RedisRateLimiter] - one token bucket per origination
  identity, kept in Redis, so all workers together stay within the identity's MPS. It is
  pyrate-limiter's `TokenBucket` on its `RedisStateStore` (one atomic Lua step per acquisition),
  weighted by message parts.
* [`RedisClaims`][smsv2.integrations.redis.RedisClaims] - idempotency keys claimed with `SET NX` and
  a TTL before a message is sent, then overwritten with its outcome: two workers never send the same
  key. Default message keys are HMACs under the `secret` you give (the same in every worker).

Claims must survive a restart of Redis, so [`RedisClaims`][smsv2.integrations.redis.RedisClaims]
refuses a server without an append-only file (`appendonly yes`, ideally `appendfsync always`) unless
you pass `allow_volatile=True`. Every Redis failure is raised as `smsv2.errors.CoordinationError`.

Pass them to `Client.send_bulk(..., limiter=..., claims=...)` or use the Celery task of
`smsv2.integrations.celery`. The limiter uses each host's wall clock: keep clocks in sync.
"""

from __future__ import annotations

import functools
import json
import math
import threading
import time

from pyrate_limiter import Decision, Rate, RateItem, RedisStateStore, StateBucket, TokenBucket
from redis import Redis

from smsv2.bulk import BulkOutcome, BulkStatus, check_key_secret
from smsv2.errors import CoordinationError
from smsv2.integrations._redis_common import SOCKET_TIMEOUT, connect, guarded
from smsv2.integrations._redis_tracker import RedisTrackerStore

#: Units of the Redis bucket per message part: costs (parts divided by the adaptive factor)
#: are fractional, pyrate-limiter's weights are integers.
UNITS_PER_PART = 1000


class RedisRateLimiter:
    """A rate limit shared through Redis (implements `smsv2.bulk.RateLimiter`).

    Args:
        redis: a `redis.Redis` client or a `redis://` URL.
        prefix: the prefix of the Redis keys (one key per origination identity).
        burst: parts that may go at once from rest; 1 keeps the output smooth.
    """

    def __init__(
        self, redis: Redis | str, *, prefix: str = "smsv2:rate", burst: float = 1.0
    ) -> None:
        if not burst >= 1:
            raise ValueError("burst must be at least 1 part")
        self._redis = connect(redis)
        self._prefix = prefix
        self._burst = round(burst * UNITS_PER_PART)
        self._buckets: dict[tuple[str, float], tuple[StateBucket, threading.Lock]] = {}
        self._lock = threading.Lock()

    def _bucket(self, bucket: str, rate: float) -> tuple[StateBucket, threading.Lock]:
        with self._lock:
            found = self._buckets.get((bucket, rate))
            if found is None:
                # `rate` parts per second as integer units per second.
                limit = max(1, round(rate * UNITS_PER_PART))
                store = RedisStateStore(self._redis, f"{self._prefix}:{bucket}")
                state = StateBucket(
                    [Rate(limit, 1000, burst=self._burst)], algorithm=TokenBucket(), store=store
                )
                found = self._buckets[(bucket, rate)] = (state, threading.Lock())
            return found

    def acquire(self, bucket: str, cost: float, rate: float, stop: threading.Event) -> bool:
        """See `smsv2.bulk.RateLimiter.acquire`."""
        state, lock = self._bucket(bucket, rate)
        units = max(1, math.ceil(cost * UNITS_PER_PART))
        while units > 0:
            # A cost above the burst is taken in burst-sized steps.
            chunk = min(units, self._burst)
            while True:
                with lock:
                    # Wall-clock milliseconds: the state is compared across hosts.
                    item = RateItem(bucket, time.time_ns() // 1_000_000, weight=chunk)
                    decision = guarded(
                        "taking rate budget", functools.partial(state.put_decision, item)
                    )
                if not isinstance(decision, Decision):
                    raise TypeError("RedisRateLimiter needs a synchronous redis.Redis client")
                if decision.allowed:
                    break
                wait_ms = decision.retry_after_ms or 1
                if stop.wait(wait_ms / 1000):
                    return False
            units -= chunk
        return True


class RedisClaims:
    """Idempotency keys in Redis (implements `smsv2.bulk.Claims`).

    A key is claimed with `SET key sending NX EX ttl` before its message is sent and then
    holds the outcome (for the same TTL). A message that was not sent (FAILED, QUOTA, INVALID,
    or stopped before sending) gives its key back, so it can be tried again.

    Args:
        redis: a `redis.Redis` client or a `redis://` URL.
        secret: the secret default message keys are HMACs under: at least 16 bytes, the same
            in every worker, kept like a password (`secrets.token_hex(32)`). Without it a
            stored key could be reversed by guessing the number.
        prefix: the prefix of the Redis keys.
        ttl: seconds a claim (and a recorded outcome) is kept; longer than any retry window.
        allow_volatile: use a server without an append-only file. A restart of such a server
            forgets every claim, and messages in flight then can be sent twice.

    Raises:
        smsv2.errors.CoordinationError: Redis is unreachable, or does not persist its data
            and `allow_volatile` is False.
    """

    def __init__(
        self,
        redis: Redis | str,
        *,
        secret: str | bytes,
        prefix: str = "smsv2:claim",
        ttl: float = 7 * 24 * 3600,
        allow_volatile: bool = False,
    ) -> None:
        self.secret = check_key_secret(secret)
        self._redis = connect(redis)
        self._prefix = prefix
        self.ttl = max(1, math.ceil(ttl))
        if not allow_volatile:
            self._check_persistence()

    def _check_persistence(self) -> None:
        # redis-py types info()'s **kwargs loosely.
        read = functools.partial(self._redis.info, "persistence")  # pyright: ignore[reportUnknownMemberType,reportUnknownArgumentType]
        info = guarded("reading its persistence settings", read)
        if str(info.get("aof_enabled")) != "1":
            raise CoordinationError(
                "this Redis server keeps no append-only file: a restart would forget every "
                "claim and messages in flight could be sent twice. Configure "
                "'appendonly yes' and 'appendfsync always' (see docs/bulk-sending.md), or pass "
                "allow_volatile=True to accept the risk"
            )

    def _name(self, key: str) -> str:
        return f"{self._prefix}:{key}"

    def claim(self, key: str) -> BulkOutcome | None:
        """None when `key` is ours now, else what its holder recorded."""
        for _ in range(3):
            taken = guarded(
                "claiming a key",
                lambda: self._redis.set(self._name(key), "sending", nx=True, ex=self.ttl),
            )
            if taken:
                return None
            held = self.outcome(key)
            if held is not None:
                return held
        return BulkOutcome(key, BulkStatus.OUTCOME_UNKNOWN, previous=True)

    def outcome(self, key: str) -> BulkOutcome | None:
        """What is recorded for `key`: its outcome, OUTCOME_UNKNOWN while it is being sent,
        or None when nobody holds it."""
        raw = guarded("reading a claim", lambda: self._redis.get(self._name(key)))
        if raw is None:
            return None
        text = raw.decode() if isinstance(raw, bytes) else str(raw)
        if text == "sending":
            return BulkOutcome(key, BulkStatus.OUTCOME_UNKNOWN, previous=True)
        data = json.loads(text)
        return BulkOutcome(
            key,
            BulkStatus(data["status"]),
            message_id=data.get("message_id"),
            parts=int(data.get("parts", 0)),
            previous=True,
        )

    def record(self, outcome: BulkOutcome) -> None:
        """Keep `outcome` under its key (or give the key back when nothing was sent)."""
        if not outcome.status.final:
            self.release(outcome.key)
            return
        value = json.dumps(
            {
                "status": outcome.status.value,
                "message_id": outcome.message_id,
                "parts": outcome.parts,
            }
        )
        name = self._name(outcome.key)
        guarded("recording an outcome", lambda: self._redis.set(name, value, ex=self.ttl))

    def release(self, key: str) -> None:
        """Give `key` back: nothing was sent for it."""
        guarded("releasing a claim", lambda: self._redis.delete(self._name(key)))


__all__ = [
    "SOCKET_TIMEOUT",
    "UNITS_PER_PART",
    "RedisClaims",
    "RedisRateLimiter",
    "RedisTrackerStore",
    "connect",
]
