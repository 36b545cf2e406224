"""The same spans on the other paths: AsyncClient, the fake over HTTP, botocore's own spans."""

from __future__ import annotations

import asyncio

from opentelemetry.instrumentation.botocore import BotocoreInstrumentor
from opentelemetry.trace import SpanKind

import smsv2
from smsv2.testing import FakeSmsVoice, ThreadedServer
from tests.telemetry.conftest import Recorded, request_number

SEND = "pinpoint-sms-voice-v2/SendTextMessage"


def test_async_client_records_the_same_span_and_retry_events(
    otel: Recorded, fake: FakeSmsVoice, number_id: str
) -> None:
    fake.faults.fail_next("SendTextMessage")  # a throttle: retried, nothing was sent

    async def main() -> str:
        async with smsv2.AsyncClient(region_name="us-east-1", backoff_base=0.0) as client:
            result = await client.send_text_message(
                destination_phone_number="+13125550111",
                origination_identity=number_id,
                message_body="hello",
            )
            return result.message_id

    otel.exporter.clear()
    message_id = asyncio.run(main())
    span = otel.span(SEND)
    assert span.kind is SpanKind.CLIENT
    attributes = dict(span.attributes or {})
    assert attributes["messaging.message.id"] == message_id
    assert attributes["smsv2.destination.country"] == "US"
    assert attributes["smsv2.message.encoding"] == "GSM-7"
    assert attributes["smsv2.attempts"] == 2
    assert [e.name for e in span.events] == ["smsv2.retry"]


def test_concurrent_async_calls_get_separate_spans(otel: Recorded, fake: FakeSmsVoice) -> None:
    async def main() -> None:
        async with smsv2.AsyncClient(region_name="us-east-1") as client:
            await asyncio.gather(
                *(client.create_opt_out_list(opt_out_list_name=f"l{i}") for i in range(5))
            )

    asyncio.run(main())
    spans = otel.spans("pinpoint-sms-voice-v2/CreateOptOutList")
    assert len({s.context.span_id for s in spans}) == 5
    assert all(s.parent is None for s in spans)  # none became another's child


def test_the_fake_over_http_records_the_request_id(otel: Recorded, server: ThreadedServer) -> None:
    client = smsv2.Client(region_name="us-east-1", endpoint_url=server.endpoint_url)
    number_id = request_number(client)
    client.send_text_message(
        destination_phone_number="+12065550100", origination_identity=number_id, message_body="hi"
    )
    attributes = dict(otel.span(SEND).attributes or {})
    assert isinstance(attributes["aws.request_id"], str)
    assert attributes["smsv2.outcome"] == "sent"


def test_smsv2_span_is_the_parent_of_botocore_span(
    otel: Recorded, client: smsv2.Client, number_id: str
) -> None:
    instrumentor = BotocoreInstrumentor()  # type: ignore[no-untyped-call]
    instrumentor.instrument(tracer_provider=otel.tracer_provider)
    try:
        otel.exporter.clear()
        client.send_text_message(
            destination_phone_number="+12065550100",
            origination_identity=number_id,
            message_body="hi",
        )
    finally:
        instrumentor.uninstrument()
    ours = otel.span(SEND)
    (theirs,) = [s for s in otel.spans() if s is not ours]
    assert theirs.parent is not None
    assert theirs.parent.span_id == ours.context.span_id
    assert theirs.context.trace_id == ours.context.trace_id
