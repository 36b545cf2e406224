"""``AsyncClient.send_bulk``: the same bulk engine, with every request sent on the event loop.

The engine (pacing, journal, claims, backoff) is the one ``Client.send_bulk`` runs; nothing is
written twice. Its worker threads hand each request to the caller's event loop, where the
``AsyncClient`` sends it on its own connection pool, and wait for the answer; the loop never
blocks, and the outcomes arrive through ``async for``.
"""

from __future__ import annotations

import asyncio
import functools
import os
from collections.abc import (
    AsyncGenerator,
    AsyncIterator,
    Callable,
    Coroutine,
    Iterable,
    Mapping,
)
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, TypeVar, cast

from smsv2._public import publish
from smsv2.bulk._message import OutboundMessage
from smsv2.bulk._outcome import BulkOutcome, BulkProgress, BulkSummary
from smsv2.bulk._rate import RateLimiter
from smsv2.bulk._run import BulkRun
from smsv2.bulk._sender import Claims

if TYPE_CHECKING:
    from smsv2._generated.models import (
        ListPoolOriginationIdentitiesResult,
        PhoneNumberInformation,
        SendTextMessageResult,
    )
    from smsv2.async_client import AsyncClient
    from smsv2.client import Client
    from smsv2.retries import RetryPolicy

T = TypeVar("T")


class _OnTheLoop:
    """The calls the bulk engine makes on a client, run by an ``AsyncClient`` on its loop.

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

    def send_text_message(self, **arguments: Any) -> SendTextMessageResult:
        return self._wait(self._client.send_text_message(**arguments))

    def phone_numbers(self, **arguments: Any) -> list[PhoneNumberInformation]:
        return self._wait(self._client.phone_numbers(**arguments).to_list())

    def list_pool_origination_identities(
        self, **arguments: Any
    ) -> ListPoolOriginationIdentitiesResult:
        return self._wait(self._client.list_pool_origination_identities(**arguments))


class AsyncBulkRun:
    """A bulk job of an ``AsyncClient``: ``async for`` it for one :class:`BulkOutcome` per
    message, in completion order; :meth:`wait` runs it to its end. Otherwise as
    :class:`BulkRun`: breaking out of the loop (or cancelling it) stops taking messages, and
    the ones in flight finish.

    Python finalizes an abandoned ``async for`` later, not at the ``break``: use
    ``async with run:`` (or ``await run.aclose()``) to wait, right there, for the sends in
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
        """Counts, elapsed time and achieved rate so far (all of them after :meth:`wait`)."""
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


class AsyncBulkSendingMixin:
    """Adds :meth:`send_bulk` to ``smsv2.AsyncClient``."""

    async def send_bulk(
        self,
        messages: Iterable[OutboundMessage | Mapping[str, object]],
        *,
        parts_per_second: float | Mapping[str, float] | None = None,
        concurrency: int = 8,
        journal: str | os.PathLike[str] | None = None,
        on_progress: Callable[[BulkProgress], None] | None = None,
        resend_unknown: bool = False,
        api_requests_per_second: float | None = None,
        total: int | None = None,
        stop_timeout: float = 30.0,
        limiter: RateLimiter | None = None,
        claims: Claims | None = None,
    ) -> AsyncBulkRun:
        """Send many text messages at the service's rate; ``async for`` the result.

        The parameters, pacing, journal and outcomes are those of ``Client.send_bulk`` (see
        docs/bulk-sending.md). ``messages`` is a plain iterable, read on a worker thread;
        ``on_progress`` is called on a worker thread too.

        Raises:
            smsv2.bulk.JournalMismatchError: the journal is another job's; nothing was sent.
            smsv2.bulk.JournalCorruptError: the journal file is damaged; nothing was sent.
            smsv2.errors.RequestValidationError: a bad setting (named), before anything is sent.
        """
        engine_client = cast(
            "Client", _OnTheLoop(cast("AsyncClient", self), asyncio.get_running_loop())
        )
        driver = ThreadPoolExecutor(max_workers=1, thread_name_prefix="smsv2-bulk-driver")
        # The engine opens the journal and reads the job's first messages: off the loop.
        try:
            run = await asyncio.get_running_loop().run_in_executor(
                driver,
                functools.partial(
                    BulkRun,
                    engine_client,
                    messages,
                    parts_per_second=parts_per_second,
                    concurrency=concurrency,
                    journal=journal,
                    on_progress=on_progress,
                    resend_unknown=resend_unknown,
                    api_requests_per_second=api_requests_per_second,
                    total=total,
                    stop_timeout=stop_timeout,
                    limiter=limiter,
                    claims=claims,
                ),
            )
        except BaseException:
            driver.shutdown(wait=False)
            raise
        return AsyncBulkRun(run, driver)


# Loaded lazily by smsv2.bulk, which cannot publish it itself.
publish("smsv2.bulk", ["AsyncBulkRun"], globals())
