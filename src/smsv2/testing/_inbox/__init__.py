"""The inbox: a web UI and a JSON API over a fake's traffic (`/_smsv2/inbox`,
`/_smsv2/api/`), and a typed client for the API."""

from __future__ import annotations

from ._client import (
    Conversation,
    FaultSettings,
    InboxApiError,
    InboxClient,
    InboxMessage,
    InboxPage,
    TimelineStep,
)
from ._server import InboxServer
from ._site import API_PREFIX, MAX_STREAMS, UI_PATH, InboxSite

__all__ = [
    "API_PREFIX",
    "MAX_STREAMS",
    "UI_PATH",
    "Conversation",
    "FaultSettings",
    "InboxApiError",
    "InboxClient",
    "InboxMessage",
    "InboxPage",
    "InboxServer",
    "InboxSite",
    "TimelineStep",
]
