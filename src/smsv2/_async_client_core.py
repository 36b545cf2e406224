"""The machinery behind every `AsyncClient` method: the sync core's rules on aiobotocore.

The same request building (`smsv2._requests`), the same errors (`smsv2.errors`), the same
retry decisions (`RetryPolicy.call_async`, on tenacity's async API), the same ClientToken
reuse and the same result parsing as `ClientCore`; only the transport and the waits differ.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, TypeVar, cast

from smsv2._async_transport import AsyncTransport
from smsv2._client_core import CoreBase, operation_method, parse_result, wire_request
from smsv2._error_mapping import from_exception
from smsv2._log_redaction import smsv2_call
from smsv2._options import NOT_GIVEN, NotGiven
from smsv2.errors import ClientOptionError
from smsv2.pagination import AsyncPaginator
from smsv2.retries import RetryEvent, RetryPolicy
from smsv2.telemetry._calls import observed_async_call
from smsv2.telemetry._state import check_option

if TYPE_CHECKING:
    from aiobotocore.config import AioConfig
    from aiobotocore.session import AioSession
    from types_aiobotocore_pinpoint_sms_voice_v2 import PinpointSMSVoiceV2Client
    from typing_extensions import Self

    from smsv2._model_base import RequestModel
    from smsv2._operation import Operation, Pagination

R = TypeVar("R")
ItemT = TypeVar("ItemT")


class AsyncClientCore(CoreBase):
    """Validation, retries, transport and parsing for the async client."""

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
        """Create an async client. Nothing is loaded or connected until the first call.

        Args:
            region_name: the AWS region; defaults to botocore's usual chain (AWS_REGION...).
            profile_name: a named profile from the AWS config files.
            session: an aiobotocore `AioSession` to create the client from.
            aiobotocore_client: an open `pinpoint-sms-voice-v2` aiobotocore client to use
                as is (its own retries still apply; `close()` leaves it open).
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
        if aiobotocore_client is not None and (session is not None or region_name or profile_name):
            raise ClientOptionError(
                "aiobotocore_client",
                "pass either aiobotocore_client or session/region_name/profile_name",
            )
        self._transport = AsyncTransport(
            aiobotocore_client=aiobotocore_client,
            session=session,
            region_name=region_name,
            profile_name=profile_name,
            endpoint_url=endpoint_url,
            config=config,
        )
        self._telemetry = check_option(telemetry)
        super().__init__(
            max_attempts=max_attempts,
            timeout=timeout,
            backoff_base=backoff_base,
            backoff_cap=backoff_cap,
            on_retry=on_retry,
        )

    # -- configuration --------------------------------------------------------------------------

    async def aiobotocore_client(self) -> PinpointSMSVoiceV2Client:
        """The underlying aiobotocore client (created on first use)."""
        return await self._transport.client()

    def with_options(
        self,
        *,
        max_attempts: int | NotGiven = NOT_GIVEN,
        timeout: float | NotGiven | None = NOT_GIVEN,
        backoff_base: float | NotGiven = NOT_GIVEN,
        backoff_cap: float | NotGiven = NOT_GIVEN,
        on_retry: Callable[[RetryEvent], None] | NotGiven | None = NOT_GIVEN,
        sleep: Callable[[float], Awaitable[None]] | NotGiven = NOT_GIVEN,
    ) -> Self:
        """A client with other retry settings that shares this one's connection pool.

        `client.with_options(max_attempts=1).send_text_message(...)` changes one call only. `sleep`
        is a coroutine function (`asyncio.sleep` by default). Options left out keep this client's
        values; a wrong type raises [`ClientOptionError`][smsv2.errors.ClientOptionError]. The copy
        does not own the pool: closing it leaves this client working.
        """
        return self._with_retry(
            {
                "max_attempts": max_attempts,
                "timeout": timeout,
                "backoff_base": backoff_base,
                "backoff_cap": backoff_cap,
                "on_retry": on_retry,
                "async_sleep": sleep,
            }
        )

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
        wire = wire_request(operation, request)
        method = self._transport.caller(
            operation.name, operation_method(await self._transport.botocore_client(), operation)
        )
        attempts = 0

        async def attempt(number: int) -> dict[str, object]:
            nonlocal attempts
            attempts = number
            try:
                with smsv2_call():
                    return await cast("Awaitable[dict[str, object]]", method(**wire))
            except Exception as exc:
                raise from_exception(exc, operation, number) from exc

        response = await self._retry.call_async(operation.name, attempt)
        return parse_result(operation, response, attempts=attempts)

    def _paginate(
        self,
        pagination: Pagination[ItemT, R],
        requests: Sequence[RequestModel],
        *,
        max_items: int | None,
    ) -> AsyncPaginator[ItemT, R]:
        """A lazy paginator that sends the already-built `requests` through `_call`."""
        return AsyncPaginator(
            functools.partial(self._call, pagination.operation),
            requests,
            pagination,
            max_items=max_items,
        )
