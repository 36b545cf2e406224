"""Typed records of traffic the fake saw (read them in tests)."""

from __future__ import annotations

from dataclasses import dataclass, field


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
    context: dict[str, str] = field(default_factory=dict)
    #: SendRcsMessage's ``RcsMessageContent`` as sent (wire member names).
    rcs_content: dict[str, object] | None = None
    price: float = 0.0
    parts: int = 1
    timestamp: float = 0.0


@dataclass(frozen=True)
class InboundMessage:
    """A message an end user sent to one of the account's numbers (``FakeSmsVoice.inbound``)."""

    from_number: str
    to_number: str
    body: str
    account_id: str
    region: str
    keyword: str | None
    action: str | None
    reply: str | None
    timestamp: float
