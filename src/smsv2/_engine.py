"""The call engine: every decision of one call, in code that does no I/O.

`Client` and `AsyncClient` are thin drivers around it (`_client_core`,
`_async_client_core`): they own the botocore or aiobotocore client and perform the request;
everything else is decided here, once, for both.

* `Call.__init__` builds the wire request (and its ClientToken, reused by every retry).
* `Call.attempt` wraps the I/O of one attempt. Its result is classified there and only
  there: a failure is mapped to a typed, masked error (`Call.failed`), a response is
  parsed into the typed result with its metadata (`Call.succeeded`).
* Whether to retry is [`RetryPolicy`][smsv2.retries.RetryPolicy]'s decision, made on the typed error
  alone; tenacity runs its loop for both drivers.

A driver's attempt is therefore always:

    with call.attempt(number) as io:
        io.response = method(**call.wire)      # or: await method(**call.wire)
    return io.outcome()

The only I/O a driver does is that one line, so another sender (a direct HTTP one, say) plugs
in there, and `Call.failed` / `Call.succeeded` are where instrumentation learns
every attempt's outcome.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Generator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar, cast

from pydantic import ValidationError

from smsv2._error_mapping import from_exception, request_values, safe_cause
from smsv2._errors_base import problems_from_pydantic
from smsv2._log_redaction import smsv2_call
from smsv2._model_base import OperationResult, attach_response_metadata
from smsv2._transport import RAW_BODY_KEY, last_response, start_attempt
from smsv2.errors import (
    OperationNotAvailableError,
    ResponseParseError,
    SendOutcomeUnknownError,
    SmsV2Error,
)

if TYPE_CHECKING:
    from smsv2._model_base import RequestModel
    from smsv2._operation import Operation

R = TypeVar("R")


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


def parse_result(operation: Operation[R], response: Mapping[str, object], *, attempts: int) -> R:
    """The typed result: raw JSON straight into pydantic-core, or botocore's dict as a fallback.

    The response's request id and status, and `attempts`, go on `result.response_metadata`.
    A body that does not fit is a `ResponseParseError`, except for an operation that sends a
    message: the service accepted it, so the message went out, and not knowing its id makes the
    outcome unknown (`SendOutcomeUnknownError`: never "not sent", which would invite a resend).
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
    unreadable = ResponseParseError(operation.name, operation.result_class, problems)
    unreadable.attempts = attempts
    if operation.sends_message:
        raise SendOutcomeUnknownError(operation.name, unreadable, attempts=attempts)
    raise unreadable


@dataclass
class AttemptIO:
    """What the driver's I/O produced for one attempt: a response, or (caught) a failure."""

    call: Call[object]
    number: int
    response: object = None
    failure: SmsV2Error | None = None
    cause: BaseException | None = None

    def outcome(self) -> object:
        """The typed result, or the typed error raised (outside any `except`: its context is
        never the library's exception, and its cause is a masked copy)."""
        if self.failure is not None:
            raise self.failure from self.cause
        return self.call.succeeded(cast("Mapping[str, object]", self.response), self.number)


class Call(Generic[R]):
    """One logical call: its wire request, and the classification of each attempt."""

    __slots__ = ("_secrets", "attempts", "operation", "wire")

    def __init__(self, operation: Operation[R], request: RequestModel) -> None:
        self.operation = operation
        self.wire = wire_request(cast("Operation[object]", operation), request)
        self.attempts = 0
        # Values an error text may echo back and must not carry (numbers, bodies...).
        self._secrets = request_values(self.wire)

    @contextmanager
    def attempt(self, number: int) -> Generator[AttemptIO, None, None]:
        """Around one attempt's I/O: log redaction on, any failure caught and classified."""
        self.attempts = number
        io = AttemptIO(cast("Call[object]", self), number)
        start_attempt()
        try:
            with smsv2_call():
                yield io
        except Exception as exc:
            io.failure, io.cause = self.failed(exc)

    def failed(self, exc: Exception) -> tuple[SmsV2Error, BaseException | None]:
        """The typed error for a failed attempt, and the masked cause it may chain."""
        op = cast("Operation[object]", self.operation)
        failure = from_exception(exc, op, self.attempts, last_response(), self._secrets)
        return failure, (safe_cause(exc, self._secrets) if failure is not exc else None)

    def succeeded(self, response: Mapping[str, object], number: int) -> R:
        """The typed result of an attempt that got a success response (or a typed error)."""
        return parse_result(self.operation, response, attempts=number)
