"""Pacing: token buckets weighted by parts, default rates by number type, adaptive backoff."""

from __future__ import annotations

import threading

import pytest

import smsv2
from smsv2.bulk import (
    DEFAULT_PARTS_PER_SECOND,
    FALLBACK_PARTS_PER_SECOND,
    AdaptiveBackoff,
    BulkStatus,
    LocalRateLimiter,
    default_parts_per_second,
)
from smsv2.bulk._parts import message_parts
from smsv2.bulk._rate import RateTable
from smsv2.testing import FakeSmsVoice

from .conftest import messages, request_number


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def achieved(fake: FakeSmsVoice) -> float:
    """Parts per second between the first and the last send the fake recorded."""
    sent = fake.sent_messages
    span = sent[-1].timestamp - sent[0].timestamp
    return sum(m.parts for m in sent[1:]) / span


def test_the_default_table_follows_awss_mps_page() -> None:
    assert default_parts_per_second("TOLL_FREE", "US") == 3
    assert default_parts_per_second("TEN_DLC", "US") == 1
    assert default_parts_per_second("SHORT_CODE", "US") == 100
    assert default_parts_per_second("SHORT_CODE", "CA") == 100
    assert default_parts_per_second("LONG_CODE", "CA") == 1
    assert default_parts_per_second("LONG_CODE", "GB") == 10
    assert default_parts_per_second("SIMULATOR", "US") == FALLBACK_PARTS_PER_SECOND
    assert DEFAULT_PARTS_PER_SECOND[("TOLL_FREE", "US")] == 3


def test_rates_come_from_the_number_type_unless_given(
    fake: FakeSmsVoice, client: smsv2.Client
) -> None:
    toll_free = request_number(client, "TOLL_FREE")
    canada = request_number(client, "LONG_CODE", "CA")
    uk_one, uk_two = (
        request_number(client, "LONG_CODE", "GB"),
        request_number(client, "LONG_CODE", "GB"),
    )
    pool = client.create_pool(origination_identity=uk_one, message_type="TRANSACTIONAL")
    assert pool.pool_id is not None
    client.associate_origination_identity(pool_id=pool.pool_id, origination_identity=uk_two)
    e164 = next(n.phone_number for n in client.phone_numbers() if n.phone_number_id == toll_free)
    table = RateTable(client, None)
    assert table.rate_of(toll_free) == 3
    assert table.rate_of(e164) == 3
    assert table.rate_of(canada) == 1
    assert table.rate_of(pool.pool_id) == 10 + 10  # a pool's members add up
    assert table.rate_of("phone-00000000000000000000000000000000") == FALLBACK_PARTS_PER_SECOND
    assert table.rate_of(None) == FALLBACK_PARTS_PER_SECOND
    given = RateTable(client, {canada: 25.0})
    assert given.rate_of(canada) == 25 and given.rate_of(toll_free) == 3
    assert RateTable(client, 7).rate_of(pool.pool_id) == 7


def test_a_bucket_waits_by_cost_and_goes_into_debt() -> None:
    clock = Clock()
    limiter = LocalRateLimiter(burst=0.0, clock=clock)
    assert limiter.reserve("a", 1, 10) == 0  # a full bucket of one part
    assert limiter.reserve("a", 1, 10) == pytest.approx(0.1)
    assert limiter.reserve("a", 4, 10) == pytest.approx(0.5)  # parts weigh
    assert limiter.reserve("b", 1, 10) == 0  # buckets are per identity
    clock.now += 0.5
    assert limiter.reserve("a", 1, 10) == pytest.approx(0.1)


def test_acquire_returns_false_when_stopped() -> None:
    limiter = LocalRateLimiter()
    stop = threading.Event()
    assert limiter.acquire("a", 1, 0.5, stop)
    stop.set()
    assert not limiter.acquire("a", 1, 0.5, stop)


def test_backoff_halves_once_per_cooldown_and_recovers() -> None:
    clock = Clock()
    backoff = AdaptiveBackoff(cooldown=0.5, recovery=0.25, clock=clock)
    assert backoff.factor("a") == 1.0
    assert backoff.throttled("a") == 0.5
    assert backoff.throttled("a") == 0.5  # the same volley counts once
    clock.now += 0.5
    assert backoff.throttled("a") == pytest.approx((0.5 + 0.5 * 0.25) / 2)
    assert backoff.factor("b") == 1.0
    clock.now += 1.0
    assert backoff.factor("a") == pytest.approx(0.3125 + 0.25)
    clock.now += 10
    assert backoff.factor("a") == 1.0
    steady = AdaptiveBackoff(cooldown=0.5, recovery=0.0, clock=clock)
    for _ in range(20):  # throttled again and again: down to the floor, no lower
        steady.throttled("a")
        clock.now += 0.5
    assert steady.factor("a") == steady.floor


def test_parts_follow_the_encoding() -> None:
    assert message_parts("a" * 160) == (1, None)
    assert message_parts("a" * 161) == (2, None)
    assert message_parts("[" * 80) == (1, None)  # extension characters take two septets
    assert message_parts("ü" * 70)[0] == 1  # ü is GSM-7
    assert message_parts("中" * 70) == (1, None)
    assert message_parts("中" * 71) == (2, None)
    parts, problem = message_parts("中" * 700)
    assert parts == 11 and problem is not None


def test_the_rate_is_held_and_weighted_by_parts(
    fake: FakeSmsVoice, client: smsv2.Client, number: str
) -> None:
    long_body = "x" * 300  # 2 parts
    batch = [
        smsv2.OutboundMessage(
            destination_phone_number=f"+1206555{i:04d}",
            origination_identity=number,
            message_body=long_body + str(i),
        )
        for i in range(16)
    ]
    list(client.send_bulk(batch, parts_per_second=20))
    assert {m.parts for m in fake.sent_messages} == {2}
    # Pacing can only lose time on a busy machine, never gain it.
    assert 20 * 0.7 < achieved(fake) < 20 * 1.05


def test_the_api_rate_caps_requests_across_identities(
    fake: FakeSmsVoice, client: smsv2.Client
) -> None:
    one, two = request_number(client), request_number(client)
    batch = [
        m for pair in zip(messages(8, one), messages(8, two, start=100), strict=True) for m in pair
    ]
    list(client.send_bulk(batch, parts_per_second=1000, api_requests_per_second=15))
    assert 15 * 0.7 < achieved(fake) < 15 * 1.05


def test_throttling_slows_the_identity_down_then_it_recovers(
    fake: FakeSmsVoice, client: smsv2.Client, number: str
) -> None:
    # Throttle the first sends only: the rate halves, the run still completes, all sent once.
    fake.faults.fail_next("SendTextMessage", times=4)
    outcomes = list(client.send_bulk(messages(20, number), parts_per_second=40, concurrency=4))
    assert {o.status for o in outcomes} == {BulkStatus.SENT}
    assert len(fake.sent_messages) == 20
    sent = fake.sent_messages
    early = (sent[4].timestamp - sent[0].timestamp) / 4
    late = (sent[-1].timestamp - sent[-5].timestamp) / 4
    assert early > late  # slower right after the throttles than at the end
