"""``FakeSmsVoice``: state, lock, clock, dispatch (faults -> validation -> handler -> checks)."""

from __future__ import annotations

import copy
import dataclasses
import functools
import json
import logging
import random
import threading
import time
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from typing_extensions import TypedDict

from ._base import OPERATIONS, FakeServiceError, JsonDict, validation
from ._context import Ctx
from ._faults import Faults
from ._model import Problem, operation_model, operation_names, output_problems, validate
from ._records import InboundMessage, SentMessage
from ._state import RegionState

log = logging.getLogger("smsv2.testing")

DEFAULT_ACCOUNT_ID = "123456789012"
DEFAULT_REGION = "us-east-1"
#: Max per account and region (DescribeAccountLimits). Only VERIFIED_DESTINATION_NUMBERS is
#: documented; the rest are GUESSES from the semantics doc §2.3.
DEFAULT_LIMITS: dict[str, int] = {
    "PHONE_NUMBERS": 20,
    "POOLS": 25,
    "CONFIGURATION_SETS": 25,
    "OPT_OUT_LISTS": 25,
    "SENDER_IDS": 50,
    "REGISTRATIONS": 100,
    "REGISTRATION_ATTACHMENTS": 100,
    "VERIFIED_DESTINATION_NUMBERS": 10,
}
STATE_FORMAT_VERSION = 1

Settle = Literal["instant", "manual"]


class FakeOptions(TypedDict, total=False):
    """The keyword arguments of :class:`FakeSmsVoice`, for ``mock_sms_voice(**options)``."""

    settle: Settle
    account_id: str
    region: str
    sandbox: bool
    seed: int | None
    start_time: float | None
    limits: Mapping[str, int] | None
    check_outputs: bool


