"""Pools, phone numbers, sender IDs and keywords through the object API, against the fake."""

from __future__ import annotations

import pytest

import smsv2
from smsv2.errors import DeletionProtectionError, ResourceNotFoundException
from smsv2.resources import Keyword, PhoneNumber, Pool, SenderId, WaitTimeoutError
from smsv2.testing import FakeSmsVoice

from .conftest import RequestCounter


def _number(client: smsv2.Client, number_type: str = "TOLL_FREE") -> PhoneNumber:
    return PhoneNumber.request(
        iso_country_code="US",
        message_type="TRANSACTIONAL",
        number_capabilities=["SMS"],
        number_type="TOLL_FREE" if number_type == "TOLL_FREE" else "LONG_CODE",
        client=client,
    )


def test_new_user_walkthrough(fake: FakeSmsVoice, client: smsv2.Client) -> None:
    number = PhoneNumber.request(
        iso_country_code="US",
        message_type="TRANSACTIONAL",
        number_capabilities=["SMS"],
        number_type="TOLL_FREE",
        client=client,
    )
    assert number.status == "PENDING"
    number.wait_until_active(sleep=fake.advance, poll=1.0)
    assert number.status == "ACTIVE"
    assert number.phone_number.startswith("+1")

    pool = Pool.create(
        origination_identity=number.phone_number_id or number.arn,
        iso_country_code="US",
        message_type="TRANSACTIONAL",
        client=client,
    )
    pool.wait_until_active(sleep=fake.advance, poll=1.0)
    assert pool.two_way_enabled is False
    assert pool.message_type == "TRANSACTIONAL"

    second = _number(client).wait_until_active(sleep=fake.advance, poll=1.0)
    pool.add(second)
    assert second.pool_id == pool.pool_id  # the object given to add() was updated
    members = {m.origination_identity for m in pool.origination_identities()}
    assert members == {number.phone_number_id, second.phone_number_id}

    keyword = pool.set_keyword("HOURS", "We are open 9-5", action="AUTOMATIC_RESPONSE")
    assert isinstance(keyword, Keyword)
    assert keyword in list(pool.keywords())
    assert keyword.keyword_message == "We are open 9-5"

    pool.update(deletion_protection_enabled=True)
    assert pool.deletion_protection_enabled is True
    with pytest.raises(DeletionProtectionError) as caught:
        pool.delete()
    assert caught.value.reason == "DELETION_PROTECTION_ENABLED"
    assert pool.id in "".join(getattr(caught.value, "__notes__", []))

    pool.update(deletion_protection_enabled=False)
    pool.remove(second)
    assert second.pool_id is None
    pool.delete()
    assert pool.status == "DELETING"
    fake.advance(600)
    pool.delete(missing_ok=True)  # gone: not an error
    with pytest.raises(ResourceNotFoundException):
        pool.delete()


def test_list_matches_client_paginator(fake: FakeSmsVoice, client: smsv2.Client) -> None:
    made = {_number(client).arn for _ in range(3)}
    via_objects = [n.arn for n in PhoneNumber.list(client=client)]
    via_client = [n.phone_number_arn for n in client.phone_numbers()]
    assert via_objects == via_client
    assert set(via_objects) == made
    assert PhoneNumber.list(page_size=1, client=client).to_list() == [
        PhoneNumber(i, client=client) for i in client.phone_numbers()
    ]
    first = PhoneNumber.list(max_items=1, client=client).first()
    assert first is not None and first.arn in made


def test_list_uses_default_client(fake: FakeSmsVoice) -> None:
    number = PhoneNumber.request(
        iso_country_code="US",
        message_type="TRANSACTIONAL",
        number_capabilities=["SMS"],
        number_type="TOLL_FREE",
    )
    assert [n.arn for n in PhoneNumber.list()] == [number.arn]
    assert [i.phone_number_arn for i in smsv2.Client().phone_numbers()] == [number.arn]


def test_typed_filters(fake: FakeSmsVoice, client: smsv2.Client) -> None:
    number = _number(client)
    assert [
        n.arn
        for n in PhoneNumber.list(
            filters=[{"name": "status", "values": ["PENDING"]}], client=client
        )
    ] == [number.arn]
    fake.advance(600)
    assert (
        PhoneNumber.list(filters=[{"name": "status", "values": ["PENDING"]}], client=client).first()
        is None
    )


