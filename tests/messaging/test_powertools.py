"""smsv2's event models inside Powertools for AWS Lambda's parser (its SNS and SQS envelopes)."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timezone
from typing import cast

from aws_lambda_powertools.utilities.parser import envelopes, parse

from smsv2.events import InboundMessage, TextDeliveryEvent, verify_sns_message
from smsv2.testing import FakeSmsVoice

from .payloads import event_record, inbound_record

TOPIC = "arn:aws:sns:us-east-1:123456789012:sms-events"


def lambda_sns_event(*messages: dict[str, object]) -> dict[str, object]:
    """A complete Lambda event from SNS, each message signed by a fake (as SNS signs them)."""
    signer = FakeSmsVoice().sns_signer
    records = []
    for message in messages:
        signed = signer.sign(
            {
                "Type": "Notification",
                "MessageId": str(uuid.uuid4()),
                "TopicArn": TOPIC,
                "Message": json.dumps(message),
                "Timestamp": datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
            }
        )
        sns = {
            **{k: v for k, v in signed.items() if k != "SigningCertURL"},
            "SigningCertUrl": signed["SigningCertURL"],
            "UnsubscribeUrl": "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe",
            "Subject": None,
            "MessageAttributes": {},
        }
        records.append(
            {
                "EventSource": "aws:sns",
                "EventVersion": "1.0",
                "EventSubscriptionArn": f"{TOPIC}:{uuid.uuid4()}",
                "Sns": sns,
            }
        )
    return {"Records": records}


def test_sns_envelope_gives_smsv2_models() -> None:
    event = lambda_sns_event(event_record(), event_record(messageStatus="DELIVERED", isFinal=True))
    # Powertools types parse()'s result as a union of what any envelope may give.
    parsed = cast(
        "list[TextDeliveryEvent]",
        parse(event=event, model=TextDeliveryEvent, envelope=envelopes.SnsEnvelope),
    )
    assert [type(e) for e in parsed] == [TextDeliveryEvent, TextDeliveryEvent]
    assert [e.status for e in parsed] == [event_record()["messageStatus"], "DELIVERED"]
    assert parsed[1].is_final and parsed[1].is_delivered


def test_sqs_envelope_gives_smsv2_models() -> None:
    event = {
        "Records": [
            {
                "messageId": str(uuid.uuid4()),
                "receiptHandle": "r",
                "body": json.dumps(inbound_record()),
                "attributes": {
                    "ApproximateReceiveCount": "1",
                    "SentTimestamp": "1523232000000",
                    "SenderId": "123456789012",
                    "ApproximateFirstReceiveTimestamp": "1523232000001",
                },
                "messageAttributes": {},
                "md5OfBody": "0",
                "eventSource": "aws:sqs",
                "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:inbound",
                "awsRegion": "us-east-1",
            }
        ]
    }
    (message,) = cast(
        "list[InboundMessage]",
        parse(event=event, model=InboundMessage, envelope=envelopes.SqsEnvelope),
    )
    assert message.message_body == inbound_record()["messageBody"]


def test_lambda_records_verify_too() -> None:
    # Lambda's spelling (SigningCertUrl, Subject null) verifies like the HTTP body does.
    fake = FakeSmsVoice()
    signer = fake.sns_signer
    event = lambda_sns_event(event_record())
    sns = event["Records"][0]["Sns"]  # type: ignore[index]
    # Re-sign with this fake's key: lambda_sns_event used a fake of its own.
    signed = signer.sign(
        {k: sns[k] for k in ("Type", "MessageId", "TopicArn", "Message", "Timestamp")}
    )
    sns |= {"Signature": signed["Signature"], "SigningCertUrl": signer.certificate_url}
    assert verify_sns_message(sns, fetch_certificate=fake.fetch_certificate).topic_arn == TOPIC
