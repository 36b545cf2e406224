"""The sync driver behind every `Client` method: the boto3 client and one line of I/O.

The generated `GeneratedClient` adds one typed method per operation on top of this class. Each
method builds its request explicitly (`smsv2._requests`), then hands it to `_call` (one
result) or `_paginate` (a lazy [`Paginator`][smsv2.pagination.Paginator]). Every decision of a
call is the engine's (`smsv2._engine`), shared with `AsyncClient`; this module only sends.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar, cast

from smsv2._engine import Call, operation_method, parse_result, wire_request
from smsv2._options import NOT_GIVEN, NotGiven, given
from smsv2._setup import Settings, only_one_client
from smsv2._transport import Transport, session_type
from smsv2.pagination import Paginator
from smsv2.retries import RetryEvent, RetryPolicy
from smsv2.telemetry._calls import observed_call
from smsv2.telemetry._state import check_option

if TYPE_CHECKING:
    import boto3
    from botocore.client import BaseClient
    from botocore.config import Config
    from typing_extensions import Self

    from smsv2._model_base import RequestModel
    from smsv2._operation import Operation, Pagination

R = TypeVar("R")
ItemT = TypeVar("ItemT")
SleepT = TypeVar("SleepT")
TransportT = TypeVar("TransportT")


class CoreBase(Generic[SleepT, TransportT]):
    """What the sync and the async driver share: the retry policy, per-call options, the repr.

    `SleepT` is how the client waits between attempts (a function, or a coroutine function),
    `TransportT` what carries its requests.
    """

    _owns_transport: bool = True
    """False on a `with_options` copy: the client that created the transport closes it."""
    _sleep_option: ClassVar[str] = "sleep"
    """The RetryPolicy field `with_options(sleep=...)` sets."""

    def __init__(self, transport: TransportT, retry: RetryPolicy, telemetry: bool | None) -> None:
        self._transport = transport
        self._retry = retry
        self._telemetry = check_option(telemetry)

    @property
    def retry_policy(self) -> RetryPolicy:
        """This client's retry settings."""
        return self._retry

    def with_options(
        self,
        *,
        max_attempts: int | NotGiven = NOT_GIVEN,
        timeout: float | NotGiven | None = NOT_GIVEN,
        backoff_base: float | NotGiven = NOT_GIVEN,
        backoff_cap: float | NotGiven = NOT_GIVEN,
        on_retry: Callable[[RetryEvent], None] | NotGiven | None = NOT_GIVEN,
        sleep: SleepT | NotGiven = NOT_GIVEN,
    ) -> Self:
        """A client with other retry settings that shares this one's connection pool.

        `client.with_options(max_attempts=1).send_text_message(...)` changes one call only. Options
        left out keep this client's values; `timeout=None` removes the deadline. `sleep` is how to
        wait (`time.sleep`; for `AsyncClient` a coroutine function, `asyncio.sleep`). A wrong type
        or value raises [`ClientOptionError`][smsv2.errors.ClientOptionError] here. The copy does
        not own the pool: closing it leaves this client working.
        """
        options: dict[str, object] = {
            "max_attempts": max_attempts,
            "timeout": timeout,
            "backoff_base": backoff_base,
            "backoff_cap": backoff_cap,
            "on_retry": on_retry,
            self._sleep_option: sleep,
        }
        # replace() runs RetryPolicy's checks: a wrong type fails here, before any call.
        policy = dataclasses.replace(self._retry, **given(options))  # type: ignore[arg-type]
        clone = object.__new__(type(self))
        clone.__dict__.update(self.__dict__)
        clone._retry = policy
        clone._owns_transport = False
        return clone

    def _where(self) -> tuple[str | None, str | None]:
        """The region and endpoint this client sends to, as far as known without a request."""
        raise NotImplementedError

    def __repr__(self) -> str:
        region, endpoint = self._where()
        parts = [f"region={region!r}", f"endpoint={endpoint!r}"]
        for name, value in self._retry.changed_options().items():
            parts.append(f"{name}={getattr(value, '__qualname__', value)!r}")
        if not self._owns_transport:
            parts.append("shares_transport=True")
        return f"{type(self).__name__}({', '.join(parts)})"


