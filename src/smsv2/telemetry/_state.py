"""Whether telemetry is on, and the tracer and instruments it records with.

`opentelemetry` is imported only by [`instrument`][smsv2.telemetry.instrument] (or a client created
with `telemetry=True`): with the extra missing or telemetry off, nothing of it loads.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from smsv2.errors import ClientOptionError
from smsv2.telemetry._progress import observe_progress, observe_totals

if TYPE_CHECKING:
    from opentelemetry.metrics import Counter, Histogram, Meter, MeterProvider
    from opentelemetry.trace import SpanContext, Tracer, TracerProvider

#: What the spans and metrics of this package are recorded under (instrumentation scope).
SCOPE = "smsv2"
#: The service, as in span names (``pinpoint-sms-voice-v2/SendTextMessage``) and ``rpc.service``.
SERVICE = "pinpoint-sms-voice-v2"
#: How many sends are remembered for linking delivery events back to them.
REMEMBERED_SENDS = 10_000
_EXTRA = "needs the optional extra smsv2[otel] (opentelemetry-api)"


def _sends() -> OrderedDict[str, SpanContext]:
    return OrderedDict()


@dataclass
class Instruments:
    """The tracer and the metric instruments of one `instrument()` call."""

    tracer: Tracer
    meter: Meter
    duration: Histogram
    sent_messages: Counter
    sent_parts: Counter
    refusals: Counter
    retries: Counter
    throttles: Counter
    delivery: Histogram
    correlation_key: str | None = None
    _sends: OrderedDict[str, SpanContext] = field(default_factory=_sends, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def remember(self, key: str, span: SpanContext) -> None:
        """Keep `span` as the send known by `key` (a message id or correlation value)."""
        with self._lock:
            self._sends[key] = span
            if len(self._sends) > REMEMBERED_SENDS:
                self._sends.popitem(last=False)

    def send_of(self, key: str) -> SpanContext | None:
        """The remembered send known by `key`."""
        with self._lock:
            return self._sends.get(key)


class _Switch:
    """The module's on/off state: `active` is read on every call, so it is a plain attribute."""

    active: Instruments | None = None
    default: Instruments | None = None  # for clients created with telemetry=True


SWITCH = _Switch()


def instrument(
    *,
    tracer_provider: TracerProvider | None = None,
    meter_provider: MeterProvider | None = None,
    correlation_key: str | None = None,
) -> None:
    """Record traces and metrics of every smsv2 client from now on.

    Args:
        tracer_provider: where spans go; OpenTelemetry's global provider when left out.
        meter_provider: where metrics go; the global provider when left out.
        correlation_key: a `Context` entry of your sends (e.g. `"order-id"`) whose value,
            echoed back in delivery events, links the event's span to the send's span.
            Message ids and a `traceparent` entry link them without it.

    Raises:
        ClientOptionError: `opentelemetry-api` is not installed (`pip install 'smsv2[otel]'`).
    """
    SWITCH.active = create(tracer_provider, meter_provider, correlation_key)


def uninstrument() -> None:
    """Stop recording: calls cost what they cost before [`instrument`][smsv2.telemetry.instrument]."""
    SWITCH.active = None


def is_instrumented() -> bool:
    """Whether [`instrument`][smsv2.telemetry.instrument] is in effect."""
    return SWITCH.active is not None


def for_client(option: bool | None) -> Instruments | None:
    """The instruments a client with the `telemetry` option `option` records with."""
    if option is None:
        return SWITCH.active
    if not option:
        return None
    if SWITCH.active is not None:
        return SWITCH.active
    if SWITCH.default is None:
        SWITCH.default = create(None, None, None)
    return SWITCH.default


def for_core(core: object) -> Instruments | None:
    """The instruments of a client core (its `_telemetry` option), None when off.

    This is the whole cost of telemetry when it is off: a dict lookup and an attribute read.
    """
    option = core.__dict__.get("_telemetry")
    return SWITCH.active if option is None else for_client(option)


def check_option(option: object) -> bool | None:
    """A client's `telemetry` option, checked when the client is created."""
    if option is not None and not isinstance(option, bool):
        raise ClientOptionError(
            "telemetry", f"must be True, False or None, not {type(option).__name__}"
        )
    if option:
        for_client(option)  # loads OpenTelemetry now: a missing extra fails here, not mid-call
    return option


def create(
    tracer_provider: TracerProvider | None,
    meter_provider: MeterProvider | None,
    correlation_key: str | None,
) -> Instruments:
    """The tracer and instruments, from the given providers or OpenTelemetry's global ones."""
    try:
        from opentelemetry import metrics, trace
    except ImportError:
        raise ClientOptionError("telemetry", _EXTRA) from None
    version = _version() or ""
    tracer = trace.get_tracer(SCOPE, version, tracer_provider)
    meter = metrics.get_meter(SCOPE, version, meter_provider)
    made: dict[str, Any] = {}
    for attribute, histogram, name, unit, description in _INSTRUMENTS:
        create_instrument = meter.create_histogram if histogram else meter.create_counter
        made[attribute] = create_instrument(name, unit=unit, description=description)
    instruments = Instruments(tracer=tracer, meter=meter, correlation_key=correlation_key, **made)
    _observe_bulk_progress(meter)
    return instruments


#: (Instruments attribute, is a histogram, name, unit, description) of every instrument.
_INSTRUMENTS = (
    ("duration", True, "rpc.client.duration", "ms", "Duration of one call, retries included"),
    ("sent_messages", False, "messaging.client.sent.messages", "{message}", "Messages accepted"),
    ("sent_parts", False, "smsv2.client.sent.parts", "{part}", "Message parts accepted"),
    ("refusals", False, "smsv2.client.refusals", "{message}", "Sends refused, by reason"),
    ("retries", False, "smsv2.client.retries", "{attempt}", "Attempts retried"),
    ("throttles", False, "smsv2.client.throttles", "{attempt}", "Attempts throttled"),
    (
        "delivery",
        True,
        "smsv2.message.delivery.duration",
        "s",
        "Time from the send request to the message's final delivery state",
    ),
)


def _version() -> str | None:
    # The installed distribution's version: the package facade is a layer above this one.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("smsv2")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return None


def _observe_bulk_progress(meter: Meter) -> None:
    meter.create_observable_gauge(
        "smsv2.bulk.messages",
        callbacks=[observe_progress],
        unit="{message}",
        description="Messages of each running bulk job, by status",
    )
    meter.create_observable_gauge(
        "smsv2.bulk.total",
        callbacks=[observe_totals],
        unit="{message}",
        description="Messages each running bulk job was given, when known",
    )
