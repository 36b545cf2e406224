"""One span per operation call, an event per retried attempt, and the call metrics.

The client cores wrap their `_call` in `observed_call` (or `observed_async_call`)
and the retry policy reports each wait to `retry_scheduled`. With telemetry off, a call
pays for one attribute check.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Awaitable, Callable, Generator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from typing import TYPE_CHECKING, Protocol, TypeVar

from smsv2.errors import SmsV2Error, ThrottlingException
from smsv2.telemetry._attributes import (
    Attributes,
    call_attributes,
    error_attributes,
    metric_subset,
    outcome_of,
    send_attributes,
)
from smsv2.telemetry._bulk import CURRENT_RUN
from smsv2.telemetry._state import SERVICE, Instruments, for_core

if TYPE_CHECKING:
    from opentelemetry.context import Context
    from opentelemetry.trace import Span

    from smsv2._model_base import RequestModel
    from smsv2._operation import Operation

R = TypeVar("R")
_SEND_METRIC = (
    "rpc.method",
    "smsv2.origination_identity",
    "smsv2.destination.country",
    "smsv2.message_type",
)
_CURRENT: ContextVar[CallScope | None] = ContextVar("smsv2_telemetry_call", default=None)


class Core(Protocol):
    """What the decorators read from a client core: its option and where it sends."""

    def _where(self) -> tuple[str | None, str | None]: ...


CoreT = TypeVar("CoreT", bound=Core)


def observed_call(
    call: Callable[[CoreT, Operation[R], RequestModel], R],
) -> Callable[[CoreT, Operation[R], RequestModel], R]:
    """`ClientCore._call` inside a CLIENT span when telemetry is on."""

    @functools.wraps(call)
    def wrapper(core: CoreT, operation: Operation[R], request: RequestModel) -> R:
        instruments = for_core(core)
        if instruments is None:
            return call(core, operation, request)
        with _observing(instruments, core, operation.name, request) as scope:
            result = call(core, operation, request)
        scope.succeeded(result)
        return result

    return wrapper


def observed_async_call(
    call: Callable[[CoreT, Operation[R], RequestModel], Awaitable[R]],
) -> Callable[[CoreT, Operation[R], RequestModel], Awaitable[R]]:
    """`AsyncClientCore._call` inside a CLIENT span when telemetry is on."""

    @functools.wraps(call)
    async def wrapper(core: CoreT, operation: Operation[R], request: RequestModel) -> R:
        instruments = for_core(core)
        if instruments is None:
            return await call(core, operation, request)
        with _observing(instruments, core, operation.name, request) as scope:
            result = await call(core, operation, request)
        scope.succeeded(result)
        return result

    return wrapper


@contextmanager
def _observing(
    instruments: Instruments, core: Core, operation: str, request: object
) -> Generator[CallScope, None, None]:
    """The call's span, current while the call runs; a failure is recorded and re-raised."""
    scope = CallScope(instruments, operation, request, core._where()[0])
    tokens = scope.enter()
    try:
        yield scope
    except BaseException as error:
        scope.failed(error)
        raise
    finally:
        scope.exit(tokens)


def retry_scheduled(attempt: int, error: SmsV2Error, wait: float) -> None:
    """An attempt failed and another follows after `wait` seconds: an event and a count."""
    scope = _CURRENT.get()
    if scope is not None:
        scope.retried(attempt, error, wait)


