"""Event parsing and DeliveryTracker: spans linked back to the send, the delivery-time histogram."""

from __future__ import annotations

import contextlib

from opentelemetry.sdk.trace import ReadableSpan

import smsv2
from smsv2.events import DeliveryTracker, parse_delivery_events
from smsv2.testing import FakeSmsVoice
from tests.messaging.payloads import event_record
from tests.telemetry.conftest import Recorded

PARSE = "smsv2 parse_delivery_events"
FINAL = "smsv2 delivery final"
SEND = "pinpoint-sms-voice-v2/SendTextMessage"


def _linked(span: ReadableSpan) -> set[int]:
    return {link.context.span_id for link in span.links}


def test_events_of_this_process_sends_link_back_by_message_id(
    otel: Recorded, client: smsv2.Client, number_id: str, fake: FakeSmsVoice
) -> None:
    client.create_configuration_set(configuration_set_name="events")
    client.create_event_destination(
        configuration_set_name="events",
        event_destination_name="sns",
        matching_event_types=["ALL"],
        sns_destination={"topic_arn": "arn:aws:sns:us-east-1:123456789012:events"},
    )
    client.send_text_message(
        destination_phone_number="+12065550100",
        origination_identity=number_id,
        message_body="hi",
        message_type="TRANSACTIONAL",
        configuration_set_name="events",
    )
    fake.advance(60)
    tracker = DeliveryTracker()
    tracker.add_all(parse_delivery_events(fake.events))
    send = otel.span(SEND)
    assert _linked(otel.span(PARSE)) == {send.context.span_id}
    final = otel.span(FINAL)
    assert _linked(final) == {send.context.span_id}
    assert dict(final.attributes or {})["smsv2.message.status"] == tracker.final[0].status
    (point,) = otel.metrics()["smsv2.message.delivery.duration"]
    assert point[0]["smsv2.message.status"] == tracker.final[0].status


def test_a_traceparent_in_the_context_links_across_processes(otel: Recorded) -> None:
    trace_id, span_id = "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331"
    record = event_record(context={"traceparent": f"00-{trace_id}-{span_id}-01"})
    parse_delivery_events(record)
    (link,) = otel.span(PARSE).links
    assert (link.context.trace_id, link.context.span_id) == (int(trace_id, 16), int(span_id, 16))


def test_a_correlation_key_links_events_to_the_send_that_carried_it(
    recorded: Recorded, client: smsv2.Client, number_id: str
) -> None:
    smsv2.telemetry.instrument(
        tracer_provider=recorded.tracer_provider,
        meter_provider=recorded.meter_provider,
        correlation_key="order",
    )
    try:
        client.send_text_message(
            destination_phone_number="+12065550100",
            origination_identity=number_id,
            message_body="hi",
            context={"order": "o-42"},
        )
        parse_delivery_events(event_record(context={"order": "o-42"}))  # another message id
    finally:
        smsv2.uninstrument()
    assert _linked(recorded.span(PARSE)) == {recorded.span(SEND).context.span_id}


def test_a_delivery_time_is_measured_from_the_request_to_the_final_event(otel: Recorded) -> None:
    tracker = DeliveryTracker()
    tracker.add(parse_delivery_events(event_record())[0])  # request 300 ms before the event
    metric = otel.reader.get_metrics_data()
    assert metric is not None
    (histogram,) = [
        m
        for r in metric.resource_metrics
        for s in r.scope_metrics
        for m in s.metrics
        if m.name == "smsv2.message.delivery.duration"
    ]
    (point,) = histogram.data.data_points
    assert abs(point.sum - 0.3) < 1e-6  # type: ignore[union-attr]
    assert otel.span(FINAL).links == ()  # no send of this process: nothing to link to


def test_a_parse_failure_records_the_class_only(otel: Recorded) -> None:
    with contextlib.suppress(smsv2.errors.EventParseError):
        parse_delivery_events({"Records": [{"nothing": "+12065550100"}]})
    span = otel.span(PARSE)
    assert dict(span.attributes or {}) == {"error.type": "EventParseError"}
    assert span.status.description == "EventParseError"