class ClientCore(CoreBase[Callable[[float], None], Transport]):
    """Validation, retries, transport and parsing shared by every operation."""

    def __init__(
        self,
        *,
        region_name: str | None = None,
        profile_name: str | None = None,
        session: boto3.Session | None = None,
        boto3_client: BaseClient | None = None,
        endpoint_url: str | None = None,
        config: Config | None = None,
        max_attempts: int = RetryPolicy.max_attempts,
        timeout: float | None = None,
        backoff_base: float = RetryPolicy.backoff_base,
        backoff_cap: float = RetryPolicy.backoff_cap,
        on_retry: Callable[[RetryEvent], None] | None = None,
        telemetry: bool | None = None,
    ) -> None:
        """Create a client. Options are checked here; nothing connects until the first call.

        Args:
            region_name: the AWS region; defaults to boto3's usual chain (AWS_REGION, profile...).
            profile_name: a named profile from the AWS config files.
            session: a boto3 Session to create the boto3 client from.
            boto3_client: an existing `pinpoint-sms-voice-v2` boto3 client to use as is.
                smsv2 removes its botocore retry handler: smsv2 retries (docs/retries.md).
            endpoint_url: a different endpoint, e.g. `smsv2.testing`'s HTTP server.
            config: a botocore Config (timeouts, pool size, user agent...).
            max_attempts: total requests per call, the first included.
            timeout: overall deadline in seconds for one call, retries and waits included.
            backoff_base: the first retry wait's upper bound in seconds (full jitter).
            backoff_cap: the longest single wait in seconds.
            on_retry: called before each retry wait with a RetryEvent.
            telemetry: OpenTelemetry spans and metrics for this client (`smsv2[otel]`):
                True or False whatever `smsv2.telemetry.instrument()` says, None to follow it.
        """
        only_one_client("boto3_client", boto3_client, session, region_name, profile_name)
        settings = Settings.checked(
            region_name, profile_name, endpoint_url, config, session, session_type
        )
        retry = RetryPolicy(max_attempts, timeout, backoff_base, backoff_cap, on_retry)
        super().__init__(Transport(settings, boto3_client, session), retry, telemetry)

    # -- configuration --------------------------------------------------------------------------

    @property
    def boto3_client(self) -> BaseClient:
        """The underlying boto3 client (created on first access)."""
        return self._transport.client

    def close(self) -> None:
        """Close the connection pool of a boto3 client smsv2 created.

        A handed-in `boto3_client` stays open, and closing a `with_options` copy does
        nothing: the client that created the pool owns it.
        """
        if self._owns_transport:
            self._transport.close()

    def _where(self) -> tuple[str | None, str | None]:
        return self._transport.where()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- calls ------------------------------------------------------------------------------------

    @observed_call
    def _call(self, operation: Operation[R], request: RequestModel) -> R:
        """Send one validated request, with retries, and return its typed result."""
        call = Call(operation, request)
        method = self._transport.caller(
            operation.name, operation_method(self._transport.botocore_client, operation)
        )

        def attempt(number: int) -> R:
            with call.attempt(number) as io:
                io.response = method(**call.wire)  # the one place a sync attempt does I/O
            return cast("R", io.outcome())

        return self._retry.call(operation.name, attempt)

    def _paginate(
        self,
        pagination: Pagination[ItemT, R],
        requests: Sequence[RequestModel],
        *,
        max_items: int | None,
    ) -> Paginator[ItemT, R]:
        """A lazy paginator that sends the already-built `requests` through `_call`."""
        fetch = functools.partial(self._call, pagination.operation)
        return Paginator(fetch, requests, pagination, max_items=max_items)


__all__ = ["ClientCore", "CoreBase", "operation_method", "parse_result", "wire_request"]
