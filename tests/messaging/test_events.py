"""smsv2.events: models, every transport's parser, typed errors, the tracker, inbound keywords."""

from __future__ import annotations

import json
import random
from datetime import datetime, timezone
from decimal import Decimal

import pytest

import smsv2
from smsv2 import errors
from smsv2.events import (
    RETRYABLE_STATUSES,
    DeliveryEvent,
    DeliveryTracker,
    EventParseError,
    EventType,
    InboundMessage,
    KeywordKind,
    MediaDeliveryEvent,
    MessageState,
    MessageStatus,
    RcsDeliveryEvent,
    TextDeliveryEvent,
    VoiceDeliveryEvent,
    classify_keyword,
    mirror_opt_out,
    parse_delivery_events,
    parse_inbound_messages,
)
from smsv2.testing import mock_sms_voice

from .payloads import (
    MESSAGE_ID,
    cloudwatch_logs,
    event_record,
    eventbridge,
    firehose,
    inbound_record,
    kinesis,
    lambda_sns,
    lambda_sqs,
    sns_notification,
)

# -- models --------------------------------------------------------------------------------------


def test_event_fields_are_typed() -> None:
    (event,) = parse_delivery_events(event_record(isoCountryCode="US", carrierName="Example"))
    assert isinstance(event, TextDeliveryEvent)
    assert event.event_type is EventType.TEXT_SUCCESSFUL
    assert event.message_status is MessageStatus.SUCCESSFUL
    assert event.event_timestamp == datetime(2023, 6, 17, 4, 11, 43, 470000, tzinfo=timezone.utc)
    assert event.message_request_timestamp is not None
    assert event.message_request_timestamp.tzinfo is not None
    assert event.total_message_price == Decimal("0.09582")
    assert isinstance(event.total_carrier_fee, Decimal)
    assert event.total_message_parts == 1
    assert event.context == {"account": "bar"}
    assert (event.mcc, event.mnc, event.iso_country_code, event.carrier_name) == (
        "310",
        "800",
        "US",
        "Example",
    )
    assert event.is_international_send is False
    assert event.channel == "TEXT"


def test_unknown_fields_and_enum_values_are_kept() -> None:
    (event,) = parse_delivery_events(
        event_record(eventType="TEXT_TELEPORTED", messageStatus="TELEPORTED", futureField=[1])
    )
    assert event.event_type == "TEXT_TELEPORTED"
    assert event.status == "TELEPORTED"
    assert event.model_extra == {"futureField": [1]}
    assert not event.is_delivered and not event.is_failure


def test_protect_and_rcs_details() -> None:
    (event,) = parse_delivery_events(
        event_record(
            eventType="TEXT_PROTECT_BLOCKED",
            messageStatus="PROTECT_BLOCKED",
            protectConfiguration={
                "protectConfigurationId": "protect-e06e5d722c31455286262a108e7d863d",
                "protectStatus": "BLOCK",
            },
        )
    )
    assert event.protect_configuration is not None
    assert event.protect_configuration.protect_status == "BLOCK"
    assert event.is_failure and not event.is_retryable
    (rcs,) = parse_delivery_events(
        event_record(eventType="RCS_READ", messageStatus="READ", rcsMetadata={"agentId": "a"})
    )
    assert isinstance(rcs, RcsDeliveryEvent)
    assert rcs.rcs_metadata == {"agentId": "a"}
    assert rcs.is_delivered


@pytest.mark.parametrize(
    ("event_type", "cls"),
    [
        ("TEXT_DELIVERED", TextDeliveryEvent),
        ("MEDIA_DELIVERED", MediaDeliveryEvent),
        ("VOICE_COMPLETED", VoiceDeliveryEvent),
        ("RCS_DELIVERED", RcsDeliveryEvent),
        ("FAX_DELIVERED", DeliveryEvent),
    ],
)
def test_channel_models(event_type: str, cls: type[DeliveryEvent]) -> None:
    status = event_type.split("_", 1)[1]
    record = event_record(eventType=event_type, messageStatus=status)
    from_text = parse_delivery_events(json.dumps(record))
    from_dict = parse_delivery_events(record)
    from_sns = parse_delivery_events(json.dumps(sns_notification(record)))
    for (event,) in (from_text, from_dict, from_sns):
        assert type(event) is cls
        assert event.is_delivered


