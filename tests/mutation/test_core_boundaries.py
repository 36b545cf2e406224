"""More of the core's rules at their boundaries: the retry waits and deadline exactly, what a
per-call copy of a client changes, the ClientToken of a logical call, parsing a result, the
paginator's loop detection, empty pages and tokens, and the public face of ``smsv2.errors``."""

from __future__ import annotations

import pathlib
import random
import time
import uuid
from collections.abc import Callable

import boto3
import botocore
import pytest
from botocore.config import Config

import smsv2
from smsv2 import errors
from smsv2._engine import operation_method, parse_result
from smsv2._generated import BOTOCORE_VERSION, operations
from smsv2._transport import RAW_BODY_KEY
from smsv2.models import ResponseMetadata
from smsv2.retries import RetryEvent, RetryPolicy
from smsv2.testing._mock import _Response as DualResponse
from tests.core.stub import POOL_INFO, JsonDict, StubService, _RawBody, error, phone_number_info

NUMBER = "+12065550177"
MASKED = "+1206*****77"


def throttled() -> errors.ThrottlingException:
    return errors.ThrottlingException("slow down", operation="Op", retryable=True)


# -- retry waits and the deadline ----------------------------------------------------------


def test_waits_double_from_the_base_up_to_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    # Full jitter draws each wait from [0, bound]: take the bound itself to see it.
    monkeypatch.setattr(random, "uniform", lambda low, high: high)
    waits: list[float] = []
    policy = RetryPolicy(max_attempts=6, backoff_base=0.5, backoff_cap=3.0, sleep=waits.append)

    def attempt(n: int) -> str:
        raise throttled()

    with pytest.raises(errors.ThrottlingException):
        policy.call("Op", attempt)
    assert waits == [0.5, 1.0, 2.0, 3.0, 3.0]


