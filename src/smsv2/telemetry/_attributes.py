"""Span and metric attributes, built so that nothing personal can get in.

Only identifiers, enum values, counts and class names are read from a request, a result or an
error: a phone number becomes its country, a message body its encoding and part count, and an
error its class and reason (never its message).
"""

from __future__ import annotations

from collections.abc import Mapping

from smsv2._errors_base import mask_digits
from smsv2.encoding import segments
from smsv2.errors import SendOutcomeUnknownError, SmsV2Error
from smsv2.phone import country_of
from smsv2.telemetry._state import SERVICE

Attributes = dict[str, "str | int | float | bool"]

#: What an origination identity given as a raw phone number is recorded as.
PHONE_IDENTITY = "phone-number"


def plain(value: object) -> str:
    """An enum's value, or the text itself."""
    return str(getattr(value, "value", value))


def identity(value: str | None) -> str | None:
    """An origination identity's id: a pool, phone number id, sender id or ARN's resource id.

    A raw phone number (an identity may be one) is recorded as `"phone-number"`.
    """
    if value is None:
        return None
    if value.startswith("arn:"):
        value = value.rsplit("/", 1)[-1]
    return PHONE_IDENTITY if mask_digits(value) != value else value


def call_attributes(operation: str, region: str | None) -> Attributes:
    """The RPC attributes of one call (OpenTelemetry's RPC and AWS SDK conventions)."""
    attributes: Attributes = {
        "rpc.system": "aws-api",
        "rpc.service": SERVICE,
        "rpc.method": operation,
    }
    if region:
        attributes["cloud.region"] = region
    return attributes


def send_attributes(request: object) -> Attributes:
    """What a send request may say about itself: identity, type, country, encoding, parts."""
    attributes: Attributes = {}
    origin = identity(getattr(request, "origination_identity", None))
    if origin is not None:
        attributes["smsv2.origination_identity"] = origin
    message_type = getattr(request, "message_type", None)
    if message_type is not None:
        attributes["smsv2.message_type"] = plain(message_type)
    number = getattr(request, "destination_phone_number", None)
    country = country_of(number) if isinstance(number, str) else None
    if country is not None:
        attributes["smsv2.destination.country"] = country
    body = getattr(request, "message_body", None)
    if isinstance(body, str) and body:
        counted = segments(body)
        attributes["smsv2.message.encoding"] = plain(counted.encoding)
        attributes["smsv2.message.parts"] = counted.parts
    return attributes


def error_attributes(error: BaseException) -> Attributes:
    """The error's class (`error.type`), its reason, and whether the outcome is unknown."""
    attributes: Attributes = {"error.type": type(error).__name__}
    if not isinstance(error, SmsV2Error):
        return attributes
    reason = error.__dict__.get("reason")
    if reason is not None:
        attributes["smsv2.error.reason"] = plain(reason)
    attributes["smsv2.error.retryable"] = error.retryable
    attributes["smsv2.outcome"] = outcome_of(error)
    return attributes


def outcome_of(error: SmsV2Error | None) -> str:
    """`sent` (or `ok`), `failed` or `outcome_unknown`: what became of a call."""
    if error is None:
        return "ok"
    return "outcome_unknown" if isinstance(error, SendOutcomeUnknownError) else "failed"


def metric_subset(attributes: Mapping[str, object], *names: str) -> Attributes:
    """The named attributes that are present (metrics keep their label sets small)."""
    return {name: attributes[name] for name in names if name in attributes}  # type: ignore[misc]
