"""The fake delivers events: on its clock, filtered per destination, and really delivered inside
moto's mock_aws to SNS (-> SQS), Firehose (-> S3) and CloudWatch Logs; inbound to the number's
two-way topic."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

import smsv2
from smsv2.events import (
    InboundMessage,
    KeywordKind,
    parse_delivery_events,
    parse_inbound_messages,
)
from smsv2.testing import FakeSmsVoice, mock_sms_voice

REGION = "us-east-1"
ACCOUNT = "123456789012"
SUCCESS = "+14254147755"  # AWS's US simulator destinations
FAILURE = "+14254147167"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/sms-events"

Boto = Any  # boto3 clients are untyped


@pytest.fixture
def manual() -> Iterator[FakeSmsVoice]:
    with mock_sms_voice(settle="manual") as fake:
        yield fake


def sms_client() -> Boto:
    return boto3.client("pinpoint-sms-voice-v2", region_name=REGION)


def simulator(client: Boto, fake: FakeSmsVoice) -> str:
    number = client.request_phone_number(
        IsoCountryCode="US",
        MessageType="TRANSACTIONAL",
        NumberCapabilities=["SMS", "VOICE"],
        NumberType="SIMULATOR",
    )
    fake.advance(60)  # settle="manual": the number becomes ACTIVE on the clock
    return str(number["PhoneNumber"])


def config_set(client: Boto, **destination: object) -> str:
    client.create_configuration_set(ConfigurationSetName="events")
    client.create_event_destination(
        ConfigurationSetName="events",
        EventDestinationName="dest",
        MatchingEventTypes=destination.pop("types", ["ALL"]),
        **destination,
    )
    return "events"


def send(client: Boto, origination: str, destination: str = SUCCESS, **extra: object) -> str:
    answer = client.send_text_message(
        DestinationPhoneNumber=destination,
        OriginationIdentity=origination,
        MessageBody="Your code is 123456",
        ConfigurationSetName="events",
        **extra,
    )
    return str(answer["MessageId"])


TOPIC = f"arn:aws:sns:{REGION}:{ACCOUNT}:sms-events"


def test_events_follow_the_clock(manual: FakeSmsVoice) -> None:
    client = sms_client()
    origination = simulator(client, manual)
    config_set(client, SnsDestination={"TopicArn": TOPIC})
    start = manual.now
    message_id = send(client, origination, Context={"order": "42"})
    assert [e["messageStatus"] for e in manual.events] == ["PENDING"]
    manual.advance(1)
    assert [e["messageStatus"] for e in manual.events] == ["PENDING", "SUCCESSFUL"]
    manual.advance(5)
    events = parse_delivery_events(manual.events)
    assert [e.status for e in events] == ["PENDING", "SUCCESSFUL", "DELIVERED"]
    assert [e.is_final for e in events] == [False, False, True]
    assert all(e.message_id == message_id for e in events)
    times = [e.event_timestamp.timestamp() for e in events]
    assert times == sorted(times) and times[0] == pytest.approx(start, abs=0.01)
    final = events[-1]
    assert final.context == {"order": "42"}
    assert final.total_message_price is not None and final.total_message_price > 0
    assert final.total_message_parts == 1
    assert final.message_encoding == "GSM"
    assert final.origination_phone_number == origination
    assert final.destination_phone_number == SUCCESS
    assert final.is_delivered
    assert manual.delivery_failures == []  # outside moto nothing is published


def test_no_configuration_set_no_events(manual: FakeSmsVoice) -> None:
    client = sms_client()
    origination = simulator(client, manual)
    client.send_text_message(
        DestinationPhoneNumber=SUCCESS, OriginationIdentity=origination, MessageBody="hi"
    )
    manual.advance(60)
    assert manual.events == []


def test_simulator_failure_and_outcomes_set_by_a_test(manual: FakeSmsVoice) -> None:
    client = sms_client()
    origination = simulator(client, manual)
    config_set(client, SnsDestination={"TopicArn": TOPIC})
    send(client, origination, FAILURE)
    manual.advance(10)
    assert [e["eventType"] for e in manual.events] == ["TEXT_PENDING", "TEXT_BLOCKED"]
    assert parse_delivery_events(manual.events)[-1].is_failure
    manual.set_delivery_outcome(SUCCESS, "CARRIER_UNREACHABLE")
    send(client, origination)
    manual.advance(10)
    last = parse_delivery_events(manual.events)[-1]
    assert (last.status, last.is_final, last.is_retryable) == ("CARRIER_UNREACHABLE", True, True)
    manual.set_delivery_outcome(SUCCESS, None)
    send(client, origination)
    manual.advance(10)
    assert manual.events[-1]["messageStatus"] == "DELIVERED"
    with pytest.raises(ValueError):
        manual.set_delivery_outcome(SUCCESS, "TELEPORTED")


def test_matching_event_types_filter(manual: FakeSmsVoice) -> None:
    client = sms_client()
    origination = simulator(client, manual)
    config_set(client, SnsDestination={"TopicArn": TOPIC}, types=["TEXT_DELIVERED"])
    send(client, origination)
    manual.advance(10)
    assert [e["eventType"] for e in manual.events] == ["TEXT_DELIVERED"]
    client.update_event_destination(
        ConfigurationSetName="events", EventDestinationName="dest", Enabled=False
    )
    send(client, origination)
    manual.advance(10)
    assert len(manual.events) == 1


def test_instant_settle_releases_everything_with_the_send() -> None:
    with mock_sms_voice() as fake:
        client = sms_client()
        origination = simulator(client, fake)
        config_set(client, SnsDestination={"TopicArn": TOPIC}, types=["TEXT_ALL"])
        send(client, origination)
        assert [e["messageStatus"] for e in fake.events] == ["PENDING", "SUCCESSFUL", "DELIVERED"]


@pytest.fixture
def aws() -> Iterator[FakeSmsVoice]:
    with mock_aws(), mock_sms_voice(settle="manual") as fake:
        yield fake


def test_sns_topic_destination_reaches_a_subscribed_sqs_queue(aws: FakeSmsVoice) -> None:
    sns = boto3.client("sns", region_name=REGION)
    sqs = boto3.client("sqs", region_name=REGION)
    topic = sns.create_topic(Name="sms-events")["TopicArn"]
    queue_url = sqs.create_queue(QueueName="sms-events")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])[
        "Attributes"
    ]["QueueArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn)
    client = sms_client()
    origination = simulator(client, aws)
    config_set(client, SnsDestination={"TopicArn": topic})
    message_id = send(client, origination)
    aws.advance(10)
    bodies = [
        m["Body"]
        for m in sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10)["Messages"]
    ]
    events = [e for body in bodies for e in parse_delivery_events(body)]
    assert sorted(e.status for e in events) == ["DELIVERED", "PENDING", "SUCCESSFUL"]
    assert {e.message_id for e in events} == {message_id}
    assert aws.delivery_failures == []


def test_firehose_destination_writes_to_s3(aws: FakeSmsVoice) -> None:
    s3 = boto3.client("s3", region_name=REGION)
    s3.create_bucket(Bucket="sms-events")
    firehose = boto3.client("firehose", region_name=REGION)
    stream = firehose.create_delivery_stream(
        DeliveryStreamName="sms-events",
        ExtendedS3DestinationConfiguration={
            "RoleARN": ROLE,
            "BucketARN": "arn:aws:s3:::sms-events",
        },
    )["DeliveryStreamARN"]
    client = sms_client()
    origination = simulator(client, aws)
    config_set(client, KinesisFirehoseDestination={"IamRoleArn": ROLE, "DeliveryStreamArn": stream})
    send(client, origination)
    aws.advance(10)
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket="sms-events").get("Contents", [])]
    assert keys
    events = [
        e
        for key in keys
        for e in parse_delivery_events(s3.get_object(Bucket="sms-events", Key=key)["Body"].read())
    ]
    assert sorted(e.status for e in events) == ["DELIVERED", "PENDING", "SUCCESSFUL"]


def test_cloudwatch_logs_destination_is_found_by_filter_log_events(aws: FakeSmsVoice) -> None:
    logs = boto3.client("logs", region_name=REGION)
    logs.create_log_group(logGroupName="sms-events")
    group_arn = f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:sms-events:*"
    client = sms_client()
    origination = simulator(client, aws)
    config_set(
        client,
        CloudWatchLogsDestination={"IamRoleArn": ROLE, "LogGroupArn": group_arn},
        types=["TEXT_DELIVERED", "TEXT_BLOCKED"],
    )
    send(client, origination)
    send(client, origination, FAILURE)
    aws.advance(10)
    found = logs.filter_log_events(logGroupName="sms-events")["events"]
    events = parse_delivery_events([json.loads(e["message"]) for e in found])
    assert sorted(e.status for e in events) == ["BLOCKED", "DELIVERED"]


def test_missing_topic_is_reported_not_raised(aws: FakeSmsVoice) -> None:
    client = sms_client()
    origination = simulator(client, aws)
    config_set(client, SnsDestination={"TopicArn": f"arn:aws:sns:{REGION}:{ACCOUNT}:nowhere"})
    send(client, origination)
    aws.advance(10)
    assert aws.delivery_failures
    assert aws.delivery_failures[0]["EventDestinationName"] == "dest"
    assert len(aws.events) == 3


def test_inbound_is_published_to_the_two_way_topic_and_stop_applies(aws: FakeSmsVoice) -> None:
    sns = boto3.client("sns", region_name=REGION)
    sqs = boto3.client("sqs", region_name=REGION)
    topic = sns.create_topic(Name="two-way")["TopicArn"]
    queue_url = sqs.create_queue(QueueName="two-way")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])[
        "Attributes"
    ]["QueueArn"]
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn)
    client = sms_client()
    number = client.request_phone_number(
        IsoCountryCode="US",
        MessageType="TRANSACTIONAL",
        NumberCapabilities=["SMS"],
        NumberType="SIMULATOR",
    )
    aws.advance(60)
    client.update_phone_number(
        PhoneNumberId=number["PhoneNumberId"], TwoWayEnabled=True, TwoWayChannelArn=topic
    )
    sent = client.send_text_message(
        DestinationPhoneNumber=SUCCESS,
        OriginationIdentity=number["PhoneNumber"],
        MessageBody="Reply STOP to opt out",
    )
    reply = aws.inbound(SUCCESS, number["PhoneNumber"], " stop ")
    assert reply  # the STOP keyword's automatic response
    opted_out = client.describe_opted_out_numbers(OptOutListName=number["OptOutListName"])
    assert [n["OptedOutNumber"] for n in opted_out["OptedOutNumbers"]] == [SUCCESS]
    help_reply = aws.inbound(SUCCESS, number["PhoneNumber"], "HELP")
    assert help_reply
    bodies = [
        m["Body"]
        for m in sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10)["Messages"]
    ]
    messages: list[InboundMessage] = [m for b in bodies for m in parse_inbound_messages(b)]
    by_kind = {m.keyword_kind: m for m in messages}
    assert set(by_kind) == {KeywordKind.OPT_OUT, KeywordKind.HELP}
    stop = by_kind[KeywordKind.OPT_OUT]
    assert stop.origination_number == SUCCESS
    assert stop.destination_number == number["PhoneNumber"]
    assert stop.previous_published_message_id == sent["MessageId"]
    assert stop.message_keyword == "STOP"


def test_parts_and_limit_agree_with_segments(manual: FakeSmsVoice) -> None:
    client = sms_client()
    origination = simulator(client, manual)
    config_set(client, SnsDestination={"TopicArn": TOPIC}, types=["TEXT_DELIVERED"])
    body = "a" * 152 + "€" + "b" * 10  # 164 septets, the escape pair starts part two
    client.send_text_message(
        DestinationPhoneNumber=SUCCESS,
        OriginationIdentity=origination,
        MessageBody=body,
        ConfigurationSetName="events",
    )
    manual.advance(10)
    assert manual.events[-1]["totalMessageParts"] == smsv2.segments(body).parts == 2
    assert manual.sent_messages[-1].parts == 2
    with pytest.raises(ClientError) as caught:
        client.send_text_message(
            DestinationPhoneNumber=SUCCESS, OriginationIdentity=origination, MessageBody="€" * 766
        )
    assert caught.value.response.get("Reason") == "MAXIMUM_SIZE_EXCEEDED"
