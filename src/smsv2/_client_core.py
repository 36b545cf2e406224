"""The machinery behind every client method: validate, send with retries, parse.

The generated ``GeneratedClient`` adds one typed method per operation on top of this class. Each
method builds its request explicitly (``smsv2._requests``), then hands it to :meth:`_call` (one
result) or :meth:`_paginate` (a lazy :class:`~smsv2.pagination.Paginator`).
"""

from __future__ import annotations

import dataclasses
import functools
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, TypeVar, cast

from pydantic import ValidationError

from smsv2._errors_base import (
    OperationNotAvailableError,
    ResponseParseError,
    problems_from_pydantic,
)
from smsv2._log_redaction import smsv2_call
from smsv2._transport import RAW_BODY_KEY, Transport
from smsv2.pagination import Paginator
from smsv2.retries import RetryEvent, RetryPolicy

if TYPE_CHECKING:
    import boto3
    from botocore.client import BaseClient
    from botocore.config import Config
    from typing_extensions import Self

    from smsv2._model_base import RequestModel
    from smsv2._operation import Operation, Pagination

R = TypeVar("R")
ItemT = TypeVar("ItemT")

_UNSET: object = object()


class CoreBase:
    """What the sync and the async core share: the retry policy and per-call options."""

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

    def _with_retry(
        self,
        *,
        max_attempts: int | None,
        timeout: float | object | None,
        backoff_base: float | None,
        backoff_cap: float | None,
        on_retry: Callable[[RetryEvent], None] | object | None,
        sleep: tuple[str, object | None],
    ) -> Self:
        """A shallow copy (same transport) whose retry policy has the given changes."""
        changes: dict[str, object] = {}
        if max_attempts is not None:
            changes["max_attempts"] = max_attempts
        if timeout is not _UNSET:
            changes["timeout"] = timeout
        if backoff_base is not None:
            changes["backoff_base"] = backoff_base
        if backoff_cap is not None:
            changes["backoff_cap"] = backoff_cap
        if on_retry is not _UNSET:
            changes["on_retry"] = on_retry
        if sleep[1] is not None:
            changes[sleep[0]] = sleep[1]
        clone = object.__new__(type(self))
        clone.__dict__.update(self.__dict__)
        clone._retry = dataclasses.replace(self._retry, **changes)  # type: ignore[arg-type]
        return clone


def wire_request(operation: Operation[object], request: RequestModel) -> dict[str, object]:
    """The request's wire members, with a fresh ClientToken where the operation takes one."""
    wire = request.to_wire()
    token = operation.idempotency_token
    if token is not None and token not in wire:
        # One token per logical call, reused by every retry, so the service can de-duplicate.
        wire[token] = str(uuid.uuid4())
    return wire


def operation_method(client: object, operation: Operation[object]) -> Callable[..., object]:
    """The botocore (or aiobotocore) client method of ``operation``.

    An older botocore than the model smsv2 was generated from may lack the operation: that is
    an ``OperationNotAvailableError`` naming both versions, before anything is sent.
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
    ) -> None:
        """Create a client. Nothing is loaded or connected until the first call.

        Args:
            region_name: the AWS region; defaults to boto3's usual chain (AWS_REGION, profile...).
            profile_name: a named profile from the AWS config files.
            session: a boto3 Session to create the boto3 client from.
            boto3_client: an existing ``pinpoint-sms-voice-v2`` boto3 client to use as is.
                Its own botocore retries still apply (see docs/retries.md).
            endpoint_url: a different endpoint, e.g. ``smsv2.testing``'s HTTP server.
            config: a botocore Config (timeouts, pool size, user agent...).
            max_attempts: total requests per call, the first included.
            timeout: overall deadline in seconds for one call, retries and waits included.
            backoff_base: the first retry wait's upper bound in seconds (full jitter).
            backoff_cap: the longest single wait in seconds.
            on_retry: called before each retry wait with a RetryEvent.
        """
        if boto3_client is not None and (session is not None or region_name or profile_name):
            raise ValueError("pass either boto3_client or session/region_name/profile_name")
        self._transport = Transport(
            boto3_client=boto3_client,
            session=session,
            region_name=region_name,
            profile_name=profile_name,
            endpoint_url=endpoint_url,
            config=config,
        )
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
        max_attempts: int | None = None,
        timeout: float | object | None = _UNSET,
        backoff_base: float | None = None,
        backoff_cap: float | None = None,
        on_retry: Callable[[RetryEvent], None] | object | None = _UNSET,
        sleep: Callable[[float], None] | None = None,
    ) -> Self:
        """A client with other retry settings that shares this one's connection pool.

        ``client.with_options(max_attempts=1).send_text_message(...)`` changes one call only.
        """
        return self._with_retry(
            max_attempts=max_attempts,
            timeout=timeout,
            backoff_base=backoff_base,
            backoff_cap=backoff_cap,
            on_retry=on_retry,
            sleep=("sleep", sleep),
        )

    def close(self) -> None:
        """Close the connection pool (only of a boto3 client smsv2 created)."""
        self._transport.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- calls ------------------------------------------------------------------------------------

    def _call(self, operation: Operation[R], request: RequestModel) -> R:
        """Send one validated request, with retries, and return its typed result."""
        from smsv2.errors import from_exception

        wire = wire_request(operation, request)
        method = operation_method(self._transport.client, operation)

        def attempt(number: int) -> dict[str, object]:
            try:
                with smsv2_call():
                    return cast("dict[str, object]", method(**wire))
            except Exception as exc:
                raise from_exception(exc, operation, number) from exc

        response = self._retry.call(operation.name, attempt)
        return parse_result(operation, response)

    def _paginate(
        self,
        pagination: Pagination[ItemT, R],
        requests: Sequence[RequestModel],
        *,
        max_items: int | None,
    ) -> Paginator[ItemT, R]:
        """A lazy paginator that sends the already-built ``requests`` through :meth:`_call`."""
        return Paginator(
            functools.partial(self._call, pagination.operation),
            requests,
            pagination,
            max_items=max_items,
        )


def parse_result(operation: Operation[R], response: Mapping[str, object]) -> R:
    """The typed result: raw JSON straight into pydantic-core, or botocore's dict as a fallback."""
    model = operation.result_model()
    try:
        raw = response.get(RAW_BODY_KEY)
        if isinstance(raw, (bytes, str)):
            return model.model_validate_json(raw or b"{}")  # type: ignore[attr-defined, no-any-return]
        body = {k: v for k, v in response.items() if k != "ResponseMetadata"}
        return model.model_validate(body)  # type: ignore[attr-defined, no-any-return]
    except ValidationError as exc:
        raise ResponseParseError(
            operation.name,
            operation.result_class,
            problems_from_pydantic(exc.errors(include_input=False)),
        ) from None
