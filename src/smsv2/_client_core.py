"""The machinery behind every client method: validate, send with retries, parse.

The generated `GeneratedClient` adds one typed method per operation on top of this class. Each
method builds its request explicitly (`smsv2._requests`), then hands it to `_call` (one
result) or `_paginate` (a lazy [`Paginator`][smsv2.pagination.Paginator]).
"""

from __future__ import annotations

import dataclasses
import functools
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, TypeVar, cast

from pydantic import ValidationError

from smsv2._error_mapping import from_exception, safe_cause
from smsv2._errors_base import problems_from_pydantic
from smsv2._log_redaction import smsv2_call
from smsv2._model_base import OperationResult, attach_response_metadata
from smsv2._options import NOT_GIVEN, NotGiven, given
from smsv2._transport import RAW_BODY_KEY, Transport, last_response, start_attempt
from smsv2.errors import ClientOptionError, OperationNotAvailableError, ResponseParseError
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


class CoreBase:
    """What the sync and the async core share: the retry policy, per-call options, the repr."""

    _owns_transport: bool = True
    """False on a `with_options` copy: the client that created the transport closes it."""

    def __init__(
        self,
        *,
        max_attempts: int,
        timeout: float | None,
        backoff_base: float,
        backoff_cap: float,
        on_retry: Callable[[RetryEvent], None] | None,
    ) -> None:
        self._retry = RetryPolicy(
            max_attempts=max_attempts,
            timeout=timeout,
            backoff_base=backoff_base,
            backoff_cap=backoff_cap,
            on_retry=on_retry,
        )

    @property
    def retry_policy(self) -> RetryPolicy:
        """This client's retry settings."""
        return self._retry

    def _with_retry(self, options: Mapping[str, object]) -> Self:
        """A copy with the given retry changes that shares (and does not own) this transport."""
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


def wire_request(operation: Operation[object], request: RequestModel) -> dict[str, object]:
    """The request's wire members, with a fresh ClientToken where the operation takes one."""
    wire = request.to_wire()
    token = operation.idempotency_token
    if token is not None and token not in wire:
        # One token per logical call, reused by every retry, so the service can de-duplicate.
        wire[token] = str(uuid.uuid4())
    return wire


def operation_method(client: object, operation: Operation[object]) -> Callable[..., object]:
    """The botocore (or aiobotocore) client method of `operation`.

    An older botocore than the model smsv2 was generated from may lack the operation: that is
    an `OperationNotAvailableError` naming both versions, before anything is sent.
    """
    method = getattr(client, operation.python_name, None)
    if method is None:
        import botocore

        from smsv2._generated import BOTOCORE_VERSION

        raise OperationNotAvailableError(
            operation.name, model_version=BOTOCORE_VERSION, installed_version=botocore.__version__
        )
    return cast("Callable[..., object]", method)


class ClientCore(CoreBase):
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
        """Create a client. Nothing is loaded or connected until the first call.

        Args:
            region_name: the AWS region; defaults to boto3's usual chain (AWS_REGION, profile...).
            profile_name: a named profile from the AWS config files.
            session: a boto3 Session to create the boto3 client from.
            boto3_client: an existing `pinpoint-sms-voice-v2` boto3 client to use as is.
                Its own botocore retries still apply (see docs/retries.md).
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
        if boto3_client is not None and (session is not None or region_name or profile_name):
            raise ClientOptionError(
                "boto3_client", "pass either boto3_client or session/region_name/profile_name"
            )
        self._transport = Transport(
            boto3_client=boto3_client,
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

    @property
    def boto3_client(self) -> BaseClient:
        """The underlying boto3 client (created on first access)."""
        return self._transport.client

    def with_options(
        self,
        *,
        max_attempts: int | NotGiven = NOT_GIVEN,
        timeout: float | NotGiven | None = NOT_GIVEN,
        backoff_base: float | NotGiven = NOT_GIVEN,
        backoff_cap: float | NotGiven = NOT_GIVEN,
        on_retry: Callable[[RetryEvent], None] | NotGiven | None = NOT_GIVEN,
        sleep: Callable[[float], None] | NotGiven = NOT_GIVEN,
    ) -> Self:
        """A client with other retry settings that shares this one's connection pool.

        `client.with_options(max_attempts=1).send_text_message(...)` changes one call only. Options
        left out keep this client's values; `timeout=None` removes the deadline. A wrong type or
        value raises [`ClientOptionError`][smsv2.errors.ClientOptionError] here. The copy does not
        own the pool: closing it leaves this client working.
        """
        return self._with_retry(
            {
                "max_attempts": max_attempts,
                "timeout": timeout,
                "backoff_base": backoff_base,
                "backoff_cap": backoff_cap,
                "on_retry": on_retry,
                "sleep": sleep,
            }
        )

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
        wire = wire_request(operation, request)
        method = self._transport.caller(
            operation.name, operation_method(self._transport.botocore_client, operation)
        )
        attempts = 0

        def attempt(number: int) -> dict[str, object]:
            nonlocal attempts
            attempts = number
            start_attempt()
            try:
                with smsv2_call():
                    return cast("dict[str, object]", method(**wire))
            except Exception as exc:
                failure = from_exception(exc, operation, number, last_response())
                cause = safe_cause(exc) if failure is not exc else None
            # Raised outside the except block: botocore's exception, which may hold the request's
            # values and the service's raw text, is not the context; the cause is a safe copy.
            raise failure from cause

        response = self._retry.call(operation.name, attempt)
        return parse_result(operation, response, attempts=attempts)

    def _paginate(
        self,
        pagination: Pagination[ItemT, R],
        requests: Sequence[RequestModel],
        *,
        max_items: int | None,
    ) -> Paginator[ItemT, R]:
        """A lazy paginator that sends the already-built `requests` through `_call`."""
        return Paginator(
            functools.partial(self._call, pagination.operation),
            requests,
            pagination,
            max_items=max_items,
        )


def parse_result(operation: Operation[R], response: Mapping[str, object], *, attempts: int) -> R:
    """The typed result: raw JSON straight into pydantic-core, or botocore's dict as a fallback.

    The response's request id and status, and `attempts`, go on `result.response_metadata`.
    """
    # Every operation's result class is an OperationResult (the generator's base for outputs).
    model = cast("type[OperationResult]", operation.result_model())
    try:
        raw = response.get(RAW_BODY_KEY)
        if isinstance(raw, (bytes, str)):
            result = model.model_validate_json(raw or b"{}")
        else:
            body = {k: v for k, v in response.items() if k != "ResponseMetadata"}
            result = model.model_validate(body)
    except ValidationError as exc:
        problems = problems_from_pydantic(exc.errors(include_input=False))
    else:
        metadata = response.get("ResponseMetadata")
        if not isinstance(metadata, Mapping):
            metadata = {}
        attach_response_metadata(result, cast("Mapping[str, object]", metadata), attempts=attempts)
        return cast("R", result)
    # Outside the except block: pydantic's error holds the response's values.
    raise ResponseParseError(operation.name, operation.result_class, problems)
