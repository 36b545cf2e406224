"""The Redis limiter and claims against a real redis-server; four processes share one budget."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from redis import Redis
from redis.exceptions import RedisError

import smsv2
from smsv2 import errors
from smsv2.bulk import BulkOptions, BulkOutcome, BulkStatus
from smsv2.errors import CoordinationError
from smsv2.integrations.redis import SOCKET_TIMEOUT, RedisClaims, RedisRateLimiter, connect
from smsv2.testing import ThreadedServer

from .bulk_job import job
from .conftest import KEY_SECRET, free_port, request_number, start_redis

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
    origination = request_number(http_client)
    batch = job(origination, 10)

    def options() -> BulkOptions:
        return {
            "parts_per_second": 1000.0,
            "limiter": RedisRateLimiter(redis_url),
            "claims": RedisClaims(redis_url, secret=KEY_SECRET),
        }

    first = list(http_client.send_bulk(batch, **options()))
    again = list(http_client.send_bulk(batch, **options()))
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


# -- issue 17 finding 9: typed failures, persistence, restarts -----------------------------------


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[tuple[str, Path, list[subprocess.Popen[bytes]]]]:
    """A redis-server of this test alone (it kills, freezes or restarts it)."""
    port = free_port()
    servers = [start_redis(tmp_path, port)]
    yield f"redis://127.0.0.1:{port}/0", tmp_path, servers
    for server in servers:
        if server.poll() is None:
            server.send_signal(signal.SIGCONT)
            server.kill()
            server.wait(timeout=10)


def _chain(error: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def _assert_masked(error: CoordinationError) -> None:
    cause = error.__cause__
    assert cause is not None and cause.__traceback__ is None, "a fresh, masked copy"
    assert cause.__cause__ is None and cause.__context__ is None
    assert error.__context__ is None
    assert all(isinstance(e, (CoordinationError, RedisError)) for e in _chain(error))


def test_a_killed_server_is_a_coordination_error_at_once(
    own_redis: tuple[str, Path, list[subprocess.Popen[bytes]]],
) -> None:
    url, _, servers = own_redis
    claims = RedisClaims(url, secret=KEY_SECRET)
    limiter = RedisRateLimiter(url)
    servers[0].kill()
    servers[0].wait()
    started = time.monotonic()
    with pytest.raises(CoordinationError) as caught:
        claims.claim("k1")
    assert time.monotonic() - started < 5
    assert "claiming a key" in str(caught.value)
    _assert_masked(caught.value)
    with pytest.raises(CoordinationError):
        limiter.acquire("pool-a", 1, 10, threading.Event())
    with pytest.raises(CoordinationError):
        RedisClaims(url, secret=KEY_SECRET)  # the persistence check needs the server too


def test_a_frozen_server_is_a_coordination_error_after_the_socket_timeout(
    own_redis: tuple[str, Path, list[subprocess.Popen[bytes]]],
) -> None:
    url, _, servers = own_redis
    assert connect(url).connection_pool.connection_kwargs["socket_timeout"] == SOCKET_TIMEOUT
    claims = RedisClaims(Redis.from_url(url, socket_timeout=0.3), secret=KEY_SECRET)
    servers[0].send_signal(signal.SIGSTOP)
    started = time.monotonic()
    with pytest.raises(CoordinationError) as caught:
        claims.claim("k1")
    assert time.monotonic() - started < 5
    _assert_masked(caught.value)


def test_send_bulk_with_a_dead_redis_raises_typed_and_sends_nothing(
    server: ThreadedServer,
    http_client: smsv2.Client,
    own_redis: tuple[str, Path, list[subprocess.Popen[bytes]]],
) -> None:
    url, _, servers = own_redis
    claims = RedisClaims(url, secret=KEY_SECRET)
    servers[0].kill()
    servers[0].wait()
    origination = request_number(http_client)
    with pytest.raises(CoordinationError):
        list(http_client.send_bulk(job(origination, 5), claims=claims, parts_per_second=1000))
    assert server.fake.sent_messages == []


def test_a_server_that_does_not_persist_is_refused_unless_allowed(tmp_path: Path) -> None:
    port = free_port()
    volatile = start_redis(tmp_path, port, persistent=False)
    try:
        url = f"redis://127.0.0.1:{port}/0"
        with pytest.raises(CoordinationError) as caught:
            RedisClaims(url, secret=KEY_SECRET)
        assert "appendonly yes" in str(caught.value) and "allow_volatile" in str(caught.value)
        assert RedisClaims(url, secret=KEY_SECRET, allow_volatile=True).claim("k") is None
    finally:
        volatile.kill()
        volatile.wait()


@pytest.mark.parametrize("secret", ["short", b"", "x" * 15])
def test_a_weak_key_secret_is_refused(redis_url: str, secret: str | bytes) -> None:
    with pytest.raises(errors.RequestValidationError) as caught:
        RedisClaims(redis_url, secret=secret)
    assert caught.value.problems[0].field == "secret"


def test_redis_holds_no_number_and_keys_that_resist_guessing(
    server: ThreadedServer, http_client: smsv2.Client, redis_url: str
) -> None:
    origination = request_number(http_client)
    batch = job(origination, 10)
    claims = RedisClaims(redis_url, secret=KEY_SECRET)
    list(http_client.send_bulk(batch, claims=claims, parts_per_second=1000))
    redis = Redis.from_url(redis_url)
    stored = b" ".join(
        name + b"=" + (redis.get(name) or b"") for name in redis.scan_iter("smsv2:claim:*")
    )
    assert stored.count(b"smsv2:claim:") == 10
    assert b"2065550" not in stored and b"message " not in stored
    for message in batch:
        assert message.key_under(b"\x00" * 32).encode() not in stored


def test_claims_survive_a_restart_of_a_persistent_server_mid_run(
    server: ThreadedServer,
    http_client: smsv2.Client,
    own_redis: tuple[str, Path, list[subprocess.Popen[bytes]]],
) -> None:
    url, workdir, servers = own_redis
    origination = request_number(http_client)
    count = 120
    args = [server.endpoint_url, origination, str(count), "40", url]
    worker = subprocess.Popen(
        [sys.executable, "-m", "tests.bulk.shared_job", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while len(server.fake.sent_messages) < 30 and time.monotonic() < deadline:
        time.sleep(0.02)
    servers[0].terminate()  # a restart: SIGTERM, then the same configuration and directory
    servers[0].wait(timeout=10)
    servers.append(start_redis(workdir, int(url.rsplit(":", 1)[1].split("/")[0])))
    _, err = worker.communicate(timeout=60)
    assert worker.returncode == 0 or "CoordinationError" in err, err[-2000:]
    before = len(server.fake.sent_messages)

    resumed = list(
        http_client.send_bulk(
            job(origination, count),
            claims=RedisClaims(url, secret=KEY_SECRET),
            parts_per_second=1000,
        )
    )
    destinations = [m.destination for m in server.fake.sent_messages]
    unknown = sum(o.status is BulkStatus.OUTCOME_UNKNOWN for o in resumed)
    print(
        f"\nredis restart mid-run: {before} sent before the resume, "
        f"{len(destinations) - before} by it, {unknown} unknown, "
        f"{len(destinations) - len(set(destinations))} duplicates; worker exit {worker.returncode}"
    )
    assert len(destinations) == len(set(destinations)), "0 duplicates"
    assert len(set(destinations)) + unknown >= count
