"""Spans for delivery event parsing and final states, linked back to the sends they report on.

A delivery event leads back to its send by, in this order: the `correlation_key` entry of its
`Context` (see [`instrument`][smsv2.telemetry.instrument]), a W3C `traceparent` entry of its
`Context`, or its message id, for sends this process made (the last
`REMEMBERED_SENDS`). Only [`instrument`][smsv2.telemetry.instrument] turns these spans on: events
are not read through a client.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from smsv2.telemetry._attributes import Attributes, plain
from smsv2.telemetry._state import SWITCH, Instruments

if TYPE_CHECKING:
    from opentelemetry.trace import Link, SpanContext

    from smsv2.events import DeliveryEvent

T = TypeVar("T")
EventsT = TypeVar("EventsT", bound="list[DeliveryEvent]")


def observed_parse(parse: Callable[[T], EventsT]) -> Callable[[T], EventsT]:
    """`parse_delivery_events` inside a span linked to each event's send, when instrumented."""

    @functools.wraps(parse)
    def wrapper(payload: T) -> EventsT:
        instruments = SWITCH.active
        if instruments is None:
            return parse(payload)
        from opentelemetry.trace import StatusCode

        span = instruments.tracer.start_span("smsv2 parse_delivery_events")
        try:
            events = parse(payload)
        except BaseException as error:
            # The class only: a parse error's text is not needed to find the failure.
            span.set_attribute("error.type", type(error).__name__)
            span.set_status(StatusCode.ERROR, type(error).__name__)
            span.end()
            raise
        span.set_attribute("smsv2.events.count", len(events))
        for link in _links(instruments, events):
            span.add_link(link.context, link.attributes)
        span.end()
        return events

    return wrapper


def delivery_final(event: DeliveryEvent) -> None:
    """A message reached its final state (DeliveryTracker): a span, and the delivery time."""
    instruments = SWITCH.active
    if instruments is None:
        return
    attributes = _event_attributes(event)
    requested = event.message_request_timestamp
    if requested is not None:
        seconds = (event.event_timestamp - requested).total_seconds()
        instruments.delivery.record(max(0.0, seconds), attributes)
    attributes["messaging.message.id"] = event.message_id
    links = _links(instruments, [event])
    span = instruments.tracer.start_span("smsv2 delivery final", attributes=attributes, links=links)
    span.end()


def _event_attributes(event: DeliveryEvent) -> Attributes:
    attributes: Attributes = {"smsv2.message.status": event.status}
    if event.iso_country_code:
        attributes["smsv2.destination.country"] = event.iso_country_code
    if event.message_type:
        attributes["smsv2.message_type"] = plain(event.message_type)
    return attributes


def _links(instruments: Instruments, events: list[DeliveryEvent]) -> list[Link]:
    from opentelemetry.trace import Link

    links: list[Link] = []
    for event in events:
        send = _send_of(instruments, event)
        if send is not None:
            links.append(Link(send, {"messaging.message.id": event.message_id}))
    return links


def _send_of(instruments: Instruments, event: DeliveryEvent) -> SpanContext | None:
    context = event.context or {}
    key = instruments.correlation_key
    if key is not None and key in context:
        found = instruments.send_of(f"{key}={context[key]}")
        if found is not None:
            return found
    if "traceparent" in context:
        found = _from_traceparent(context["traceparent"])
        if found is not None:
            return found
    return instruments.send_of(event.message_id)


def _from_traceparent(value: str) -> SpanContext | None:
    from opentelemetry import trace
    from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

    carried = TraceContextTextMapPropagator().extract({"traceparent": value})
    span_context = trace.get_current_span(carried).get_span_context()
    return span_context if span_context.is_valid else None
