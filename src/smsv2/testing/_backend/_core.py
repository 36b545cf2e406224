"""`FakeSmsVoice`: the engine behind one lock, dispatch (faults -> validation -> handler
-> output checks -> faults after the work) and the helpers tests call."""

from __future__ import annotations

import contextlib
import copy
import functools
import json
import logging
import threading
import time
import uuid
from collections.abc import Generator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from typing_extensions import TypedDict

from smsv2._public import publish

from ._base import FakeServiceError, JsonDict, validation
from ._context import Ctx
from ._faults import AfterWork, Faults
from ._model import Problem, operation_model, operation_names, output_problems, validate
from ._records import ReceivedMessage, SentMessage
from ._state import VERIFIED_NUMBER
from .engine import (
    DEFAULT_ACCOUNT_ID,
    DEFAULT_REGION,
    PRODUCTION_TIER,
    Engine,
    Settle,
)
from .inbox import Inbox
from .quotas import DEFAULT_LIMITS
from .rules import delivery, limits, review
from .rules.accounts import set_account_tier
from .rules.review_rules import ReviewReason
from .sending import handle_inbound
from .webhooks import FakeSnsSigner, SnsForwarder
from .wiring import OPERATIONS

log = logging.getLogger("smsv2.testing")

STATE_FORMAT_VERSION = 1
#: Operations that never change state (no state-file snapshot after them).
READ_ONLY_PREFIXES = ("Describe", "List", "Get")
__all__ = [
    "DEFAULT_ACCOUNT_ID",
    "DEFAULT_LIMITS",
    "DEFAULT_REGION",
    "Answer",
    "FakeOptions",
    "FakeSmsVoice",
]


class FakeOptions(TypedDict, total=False):
    """The keyword arguments of [`FakeSmsVoice`][smsv2.testing.FakeSmsVoice], for
    `mock_sms_voice(**options)`."""

    settle: Settle
    account_id: str
    region: str
    sandbox: bool
    seed: int | None
    start_time: float | None
    limits: Mapping[str, int] | None
    check_outputs: bool
    throttle_sends: bool


@dataclass(frozen=True)
class Answer:
    """What one call answers: HTTP status, JSON body and request ID, and, when a fault after
    the work says so, how the answer is lost on the way back (`lost`)."""

    status: int
    body: dict[str, object]
    request_id: str
    lost: AfterWork | None = None


