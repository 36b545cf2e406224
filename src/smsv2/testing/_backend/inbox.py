"""The inbox's view of the fake's traffic: messages as JSON-ready views, conversations,
filters, cursor pages, pruning, and the account overview.

It reads the engine's append-only records (sent and inbound messages, released events)
lazily, when a view is asked for: a send costs the inbox nothing. It keeps the newest
`keep` messages and forgets older ones. Every method takes the fake's lock.
"""

from __future__ import annotations

import itertools
import threading
from collections import Counter, OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field

from smsv2.encoding import segments

from ._base import JsonDict
from ._records import ReceivedMessage, SentMessage
from ._state import OPT_OUT_LIST, PHONE_NUMBER, POOL, SENDER_ID, VERIFIED_NUMBER, RegionState
from .engine import Engine
from .rules import delivery, spend
from .rules.accounts import spend_limits, tier_of

#: Messages the inbox keeps unless told otherwise (``--inbox-keep``).
DEFAULT_KEEP = 10_000
#: The status of a message an end user sent.
RECEIVED = "RECEIVED"


@dataclass(frozen=True)
class Filters:
    """What a page or the conversation list is narrowed to (None: any). `destination` and
    `origination` match a part of the number; `text` a part of the body, any case."""

    destination: str | None = None
    origination: str | None = None
    status: str | None = None
    configuration_set: str | None = None
    text: str | None = None
    direction: str | None = None


@dataclass(eq=False, slots=True)
class _Item:
    seq: int
    id: str
    direction: str
    peer: str  # the end user's number: the conversation
    sent: SentMessage | None = None
    received: ReceivedMessage | None = None
    haystack: str | None = None  # what text search looks in (built on first search)
    #: (status, epoch ms, destination names) of each released event.
    events: list[tuple[str, int, tuple[str, ...]]] = field(
        default_factory=list[tuple[str, int, tuple[str, ...]]]
    )
    status: str = RECEIVED
    status_until: float = float("inf")  # recompute the status once the clock passes this


@dataclass
class _Cursors:
    sent: int = 0
    inbound: int = 0
    events: int = 0


