"""The safety-critical rules of the core, pinned one by one (``make mutation`` measures how well).

Error mapping: every error code and every conflict reason becomes its own class; what is
retryable follows from the failure and the operation (throttling always; a server fault or a
lost answer only when repeating is safe; a connection never made always); a send that may have
gone out is ``SendOutcomeUnknownError``. Retries: exactly ``max_attempts`` requests, waits
within the backoff bounds, the deadline honoured. Pagination: batches of the service's cap,
``page_size`` and ``max_items`` at their boundaries.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from botocore.exceptions import (
    BotoCoreError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    NoCredentialsError,
    ReadTimeoutError,
)

import smsv2
from smsv2 import errors
from smsv2.retries import RetryEvent, RetryPolicy
from tests.core.stub import POOL_INFO, JsonDict, StubService, error, phone_number_info

SEND: Callable[[smsv2.Client], object] = lambda c: c.send_text_message(  # noqa: E731
    destination_phone_number="+12065550100", message_body="hi"
)
READ: Callable[[smsv2.Client], object] = lambda c: c.describe_pools()  # noqa: E731
TOKEN_WRITE: Callable[[smsv2.Client], object] = lambda c: c.create_pool(  # noqa: E731
    origination_identity="phone-1", message_type="TRANSACTIONAL"
)
PLAIN_WRITE: Callable[[smsv2.Client], object] = lambda c: c.delete_pool(pool_id="pool-1")  # noqa: E731


def failing(answer: object, **options: object) -> tuple[StubService, smsv2.Client]:
    stub = StubService(lambda op, body: answer)  # type: ignore[arg-type,return-value]
    return stub, stub.client(**options)


def raised(
    call: Callable[[smsv2.Client], object], answer: object, **options: object
) -> tuple[StubService, errors.SmsV2Error]:
    stub, client = failing(answer, **options)
    with pytest.raises(errors.SmsV2Error) as info:
        call(client)
    return stub, info.value


# -- every error code and reason has its class --------------------------------------------------

CODES = {
    "AccessDeniedException": errors.AccessDeniedException,
    "ConflictException": errors.ConflictException,
    "InternalServerException": errors.InternalServerException,
    "ResourceNotFoundException": errors.ResourceNotFoundException,
    "ServiceQuotaExceededException": errors.ServiceQuotaExceededException,
    "ThrottlingException": errors.ThrottlingException,
    "ValidationException": errors.ValidationException,
    "SomethingNewException": errors.ServiceError,
}


@pytest.mark.parametrize(("code", "cls"), CODES.items())
def test_each_error_code_is_its_own_class(code: str, cls: type[errors.ServiceError]) -> None:
    _, err = raised(READ, error(code, status=400), max_attempts=1)
    assert type(err) is cls
    assert isinstance(err, errors.ServiceError)
    if cls is not errors.ServiceError:
        assert err.code == code
    assert err.http_status == 400
    assert err.request_id == "req-1"
    assert err.operation == "DescribePools"


REASONS = {
    "DESTINATION_PHONE_NUMBER_OPTED_OUT": errors.DestinationOptedOutError,
    "DESTINATION_PHONE_NUMBER_NOT_VERIFIED": errors.DestinationNotVerifiedError,
    "RESOURCE_ALREADY_EXISTS": errors.ResourceAlreadyExistsError,
    "DELETION_PROTECTION_ENABLED": errors.DeletionProtectionError,
    "RESOURCE_NOT_ACTIVE": errors.ResourceNotActiveError,
    # a reason without a class of its own stays a plain ConflictException
    "RESOURCE_DELETION_NOT_ALLOWED": errors.ConflictException,
}


@pytest.mark.parametrize(("reason", "cls"), REASONS.items())
def test_each_conflict_reason_is_its_own_class(
    reason: str, cls: type[errors.ConflictException]
) -> None:
    answer = error("ConflictException", Reason=reason, ResourceType="pool", ResourceId="pool-1")
    _, err = raised(PLAIN_WRITE, answer)
    assert type(err) is cls
    assert isinstance(err, errors.ConflictException)
    assert err.retryable is False
    assert err.attempts == 1


def test_a_reason_on_another_code_does_not_pick_a_conflict_class() -> None:
    answer = error("ValidationException", Reason="RESOURCE_NOT_ACTIVE")
    _, err = raised(PLAIN_WRITE, answer)
    assert type(err) is errors.ValidationException


# -- what is retryable --------------------------------------------------------------------------


@pytest.mark.parametrize("call", [READ, TOKEN_WRITE, PLAIN_WRITE, SEND])
def test_throttling_is_retried_for_every_operation(call: Callable[[smsv2.Client], object]) -> None:
    stub, err = raised(call, error("ThrottlingException"), max_attempts=3)
    assert type(err) is errors.ThrottlingException
    assert err.retryable is True
    assert len(stub.calls) == 3
    assert err.attempts == 3


@pytest.mark.parametrize(
    ("call", "retried"), [(READ, True), (TOKEN_WRITE, True), (PLAIN_WRITE, False)]
)
def test_server_fault_is_retried_only_when_repeating_is_safe(
    call: Callable[[smsv2.Client], object], retried: bool
) -> None:
    stub, err = raised(call, error("InternalServerException", status=500), max_attempts=3)
    assert type(err) is errors.InternalServerException
    assert err.retryable is retried
    assert len(stub.calls) == (3 if retried else 1)


def test_server_fault_on_a_send_is_an_unknown_outcome_never_repeated() -> None:
    stub, err = raised(SEND, error("InternalServerException", status=500), max_attempts=3)
    assert type(err) is errors.SendOutcomeUnknownError
    assert isinstance(err.error, errors.InternalServerException)
    assert err.retryable is False
    assert len(stub.calls) == 1


@pytest.mark.parametrize(("status", "server_side"), [(499, False), (500, True), (503, True)])
def test_an_unknown_error_is_a_server_fault_from_500_exactly(
    status: int, server_side: bool
) -> None:
    stub, err = raised(READ, error("SomethingNewException", status=status), max_attempts=2)
    assert type(err) is errors.ServiceError
    assert err.http_status == status
    assert err.retryable is server_side
    assert len(stub.calls) == (2 if server_side else 1)
    _, sent = raised(SEND, error("SomethingNewException", status=status), max_attempts=2)
    assert isinstance(sent, errors.SendOutcomeUnknownError) is server_side


def test_a_client_error_is_never_retried() -> None:
    stub, err = raised(READ, error("ValidationException", status=400), max_attempts=3)
    assert err.retryable is False
    assert len(stub.calls) == 1


@pytest.mark.parametrize("failure", [EndpointConnectionError, ConnectTimeoutError])
@pytest.mark.parametrize("call", [READ, PLAIN_WRITE, SEND])
def test_a_connection_never_made_is_always_retried(
    failure: type[BotoCoreError], call: Callable[[smsv2.Client], object]
) -> None:
    stub, err = raised(call, failure(endpoint_url="https://x"), max_attempts=2)
    assert type(err) is errors.TransportError
    assert err.request_sent is False
    assert err.retryable is True
    assert len(stub.calls) == 2


@pytest.mark.parametrize("failure", [ReadTimeoutError, ConnectionClosedError])
@pytest.mark.parametrize(
    ("call", "retried"), [(READ, True), (TOKEN_WRITE, True), (PLAIN_WRITE, False)]
)
def test_a_lost_answer_is_retried_only_when_repeating_is_safe(
    failure: type[BotoCoreError], call: Callable[[smsv2.Client], object], retried: bool
) -> None:
    stub, err = raised(call, failure(endpoint_url="https://x"), max_attempts=2)
    assert type(err) is errors.TransportError
    assert err.request_sent is True
    assert err.retryable is retried
    assert len(stub.calls) == (2 if retried else 1)


@pytest.mark.parametrize("failure", [ReadTimeoutError, ConnectionClosedError])
def test_a_lost_answer_to_a_send_is_an_unknown_outcome(failure: type[BotoCoreError]) -> None:
    stub, err = raised(SEND, failure(endpoint_url="https://x"), max_attempts=3)
    assert type(err) is errors.SendOutcomeUnknownError
    assert isinstance(err.error, errors.TransportError)
    assert len(stub.calls) == 1


def test_missing_credentials_is_a_setup_error() -> None:
    _, err = raised(READ, NoCredentialsError())
    assert type(err) is errors.ClientSetupError


# -- the retry loop -----------------------------------------------------------------------------


def throttled(operation: str = "Op") -> errors.ThrottlingException:
    return errors.ThrottlingException("slow down", operation=operation, retryable=True)


def test_policy_makes_exactly_max_attempts_and_reports_each_retry() -> None:
    waits: list[float] = []
    events: list[RetryEvent] = []
    policy = RetryPolicy(
        max_attempts=4,
        backoff_base=1.0,
        backoff_cap=3.0,
        sleep=waits.append,
        on_retry=events.append,
    )
    attempts: list[int] = []

    def attempt(n: int) -> str:
        attempts.append(n)
        raise throttled()

    with pytest.raises(errors.ThrottlingException):
        policy.call("Op", attempt)
    assert attempts == [1, 2, 3, 4]
    assert [e.attempt for e in events] == [1, 2, 3]
    assert all(
        e.operation == "Op" and isinstance(e.error, errors.ThrottlingException) for e in events
    )
    assert [e.wait for e in events] == waits
    # Full jitter: the n-th wait is at most base * 2**(n-1), never above the cap.
    assert 0 <= waits[0] <= 1.0 and 0 <= waits[1] <= 2.0 and 0 <= waits[2] <= 3.0


def test_policy_returns_the_first_success() -> None:
    policy = RetryPolicy(max_attempts=5, sleep=lambda _: None)
    attempts: list[int] = []

    def attempt(n: int) -> str:
        attempts.append(n)
        if n < 3:
            raise throttled()
        return f"ok {n}"

    assert policy.call("Op", attempt) == "ok 3"
    assert attempts == [1, 2, 3]


def test_policy_with_one_attempt_never_retries() -> None:
    policy = RetryPolicy(max_attempts=1, sleep=lambda _: pytest.fail("slept"))
    calls: list[int] = []

    def attempt(n: int) -> str:
        calls.append(n)
        raise throttled()

    with pytest.raises(errors.ThrottlingException):
        policy.call("Op", attempt)
    assert calls == [1]


def test_policy_never_retries_a_non_retryable_error() -> None:
    policy = RetryPolicy(max_attempts=5, sleep=lambda _: pytest.fail("slept"))
    calls: list[int] = []

    def attempt(n: int) -> str:
        calls.append(n)
        raise errors.ConflictException("no", operation="Op", retryable=False)

    with pytest.raises(errors.ConflictException):
        policy.call("Op", attempt)
    assert calls == [1]


def test_policy_stops_before_a_wait_past_the_deadline() -> None:
    policy = RetryPolicy(max_attempts=50, timeout=0.05, backoff_base=10.0, backoff_cap=10.0)
    calls: list[int] = []

    def attempt(n: int) -> str:
        calls.append(n)
        raise throttled()

    with pytest.raises(errors.ThrottlingException):
        policy.call("Op", attempt)
    assert calls == [1] or len(calls) < 3  # no 10-second wait fits in 50 ms


@pytest.mark.parametrize(
    "bad",
    [
        {"max_attempts": 0},
        {"timeout": 0},
        {"timeout": -1.0},
        {"backoff_base": -0.1},
        {"backoff_cap": -0.1},
    ],
)
def test_policy_rejects_settings_outside_their_range(bad: dict[str, float]) -> None:
    with pytest.raises((ValueError, errors.SmsV2Error)):
        RetryPolicy(**bad)  # type: ignore[arg-type]


def test_policy_accepts_the_boundaries() -> None:
    policy = RetryPolicy(max_attempts=1, timeout=0.001, backoff_base=0.0, backoff_cap=0.0)
    assert policy.max_attempts == 1


# -- pagination boundaries ----------------------------------------------------------------------


def numbers_stub(total: int, per_page: int) -> StubService:
    def responder(operation: str, body: JsonDict) -> tuple[int, JsonDict]:
        ids = body.get("PhoneNumberIds")
        if ids is not None:
            return 200, {"PhoneNumbers": [phone_number_info(int(i.split("-")[1], 16)) for i in ids]}
        start = int(body.get("NextToken", "0"))
        size = min(body.get("MaxResults", per_page), per_page)
        page: JsonDict = {
            "PhoneNumbers": [phone_number_info(i) for i in range(start, min(start + size, total))]
        }
        if start + size < total:
            page["NextToken"] = str(start + size)
        return 200, page

    return StubService(responder)


def ids(n: int) -> list[str]:
    return [f"phone-{i:032x}" for i in range(n)]


@pytest.mark.parametrize(("count", "requests"), [(1, 1), (5, 1), (6, 2), (10, 2), (11, 3)])
def test_ids_are_sent_in_batches_of_the_service_cap(count: int, requests: int) -> None:
    stub = numbers_stub(0, 10)
    found = stub.client().phone_numbers(phone_number_ids=ids(count)).to_list()
    assert [n.phone_number_id for n in found] == ids(count)
    assert len(stub.calls) == requests
    assert all(len(c.body["PhoneNumberIds"]) <= 5 for c in stub.calls)
    assert stub.calls[0].body["PhoneNumberIds"] == ids(count)[:5]


def test_repeated_ids_are_sent_once() -> None:
    stub = numbers_stub(0, 10)
    found = stub.client().phone_numbers(phone_number_ids=ids(3) * 3).to_list()
    assert [n.phone_number_id for n in found] == ids(3)
    assert len(stub.calls) == 1  # 9 IDs over the cap, 3 once deduplicated: one request
    assert stub.calls[0].body["PhoneNumberIds"] == ids(3)


@pytest.mark.parametrize("bad", [0, -1])
def test_page_size_below_one_is_refused_before_sending(bad: int) -> None:
    stub = numbers_stub(3, 10)
    with pytest.raises((errors.RequestValidationError, ValueError)):
        stub.client().phone_numbers(page_size=bad).to_list()
    assert stub.calls == []


def test_page_size_one_sends_max_results_one() -> None:
    stub = numbers_stub(3, 10)
    found = stub.client().phone_numbers(page_size=1).to_list()
    assert len(found) == 3
    assert [c.body.get("MaxResults") for c in stub.calls] == [1, 1, 1]


@pytest.mark.parametrize(("max_items", "pages"), [(0, 0), (1, 1), (2, 1), (3, 2), (7, 4)])
def test_max_items_stops_at_the_count_without_extra_requests(max_items: int, pages: int) -> None:
    stub = numbers_stub(7, 2)
    found = stub.client().phone_numbers(max_items=max_items).to_list()
    assert [n.phone_number_id for n in found] == ids(7)[:max_items]
    assert len(stub.calls) == pages


def test_negative_max_items_is_refused() -> None:
    stub = numbers_stub(3, 10)
    with pytest.raises((errors.RequestValidationError, ValueError)):
        stub.client().phone_numbers(max_items=-1).to_list()
    assert stub.calls == []


def test_without_max_items_every_page_is_read_and_tokens_are_followed() -> None:
    stub = numbers_stub(5, 2)
    assert len(stub.client().phone_numbers().to_list()) == 5
    assert [c.body.get("NextToken") for c in stub.calls] == [None, "2", "4"]


def test_first_fetches_one_page() -> None:
    stub = numbers_stub(5, 2)
    first = stub.client().phone_numbers().first()
    assert first is not None and first.phone_number_id == ids(1)[0]
    assert len(stub.calls) == 1


def test_a_repeated_next_token_raises() -> None:
    stub = StubService(lambda op, body: (200, {"Pools": [POOL_INFO], "NextToken": "same"}))
    with pytest.raises(errors.PaginationError):
        stub.client().pools().to_list()
    assert len(stub.calls) == 2


def test_with_options_applies_each_setting_to_the_copy_only() -> None:
    events: list[RetryEvent] = []
    waits: list[float] = []
    stub, client = failing(error("ThrottlingException"))
    copy = client.with_options(
        max_attempts=3,
        backoff_base=0.5,
        backoff_cap=0.25,
        on_retry=events.append,
        sleep=waits.append,
    )
    with pytest.raises(errors.ThrottlingException):
        READ(copy)
    assert len(stub.calls) == 3
    assert [e.attempt for e in events] == [1, 2]
    assert len(waits) == 2 and all(0 <= w <= 0.25 for w in waits)
    policy = copy.retry_policy
    assert (policy.max_attempts, policy.backoff_base, policy.backoff_cap) == (3, 0.5, 0.25)
    assert client.retry_policy.max_attempts != 3 and client.retry_policy.on_retry is None
    assert copy.with_options(timeout=2.0).retry_policy.timeout == 2.0


def test_policy_stops_at_a_non_retryable_error_after_a_retry() -> None:
    policy = RetryPolicy(max_attempts=5, sleep=lambda _: None)
    calls: list[int] = []

    def attempt(n: int) -> str:
        calls.append(n)
        if n == 1:
            raise throttled()
        raise errors.ConflictException("no", operation="Op", retryable=False)

    with pytest.raises(errors.ConflictException):
        policy.call("Op", attempt)
    assert calls == [1, 2]
