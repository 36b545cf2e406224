"""What an SNS HTTP(S) endpoint decides, without any I/O: the frameworks' adapters drive it.

For one request body [`SnsWebhook.receive`][smsv2.events.SnsWebhook.receive] answers one step:

* [`Reply`][smsv2.events.Reply]: answer now with this status (forged, unwanted topic, repeat, ...);
* [`Confirm`][smsv2.events.Confirm]: visit `subscribe_url` (the message is verified and the topic
  allowed), then answer 200, or 502 if the visit failed;
* [`SnsNotification`][smsv2.events.SnsNotification]: call the application's handler; then
  [`SnsWebhook.done`][smsv2.events.SnsWebhook.done] with whether it succeeded, and answer 200 only
  if it did, so SNS retries a failure.
"""

from __future__ import annotations

import threading
import urllib.request
from collections import OrderedDict
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import timedelta

from typing_extensions import Required, TypedDict

from smsv2.errors import ClientOptionError, EventParseError, SnsSignatureError
from smsv2.events._models import DeliveryEvent, InboundMessage
from smsv2.events._parse import parse_delivery_events, parse_inbound_messages
from smsv2.events._sns import SnsMessage, is_sns_url, verify_sns_message

__all__ = [
    "Confirm",
    "Reply",
    "SnsNotification",
    "SnsWebhook",
    "SnsWebhookOptions",
    "visit_subscribe_url",
]

#: Seconds allowed for visiting a SubscribeURL.
CONFIRM_TIMEOUT = 10.0


@dataclass(frozen=True)
class Reply:
    """Answer the request with `status`; `reason` is for logs (never a message value)."""

    status: int
    reason: str


@dataclass(frozen=True)
class Confirm:
    """A verified SubscriptionConfirmation for an allowed topic: visit `subscribe_url`."""

    message: SnsMessage

    @property
    def subscribe_url(self) -> str:
        """The URL that confirms the subscription."""
        return self.message.subscribe_url or ""

    def run(self, visit: Callable[[str], None]) -> Reply:
        """Visit the SubscribeURL with `visit`; the reply (502 when the visit failed)."""
        try:
            visit(self.subscribe_url)
        except (OSError, ValueError):
            return Reply(502, "subscription confirmation failed")
        return Reply(200, "subscription confirmed")


@dataclass(frozen=True)
class SnsNotification:
    """A verified notification, parsed: what the application's handler receives."""

    message: SnsMessage
    """The SNS envelope (`message_id`, `topic_arn`, `timestamp`...)."""
    delivery_events: list[DeliveryEvent]
    """The delivery events it carries (empty for an inbound message)."""
    inbound_messages: list[InboundMessage]
    """The inbound messages it carries (empty for delivery events)."""


def visit_subscribe_url(url: str) -> None:
    """Confirm a subscription by visiting its SubscribeURL (GET, with a timeout), only on an
    SNS host (https, as for certificates): a signed message still names the URL we call.

    Raises:
        ValueError: the URL is not on an SNS host.
        OSError: the visit failed.
    """
    if not is_sns_url(url):
        raise ValueError("SubscribeURL is not https on an SNS host")
    with urllib.request.urlopen(url, timeout=CONFIRM_TIMEOUT) as answer:
        answer.read()


class SnsWebhookOptions(TypedDict, total=False):
    """The options of [`SnsWebhook`][smsv2.events.SnsWebhook], which the frameworks' adapters take
    too."""

    allowed_topics: Required[Collection[str]]
    fetch_certificate: Callable[[str], bytes] | None
    max_age: timedelta | None
    remember: int


class SnsWebhook:
    """The decisions of an SNS HTTP(S) endpoint, for any web framework.

    `allowed_topics`: the topic ARNs whose messages (and subscriptions) are accepted.
    `fetch_certificate`, `max_age`: as [`verify_sns_message`][smsv2.events.verify_sns_message].
    `remember`: how many handled MessageIds are kept, so a repeat is answered 200 without
    calling the handler again (in this process; SNS delivers at least once).
    """

    def __init__(
        self,
        *,
        allowed_topics: Collection[str],
        fetch_certificate: Callable[[str], bytes] | None = None,
        max_age: timedelta | None = timedelta(hours=1),
        remember: int = 10_000,
    ) -> None:
        if isinstance(allowed_topics, str):
            raise ClientOptionError("allowed_topics", "a collection of topic ARNs, not one string")
        if remember < 0:
            raise ClientOptionError("remember", "must be >= 0")
        self.allowed_topics = frozenset(allowed_topics)
        self._fetch = fetch_certificate
        self._max_age = max_age
        self._remember = remember
        self._handled: OrderedDict[str, None] = OrderedDict()
        self._in_flight: set[str] = set()
        self._lock = threading.Lock()

    def receive(
        self, body: bytes | str | Mapping[str, object]
    ) -> Reply | Confirm | SnsNotification:
        """Verify and read one request body; what to do next."""
        try:
            message = verify_sns_message(body, fetch_certificate=self._fetch, max_age=self._max_age)
        except SnsSignatureError as exc:
            return Reply(403, f"rejected: {exc.check}")
        if message.topic_arn not in self.allowed_topics:
            return Reply(403, "topic not allowed")
        if message.type == "SubscriptionConfirmation":
            return Confirm(message)
        if message.type == "UnsubscribeConfirmation":
            return Reply(200, "unsubscribed")
        with self._lock:
            if message.message_id in self._handled:
                return Reply(200, "repeat")
            if message.message_id in self._in_flight:
                return Reply(409, "being handled")  # SNS retries; by then it is handled
            self._in_flight.add(message.message_id)
        try:
            return _parse(message)
        except EventParseError as exc:
            self.done(message, succeeded=False)
            return Reply(400, f"unreadable: {exc.format} {exc.field}")

    def done(self, message: SnsMessage, *, succeeded: bool) -> Reply:
        """Record the handler's outcome; the reply to send."""
        with self._lock:
            self._in_flight.discard(message.message_id)
            if not succeeded:
                return Reply(500, "handler failed")
            if self._remember:
                self._handled[message.message_id] = None
                while len(self._handled) > self._remember:
                    self._handled.popitem(last=False)
        return Reply(200, "handled")


_INBOUND_KEY = '"inboundMessageId"'


def _parse(message: SnsMessage) -> SnsNotification:
    text = message.message
    if _INBOUND_KEY in text:
        return SnsNotification(message, [], parse_inbound_messages(text))
    return SnsNotification(message, parse_delivery_events(text), [])
