"""One rule for the production tier (sandbox=False, leave_sandbox(), the server's
--production) and quotas settable with FakeSmsVoice(limits=...)."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from smsv2.testing import FakeSmsVoice, mock_sms_voice
from smsv2.testing._backend.quotas import ACCOUNT_LIMIT_TABLES, DEFAULT_LIMITS
from tests.testing._util import response_of

SIM_DEST = "+14254147755"


def _client() -> Any:
    return boto3.client("pinpoint-sms-voice-v2", region_name="us-east-1")


def _spend_limits(client: Any) -> dict[str, tuple[int, int, bool]]:
    return {
        e["Name"]: (e["EnforcedLimit"], e["MaxLimit"], e["Overridden"])
        for e in client.describe_spend_limits()["SpendLimits"]
    }


def _tier(client: Any) -> str:
    attributes = client.describe_account_attributes()["AccountAttributes"]
    return str({a["Name"]: a["Value"] for a in attributes}["ACCOUNT_TIER"])


def _simulator(client: Any) -> str:
    phone: str = client.request_phone_number(
        IsoCountryCode="US",
        MessageType="TRANSACTIONAL",
        NumberCapabilities=["SMS"],
        NumberType="SIMULATOR",
    )["PhoneNumberId"]
    return phone


def test_sandbox_false_and_leave_sandbox_give_the_same_limits() -> None:
    with mock_sms_voice(sandbox=False):
        started = _spend_limits(_client())
        assert _tier(_client()) == "PRODUCTION"
    with mock_sms_voice() as fake:
        sandbox = _spend_limits(_client())
        assert _tier(_client()) == "SANDBOX"
        fake.leave_sandbox()
        left = _spend_limits(_client())
        assert _tier(_client()) == "PRODUCTION"
    assert started == left
    assert all(entry == (1, 1, False) for entry in sandbox.values())
    assert started["TEXT_MESSAGE_MONTHLY_SPEND_LIMIT"] == (
        DEFAULT_LIMITS["TEXT_MESSAGE_MONTHLY_SPEND_LIMIT"],
    ) * 2 + (False,)
    assert set(started) >= {
        "TEXT_MESSAGE_MONTHLY_SPEND_LIMIT",
        "MEDIA_MESSAGE_MONTHLY_SPEND_LIMIT",
        "VOICE_MESSAGE_MONTHLY_SPEND_LIMIT",
        "NOTIFY_MESSAGE_MONTHLY_SPEND_LIMIT",
    }


def test_production_sends_past_the_sandbox_dollar() -> None:
    fake = FakeSmsVoice(sandbox=False)
    with mock_sms_voice(fake=fake):
        client = _client()
        origin = _simulator(client)
        for _ in range(200):  # 200 x $0.00581 > $1
            client.send_text_message(
                DestinationPhoneNumber=SIM_DEST, OriginationIdentity=origin, MessageBody="x"
            )
    assert len(fake.sent_messages) == 200


def test_production_account_limit_comes_from_limits_and_overrides_stay_under_it() -> None:
    with mock_sms_voice(sandbox=False, limits={"TEXT_MESSAGE_MONTHLY_SPEND_LIMIT": 5}) as fake:
        client = _client()
        assert _spend_limits(client)["TEXT_MESSAGE_MONTHLY_SPEND_LIMIT"] == (5, 5, False)
        client.set_text_message_spend_limit_override(MonthlyLimit=3)
        assert _spend_limits(client)["TEXT_MESSAGE_MONTHLY_SPEND_LIMIT"] == (3, 5, True)
        with pytest.raises(ClientError) as exc:
            client.set_text_message_spend_limit_override(MonthlyLimit=6)
        assert response_of(exc)["Reason"] == "REQUESTED_SPEND_LIMIT_HIGHER_THAN_SERVICE_LIMIT"
        assert fake.limits["TEXT_MESSAGE_MONTHLY_SPEND_LIMIT"] == 5


def test_leave_sandbox_keeps_an_override_that_fits() -> None:
    with mock_sms_voice() as fake:
        client = _client()
        client.set_voice_message_spend_limit_override(MonthlyLimit=1)
        fake.leave_sandbox()
        assert _spend_limits(client)["VOICE_MESSAGE_MONTHLY_SPEND_LIMIT"] == (
            1,
            DEFAULT_LIMITS["VOICE_MESSAGE_MONTHLY_SPEND_LIMIT"],
            True,
        )


def test_default_account_limits_are_reported() -> None:
    with mock_sms_voice():
        limits = {e["Name"]: e["Max"] for e in _client().describe_account_limits()["AccountLimits"]}
    assert limits == {name: DEFAULT_LIMITS[name] for name in ACCOUNT_LIMIT_TABLES}
    assert limits["VERIFIED_DESTINATION_NUMBERS"] == 10


def test_quotas_are_settable_and_enforced() -> None:
    with mock_sms_voice(
        limits={"POOLS": 1, "PROTECT_CONFIGURATIONS": 1, "KEYWORDS_PER_IDENTITY": 3}
    ):
        client = _client()
        maxima = {e["Name"]: e["Max"] for e in client.describe_account_limits()["AccountLimits"]}
        assert maxima["POOLS"] == 1
        client.create_pool(OriginationIdentity=_simulator(client), MessageType="TRANSACTIONAL")
        with pytest.raises(ClientError) as exc:
            client.create_pool(OriginationIdentity=_simulator(client), MessageType="TRANSACTIONAL")
        assert response_of(exc)["Reason"] == "POOLS_PER_ACCOUNT"
        client.create_protect_configuration()
        with pytest.raises(ClientError) as exc:
            client.create_protect_configuration()
        assert response_of(exc)["Reason"] == "PROTECT_CONFIGURATIONS_PER_ACCOUNT"
        phone = _simulator(client)
        client.put_keyword(OriginationIdentity=phone, Keyword="INFO", KeywordMessage="info")
        with pytest.raises(ClientError) as exc:  # HELP, STOP, INFO: full
            client.put_keyword(OriginationIdentity=phone, Keyword="MORE", KeywordMessage="more")
        assert response_of(exc)["Reason"] == "KEYWORDS_PER_PHONE_NUMBER"


@pytest.mark.parametrize(
    ("limits", "message"),
    [
        ({"POOLZ": 3}, "unknown limit"),
        ({"POOLS": -1}, "non-negative"),
        ({"POOLS": True}, "integer"),
    ],
)
def test_bad_limits_are_refused(limits: dict[str, int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        FakeSmsVoice(limits=limits)
