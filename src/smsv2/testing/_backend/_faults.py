"""Fault injection: throttling, server errors, latency, one-shot failures, and answers lost
after the work was done (an error, a read timeout or a dropped connection)."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from smsv2._public import publish

from ._base import FakeServiceError

#: How the answer of a call whose work was done gets lost.
LostAnswer = Literal["error", "timeout", "drop"]
_AFTER_KINDS: dict[str, LostAnswer] = {
    "error_after_work": "error",
    "timeout_after_work": "timeout",
    "drop_after_work": "drop",
}


@dataclass
class FaultRule:
    """A probabilistic fault. `kind` is "throttle", "error" or "latency" (before the
    work), or "error_after_work", "timeout_after_work" or "drop_after_work" (after it)."""

    kind: str
    rate: float
    operations: frozenset[str] | None
    status: int = 500
    seconds: float | None = 0.0

    def applies_to(self, operation: str) -> bool:
        """Whether this rule covers `operation`."""
        return self.operations is None or operation in self.operations


@dataclass(frozen=True)
class InjectedFault:
    """One fault applied to one call (`call` counts every dispatched call from 1)."""

    call: int
    operation: str
    kind: str
    detail: str


@dataclass(frozen=True)
class AfterWork:
    """The answer of a call whose work was done, lost on the way back.

    `how`: "error" answers `status` (500/503) with InternalServerException; "timeout"
    never answers in time (in process: botocore's ReadTimeoutError; the HTTP server holds the
    answer `seconds` then closes, or until the client gives up when `seconds` is None);
    "drop" closes the connection without an answer (in process: ConnectionClosedError).
    """

    how: LostAnswer
    status: int = 500
    seconds: float | None = None

    def error(self) -> FakeServiceError:
        """The error body answered for `how="error"`."""
        return fault_error("InternalServerException", self.status)


@dataclass
class _OneShot:
    error: str
    remaining: int
    after: AfterWork | None = None


def fault_error(code: str, status: int | None = None) -> FakeServiceError:
    """The service's error body for an injected fault."""
    if code == "ThrottlingException":
        return FakeServiceError(
            code, "Rate exceeded (injected by smsv2.testing)", status=status or 400
        )
    if code == "InternalServerException":
        return FakeServiceError(
            code, "Internal failure (injected by smsv2.testing)", status=status or 500
        )
    return FakeServiceError(code, f"{code} (injected by smsv2.testing)", status=status)


