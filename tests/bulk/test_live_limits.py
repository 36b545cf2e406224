"""send_bulk's default rates come from the identities' live MessagingLimits (bulk/_limits.py)."""

from __future__ import annotations

import asyncio
import warnings

import pytest

import smsv2
from smsv2.bulk import BulkProgress, DailyCapWarning
from smsv2.bulk._limits import identity_rate
from smsv2.testing import FakeSmsVoice

from .conftest import messages, request_number


def test_live_rate_is_used_and_reported(
    fake: FakeSmsVoice, client: smsv2.Client, number: str
) -> None:
    fake.set_messaging_limits(number, rate_limits={"SMS": 40})
    summary = client.send_bulk(messages(5, number)).wait()
    assert summary.sent == 5
    info = summary.rates[number]
    assert (info.rate, info.source) == (40.0, "live")
    assert "rates: 40/s live" in str(summary)


def test_table_only_when_the_service_reports_nothing(
    fake: FakeSmsVoice, client: smsv2.Client, number: str
) -> None:
    fake.set_messaging_limits(number, rate_limits={})
    summary = client.send_bulk(messages(2, number)).wait()
    assert (summary.rates[number].rate, summary.rates[number].source) == (3.0, "table")


def test_given_rates_are_not_looked_up(client: smsv2.Client, number: str) -> None:
    summary = client.send_bulk(messages(2, number), parts_per_second=50).wait()
    assert summary.rates == {}


def test_a_pool_runs_at_the_sum_of_its_members(fake: FakeSmsVoice, client: smsv2.Client) -> None:
    first, second = request_number(client), request_number(client)
    fake.set_messaging_limits(first, rate_limits={"SMS": 5})
    fake.set_messaging_limits(second, rate_limits={"SMS": 7})
    pool = client.create_pool(origination_identity=first, message_type="TRANSACTIONAL").pool_id
    client.associate_origination_identity(
        pool_id=pool, origination_identity=second, iso_country_code="US"
    )
    summary = client.send_bulk(messages(3, pool)).wait()
    assert (summary.rates[pool].rate, summary.rates[pool].source) == (12.0, "live")


def test_a_pool_with_unreported_members_says_so(fake: FakeSmsVoice, client: smsv2.Client) -> None:
    first, second = request_number(client), request_number(client)
    fake.set_messaging_limits(first, rate_limits={"SMS": 5})
    fake.set_messaging_limits(second, rate_limits={})
    pool = client.create_pool(origination_identity=first, message_type="TRANSACTIONAL").pool_id
    client.associate_origination_identity(
        pool_id=pool, origination_identity=second, iso_country_code="US"
    )
    summary = client.send_bulk(messages(1, pool)).wait()
    assert (summary.rates[pool].rate, summary.rates[pool].source) == (8.0, "live+table")


def test_daily_cap_warns_before_sending_and_progress_counts(
    fake: FakeSmsVoice, client: smsv2.Client, number: str
) -> None:
    fake.set_messaging_limits(
        number, rate_limits={"SMS": 50}, daily_caps={"T-MOBILE": 3, "AT&T": 9}
    )
    seen: list[BulkProgress] = []
    with pytest.warns(DailyCapWarning) as caught:
        run = client.send_bulk(messages(5, number), on_progress=seen.append)
    text = str(caught[0].message)
    assert "5 messages planned" in text and "T-MOBILE: 3 a day" in text and "the 2 over it" in text
    assert fake.sent_messages == []  # warned before anything was sent
    run.wait()
    usage = seen[-1].identities[number]
    assert (usage.sent, usage.daily_cap, usage.provider, usage.over_cap) == (5, 3, "T-MOBILE", True)


def test_no_warning_within_the_cap(fake: FakeSmsVoice, client: smsv2.Client, number: str) -> None:
    fake.set_messaging_limits(number, rate_limits={"SMS": 50}, daily_caps={"T-MOBILE": 5})
    with warnings.catch_warnings():
        warnings.simplefilter("error", DailyCapWarning)
        summary = client.send_bulk(messages(5, number)).wait()
    assert summary.sent == 5


def test_a_lazy_iterable_is_not_consumed_for_the_cap_check(
    fake: FakeSmsVoice, client: smsv2.Client, number: str
) -> None:
    fake.set_messaging_limits(number, rate_limits={"SMS": 50}, daily_caps={"T-MOBILE": 1})
    with warnings.catch_warnings():
        warnings.simplefilter("error", DailyCapWarning)
        summary = client.send_bulk(iter(messages(3, number))).wait()
    assert summary.sent == 3


def test_async_runs_read_sender_id_and_rcs_agent_limits(
    fake: FakeSmsVoice, client: smsv2.Client
) -> None:
    client.request_sender_id(sender_id="EXAMPLE", iso_country_code="GB")
    fake.set_messaging_limits("EXAMPLE", rate_limits={"SMS": 30})
    agent = client.create_rcs_agent().rcs_agent_id
    fake.set_messaging_limits(agent, rate_limits={"SMS": 15})
    job = [
        smsv2.OutboundMessage(
            destination_phone_number="+447700900123",
            origination_identity="EXAMPLE",
            message_body="hi",
        )
    ]

    async def run() -> smsv2.BulkSummary:
        async with smsv2.AsyncClient(region_name="us-east-1") as async_client:
            bulk = await async_client.send_bulk(job)
            return await bulk.wait()

    summary = asyncio.run(run())
    assert (summary.rates["EXAMPLE"].rate, summary.rates["EXAMPLE"].source) == (30.0, "live")
    rcs = identity_rate(client, agent)
    assert (rcs.rate, rcs.source) == (15.0, "live")
