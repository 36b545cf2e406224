"""smsv2.AsyncClient: the same surface as Client, the same retry rules, on aiobotocore."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import sys
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

import pytest
from botocore.exceptions import EndpointConnectionError, ReadTimeoutError

import smsv2
from smsv2 import errors
from smsv2._generated import BOTOCORE_VERSION, operations
from smsv2.errors import (
    InternalServerException,
    OperationNotAvailableError,
    RequestValidationError,
    SendOutcomeUnknownError,
    ThrottlingException,
    TransportError,
)
from smsv2.retries import RetryEvent

from .stub import POOL_INFO, JsonDict, StubService, error, phone_number_info

T = TypeVar("T")
THROTTLED = error("ThrottlingException", "Rate exceeded")
SERVER_ERROR = error("InternalServerException", "boom", status=500, RequestId="r-1")
NUMBER = "+12065550177"
BODY = "your secret code is 998877"


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


def fail_then(failures: int, failure: object, success: tuple[int, JsonDict]) -> StubService:
    def responder(operation: str, body: JsonDict) -> object:
        return failure if len(stub.calls) <= failures else success

    stub = StubService(responder)  # type: ignore[arg-type]
    return stub


async def with_client(
    stub: StubService, use: Callable[[smsv2.AsyncClient], Awaitable[T]], **options: Any
) -> T:
    client = await stub.async_client(**options)
    async with client:
        return await use(client)


def _public(cls: type) -> dict[str, Any]:
    return {
        name: member
        for name, member in inspect.getmembers(cls, inspect.isfunction)
        if not name.startswith("_")
    }


# -- one surface ---------------------------------------------------------------------------------


def test_every_method_of_client_has_the_same_signature_on_async_client() -> None:
    sync, asynchronous = _public(smsv2.Client), _public(smsv2.AsyncClient)
    operation_names = {op.python_name for op in vars(operations).values() if _is_op(op)}
    paginators = {
        name
        for name, fn in sync.items()
        if str(inspect.signature(fn).return_annotation).startswith("Paginator[")
    }
    assert operation_names <= set(sync)
    assert len(paginators) == 28
    # The same public methods, but for the accessor of the underlying client (boto3_client is
    # a property on Client; creating the aiobotocore client has to be awaited).
    # send_bulk is compared in tests/bulk/test_async_bulk.py (it returns an AsyncBulkRun).
    assert set(sync) == set(asynchronous) - {"aiobotocore_client"}
    assert isinstance(inspect.getattr_static(smsv2.Client, "boto3_client"), property)
    for name in sorted(operation_names | paginators):
        s, a = inspect.signature(sync[name]), inspect.signature(asynchronous[name])
        assert list(s.parameters.values()) == list(a.parameters.values()), name
        if name in paginators:
            assert a.return_annotation == "Async" + s.return_annotation, name
            assert not inspect.iscoroutinefunction(asynchronous[name]), name
        else:
            assert a.return_annotation == s.return_annotation, name
            assert inspect.iscoroutinefunction(asynchronous[name]), name
            assert not inspect.iscoroutinefunction(sync[name]), name
    # Per-call options differ only in how waits happen.
    s, a = inspect.signature(sync["with_options"]), inspect.signature(asynchronous["with_options"])
    assert [p for p in s.parameters if p != "sleep"] == [p for p in a.parameters if p != "sleep"]


def _is_op(value: object) -> bool:
    return type(value).__name__ == "Operation"


def test_async_client_is_exported_lazily() -> None:
    from smsv2.async_client import AsyncClient
    from smsv2.pagination import AsyncPaginator

    assert smsv2.AsyncClient is AsyncClient
    assert smsv2.AsyncPaginator is AsyncPaginator
    assert "AsyncClient" in smsv2.__all__


def test_calls_return_typed_results_through_the_fast_parser() -> None:
    stub = StubService(lambda op, body: (200, {"Pools": [POOL_INFO], "NextToken": None}))

    async def use(client: smsv2.AsyncClient) -> Any:
        inner = await client.aiobotocore_client()
        # smsv2's own parser factory hands the raw body to pydantic-core.
        factory = inner._endpoint._response_parser_factory  # type: ignore[attr-defined]
        parser = factory.create_parser("json")
        assert type(parser).__name__ == "_RawSuccessJSONParser"
        return await client.describe_pools()

    result = run(with_client(stub, use))
    assert isinstance(result, smsv2.models.DescribePoolsResult)
    assert result.pools is not None and result.pools[0].pool_id == POOL_INFO["PoolId"]


def test_local_validation_fails_before_anything_is_sent() -> None:
    stub = StubService(lambda op, body: (200, {}))

    async def use(client: smsv2.AsyncClient) -> None:
        with pytest.raises(RequestValidationError) as info:
            await client.create_pool(origination_identity="", message_type="NOPE")  # type: ignore[arg-type]
        assert set(info.value.fields) == {"origination_identity", "message_type"}
        with pytest.raises(RequestValidationError):
            client.phone_numbers(page_size=0)

    run(with_client(stub, use))
    assert stub.calls == []


def test_service_errors_are_the_same_typed_classes() -> None:
    answer = error(
        "ConflictException", f"{NUMBER} opted out", Reason="DESTINATION_PHONE_NUMBER_OPTED_OUT"
    )
    stub = StubService(lambda op, body: answer)

    async def use(client: smsv2.AsyncClient) -> None:
        with pytest.raises(errors.DestinationOptedOutError) as info:
            await client.send_text_message(destination_phone_number=NUMBER, message_body=BODY)
        assert info.value.attempts == 1 and info.value.request_id == "req-1"
        assert info.value.reason == "DESTINATION_PHONE_NUMBER_OPTED_OUT"

    run(with_client(stub, use))


# -- pagination --------------------------------------------------------------------------------


def _paged(total: int, size: int) -> StubService:
    def responder(operation: str, body: JsonDict) -> tuple[int, JsonDict]:
        start = int(body.get("NextToken") or 0)
        end = min(start + body.get("MaxResults", size), total)
        page: JsonDict = {"PhoneNumbers": [phone_number_info(i) for i in range(start, end)]}
        if end < total:
            page["NextToken"] = str(end)
        return 200, page

    return StubService(responder)


def test_async_paginator_iterates_items_pages_first_and_max_items() -> None:
    stub = _paged(total=25, size=10)

    async def use(client: smsv2.AsyncClient) -> None:
        paginator = client.phone_numbers(page_size=10)
        assert repr(paginator) == "<AsyncPaginator DescribePhoneNumbers>"
        assert stub.calls == []  # lazy
        ids = [n.phone_number_id async for n in paginator]
        assert ids == [f"phone-{i:032x}" for i in range(25)]
        assert [len(p.phone_numbers or []) async for p in paginator.pages()] == [10, 10, 5]
        calls = len(stub.calls)
        first = await client.phone_numbers(page_size=10).first()
        assert first is not None and first.phone_number_id == ids[0]
        assert len(stub.calls) == calls + 1  # one page only
        assert len(await client.phone_numbers(max_items=12).to_list()) == 12

    run(with_client(stub, use))
    assert stub.calls[0].body["MaxResults"] == 10


def test_async_paginator_splits_capped_id_lists_and_stops_on_a_repeated_token() -> None:
    stub = StubService(lambda op, body: (200, {"PhoneNumbers": [], "NextToken": "same"}))

    async def use(client: smsv2.AsyncClient) -> None:
        with pytest.raises(errors.PaginationError):
            await client.phone_numbers().to_list()
        ids = [f"phone-{i:032x}" for i in range(7)]
        paginator = client.phone_numbers(phone_number_ids=ids)
        assert repr(paginator) == "<AsyncPaginator DescribePhoneNumbers batches=2>"

    run(with_client(stub, use))
    assert len(stub.calls) == 2  # the first page, then the repeat


# -- retries: the sync client's rules --------------------------------------------------------------


def test_throttled_create_pool_is_retried_with_one_client_token() -> None:
    stub = fail_then(3, THROTTLED, (200, POOL_INFO))

    async def use(client: smsv2.AsyncClient) -> Any:
        return await client.create_pool(origination_identity="phone-1", message_type="PROMOTIONAL")

    result = run(with_client(stub, use))
    tokens = [c.body.get("ClientToken") for c in stub.calls]
    assert len(tokens) == 4 and tokens[0] and len(set(tokens)) == 1
    assert result.pool_id == POOL_INFO["PoolId"]


def test_a_send_is_never_repeated_after_a_500_or_a_read_timeout() -> None:
    for failure in (SERVER_ERROR, ReadTimeoutError(endpoint_url="https://x")):
        stub = fail_then(10, failure, (200, {"MessageId": "m"}))

        async def use(client: smsv2.AsyncClient) -> None:
            with pytest.raises(SendOutcomeUnknownError) as info:
                await client.send_text_message(destination_phone_number=NUMBER, message_body=BODY)
            assert isinstance(info.value.error, (InternalServerException, TransportError))

        run(with_client(stub, use))
        assert stub.operations() == ["SendTextMessage"]


def test_sends_are_retried_when_throttled_or_never_connected() -> None:
    for failure in (THROTTLED, EndpointConnectionError(endpoint_url="https://x")):
        stub = fail_then(2, failure, (200, {"MessageId": "m-1"}))

        async def use(client: smsv2.AsyncClient) -> Any:
            return await client.send_text_message(destination_phone_number=NUMBER, message_body="x")

        assert run(with_client(stub, use)).message_id == "m-1"
        assert len(stub.calls) == 3


def test_reads_are_retried_after_a_500_and_attempts_run_out() -> None:
    stub = fail_then(1, SERVER_ERROR, (200, {"Pools": []}))
    run(with_client(stub, lambda c: c.describe_pools()))
    assert len(stub.calls) == 2
    stub = fail_then(99, THROTTLED, (200, {"Pools": []}))

    async def use(client: smsv2.AsyncClient) -> None:
        with pytest.raises(ThrottlingException) as info:
            await client.describe_pools()
        assert info.value.attempts == 3

    run(with_client(stub, use, max_attempts=3))
    assert len(stub.calls) == 3


def test_waits_go_through_the_async_sleep_and_with_options_shares_the_transport() -> None:
    waits: list[float] = []
    events: list[RetryEvent] = []

    async def record(seconds: float) -> None:
        waits.append(seconds)

    stub = fail_then(99, THROTTLED, (200, {"Pools": []}))

    async def use(client: smsv2.AsyncClient) -> None:
        tuned = client.with_options(
            max_attempts=6, backoff_base=1.0, backoff_cap=3.0, sleep=record, on_retry=events.append
        )
        assert await tuned.aiobotocore_client() is await client.aiobotocore_client()
        with pytest.raises(ThrottlingException):
            await tuned.describe_pools()
        assert client.retry_policy.max_attempts == 5
        single = client.with_options(max_attempts=1)
        with pytest.raises(ThrottlingException):
            await single.describe_pools()

    run(with_client(stub, use))
    assert len(stub.calls) == 7
    assert len(waits) == 5 and all(0 <= w <= 3.0 for w in waits) and waits[0] <= 1.0
    assert [e.attempt for e in events] == [1, 2, 3, 4, 5]


def test_the_deadline_stops_before_a_wait_that_would_cross_it() -> None:
    waits: list[float] = []

    async def record(seconds: float) -> None:
        waits.append(seconds)

    stub = fail_then(99, THROTTLED, (200, {"Pools": []}))

    async def use(client: smsv2.AsyncClient) -> None:
        tuned = client.with_options(timeout=0.5, backoff_base=10.0, backoff_cap=10.0, sleep=record)
        with pytest.raises(ThrottlingException):
            await tuned.describe_pools()

    run(with_client(stub, use, max_attempts=50))
    assert len(stub.calls) < 50 and sum(waits) <= 0.5


def test_retries_wait_without_blocking_the_event_loop() -> None:
    stub = fail_then(2, THROTTLED, (200, {"Pools": []}))
    ticks: list[int] = []

    async def ticker() -> None:
        for i in range(1000):
            ticks.append(i)
            await asyncio.sleep(0.001)

    async def use(client: smsv2.AsyncClient) -> None:
        tick = asyncio.create_task(ticker())
        await client.with_options(backoff_base=0.2, backoff_cap=0.2).describe_pools()
        tick.cancel()

    run(with_client(stub, use))
    assert len(stub.calls) == 3
    assert ticks  # the loop ran other tasks during the waits


# -- redaction, lifecycle, setup and model drift ---------------------------------------------------


def test_debug_logs_of_an_async_send_carry_no_number_or_body(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_SESSION_TOKEN", "FAKE-SESSION-TOKEN-123")
    for answer in [(200, {"MessageId": "m-1"}), THROTTLED]:
        stub = StubService(lambda op, body, answer=answer: answer)  # type: ignore[misc]

        async def use(client: smsv2.AsyncClient) -> None:
            with contextlib.suppress(Exception):
                await client.send_text_message(destination_phone_number=NUMBER, message_body=BODY)

        with caplog.at_level(logging.DEBUG):
            run(with_client(stub, use, max_attempts=2))
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "Making request for OperationModel(name=SendTextMessage)" in text
    for secret in (NUMBER, "998877", "FAKE-SESSION-TOKEN-123"):
        assert secret not in text


def test_close_and_async_with_close_only_a_client_smsv2_created() -> None:
    from aiobotocore.session import AioSession

    def is_open(inner: Any) -> bool:
        return inner._endpoint.http_session._sessions is not None

    async def scenario() -> None:
        client = smsv2.AsyncClient(region_name="us-east-1")
        inner = await client.aiobotocore_client()
        assert is_open(inner)
        await client.close()
        assert not is_open(inner)
        async with smsv2.AsyncClient(region_name="us-east-1") as created:
            mine = await created.aiobotocore_client()
            assert is_open(mine)
        assert not is_open(mine)
        async with AioSession().create_client(
            "pinpoint-sms-voice-v2", region_name="us-east-1"
        ) as own:
            async with smsv2.AsyncClient(aiobotocore_client=own) as handed:
                assert await handed.aiobotocore_client() is own
            assert is_open(own)  # not smsv2's to close

    run(scenario())


def test_setup_errors_are_typed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_REGION", raising=False)
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")

    async def no_region() -> None:
        with pytest.raises(errors.ClientSetupError, match="no AWS region"):
            await smsv2.AsyncClient().describe_pools()

    run(no_region())
    with pytest.raises(ValueError, match="aiobotocore_client"):
        smsv2.AsyncClient(aiobotocore_client=object(), region_name="us-east-1")  # type: ignore[arg-type]
    monkeypatch.setitem(sys.modules, "aiobotocore.session", None)

    async def no_aiobotocore() -> None:
        with pytest.raises(errors.ClientSetupError, match=r"smsv2\[async\]"):
            await smsv2.AsyncClient(region_name="us-east-1").describe_pools()

    run(no_aiobotocore())


class _OldBotocoreClient:
    """An aiobotocore client of a botocore release without SendRcsMessage."""


def test_an_operation_missing_from_the_installed_botocore_names_both_versions() -> None:
    import botocore

    async def scenario() -> None:
        client = smsv2.AsyncClient(aiobotocore_client=_OldBotocoreClient())  # type: ignore[arg-type]
        with pytest.raises(OperationNotAvailableError) as info:
            await client.send_rcs_message(
                destination_phone_number=NUMBER,
                origination_identity="rcs-1",
                rcs_message_content={"content": {"text_message": {"body": "hi"}}},
            )
        assert info.value.operation == "SendRcsMessage"
        assert (info.value.model_version, info.value.installed_version) == (
            BOTOCORE_VERSION,
            botocore.__version__,
        )
        assert f"botocore {BOTOCORE_VERSION}" in str(info.value)
        assert isinstance(info.value, errors.ClientSetupError)

    run(scenario())
    sync = smsv2.Client(boto3_client=_OldBotocoreClient())  # type: ignore[arg-type]
    with pytest.raises(OperationNotAvailableError):
        sync.delete_rcs_message_spend_limit_override()
