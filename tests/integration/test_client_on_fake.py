"""smsv2's client against the fake service: retries, idempotency and sends end to end."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import smsv2
from smsv2 import errors
from smsv2.testing import FakeSmsVoice, mock_sms_voice


@pytest.fixture
def fake() -> Iterator[FakeSmsVoice]:
    with mock_sms_voice(fake=FakeSmsVoice(seed=42)) as active:
        active.leave_sandbox()
        yield active


@pytest.fixture
def client(fake: FakeSmsVoice) -> smsv2.Client:
    return smsv2.Client(region_name="us-east-1", backoff_base=0.0, max_attempts=10)


def toll_free(client: smsv2.Client) -> str:
    number = client.request_phone_number(
        iso_country_code="US",
        message_type="TRANSACTIONAL",
        number_capabilities=["SMS"],
        number_type="TOLL_FREE",
    )
    return number.phone_number_id


def test_thirty_percent_throttling_is_carried_through(
    fake: FakeSmsVoice, client: smsv2.Client
) -> None:
    number_id = toll_free(client)
    fake.faults.throttle(0.3)
    names = [f"list-{i}" for i in range(20)]
    for name in names:
        client.create_opt_out_list(opt_out_list_name=name)
        client.put_opted_out_number(opt_out_list_name=name, opted_out_number="+12065550100")
        client.describe_opt_out_lists(opt_out_list_names=[name])
    pool = client.create_pool(origination_identity=number_id, message_type="TRANSACTIONAL")
    throttled = [f for f in fake.faults.injected if f.kind == "throttle"]
    assert len(throttled) > 10
    fake.faults.clear()
    listed = {o.opt_out_list_name for o in client.opt_out_lists()}
    assert set(names) <= listed
    assert [p.pool_id for p in client.pools()] == [pool.pool_id]


def test_three_throttles_then_success_creates_one_pool(
    fake: FakeSmsVoice, client: smsv2.Client
) -> None:
    number_id = toll_free(client)
    fake.faults.fail_next("CreatePool", times=3)
    fake.faults.fail_next("DescribePools", times=3)
    pool = client.create_pool(origination_identity=number_id, message_type="TRANSACTIONAL")
    pools = client.describe_pools().pools or []
    assert [p.pool_id for p in pools] == [pool.pool_id]
    assert [f.operation for f in fake.faults.injected] == ["CreatePool"] * 3 + ["DescribePools"] * 3


def test_a_send_that_gets_a_500_is_not_repeated(fake: FakeSmsVoice, client: smsv2.Client) -> None:
    number_id = toll_free(client)
    fake.faults.fail_next("SendTextMessage", error="InternalServerException")
    with pytest.raises(errors.SendOutcomeUnknownError):
        client.send_text_message(
            destination_phone_number="+12065550100",
            origination_identity=number_id,
            message_body="hi",
        )
    assert [f.operation for f in fake.faults.injected] == ["SendTextMessage"]
    assert fake.sent_messages == []
    result = client.send_text_message(
        destination_phone_number="+12065550100", origination_identity=number_id, message_body="hi"
    )
    assert [m.message_id for m in fake.sent_messages] == [result.message_id]


def test_the_fake_deduplicates_a_reused_client_token(
    fake: FakeSmsVoice, client: smsv2.Client
) -> None:
    number_id = toll_free(client)
    first = client.create_pool(
        origination_identity=number_id, message_type="TRANSACTIONAL", client_token="t-1"
    )
    again = client.create_pool(
        origination_identity=number_id, message_type="TRANSACTIONAL", client_token="t-1"
    )
    assert first.pool_id == again.pool_id
    assert len(list(client.pools())) == 1


def test_opted_out_recipient_is_caught_by_type(fake: FakeSmsVoice, client: smsv2.Client) -> None:
    number_id = toll_free(client)
    client.put_opted_out_number(opt_out_list_name="Default", opted_out_number="+12065550123")
    with pytest.raises(errors.DestinationOptedOutError) as info:
        client.send_text_message(
            destination_phone_number="+12065550123",
            origination_identity=number_id,
            message_body="hi",
        )
    assert info.value.request_id
    assert info.value.attempts == 1
    assert fake.sent_messages == []


def test_lazy_pagination_over_the_fake(fake: FakeSmsVoice, client: smsv2.Client) -> None:
    for i in range(15):
        client.create_opt_out_list(opt_out_list_name=f"l{i:02d}")
    pages = list(client.opt_out_lists(page_size=10).pages())
    assert [len(p.opt_out_lists or []) for p in pages] == [10, 6]  # 15 + Default
    assert len(list(client.opt_out_lists(max_items=7))) == 7
