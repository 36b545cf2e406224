"""Typed errors: catchable by type, with the service's members, and safe to log."""

from __future__ import annotations

import pickle

import pytest
from botocore.exceptions import ClientError

import smsv2
from smsv2 import errors
from smsv2.models import ConflictExceptionReason, ResourceType, ValidationExceptionReason

from .stub import StubService, error

OPTED_OUT = error(
    "ConflictException",
    "The destination phone number is opted out",
    Reason="DESTINATION_PHONE_NUMBER_OPTED_OUT",
    ResourceType="opt-out-list",
    ResourceId="Default",
)


def send(stub: StubService) -> None:
    stub.client().send_text_message(destination_phone_number="+12065550100", message_body="hi")


def test_opted_out_destination_is_caught_by_type_with_typed_members() -> None:
    stub = StubService(lambda op, body: OPTED_OUT)
    with pytest.raises(errors.DestinationOptedOutError) as info:
        send(stub)
    err = info.value
    assert isinstance(err, errors.ConflictException)
    assert isinstance(err, smsv2.SmsV2Error)
    assert err.reason is ConflictExceptionReason.DESTINATION_PHONE_NUMBER_OPTED_OUT
    assert err.resource_type is ResourceType.OPT_OUT_LIST
    assert err.resource_id == "Default"
    assert err.operation == "SendTextMessage"
    assert err.http_status == 400
    assert err.request_id == "req-1"
    assert err.retryable is False
    assert err.attempts == 1
    assert isinstance(err.__cause__, ClientError)
    assert len(stub.calls) == 1


def test_validation_exception_exposes_reason_and_fields() -> None:
    stub = StubService(
        lambda op, body: error(
            "ValidationException",
            "bad",
            Reason="INVALID_PARAMETER",
            Fields=[{"Name": "PoolId", "Message": "no such thing"}],
        )
    )
    with pytest.raises(errors.ValidationException) as info:
        stub.client().describe_pools()
    assert info.value.reason is ValidationExceptionReason.INVALID_PARAMETER
    assert info.value.fields is not None
    assert info.value.fields[0].name == "PoolId"


def test_unknown_reason_stays_a_string_and_keeps_the_base_class() -> None:
    stub = StubService(lambda op, body: error("ConflictException", "x", Reason="A_NEW_REASON"))
    with pytest.raises(errors.ConflictException) as info:
        send(stub)
    assert type(info.value) is errors.ConflictException
    assert info.value.reason == "A_NEW_REASON"


def test_members_absent_from_the_response_read_as_none() -> None:
    stub = StubService(lambda op, body: error("ResourceNotFoundException", "gone"))
    with pytest.raises(errors.ResourceNotFoundException) as info:
        stub.client().describe_pools(pool_ids=["pool-1"])
    assert info.value.resource_id is None
    assert info.value.resource_type is None


def test_an_unmodeled_error_code_is_a_service_error() -> None:
    stub = StubService(lambda op, body: error("SomethingElse", "odd", status=400))
    with pytest.raises(errors.ServiceError) as info:
        stub.client().describe_pools()
    assert info.value.error_code == "SomethingElse"


def test_errors_pickle_with_their_members() -> None:
    stub = StubService(lambda op, body: OPTED_OUT)
    with pytest.raises(errors.DestinationOptedOutError) as info:
        send(stub)
    copy = pickle.loads(pickle.dumps(info.value))
    assert type(copy) is errors.DestinationOptedOutError
    assert copy.reason == info.value.reason
    assert copy.request_id == info.value.request_id
    assert str(copy) == str(info.value)


def test_local_validation_names_the_field_and_sends_nothing() -> None:
    stub = StubService(lambda op, body: (200, {"MessageId": "m"}))
    with pytest.raises(errors.RequestValidationError) as info:
        stub.client().send_text_message(
            destination_phone_number="12345abc", message_body="x" * 1601
        )
    assert info.value.fields == ["destination_phone_number", "message_body"]
    assert info.value.attempts == 0
    assert "12345abc" not in str(info.value)
    assert stub.calls == []


def test_missing_required_parameter_is_local() -> None:
    stub = StubService(lambda op, body: (200, {}))
    client = stub.client()
    with pytest.raises(errors.RequestValidationError) as info:
        client.create_pool(origination_identity="phone-1", message_type="NOT_A_TYPE")  # type: ignore[arg-type]
    assert info.value.fields == ["message_type"]
    assert stub.calls == []


def test_error_messages_never_carry_credentials() -> None:
    stub = StubService(lambda op, body: OPTED_OUT)
    with pytest.raises(errors.SmsV2Error) as info:
        send(stub)
    text = str(info.value) + repr(info.value)
    assert "AKIAFAKEFAKEFAKE" not in text and "fake-secret" not in text


def test_no_region_is_a_setup_error_before_sending(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    monkeypatch.delenv("AWS_REGION", raising=False)
    with pytest.raises(errors.ClientSetupError):
        smsv2.Client().describe_pools()


def test_request_id_from_headers_survives_a_body_without_one() -> None:
    stub = StubService(lambda op, body: error("InternalServerException", "boom", status=500))
    with pytest.raises(errors.InternalServerException) as info:
        stub.client(max_attempts=1).describe_pools()
    assert info.value.request_id == "req-1"
