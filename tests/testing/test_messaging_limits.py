"""MessagingLimits of the fake's origination identities and its send throttle."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from smsv2.testing import FakeSmsVoice, mock_sms_voice
from smsv2.testing._backend.rules import limits

from ._server_proc import ServerProcess

Client = Any
T0 = 1_700_000_000.0


def _client() -> Client:
    no_retries = Config(retries={"max_attempts": 1, "mode": "standard"})
    return boto3.client("pinpoint-sms-voice-v2", region_name="us-east-1", config=no_retries)


def _number(
    client: Client, number_type: str, country: str = "US", caps: list[str] | None = None
) -> dict[str, Any]:
    info: dict[str, Any] = client.request_phone_number(
        IsoCountryCode=country,
        MessageType="TRANSACTIONAL",
        NumberCapabilities=caps or ["SMS"],
        NumberType=number_type,
        **({"RegistrationId": _campaign(client)} if number_type == "TEN_DLC" else {}),
    )
    described: dict[str, Any] = client.describe_phone_numbers(
        PhoneNumberIds=[info["PhoneNumberId"]]
    )["PhoneNumbers"][0]
    return described


def _campaign(client: Client) -> str:
    rid: str = client.create_registration(RegistrationType="US_TEN_DLC_CAMPAIGN_REGISTRATION")[
        "RegistrationId"
    ]
    return rid


def test_defaults_follow_the_mps_page() -> None:
    with mock_sms_voice(sandbox=False):
        client = _client()
        toll_free = _number(client, "TOLL_FREE", caps=["SMS", "MMS"])
        assert toll_free["MessagingLimits"] == {"RateLimits": {"SMS": 3, "MMS": 3}}
        ten_dlc = _number(client, "TEN_DLC")
        assert ten_dlc["MessagingLimits"]["RateLimits"] == {"SMS": 1}
        assert ten_dlc["MessagingLimits"]["DailyMessageCaps"] == {"T-MOBILE": 2000}
        foreign = _number(client, "LONG_CODE", country="GB")
        assert foreign["MessagingLimits"] == {"RateLimits": {"SMS": 10}}
        client.request_sender_id(SenderId="EXAMPLE", IsoCountryCode="GB")
        sender = client.describe_sender_ids()["SenderIds"][0]
        assert sender["MessagingLimits"] == {"RateLimits": limits.SENDER_ID_RATE_LIMITS}
        client.create_rcs_agent()
        agent = client.describe_rcs_agents()["RcsAgents"][0]
        assert agent["MessagingLimits"]["RateLimits"]["RCS"] == limits.RCS_AGENT_RATE_LIMITS["RCS"]


def test_tests_set_limits_per_identity() -> None:
    with mock_sms_voice(sandbox=False) as fake:
        client = _client()
        number = _number(client, "TOLL_FREE")
        fake.set_messaging_limits(
            number["PhoneNumber"], rate_limits={"SMS": 25}, daily_caps={"T-MOBILE": 500}
        )
        again = client.describe_phone_numbers(PhoneNumberIds=[number["PhoneNumberId"]])
        assert again["PhoneNumbers"][0]["MessagingLimits"] == {
            "RateLimits": {"SMS": 25},
            "DailyMessageCaps": {"T-MOBILE": 500},
        }
        fake.set_messaging_limits(number["PhoneNumberId"], daily_caps={})
        again = client.describe_phone_numbers(PhoneNumberIds=[number["PhoneNumberId"]])
        assert "DailyMessageCaps" not in again["PhoneNumbers"][0]["MessagingLimits"]
        with pytest.raises(LookupError):
            fake.set_messaging_limits("phone-unknown", rate_limits={"SMS": 1})
        with pytest.raises(ValueError, match="non-negative"):
            fake.set_messaging_limits(number["PhoneNumberId"], rate_limits={"SMS": -1})


def _send(client: Client, origination: str) -> None:
    client.send_text_message(
        DestinationPhoneNumber="+12065550100",
        OriginationIdentity=origination,
        MessageBody="hi",
    )


def test_sends_above_the_rate_are_throttled_on_the_fake_clock() -> None:
    fake = FakeSmsVoice(settle="manual", start_time=T0, sandbox=False, throttle_sends=True)
    with mock_sms_voice(fake=fake):
        client = _client()
        number = _number(client, "TOLL_FREE")["PhoneNumberId"]
        fake.advance(3600)
        for _ in range(3):  # 3 MPS: a second's worth goes at once
            _send(client, number)
        with pytest.raises(ClientError) as exc:
            _send(client, number)
        assert exc.value.response["Error"]["Code"] == "ThrottlingException"
        assert len(fake.sent_messages) == 3
        fake.advance(0.5)
        _send(client, number)  # one part refilled
        fake.set_messaging_limits(number, rate_limits={"SMS": 100})
        for _ in range(50):
            _send(client, number)
        assert len(fake.sent_messages) == 54


def test_no_throttling_unless_asked() -> None:
    with mock_sms_voice(settle="manual", start_time=T0, sandbox=False) as fake:
        client = _client()
        number = _number(client, "TOLL_FREE")["PhoneNumberId"]
        fake.advance(3600)
        for _ in range(10):
            _send(client, number)
        assert len(fake.sent_messages) == 10


def test_the_http_server_throttles_when_asked() -> None:
    with ServerProcess("--production", "--throttle-sends") as server:
        client = server.client(config=Config(retries={"max_attempts": 1, "mode": "standard"}))
        number = client.request_phone_number(
            IsoCountryCode="US",
            MessageType="TRANSACTIONAL",
            NumberCapabilities=["SMS"],
            NumberType="TOLL_FREE",
        )["PhoneNumberId"]
        codes: list[str] = []
        # 3 parts per second: a burst is throttled once it outruns the bucket. Up to 60 sends,
        # so a slow, loaded machine (a send taking ~100 ms) still outruns it.
        while "ThrottlingException" not in codes and len(codes) < 60:
            try:
                _send(client, number)
                codes.append("sent")
            except ClientError as error:
                codes.append(error.response.get("Error", {}).get("Code", ""))
        assert "ThrottlingException" in codes and codes[0] == "sent"
