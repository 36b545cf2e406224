"""The engine: clock, seeded random numbers, per-(account, region) state and traffic records.

Everything a handler may touch goes through this public surface (via `Ctx`); nothing
above it reads its private attributes. It knows no operation and no family.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator, Mapping
from typing import Literal

from ._base import JsonDict
from ._records import ReceivedMessage, SentMessage
from ._state import RegionState
from .quotas import resolve_limits

Settle = Literal["instant", "manual"]
DEFAULT_ACCOUNT_ID = "123456789012"
DEFAULT_REGION = "us-east-1"
SANDBOX_TIER = "SANDBOX"
PRODUCTION_TIER = "PRODUCTION"


class Engine:
    """State of one fake service: `settle="instant"` completes asynchronous transitions
    right after the call that scheduled them, `"manual"` when `advance` moves the
    clock past their due time. Not thread-safe on its own: `FakeSmsVoice` serialises calls."""

    def __init__(
        self,
        *,
        settle: Settle = "instant",
        account_id: str = DEFAULT_ACCOUNT_ID,
        region: str = DEFAULT_REGION,
        sandbox: bool = True,
        seed: int | None = None,
        start_time: float | None = None,
        limits: Mapping[str, int] | None = None,
    ) -> None:
        if settle not in ("instant", "manual"):
            raise ValueError("settle must be 'instant' or 'manual'")
        self.settle: Settle = settle
        self.account_id = account_id
        self.region = region
        self.sandbox = sandbox
        #: Quotas (see ``quotas.DEFAULT_LIMITS``), the same for every account and region.
        self.limits: dict[str, int] = resolve_limits(limits)
        #: Whether sends above an identity's MessagingLimits rate are throttled.
        self.throttle_sends = False
        #: Messages accepted by Send* operations, in order.
        self.sent_messages: list[SentMessage] = []
        #: Messages simulated with ``FakeSmsVoice.inbound``, in order.
        self.inbound_messages: list[ReceivedMessage] = []
        #: Delivery events released so far (records in the service's format), in order.
        self.events: list[JsonDict] = []
        #: The event destination names each of ``events`` went to (same order).
        self.event_destinations: list[tuple[str, ...]] = []
        #: Delivery events planned on the clock, not due yet (``rules.delivery``).
        self.scheduled_events: list[JsonDict] = []
        #: Called with each delivery event released and each inbound message published, e.g.
        #: by ``FakeSmsVoice.forward_to`` (under the fake's lock: they must not block).
        self.listeners: list[Callable[[JsonDict], None]] = []
        #: Deliveries to AWS destinations that failed (inside moto), in order.
        self.delivery_failures: list[JsonDict] = []
        #: Destination number -> final status a test chose for messages to it.
        self.delivery_outcomes: dict[str, str] = {}
        #: Seeds IDs, numbers and codes (None: random), and the derived sequences.
        self.seed = seed
        self._rng = random.Random(seed)
        self._start = time.time() if start_time is None else start_time
        self._offset = 0.0
        self._states: dict[tuple[str, str], RegionState] = {}

    # --- clock -------------------------------------------------------------------------
    @property
    def now(self) -> float:
        """Current fake time (epoch seconds)."""
        if self.settle == "manual":
            return self._start + self._offset
        return time.time() + self._offset

    def advance(self, seconds: float) -> None:
        """Move the clock forward and complete every transition now due."""
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        self._offset += seconds
        for state in self._states.values():
            self.settle_due(state)

    def due(self, delay: float) -> float:
        """When a transition scheduled now with `delay` completes."""
        return self.now if self.settle == "instant" else self.now + delay

    # --- random numbers (seeded) ---------------------------------------------------------
    def random_hex(self) -> str:
        """32 lowercase hex digits."""
        return f"{self._rng.getrandbits(128):032x}"

    def random_digits(self, count: int) -> str:
        """`count` decimal digits (leading zeros kept)."""
        return f"{self._rng.randrange(10**count):0{count}d}"

    def derived_random(self, label: str) -> random.Random:
        """A generator that depends only on the seed and `label` (not on earlier calls):
        the same label gives the same sequence every run, even without a seed."""
        return random.Random(f"{self.seed}/{label}")

    # --- state -------------------------------------------------------------------------
    def state(self, account_id: str | None = None, region: str | None = None) -> RegionState:
        """The state of one account and region (default: the engine's), created on first use."""
        key = (account_id or self.account_id, region or self.region)
        state = self._states.get(key)
        if state is None:
            state = RegionState()
            state.settings["AccountTier"] = SANDBOX_TIER if self.sandbox else PRODUCTION_TIER
            self._states[key] = state
        return state

    def states(
        self, account_id: str | None = None, region: str | None = None
    ) -> Iterator[tuple[str, str, RegionState]]:
        """`(account, region, state)` of every existing state matching the filters."""
        for (acct, reg), state in list(self._states.items()):
            if (account_id is None or acct == account_id) and (region is None or reg == region):
                yield acct, reg, state

    def settle_due(self, state: RegionState) -> None:
        """Apply the transitions of `state` due by now, oldest first."""
        now = self.now
        due = [t for t in state.transitions if t["due"] <= now]
        if not due:
            return
        state.transitions = [t for t in state.transitions if t["due"] > now]
        for item in sorted(due, key=lambda t: float(t["due"])):
            record = state.table(item["kind"]).get(item["key"])
            if record is None:
                continue
            if any(record.get(k) != v for k, v in item["expect"].items()):
                continue
            if item["delete"]:
                state.table(item["kind"]).pop(item["key"], None)
                for arn, (kind, key) in list(state.arns.items()):
                    if kind == item["kind"] and key == item["key"]:
                        state.arns.pop(arn)
                        state.tags.pop(arn, None)
                        state.policies.pop(arn, None)
            else:
                record.update(item["set"])

    def reset(self) -> None:
        """Forget every state and record."""
        self._states.clear()
        self.sent_messages.clear()
        self.inbound_messages.clear()
        self.events.clear()
        self.event_destinations.clear()
        self.scheduled_events.clear()
        self.delivery_failures.clear()
        self.delivery_outcomes.clear()

    # --- persistence -------------------------------------------------------------------
    def to_json(self) -> JsonDict:
        """Clock, limits, states and sent messages as JSON-ready data (not copied)."""
        return {
            "offset": self._offset,
            "start": self._start,
            "limits": self.limits,
            "states": {f"{a}/{r}": s.to_json() for (a, r), s in self._states.items()},
            "sent_messages": [m.to_json() for m in self.sent_messages],
            "events": self.events,
            "event_destinations": self.event_destinations,
            "scheduled_events": self.scheduled_events,
            "delivery_outcomes": self.delivery_outcomes,
        }

    def load_json(self, data: JsonDict) -> None:
        """Replace clock, limits, states and sent messages by a `to_json` result."""
        self._offset = float(data["offset"])
        self._start = float(data["start"])
        self.limits.update(data["limits"])
        self._states = {}
        for key, value in data["states"].items():
            acct, reg = key.split("/", 1)
            self._states[(acct, reg)] = RegionState.from_json(value)
        self.sent_messages = [SentMessage.from_json(m) for m in data["sent_messages"]]
        # Older state files have no events.
        self.events = list(data.get("events", []))
        names = data.get("event_destinations") or [()] * len(self.events)
        self.event_destinations = [tuple(n) for n in names]
        self.scheduled_events = list(data.get("scheduled_events", []))
        self.delivery_outcomes = dict(data.get("delivery_outcomes", {}))