def test_attributes_never_call_the_service(
    fake: FakeSmsVoice, client: smsv2.Client, requests: RequestCounter
) -> None:
    number = _number(client)
    requests.reset()
    for _ in range(3):
        (number.status, number.phone_number, number.arn, number.two_way_enabled, repr(number))
        (number.info, number.opt_out_list_name, number.number_capabilities, hash(number))
    assert requests.operations == []
    fake.advance(600)
    assert number.status == "PENDING"  # stale until refreshed
    number.refresh()
    assert requests.operations == ["DescribePhoneNumbers"]
    assert number.status == "ACTIVE"


def test_identity_and_repr(fake: FakeSmsVoice, client: smsv2.Client) -> None:
    number = _number(client)
    again = PhoneNumber.get(number.phone_number_id, client=client)
    by_arn = PhoneNumber.get(number.arn, client=client)
    assert number == again == by_arn
    assert len({number, again, by_arn}) == 1
    assert repr(number) == f"PhoneNumber(id={number.id!r}, status='PENDING')"
    other = _number(client)
    assert number != other
    assert number != number.arn


def test_wait_timeout_names_last_status(fake: FakeSmsVoice, client: smsv2.Client) -> None:
    number = _number(client)
    slept: list[float] = []
    with pytest.raises(WaitTimeoutError) as caught:
        number.wait_until("DELETED", timeout=10, poll=4, sleep=slept.append)
    assert caught.value.last_status == "PENDING"
    assert "PENDING" in str(caught.value) and number.id in str(caught.value)
    assert slept == [4, 4, 2]
    assert isinstance(caught.value, smsv2.SmsV2Error)


def test_update_and_release(fake: FakeSmsVoice, client: smsv2.Client) -> None:
    number = _number(client).wait_until_active(sleep=fake.advance)
    number.update(deletion_protection_enabled=True, self_managed_opt_outs_enabled=True)
    assert number.deletion_protection_enabled and number.self_managed_opt_outs_enabled
    with pytest.raises(DeletionProtectionError):
        number.release()
    number.update(deletion_protection_enabled=False)
    number.release()
    assert number.status == "DELETED"
    fake.advance(3600)
    number.release(missing_ok=True)


def test_get_missing_raises_typed_error(fake: FakeSmsVoice, client: smsv2.Client) -> None:
    with pytest.raises(ResourceNotFoundException):
        Pool.get("pool-0123456789abcdef0123456789abcdef", client=client)


def test_number_keywords_and_send(fake: FakeSmsVoice, client: smsv2.Client) -> None:
    number = _number(client).wait_until_active(sleep=fake.advance)
    kw = number.set_keyword("INFO", "Details at example.com")
    assert kw.origination_identity == number.id
    kw.update(keyword_message="New details")
    assert kw.keyword_message == "New details"
    assert {k.keyword for k in number.keywords()} >= {"INFO", "HELP", "STOP"}
    kw.delete()
    kw.delete(missing_ok=True)
    assert "INFO" not in {k.keyword for k in number.keywords()}
    fake.leave_sandbox()
    sent = number.send_text("+12065550100", "hello")
    assert sent.message_id
    assert fake.sent_messages[-1].destination == "+12065550100"
    assert fake.sent_messages[-1].message_id == sent.message_id


def test_tags_and_policy(fake: FakeSmsVoice, client: smsv2.Client) -> None:
    number = _number(client)
    assert number.tags() == {}
    number.tag({"team": "a"}, env="prod")
    assert number.tags() == {"team": "a", "env": "prod"}
    number.untag("team")
    assert number.tags() == {"env": "prod"}
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                "Action": "sms-voice:SendTextMessage",
                "Resource": number.arn,
            }
        ],
    }
    number.set_policy(policy)
    assert '"111122223333' in (number.policy() or "").replace(":", '"')
    number.delete_policy()


def test_sender_id(fake: FakeSmsVoice, client: smsv2.Client) -> None:
    sender = SenderId.request(sender_id="EXAMPLE", iso_country_code="GB", client=client)
    assert sender.id == "EXAMPLE/GB"
    assert SenderId.get("EXAMPLE", "GB", client=client) == sender
    assert sender in SenderId.list(client=client).to_list()
    sender.update(deletion_protection_enabled=True)
    assert sender.deletion_protection_enabled
    sender.update(deletion_protection_enabled=False)
    assert repr(sender) == "SenderId(id='EXAMPLE/GB')"
    sender.release()
    sender.release(missing_ok=True)
