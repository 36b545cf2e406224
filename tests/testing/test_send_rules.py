"""The fake's send and opt-out rules, pinned one by one: each origination identity checks
its own opt-out list, lists in use cannot be deleted, spend stops exactly at the limit
(including the message's own price), DryRun is checked but not charged."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from smsv2.testing import FakeSmsVoice, mock_sms_voice
from tests.testing._util import response_of

SIM_DEST = "+14254147755"
OTHER_SIM_DEST = "+14254147167"


@pytest.fixture
def fake() -> Iterator[FakeSmsVoice]:
    with mock_sms_voice() as active:
        yield active


@pytest.fixture
def client(fake: FakeSmsVoice) -> Any:
    return boto3.client("pinpoint-sms-voice-v2", region_name="us-east-1")


def _error(exc: pytest.ExceptionInfo[ClientError]) -> tuple[str, str | None]:
    response = response_of(exc)
    return response["Error"]["Code"], response.get("Reason")


def _number(client: Any, opt_out_list: str | None = None, caps: list[str] | None = None) -> str:
    kwargs: dict[str, Any] = {
        "IsoCountryCode": "US",
        "MessageType": "TRANSACTIONAL",
        "NumberCapabilities": caps or ["SMS", "VOICE"],
        "NumberType": "SIMULATOR",
    }
    if opt_out_list:
        kwargs["OptOutListName"] = opt_out_list
    phone_id: str = client.request_phone_number(**kwargs)["PhoneNumberId"]
    return phone_id


def _opt_out(client: Any, list_name: str, number: str = SIM_DEST) -> None:
    client.put_opted_out_number(OptOutListName=list_name, OptedOutNumber=number)


def _send(client: Any, origin: str, destination: str = SIM_DEST, **extra: Any) -> Any:
    return client.send_text_message(
        DestinationPhoneNumber=destination, OriginationIdentity=origin, MessageBody="hi", **extra
    )


def _refused_as_opted_out(client: Any, origin: str, destination: str = SIM_DEST) -> bool:
    try:
        _send(client, origin, destination)
    except ClientError as err:
        reason = err.response.get("Reason")
        assert reason == "DESTINATION_PHONE_NUMBER_OPTED_OUT", reason
        return True
    return False


# --- each identity's own opt-out list ---------------------------------------------------
def test_phone_number_checks_its_own_list_not_default(client: Any) -> None:
    client.create_opt_out_list(OptOutListName="own")
    phone = _number(client, "own")
    _opt_out(client, "Default")
    assert not _refused_as_opted_out(client, phone)
    _opt_out(client, "own")
    assert _refused_as_opted_out(client, phone)
    assert not _refused_as_opted_out(client, phone, OTHER_SIM_DEST)


def test_pool_and_its_members_check_the_pools_list(client: Any) -> None:
    client.create_opt_out_list(OptOutListName="numbers")
    client.create_opt_out_list(OptOutListName="pooled")
    phone = _number(client, "numbers")
    pool = client.create_pool(OriginationIdentity=phone, MessageType="TRANSACTIONAL")["PoolId"]
    client.update_pool(PoolId=pool, OptOutListName="pooled")
    _opt_out(client, "numbers")
    assert not _refused_as_opted_out(client, pool)
    assert not _refused_as_opted_out(client, phone)
    _opt_out(client, "pooled")
    assert _refused_as_opted_out(client, pool)
    assert _refused_as_opted_out(client, phone)


def test_sender_id_checks_default_outside_a_pool_and_the_pools_list_inside(
    fake: FakeSmsVoice, client: Any
) -> None:
    fake.leave_sandbox()
    client.request_sender_id(SenderId="ACME", IsoCountryCode="GB")
    uk = "+447700900123"
    _opt_out(client, "Default", uk)
    assert _refused_as_opted_out(client, "ACME", uk)
    client.create_opt_out_list(OptOutListName="brand")
    phone = _number(client)
    pool = client.create_pool(OriginationIdentity=phone, MessageType="TRANSACTIONAL")["PoolId"]
    client.associate_origination_identity(
        PoolId=pool, OriginationIdentity="ACME", IsoCountryCode="GB"
    )
    client.update_pool(PoolId=pool, OptOutListName="brand")
    # Through the pool the sender ID uses the pool's list, where the number is not.
    assert not _refused_as_opted_out(client, pool, uk)
    _opt_out(client, "brand", uk)
    assert _refused_as_opted_out(client, pool, uk)


def test_rcs_agent_checks_its_own_list(client: Any) -> None:
    client.create_opt_out_list(OptOutListName="agent")
    agent = client.create_rcs_agent(OptOutListName="agent")["RcsAgentId"]
    _opt_out(client, "Default")
    assert not _refused_as_opted_out(client, agent)
    _opt_out(client, "agent")
    assert _refused_as_opted_out(client, agent)


# --- lists in use -------------------------------------------------------------------------
@pytest.mark.parametrize("user", ["phone", "pool", "rcs"])
def test_a_list_in_use_cannot_be_deleted(client: Any, user: str) -> None:
    client.create_opt_out_list(OptOutListName="used")
    if user == "phone":
        _number(client, "used")
    elif user == "pool":
        phone = _number(client)
        pool = client.create_pool(OriginationIdentity=phone, MessageType="TRANSACTIONAL")
        client.update_pool(PoolId=pool["PoolId"], OptOutListName="used")
    else:
        client.create_rcs_agent(OptOutListName="used")
    with pytest.raises(ClientError) as exc:
        client.delete_opt_out_list(OptOutListName="used")
    assert _error(exc) == ("ConflictException", "RESOURCE_DELETION_NOT_ALLOWED")


def test_an_unused_list_can_be_deleted(client: Any) -> None:
    client.create_opt_out_list(OptOutListName="free")
    _number(client)  # uses Default
    client.delete_opt_out_list(OptOutListName="free")
    names = [o["OptOutListName"] for o in client.describe_opt_out_lists()["OptOutLists"]]
    assert "free" not in names


# --- spend --------------------------------------------------------------------------------
def _mms(client: Any, origin: str, **extra: Any) -> Any:
    return client.send_media_message(
        DestinationPhoneNumber=SIM_DEST,
        OriginationIdentity=origin,
        MediaUrls=["s3://bucket/cat.png"],
        **extra,
    )


def test_spend_stops_exactly_at_the_limit(fake: FakeSmsVoice, client: Any) -> None:
    # The sandbox's $1 media limit holds exactly 50 MMS at $0.02.
    origin = _number(client, caps=["SMS", "MMS"])
    for _ in range(50):
        _mms(client, origin)
    with pytest.raises(ClientError) as exc:
        _mms(client, origin)
    assert _error(exc) == ("ServiceQuotaExceededException", "MONTHLY_SPEND_LIMIT_REACHED_FOR_MEDIA")
    assert len(fake.sent_messages) == 50
    assert sum(m.price for m in fake.sent_messages) == pytest.approx(1.0)
    # Another channel has its own limit.
    _send(client, origin)


def test_the_messages_own_price_counts(client: Any) -> None:
    # $0.98 spent: a $0.02 message fits, a second one would pass the limit.
    origin = _number(client, caps=["SMS", "MMS"])
    for _ in range(49):
        _mms(client, origin)
    client.set_media_message_spend_limit_override(MonthlyLimit=1)
    _mms(client, origin)
    with pytest.raises(ClientError):
        _mms(client, origin)


def test_dry_run_is_checked_but_not_charged_nor_recorded(fake: FakeSmsVoice, client: Any) -> None:
    origin = _number(client, caps=["SMS", "MMS"])
    for _ in range(49):
        _mms(client, origin)
    for _ in range(5):
        assert _mms(client, origin, DryRun=True)["MessageId"]
    _mms(client, origin)  # the 50th real one still fits
    assert len(fake.sent_messages) == 50
    with pytest.raises(ClientError) as exc:
        _mms(client, origin, DryRun=True)
    assert _error(exc)[1] == "MONTHLY_SPEND_LIMIT_REACHED_FOR_MEDIA"


def test_dry_run_still_checks_opt_outs(fake: FakeSmsVoice, client: Any) -> None:
    origin = _number(client)
    _opt_out(client, "Default")
    with pytest.raises(ClientError) as exc:
        _send(client, origin, DryRun=True)
    assert _error(exc) == ("ConflictException", "DESTINATION_PHONE_NUMBER_OPTED_OUT")
    assert fake.sent_messages == []
