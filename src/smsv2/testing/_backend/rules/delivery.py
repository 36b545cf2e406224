"""Delivery events: what a configuration set's event destinations receive after a send, and
the two-way messages published to a number's TwoWayChannelArn.

`schedule` (called by `rules.send.accept` for every accepted message) plans the message's
events on the fake clock: for SMS `TEXT_PENDING` now, `TEXT_SUCCESSFUL` a second later,
`TEXT_DELIVERED` (final) at three seconds, or a failure for AWS's simulator failure numbers
and for outcomes a test set (`FakeSmsVoice.set_delivery_outcome`). Each event goes only to
the enabled destinations whose MatchingEventTypes include it. `flush` (called by the fake
after every call and every `advance`) releases the events now due: into
`FakeSmsVoice.events`, and, inside moto's `mock_aws`, to the destinations themselves.
The record format follows AWS's "Messaging events" page.
"""

from __future__ import annotations

from collections.abc import Mapping

from smsv2.encoding import Encoding, segments

from .. import aws_sinks
from .._base import JsonDict
from .._context import Ctx
from ..engine import Engine

#: Event type prefix of each capability.
CHANNELS = {"SMS": "TEXT", "MMS": "MEDIA", "VOICE": "VOICE", "RCS": "RCS"}
#: AWS's simulator destinations that simulate a failure, and the status the fake gives them
#: (the simulator's failure numbers report a blocked message).
SIMULATOR_FAILURES: Mapping[str, str] = {
    number: "BLOCKED"
    for number in (
        "+14254147167",
        "+61455944039",
        "+43676800442032",
        "+32460213923",
        "+33755512502",
        "+85257048854",
    )
}
#: The outcome of each channel when nothing else is set.
DEFAULT_OUTCOME = {
    "TEXT": "DELIVERED",
    "MEDIA": "DELIVERED",
    "VOICE": "COMPLETED",
    "RCS": "DELIVERED",
}
#: (seconds after the send, status) before the outcome, per channel; then the outcome's own
#: steps. The delays are the fake's choice.
_LEADING = {
    "TEXT": ((0.0, "PENDING"),),
    "MEDIA": ((0.0, "PENDING"),),
    "VOICE": ((0.0, "INITIATED"), (1.0, "RINGING")),
    "RCS": ((0.0, "QUEUED"), (1.0, "SENT")),
}
_SUCCESS_STEPS = {
    "DELIVERED": ((1.0, "SUCCESSFUL"), (3.0, "DELIVERED")),
    "SUCCESSFUL": ((1.0, "SUCCESSFUL"),),
    "COMPLETED": ((5.0, "ANSWERED"), (35.0, "COMPLETED")),
}
_FAILURE_DELAY = 2.0
#: Statuses a test may choose as a message's outcome.
KNOWN_OUTCOMES = frozenset(
    {
        "DELIVERED",
        "SUCCESSFUL",
        "COMPLETED",
        "BLOCKED",
        "CARRIER_BLOCKED",
        "CARRIER_UNREACHABLE",
        "UNREACHABLE",
        "INVALID",
        "INVALID_MESSAGE",
        "SPAM",
        "TTL_EXPIRED",
        "UNKNOWN",
        "BUSY",
        "NO_ANSWER",
        "FAILED",
    }
)
_DESCRIPTIONS = {
    "PENDING": "Message is being delivered",
    "QUEUED": "Message is queued for delivery",
    "SENT": "Message has been sent",
    "SUCCESSFUL": "Message has been accepted by phone carrier",
    "DELIVERED": "Message has been delivered to the phone",
    "INITIATED": "Call has been initiated",
    "RINGING": "Phone is ringing",
    "ANSWERED": "Call has been answered",
    "COMPLETED": "Voice message has been played",
    "BLOCKED": "Phone has blocked SMS",
    "CARRIER_BLOCKED": "Carrier has blocked the message",
    "CARRIER_UNREACHABLE": "Phone carrier is currently unreachable",
    "UNREACHABLE": "Phone is currently unreachable",
    "INVALID": "Destination phone number is invalid",
    "INVALID_MESSAGE": "Message body is invalid",
    "SPAM": "Carrier identified the message as spam",
    "TTL_EXPIRED": "Message could not be delivered within its time to live",
    "UNKNOWN": "No final status was received from the carrier",
    "BUSY": "Line was busy",
    "NO_ANSWER": "Call was not answered",
    "FAILED": "Message could not be delivered",
}


def outcome_for(engine: Engine, channel: str, destination: str) -> str:
    """The final status a message to `destination` gets on `channel`."""
    return (
        engine.delivery_outcomes.get(destination)
        or SIMULATOR_FAILURES.get(destination)
        or DEFAULT_OUTCOME[channel]
    )


def steps(channel: str, outcome: str) -> list[tuple[float, str, bool]]:
    """(delay, status, is final) of each event, in order."""
    leading = [(delay, status, False) for delay, status in _LEADING[channel]]
    success = _SUCCESS_STEPS.get(outcome)
    if success is not None:
        rest = [(delay, status, False) for delay, status in success]
    else:
        rest = [(_FAILURE_DELAY, outcome, False)]
    last_delay, last_status, _ = rest[-1]
    rest[-1] = (last_delay, last_status, True)
    return leading + rest


