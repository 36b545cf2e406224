"""Typed, open models of the records the service publishes: delivery events and inbound messages.

Fields follow AWS's "Messaging events" (event format) and "two-way SMS message payload" pages.
Unknown fields are kept (`model_extra`) and unknown enum values stay plain `str`.
"""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal
from typing import Any, ClassVar, Union

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from smsv2._generated.enums import EventType
from smsv2.events._keywords import KeywordKind, classify_keyword

__all__ = [
    "DELIVERED_STATUSES",
    "FAILURE_STATUSES",
    "RETRYABLE_STATUSES",
    "DeliveryEvent",
    "EventType",
    "InboundMessage",
    "MediaDeliveryEvent",
    "MessageStatus",
    "ProtectConfigurationInfo",
    "RcsDeliveryEvent",
    "TextDeliveryEvent",
    "VoiceDeliveryEvent",
]


class MessageStatus(str, enum.Enum):
    """`messageStatus` values of delivery events (the suffixes of the service's event types)."""

    PENDING = "PENDING"
    QUEUED = "QUEUED"
    SENT = "SENT"
    SUCCESSFUL = "SUCCESSFUL"
    DELIVERED = "DELIVERED"
    READ = "READ"
    INVALID = "INVALID"
    INVALID_MESSAGE = "INVALID_MESSAGE"
    UNREACHABLE = "UNREACHABLE"
    CARRIER_UNREACHABLE = "CARRIER_UNREACHABLE"
    BLOCKED = "BLOCKED"
    CARRIER_BLOCKED = "CARRIER_BLOCKED"
    SPAM = "SPAM"
    UNKNOWN = "UNKNOWN"
    TTL_EXPIRED = "TTL_EXPIRED"
    PROTECT_BLOCKED = "PROTECT_BLOCKED"
    FAILED = "FAILED"
    FALLEN_BACK_TO_SMS = "FALLEN_BACK_TO_SMS"
    INITIATED = "INITIATED"
    RINGING = "RINGING"
    ANSWERED = "ANSWERED"
    COMPLETED = "COMPLETED"
    BUSY = "BUSY"
    NO_ANSWER = "NO_ANSWER"
    FILE_INACCESSIBLE = "FILE_INACCESSIBLE"
    FILE_TYPE_UNSUPPORTED = "FILE_TYPE_UNSUPPORTED"
    FILE_SIZE_EXCEEDED = "FILE_SIZE_EXCEEDED"


DELIVERED_STATUSES: frozenset[str] = frozenset({"DELIVERED", "READ", "COMPLETED"})
"""Statuses that mean the message reached the recipient. A final `SUCCESSFUL` counts too:
where carriers send no delivery receipts, the service's last word is SUCCESSFUL."""

FAILURE_STATUSES: frozenset[str] = frozenset(
    {
        "INVALID",
        "INVALID_MESSAGE",
        "UNREACHABLE",
        "CARRIER_UNREACHABLE",
        "BLOCKED",
        "CARRIER_BLOCKED",
        "SPAM",
        "UNKNOWN",
        "TTL_EXPIRED",
        "PROTECT_BLOCKED",
        "FAILED",
        "BUSY",
        "NO_ANSWER",
        "FILE_INACCESSIBLE",
        "FILE_TYPE_UNSUPPORTED",
        "FILE_SIZE_EXCEEDED",
    }
)
"""Statuses that mean the message did not reach the recipient."""

RETRYABLE_STATUSES: frozenset[str] = frozenset(
    {"UNREACHABLE", "UNKNOWN", "CARRIER_UNREACHABLE", "TTL_EXPIRED"}
)
"""Failures worth re-sending later: the handset was off or out of coverage, the carrier had a
temporary error, the time to live ran out, or no final receipt came within 72 hours. The others
(blocked, spam, invalid number or body, opted out...) will fail the same way again."""


# The service sends Unix time in milliseconds. pydantic reads numbers above 2e10 as
# milliseconds (any time after August 1970), in UTC: aware datetimes, at pydantic-core speed.
EpochMillis = datetime

_OPEN = ConfigDict(
    extra="allow",
    alias_generator=to_camel,
    validate_by_name=True,
    validate_by_alias=True,
    serialize_by_alias=True,
    frozen=True,
    protected_namespaces=(),
)


class _Record(BaseModel):
    model_config = _OPEN

    # Phone numbers, bodies and context stay out of reprs and logs.
    _REPR_FIELDS: ClassVar[tuple[str, ...]] = ()

    def __repr_args__(self) -> Any:
        for name in self._REPR_FIELDS:
            yield name, getattr(self, name)


