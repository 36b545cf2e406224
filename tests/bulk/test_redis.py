"""The Redis limiter and claims against a real redis-server; four processes share one budget."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

from redis import Redis

import smsv2
from smsv2.bulk import BulkOutcome, BulkStatus
from smsv2.integrations.redis import RedisClaims, RedisRateLimiter
from smsv2.testing import ThreadedServer

from .conftest import KEY_SECRET, request_number

ROOT = Path(__file__).resolve().parents[2]


def test_the_shared_bucket_is_weighted_by_parts(redis_url: str) -> None:
    one, two = RedisRateLimiter(redis_url), RedisRateLimiter(redis_url)
    stop = threading.Event()
    started = time.monotonic()
    assert one.acquire("pool-a", 3, 10, stop)  # 3 parts at 10 parts/s: 0.2 s of debt
    assert two.acquire("pool-a", 1, 10, stop)  # another process pays for it
    waited = time.monotonic() - started
    assert 0.25 <= waited < 1.0
    assert two.acquire("pool-b", 1, 10, stop)  # another identity has its own bucket
    assert time.monotonic() - started - waited < 0.1


def test_a_stopped_acquire_gives_up(redis_url: str) -> None:
    limiter = RedisRateLimiter(redis_url)
    stop = threading.Event()
    assert limiter.acquire("slow", 1, 0.2, stop)
    stop.set()
    assert not limiter.acquire("slow", 1, 0.2, stop)


def test_claims_are_set_nx_with_a_ttl_and_hold_the_outcome(redis_url: str) -> None:
    redis = Redis.from_url(redis_url)
    first, second = (
        RedisClaims(redis_url, secret=KEY_SECRET, ttl=60),
        RedisClaims(redis_url, secret=KEY_SECRET, ttl=60),
    )
    assert first.claim("k1") is None
    held = second.claim("k1")
    assert held is not None and held.status is BulkStatus.OUTCOME_UNKNOWN and held.previous
    assert 0 < redis.ttl("smsv2:claim:k1") <= 60
    first.record(BulkOutcome("k1", BulkStatus.SENT, message_id="m-1", parts=2))
    seen = second.claim("k1")
    assert seen is not None and (seen.status, seen.message_id, seen.parts) == (
        BulkStatus.SENT,
        "m-1",
        2,
    )
    # Nothing sent: the key goes back and another worker may send it.
    assert first.claim("k2") is None
    first.record(BulkOutcome("k2", BulkStatus.FAILED))
    assert second.claim("k2") is None
    second.release("k2")
    assert redis.get("smsv2:claim:k2") is None


def test_send_bulk_with_claims_never_sends_a_key_twice(
    server: ThreadedServer, http_client: smsv2.Client, redis_url: str
) -> None:
    from .bulk_job import job

    origination = request_number(http_client)
    batch = job(origination, 10)
    kwargs = {"parts_per_second": 1000.0, "limiter": RedisRateLimiter(redis_url)}
    first = list(
        http_client.send_bulk(batch, claims=RedisClaims(redis_url, secret=KEY_SECRET), **kwargs)
    )  # type: ignore[arg-type]
    again = list(
        http_client.send_bulk(batch, claims=RedisClaims(redis_url, secret=KEY_SECRET), **kwargs)
    )  # type: ignore[arg-type]
    assert {o.status for o in first} == {BulkStatus.SENT}
    assert all(o.previous and o.status is BulkStatus.SENT for o in again)
    assert {o.message_id for o in again} == {o.message_id for o in first}
    assert len(server.fake.sent_messages) == 10


def test_four_processes_share_a_20_mps_budget(
    server: ThreadedServer, http_client: smsv2.Client, redis_url: str
) -> None:
    origination = request_number(http_client)
    count = 201  # 200 intervals at 20 MPS: 10 seconds
    args = [server.endpoint_url, origination, str(count), "20", redis_url]
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.bulk.shared_job", *args],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    results = [json.loads(w.communicate(timeout=60)[0]) for w in workers]
    assert all(w.returncode == 0 for w in workers)
    sent = server.fake.sent_messages
    destinations = [m.destination for m in sent]
    assert len(destinations) == len(set(destinations)) == count, "0 duplicate sends"
    # Each worker reports every message: sent by it or by another (SENT, or OUTCOME_UNKNOWN
    # while another worker still had it in flight).
    assert all(r["SENT"] + r["OUTCOME_UNKNOWN"] == count for r in results)
    span = sent[-1].timestamp - sent[0].timestamp
    rate = (count - 1) / span
    print(f"4 processes, 20 MPS budget: {rate:.2f} MPS over {span:.1f} s")
    assert abs(rate - 20) / 20 <= 0.05
