"""`smsv2.AsyncClient`: every operation of `smsv2.Client`, awaitable, on aiobotocore."""

from __future__ import annotations

from smsv2._generated.async_client import AsyncGeneratedClient
from smsv2.bulk._async import AsyncBulkSendingMixin


class AsyncClient(AsyncBulkSendingMixin, AsyncGeneratedClient):
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


__all__ = ["AsyncClient"]