def test_waits_are_drawn_from_zero(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(random, "uniform", lambda low, high: low)
    waits: list[float] = []
    policy = RetryPolicy(max_attempts=3, backoff_base=1.0, backoff_cap=5.0, sleep=waits.append)

    def attempt(n: int) -> str:
        raise throttled()

    with pytest.raises(errors.ThrottlingException):
        policy.call("Op", attempt)
    assert waits == [0.0, 0.0]


def test_the_deadline_counts_the_first_attempt_too() -> None:
    # Each attempt takes 0.1 s and no wait: a 0.35 s deadline leaves room for about three
    # attempts, never for five (it would if the first attempt's time were not counted).
    policy = RetryPolicy(max_attempts=50, timeout=0.35, backoff_base=0.0, backoff_cap=0.0)
    calls: list[int] = []

    def attempt(n: int) -> str:
        calls.append(n)
        time.sleep(0.1)
        raise throttled()

    started = time.monotonic()
    with pytest.raises(errors.ThrottlingException):
        policy.call("Op", attempt)
    assert 2 <= len(calls) <= 4
    assert time.monotonic() - started < 3.0  # generous: a loaded machine sleeps long


def test_without_a_deadline_only_max_attempts_stops() -> None:
    policy = RetryPolicy(max_attempts=7, timeout=None, backoff_base=0.0, sleep=lambda _: None)
    calls: list[int] = []

    def attempt(n: int) -> str:
        calls.append(n)
        if n > 20:
            pytest.fail("retried past max_attempts")  # not an Exception: never retried
        raise throttled()

    with pytest.raises(errors.ThrottlingException) as info:
        policy.call("Op", attempt)
    assert calls == [1, 2, 3, 4, 5, 6, 7]
    assert info.value.retryable is True  # the last failure, re-raised unchanged


def test_the_last_error_is_re_raised_unchanged() -> None:
    failures = [throttled(), throttled(), throttled()]
    policy = RetryPolicy(max_attempts=3, sleep=lambda _: None)

    def attempt(n: int) -> str:
        raise failures[n - 1]

    with pytest.raises(errors.ThrottlingException) as info:
        policy.call("Op", attempt)
    assert info.value is failures[2]


def test_retry_events_name_the_operation_and_the_failed_attempt() -> None:
    events: list[RetryEvent] = []
    stub = StubService(
        lambda op, body: error("ThrottlingException") if len(stub.calls) < 3 else (200, {})
    )
    client = stub.client(on_retry=events.append)
    client.describe_pools()
    assert [(e.operation, e.attempt) for e in events] == [
        ("DescribePools", 1),
        ("DescribePools", 2),
    ]
    assert all(type(e.error) is errors.ThrottlingException for e in events)
    assert all(e.error.attempts == e.attempt for e in events)


# -- a client's per-call copies --------------------------------------------------------------


def test_with_options_changes_only_what_it_is_given() -> None:
    events: list[RetryEvent] = []
    base = smsv2.Client(
        region_name="us-east-1",
        max_attempts=4,
        timeout=5.0,
        backoff_base=0.2,
        backoff_cap=2.0,
        on_retry=events.append,
    )
    same = base.with_options()
    assert same.retry_policy == base.retry_policy
    assert same.boto3_client is base.boto3_client
    cleared = base.with_options(timeout=None, on_retry=None)
    policy = cleared.retry_policy
    assert policy.timeout is None and policy.on_retry is None
    assert (policy.max_attempts, policy.backoff_base, policy.backoff_cap) == (4, 0.2, 2.0)
    assert base.retry_policy.timeout == 5.0 and base.retry_policy.on_retry is not None
    zero = base.with_options(backoff_base=0.0, backoff_cap=0.0)
    assert (zero.retry_policy.backoff_base, zero.retry_policy.backoff_cap) == (0.0, 0.0)


def test_a_client_rejects_a_boto3_client_with_session_settings() -> None:
    boto = smsv2.Client(region_name="us-east-1").boto3_client
    for extra in ({"region_name": "us-east-1"}, {"profile_name": "p"}):
        with pytest.raises(ValueError):
            smsv2.Client(boto3_client=boto, **extra)  # type: ignore[arg-type]
    assert smsv2.Client(boto3_client=boto).boto3_client is boto


# -- the ClientToken of one logical call ---------------------------------------------------


def test_one_client_token_is_reused_by_every_retry_of_a_call() -> None:
    stub = StubService(lambda op, body: error("ThrottlingException"))
    client = stub.client(max_attempts=3)
    for _ in range(2):
        with pytest.raises(errors.ThrottlingException):
            client.create_pool(origination_identity="phone-1", message_type="TRANSACTIONAL")
    tokens = [c.body["ClientToken"] for c in stub.calls]
    assert len(tokens) == 6
    assert tokens[0] == tokens[1] == tokens[2] and tokens[3] == tokens[4] == tokens[5]
    assert tokens[0] != tokens[3]
    assert str(uuid.UUID(tokens[0])) == tokens[0]


def test_a_client_token_given_by_the_caller_is_sent_as_is() -> None:
    stub = StubService(lambda op, body: error("ThrottlingException"))
    with pytest.raises(errors.ThrottlingException):
        stub.client(max_attempts=2).create_pool(
            origination_identity="phone-1", message_type="TRANSACTIONAL", client_token="mine"
        )
    assert [c.body["ClientToken"] for c in stub.calls] == ["mine", "mine"]


def test_an_operation_without_a_token_gets_none() -> None:
    stub = StubService(lambda op, body: (200, {"Pools": []}))
    stub.client().describe_pools()
    assert "ClientToken" not in stub.calls[0].body


# -- the botocore method and the typed result ----------------------------------------------


def test_an_operation_botocore_lacks_is_not_available_before_sending() -> None:
    with pytest.raises(errors.OperationNotAvailableError) as info:
        operation_method(object(), operations.DESCRIBE_POOLS)
    assert info.value.operation == "DescribePools"
    assert info.value.model_version == BOTOCORE_VERSION
    assert info.value.installed_version == botocore.__version__
    boto = smsv2.Client(region_name="us-east-1").boto3_client
    assert operation_method(boto, operations.DESCRIBE_POOLS) == getattr(boto, "describe_pools")  # noqa: B009


def test_a_result_is_parsed_from_the_raw_body_or_from_botocores_dict() -> None:
    op = operations.DESCRIBE_POOLS
    empty = parse_result(op, {RAW_BODY_KEY: b""}, attempts=1)
    assert empty.pools is None and empty.next_token is None
    text = parse_result(op, {RAW_BODY_KEY: '{"NextToken": "t"}'}, attempts=1)
    assert text.next_token == "t"
    parsed = parse_result(
        op,
        {"NextToken": "u", "ResponseMetadata": {"RequestId": "r", "HTTPStatusCode": 200}},
        attempts=2,
    )
    assert parsed.next_token == "u"
    assert "ResponseMetadata" not in (parsed.model_extra or {})
    assert parsed.response_metadata == ResponseMetadata(request_id="r", http_status=200, attempts=2)
    assert text.response_metadata == ResponseMetadata(request_id=None, http_status=None, attempts=1)


def test_a_result_that_does_not_match_its_shape_is_a_response_parse_error() -> None:
    with pytest.raises(errors.ResponseParseError) as info:
        parse_result(operations.DESCRIBE_POOLS, {RAW_BODY_KEY: b'{"Pools": 7}'}, attempts=1)
    assert info.value.operation == "DescribePools"
    assert info.value.shape == "DescribePoolsResult"
    assert [p.field for p in info.value.problems] == ["pools"]
    assert info.value.__context__ is None  # pydantic's error holds the response's values
    with pytest.raises(errors.ResponseParseError):
        parse_result(operations.DESCRIBE_POOLS, {"Pools": 7}, attempts=1)


# -- pagination: loops, empty tokens and pages, repr ---------------------------------------


def token_stub(tokens: Callable[[int], str | None], limit: int = 60) -> StubService:
    """Page n (0-based) carries ``tokens(n)``; the test fails rather than loop forever."""

    def responder(operation: str, body: JsonDict) -> tuple[int, JsonDict]:
        n = len(stub.calls) - 1
        if n >= limit:
            pytest.fail(f"still paging after {limit} pages")
        page: JsonDict = {"Pools": [POOL_INFO]}
        token = tokens(n)
        if token is not None:
            page["NextToken"] = token
        return 200, page

    stub = StubService(responder)
    return stub


@pytest.mark.parametrize("prefix", [0, 1, 3])
@pytest.mark.parametrize("length", [1, 2, 3, 4, 5, 6])
def test_a_token_loop_is_found_within_twice_its_reach(prefix: int, length: int) -> None:
    def tokens(n: int) -> str:
        return f"p{n}" if n < prefix else f"c{(n - prefix) % length}"

    stub = token_stub(tokens)
    with pytest.raises(errors.PaginationError):
        stub.client().pools().to_list()
    assert len(stub.calls) <= 2 * (prefix + length) + 2


def test_distinct_tokens_never_read_as_a_loop() -> None:
    stub = token_stub(lambda n: f"t{n}" if n < 40 else None)
    assert len(stub.client().pools().to_list()) == 41


def test_an_empty_next_token_ends_the_pages() -> None:
    stub = token_stub(lambda n: "" if n == 1 else f"t{n}")
    assert len(stub.client().pools().to_list()) == 2
    assert [c.body.get("NextToken") for c in stub.calls] == [None, "t0"]


def test_a_page_without_its_items_member_yields_nothing_and_paging_goes_on() -> None:
    def responder(operation: str, body: JsonDict) -> tuple[int, JsonDict]:
        if "NextToken" not in body:
            return 200, {"NextToken": "1"}
        return 200, {"PhoneNumbers": [phone_number_info(1)]}

    stub = StubService(responder)
    found = stub.client().phone_numbers().to_list()
    assert [n.phone_number_id for n in found] == [f"phone-{1:032x}"]
    assert len(stub.calls) == 2


def test_first_of_nothing_is_none() -> None:
    stub = StubService(lambda op, body: (200, {"Pools": []}))
    assert stub.client().pools().first() is None
    assert len(stub.calls) == 1


def test_a_paginator_shows_its_operation_batches_and_max_items() -> None:
    client = smsv2.Client(region_name="us-east-1")
    ids = [f"phone-{i:032x}" for i in range(6)]
    assert repr(client.pools()) == "<Paginator DescribePools>"
    assert (
        repr(client.phone_numbers(phone_number_ids=ids[:5])) == "<Paginator DescribePhoneNumbers>"
    )
    assert (
        repr(client.phone_numbers(phone_number_ids=ids, max_items=3))
        == "<Paginator DescribePhoneNumbers batches=2 max_items=3>"
    )
    assert repr(client.pools(max_items=0)) == "<Paginator DescribePools max_items=0>"
    assert client.pools().operation == "DescribePools"


# -- smsv2.errors' own classes -------------------------------------------------------------


def test_every_public_error_reports_smsv2_errors_as_its_module() -> None:
    for name in errors.__all__:
        assert getattr(errors, name).__module__ == "smsv2.errors", name


def test_wait_errors_keep_what_was_waited_for_with_numbers_masked() -> None:
    timeout = errors.WaitTimeoutError(f"phone number {NUMBER}", ("ACTIVE", "X"), "PENDING", 2.5)
    assert (timeout.resource, timeout.wanted) == (f"phone number {NUMBER}", ["ACTIVE", "X"])
    assert (timeout.last_status, timeout.waited) == ("PENDING", 2.5)
    assert NUMBER not in str(timeout) and MASKED in str(timeout)
    assert isinstance(timeout, errors.SmsV2Error)
    unexpected = errors.UnexpectedStatusError(f"phone number {NUMBER}", ("ACTIVE",), "DELETED")
    assert (unexpected.resource, unexpected.wanted) == (f"phone number {NUMBER}", ["ACTIVE"])
    assert unexpected.status == "DELETED"
    assert NUMBER not in str(unexpected) and MASKED in str(unexpected)


# -- what a client is made from ------------------------------------------------------------


def test_a_client_is_made_from_its_region_endpoint_config_and_profile(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config"
    config.write_text("[profile other]\nregion = eu-west-2\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.delenv("AWS_DEFAULT_REGION")
    monkeypatch.delenv("AWS_REGION", raising=False)
    client = smsv2.Client(
        region_name="eu-west-1",
        endpoint_url="http://127.0.0.1:9",
        config=Config(user_agent_extra="pinned/1", connect_timeout=7),
    )
    meta = client.boto3_client.meta
    assert meta.region_name == "eu-west-1"
    assert meta.endpoint_url == "http://127.0.0.1:9"
    assert "pinned/1" in (getattr(meta.config, "user_agent_extra", None) or "")
    assert getattr(meta.config, "connect_timeout", None) == 7
    assert smsv2.Client(profile_name="other").boto3_client.meta.region_name == "eu-west-2"
    session = boto3.Session(region_name="ap-southeast-2")
    assert smsv2.Client(session=session).boto3_client.meta.region_name == "ap-southeast-2"


def test_a_client_as_a_context_manager_is_itself() -> None:
    client = smsv2.Client(region_name="us-east-1")
    with client as entered:
        assert entered is client


def test_negative_max_items_names_the_operation_and_argument() -> None:
    with pytest.raises(errors.RequestValidationError) as info:
        smsv2.Client(region_name="us-east-1").pools(max_items=-1)
    assert info.value.operation == "DescribePools"
    assert [p.field for p in info.value.problems] == ["max_items"]


def test_a_response_botocore_cannot_parse_keeps_its_status_and_request_id() -> None:
    # A JSON array where an error object belongs: botocore's parser itself fails.
    client = smsv2.Client(region_name="us-east-1", max_attempts=2, backoff_base=0.0)
    calls: list[int] = []

    def handle(request: object, **_: object) -> object:
        calls.append(1)
        headers = {"x-amzn-requestid": "req-array", "content-type": "application/x-amz-json-1.0"}
        return DualResponse("https://x", 500, headers, _RawBody(b"[1, 2]"))  # type: ignore[arg-type]

    client.boto3_client.meta.events.register("before-send", handle)  # type: ignore[arg-type]
    with pytest.raises(errors.SmsV2Error) as info:
        client.describe_pools()
    err = info.value
    assert type(err) is errors.ServiceError
    assert (err.http_status, err.request_id) == (500, "req-array")
    assert err.retryable is True and len(calls) == 2  # a read: repeated once
