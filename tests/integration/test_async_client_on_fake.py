"""smsv2.AsyncClient against the fake, in-process (``mock_sms_voice``) and over HTTP
(``serve``): throttling, ClientToken reuse, sends that are never repeated, pagination."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Coroutine, Iterator, Mapping
from typing import Any, TypeVar

import pytest
from aiobotocore.config import AioConfig

import smsv2
from smsv2 import errors
from smsv2.testing import FakeSmsVoice, mock_sms_voice, serve
from smsv2.testing._backend._core import Answer

T = TypeVar("T")
DESTINATION = "+12065550100"


class RecordingFake(FakeSmsVoice):
    """Remembers every request body it is sent, faults included."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.requests: list[tuple[str, dict[str, object]]] = []

    def respond(self, operation_name: str, body: Mapping[str, object], **kwargs: Any) -> Answer:
        self.requests.append((operation_name, dict(body)))
        return super().respond(operation_name, body, **kwargs)

    def tokens(self, operation: str) -> list[object]:
        return [body.get("ClientToken") for name, body in self.requests if name == operation]


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


@pytest.fixture
def fake() -> Iterator[RecordingFake]:
    with mock_sms_voice(fake=RecordingFake(seed=42)) as active:
        active.leave_sandbox()
        yield active  # type: ignore[misc]


def client() -> smsv2.AsyncClient:
    return smsv2.AsyncClient(region_name="us-east-1", backoff_base=0.0, max_attempts=10)


async def toll_free(sms: smsv2.AsyncClient) -> str:
    number = await sms.request_phone_number(
        iso_country_code="US",
        message_type="TRANSACTIONAL",
        number_capabilities=["SMS"],
        number_type="TOLL_FREE",
    )
    assert number.phone_number_id is not None
    return number.phone_number_id


def test_thirty_percent_throttling_with_concurrent_tasks(fake: RecordingFake) -> None:
    names = [f"list-{i:02d}" for i in range(20)]  # the quota is 25 lists

    async def scenario() -> None:
        async with client() as sms:
            number_id = await toll_free(sms)
            fake.faults.throttle(0.3)
            await asyncio.gather(*(sms.create_opt_out_list(opt_out_list_name=n) for n in names))
            sends = await asyncio.gather(
                *(
                    sms.send_text_message(
                        destination_phone_number=DESTINATION,
                        origination_identity=number_id,
                        message_body=f"message {i}",
                    )
                    for i in range(40)
                )
            )
            listed = {o.opt_out_list_name async for o in sms.opt_out_lists(page_size=7)}
            assert set(names) <= listed
            assert len({s.message_id for s in sends}) == 40

    run(scenario())
    throttled = [f for f in fake.faults.injected if f.kind == "throttle"]
    assert len(throttled) > 10
    # Each message went out exactly once, whatever the throttling.
    assert sorted(m.message_body or "" for m in fake.sent_messages) == sorted(
        f"message {i}" for i in range(40)
    )
    # Every opt-out list creation reused its one token on each attempt.
    tokens = fake.tokens("CreateOptOutList")
    assert len(tokens) > len(names) and len(set(tokens)) == len(names)


def test_a_client_token_is_reused_by_every_attempt(fake: RecordingFake) -> None:
    async def scenario() -> str | None:
        async with client() as sms:
            number_id = await toll_free(sms)
            fake.faults.fail_next("CreatePool", times=3)
            fake.faults.fail_next("CreatePool", error="InternalServerException")
            pool = await sms.create_pool(
                origination_identity=number_id, message_type="TRANSACTIONAL"
            )
            assert [p.pool_id async for p in sms.pools()] == [pool.pool_id]
            return pool.pool_id

    run(scenario())
    tokens = fake.tokens("CreatePool")
    assert len(tokens) == 5 and tokens[0] and len(set(tokens)) == 1


def test_a_send_that_gets_a_500_is_not_repeated(fake: RecordingFake) -> None:
    async def scenario() -> None:
        async with client() as sms:
            number_id = await toll_free(sms)
            fake.faults.fail_next("SendTextMessage", error="InternalServerException")
            with pytest.raises(errors.SendOutcomeUnknownError):
                await sms.send_text_message(
                    destination_phone_number=DESTINATION,
                    origination_identity=number_id,
                    message_body="hi",
                )
            assert [name for name, _ in fake.requests].count("SendTextMessage") == 1
            assert fake.sent_messages == []
            sent = await sms.send_text_message(
                destination_phone_number=DESTINATION,
                origination_identity=number_id,
                message_body="hi",
            )
            assert [m.message_id for m in fake.sent_messages] == [sent.message_id]

    run(scenario())


