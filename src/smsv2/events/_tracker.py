"""DeliveryTracker: folds delivery events, in any order, into each message's current state."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from smsv2.events._models import DeliveryEvent

__all__ = ["DeliveryTracker", "MessageState"]

# How far along a status is; a later event never replaces a further one.
_PROGRESS = {
    "PENDING": 0,
    "QUEUED": 0,
    "INITIATED": 0,
    "SENT": 1,
    "RINGING": 1,
    "ANSWERED": 2,
    "SUCCESSFUL": 2,
    "FALLEN_BACK_TO_SMS": 2,
    "DELIVERED": 3,
    "READ": 4,
}
_FAILED_PROGRESS = 3  # any failure status


def _rank(event: DeliveryEvent) -> tuple[int, int, datetime]:
    progress = _PROGRESS.get(event.status, _FAILED_PROGRESS if event.is_failure else 0)
    return (1 if event.is_final else 0, progress, event.event_timestamp)


def _no_keys() -> set[tuple[str, datetime, str]]:
    return set()


@dataclass
class MessageState:
    """What is known of one message: its furthest event so far."""

    message_id: str
    event: DeliveryEvent
    """The event that decides the state (the furthest one, not the last received)."""
    events_seen: int = 1
    """Distinct events received for the message (duplicates not counted)."""
    _seen: set[tuple[str, datetime, str]] = field(default_factory=_no_keys, repr=False)

    @property
    def status(self) -> str:
        """The message's status, e.g. `DELIVERED`."""
        return self.event.status

    @property
    def is_final(self) -> bool:
        """Whether the service has said its last word on the message."""
        return self.event.is_final

    @property
    def is_delivered(self) -> bool:
        """Whether the message reached the recipient."""
        return self.event.is_delivered

    @property
    def is_failure(self) -> bool:
        """Whether the message failed."""
        return self.event.is_failure

    @property
    def is_retryable(self) -> bool:
        """Whether the failure is worth re-sending later."""
        return self.event.is_retryable


def _key(event: DeliveryEvent) -> tuple[str, datetime, str]:
    kind = event.event_type
    return (str(getattr(kind, "value", kind)), event.event_timestamp, event.status)


class DeliveryTracker:
    """Folds delivery events by message id into the current state of each message.

    * Events may arrive out of order: the state is the furthest event (final beats non-final,
      then progress PENDING/QUEUED < SUCCESSFUL < DELIVERED, then the event time).
    * Duplicates (same type, time and status; SNS and Firehose deliver at least once) are
      ignored.
    * A final state never regresses: once final, only the first final event counts.
    * Memory is bounded by the open messages: a message that reaches its final state leaves the open
      set; the last `remember_final` final states are kept (so late or duplicate events for them are
      recognised and ignored, and [`get`][smsv2.events.DeliveryTracker.get] still answers).

    `on_final` is called once per message, when it reaches a final state.
    """

    def __init__(
        self,
        *,
        remember_final: int = 10_000,
        on_final: Callable[[MessageState], None] | None = None,
    ) -> None:
        if remember_final < 0:
            raise ValueError("remember_final must be >= 0")
        self._open: dict[str, MessageState] = {}
        self._final: OrderedDict[str, MessageState] = OrderedDict()
        self._remember_final = remember_final
        self._on_final = on_final

    def add(self, event: DeliveryEvent) -> MessageState | None:
        """Fold one event in; the message's new state, or None when nothing changed."""
        message_id = event.message_id
        if message_id in self._final:
            return None  # a final state never regresses, and duplicates change nothing
        state = self._open.get(message_id)
        key = _key(event)
        if state is None:
            state = MessageState(message_id, event, _seen={key})
            self._open[message_id] = state
        elif key in state._seen:
            return None
        else:
            state._seen.add(key)
            state.events_seen += 1
            if _rank(event) <= _rank(state.event):
                return None
            state.event = event
        if event.is_final:
            self._finish(state)
        return state

    def add_all(self, events: Iterable[DeliveryEvent]) -> list[MessageState]:
        """Fold several events; the states that changed, in order of change."""
        changed: list[MessageState] = []
        for event in events:
            state = self.add(event)
            if state is not None:
                changed.append(state)
        return changed

    def _finish(self, state: MessageState) -> None:
        del self._open[state.message_id]
        state._seen = set()
        if self._remember_final:
            self._final[state.message_id] = state
            while len(self._final) > self._remember_final:
                self._final.popitem(last=False)
        if self._on_final is not None:
            self._on_final(state)

    def get(self, message_id: str) -> MessageState | None:
        """The message's state: open, or final and still remembered; None if unknown."""
        return self._open.get(message_id) or self._final.get(message_id)

    def __contains__(self, message_id: object) -> bool:
        return message_id in self._open or message_id in self._final

    @property
    def open(self) -> list[MessageState]:
        """Messages without a final state yet."""
        return list(self._open.values())

    @property
    def open_count(self) -> int:
        """How many messages are still open."""
        return len(self._open)

    @property
    def final(self) -> list[MessageState]:
        """The remembered final states, oldest first."""
        return list(self._final.values())
