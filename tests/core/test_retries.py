"""Retries: what is repeated, with which token, and what never is."""

from __future__ import annotations

import logging

import pytest
from botocore.exceptions import EndpointConnectionError, ReadTimeoutError

import smsv2
from smsv2.errors import (
    InternalServerException,
    SendOutcomeUnknownError,
    ThrottlingException,
    TransportError,
)
from smsv2.retries import RetryEvent

from .stub import POOL_INFO, JsonDict, StubService, error

THROTTLED = error("ThrottlingException", "Rate exceeded")
SERVER_ERROR = error("InternalServerException", "boom", status=500, RequestId="r-1")


def fail_then(failures: int, failure: object, success: tuple[int, JsonDict]) -> StubService:
    def responder(operation: str, body: JsonDict) -> object:
        if len(stub.calls) <= failures:
            return failure
        return success

    stub = StubService(responder)  # type: ignore[arg-type]
    return stub


def test_throttled_describe_succeeds_on_fourth_attempt() -> None:
    stub = fail_then(3, THROTTLED, (200, {"Pools": [POOL_INFO]}))
    result = stub.client().describe_pools()
    assert stub.operations() == ["DescribePools"] * 4
    assert result.pools is not None and result.pools[0].pool_id == POOL_INFO["PoolId"]


def test_throttled_create_pool_reuses_one_client_token() -> None:
    stub = fail_then(3, THROTTLED, (200, POOL_INFO))
    result = stub.client().create_pool(origination_identity="phone-1", message_type="TRANSACTIONAL")
    tokens = [c.body.get("ClientToken") for c in stub.calls]
    assert len(tokens) == 4
    assert tokens[0] and len(set(tokens)) == 1
    assert result.pool_id == POOL_INFO["PoolId"]


def test_caller_token_is_sent_unchanged() -> None:
    stub = fail_then(1, THROTTLED, (200, POOL_INFO))
    stub.client().create_pool(
        origination_identity="phone-1", message_type="TRANSACTIONAL", client_token="mine-1"
    )
    assert [c.body["ClientToken"] for c in stub.calls] == ["mine-1", "mine-1"]


def test_each_logical_call_gets_a_fresh_token() -> None:
    stub = fail_then(0, THROTTLED, (200, POOL_INFO))
    client = stub.client()
    client.create_pool(origination_identity="phone-1", message_type="TRANSACTIONAL")
    client.create_pool(origination_identity="phone-1", message_type="TRANSACTIONAL")
    assert stub.calls[0].body["ClientToken"] != stub.calls[1].body["ClientToken"]


def test_send_text_message_is_not_repeated_after_a_500() -> None:
    stub = fail_then(10, SERVER_ERROR, (200, {"MessageId": "m"}))
    with pytest.raises(SendOutcomeUnknownError) as info:
        stub.client().send_text_message(destination_phone_number="+12065550100", message_body="hi")
    assert stub.operations() == ["SendTextMessage"]
    assert isinstance(info.value.error, InternalServerException)
    assert info.value.retryable is False
    assert "may have been sent" in str(info.value)


def test_send_is_retried_when_throttled() -> None:
    stub = fail_then(2, THROTTLED, (200, {"MessageId": "m-1"}))
    result = stub.client().send_text_message(
        destination_phone_number="+12065550100", message_body="hi"
    )
    assert result.message_id == "m-1"
    assert len(stub.calls) == 3


def test_read_only_operation_is_retried_after_a_500() -> None:
    stub = fail_then(2, SERVER_ERROR, (200, {"Pools": []}))
    stub.client().describe_pools()
    assert len(stub.calls) == 3


def test_mutation_without_token_is_not_retried_after_a_500() -> None:
    stub = fail_then(5, SERVER_ERROR, (200, POOL_INFO))
    with pytest.raises(InternalServerException) as info:
        stub.client().update_pool(pool_id="pool-1", two_way_enabled=True)
    assert len(stub.calls) == 1
    assert info.value.retryable is False
    assert info.value.http_status == 500