def test_repr_hides_numbers_and_context() -> None:
    (event,) = parse_delivery_events(event_record())
    text = repr(event)
    assert "+1206" not in text and "+1425" not in text and "bar" not in text
    assert MESSAGE_ID in text
    (inbound,) = parse_inbound_messages(inbound_record(messageBody="my secret"))
    assert "secret" not in repr(inbound) and "+1425" not in repr(inbound)


@pytest.mark.parametrize(
    ("status", "final", "delivered", "failure", "retryable"),
    [
        ("PENDING", False, False, False, False),
        ("SUCCESSFUL", False, False, False, False),
        ("SUCCESSFUL", True, True, False, False),
        ("DELIVERED", True, True, False, False),
        ("CARRIER_UNREACHABLE", True, False, True, True),
        ("UNREACHABLE", True, False, True, True),
        ("TTL_EXPIRED", True, False, True, True),
        ("UNKNOWN", True, False, True, True),
        ("BLOCKED", True, False, True, False),
        ("SPAM", True, False, True, False),
    ],
)
def test_helpers(status: str, final: bool, delivered: bool, failure: bool, retryable: bool) -> None:
    (event,) = parse_delivery_events(
        event_record(eventType=f"TEXT_{status}", messageStatus=status, isFinal=final)
    )
    assert (event.is_final, event.is_delivered, event.is_failure, event.is_retryable) == (
        final,
        delivered,
        failure,
        retryable,
    )


def test_retryable_statuses_are_documented_set() -> None:
    assert {"UNREACHABLE", "UNKNOWN", "CARRIER_UNREACHABLE", "TTL_EXPIRED"} == RETRYABLE_STATUSES


# -- transports ----------------------------------------------------------------------------------

FIRST = event_record(eventType="TEXT_PENDING", messageStatus="PENDING", isFinal=False)
SECOND = event_record(
    eventType="TEXT_DELIVERED", messageStatus="DELIVERED", eventTimestamp=1686975104470
)


def statuses(events: list[DeliveryEvent]) -> list[str]:
    return [e.status for e in events]


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param([FIRST, SECOND], id="raw-list"),
        pytest.param(json.dumps(FIRST) + "\n" + json.dumps(SECOND) + "\n", id="raw-ndjson-s3"),
        pytest.param(json.dumps(FIRST) + json.dumps(SECOND), id="raw-concatenated"),
        pytest.param([sns_notification(FIRST), sns_notification(SECOND)], id="sns-http"),
        pytest.param(lambda_sns(FIRST, SECOND), id="lambda-sns"),
        pytest.param(
            lambda_sqs(json.dumps(sns_notification(FIRST)), json.dumps(SECOND)), id="lambda-sqs"
        ),
        pytest.param(kinesis(FIRST, SECOND), id="kinesis"),
        pytest.param(firehose(FIRST, SECOND), id="firehose"),
        pytest.param(cloudwatch_logs(FIRST, SECOND), id="cloudwatch-logs"),
        pytest.param(
            [
                eventbridge(FIRST, "Text Message Delivery Status Updated"),
                eventbridge(SECOND, "Text Message Delivery Status Updated"),
            ],
            id="eventbridge",
        ),
    ],
)
def test_every_transport(payload: object) -> None:
    events = parse_delivery_events(payload)
    assert statuses(events) == ["PENDING", "DELIVERED"]
    as_text = parse_delivery_events(
        json.dumps(payload) if not isinstance(payload, str) else payload
    )
    assert statuses(as_text) == ["PENDING", "DELIVERED"]
    as_bytes = parse_delivery_events(
        (payload if isinstance(payload, str) else json.dumps(payload)).encode()
    )
    assert statuses(as_bytes) == ["PENDING", "DELIVERED"]


def test_cloudwatch_control_message_and_registration_events_carry_no_events() -> None:
    assert parse_delivery_events(cloudwatch_logs(FIRST, control=True)) == []
    registration = eventbridge({"registrationId": "registration-1"}, "Registration Status Change")
    assert parse_delivery_events(registration) == []


