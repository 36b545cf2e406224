"""The two parsers: delivery events (a model per channel) and inbound messages."""

from __future__ import annotations

from typing import cast

from pydantic import TypeAdapter

from smsv2.events._models import (
    DeliveryEvent,
    InboundMessage,
    MediaDeliveryEvent,
    RcsDeliveryEvent,
    TextDeliveryEvent,
    VoiceDeliveryEvent,
)
from smsv2.events._transports import RecordParser
from smsv2.telemetry._events import observed_parse

__all__ = ["parse_delivery_events", "parse_inbound_messages"]

_BY_CHANNEL: dict[str, TypeAdapter[DeliveryEvent]] = {
    prefix: TypeAdapter(model)
    for prefix, model in (
        ("TEXT", TextDeliveryEvent),
        ("MEDIA", MediaDeliveryEvent),
        ("VOICE", VoiceDeliveryEvent),
        ("RCS", RcsDeliveryEvent),
    )
}


def _channel_model(record: object) -> TypeAdapter[DeliveryEvent] | None:
    # Pick the channel's model from eventType's prefix before validating; a peek into the JSON
    # text is much cheaper than a discriminated union. Unknown channels get DeliveryEvent.
    if isinstance(record, str):
        key = record.find('"eventType"')
        if key < 0:
            return None
        start = record.find('"', record.find(":", key) + 1) + 1
        kind = record[start : start + 6]
    elif isinstance(record, dict):
        kind = str(cast("dict[str, object]", record).get("eventType", ""))
    else:
        return None
    return _BY_CHANNEL.get(kind.split("_", 1)[0])


_DELIVERY = RecordParser[DeliveryEvent](
    TypeAdapter(DeliveryEvent), "delivery event", _channel_model
)
_INBOUND = RecordParser[InboundMessage](TypeAdapter(InboundMessage), "inbound message")


@observed_parse
def parse_delivery_events(payload: object) -> list[DeliveryEvent]:
    """Every delivery event in `payload`, typed (a subclass per channel) and validated.

    `payload` is what you received, as `str`/`bytes` or decoded JSON: the raw record, an
    SNS notification (HTTP endpoint), a Lambda event from SNS, SQS or Kinesis, a Firehose
    transformation event or Firehose's S3 object (newline-delimited), a CloudWatch Logs
    subscription event, or an EventBridge event.

    Raises:
        EventParseError: the payload could not be read; `format` and `field` say where.
    """
    return _DELIVERY.parse(payload)


def parse_inbound_messages(payload: object) -> list[InboundMessage]:
    """Every two-way (inbound) message in `payload`, from the same transports as events.

    Raises:
        EventParseError: the payload could not be read; `format` and `field` say where.
    """
    return _INBOUND.parse(payload)