class Faults:
    """Fault configuration of one fake. Draws come from a private `random.Random(seed)`
    so a given seed and call sequence inject the same faults every run."""

    def __init__(self, seed: int | None = None) -> None:
        self._rng = random.Random(seed)
        self.rules: list[FaultRule] = []
        self._one_shots: dict[str, list[_OneShot]] = {}
        self._lost: dict[str, list[_OneShot]] = {}
        self._calls = 0
        #: Every fault applied, in call order.
        self.injected: list[InjectedFault] = []

    def seed(self, seed: int | None) -> None:
        """Restart the random sequence."""
        self._rng = random.Random(seed)

    # --- before the work ---------------------------------------------------------------
    def throttle(self, rate: float, operations: Iterable[str] | None = None) -> FaultRule:
        """Answer ThrottlingException (HTTP 400) on a `rate` fraction of calls."""
        return self._add(FaultRule("throttle", rate, _ops(operations), status=400))

    def error(
        self, rate: float, status: int = 500, operations: Iterable[str] | None = None
    ) -> FaultRule:
        """Answer InternalServerException with HTTP `status` on a `rate` fraction of calls
        (nothing is done)."""
        return self._add(FaultRule("error", rate, _ops(operations), status=status))

    def latency(self, seconds: float, operations: Iterable[str] | None = None) -> FaultRule:
        """Sleep `seconds` (outside the fake's lock) before answering."""
        return self._add(FaultRule("latency", 1.0, _ops(operations), seconds=seconds))

    def fail_next(self, operation: str, error: str = "ThrottlingException", times: int = 1) -> None:
        """Fail the next `times` calls of `operation` with the modelled `error`."""
        self._one_shots.setdefault(operation, []).append(_OneShot(error, times))

    # --- after the work ----------------------------------------------------------------
    def error_after_work(
        self, rate: float, status: int = 500, operations: Iterable[str] | None = None
    ) -> FaultRule:
        """On a `rate` fraction of successful calls, do the work, then answer
        InternalServerException with HTTP `status` (500 or 503)."""
        return self._add(
            FaultRule("error_after_work", rate, _ops(operations), status=_server(status))
        )

    def timeout_after_work(
        self,
        rate: float,
        operations: Iterable[str] | None = None,
        *,
        seconds: float | None = None,
    ) -> FaultRule:
        """On a `rate` fraction of successful calls, do the work, then let the read time
        out (see [`AfterWork`][smsv2.testing.AfterWork] for `seconds`)."""
        return self._add(FaultRule("timeout_after_work", rate, _ops(operations), seconds=seconds))

    def drop_after_work(self, rate: float, operations: Iterable[str] | None = None) -> FaultRule:
        """On a `rate` fraction of successful calls, do the work, then drop the connection
        without answering."""
        return self._add(FaultRule("drop_after_work", rate, _ops(operations)))

    def lose_next(
        self,
        operation: str,
        how: LostAnswer = "error",
        *,
        times: int = 1,
        status: int = 500,
        seconds: float | None = None,
    ) -> None:
        """Do the work of the next `times` successful calls of `operation`, then lose
        their answer `how` ("error", "timeout" or "drop")."""
        if how not in ("error", "timeout", "drop"):
            raise ValueError("how must be 'error', 'timeout' or 'drop'")
        after = AfterWork(how, status=_server(status), seconds=seconds)
        self._lost.setdefault(operation, []).append(_OneShot(how, times, after))

    def clear(self) -> None:
        """Remove every rule and pending one-shot failure (keeps `injected`)."""
        self.rules.clear()
        self._one_shots.clear()
        self._lost.clear()

    def _add(self, rule: FaultRule) -> FaultRule:
        if not 0.0 <= rule.rate <= 1.0:
            raise ValueError("rate must be within [0, 1]")
        self.rules.append(rule)
        return rule

    # --- decisions (called by FakeSmsVoice) --------------------------------------------
    def decide(self, operation: str) -> tuple[float, FakeServiceError | None]:
        """Latency to apply and error to answer (if any) before the work of one call."""
        self._calls += 1
        delay = 0.0
        shot = _take(self._one_shots, operation)
        if shot is not None:
            self._record(operation, "fail_next", shot.error)
            return delay, fault_error(shot.error)
        for rule in self.rules:
            if rule.kind in _AFTER_KINDS or not rule.applies_to(operation):
                continue
            if rule.kind == "latency":
                delay += rule.seconds or 0.0
                self._record(operation, "latency", f"{rule.seconds}s")
            elif self._rng.random() < rule.rate:
                if rule.kind == "throttle":
                    self._record(operation, "throttle", "ThrottlingException")
                    return delay, fault_error("ThrottlingException", rule.status)
                self._record(operation, "error", f"InternalServerException/{rule.status}")
                return delay, fault_error("InternalServerException", rule.status)
        return delay, None

    def decide_after(self, operation: str) -> AfterWork | None:
        """How the answer of a call whose work succeeded is lost (None: it is delivered)."""
        shot = _take(self._lost, operation)
        if shot is not None and shot.after is not None:
            self._record(operation, f"{shot.after.how}_after_work", _detail(shot.after))
            return shot.after
        for rule in self.rules:
            how = _AFTER_KINDS.get(rule.kind)
            if how is None or not rule.applies_to(operation):
                continue
            if self._rng.random() < rule.rate:
                after = AfterWork(how, status=rule.status, seconds=rule.seconds)
                self._record(operation, rule.kind, _detail(after))
                return after
        return None

    def _record(self, operation: str, kind: str, detail: str) -> None:
        self.injected.append(InjectedFault(self._calls, operation, kind, detail))


def _take(shots: dict[str, list[_OneShot]], operation: str) -> _OneShot | None:
    queue = shots.get(operation)
    if not queue:
        return None
    shot = queue[0]
    shot.remaining -= 1
    if shot.remaining <= 0:
        queue.pop(0)
    return shot


def _detail(after: AfterWork) -> str:
    if after.how == "error":
        return f"InternalServerException/{after.status}"
    return after.how


def _server(status: int) -> int:
    if not 500 <= status <= 599:
        raise ValueError("status must be a 5xx HTTP status")
    return status


def _ops(operations: Iterable[str] | None) -> frozenset[str] | None:
    return None if operations is None else frozenset(operations)


__all__ = ["AfterWork", "FaultRule", "Faults", "InjectedFault"]

publish("smsv2.testing", ["AfterWork", "FaultRule", "Faults", "InjectedFault"], globals())
