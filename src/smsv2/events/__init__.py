"""Delivery events and inbound messages, from whatever transport they arrive on.

```python
from smsv2.events import DeliveryTracker, parse_delivery_events
tracker = DeliveryTracker()
for event in parse_delivery_events(body):   # SNS, SQS, Lambda, Firehose, Logs, EventBridge
    tracker.add(event)
```

[`parse_delivery_events`][smsv2.events.parse_delivery_events] and
[`parse_inbound_messages`][smsv2.events.parse_inbound_messages] detect the transport from the
payload (see `_transports`) and return typed, validated records, or raise
[`EventParseError`][smsv2.errors.EventParseError] naming the format and the field: never a partial
list.
"""

from __future__ import annotations

from smsv2._public import publish
from smsv2.errors import EventParseError
from smsv2.events._inbound import mirror_opt_out
from smsv2.events._keywords import (
    HELP_KEYWORDS,
    OPT_IN_KEYWORDS,
    OPT_OUT_KEYWORDS,
    KeywordKind,
    classify_keyword,
)
from smsv2.events._models import (
    DELIVERED_STATUSES,
    FAILURE_STATUSES,
    RETRYABLE_STATUSES,
    DeliveryEvent,
    EventType,
    InboundMessage,
    MediaDeliveryEvent,
    MessageStatus,
    ProtectConfigurationInfo,
    RcsDeliveryEvent,
    TextDeliveryEvent,
    VoiceDeliveryEvent,
)
from smsv2.events._parse import parse_delivery_events, parse_inbound_messages
from smsv2.events._sns import SnsMessage, verify_sns_message
from smsv2.events._tracker import (
    DeliveryTracker,
    MemoryTrackerStore,
    MessageState,
    TrackerStore,
)
from smsv2.events._tracker_sqlite import SqliteTrackerStore
from smsv2.events._transports import MAX_DECOMPRESSED_BYTES, MAX_EVENT_DEPTH
from smsv2.events._webhook import (
    Confirm,
    Reply,
    SnsNotification,
    SnsWebhook,
    SnsWebhookOptions,
    visit_subscribe_url,
)

__all__ = [
    "DELIVERED_STATUSES",
    "FAILURE_STATUSES",
    "HELP_KEYWORDS",
    "MAX_DECOMPRESSED_BYTES",
    "MAX_EVENT_DEPTH",
    "OPT_IN_KEYWORDS",
    "OPT_OUT_KEYWORDS",
    "RETRYABLE_STATUSES",
    "Confirm",
    "DeliveryEvent",
    "DeliveryTracker",
    "EventParseError",
    "EventType",
    "InboundMessage",
    "KeywordKind",
    "MediaDeliveryEvent",
    "MemoryTrackerStore",
    "MessageState",
    "MessageStatus",
    "ProtectConfigurationInfo",
    "RcsDeliveryEvent",
    "Reply",
    "SnsMessage",
    "SnsNotification",
    "SnsWebhook",
    "SnsWebhookOptions",
    "SqliteTrackerStore",
    "TextDeliveryEvent",
    "TrackerStore",
    "VoiceDeliveryEvent",
    "classify_keyword",
    "mirror_opt_out",
    "parse_delivery_events",
    "parse_inbound_messages",
    "verify_sns_message",
    "visit_subscribe_url",
]

publish(__name__, __all__, globals())