class Inbox:
    """Messages of one fake as the inbox shows them."""

    def __init__(self, engine: Engine, lock: threading.RLock, keep: int = DEFAULT_KEEP) -> None:
        self._engine = engine
        self._lock = lock
        self._items: OrderedDict[str, _Item] = OrderedDict()
        self._peers: Counter[str] = Counter()  # messages kept per end-user number
        self._cursors = _Cursors()
        self._seq = itertools.count(1)
        self._cleared = 0
        self.keep = keep

    @property
    def keep(self) -> int:
        """How many messages the inbox keeps (older ones are pruned)."""
        return self._keep

    @keep.setter
    def keep(self, value: int) -> None:
        if value < 1:
            raise ValueError("keep must be at least 1")
        with self._lock:
            self._keep = value
            self._prune()

    def version(self) -> tuple[float, ...]:
        """Changes whenever what the inbox shows may have changed (cheap; no lock)."""
        engine = self._engine
        clock = engine.now if engine.settle == "manual" else 0.0
        return (
            len(engine.sent_messages),
            len(engine.events),
            len(engine.inbound_messages),
            self._cleared,
            clock,
        )

    # --- reading ----------------------------------------------------------------------
    def page(
        self, *, limit: int, before: int | None = None, **filters: str
    ) -> tuple[list[JsonDict], int | None]:
        """Up to `limit` message summaries, newest first, older than sequence `before`;
        and the cursor of the next page (None: no more). `filters`: see `Filters`."""
        with self._lock:
            self._sync()
            found: list[JsonDict] = []
            last = 0
            for item in self._matching(Filters(**filters), before):
                if len(found) == limit:
                    return found, last
                found.append(self._summary(item))
                last = item.seq
            return found, None

    def conversations(self, *, limit: int, **filters: str) -> list[JsonDict]:
        """One entry per end-user number, the latest conversation first."""
        with self._lock:
            self._sync()
            if filters:
                return self._filtered_conversations(Filters(**filters), limit)
            seen: dict[str, JsonDict] = {}
            for item in reversed(self._items.values()):  # stops after ``limit`` numbers
                if item.peer not in seen:
                    count = self._peers[item.peer]
                    last = self._summary(item)
                    seen[item.peer] = {"number": item.peer, "count": count, "last": last}
                    if len(seen) == limit:
                        break
            return list(seen.values())

    def _filtered_conversations(self, filters: Filters, limit: int) -> list[JsonDict]:
        seen: dict[str, JsonDict] = {}
        for item in self._matching(filters, None):
            entry = seen.get(item.peer)
            if entry is not None:
                entry["count"] += 1
            elif len(seen) < limit:
                seen[item.peer] = {"number": item.peer, "count": 1, "last": self._summary(item)}
        return list(seen.values())

    def message(self, message_id: str) -> JsonDict | None:
        """One message in full: timeline, encoding, context, TTL, price (None: not kept)."""
        with self._lock:
            self._sync()
            item = self._items.get(message_id)
            return None if item is None else self._detail(item)

    def clear(self) -> None:
        """Forget every message shown so far (the fake's own records stay)."""
        with self._lock:
            self._sync()
            self._items.clear()
            self._peers.clear()
            self._cleared += 1

    def restart(self) -> None:
        """Read the fake's records again from the start (after a reset or a state load)."""
        with self._lock:
            self._items.clear()
            self._peers.clear()
            self._cursors = _Cursors()
            self._cleared += 1

    def overview(self) -> JsonDict:
        """Per account and region: tier, opt-out lists and their numbers, pools, phone
        numbers, sender IDs, spend against the limits, verified destinations; and the
        clock and the delivery outcomes chosen per destination."""
        with self._lock:
            engine = self._engine
            return {
                "accounts": [
                    _account_view(account, region, state, engine)
                    for account, region, state in engine.states()
                ],
                "now": engine.now,
                "settle": engine.settle,
                "delivery_outcomes": dict(engine.delivery_outcomes),
                "known_outcomes": sorted(delivery.KNOWN_OUTCOMES),
            }

    # --- reading the engine's records -----------------------------------------------------
    def _sync(self) -> None:
        engine = self._engine
        cursors = self._cursors
        if len(engine.sent_messages) < cursors.sent or len(engine.events) < cursors.events:
            self.restart()  # the engine was reset behind the fake's back
            cursors = self._cursors
        # Records older than the newest ``keep`` of each list would be pruned at once.
        sent, position = (
            engine.sent_messages,
            max(cursors.sent, len(engine.sent_messages) - self._keep),
        )
        inbound = engine.inbound_messages
        for received in inbound[max(cursors.inbound, len(inbound) - self._keep) :]:
            # In the order they happened: the sends before this reply first.
            for earlier in sent[position : received.sent_before]:
                self._add_sent(earlier)
            position = max(position, min(received.sent_before, len(sent)))
            self._add_inbound(received)
        for later in sent[position:]:
            self._add_sent(later)
        names = engine.event_destinations
        for index, event in enumerate(engine.events[cursors.events :], cursors.events):
            item = self._items.get(str(event.get("messageId")))
            if item is not None:
                destinations = names[index] if index < len(names) else ()
                status = str(event["messageStatus"])
                item.events.append((status, int(event["eventTimestamp"]), destinations))
        cursors.sent = len(engine.sent_messages)
        cursors.inbound = len(engine.inbound_messages)
        cursors.events = len(engine.events)
        self._prune()

    def _add_sent(self, message: SentMessage) -> None:
        item = _Item(next(self._seq), message.message_id, "outbound", message.destination)
        item.sent = message
        item.status_until = float("-inf")
        self._add(item)

    def _add_inbound(self, message: ReceivedMessage) -> None:
        seq = next(self._seq)
        item = _Item(seq, f"inbound-{seq}", "inbound", message.from_number)
        item.received = message
        self._add(item)

    def _add(self, item: _Item) -> None:
        self._items[item.id] = item
        self._peers[item.peer] += 1

    def _prune(self) -> None:
        while len(self._items) > self._keep:
            _, item = self._items.popitem(last=False)
            self._peers[item.peer] -= 1
            if not self._peers[item.peer]:
                del self._peers[item.peer]

    def _matching(self, filters: Filters, before: int | None) -> Iterator[_Item]:
        text = filters.text.casefold() if filters.text else None
        now = self._engine.now
        for item in reversed(self._items.values()):
            if before is not None and item.seq >= before:
                continue
            if filters.direction is not None and item.direction != filters.direction:
                continue
            if filters.destination is not None and filters.destination not in item.peer:
                continue
            if filters.origination is not None and filters.origination not in _origin(item):
                continue
            if filters.configuration_set is not None and (
                item.sent is None or item.sent.configuration_set != filters.configuration_set
            ):
                continue
            if text is not None and text not in _haystack(item):
                continue
            if filters.status is not None and self._status(item, now) != filters.status:
                continue
            yield item

    # --- views ----------------------------------------------------------------------------
    def _status(self, item: _Item, now: float) -> str:
        if item.sent is not None and now >= item.status_until:
            reached = [s for s in self._timeline(item.sent) if s[3]]
            item.status = reached[-1][1] if reached else "PENDING"
            upcoming = [s[0] for s in self._timeline(item.sent) if not s[3]]
            item.status_until = min(upcoming, default=float("inf"))
        return item.status

    def _timeline(self, sent: SentMessage) -> list[tuple[float, str, bool, bool]]:
        """(when, status, is final, reached by now) of each step of a sent message."""
        channel = _channel(sent.operation)
        outcome = sent.outcome or delivery.DEFAULT_OUTCOME[channel]
        engine = self._engine
        instant = engine.settle == "instant"
        return [
            (sent.timestamp + delay, status, final, instant or sent.timestamp + delay <= engine.now)
            for delay, status, final in delivery.steps(channel, outcome)
        ]

    def _summary(self, item: _Item) -> JsonDict:
        base: JsonDict = {
            "id": item.id,
            "seq": item.seq,
            "direction": item.direction,
            "number": item.peer,
            "status": self._status(item, self._engine.now),
        }
        if item.received is not None:
            got = item.received
            return {
                **base,
                "channel": "TEXT",
                "origination": got.to_number,
                "body": got.body,
                "timestamp": got.timestamp,
                "keyword": got.keyword,
                "action": got.action,
                "reply": got.reply,
                "account_id": got.account_id,
                "region": got.region,
            }
        sent = item.sent
        assert sent is not None
        return {
            **base,
            "channel": _channel(sent.operation),
            "operation": sent.operation,
            "origination": sent.origination,
            "body": sent.message_body,
            "timestamp": sent.timestamp,
            "message_type": sent.message_type,
            "configuration_set": sent.configuration_set,
            "media_urls": list(sent.media_urls),
            "voice_id": sent.voice_id,
            "text_type": sent.message_body_text_type,
            "account_id": sent.account_id,
            "region": sent.region,
        }

    def _detail(self, item: _Item) -> JsonDict:
        summary = self._summary(item)
        sent = item.sent
        if sent is None:
            return summary
        received = {status: names for status, _, names in item.events}
        timeline = [
            {
                "status": status,
                "at": at,
                "final": final,
                "reached": reached,
                "destinations": list(received.get(status, ())),
            }
            for at, status, final, reached in self._timeline(sent)
        ]
        return {
            **summary,
            "context": dict(sent.context),
            "time_to_live": sent.time_to_live,
            "price": sent.price,
            "parts": sent.parts,
            "encoding": _encoding(sent.message_body) if summary["channel"] == "TEXT" else None,
            "rcs_content": sent.rcs_content,
            "timeline": timeline,
        }