class FakeSmsVoice:
    """A stateful in-memory fake of `pinpoint-sms-voice-v2`.

    State is kept per (account, region) by [`engine`][smsv2.testing.FakeSmsVoice.engine]. All calls
    are serialised by one lock, so the fake can be shared by threads. `settle="instant"` completes
    asynchronous transitions (PENDING -> ACTIVE, CREATING -> ACTIVE, ...) right after the call that
    started them; `settle="manual"` completes them only when
    [`advance`][smsv2.testing.FakeSmsVoice.advance] moves the fake clock past their due time.
    `limits` overrides quotas (`quotas.DEFAULT_LIMITS` names them). `sandbox=False` starts every
    account in production (the same rule as
    [`leave_sandbox`][smsv2.testing.FakeSmsVoice.leave_sandbox]). `throttle_sends=True` answers
    ThrottlingException to a send above its origination identity's `MessagingLimits` rate, on the
    fake clock.
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
        throttle_sends: bool = False,
    ) -> None:
        #: Clock, seeded random numbers, per-account and per-region state, traffic records.
        self.engine = Engine(
            settle=settle,
            account_id=account_id,
            region=region,
            sandbox=sandbox,
            seed=seed,
            start_time=start_time,
            limits=limits,
        )
        self.check_outputs = check_outputs
        self.engine.throttle_sends = throttle_sends
        self.faults = Faults(seed)
        self._lock = threading.RLock()
        #: What the inbox shows of this fake's traffic (:meth:`serve_inbox`).
        self.inbox = Inbox(self.engine, self._lock)
        self._signer: FakeSnsSigner | None = None

    # --- engine views ------------------------------------------------------------------
    @property
    def settle(self) -> Settle:
        """`"instant"` or `"manual"`."""
        return self.engine.settle

    @property
    def account_id(self) -> str:
        """The account used when a request names none."""
        return self.engine.account_id

    @property
    def region(self) -> str:
        """The region used when a request names none."""
        return self.engine.region

    @property
    def sandbox(self) -> bool:
        """Whether new accounts start in the sandbox."""
        return self.engine.sandbox

    @property
    def seed(self) -> int | None:
        """Seeds the IDs, numbers, the available-number inventory and the fault draws."""
        return self.engine.seed

    @property
    def limits(self) -> dict[str, int]:
        """Quotas (mutable: changes apply to the next call)."""
        return self.engine.limits

    @property
    def sent_messages(self) -> list[SentMessage]:
        """Messages accepted by Send* operations, in order."""
        return self.engine.sent_messages

    @property
    def inbound_messages(self) -> list[ReceivedMessage]:
        """Messages simulated with [`inbound`][smsv2.testing.FakeSmsVoice.inbound], in order."""
        return self.engine.inbound_messages

    @property
    def now(self) -> float:
        """Current fake time (epoch seconds)."""
        return self.engine.now

    def advance(self, seconds: float) -> None:
        """Move the fake clock forward, complete every transition and release every delivery
        event now due."""
        with self._lock:
            self.engine.advance(seconds)
            delivery.flush(self.engine)

    @property
    def events(self) -> list[dict[str, object]]:
        """Delivery events released so far, in the service's record format, in order.

        A send through a configuration set with event destinations produces them on the fake clock
        (`settle="manual"`: as [`advance`][smsv2.testing.FakeSmsVoice.advance] passes their time);
        each event is here once if at least one enabled destination's MatchingEventTypes matches it.
        Inside moto's `mock_aws` they are also delivered to the SNS topic, Firehose stream or
        CloudWatch Logs group of each matching destination. Read them with
        `smsv2.events.parse_delivery_events(fake.events)`.
        """
        return self.engine.events

    @property
    def delivery_failures(self) -> list[dict[str, object]]:
        """Deliveries to AWS destinations that failed inside moto (destination, ARN, error)."""
        return self.engine.delivery_failures

    def set_delivery_outcome(self, destination_phone_number: str, status: str | None) -> None:
        """The final status of later messages to a number, e.g. `"CARRIER_UNREACHABLE"`
        (`"DELIVERED"`, `"SUCCESSFUL"`, `"COMPLETED"` or a failure status; None resets).
        Without one, AWS's simulator failure numbers fail and every other number succeeds."""
        with self._lock:
            if status is None:
                self.engine.delivery_outcomes.pop(destination_phone_number, None)
                return
            if status not in delivery.KNOWN_OUTCOMES:
                raise ValueError(f"unknown delivery outcome {status!r}")
            self.engine.delivery_outcomes[destination_phone_number] = status

    # --- SNS webhooks ------------------------------------------------------------------
    @property
    def sns_signer(self) -> FakeSnsSigner:
        """This fake's SNS signing key and certificate (made on first use; needs
        `cryptography`, the `smsv2[webhooks]` extra)."""
        with self._lock:
            if self._signer is None:
                self._signer = FakeSnsSigner(self.region)
            return self._signer

    @property
    def sns_certificate(self) -> bytes:
        """The PEM certificate the fake signs its SNS messages with."""
        return self.sns_signer.certificate_pem

    def fetch_certificate(self, url: str) -> bytes:
        """`verify_sns_message(..., fetch_certificate=fake.fetch_certificate)` trusts this
        fake's messages (and only them: any other URL raises OSError)."""
        return self.sns_signer.fetch_certificate(url)

    def forward_to(self, url: str, *, topic_arn: str | None = None) -> SnsForwarder:
        """Send every later delivery event and inbound message to `url` as signed SNS
        HTTP notifications, after the subscription-confirmation handshake. `close()` the
        returned forwarder to stop. `topic_arn` defaults to `...:smsv2-fake-webhook`."""
        topic = topic_arn or f"arn:aws:sns:{self.region}:{self.account_id}:smsv2-fake-webhook"
        forwarder = SnsForwarder(url, topic, self.sns_signer, detach=self._detach)
        with self._lock:
            self.engine.listeners.append(forwarder.notify)
        return forwarder

    def _detach(self, forwarder: SnsForwarder) -> None:
        with self._lock:
            self.engine.listeners.remove(forwarder.notify)

    # --- dispatch ----------------------------------------------------------------------
    def handle(
        self,
        operation_name: str,
        body: Mapping[str, object],
        *,
        account_id: str | None = None,
        region: str | None = None,
    ) -> tuple[int, dict[str, object]]:
        """Run one operation; returns (HTTP status, JSON body) exactly as the service would. A fault
        after the work that loses the answer ("timeout"/"drop") raises `ConnectionError` here (use
        [`respond`][smsv2.testing.FakeSmsVoice.respond] to see it as data)."""
        answer = self.respond(operation_name, body, account_id=account_id, region=region)
        if answer.lost is not None:
            raise ConnectionError(f"the answer was lost after the work ({answer.lost.how})")
        return answer.status, answer.body

    def dispatch(
        self,
        operation_name: str,
        body: Mapping[str, object],
        *,
        account_id: str | None = None,
        region: str | None = None,
    ) -> tuple[int, JsonDict, str]:
        """Like [`handle`][smsv2.testing.FakeSmsVoice.handle], also returning the request ID (for
        the x-amzn-RequestId header)."""
        answer = self.respond(operation_name, body, account_id=account_id, region=region)
        if answer.lost is not None:
            raise ConnectionError(f"the answer was lost after the work ({answer.lost.how})")
        return answer.status, answer.body, answer.request_id

    def respond(
        self,
        operation_name: str,
        body: Mapping[str, object],
        *,
        account_id: str | None = None,
        region: str | None = None,
    ) -> Answer:
        """Run one operation with every injected fault applied; transports (the in-process
        mock, the HTTP server) turn `Answer.lost` into a timeout or a dropped connection."""
        request_id = str(uuid.uuid4())
        with self._lock:
            delay, injected = self.faults.decide(operation_name)
        if delay:
            time.sleep(delay)
        if injected is not None:
            return Answer(injected.status, injected.to_body(request_id), request_id)
        try:
            with self._lock:
                payload = self._call(
                    operation_name,
                    dict(body),
                    account_id or self.engine.account_id,
                    region or self.engine.region,
                    request_id,
                )
                lost = self.faults.decide_after(operation_name)
        except FakeServiceError as err:
            return Answer(err.status, err.to_body(request_id), request_id)
        except Exception:
            log.exception("smsv2.testing: handler for %s failed", operation_name)
            internal = FakeServiceError("InternalServerException", "Internal failure in the fake")
            return Answer(500, internal.to_body(request_id), request_id)
        if lost is not None and lost.how == "error":
            error = lost.error()
            return Answer(error.status, error.to_body(request_id), request_id)
        return Answer(200, payload, request_id, lost)

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
        state = self.engine.state(account_id, region)
        token_key = None
        token = body.get("ClientToken")
        if token is not None and op_model.input_shape is not None:
            token_key = f"{operation_name}:{token}"
            previous = state.idempotency.get(token_key)
            if previous is not None:
                return copy.deepcopy(previous)
        ctx = Ctx(
            self.engine,
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
        self.engine.settle_due(state)
        delivery.flush(self.engine)
        return output

    # --- test helpers ------------------------------------------------------------------
    def leave_sandbox(self, *, account_id: str | None = None, region: str | None = None) -> None:
        """Move the account (default: the fake's account and region) to production: any
        destination may be reached and the spend account limits become the production ones
        (`limits["TEXT_MESSAGE_MONTHLY_SPEND_LIMIT"]`, ...), as with `sandbox=False`."""
        with self._lock:
            state = self.engine.state(account_id, region)
            set_account_tier(state, PRODUCTION_TIER, self.engine.limits)

    def verification_code(
        self,
        destination_phone_number: str,
        *,
        account_id: str | None = None,
        region: str | None = None,
    ) -> str | None:
        """The last code "sent" by SendDestinationNumberVerificationCode to this number."""
        with self._lock:
            for _, _, state in self.engine.states(account_id, region):
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
        """Simulate an end user texting `body` to `to_number`; returns the automatic
        reply (HELP/STOP/custom keyword message) or None. Opt-out keywords add the sender to
        the number's (or its pool's) opt-out list unless self-managed opt-outs are enabled."""
        with self._lock:
            return handle_inbound(self.engine, from_number, to_number, body, account_id, region)

    def approve(
        self, registration_id: str, *, account_id: str | None = None, region: str | None = None
    ) -> None:
        """Approve the registration version under review (-> APPROVED, COMPLETE)."""
        with self._lock:
            record = review.under_review(self.engine, registration_id, account_id, region)
            review.approve(record, self.engine.now)

    def deny(
        self,
        registration_id: str,
        *,
        reason: str = "The registration was denied by the reviewer.",
        reasons: Sequence[ReviewReason] | None = None,
        feedback: str | None = None,
        account_id: str | None = None,
        region: str | None = None,
    ) -> None:
        """Deny the registration version under review (-> DENIED, REQUIRES_UPDATES).

        `reasons` lists each denied reason with the field paths to fix; without it the
        version is denied with the single `reason` text.
        """
        given = list(reasons) if reasons else [ReviewReason(reason, short_description=reason)]
        with self._lock:
            record = review.under_review(self.engine, registration_id, account_id, region)
            review.deny(record, self.engine.now, [r.to_wire() for r in given], feedback)

    def set_messaging_limits(
        self,
        identity: str,
        *,
        rate_limits: Mapping[str, int] | None = None,
        daily_caps: Mapping[str, int] | None = None,
        iso_country_code: str | None = None,
        account_id: str | None = None,
        region: str | None = None,
    ) -> None:
        """Set the `MessagingLimits` of a phone number (ID, ARN or E.164), RCS agent or
        sender ID (`iso_country_code` picks among same-named ones): `rate_limits` per
        capability (messages per second), `daily_caps` per provider ({} removes them)."""
        with self._lock:
            state = self.engine.state(account_id, region)
            record = limits.find_identity(state, identity, iso_country_code)
            limits.override(record, rate_limits, daily_caps)

    def reset(self) -> None:
        """Forget all resources, messages and faults."""
        with self._lock:
            self.engine.reset()
            self.faults.clear()
            self.faults.injected.clear()
            self.inbox.restart()

    @contextlib.contextmanager
    def serve_inbox(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        token: str | None = None,
        keep: int | None = None,
    ) -> Generator[str, None, None]:
        """Serve this fake's inbox (web UI and JSON API) on a background thread while the
        block runs; yields the inbox's URL, to watch a test in a browser. `token` protects
        the API (`Authorization: Bearer`); `keep` bounds the messages kept."""
        # Deferred: the web server is only loaded by the tests that open an inbox.
        from smsv2.testing._inbox import InboxServer

        if keep is not None:
            self.inbox.keep = keep
        server = InboxServer(self, host=host, port=port, token=token)
        server.start()
        try:
            yield server.inbox_url
        finally:
            server.stop()

    # --- persistence -------------------------------------------------------------------
    def dump_state(self) -> dict[str, object]:
        """All state as a JSON-serialisable dict."""
        with self._lock:
            return copy.deepcopy({"version": STATE_FORMAT_VERSION, **self.engine.to_json()})

    def load_state(self, data: Mapping[str, object]) -> None:
        """Replace all state by a [`dump_state`][smsv2.testing.FakeSmsVoice.dump_state] result."""
        if data.get("version") != STATE_FORMAT_VERSION:
            raise ValueError("unsupported state format")
        raw: JsonDict = copy.deepcopy(dict(data))
        with self._lock:
            self.engine.load_json(raw)
            self.inbox.restart()

    def failing_reads(self) -> list[str]:
        """Read-only operations that crash (not a service error) on this fake's state: the
        check of a loaded state file. Reads may complete due transitions: run it on a copy."""
        failed: list[str] = []
        with self._lock:
            for account_id, region, _ in self.engine.states():
                failed += self._failing_reads_in(account_id, region)
        return failed

    def _failing_reads_in(self, account_id: str, region: str) -> list[str]:
        failed: list[str] = []
        for name in sorted(OPERATIONS):
            if not name.startswith(READ_ONLY_PREFIXES):
                continue
            try:
                output = self._call(name, {}, account_id, region, "state-check")
            except FakeServiceError:
                continue  # e.g. a required parameter: the service's answer, not a crash
            except Exception:  # any crash is what the check looks for
                failed.append(name)
                continue
            if output_problems(operation_model(name).output_shape, output):
                failed.append(name)  # what the server would answer with a 500
        return failed

    def save(self, path: str | Path) -> None:
        """Write [`dump_state`][smsv2.testing.FakeSmsVoice.dump_state] to `path` atomically."""
        target = Path(path)
        tmp = target.with_suffix(target.suffix + ".tmp")
        tmp.write_text(json.dumps(self.dump_state()))
        tmp.replace(target)

    def load(self, path: str | Path) -> None:
        """Load state saved by [`save`][smsv2.testing.FakeSmsVoice.save]."""
        self.load_state(json.loads(Path(path).read_text()))


@functools.cache
def _model_operations() -> frozenset[str]:
    return frozenset(operation_names())


publish("smsv2.testing", ["Answer", "FakeSmsVoice"], globals())
