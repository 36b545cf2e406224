"""Builders of the payload shapes each transport delivers, for the parser tests."""

from __future__ import annotations

import base64
import gzip
import json

MESSAGE_ID = "862a8790-60c0-4430-9b2b-658bdexample"


def event_record(**changes: object) -> dict[str, object]:
    """An SMS event as AWS's event-format page shows it (values are examples)."""
    record: dict[str, object] = {
        "eventType": "TEXT_SUCCESSFUL",
        "eventVersion": "1.0",
        "eventTimestamp": 1686975103470,
        "isFinal": True,
        "originationPhoneNumber": "+12065550152",
        "destinationPhoneNumber": "+14255550156",
        "isInternationalSend": False,
        "mcc": "310",
        "mnc": "800",
        "messageId": MESSAGE_ID,
        "messageRequestTimestamp": 1686975103170,
        "messageEncoding": "GSM",
        "messageType": "PROMOTIONAL",
        "messageStatus": "SUCCESSFUL",
        "messageStatusDescription": "Message has been accepted by phone carrier",
        "context": {"account": "bar"},
        "totalMessageParts": 1,
        "totalMessagePrice": 0.09582,
        "totalCarrierFee": 0.0,
    }
    record.update(changes)
    return record


def inbound_record(**changes: object) -> dict[str, object]:
    """A two-way message as AWS's two-way payload page shows it."""
    record: dict[str, object] = {
        "originationNumber": "+14255550182",
        "destinationNumber": "+12125550101",
        "messageKeyword": "JOIN",
        "messageBody": "EXAMPLE",
        "inboundMessageId": "cae173d2-66b9-564c-8309-21f858e9fb84",
        "previousPublishedMessageId": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    }
    record.update(changes)
    return record


def sns_notification(record: dict[str, object]) -> dict[str, object]:
    return {
        "Type": "Notification",
        "MessageId": "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324",
        "TopicArn": "arn:aws:sns:us-east-1:123456789012:sms-events",
        "Message": json.dumps(record),
        "Timestamp": "2023-06-17T04:11:43.470Z",
        "SignatureVersion": "1",
        "Signature": "EXAMPLE",
        "SigningCertURL": "https://example.invalid/cert.pem",
        "UnsubscribeURL": "https://example.invalid/unsubscribe",
    }


def lambda_sns(*records: dict[str, object]) -> dict[str, object]:
    return {
        "Records": [
            {
                "EventSource": "aws:sns",
                "EventVersion": "1.0",
                "EventSubscriptionArn": "arn:aws:sns:us-east-1:123456789012:sms-events:1",
                "Sns": {"Type": "Notification", "Message": json.dumps(r)},
            }
            for r in records
        ]
    }


def lambda_sqs(*bodies: str) -> dict[str, object]:
    return {
        "Records": [
            {"messageId": f"m{i}", "eventSource": "aws:sqs", "body": body}
            for i, body in enumerate(bodies)
        ]
    }


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def kinesis(*records: dict[str, object]) -> dict[str, object]:
    return {
        "Records": [
            {
                "eventSource": "aws:kinesis",
                "kinesis": {"partitionKey": "k", "data": _b64(json.dumps(r).encode())},
            }
            for r in records
        ]
    }


def firehose(*records: dict[str, object]) -> dict[str, object]:
    return {
        "invocationId": "invocation-1",
        "deliveryStreamArn": "arn:aws:firehose:us-east-1:123456789012:deliverystream/sms",
        "region": "us-east-1",
        "records": [
            {"recordId": str(i), "data": _b64((json.dumps(r) + "\n").encode())}
            for i, r in enumerate(records)
        ],
    }


def cloudwatch_logs(*records: dict[str, object], control: bool = False) -> dict[str, object]:
    body = {
        "messageType": "CONTROL_MESSAGE" if control else "DATA_MESSAGE",
        "owner": "123456789012",
        "logGroup": "sms-events",
        "logStream": "stream",
        "subscriptionFilters": ["all"],
        "logEvents": [
            {"id": str(i), "timestamp": 1686975103470, "message": json.dumps(r)}
            for i, r in enumerate(records)
        ],
    }
    return {"awslogs": {"data": _b64(gzip.compress(json.dumps(body).encode()))}}


def eventbridge(record: dict[str, object], detail_type: str) -> dict[str, object]:
    return {
        "version": "0",
        "id": "7bf73129-1428-4cd3-a780-95db273d1602",
        "detail-type": detail_type,
        "source": "aws.sms-voice",
        "account": "123456789012",
        "time": "2023-06-17T04:11:43Z",
        "region": "us-east-1",
        "resources": [],
        "detail": record,
    }
