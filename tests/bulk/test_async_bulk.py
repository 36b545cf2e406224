"""AsyncClient.send_bulk: the sync engine's outcomes, with every request sent on the event loop."""

from __future__ import annotations

import asyncio
import inspect
import threading
from pathlib import Path

import pytest

import smsv2
from smsv2 import errors
from smsv2.bulk import AsyncBulkRun, BulkOutcome, BulkStatus
from smsv2.testing import FakeSmsVoice

from .conftest import messages, request_number

FAST = 10_000.0


def test_send_bulk_has_the_same_parameters_on_both_clients() -> None:
    sync = inspect.signature(smsv2.Client.send_bulk).parameters
    async_ = inspect.signature(smsv2.AsyncClient.send_bulk).parameters
    assert list(async_) == list(sync)
    for name, parameter in sync.items():
        assert async_[name].kind == parameter.kind, name
        assert async_[name].default == parameter.default, name
        assert async_[name].annotation == parameter.annotation, name
    assert inspect.iscoroutinefunction(smsv2.AsyncClient.send_bulk)


def test_every_message_is_sent_once_from_the_event_loop(
    fake: FakeSmsVoice, client: smsv2.Client
) -> None:
    number = request_number(client)
    batch = messages(30, number)
    request_threads: set[str] = set()

    async def run() -> tuple[list[BulkOutcome], smsv2.BulkSummary]:
        loop_thread = threading.current_thread().name
        async with smsv2.AsyncClient(region_name="us-east-1") as async_client:
            inner = await async_client.aiobotocore_client()
            inner.meta.events.register(
                "before-send", lambda **_: request_threads.add(threading.current_thread().name)
            )
            job = await async_client.send_bulk(batch, parts_per_second=FAST, concurrency=4)
            assert isinstance(job, AsyncBulkRun)
            outcomes = [o async for o in job]
            assert request_threads == {loop_thread}
            return outcomes, job.summary

    outcomes, summary = asyncio.run(run())
    assert len(outcomes) == 30
    assert {o.status for o in outcomes} == {BulkStatus.SENT}
    assert summary.counts[BulkStatus.SENT] == 30 and not summary.interrupted
    assert len(fake.sent_messages) == 30
    assert len({m.destination for m in fake.sent_messages}) == 30
    assert {o.message_id for o in outcomes} == {m.message_id for m in fake.sent_messages}


def test_the_loop_keeps_running_while_the_job_is_paced(
    fake: FakeSmsVoice, client: smsv2.Client
) -> None:
    number = request_number(client)
    batch = messages(12, number)

    async def run() -> tuple[int, float]:
        ticks = 0
        stop = asyncio.Event()

        async def ticker() -> None:
            nonlocal ticks
            while not stop.is_set():
                await asyncio.sleep(0.01)
                ticks += 1

        ticking = asyncio.create_task(ticker())
        async with smsv2.AsyncClient(region_name="us-east-1") as async_client:
            job = await async_client.send_bulk(batch, parts_per_second=20)
            summary = await job.wait()
        stop.set()
        await ticking
        return ticks, summary.elapsed

    ticks, elapsed = asyncio.run(run())
    assert len(fake.sent_messages) == 12
    assert elapsed >= 0.3  # the job was paced at 20 parts/s after the bucket's burst
    # A blocked loop would not tick at all while the job runs; a free one ticks every 10 ms
    # or so (far fewer on a loaded machine, so the bound is loose).
    assert ticks >= 5


def test_breaking_out_stops_the_job_and_a_journal_resumes_it(
    fake: FakeSmsVoice, client: smsv2.Client, tmp_path: Path
) -> None:
    number = request_number(client)
    batch = messages(10, number)
    journal = tmp_path / "run.sqlite"

    async def first_part() -> smsv2.BulkSummary:
        async with smsv2.AsyncClient(region_name="us-east-1") as async_client:
            job = await async_client.send_bulk(
                batch, parts_per_second=FAST, journal=journal, concurrency=1
            )
            seen = 0
            async with job:  # leaving it waits for the sends in flight
                async for _ in job:
                    seen += 1
                    if seen == 3:
                        break
            return job.summary

    summary = asyncio.run(first_part())
    first = len(fake.sent_messages)
    assert 3 <= first < 10
    assert summary.interrupted
    assert summary.counts[BulkStatus.SENT] == first

    async def the_rest() -> list[BulkOutcome]:
        async with smsv2.AsyncClient(region_name="us-east-1") as async_client:
            job = await async_client.send_bulk(batch, parts_per_second=FAST, journal=journal)
            return [o async for o in job]

    again = asyncio.run(the_rest())
    assert len(again) == 10
    assert sum(o.previous for o in again) == first
    assert len(fake.sent_messages) == 10
    assert len({m.destination for m in fake.sent_messages}) == 10


def test_bad_settings_fail_at_the_await_before_anything_is_sent(fake: FakeSmsVoice) -> None:
    async def run() -> None:
        async with smsv2.AsyncClient(region_name="us-east-1") as async_client:
            await async_client.send_bulk([], concurrency=0)

    with pytest.raises(errors.RequestValidationError) as info:
        asyncio.run(run())
    assert info.value.fields == ["concurrency"]
    assert fake.sent_messages == []


def test_summary_before_the_job_starts_says_so(fake: FakeSmsVoice) -> None:
    async def run() -> None:
        async with smsv2.AsyncClient(region_name="us-east-1") as async_client:
            job = await async_client.send_bulk([])
            with pytest.raises(RuntimeError, match="not started"):
                print(job.summary)
            assert (await job.wait()).counts[BulkStatus.SENT] == 0

    asyncio.run(run())