def _matching(config_set: JsonDict, event_type: str, channel: str) -> list[JsonDict]:
    wanted = {"ALL", f"{channel}_ALL", event_type}
    return [
        d
        for d in config_set.get("EventDestinations", [])
        if d.get("Enabled") and wanted & set(d["MatchingEventTypes"])
    ]


def _target(destination: JsonDict) -> tuple[str, str]:
    """(destination kind, ARN events go to)."""
    if "SnsDestination" in destination:
        return "SnsDestination", str(destination["SnsDestination"]["TopicArn"])
    if "KinesisFirehoseDestination" in destination:
        return "KinesisFirehoseDestination", str(
            destination["KinesisFirehoseDestination"]["DeliveryStreamArn"]
        )
    return "CloudWatchLogsDestination", str(destination["CloudWatchLogsDestination"]["LogGroupArn"])


def schedule(
    ctx: Ctx,
    *,
    message_id: str,
    capability: str,
    config_set: JsonDict | None,
    destination: str,
    country: str,
    origination: str,
    origination_country: str | None,
    price: float,
    details: Mapping[str, object],
) -> None:
    """Plan the events of one accepted message (nothing without a configuration set)."""
    if config_set is None or not config_set.get("EventDestinations"):
        return
    channel = CHANNELS.get(capability, "TEXT")
    body = details.get("message_body")
    encoding = None
    if channel == "TEXT" and isinstance(body, str):
        encoding = "GSM" if segments(body).encoding is Encoding.GSM7 else "UNICODE"
    base: JsonDict = {
        "eventVersion": "1.0",
        "originationPhoneNumber": origination,
        "destinationPhoneNumber": destination,
        "isoCountryCode": country,
        "isInternationalSend": origination_country is not None and origination_country != country,
        "messageId": message_id,
        "messageRequestTimestamp": int(ctx.now * 1000),
        "messageType": details.get("message_type") or "TRANSACTIONAL",
        "totalMessageParts": details.get("parts", 1),
        "totalMessagePrice": round(price, 5),
        "totalCarrierFee": 0.0,
    }
    if encoding is not None:
        base["messageEncoding"] = encoding
    context = details.get("context")
    if context:
        base["context"] = dict(context)  # type: ignore[call-overload]
    for delay, status, final in steps(channel, outcome_for(ctx.engine, channel, destination)):
        event_type = f"{channel}_{status}"
        targets = _matching(config_set, event_type, channel)
        if not targets:
            continue
        at = ctx.now + delay
        record = {
            **base,
            "eventType": event_type,
            "eventTimestamp": int(at * 1000),
            "isFinal": final,
            "messageStatus": status,
            "messageStatusDescription": _DESCRIPTIONS.get(status, status),
        }
        ctx.engine.scheduled_events.append(
            {
                "due": ctx.engine.due(delay),
                "at": at,
                "record": record,
                "destinations": [
                    [*_target(d), str(d["EventDestinationName"]), ctx.account_id, ctx.region]
                    for d in targets
                ],
            }
        )


def flush(engine: Engine) -> None:
    """Release every event due by now: record it, and deliver it inside moto's mock_aws."""
    now = engine.now
    due = [e for e in engine.scheduled_events if e["due"] <= now]
    if not due:
        return
    engine.scheduled_events = [e for e in engine.scheduled_events if e["due"] > now]
    due.sort(key=lambda e: (float(e["due"]), float(e["at"])))
    batches: dict[tuple[str, str, str], list[tuple[int, JsonDict]]] = {}
    for item in due:
        record: JsonDict = item["record"]
        engine.events.append(record)
        engine.event_destinations.append(tuple(str(d[2]) for d in item["destinations"]))
        for listener in engine.listeners:
            listener(record)
        for kind, arn, name, _account, _region in item["destinations"]:
            batches.setdefault((kind, arn, name), []).append((record["eventTimestamp"], record))
    if not aws_sinks.moto_active():
        return
    for (kind, arn, name), records in batches.items():
        error = aws_sinks.deliver(kind, arn, records)
        if error is not None:
            engine.delivery_failures.append(
                {"EventDestinationName": name, "Destination": kind, "Arn": arn, "Error": error}
            )


def publish_inbound(engine: Engine, channel_arn: str, message: JsonDict) -> None:
    """Publish a two-way message to the TwoWayChannelArn topic (inside moto's mock_aws)."""
    if not channel_arn.startswith("arn:") or ":sns:" not in channel_arn:
        return  # Amazon Connect channels and others are not emulated
    if not aws_sinks.moto_active():
        return
    error = aws_sinks.deliver("SnsDestination", channel_arn, [(0, message)])
    if error is not None:
        engine.delivery_failures.append(
            {"Destination": "TwoWayChannelArn", "Arn": channel_arn, "Error": error}
        )
