"""The same retry and pagination rules on ``AsyncClient``: ``RetryPolicy.call_async`` and
``AsyncPaginator``, driven through the public async client against scripted answers."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

import pytest

import smsv2
from smsv2 import errors
from smsv2.retries import RetryEvent, RetryPolicy
from tests.core.stub import POOL_INFO, JsonDict, StubService, error, phone_number_info

T = TypeVar("T")


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


async def using(
    stub: StubService, use: Callable[[smsv2.AsyncClient], Awaitable[T]], **options: Any
) -> T:
    client = await stub.async_client(**options)
    async with client:
        return await use(client)


def throttled() -> errors.ThrottlingException:
    return errors.ThrottlingException("slow down", operation="Op", retryable=True)


# -- the async retry loop ------------------------------------------------------------------


def test_async_policy_makes_exactly_max_attempts_and_waits_between_them() -> None:
    waits: list[float] = []
    events: list[RetryEvent] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    policy = RetryPolicy(
        max_attempts=3, backoff_base=1.0, backoff_cap=1.5, async_sleep=sleep, on_retry=events.append
    )
    attempts: list[int] = []

    async def attempt(n: int) -> str:
        attempts.append(n)
        raise throttled()

    with pytest.raises(errors.ThrottlingException):
        run(policy.call_async("Op", attempt))
    assert attempts == [1, 2, 3]
    assert [e.attempt for e in events] == [1, 2]
    assert [e.wait for e in events] == waits
    assert 0 <= waits[0] <= 1.0 and 0 <= waits[1] <= 1.5


def test_async_policy_returns_the_first_success_after_retries() -> None:
    async def sleep(_: float) -> None:
        return None

    policy = RetryPolicy(max_attempts=5, async_sleep=sleep)
    attempts: list[int] = []

    async def attempt(n: int) -> str:
        attempts.append(n)
        if n < 3:
            raise throttled()
        return f"ok {n}"

    assert run(policy.call_async("Op", attempt)) == "ok 3"
    assert attempts == [1, 2, 3]


def test_async_policy_returns_a_first_success_at_once() -> None:
    async def sleep(_: float) -> None:
        pytest.fail("slept")

    policy = RetryPolicy(max_attempts=5, async_sleep=sleep)

    async def attempt(n: int) -> int:
        return n

    assert run(policy.call_async("Op", attempt)) == 1


@pytest.mark.parametrize(
    ("max_attempts", "failure"),
    [
        (1, throttled()),
        (5, errors.ConflictException("no", operation="Op", retryable=False)),
    ],
)
def test_async_policy_does_not_retry_with_one_attempt_or_a_final_error(
    max_attempts: int, failure: errors.SmsV2Error
) -> None:
    async def sleep(_: float) -> None:
        pytest.fail("slept")

    policy = RetryPolicy(max_attempts=max_attempts, async_sleep=sleep)
    attempts: list[int] = []

    async def attempt(n: int) -> str:
        attempts.append(n)
        raise failure

    with pytest.raises(type(failure)) as info:
        run(policy.call_async("Op", attempt))
    assert info.value is failure
    assert attempts == [1]


def test_async_client_retries_throttling_and_never_resends_a_send() -> None:
    stub = StubService(lambda op, body: error("ThrottlingException"))

    async def read(client: smsv2.AsyncClient) -> object:
        return await client.describe_pools()

    with pytest.raises(errors.ThrottlingException) as info:
        run(using(stub, read, max_attempts=3))
    assert info.value.attempts == 3
    assert len(stub.calls) == 3

    failing = StubService(lambda op, body: error("InternalServerException", status=500))

    async def send(client: smsv2.AsyncClient) -> object:
        return await client.send_text_message(
            destination_phone_number="+12065550100", message_body="hi"
        )

    with pytest.raises(errors.SendOutcomeUnknownError):
        run(using(failing, send, max_attempts=3))
    assert len(failing.calls) == 1


# -- the async paginator -------------------------------------------------------------------


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


@pytest.mark.parametrize(("max_items", "pages"), [(0, 0), (1, 1), (2, 1), (3, 2), (None, 4)])
def test_async_max_items_stops_at_the_count_without_extra_requests(
    max_items: int | None, pages: int
) -> None:
    stub = numbers_stub(7, 2)

    async def items(client: smsv2.AsyncClient) -> list[str]:
        return [n.phone_number_id async for n in client.phone_numbers(max_items=max_items)]

    assert run(using(stub, items)) == ids(7)[:max_items]
    assert len(stub.calls) == pages


@pytest.mark.parametrize(("count", "requests"), [(5, 1), (6, 2), (11, 3)])
def test_async_ids_are_sent_in_batches_of_the_service_cap(count: int, requests: int) -> None:
    stub = numbers_stub(0, 10)

    async def found(client: smsv2.AsyncClient) -> list[str]:
        return [
            n.phone_number_id
            for n in await client.phone_numbers(phone_number_ids=ids(count)).to_list()
        ]

    assert run(using(stub, found)) == ids(count)
    assert [c.body["PhoneNumberIds"] for c in stub.calls] == [
        ids(count)[i : i + 5] for i in range(0, count, 5)
    ]
    assert len(stub.calls) == requests


def test_async_pages_follow_the_token_from_the_first_request() -> None:
    stub = numbers_stub(5, 2)

    async def sizes(client: smsv2.AsyncClient) -> list[int]:
        return [len(p.phone_numbers or []) async for p in client.phone_numbers().pages()]

    assert run(using(stub, sizes)) == [2, 2, 1]
    assert [c.body.get("NextToken") for c in stub.calls] == [None, "2", "4"]


@pytest.mark.parametrize(("total", "expected"), [(0, None), (5, ids(1)[0])])
def test_async_first_is_the_first_item_or_none_from_one_page(
    total: int, expected: str | None
) -> None:
    stub = numbers_stub(total, 2)

    async def first(client: smsv2.AsyncClient) -> str | None:
        item = await client.phone_numbers().first()
        return None if item is None else item.phone_number_id

    assert run(using(stub, first)) == expected
    assert len(stub.calls) == 1


def test_async_a_repeated_next_token_raises() -> None:
    stub = StubService(lambda op, body: (200, {"Pools": [POOL_INFO], "NextToken": "same"}))

    async def pools(client: smsv2.AsyncClient) -> object:
        return await client.pools().to_list()

    with pytest.raises(errors.PaginationError):
        run(using(stub, pools))
    assert len(stub.calls) == 2


def test_async_negative_max_items_is_refused_before_sending() -> None:
    stub = numbers_stub(3, 10)

    async def items(client: smsv2.AsyncClient) -> object:
        return client.phone_numbers(max_items=-1)

    with pytest.raises(errors.RequestValidationError):
        run(using(stub, items))
    assert stub.calls == []


def test_async_policy_with_two_attempts_retries_once_and_reports_it() -> None:
    events: list[RetryEvent] = []

    async def sleep(_: float) -> None:
        return None

    policy = RetryPolicy(max_attempts=2, timeout=30.0, async_sleep=sleep, on_retry=events.append)
    attempts: list[int] = []

    async def attempt(n: int) -> str:
        attempts.append(n)
        if n > 5:
            pytest.fail("retried past max_attempts")
        raise throttled()

    with pytest.raises(errors.ThrottlingException):
        run(policy.call_async("SendTextMessage", attempt))
    assert attempts == [1, 2]
    assert [(e.operation, e.attempt) for e in events] == [("SendTextMessage", 1)]


def test_async_policy_stops_at_the_deadline() -> None:
    async def sleep(seconds: float) -> None:
        await asyncio.sleep(seconds)

    policy = RetryPolicy(
        max_attempts=50, timeout=0.35, backoff_base=0.0, backoff_cap=0.0, async_sleep=sleep
    )
    attempts: list[int] = []

    async def attempt(n: int) -> str:
        attempts.append(n)
        await asyncio.sleep(0.1)
        raise throttled()

    with pytest.raises(errors.ThrottlingException):
        run(policy.call_async("Op", attempt))
    assert 2 <= len(attempts) <= 4


def test_async_negative_max_items_names_the_operation_and_argument() -> None:
    stub = numbers_stub(3, 10)

    async def items(client: smsv2.AsyncClient) -> object:
        return client.phone_numbers(max_items=-1)

    with pytest.raises(errors.RequestValidationError) as info:
        run(using(stub, items))
    assert info.value.operation == "DescribePhoneNumbers"
    assert [p.field for p in info.value.problems] == ["max_items"]
