"""Where the fake publishes what the service would publish: SNS topics, Firehose streams and
CloudWatch Logs groups, through boto3, and only while moto's `mock_aws` is active.

Outside moto nothing leaves the process: the fake never calls a real AWS account. A failed
delivery (a topic moto does not know, for example) is reported to the caller, which records
it; the send that caused it still succeeds, as with the real service.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from ._base import JsonDict

#: The log stream the fake writes events to in a CloudWatch Logs destination's group.
LOG_STREAM = "sms-voice-events"


def moto_active() -> bool:
    """Whether moto's `mock_aws` currently intercepts boto3 (without importing moto)."""
    models = sys.modules.get("moto.core.models")
    stubber = getattr(models, "botocore_stubber", None)
    return bool(getattr(stubber, "enabled", False))


def _arn_parts(arn: str) -> tuple[str, str, str]:
    """(region, account, resource) of an ARN."""
    parts = arn.split(":", 5)
    if len(parts) != 6:
        raise ValueError("not an ARN")
    return parts[3], parts[4], parts[5]


def _client(service: str, region: str) -> Any:
    # A fresh session: clients made while moto is active go to moto.
    session: Any = boto3.session.Session()
    return session.client(service, region_name=region)


def publish_sns(topic_arn: str, messages: Sequence[JsonDict]) -> None:
    """Publish each message as JSON to the topic (SNS delivers it to its subscribers)."""
    region, _, _ = _arn_parts(topic_arn)
    client = _client("sns", region)
    for message in messages:
        client.publish(TopicArn=topic_arn, Message=json.dumps(message))


def put_firehose(stream_arn: str, records: Sequence[JsonDict]) -> None:
    """Put the records, newline-delimited JSON, to the delivery stream."""
    region, _, resource = _arn_parts(stream_arn)
    name = resource.split("/", 1)[1]
    _client("firehose", region).put_record_batch(
        DeliveryStreamName=name,
        Records=[{"Data": (json.dumps(r) + "\n").encode()} for r in records],
    )


def put_log_events(log_group_arn: str, records: Sequence[tuple[int, JsonDict]]) -> None:
    """Write `(timestamp ms, record)` pairs as JSON log events to the group's stream."""
    region, _, resource = _arn_parts(log_group_arn)
    group = resource.split(":")[1]
    client = _client("logs", region)
    try:
        client.create_log_stream(logGroupName=group, logStreamName=LOG_STREAM)
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") != "ResourceAlreadyExistsException":
            raise
    client.put_log_events(
        logGroupName=group,
        logStreamName=LOG_STREAM,
        logEvents=[{"timestamp": ts, "message": json.dumps(r)} for ts, r in records],
    )


def deliver(kind: str, arn: str, records: Sequence[tuple[int, JsonDict]]) -> str | None:
    """Send `records` to one destination; None when delivered, else why not (an error code)."""
    try:
        if kind == "SnsDestination":
            publish_sns(arn, [r for _, r in records])
        elif kind == "KinesisFirehoseDestination":
            put_firehose(arn, [r for _, r in records])
        elif kind == "CloudWatchLogsDestination":
            put_log_events(arn, records)
        else:
            return f"unknown destination kind {kind}"
    except ClientError as exc:
        return str(exc.response.get("Error", {}).get("Code", "ClientError"))
    except (BotoCoreError, ValueError, IndexError) as exc:
        return type(exc).__name__
    return None
