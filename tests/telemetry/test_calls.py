"""One CLIENT span per call, an event per retried attempt, and the call metrics (sync client)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from opentelemetry.trace import SpanKind, StatusCode

import smsv2
from smsv2 import errors
from smsv2.testing import FakeSmsVoice
from tests.telemetry.conftest import Recorded

SEND = "pinpoint-sms-voice-v2/SendTextMessage"
NUMBER = "+12065550100"


def send(client: smsv2.Client, origination: str, body: str = "Olá! Your code is 123456") -> str:
    result = client.send_text_message(
        destination_phone_number=NUMBER,
        origination_identity=origination,
        message_body=body,
        message_type="TRANSACTIONAL",
    )
    return result.message_id


def test_a_send_is_one_client_span_with_what_it_may_say(
    otel: Recorded, client: smsv2.Client, number_id: str
) -> None:
    otel.exporter.clear()
    message_id = send(client, number_id)
    span = otel.span(SEND)
    assert span.kind is SpanKind.CLIENT
    assert span.status.status_code is StatusCode.UNSET
    attributes = dict(span.attributes or {})
    request_id = attributes.pop("aws.request_id")
    assert isinstance(request_id, str) and len(request_id) >= 16
    assert attributes == {
        "rpc.system": "aws-api",
        "rpc.service": "pinpoint-sms-voice-v2",
        "rpc.method": "SendTextMessage",
        "cloud.region": "us-east-1",
        "smsv2.origination_identity": number_id,
        "smsv2.message_type": "TRANSACTIONAL",
        "smsv2.destination.country": "US",
        "smsv2.message.encoding": "UCS-2",
        "smsv2.message.parts": 1,
        "smsv2.attempts": 1,
        "smsv2.outcome": "sent",
        "messaging.message.id": message_id,
    }


def test_sent_messages_and_parts_are_counted_by_identity_country_and_type(
    otel: Recorded, client: smsv2.Client, number_id: str
) -> None:
    send(client, number_id)
    send(client, number_id, body="x" * 200)  # 2 GSM-7 parts
    labels = {
        "rpc.method": "SendTextMessage",
        "smsv2.origination_identity": number_id,
        "smsv2.destination.country": "US",
        "smsv2.message_type": "TRANSACTIONAL",
    }
    metrics = otel.metrics()
    assert metrics["messaging.client.sent.messages"] == [(labels, 2)]
    assert metrics["smsv2.client.sent.parts"] == [(labels, 3)]
    durations = {str(a["rpc.method"]): n for a, n in metrics["rpc.client.duration"]}
    assert durations == {"RequestPhoneNumber": 1, "SendTextMessage": 2}


@pytest.mark.parametrize(
    ("identity", "recorded_as"),
    [
        ("+12065550199", "phone-number"),
        ("arn:aws:sms-voice:us-east-1:123456789012:pool/pool-abc123", "pool-abc123"),
        ("arn:aws:sms-voice:us-east-1:123456789012:phone-number/+12065550199", "phone-number"),
        ("MYBRAND", "MYBRAND"),
    ],
)
def test_an_identity_is_recorded_as_its_id_never_as_a_number(
    identity: str, recorded_as: str
) -> None:
    from smsv2.telemetry._attributes import identity as recorded

    assert recorded(identity) == recorded_as


def test_a_refused_send_records_class_and_reason_never_the_message(
    otel: Recorded, client: smsv2.Client, number_id: str, fake: FakeSmsVoice
) -> None:
    opt_outs = client.create_opt_out_list(opt_out_list_name="o")
    client.put_opted_out_number(opt_out_list_name="o", opted_out_number=NUMBER)
    pool = client.create_pool(origination_identity=number_id, message_type="TRANSACTIONAL")
    client.update_pool(pool_id=pool.pool_id, opt_out_list_name=opt_outs.opt_out_list_name)
    otel.exporter.clear()
    with pytest.raises(errors.DestinationOptedOutError):
        send(client, pool.pool_id)
    span = otel.span(SEND)
    assert span.status.status_code is StatusCode.ERROR
    assert span.status.description == "DestinationOptedOutError"
    attributes = dict(span.attributes or {})
    assert attributes["error.type"] == "DestinationOptedOutError"
    assert attributes["smsv2.error.reason"] == "DESTINATION_PHONE_NUMBER_OPTED_OUT"
    assert attributes["smsv2.outcome"] == "failed"
    assert span.events == ()  # no exception event: its message and stack are not recorded
    (refusal,) = otel.metrics()["smsv2.client.refusals"]
    assert refusal[0]["smsv2.error.reason"] == "DESTINATION_PHONE_NUMBER_OPTED_OUT"
    assert refusal[0]["smsv2.origination_identity"] == pool.pool_id


def test_each_retried_attempt_is_an_event_with_its_reason(
    otel: Recorded, client: smsv2.Client, fake: FakeSmsVoice
) -> None:
    fake.faults.fail_next("CreateOptOutList", times=2)
    client.create_opt_out_list(opt_out_list_name="o")
    span = otel.span("pinpoint-sms-voice-v2/CreateOptOutList")
    assert [e.name for e in span.events] == ["smsv2.retry", "smsv2.retry"]
    first = dict(span.events[0].attributes or {})
    assert first["smsv2.attempt"] == 1
    assert first["error.type"] == "ThrottlingException"
    assert first["smsv2.error.retryable"] is True
    assert isinstance(first["smsv2.retry.wait"], float)
    assert dict(span.attributes or {})["smsv2.attempts"] == 3
    metrics = otel.metrics()
    assert metrics["smsv2.client.retries"] == [
        ({"rpc.method": "CreateOptOutList", "error.type": "ThrottlingException"}, 2)
    ]
    assert metrics["smsv2.client.throttles"] == [({"rpc.method": "CreateOptOutList"}, 2)]


def test_a_send_whose_answer_is_lost_is_outcome_unknown(
    otel: Recorded, client: smsv2.Client, number_id: str, fake: FakeSmsVoice
) -> None:
    fake.faults.fail_next("SendTextMessage", error="InternalServerException")
    with pytest.raises(errors.SendOutcomeUnknownError):
        send(client, number_id)
    attributes = dict(otel.span(SEND).attributes or {})
    assert attributes["smsv2.outcome"] == "outcome_unknown"
    assert attributes["error.type"] == "SendOutcomeUnknownError"
    assert "smsv2.client.refusals" not in otel.metrics()  # not a refusal: it may have gone out


def test_nothing_is_recorded_when_not_instrumented(
    recorded: Recorded, client: smsv2.Client, number_id: str
) -> None:
    send(client, number_id)
    assert recorded.spans() == []
    assert not smsv2.telemetry.is_instrumented()


def test_uninstrument_stops_recording(otel: Recorded, client: smsv2.Client, number_id: str) -> None:
    smsv2.uninstrument()
    otel.exporter.clear()
    send(client, number_id)
    assert otel.spans() == []


def test_a_client_option_turns_telemetry_off_for_that_client(
    otel: Recorded, fake: FakeSmsVoice, number_id: str
) -> None:
    quiet = smsv2.Client(region_name="us-east-1", telemetry=False)
    otel.exporter.clear()
    send(quiet.with_options(max_attempts=2), number_id)
    assert otel.spans() == []


def test_a_client_option_turns_telemetry_on_with_the_global_providers(
    fake: FakeSmsVoice, number_id: str
) -> None:
    # A fresh interpreter: OpenTelemetry's global providers can be set once per process.
    code = """
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
import smsv2
from smsv2.testing import mock_sms_voice
exporter = InMemorySpanExporter()
provider = TracerProvider()
provider.add_span_processor(SimpleSpanProcessor(exporter))
trace.set_tracer_provider(provider)
with mock_sms_voice():
    smsv2.Client(region_name="us-east-1", telemetry=True).create_opt_out_list(opt_out_list_name="o")
    smsv2.Client(region_name="us-east-1").create_opt_out_list(opt_out_list_name="p")