@pytest.mark.parametrize(
    ("payload", "fmt", "field"),
    [
        ({"eventType": "TEXT_PENDING"}, "raw", "$.eventTimestamp"),
        ("{not json", "raw", "$"),
        (
            lambda_sns(event_record(messageId=None)),
            "lambda-sns",
            "$.Records[0].Sns.Message.messageId",
        ),
        (
            {"Records": [{"Sns": {"Type": "Notification"}}]},
            "lambda-sns",
            "$.Records[0].Sns.Message",
        ),
        ({"Records": [{"kinesis": {"data": "@@@"}}]}, "kinesis", "$.Records[0].kinesis.data"),
        ({"Records": [{"what": 1}]}, "lambda", "$.Records[0]"),
        (
            {"invocationId": "i", "records": [{"data": "bm90IGpzb24="}]},
            "firehose",
            "$.records[0].data",
        ),
        ({"awslogs": {"data": "bm90IGd6aXA="}}, "cloudwatch-logs", "$.awslogs.data"),
        (
            {"Type": "SubscriptionConfirmation", "SubscribeURL": "https://example.invalid"},
            "sns",
            "$.Type",
        ),
        (
            sns_notification(event_record(eventTimestamp="yesterday")),
            "sns",
            "$.Message.eventTimestamp",
        ),
        (
            eventbridge({"eventType": "TEXT_PENDING"}, "Text Message Delivery Status Updated"),
            "eventbridge",
            "$.detail.eventTimestamp",
        ),
        (42, "raw", "$"),
    ],
)
def test_unreadable_payloads_raise_typed_errors(payload: object, fmt: str, field: str) -> None:
    with pytest.raises(EventParseError) as caught:
        parse_delivery_events(payload)
    assert (caught.value.format, caught.value.field) == (fmt, field)
    assert isinstance(caught.value, errors.SmsV2Error)
    assert errors.EventParseError is EventParseError
    assert "+1206" not in str(caught.value)


def test_never_half_parsed() -> None:
    good = event_record()
    bad = event_record(messageStatus=None)
    with pytest.raises(EventParseError) as caught:
        parse_delivery_events(lambda_sns(good, bad))
    assert caught.value.field == "$.Records[1].Sns.Message.messageStatus"


# -- tracker -------------------------------------------------------------------------------------


def lifecycle(message_id: str, base: int = 1686975103470) -> list[DeliveryEvent]:
    steps = [
        ("TEXT_PENDING", "PENDING", False),
        ("TEXT_SUCCESSFUL", "SUCCESSFUL", False),
        ("TEXT_DELIVERED", "DELIVERED", True),
    ]
    records = [
        event_record(
            eventType=t, messageStatus=s, isFinal=f, messageId=message_id, eventTimestamp=base + i
        )
        for i, (t, s, f) in enumerate(steps)
    ]
    return parse_delivery_events(records)


def test_tracker_folds_in_order() -> None:
    tracker = DeliveryTracker()
    seen = []
    for event in lifecycle("m1"):
        state = tracker.add(event)
        assert state is not None
        seen.append(state.status)
    assert seen == ["PENDING", "SUCCESSFUL", "DELIVERED"]
    state = tracker.get("m1")
    assert state is not None and state.is_final and state.is_delivered
    assert tracker.open_count == 0


@pytest.mark.parametrize("seed", range(20))
def test_tracker_any_order_and_duplicates_give_the_same_final_state(seed: int) -> None:
    events = lifecycle("m1") * 2  # every event twice: at-least-once transports
    random.Random(seed).shuffle(events)
    finals: list[MessageState] = []
    tracker = DeliveryTracker(on_final=finals.append)
    tracker.add_all(events)
    state = tracker.get("m1")
    assert state is not None
    assert state.status == "DELIVERED"
    assert len(finals) == 1


def test_tracker_final_never_regresses() -> None:
    tracker = DeliveryTracker()
    pending, successful, delivered = lifecycle("m1")
    assert tracker.add(delivered) is not None
    assert tracker.add(pending) is None
    assert tracker.add(successful) is None
    failed = parse_delivery_events(
        event_record(
            messageId="m1", eventType="TEXT_BLOCKED", messageStatus="BLOCKED", isFinal=True
        )
    )[0]
    assert tracker.add(failed) is None
    state = tracker.get("m1")
    assert state is not None and state.status == "DELIVERED"


def test_tracker_progress_beats_arrival_order() -> None:
    tracker = DeliveryTracker()
    pending, successful, _ = lifecycle("m1")
    tracker.add(successful)
    assert tracker.add(pending) is None
    state = tracker.get("m1")
    assert state is not None and state.status == "SUCCESSFUL" and state.events_seen == 2
    assert [s.message_id for s in tracker.open] == ["m1"]


