"""DeliveryTracker: folds delivery events, in any order, into each message's current state.

The fold (which event wins) is decided here, once; a store only keeps states and swaps one for
another if nobody changed it in between (compare-and-set), so concurrent writers, threads or
processes, never make a final state regress. Stores: memory (the default), SQLite
([`SqliteTrackerStore`][smsv2.events.SqliteTrackerStore]) and Redis
(`smsv2.integrations.redis.RedisTrackerStore`).
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Protocol

from pydantic import TypeAdapter

from smsv2.errors import ClientOptionError
from smsv2.events._models import DeliveryEvent
from smsv2.events._parse import parse_delivery_events
from smsv2.telemetry._events import delivery_final

__all__ = [
    "DeliveryTracker",
    "MemoryTrackerStore",
    "MessageState",
    "TrackerStore",
]

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

SeenKey = tuple[str, datetime, str]


def _rank(event: DeliveryEvent) -> tuple[int, int, datetime]:
    progress = _PROGRESS.get(event.status, _FAILED_PROGRESS if event.is_failure else 0)
    return (1 if event.is_final else 0, progress, event.event_timestamp)


def _no_keys() -> set[SeenKey]:
    return set()


@dataclass
class MessageState:
    """What is known of one message: its furthest event so far."""

    message_id: str
    event: DeliveryEvent
    """The event that decides the state (the furthest one, not the last received)."""
    events_seen: int = 1
    """Distinct events received for the message (duplicates not counted)."""
    _seen: set[SeenKey] = field(default_factory=_no_keys, repr=False)

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


def _key(event: DeliveryEvent) -> SeenKey:
    kind = event.event_type
    return (str(getattr(kind, "value", kind)), event.event_timestamp, event.status)


def _fold(state: MessageState | None, event: DeliveryEvent) -> tuple[MessageState, bool] | None:
    """The state after `event`, and whether the deciding event changed; None: nothing to
    store (a duplicate, or the message is already final)."""
    key = _key(event)
    if state is None:
        return MessageState(event.message_id, event, _seen={key}), True
    if state.is_final or key in state._seen:
        return None
    better = _rank(event) > _rank(state.event)
    return (
        replace(
            state,
            event=event if better else state.event,
            events_seen=state.events_seen + 1,
            _seen=set() if better and event.is_final else {*state._seen, key},
        ),
        better,
    )


class TrackerStore(Protocol):
    """Where a [`DeliveryTracker`][smsv2.events.DeliveryTracker] keeps states. `load` returns a
    state with a version token; `save` stores a state only if the stored version is still that token
    (compare- and-set; None: the message must be new) and returns whether it did. Final states
    beyond the store's retention are dropped oldest first."""

    def load(self, message_id: str) -> tuple[MessageState | None, object]:
        """The message's state (None if unknown) and its version token."""
        ...

    def save(self, state: MessageState, version: object) -> bool:
        """Store `state` if the stored version is still `version`."""
        ...

    def open_states(self) -> list[MessageState]:
        """States not final yet."""
        ...

    def final_states(self) -> list[MessageState]:
        """The remembered final states, oldest first."""
        ...


_EVENT = TypeAdapter(DeliveryEvent)


def dump_state(state: MessageState) -> str:
    """A state as JSON text (for stores): the deciding event as the service's record."""
    seen = [[kind, when.isoformat(), status] for kind, when, status in sorted(state._seen)]
    event = state.event.model_dump_json(by_alias=True, exclude_none=True)
    return f'{{"seen":{_dumps(seen)},"n":{state.events_seen},"event":{event}}}'


def load_state(text: str | bytes) -> MessageState:
    """A state from `dump_state`'s text."""
    data = json.loads(text)
    event = parse_delivery_events(data["event"])[0]
    seen = {(k, datetime.fromisoformat(w), s) for k, w, s in data["seen"]}
    return MessageState(event.message_id, event, int(data["n"]), _seen=seen)


def _dumps(value: object) -> str:
    return json.dumps(value, separators=(",", ":"))