print([span.name for span in exporter.get_finished_spans()])
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['pinpoint-sms-voice-v2/CreateOptOutList']"


def test_a_wrong_option_is_a_typed_error() -> None:
    with pytest.raises(errors.ClientOptionError) as caught:
        smsv2.Client(region_name="us-east-1", telemetry="yes")  # type: ignore[arg-type]
    assert caught.value.option == "telemetry"


def test_opentelemetry_is_not_imported_when_telemetry_is_off() -> None:
    code = """
import sys
import smsv2
from smsv2.testing import mock_sms_voice
with mock_sms_voice():
    smsv2.Client(region_name="us-east-1").create_opt_out_list(opt_out_list_name="o")
print(sorted(m for m in sys.modules if m.startswith("opentelemetry")))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_instrument_without_the_extra_is_a_typed_error() -> None:
    code = """
import sys
sys.modules["opentelemetry"] = None  # as if the extra were not installed
import smsv2
from smsv2 import errors
for attempt in (smsv2.instrument, lambda: smsv2.Client(region_name="us-east-1", telemetry=True)):
    try:
        attempt()
    except errors.ClientOptionError as error:
        print(error.option, error.problem)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert (
        out.stdout.splitlines()
        == ["telemetry needs the optional extra smsv2[otel] (opentelemetry-api)"] * 2
    )
