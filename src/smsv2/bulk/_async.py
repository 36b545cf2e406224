"""`AsyncClient.send_bulk`: the same bulk engine, with every request sent on the event loop.

The engine (pacing, journal, claims, backoff) is the one `Client.send_bulk` runs; nothing is
written twice. Its worker threads hand each request to the caller's event loop, where the
`AsyncClient` sends it on its own connection pool, and wait for the answer; the loop never
blocks, and the outcomes arrive through `async for`.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Coroutine, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, TypeVar

from smsv2._public import publish
from smsv2.bulk._outcome import BulkOutcome, BulkSummary
from smsv2.bulk._run import BulkOptions, BulkRun, Item

if TYPE_CHECKING:
    from smsv2._generated.models import (
        ListPoolOriginationIdentitiesResult,
        PhoneNumberInformation,
        RcsAgentInformation,
        SenderIdFilter,
        SenderIdInformation,
        SendTextMessageResult,
    )
    from smsv2._generated.typeddicts import SenderIdFilterDict
    from smsv2.async_client import AsyncClient
    from smsv2.retries import RetryPolicy

T = TypeVar("T")


class _OnTheLoop:
    """The calls the bulk engine makes on a client, run by an `AsyncClient` on its loop.

    Called from the engine's worker threads only: each call waits for its coroutine there.
    """

    def __init__(self, client: AsyncClient, loop: asyncio.AbstractEventLoop) -> None:
        self._client = client
        self._loop = loop

    def _wait(self, call: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(call, self._loop).result()

    @property
    def retry_policy(self) -> RetryPolicy:
        return self._client.retry_policy

    def with_options(self, *, max_attempts: int) -> _OnTheLoop:
        return _OnTheLoop(self._client.with_options(max_attempts=max_attempts), self._loop)

    @property
    def send_text_message(self) -> Callable[..., SendTextMessageResult]:
        def send(**arguments: Any) -> SendTextMessageResult:
            return self._wait(self._client.send_text_message(**arguments))

        return send

    def phone_numbers(
        self, *, phone_number_ids: Sequence[str] | None = None
    ) -> list[PhoneNumberInformation]:
        pages = self._client.phone_numbers(phone_number_ids=phone_number_ids)
        return self._wait(pages.to_list())

    def list_pool_origination_identities(
        self, *, pool_id: str, next_token: str | None = None
    ) -> ListPoolOriginationIdentitiesResult:
        call = self._client.list_pool_origination_identities(pool_id=pool_id, next_token=next_token)
        return self._wait(call)

    def sender_ids(
        self, *, filters: Sequence[SenderIdFilter | SenderIdFilterDict] | None = None
    ) -> list[SenderIdInformation]:
        return self._wait(self._client.sender_ids(filters=filters).to_list())

    def rcs_agents(
        self, *, rcs_agent_ids: Sequence[str] | None = None
    ) -> list[RcsAgentInformation]:
        return self._wait(self._client.rcs_agents(rcs_agent_ids=rcs_agent_ids).to_list())


class AsyncBulkRun:
    """A bulk job of an `AsyncClient`: `async for` it for one
    [`BulkOutcome`][smsv2.bulk.BulkOutcome] per message, in completion order;
    [`wait`][smsv2.bulk.AsyncBulkRun.wait] runs it to its end. Otherwise as
    [`BulkRun`][smsv2.bulk.BulkRun]: breaking out of the loop (or cancelling it) stops taking
    messages, and the ones in flight finish.

    Python finalizes an abandoned `async for` later, not at the `break`: use
    `async with run:` (or `await run.aclose()`) to wait, right there, for the sends in
    flight to finish.
    """

    def __init__(self, run: BulkRun, driver: ThreadPoolExecutor) -> None:
        self._run = run
        # One thread drives the engine's generator, so its steps and its close never overlap.
        self._driver = driver
        self._started = False
        self._iterator: AsyncGenerator[BulkOutcome, None] | None = None

    def __aiter__(self) -> AsyncIterator[BulkOutcome]:
        self._iterator = self._iterate()
        return self._iterator

    async def aclose(self) -> None:
        """Stop taking messages and wait for the sends in flight (a no-op once finished)."""
        if self._iterator is not None:
            await self._iterator.aclose()

    async def __aenter__(self) -> AsyncBulkRun:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def _iterate(self) -> AsyncGenerator[BulkOutcome, None]:
        loop = asyncio.get_running_loop()
        outcomes = iter(self._run)
        self._started = True
        finished = False
        try:
            while True:
                # next() blocks until an outcome is ready: on the driver thread, so the loop
                # keeps sending the requests the engine hands it.
                outcome = await loop.run_in_executor(self._driver, next, outcomes, None)
                if outcome is None:
                    finished = True
                    return
                yield outcome
        finally:
            if not finished:
                self._run.stop()
            # Queued behind any step still running; in-flight sends finish on the loop.
            await loop.run_in_executor(self._driver, outcomes.close)
            self._driver.shutdown(wait=False)

    @property
    def summary(self) -> BulkSummary:
        """Counts, elapsed time and achieved rate so far (all of them after
        [`wait`][smsv2.bulk.AsyncBulkRun.wait])."""
        if not self._started:
            raise RuntimeError("the job has not started: iterate it or await wait() first")
        return self._run.summary

    async def wait(self) -> BulkSummary:
        """Run the job to its end, dropping the outcomes; the summary."""
        async for _ in self:
            pass
        return self.summary

    def stop(self) -> None:
        """Stop taking messages; the ones in flight finish (safe from any thread)."""
        self._run.stop()


async def start_async_bulk(
    client: AsyncClient, messages: Iterable[Item], options: BulkOptions
) -> AsyncBulkRun:
    """`AsyncClient.send_bulk`: the bulk engine, with every request sent on `client`'s loop."""
    loop = asyncio.get_running_loop()
    driver = ThreadPoolExecutor(max_workers=1, thread_name_prefix="smsv2-bulk-driver")
    # The engine opens the journal and reads the job's first messages: off the loop.
    try:
        run = await loop.run_in_executor(
            driver, functools.partial(BulkRun, _OnTheLoop(client, loop), messages, **options)
        )
    except BaseException:
        driver.shutdown(wait=False)
        raise
    return AsyncBulkRun(run, driver)


__all__ = ["AsyncBulkRun", "start_async_bulk"]


# Loaded lazily by smsv2.bulk, which cannot publish it itself.
publish("smsv2.bulk", ["AsyncBulkRun"], globals())
