"""Typed use of every public module; pyright strict and mypy --strict must accept it.

``make typecheck`` checks it (tests/typing/pyright_check.py); it also runs against the fake:
``python tests/typing/usage.py``.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import smsv2
from smsv2 import errors
from smsv2.async_client import AsyncClient
from smsv2.client import Client
from smsv2.errors import DestinationOptedOutError, FieldProblem, RequestValidationError, SmsV2Error
from smsv2.models import (
    DescribePoolsResult,
    MessageType,
    MessageTypeLiteral,
    PhoneNumberFilterDict,
    PoolInformation,
    SendTextMessageResult,
    Tag,
    TagDict,
)
from smsv2.pagination import AsyncPaginator, Paginator
from smsv2.resources import OptOutList, Pool
from smsv2.resources.pools import Pool as PoolFromItsModule
from smsv2.retries import RetryEvent, RetryPolicy
from smsv2.testing import FakeSmsVoice, SentMessage, mock_sms_voice
from smsv2.testing.pytest_plugin import sms_voice
from smsv2.testing.server import ThreadedServer, serve


def on_retry(event: RetryEvent) -> None:
    attempt: int = event.attempt
    print(attempt)


def send(client: Client, number: str) -> str | None:
    kind: MessageTypeLiteral = "TRANSACTIONAL"
    try:
        result: SendTextMessageResult = client.send_text_message(
            destination_phone_number=number,
            message_body="Your code is 123456",
            message_type=kind,
        )
    except DestinationOptedOutError as err:
        reason: str | None = err.reason
        print(reason)
        return None
    except RequestValidationError as err:
        problems: list[FieldProblem] = err.problems
        print([p.field for p in problems])
        raise
    return result.message_id


def pools(client: Client) -> Iterator[PoolInformation]:
    paginator: Paginator[PoolInformation, DescribePoolsResult] = client.pools(
        page_size=10, max_items=20
    )
    yield from paginator


async def send_async(client: AsyncClient, number: str) -> str | None:
    kind: MessageTypeLiteral = "TRANSACTIONAL"
    try:
        result: SendTextMessageResult = await client.send_text_message(
            destination_phone_number=number,
            message_body="Your code is 123456",
            message_type=kind,
        )
    except DestinationOptedOutError as err:
        print(err.reason)
        return None
    return result.message_id


async def pools_async(client: AsyncClient) -> AsyncIterator[PoolInformation]:
    paginator: AsyncPaginator[PoolInformation, DescribePoolsResult] = client.pools(
        page_size=10, max_items=20
    )
    async for pool in paginator:
        yield pool


async def main_async() -> None:
    async def no_wait(seconds: float) -> None:
        print(seconds)

    async with smsv2.AsyncClient(region_name="us-east-1", on_retry=on_retry) as client:
        quick: AsyncClient = client.with_options(max_attempts=2, sleep=no_wait)
        number = await quick.request_phone_number(
            iso_country_code="US",
            message_type=MessageType.TRANSACTIONAL,
            number_capabilities=["SMS"],
            number_type="TOLL_FREE",
        )
        assert number.phone_number_id is not None
        await client.create_pool(
            origination_identity=number.phone_number_id, message_type="TRANSACTIONAL"
        )
        print([p.pool_id async for p in pools_async(client)])
        pages: list[DescribePoolsResult] = [page async for page in client.pools().pages()]
        first: PoolInformation | None = await client.pools().first()
        everything: list[PoolInformation] = await client.pools().to_list()
        print(len(pages), first, len(everything), await send_async(client, "+12065550100"))
        job = await client.send_bulk(
            [smsv2.OutboundMessage(destination_phone_number="+12065550101", message_body="hi")],
            parts_per_second=50,
        )
        statuses: list[smsv2.BulkStatus] = [outcome.status async for outcome in job]
        summary: smsv2.BulkSummary = job.summary
        print(statuses, summary.counts)


def main() -> None:
    fake: FakeSmsVoice
    with mock_sms_voice() as fake:
        fake.leave_sandbox()
        client = smsv2.Client(region_name="us-east-1", max_attempts=3, on_retry=on_retry)
        policy: RetryPolicy = RetryPolicy()
        print(policy.max_attempts)
        number = client.request_phone_number(
            iso_country_code="US",
            message_type=MessageType.TRANSACTIONAL,
            number_capabilities=["SMS"],
            number_type="TOLL_FREE",
        )
        tags: list[Tag | TagDict] = [Tag(key="team", value="auth"), {"key": "env", "value": "dev"}]
        client.create_pool(
            origination_identity=number.phone_number_id, message_type="TRANSACTIONAL", tags=tags
        )
        active: PhoneNumberFilterDict = {"name": "status", "values": ["ACTIVE"]}
        print([n.phone_number_id for n in client.phone_numbers(filters=[active])])
        print([p.pool_id for p in pools(client)])
        print(send(client, "+12065550100"))
        sent: list[SentMessage] = fake.sent_messages
        print(len(sent))
        stop = OptOutList.create("marketing")
        print(stop.name, [p.id for p in Pool.list()], PoolFromItsModule is Pool)
        try:
            client.describe_pools(pool_ids=["pool-missing"])
        except errors.ServiceError as err:
            print(type(err).__name__, err.request_id)
        except SmsV2Error:
            raise
        asyncio.run(main_async())
    server: ThreadedServer = serve(port=0)
    print(server.endpoint_url)
    server.stop()
    print(sms_voice)


if __name__ == "__main__":
    main()