class CallScope:
    """The span and measurements of one call."""

    def __init__(
        self, instruments: Instruments, operation: str, request: object, region: str | None
    ) -> None:
        from opentelemetry.trace import Link, SpanKind

        self.instruments = instruments
        self.request = request
        self.is_send = operation.startswith("Send")
        self.attributes = call_attributes(operation, region)
        if self.is_send:
            self.attributes.update(send_attributes(request))
        run = CURRENT_RUN.get()
        links = [Link(run.span.get_span_context())] if run is not None else None
        self.span: Span = instruments.tracer.start_span(
            f"{SERVICE}/{operation}", kind=SpanKind.CLIENT, attributes=self.attributes, links=links
        )
        self.started = time.perf_counter()

    def enter(self) -> tuple[object, Token[CallScope | None]]:
        """Make the span current: botocore's own span (if instrumented) becomes its child."""
        from opentelemetry import context, trace

        otel_context: Context = trace.set_span_in_context(self.span)
        return context.attach(otel_context), _CURRENT.set(self)

    def exit(self, tokens: tuple[object, Token[CallScope | None]]) -> None:
        """Restore the caller's context."""
        from opentelemetry import context

        context.detach(tokens[0])  # type: ignore[arg-type]
        _CURRENT.reset(tokens[1])

    def retried(self, attempt: int, error: SmsV2Error, wait: float) -> None:
        """One failed attempt that is retried."""
        attributes: Attributes = {"smsv2.attempt": attempt, "smsv2.retry.wait": wait}
        attributes.update(error_attributes(error))
        del attributes["smsv2.outcome"]
        self.span.add_event("smsv2.retry", attributes)
        labels = metric_subset(self.attributes, "rpc.method")
        labels["error.type"] = attributes["error.type"]
        self.instruments.retries.add(1, labels)
        if isinstance(error, ThrottlingException):
            self.instruments.throttles.add(1, metric_subset(self.attributes, "rpc.method"))

    def succeeded(self, result: object) -> None:
        """The call returned `result`: request id, message id, the sent counters."""
        metadata = getattr(result, "response_metadata", None)
        request_id = getattr(metadata, "request_id", None)
        if isinstance(request_id, str):
            self.span.set_attribute("aws.request_id", request_id)
        attempts = getattr(metadata, "attempts", None)
        if isinstance(attempts, int):
            self.span.set_attribute("smsv2.attempts", attempts)
        if self.is_send:
            self._sent(getattr(result, "message_id", None))
        else:
            self.span.set_attribute("smsv2.outcome", outcome_of(None))
        self._end(None)

    def _sent(self, message_id: object) -> None:
        self.span.set_attribute("smsv2.outcome", "sent")
        labels = metric_subset(self.attributes, *_SEND_METRIC)
        self.instruments.sent_messages.add(1, labels)
        parts = self.attributes.get("smsv2.message.parts", 1)
        self.instruments.sent_parts.add(int(parts), labels)
        span_context = self.span.get_span_context()
        if isinstance(message_id, str):
            self.span.set_attribute("messaging.message.id", message_id)
            self.instruments.remember(message_id, span_context)
        key = self.instruments.correlation_key
        context = getattr(self.request, "context", None)
        if key is not None and isinstance(context, dict) and key in context:
            self.instruments.remember(f"{key}={context[key]}", span_context)

    def failed(self, error: BaseException) -> None:
        """The call raised `error`: its class and reason, never its message."""
        from opentelemetry.trace import StatusCode

        attributes = error_attributes(error)
        self.span.set_attributes(attributes)
        self.span.set_status(StatusCode.ERROR, attributes["error.type"])  # type: ignore[arg-type]
        if isinstance(error, SmsV2Error):
            if error.attempts:
                self.span.set_attribute("smsv2.attempts", error.attempts)
            if isinstance(error, ThrottlingException):
                self.instruments.throttles.add(1, metric_subset(self.attributes, "rpc.method"))
            if self.is_send and attributes.get("smsv2.outcome") == "failed":
                labels = metric_subset(self.attributes, *_SEND_METRIC)
                labels.update(metric_subset(attributes, "error.type", "smsv2.error.reason"))
                self.instruments.refusals.add(1, labels)
        self._end(str(attributes["error.type"]))

    def _end(self, error_type: str | None) -> None:
        elapsed_ms = (time.perf_counter() - self.started) * 1000
        labels = metric_subset(self.attributes, "rpc.system", "rpc.service", "rpc.method")
        if error_type is not None:
            labels["error.type"] = error_type
        self.instruments.duration.record(elapsed_ms, labels)
        self.span.end()
