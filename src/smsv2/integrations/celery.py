"""A Celery task that sends one `OutboundMessage` through the shared Redis limiter
(`pip install 'smsv2[celery]'`).

Celery's own `rate_limit` holds per worker, not across workers; this task instead takes the
message's parts from
[`smsv2.integrations.redis.RedisRateLimiter`][smsv2.integrations.redis.RedisRateLimiter], claims its
key in Redis so that a redelivered or duplicated task never sends twice, and records the outcome
under the key. The task returns `BulkOutcome.to_dict()`.

```python
app = Celery("notify", broker="redis://localhost:6379/0")
send = send_message_task(app, redis="redis://localhost:6379/1",
                         client=lambda: smsv2.Client(region_name="us-east-1"),
                         key_secret=os.environ["SMSV2_KEY_SECRET"],
                         parts_per_second={"pool-123": 20})
send.delay(smsv2.OutboundMessage(...).model_dump(mode="json"))
```
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping
from typing import Any

from celery import Celery, Task
from redis import Redis

from smsv2.bulk import BulkSender, check_key_secret
from smsv2.client import Client
from smsv2.integrations.redis import RedisClaims, RedisRateLimiter, connect


def send_message_task(
    app: Celery,
    *,
    client: Callable[[], Client],
    redis: str | Callable[[], Redis],
    key_secret: str | bytes,
    parts_per_second: float | Mapping[str, float] | None = None,
    api_requests_per_second: float | None = None,
    name: str = "smsv2.send_message",
    claim_ttl: float = 7 * 24 * 3600,
    prefix: str = "smsv2",
    allow_volatile_redis: bool = False,
) -> Task[[Mapping[str, Any]], dict[str, object]]:
    """Register and return the task `name` on `app`; call it with a message's fields.

    Args:
        app: your Celery app (its broker can be the same Redis).
        client: makes the `smsv2.Client` of a worker process (called once per process).
        redis: the Redis URL (or a factory of `redis.Redis`) for the limiter and the claims.
        key_secret: the secret default message keys are HMACs under: the same in every
            worker, at least 16 bytes, kept like a password (`secrets.token_hex(32)`).
        parts_per_second: as for `Client.send_bulk`: one rate or a mapping per identity;
            identities left out get AWS's default for their number type.
        api_requests_per_second: the account's SendTextMessage request quota, if enforced.
        name: the task name.
        claim_ttl: seconds a key stays claimed (and its outcome kept) in Redis.
        prefix: prefix of the Redis keys.
        allow_volatile_redis: accept a Redis server without an append-only file (see
            `smsv2.integrations.redis.RedisClaims`).
    """
    secret = check_key_secret(key_secret, "key_secret")  # a bad secret fails at registration
    senders: dict[int, BulkSender] = {}
    lock = threading.Lock()

    def sender() -> BulkSender:
        # One per process: a forked worker must not share its parent's connections.
        with lock:
            found = senders.get(os.getpid())
            if found is None:
                made = client()
                store = connect(redis) if isinstance(redis, str) else redis()
                claims = RedisClaims(
                    store,
                    secret=secret,
                    prefix=f"{prefix}:claim",
                    ttl=claim_ttl,
                    allow_volatile=allow_volatile_redis,
                )
                found = senders[os.getpid()] = BulkSender(
                    made,
                    claims=claims,
                    limiter=RedisRateLimiter(store, prefix=f"{prefix}:rate"),
                    parts_per_second=parts_per_second,
                    api_requests_per_second=api_requests_per_second,
                )
            return found

    def send_message(message: Mapping[str, Any]) -> dict[str, object]:
        return sender().send(message).to_dict()

    return app.task(name=name, acks_late=True)(send_message)


__all__ = ["send_message_task"]
