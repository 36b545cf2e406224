"""SendRcsMessage and the RCS spend limit override against the fake, through plain boto3."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from smsv2.testing import FakeSmsVoice, mock_sms_voice
from smsv2.testing._backend import rcs as rcs_module
from smsv2.testing._backend.sending import PRICE_PER_RCS_MESSAGE
from tests.testing._util import response_of

Client = Any
SIM = "+14254147755"
TEXT = {"Content": {"TextMessage": {"Body": "Your code is 123"}}}


@pytest.fixture
def fake() -> Iterator[FakeSmsVoice]:
    with mock_sms_voice(settle="manual", start_time=1_700_000_000.0) as active:
        yield active


@pytest.fixture
def client(fake: FakeSmsVoice) -> Client:
    return boto3.client("pinpoint-sms-voice-v2", region_name="us-east-1")


def _agent(client: Client, fake: FakeSmsVoice) -> dict[str, Any]:
    agent: dict[str, Any] = client.create_rcs_agent()
    fake.advance(rcs_module.RCS_AGENT_TESTING_SECONDS)  # testing agent ready
    return agent


def _error(exc: pytest.ExceptionInfo[ClientError]) -> tuple[str, str | None]:
    response = response_of(exc)
    return response["Error"]["Code"], response.get("Reason")


def test_text_and_file_messages_are_recorded(client: Client, fake: FakeSmsVoice) -> None:
    agent = _agent(client, fake)
    sent = client.send_rcs_message(
        DestinationPhoneNumber=SIM,
        OriginationIdentity=agent["RcsAgentId"],
        RcsMessageContent=TEXT,
        Context={"order": "42"},
    )
    file_message = {"Content": {"FileMessage": {"FileUrl": "s3://bucket/receipt.pdf"}}}
    client.send_rcs_message(
        DestinationPhoneNumber=SIM,
        OriginationIdentity=agent["RcsAgentArn"],
        RcsMessageContent=file_message,
    )
    text, media = fake.sent_messages
    assert (text.message_id, text.operation, text.origination) == (
        sent["MessageId"],
        "SendRcsMessage",
        agent["RcsAgentId"],
    )
    assert (text.message_body, text.rcs_content, text.context) == (
        "Your code is 123",
        TEXT,
        {"order": "42"},
    )
    assert text.price == PRICE_PER_RCS_MESSAGE
    assert (media.message_body, media.media_urls) == (None, ("s3://bucket/receipt.pdf",))


def test_dry_run_checks_but_does_not_send(client: Client, fake: FakeSmsVoice) -> None:
    agent = _agent(client, fake)
    answer = client.send_rcs_message(
        DestinationPhoneNumber=SIM,
        OriginationIdentity=agent["RcsAgentId"],
        RcsMessageContent=TEXT,
        DryRun=True,
    )
    assert answer["MessageId"] and fake.sent_messages == []
    client.put_opted_out_number(OptOutListName="Default", OptedOutNumber=SIM)
    with pytest.raises(ClientError) as exc:
        client.send_rcs_message(
            DestinationPhoneNumber=SIM,
            OriginationIdentity=agent["RcsAgentId"],
            RcsMessageContent=TEXT,
            DryRun=True,
        )
    assert _error(exc) == ("ConflictException", "DESTINATION_PHONE_NUMBER_OPTED_OUT")


def test_the_agent_opt_out_list_applies(client: Client, fake: FakeSmsVoice) -> None:
    client.create_opt_out_list(OptOutListName="rcs-list")
    agent = client.create_rcs_agent(OptOutListName="rcs-list")
    fake.advance(rcs_module.RCS_AGENT_TESTING_SECONDS)
    client.put_opted_out_number(OptOutListName="Default", OptedOutNumber=SIM)
    client.send_rcs_message(
        DestinationPhoneNumber=SIM, OriginationIdentity=agent["RcsAgentId"], RcsMessageContent=TEXT
    )
    client.put_opted_out_number(OptOutListName="rcs-list", OptedOutNumber=SIM)
    with pytest.raises(ClientError) as exc:
        client.send_rcs_message(
            DestinationPhoneNumber=SIM,
            OriginationIdentity=agent["RcsAgentId"],
            RcsMessageContent=TEXT,
        )
    assert _error(exc) == ("ConflictException", "DESTINATION_PHONE_NUMBER_OPTED_OUT")
    assert len(fake.sent_messages) == 1


def test_origination_must_be_a_ready_agent(client: Client, fake: FakeSmsVoice) -> None:
    agent = client.create_rcs_agent()
    with pytest.raises(ClientError) as exc:
        client.send_rcs_message(
            DestinationPhoneNumber=SIM,
            OriginationIdentity=agent["RcsAgentId"],
            RcsMessageContent=TEXT,
        )
    assert _error(exc) == ("ConflictException", "RESOURCE_NOT_ACTIVE")
    number = client.request_phone_number(
        IsoCountryCode="US",
        MessageType="TRANSACTIONAL",
        NumberCapabilities=["SMS"],
        NumberType="SIMULATOR",
    )
    fake.advance(3600)
    with pytest.raises(ClientError) as exc:
        client.send_rcs_message(
            DestinationPhoneNumber=SIM,
            OriginationIdentity=number["PhoneNumberId"],
            RcsMessageContent=TEXT,
        )
    assert _error(exc) == ("ValidationException", "INVALID_PARAMETER")
    pool = client.create_pool(
        OriginationIdentity=number["PhoneNumberId"], MessageType="TRANSACTIONAL"
    )
    fake.advance(3600)
    with pytest.raises(ClientError) as exc:
        client.send_rcs_message(
            DestinationPhoneNumber=SIM, OriginationIdentity=pool["PoolId"], RcsMessageContent=TEXT
        )
    assert _error(exc) == ("ConflictException", "NO_ORIGINATION_IDENTITIES_FOUND")
    with pytest.raises(ClientError) as exc:
        client.send_rcs_message(
            DestinationPhoneNumber=SIM,
            OriginationIdentity="rcs-" + "0" * 32,
            RcsMessageContent=TEXT,
        )
    assert _error(exc)[0] == "ResourceNotFoundException"


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({}, "rcsMessageContent"),
        (
            {"RcsMessageContent": TEXT, "FallbackConfiguration": {"Channel": "SMS"}},
            "fallbackConfiguration.messageBody",
        ),
        (
            {
                "RcsMessageContent": TEXT,
                "FallbackConfiguration": {
                    "Channel": "SMS",
                    "MessageBody": "code 123",
                    "MediaUrls": ["s3://bucket/a.png"],
                },
            },
            "fallbackConfiguration.mediaUrls",
        ),
        (
            {"RcsMessageContent": TEXT, "FallbackConfiguration": {"Channel": "MMS"}},
            "fallbackConfiguration.messageBody",
        ),
    ],
)
def test_content_and_fallback_rules(
    client: Client, fake: FakeSmsVoice, extra: dict[str, Any], field: str
) -> None:
    agent = _agent(client, fake)
    with pytest.raises(ClientError) as exc:
        client.send_rcs_message(
            DestinationPhoneNumber=SIM, OriginationIdentity=agent["RcsAgentId"], **extra
        )
    assert response_of(exc)["Error"]["Code"] == "ValidationException"
    assert response_of(exc)["Fields"][0]["Name"] == field
    assert fake.sent_messages == []


def test_rcs_spend_limit_and_its_override(client: Client, fake: FakeSmsVoice) -> None:
    agent = _agent(client, fake)

    def send() -> None:
        client.send_rcs_message(
            DestinationPhoneNumber=SIM,
            OriginationIdentity=agent["RcsAgentId"],
            RcsMessageContent=TEXT,
        )

    def rcs_limit() -> dict[str, Any]:
        limits = client.describe_spend_limits()["SpendLimits"]
        return next(e for e in limits if e["Name"] == "RCS_MESSAGE_MONTHLY_SPEND_LIMIT")

    assert rcs_limit() == {
        "Name": "RCS_MESSAGE_MONTHLY_SPEND_LIMIT",
        "EnforcedLimit": 1,
        "MaxLimit": 1,
        "Overridden": False,
    }
    assert client.set_rcs_message_spend_limit_override(MonthlyLimit=0)["MonthlyLimit"] == 0
    assert rcs_limit()["Overridden"] is True
    with pytest.raises(ClientError) as exc:
        send()
    assert _error(exc) == ("ServiceQuotaExceededException", "MONTHLY_SPEND_LIMIT_REACHED_FOR_RCS")
    # Text messages have their own limit.
    assert client.describe_spend_limits()["SpendLimits"][0]["EnforcedLimit"] == 1
    with pytest.raises(ClientError) as exc:
        client.set_rcs_message_spend_limit_override(MonthlyLimit=5)
    assert _error(exc) == (
        "ValidationException",
        "REQUESTED_SPEND_LIMIT_HIGHER_THAN_SERVICE_LIMIT",
    )
    assert client.delete_rcs_message_spend_limit_override()["MonthlyLimit"] == 1
    assert rcs_limit()["Overridden"] is False
    sent = 0
    with pytest.raises(ClientError) as exc:
        while True:
            send()
            sent += 1
    assert _error(exc)[1] == "MONTHLY_SPEND_LIMIT_REACHED_FOR_RCS"
    assert sent == round(1 / PRICE_PER_RCS_MESSAGE)


def test_state_written_before_rcs_gains_the_rcs_limit(client: Client, fake: FakeSmsVoice) -> None:
    client.describe_spend_limits()
    state = fake.dump_state()
    for region in state["states"].values():  # type: ignore[attr-defined]
        del region["settings"]["SpendLimits"]["RCS_MESSAGE_MONTHLY_SPEND_LIMIT"]
    fake.load_state(state)
    names = [e["Name"] for e in client.describe_spend_limits()["SpendLimits"]]
    assert names[-1] == "RCS_MESSAGE_MONTHLY_SPEND_LIMIT" and len(names) == 5
