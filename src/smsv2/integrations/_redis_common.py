"""What every Redis integration shares: the connection from a URL and the typed failure."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from redis import Redis
from redis.exceptions import RedisError

from smsv2._errors_base import mask_digits
from smsv2._public import publish
from smsv2.errors import CoordinationError

#: Seconds a Redis command made from a URL may take (connecting included) before it fails.
SOCKET_TIMEOUT = 5.0
T = TypeVar("T")


def connect(redis: Redis | str) -> Redis:
    """A Redis client from a client or a `redis://` URL (with
    [`SOCKET_TIMEOUT`][smsv2.integrations.redis.SOCKET_TIMEOUT])."""
    if isinstance(redis, str):
        # redis-py types from_url's **kwargs loosely.
        return Redis.from_url(  # pyright: ignore[reportUnknownMemberType]
            redis, socket_timeout=SOCKET_TIMEOUT, socket_connect_timeout=SOCKET_TIMEOUT
        )
    return redis


def guarded(what: str, call: Callable[[], T]) -> T:
    """`call()`, with any Redis failure raised as CoordinationError (cause masked)."""
    try:
        return call()
    except (RedisError, OSError) as exc:
        failure = CoordinationError(f"Redis failed while {what}: {type(exc).__name__}")
        cause = _masked(exc)
    # Raised outside the except block: Redis's own error is not the context.
    raise failure from cause


def _masked(exc: BaseException) -> BaseException | None:
    try:
        return type(exc)(mask_digits(str(exc)))
    except Exception:
        return None


# Part of smsv2.integrations.redis's public API (which re-exports it).
publish("smsv2.integrations.redis", ["connect"], globals())
