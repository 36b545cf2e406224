"""Typed records of traffic the fake saw (read them in tests)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import cast

from smsv2._public import publish


@dataclass(frozen=True)
class SentMessage:
    """One message the fake accepted (DryRun sends are validated but not recorded)."""

    message_id: str
    operation: str
    account_id: str
    region: str
    destination: str
    origination: str | None
    message_body: str | None = None
    message_type: str | None = None
    media_urls: tuple[str, ...] = ()
    voice_id: str | None = None
    message_body_text_type: str | None = None
    configuration_set: str | None = None
    context: dict[str, str] = field(default_factory=dict[str, str])
    #: SendRcsMessage's ``RcsMessageContent`` as sent (wire member names).
    rcs_content: dict[str, object] | None = None
    price: float = 0.0
    parts: int = 1
    timestamp: float = 0.0
    #: TimeToLive of the request (seconds), if given.
    time_to_live: int | None = None
    #: The final delivery status the fake chose for it when it was sent (``"DELIVERED"``...).
    outcome: str | None = None

    def to_json(self) -> dict[str, object]:
        """The record as JSON-ready data (state files)."""
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> SentMessage:
        """The record saved by [`to_json`][smsv2.testing.SentMessage.to_json]."""
        values = dict(data)
        media = values.get("media_urls") or ()
        values["media_urls"] = (
            tuple(str(u) for u in cast("list[object]", media)) if isinstance(media, list) else ()
        )
        return cls(**values)  # type: ignore[arg-type]


@dataclass(frozen=True)
class ReceivedMessage:
    """A message an end user sent to one of the account's numbers (`FakeSmsVoice.inbound`)."""

    from_number: str
    to_number: str
    body: str
    account_id: str
    region: str
    keyword: str | None
    action: str | None
    reply: str | None
    timestamp: float
    #: How many messages the fake had sent when this one arrived (orders the two lists).
    sent_before: int = 0


publish("smsv2.testing", ["ReceivedMessage", "SentMessage"], globals())
