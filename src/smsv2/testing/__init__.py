"""Offline fake of the SMS Voice V2 service (`pinpoint-sms-voice-v2`).

Three ways in:

* [`mock_sms_voice`][smsv2.testing.mock_sms_voice] - context manager / decorator routing every boto3
  client of the service to an in-memory [`FakeSmsVoice`][smsv2.testing.FakeSmsVoice] (works inside
  moto's `mock_aws`);
* `python -m smsv2.testing.server` / [`serve`][smsv2.testing.serve] - the JSON 1.0 protocol over
  HTTP;
* the `sms_voice` pytest fixture (plugin `smsv2.testing.pytest_plugin`).

The inbox (`FakeSmsVoice.serve_inbox()`, `smsv2 fake serve`) shows a fake's messages in
a browser; [`InboxClient`][smsv2.testing.InboxClient] calls its JSON API from another process.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._backend._base import FakeServiceError
    from ._backend._core import Answer, FakeSmsVoice
    from ._backend._faults import AfterWork, FaultRule, Faults, InjectedFault
    from ._backend._records import ReceivedMessage, SentMessage
    from ._backend.quotas import DEFAULT_LIMITS
    from ._backend.rules.review_rules import ReviewReason
    from ._backend.webhooks import FakeSnsSigner, SnsForwarder, visit_loopback_url
    from ._inbox import (
        Conversation,
        FaultSettings,
        InboxApiError,
        InboxClient,
        InboxMessage,
        InboxPage,
        TimelineStep,
    )
    from ._mock import active_fake, mock_sms_voice
    from .server import HttpLimits, StateFileError, ThreadedServer, serve

_EXPORTS = {
    "AfterWork": "._backend._faults",
    "Answer": "._backend._core",
    "DEFAULT_LIMITS": "._backend.quotas",
    "FakeSmsVoice": "._backend._core",
    "FakeServiceError": "._backend._base",
    "FaultRule": "._backend._faults",
    "Faults": "._backend._faults",
    "InjectedFault": "._backend._faults",
    "ReceivedMessage": "._backend._records",
    "ReviewReason": "._backend.rules.review_rules",
    "SentMessage": "._backend._records",
    "Conversation": "._inbox",
    "FaultSettings": "._inbox",
    "InboxApiError": "._inbox",
    "InboxClient": "._inbox",
    "InboxMessage": "._inbox",
    "InboxPage": "._inbox",
    "TimelineStep": "._inbox",
    "FakeSnsSigner": "._backend.webhooks",
    "SnsForwarder": "._backend.webhooks",
    "visit_loopback_url": "._backend.webhooks",
    "active_fake": "._mock",
    "mock_sms_voice": "._mock",
    "HttpLimits": ".server",
    "StateFileError": ".server",
    "ThreadedServer": ".server",
    "serve": ".server",
}


# Old names (0.2), deprecated until 0.4: smsv2.events.InboundMessage is the parsed event.
_RENAMED = {"InboundMessage": "ReceivedMessage"}


def __getattr__(name: str) -> object:
    # Lazy: importing smsv2.testing must not load the botocore model until used.
    if name in _RENAMED:
        warnings.warn(
            f"smsv2.testing.{name} is deprecated (removed in 0.4): use "
            f"smsv2.testing.{_RENAMED[name]}",
            DeprecationWarning,
            stacklevel=2,
        )
        name = _RENAMED[name]
    module_name = _EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module_name, __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "DEFAULT_LIMITS",
    "AfterWork",
    "Answer",
    "Conversation",
    "FakeSmsVoice",
    "ReviewReason",
    "FaultRule",
    "FaultSettings",
    "Faults",
    "HttpLimits",
    "InboxApiError",
    "InboxClient",
    "InboxMessage",
    "InboxPage",
    "InjectedFault",
    "FakeSnsSigner",
    "ReceivedMessage",
    "SentMessage",
    "SnsForwarder",
    "StateFileError",
    "FakeServiceError",
    "ThreadedServer",
    "TimelineStep",
    "active_fake",
    "mock_sms_voice",
    "serve",
    "visit_loopback_url",
]
