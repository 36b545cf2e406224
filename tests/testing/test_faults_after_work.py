"""Faults after the work: the operation's effect stays, the answer is lost."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, ConnectionClosedError, ReadTimeoutError

import smsv2
from smsv2 import errors
from smsv2.testing import FakeSmsVoice, mock_sms_voice

SIMULATOR_DESTINATION = "+14254147755"
NO_RETRIES = Config(retries={"total_max_attempts": 1})


def _client() -> Any:
    return boto3.client("pinpoint-sms-voice-v2", region_name="us-east-1", config=NO_RETRIES)


def _simulator_number(client: Any) -> str:
    number: str = client.request_phone_number(
        IsoCountryCode="US",
        MessageType="TRANSACTIONAL",
        NumberCapabilities=["SMS", "VOICE"],
        NumberType="SIMULATOR",
    )["PhoneNumberId"]
    return number


@pytest.mark.parametrize("status", [500, 503])
def test_error_after_work_keeps_the_effect(status: int) -> None:
    fake = FakeSmsVoice()
    fake.faults.lose_next("CreateOptOutList", "error", status=status)
    with mock_sms_voice(fake=fake):
        client = _client()
        with pytest.raises(ClientError) as exc:
            client.create_opt_out_list(OptOutListName="kept")
        assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == status
        assert exc.value.response["Error"]["Code"] == "InternalServerException"
        names = [o["OptOutListName"] for o in client.describe_opt_out_lists()["OptOutLists"]]
    assert "kept" in names
    assert [f.kind for f in fake.faults.injected] == ["error_after_work"]


@pytest.mark.parametrize(
    ("how", "raised"), [("timeout", ReadTimeoutError), ("drop", ConnectionClosedError)]
)
def test_lost_answer_in_process_raises_the_transport_error(
    how: str, raised: type[Exception]
) -> None:
    fake = FakeSmsVoice()
    with mock_sms_voice(fake=fake):
        client = _client()
        origin = _simulator_number(client)
        fake.faults.lose_next("SendTextMessage", how)  # type: ignore[arg-type]
        with pytest.raises(raised):
            client.send_text_message(
                DestinationPhoneNumber=SIMULATOR_DESTINATION,
                OriginationIdentity=origin,
                MessageBody="sent, answer lost",
            )
    assert [m.message_body for m in fake.sent_messages] == ["sent, answer lost"]
    assert fake.faults.injected[-1].kind == f"{how}_after_work"


@pytest.mark.parametrize("how", ["timeout", "drop", "error"])
def test_smsv2_reports_send_outcome_unknown_and_does_not_resend(how: str) -> None:
    fake = FakeSmsVoice()
    with mock_sms_voice(fake=fake):
        client = smsv2.Client(region_name="us-east-1", backoff_base=0.0)
        origin = _simulator_number(_client())
        fake.faults.lose_next("SendTextMessage", how)  # type: ignore[arg-type]
        with pytest.raises(errors.SendOutcomeUnknownError):
            client.send_text_message(
                destination_phone_number=SIMULATOR_DESTINATION,
                origination_identity=origin,
                message_body="once",
            )
    assert len(fake.sent_messages) == 1


def test_after_work_rules_are_seeded_and_per_operation() -> None:
    def run(seed: int) -> list[tuple[int, str]]:
        fake = FakeSmsVoice(seed=seed)
        fake.faults.drop_after_work(0.5, operations=["CreateConfigurationSet"])
        for i in range(30):
            fake.respond("CreateConfigurationSet", {"ConfigurationSetName": f"cs{i}"})
            fake.respond("DescribePools", {})
        return [(f.call, f.operation) for f in fake.faults.injected]

    first = run(3)
    assert first == run(3)
    assert {op for _, op in first} == {"CreateConfigurationSet"}
    assert 5 <= len(first) <= 25


def test_failed_calls_get_no_after_work_fault() -> None:
    fake = FakeSmsVoice()
    fake.faults.error_after_work(1.0)
    answer = fake.respond("DeletePool", {"PoolId": "pool-missing"})
    assert answer.status == 400
    assert answer.lost is None
    assert fake.faults.injected == []


def test_timeout_after_work_answer_carries_its_wait() -> None:
    fake = FakeSmsVoice()
    fake.faults.timeout_after_work(1.0, seconds=2.5)
    answer = fake.respond("CreateOptOutList", {"OptOutListName": "x"})
    assert answer.status == 200
    assert answer.lost is not None
    assert (answer.lost.how, answer.lost.seconds) == ("timeout", 2.5)
    with pytest.raises(ConnectionError):
        fake.handle("CreateOptOutList", {"OptOutListName": "y"})


def test_bad_fault_arguments() -> None:
    fake = FakeSmsVoice()
    with pytest.raises(ValueError, match="5xx"):
        fake.faults.error_after_work(0.1, status=400)
    with pytest.raises(ValueError, match="how"):
        fake.faults.lose_next("SendTextMessage", "vanish")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="rate"):
        fake.faults.drop_after_work(1.5)


def test_lost_answer_types_are_public() -> None:
    import smsv2.testing

    assert smsv2.testing.Answer.__name__ == "Answer"
    assert smsv2.testing.AfterWork("drop").how == "drop"
    assert smsv2.testing.DEFAULT_LIMITS["VERIFIED_DESTINATION_NUMBERS"] == 10


@pytest.mark.parametrize("how", ["drop", "timeout"])
def test_server_loses_the_answer_after_the_work(how: str) -> None:
    from smsv2.testing import serve

    fake = FakeSmsVoice()
    fake.faults.lose_next("CreateOptOutList", how, seconds=0.2)  # type: ignore[arg-type]
    config = Config(retries={"total_max_attempts": 1}, read_timeout=5)
    with serve(fake, port=0) as server:
        client = boto3.client(
            "pinpoint-sms-voice-v2",
            region_name="us-east-1",
            endpoint_url=server.endpoint_url,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
            config=config,
        )
        with pytest.raises((ConnectionClosedError, ReadTimeoutError)):
            client.create_opt_out_list(OptOutListName="made")
        names = [o["OptOutListName"] for o in client.describe_opt_out_lists()["OptOutLists"]]
    assert "made" in names
