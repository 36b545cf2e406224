"""`smsv2.AsyncClient`: every operation of `smsv2.Client`, awaitable, on aiobotocore."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from typing_extensions import Unpack

from smsv2._generated.async_client import AsyncGeneratedClient
from smsv2.bulk import AsyncBulkRun, BulkOptions, OutboundMessage
from smsv2.bulk._async import start_async_bulk


class AsyncClient(AsyncGeneratedClient):
    """A typed asyncio client for AWS End User Messaging SMS and Voice, v2.

    ```python
    async with smsv2.AsyncClient(region_name="us-east-1") as client:
        await client.send_text_message(destination_phone_number="+14255550100", ...)
        async for number in client.phone_numbers():
            print(number.phone_number)
    ```

    Generated from the same model and template as [`smsv2.Client`][smsv2.Client]: the same methods
    with the same keyword-only parameters and result types, the same local validation, errors and
    retry rules. Paginator methods return an
    [`smsv2.pagination.AsyncPaginator`][smsv2.pagination.AsyncPaginator]. `await
    client.send_bulk(...)` runs the bulk engine of `Client.send_bulk` with every request sent on
    this client's event loop (see `smsv2.bulk`). Needs aiobotocore (`pip install 'smsv2[async]'`).
    Use one client per event loop.
    """

    async def send_bulk(
        self,
        messages: Iterable[OutboundMessage | Mapping[str, object]],
        **options: Unpack[BulkOptions],
    ) -> AsyncBulkRun:
        """Send many text messages at the service's rate; `async for` the result.

        The options, pacing, journal and outcomes are those of `Client.send_bulk` (see
        docs/bulk-sending.md). `messages` is a plain iterable, read on a worker thread;
        `on_progress` is called on a worker thread too.

        Raises:
            smsv2.errors.JournalMismatchError: the journal is another job's; nothing was sent.
            smsv2.errors.JournalCorruptError: the journal file is empty, damaged or not a
                journal; nothing was sent.
            smsv2.errors.RequestValidationError: a bad setting (named), before anything is sent.
        """
        return await start_async_bulk(self, messages, options)


__all__ = ["AsyncClient"]
