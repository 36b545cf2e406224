"""Sending family: SendTextMessage, SendMediaMessage, SendVoiceMessage, inbound simulation."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._core import FakeSmsVoice


def handle_inbound(
    fake: FakeSmsVoice,
    from_number: str,
    to_number: str,
    body: str,
    account_id: str | None,
    region: str | None,
) -> str | None:
    raise NotImplementedError
