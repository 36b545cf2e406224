"""The async driver behind every `AsyncClient` method: the aiobotocore client and one await.

Every decision of a call is the engine's (`smsv2._engine`), the same as `ClientCore`'s:
request building, ClientToken reuse, error mapping and masking, result parsing. The retry
decisions are `RetryPolicy`'s, on tenacity's async API; only the I/O and the waits differ.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, TypeVar, cast

from smsv2._async_transport import AsyncTransport, session_type
from smsv2._client_core import CoreBase
from smsv2._engine import Call, operation_method
from smsv2._setup import Settings, only_one_client
from smsv2.pagination import AsyncPaginator
from smsv2.retries import RetryEvent, RetryPolicy
from smsv2.telemetry._calls import observed_async_call

if TYPE_CHECKING:
    from aiobotocore.config import AioConfig
    from aiobotocore.session import AioSession
    from types_aiobotocore_pinpoint_sms_voice_v2 import PinpointSMSVoiceV2Client
    from typing_extensions import Self

    from smsv2._model_base import RequestModel
    from smsv2._operation import Operation, Pagination

R = TypeVar("R")
ItemT = TypeVar("ItemT")


class AsyncClientCore(CoreBase[Callable[[float], Awaitable[None]], AsyncTransport]):
    """Validation, retries, transport and parsing for the async client."""

    _sleep_option = "async_sleep"

    def __init__(
        self,
        *,
        region_name: str | None = None,
        profile_name: str | None = None,
        session: AioSession | None = None,
        aiobotocore_client: PinpointSMSVoiceV2Client | None = None,
        endpoint_url: str | None = None,
        config: AioConfig | None = None,
        max_attempts: int = RetryPolicy.max_attempts,
        timeout: float | None = None,
        backoff_base: float = RetryPolicy.backoff_base,
        backoff_cap: float = RetryPolicy.backoff_cap,
        on_retry: Callable[[RetryEvent], None] | None = None,
        telemetry: bool | None = None,
    ) -> None:
        """Create an async client. Options are checked here; nothing connects until the first call.

        Args:
            region_name: the AWS region; defaults to botocore's usual chain (AWS_REGION...).
            profile_name: a named profile from the AWS config files.
            session: an aiobotocore `AioSession` to create the client from.
            aiobotocore_client: an open `pinpoint-sms-voice-v2` aiobotocore client to use
                as is (smsv2 removes its own retry handler; `close()` leaves it open).
            endpoint_url: a different endpoint, e.g. `smsv2.testing`'s HTTP server.
            config: an aiobotocore `AioConfig` (timeouts, `max_pool_connections`...).
            max_attempts: total requests per call, the first included.
            timeout: overall deadline in seconds for one call, retries and waits included.
            backoff_base: the first retry wait's upper bound in seconds (full jitter).
            backoff_cap: the longest single wait in seconds.
            on_retry: called before each retry wait with a RetryEvent.
            telemetry: OpenTelemetry spans and metrics for this client (`smsv2[otel]`):
                True or False whatever `smsv2.telemetry.instrument()` says, None to follow it.
        """
        only_one_client(
            "aiobotocore_client", aiobotocore_client, session, region_name, profile_name
        )
        settings = Settings.checked(
            region_name, profile_name, endpoint_url, config, session, session_type
        )
        retry = RetryPolicy(max_attempts, timeout, backoff_base, backoff_cap, on_retry)
        super().__init__(AsyncTransport(settings, aiobotocore_client, session), retry, telemetry)

    # -- configuration --------------------------------------------------------------------------

    async def aiobotocore_client(self) -> PinpointSMSVoiceV2Client:
        """The underlying aiobotocore client (created on first use)."""
        return await self._transport.client()

    async def close(self) -> None:
        """Close the connection pool of an aiobotocore client smsv2 created.

        A handed-in `aiobotocore_client` stays open, and closing a `with_options` copy
        does nothing: the client that created the pool owns it.
        """
        if self._owns_transport:
            await self._transport.close()

    def _where(self) -> tuple[str | None, str | None]:
        return self._transport.where()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # -- calls ------------------------------------------------------------------------------------

    @observed_async_call
    async def _call(self, operation: Operation[R], request: RequestModel) -> R:
        """Send one validated request, with retries, and return its typed result."""
        call = Call(operation, request)
        method = self._transport.caller(
            operation.name, operation_method(await self._transport.botocore_client(), operation)
        )

        async def attempt(number: int) -> R:
            with call.attempt(number) as io:
                io.response = await cast("Awaitable[object]", method(**call.wire))  # the I/O
            return cast("R", io.outcome())

        return await self._retry.call_async(operation.name, attempt)

    def _paginate(
        self,
        pagination: Pagination[ItemT, R],
        requests: Sequence[RequestModel],
        *,
        max_items: int | None,
    ) -> AsyncPaginator[ItemT, R]:
        """A lazy paginator that sends the already-built `requests` through `_call`."""
        fetch = functools.partial(self._call, pagination.operation)
        return AsyncPaginator(fetch, requests, pagination, max_items=max_items)