@pytest.mark.parametrize("how", ["error", "timeout", "drop"])
def test_a_send_whose_answer_is_lost_after_the_work_is_sent_once(
    fake: RecordingFake, how: str
) -> None:
    async def scenario() -> None:
        async with client() as sms:
            number_id = await toll_free(sms)
            fake.faults.lose_next("SendTextMessage", how)  # type: ignore[arg-type]
            with pytest.raises(errors.SendOutcomeUnknownError):
                await sms.send_text_message(
                    destination_phone_number=DESTINATION,
                    origination_identity=number_id,
                    message_body="once",
                )
            # A create with a ClientToken is repeated, and the token makes it happen once.
            fake.faults.lose_next("CreateOptOutList", how)  # type: ignore[arg-type]
            await sms.create_opt_out_list(opt_out_list_name="after-loss")

    run(scenario())
    assert [name for name, _ in fake.requests].count("SendTextMessage") == 1
    assert [m.message_body for m in fake.sent_messages] == ["once"]
    tokens = fake.tokens("CreateOptOutList")
    assert len(tokens) == 2 and len(set(tokens)) == 1


def test_typed_errors_and_validation_against_the_fake(fake: RecordingFake) -> None:
    async def scenario() -> None:
        async with client() as sms:
            number_id = await toll_free(sms)
            await sms.put_opted_out_number(
                opt_out_list_name="Default", opted_out_number=DESTINATION
            )
            with pytest.raises(errors.DestinationOptedOutError) as info:
                await sms.send_text_message(
                    destination_phone_number=DESTINATION,
                    origination_identity=number_id,
                    message_body="hi",
                )
            assert info.value.attempts == 1 and info.value.request_id

    run(scenario())
    assert fake.sent_messages == []


def test_over_http_a_timed_out_send_is_reported_unknown_and_sent_once() -> None:
    fake = RecordingFake(seed=1)
    fake.leave_sandbox()
    config = AioConfig(read_timeout=0.3, connect_timeout=2)
    with serve(fake) as server:

        async def scenario() -> None:
            async with smsv2.AsyncClient(
                region_name="us-east-1",
                endpoint_url=server.endpoint_url,
                config=config,
                backoff_base=0.0,
            ) as sms:
                number_id = await toll_free(sms)
                fake.faults.latency(1.0, operations=["SendTextMessage"])
                with pytest.raises(errors.SendOutcomeUnknownError) as info:
                    await sms.send_text_message(
                        destination_phone_number=DESTINATION,
                        origination_identity=number_id,
                        message_body="hi",
                    )
                assert isinstance(info.value.error, errors.TransportError)
                assert info.value.error.request_sent
                fake.faults.clear()
                # A read may be repeated after the same timeout.
                fake.faults.fail_next("DescribePhoneNumbers", error="InternalServerException")
                assert [n.phone_number_id async for n in sms.phone_numbers()] == [number_id]

        with pytest.MonkeyPatch.context() as env:
            env.setenv("AWS_ACCESS_KEY_ID", "testing")
            env.setenv("AWS_SECRET_ACCESS_KEY", "testing")
            run(scenario())
        deadline = time.monotonic() + 10
        while not fake.sent_messages and time.monotonic() < deadline:
            time.sleep(0.05)  # the server finishes the slow request after the client gave up
    assert [name for name, _ in fake.requests].count("SendTextMessage") == 1
    assert len(fake.sent_messages) == 1


def test_over_http_concurrent_sends_and_pagination() -> None:
    fake = FakeSmsVoice(seed=2)
    fake.leave_sandbox()
    with serve(fake) as server:

        async def scenario() -> None:
            async with smsv2.AsyncClient(
                region_name="us-east-1",
                endpoint_url=server.endpoint_url,
                config=AioConfig(max_pool_connections=20),
            ) as sms:
                number_id = await toll_free(sms)
                results = await asyncio.gather(
                    *(
                        sms.send_text_message(
                            destination_phone_number=DESTINATION,
                            origination_identity=number_id,
                            message_body=str(i),
                        )
                        for i in range(60)
                    )
                )
                assert len({r.message_id for r in results}) == 60
                for i in range(12):
                    await sms.create_opt_out_list(opt_out_list_name=f"l{i:02d}")
                pages = [p async for p in sms.opt_out_lists(page_size=5).pages()]
                assert [len(p.opt_out_lists or []) for p in pages] == [5, 5, 3]  # + Default
                first = await sms.opt_out_lists().first()
                assert first is not None and first.opt_out_list_name

        with pytest.MonkeyPatch.context() as env:
            env.setenv("AWS_ACCESS_KEY_ID", "testing")
            env.setenv("AWS_SECRET_ACCESS_KEY", "testing")
            run(scenario())
    assert len(fake.sent_messages) == 60