def test_tracker_memory_is_bounded_by_open_messages() -> None:
    tracker = DeliveryTracker(remember_final=10)
    for i in range(1000):
        tracker.add_all(lifecycle(f"m{i}"))
    assert tracker.open_count == 0
    assert len(tracker.final) == 10
    assert tracker.get("m999") is not None and tracker.get("m0") is None
    open_tracker = DeliveryTracker(remember_final=0)
    for i in range(100):
        open_tracker.add(lifecycle(f"n{i}")[0])
    assert open_tracker.open_count == 100
    assert "n5" in open_tracker and "zz" not in open_tracker
    with pytest.raises(ValueError):
        DeliveryTracker(remember_final=-1)


# -- inbound -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param(inbound_record(), id="raw"),
        pytest.param(sns_notification(inbound_record()), id="sns-http"),
        pytest.param(lambda_sns(inbound_record()), id="lambda-sns"),
        pytest.param(lambda_sqs(json.dumps(sns_notification(inbound_record()))), id="sqs"),
        pytest.param(kinesis(inbound_record()), id="kinesis"),
        pytest.param(firehose(inbound_record()), id="firehose"),
        pytest.param(cloudwatch_logs(inbound_record()), id="cloudwatch-logs"),
    ],
)
def test_inbound_every_transport(payload: object) -> None:
    (message,) = parse_inbound_messages(payload)
    assert isinstance(message, InboundMessage)
    assert message.origination_number == "+14255550182"
    assert message.destination_number == "+12125550101"
    assert message.message_keyword == "JOIN"
    assert message.message_body == "EXAMPLE"
    assert message.inbound_message_id == "cae173d2-66b9-564c-8309-21f858e9fb84"
    assert message.previous_published_message_id == "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


def test_inbound_missing_field() -> None:
    with pytest.raises(EventParseError) as caught:
        parse_inbound_messages(sns_notification(inbound_record(messageBody=None)))
    assert caught.value.field == "$.Message.messageBody"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        *[
            (word, KeywordKind.OPT_OUT)
            for word in (
                "ARRET",
                "CANCEL",
                "END",
                "OPT-OUT",
                "OPTOUT",
                "QUIT",
                "REMOVE",
                "STOP",
                "TD",
                "UNSUBSCRIBE",
            )
        ],
        ("  stop \n", KeywordKind.OPT_OUT),
        ("Stop", KeywordKind.OPT_OUT),
        ("start", KeywordKind.OPT_IN),
        ("UNSTOP", KeywordKind.OPT_IN),
        (" help", KeywordKind.HELP),
        ("stop it", KeywordKind.OTHER),
        ("hello", KeywordKind.OTHER),
    ],
)
def test_classify_keyword(text: str, kind: KeywordKind) -> None:
    assert classify_keyword(text) is kind


def test_keyword_kind_falls_back_to_matched_keyword() -> None:
    (message,) = parse_inbound_messages(inbound_record(messageBody="x", messageKeyword="STOP"))
    assert message.keyword_kind is KeywordKind.OPT_OUT


def test_mirror_opt_out_is_idempotent() -> None:
    with mock_sms_voice():
        client = smsv2.Client(region_name="us-east-1")
        client.create_opt_out_list(opt_out_list_name="mirror")
        stop = parse_inbound_messages(inbound_record(messageBody="STOP"))[0]
        start = parse_inbound_messages(inbound_record(messageBody="start"))[0]
        other = parse_inbound_messages(inbound_record(messageBody="hello"))[0]

        def listed() -> list[str]:
            return [
                n.opted_out_number for n in client.opted_out_numbers(opt_out_list_name="mirror")
            ]

        for _ in range(2):
            assert mirror_opt_out(stop, client=client, opt_out_list_name="mirror") is (
                KeywordKind.OPT_OUT
            )
            assert listed() == ["+14255550182"]
        assert mirror_opt_out(other, client=client, opt_out_list_name="mirror") is (
            KeywordKind.OTHER
        )
        assert listed() == ["+14255550182"]
        for _ in range(2):
            assert mirror_opt_out(start, client=client, opt_out_list_name="mirror") is (
                KeywordKind.OPT_IN
            )
            assert listed() == []
        with pytest.raises(errors.ResourceNotFoundException):
            mirror_opt_out(start, client=client, opt_out_list_name="missing")