class ProtectConfigurationInfo(_Record):
    """The protect configuration that evaluated the message."""

    _REPR_FIELDS = ("protect_configuration_id", "protect_status")

    protect_configuration_id: str | None = None
    protect_status: str | None = None


class DeliveryEvent(_Record):
    """One delivery event: where a message stands (`message_status`) and what it cost.

    Subclasses per channel ([`TextDeliveryEvent`][smsv2.events.TextDeliveryEvent], ...) are chosen
    from `event_type`.
    """

    _REPR_FIELDS = ("event_type", "message_status", "message_id", "event_timestamp", "is_final")

    event_type: Union[EventType, str] = Field(union_mode="left_to_right")  # noqa: UP007
    event_version: str | None = None
    event_timestamp: EpochMillis
    is_final: bool = False
    message_id: str
    message_status: Union[MessageStatus, str] = Field(union_mode="left_to_right")  # noqa: UP007
    message_status_description: str | None = None
    origination_phone_number: str | None = Field(default=None, repr=False)
    destination_phone_number: str | None = Field(default=None, repr=False)
    iso_country_code: str | None = None
    is_international_send: bool | None = None
    mcc: str | None = None
    mnc: str | None = None
    carrier_name: str | None = None
    message_request_timestamp: EpochMillis | None = None
    message_encoding: str | None = None
    message_type: str | None = None
    context: dict[str, str] | None = Field(default=None, repr=False)
    total_message_parts: int | None = None
    total_message_price: Decimal | None = None
    total_carrier_fee: Decimal | None = None
    protect_configuration: ProtectConfigurationInfo | None = None
    rcs_metadata: dict[str, object] | None = None

    @property
    def status(self) -> str:
        """`message_status` as a plain string, whether smsv2 knows the value or not."""
        status = self.message_status
        return status.value if isinstance(status, MessageStatus) else status

    @property
    def channel(self) -> str:
        """`TEXT`, `MEDIA`, `VOICE` or `RCS` (the event type's prefix)."""
        kind = self.event_type
        text = kind.value if isinstance(kind, EventType) else kind
        return text.split("_", 1)[0]

    @property
    def is_delivered(self) -> bool:
        """Whether the message reached the recipient (see
        [`DELIVERED_STATUSES`][smsv2.events.DELIVERED_STATUSES])."""
        status = self.status
        return status in DELIVERED_STATUSES or (self.is_final and status == "SUCCESSFUL")

    @property
    def is_failure(self) -> bool:
        """Whether the message did not reach the recipient (see
        [`FAILURE_STATUSES`][smsv2.events.FAILURE_STATUSES])."""
        return self.status in FAILURE_STATUSES

    @property
    def is_retryable(self) -> bool:
        """Whether this failure is worth re-sending later (see
        [`RETRYABLE_STATUSES`][smsv2.events.RETRYABLE_STATUSES])."""
        return self.status in RETRYABLE_STATUSES


class TextDeliveryEvent(DeliveryEvent):
    """An SMS delivery event (`TEXT_*`)."""


class MediaDeliveryEvent(DeliveryEvent):
    """An MMS delivery event (`MEDIA_*`)."""


class VoiceDeliveryEvent(DeliveryEvent):
    """A voice message event (`VOICE_*`)."""


class RcsDeliveryEvent(DeliveryEvent):
    """An RCS message event (`RCS_*`); `rcs_metadata` carries the RCS details."""


class InboundMessage(_Record):
    """A message a recipient sent to one of your numbers (two-way SMS, published to SNS)."""

    _REPR_FIELDS = ("inbound_message_id", "message_keyword")

    origination_number: str = Field(repr=False)
    """The sender: your customer's number."""
    destination_number: str = Field(repr=False)
    """Your number that received the message."""
    message_body: str = Field(repr=False)
    message_keyword: str | None = None
    """The registered keyword of your number that the message matched, if any."""
    inbound_message_id: str
    previous_published_message_id: str | None = None
    """The id of the message the customer is answering."""

    @property
    def keyword_kind(self) -> KeywordKind:
        """Opt-out, opt-in, help or other: from the body, else from the matched keyword."""
        kind = classify_keyword(self.message_body)
        if kind is KeywordKind.OTHER and self.message_keyword:
            kind = classify_keyword(self.message_keyword)
        return kind