class MemoryTrackerStore:
    """States in this process's memory: the default store. Final states beyond
    `remember_final` are dropped oldest first."""

    def __init__(self, *, remember_final: int = 10_000) -> None:
        if remember_final < 0:
            raise ClientOptionError("remember_final", "must be >= 0")
        self._open: dict[str, tuple[MessageState, int]] = {}
        self._final: OrderedDict[str, tuple[MessageState, int]] = OrderedDict()
        self._remember_final = remember_final
        self._lock = threading.Lock()

    def load(self, message_id: str) -> tuple[MessageState | None, object]:
        with self._lock:
            found = self._open.get(message_id) or self._final.get(message_id)
        return (None, None) if found is None else found

    def save(self, state: MessageState, version: object) -> bool:
        with self._lock:
            current = self._open.get(state.message_id) or self._final.get(state.message_id)
            if (current[1] if current else None) != version:
                return False
            stamp = (state, (current[1] if current else 0) + 1)
            if not state.is_final:
                self._open[state.message_id] = stamp
                return True
            self._open.pop(state.message_id, None)
            if self._remember_final:
                self._final[state.message_id] = stamp
                while len(self._final) > self._remember_final:
                    self._final.popitem(last=False)
            return True

    def open_states(self) -> list[MessageState]:
        with self._lock:
            return [state for state, _ in self._open.values()]

    def final_states(self) -> list[MessageState]:
        with self._lock:
            return [state for state, _ in self._final.values()]


class DeliveryTracker:
    """Folds delivery events by message id into the current state of each message.

    * Events may arrive out of order: the state is the furthest event (final beats non-final,
      then progress PENDING/QUEUED < SUCCESSFUL < DELIVERED, then the event time).
    * Duplicates (same type, time and status; SNS and Firehose deliver at least once) are
      ignored.
    * A final state never regresses: once final, only the first final event counts, also
      with several trackers (threads, processes) sharing one durable `store`.
    * Memory is bounded by the open messages: a message that reaches its final state leaves the open
      set; the last `remember_final` final states are kept (so late or duplicate events for them are
      recognised and ignored, and [`get`][smsv2.events.DeliveryTracker.get] still answers).

    `store` keeps the states: [`MemoryTrackerStore`][smsv2.events.MemoryTrackerStore] (the default,
    with `remember_final`), [`SqliteTrackerStore`][smsv2.events.SqliteTrackerStore], or Redis
    (`smsv2.integrations.redis.RedisTrackerStore`); a store has its own `remember_final`. `on_final`
    is called once per message, by the tracker whose event made it final.
    """

    def __init__(
        self,
        *,
        remember_final: int = 10_000,
        on_final: Callable[[MessageState], None] | None = None,
        store: TrackerStore | None = None,
    ) -> None:
        self._store: TrackerStore = store or MemoryTrackerStore(remember_final=remember_final)
        self._on_final = on_final

    @property
    def store(self) -> TrackerStore:
        """Where the states are kept."""
        return self._store

    def add(self, event: DeliveryEvent) -> MessageState | None:
        """Fold one event in; the message's new state, or None when nothing changed."""
        while True:  # lock-free: a failed compare-and-set means another writer progressed
            state, version = self._store.load(event.message_id)
            folded = _fold(state, event)
            if folded is None:
                return None
            new, changed = folded
            if self._store.save(new, version):
                if changed and new.is_final:
                    self._finished(new)
                return new if changed else None

    def _finished(self, state: MessageState) -> None:
        delivery_final(state.event)
        if self._on_final is not None:
            self._on_final(state)

    def add_all(self, events: Iterable[DeliveryEvent]) -> list[MessageState]:
        """Fold several events; the states that changed, in order of change."""
        changed: list[MessageState] = []
        for event in events:
            state = self.add(event)
            if state is not None:
                changed.append(state)
        return changed

    def get(self, message_id: str) -> MessageState | None:
        """The message's state: open, or final and still remembered; None if unknown."""
        return self._store.load(message_id)[0]

    def __contains__(self, message_id: object) -> bool:
        return isinstance(message_id, str) and self.get(message_id) is not None

    @property
    def open(self) -> list[MessageState]:
        """Messages without a final state yet."""
        return self._store.open_states()

    @property
    def open_count(self) -> int:
        """How many messages are still open."""
        return len(self._store.open_states())

    @property
    def final(self) -> list[MessageState]:
        """The remembered final states, oldest first."""
        return self._store.final_states()