class FakeSmsVoice:
    """A stateful in-memory fake of ``pinpoint-sms-voice-v2``.

    State is kept per (account, region). All calls are serialised by one lock, so the fake
    can be shared by threads. ``settle="instant"`` completes asynchronous transitions
    (PENDING -> ACTIVE, CREATING -> ACTIVE, ...) right after the call that started them;
    ``settle="manual"`` completes them only when :meth:`advance` moves the fake clock past
    their due time.
    """

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
        check_outputs: bool = True,
    ) -> None:
        if settle not in ("instant", "manual"):
            raise ValueError("settle must be 'instant' or 'manual'")
        self.settle: Settle = settle
        self.account_id = account_id
        self.region = region
        self.sandbox = sandbox
        self.check_outputs = check_outputs
        self.limits: dict[str, int] = {**DEFAULT_LIMITS, **(limits or {})}
        #: Seeds the IDs, numbers and the available-number inventory (None: IDs are random,
        #: the inventory is still the same every run).
        self.seed = seed
        self.faults = Faults(seed)
        #: Messages accepted by Send* operations, in order.
        self.sent_messages: list[SentMessage] = []
        #: Messages simulated with :meth:`inbound`, in order.
        self.inbound_messages: list[InboundMessage] = []
        self._lock = threading.RLock()
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
        """Move the fake clock forward and complete every transition now due."""
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        with self._lock:
            self._offset += seconds
            for state in self._states.values():
                self._settle(state)

    # --- dispatch ----------------------------------------------------------------------
    def handle(
        self,
        operation_name: str,
        body: Mapping[str, object],
        *,
        account_id: str | None = None,
        region: str | None = None,
    ) -> tuple[int, dict[str, object]]:
        """Run one operation; returns (HTTP status, JSON body) exactly as the service would."""
        status, payload, _ = self.dispatch(
            operation_name, body, account_id=account_id, region=region
        )
        return status, payload

    def dispatch(
        self,
        operation_name: str,
        body: Mapping[str, object],
        *,
        account_id: str | None = None,
        region: str | None = None,
    ) -> tuple[int, JsonDict, str]:
        """Like :meth:`handle`, also returning the request ID (for the x-amzn-RequestId header)."""
        request_id = str(uuid.uuid4())
        with self._lock:
            delay, injected = self.faults.decide(operation_name)
        if delay:
            time.sleep(delay)
        if injected is not None:
            return injected.status, injected.to_body(request_id), request_id
        try:
            with self._lock:
                payload = self._call(
                    operation_name,
                    dict(body),
                    account_id or self.account_id,
                    region or self.region,
                    request_id,
                )
        except FakeServiceError as err:
            return err.status, err.to_body(request_id), request_id
        except Exception:
            log.exception("smsv2.testing: handler for %s failed", operation_name)
            internal = FakeServiceError("InternalServerException", "Internal failure in the fake")
            return 500, internal.to_body(request_id), request_id
        return 200, payload, request_id

    def _call(
        self, operation_name: str, body: JsonDict, account_id: str, region: str, request_id: str
    ) -> JsonDict:
        handler = OPERATIONS.get(operation_name)
        if handler is None or operation_name not in _model_operations():
            raise validation(
                "UNKNOWN_OPERATION", f"Operation {operation_name} is not supported.", "operation"
            )
        op_model = operation_model(operation_name)
        problems: list[Problem] = []
        if op_model.input_shape is not None:
            validate(op_model.input_shape, body, "", problems)
        if problems:
            raise FakeServiceError(
                "ValidationException",
                f"{len(problems)} validation error(s) detected: "
                + "; ".join(f"Value at '{p.field}' {p.message}" for p in problems),
                reason=problems[0].reason,
                fields=[{"Name": p.field, "Message": p.message} for p in problems],
            )
        state = self._state(account_id, region)
        token_key = None
        token = body.get("ClientToken")
        if token is not None and op_model.input_shape is not None:
            token_key = f"{operation_name}:{token}"
            previous = state.idempotency.get(token_key)
            if previous is not None:
                return copy.deepcopy(previous)
        ctx = Ctx(
            self,
            state,
            account_id=account_id,
            region=region,
            operation=operation_name,
            request_id=request_id,
        )
        output = copy.deepcopy(handler(ctx, body))
        if self.check_outputs:
            issues = output_problems(op_model.output_shape, output)
            if issues:
                log.error("smsv2.testing: bad output for %s: %s", operation_name, issues)
                raise FakeServiceError(
                    "InternalServerException", f"fake produced an invalid output: {issues}"
                )
        if token_key is not None:
            state.idempotency[token_key] = copy.deepcopy(output)
        self._settle(state)
        return output

    # --- state -------------------------------------------------------------------------
    def _state(self, account_id: str, region: str) -> RegionState:
        state = self._states.get((account_id, region))
        if state is None:
            state = RegionState()
            state.settings["AccountTier"] = "SANDBOX" if self.sandbox else "PRODUCTION"
            self._states[(account_id, region)] = state
        return state

    def _states_for(self, account_id: str | None, region: str | None) -> list[RegionState]:
        return [
            state
            for (acct, reg), state in self._states.items()
            if (account_id is None or acct == account_id) and (region is None or reg == region)
        ]

    def _settle(self, state: RegionState) -> None:
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

    def _random_hex(self) -> str:
        return f"{self._rng.getrandbits(128):032x}"

    # --- test helpers ------------------------------------------------------------------
    def leave_sandbox(self, *, account_id: str | None = None, region: str | None = None) -> None:
        """Move the account (default: the fake's account and region) to production: any
        destination may be reached and spend limits rise (``account.PRODUCTION_SPEND_LIMIT``)."""
        from .account import set_account_tier

        with self._lock:
            state = self._state(account_id or self.account_id, region or self.region)
            set_account_tier(state, "PRODUCTION")

    def verification_code(
        self,
        destination_phone_number: str,
        *,
        account_id: str | None = None,
        region: str | None = None,
    ) -> str | None:
        """The last code "sent" by SendDestinationNumberVerificationCode to this number."""
        from ._state import VERIFIED_NUMBER

        with self._lock:
            for state in self._states_for(account_id, region):
                for record in state.table(VERIFIED_NUMBER).values():
                    if record["DestinationPhoneNumber"] == destination_phone_number:
                        code = record.get("_code")
                        return str(code) if code is not None else None
        return None

    def inbound(
        self,
        from_number: str,
        to_number: str,
        body: str,
        *,
        account_id: str | None = None,
        region: str | None = None,
    ) -> str | None:
        """Simulate an end user texting ``body`` to ``to_number``; returns the automatic
        reply (HELP/STOP/custom keyword message) or None. Opt-out keywords add the sender to
        the number's (or its pool's) opt-out list unless self-managed opt-outs are enabled."""
        from .sending import handle_inbound

        with self._lock:
            return handle_inbound(self, from_number, to_number, body, account_id, region)

    def approve(
        self, registration_id: str, *, account_id: str | None = None, region: str | None = None
    ) -> None:
        """Approve the registration version under review (-> APPROVED, COMPLETE)."""
        from .registrations import approve_registration

        with self._lock:
            approve_registration(self, registration_id, account_id, region)

    def deny(
        self,
        registration_id: str,
        *,
        reason: str = "The registration was denied by the reviewer.",
        feedback: str | None = None,
        account_id: str | None = None,
        region: str | None = None,
    ) -> None:
        """Deny the registration version under review (-> DENIED, REQUIRES_UPDATES)."""
        from .registrations import deny_registration

        with self._lock:
            deny_registration(self, registration_id, reason, feedback, account_id, region)

    def reset(self) -> None:
        """Forget all resources, messages and faults."""
        with self._lock:
            self._states.clear()
            self.sent_messages.clear()
            self.inbound_messages.clear()
            self.faults.clear()
            self.faults.injected.clear()

    # --- persistence -------------------------------------------------------------------
    def dump_state(self) -> dict[str, object]:
        """All state as a JSON-serialisable dict."""
        with self._lock:
            return copy.deepcopy(
                {
                    "version": STATE_FORMAT_VERSION,
                    "offset": self._offset,
                    "start": self._start,
                    "limits": self.limits,
                    "states": {
                        f"{acct}/{reg}": state.to_json()
                        for (acct, reg), state in self._states.items()
                    },
                    "sent_messages": [dataclasses.asdict(m) for m in self.sent_messages],
                }
            )

    def load_state(self, data: Mapping[str, object]) -> None:
        """Replace all state by a :meth:`dump_state` result."""
        if data.get("version") != STATE_FORMAT_VERSION:
            raise ValueError("unsupported state format")
        raw: JsonDict = copy.deepcopy(dict(data))
        with self._lock:
            self._offset = float(raw["offset"])
            self._start = float(raw["start"])
            self.limits.update(raw["limits"])
            self._states = {}
            for key, value in raw["states"].items():
                acct, reg = key.split("/", 1)
                self._states[(acct, reg)] = RegionState.from_json(value)
            self.sent_messages = [
                SentMessage(**{**m, "media_urls": tuple(m["media_urls"])})
                for m in raw["sent_messages"]
            ]

    def save(self, path: str | Path) -> None:
        """Write :meth:`dump_state` to ``path`` atomically."""
        target = Path(path)
        tmp = target.with_suffix(target.suffix + ".tmp")
        tmp.write_text(json.dumps(self.dump_state()))
        tmp.replace(target)

    def load(self, path: str | Path) -> None:
        """Load state saved by :meth:`save`."""
        self.load_state(json.loads(Path(path).read_text()))


@functools.cache
def _model_operations() -> frozenset[str]:
    return frozenset(operation_names())