def _haystack(item: _Item) -> str:
    if item.haystack is None:
        words: tuple[str | None, ...] = ()
        if item.received is not None:
            got = item.received
            words = (got.body, got.from_number, got.to_number)
        elif item.sent is not None:
            sent = item.sent
            words = (sent.message_body, sent.destination, sent.origination)
        item.haystack = " ".join(w for w in words if w).casefold()
    return item.haystack


def _origin(item: _Item) -> str:
    if item.received is not None:
        return item.received.to_number
    return (item.sent.origination if item.sent else None) or ""


def _channel(operation: str) -> str:
    """The delivery channel (`rules.delivery.CHANNELS` values) of a Send* operation."""
    for word, channel in (("Voice", "VOICE"), ("Media", "MEDIA"), ("Rcs", "RCS")):
        if word in operation:
            return channel
    return "TEXT"


def _encoding(body: str | None) -> JsonDict | None:
    if body is None:
        return None
    counted = segments(body)
    return {
        "encoding": counted.encoding.value,
        "parts": counted.parts,
        "units": counted.units,
        "non_gsm_characters": list(counted.non_gsm_characters),
    }


def _public(record: JsonDict) -> JsonDict:
    return {k: v for k, v in record.items() if not k.startswith("_")}


def _account_view(account: str, region: str, state: RegionState, engine: Engine) -> JsonDict:
    limits = spend_limits(state, engine.limits)
    spent = [
        {
            "channel": channel,
            "limit_name": name,
            "spent": spend.spent_usd(state, engine.now, channel),
            "limit": limits[name]["EnforcedLimit"] if name in limits else None,
        }
        for channel, (name, _) in spend.CHANNEL_LIMITS.items()
    ]
    opt_out_lists = [
        {**_public(record), "numbers": [dict(e) for e in record.get("_numbers", {}).values()]}
        for record in state.table(OPT_OUT_LIST).values()
    ]
    return {
        "account_id": account,
        "region": region,
        "tier": tier_of(state),
        "opt_out_lists": opt_out_lists,
        "pools": [_public(r) for r in state.table(POOL).values()],
        "phone_numbers": [_public(r) for r in state.table(PHONE_NUMBER).values()],
        "sender_ids": [_public(r) for r in state.table(SENDER_ID).values()],
        "spend": spent,
        "verified_destinations": [_public(r) for r in state.table(VERIFIED_NUMBER).values()],
    }