def test_attempts_run_out_and_the_error_says_how_many() -> None:
    stub = fail_then(99, THROTTLED, (200, {"Pools": []}))
    with pytest.raises(ThrottlingException) as info:
        stub.client(max_attempts=3).describe_pools()
    assert len(stub.calls) == 3
    assert info.value.attempts == 3
    assert "after 3 attempts" in str(info.value)


def test_with_options_changes_attempts_and_shares_the_boto3_client() -> None:
    stub = fail_then(99, THROTTLED, (200, {"Pools": []}))
    client = stub.client()
    single = client.with_options(max_attempts=1)
    assert single.boto3_client is client.boto3_client
    with pytest.raises(ThrottlingException):
        single.describe_pools()
    assert len(stub.calls) == 1
    assert client.retry_policy.max_attempts == 5


def test_connection_that_never_reached_the_service_is_retried_even_for_sends() -> None:
    stub = fail_then(
        1, EndpointConnectionError(endpoint_url="https://x"), (200, {"MessageId": "m"})
    )
    stub.client().send_text_message(destination_phone_number="+12065550100", message_body="hi")
    assert len(stub.calls) == 2


def test_read_timeout_on_a_send_is_an_unknown_outcome() -> None:
    stub = fail_then(1, ReadTimeoutError(endpoint_url="https://x"), (200, {"MessageId": "m"}))
    with pytest.raises(SendOutcomeUnknownError) as info:
        stub.client().send_text_message(destination_phone_number="+12065550100", message_body="hi")
    assert isinstance(info.value.error, TransportError) and info.value.error.request_sent
    assert len(stub.calls) == 1


def test_read_timeout_on_a_read_is_retried() -> None:
    stub = fail_then(1, ReadTimeoutError(endpoint_url="https://x"), (200, {"Pools": []}))
    stub.client().describe_pools()
    assert len(stub.calls) == 2


def test_waits_are_jittered_exponential_and_capped() -> None:
    waits: list[float] = []
    stub = fail_then(99, THROTTLED, (200, {"Pools": []}))
    client = stub.client(max_attempts=6).with_options(
        backoff_base=1.0, backoff_cap=3.0, sleep=waits.append
    )
    with pytest.raises(ThrottlingException):
        client.describe_pools()
    assert len(waits) == 5
    assert all(0 <= w <= 3.0 for w in waits)
    assert waits[0] <= 1.0


def test_deadline_stops_before_a_wait_that_would_cross_it() -> None:
    waits: list[float] = []
    stub = fail_then(99, THROTTLED, (200, {"Pools": []}))
    client = stub.client(max_attempts=50).with_options(
        timeout=0.5, backoff_base=10.0, backoff_cap=10.0, sleep=waits.append
    )
    with pytest.raises(ThrottlingException):
        client.describe_pools()
    # Waits are recorded, not slept, so only a wait that fits in the deadline may happen.
    assert len(stub.calls) < 50
    assert sum(waits) <= 0.5


def test_on_retry_hook_and_debug_log_carry_no_phone_number(
    caplog: pytest.LogCaptureFixture,
) -> None:
    events: list[RetryEvent] = []
    stub = fail_then(2, THROTTLED, (200, {"MessageId": "m"}))
    client = stub.client(on_retry=events.append)
    with caplog.at_level(logging.DEBUG):
        client.send_text_message(
            destination_phone_number="+12065550199", message_body="secret code 1234"
        )
    assert [(e.operation, e.attempt) for e in events] == [
        ("SendTextMessage", 1),
        ("SendTextMessage", 2),
    ]
    assert all(isinstance(e.error, ThrottlingException) for e in events)
    retry_lines = [r.getMessage() for r in caplog.records if r.name == "smsv2.retries"]
    assert len(retry_lines) == 2
    smsv2_lines = [r.getMessage() for r in caplog.records if r.name.startswith("smsv2")]
    assert not any("2065550199" in line or "1234" in line for line in smsv2_lines)


def test_invalid_retry_settings_are_rejected() -> None:
    with pytest.raises(ValueError, match="max_attempts"):
        smsv2.Client(region_name="us-east-1", max_attempts=0)
