"""Fault injection: throttling, server errors, latency and one-shot failures."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass

from ._base import FakeServiceError


@dataclass
class FaultRule:
    """A probabilistic fault: ``kind`` is "throttle", "error" or "latency"."""

    kind: str
    rate: float
    operations: frozenset[str] | None
    status: int = 500
    seconds: float = 0.0

    def applies_to(self, operation: str) -> bool:
        """Whether this rule covers ``operation``."""
        return self.operations is None or operation in self.operations


@dataclass(frozen=True)
class InjectedFault:
    """One fault applied to one call (``call`` counts every dispatched call from 1)."""

    call: int
    operation: str
    kind: str
    detail: str


@dataclass
class _OneShot:
    error: str
    remaining: int


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
    """Fault configuration of one fake. Draws come from a private ``random.Random(seed)``
    so a given seed and call sequence inject the same faults every run."""

    def __init__(self, seed: int | None = None) -> None:
        self._rng = random.Random(seed)
        self.rules: list[FaultRule] = []
        self._one_shots: dict[str, list[_OneShot]] = {}
        self._calls = 0
        #: Every fault applied, in call order.
        self.injected: list[InjectedFault] = []

    def seed(self, seed: int | None) -> None:
        """Restart the random sequence."""
        self._rng = random.Random(seed)

    def throttle(self, rate: float, operations: Iterable[str] | None = None) -> FaultRule:
        """Answer ThrottlingException (HTTP 400) on a ``rate`` fraction of calls."""
        return self._add(FaultRule("throttle", rate, _ops(operations), status=400))

    def error(
        self, rate: float, status: int = 500, operations: Iterable[str] | None = None
    ) -> FaultRule:
        """Answer InternalServerException with HTTP ``status`` on a ``rate`` fraction of calls."""
        return self._add(FaultRule("error", rate, _ops(operations), status=status))

    def latency(self, seconds: float, operations: Iterable[str] | None = None) -> FaultRule:
        """Sleep ``seconds`` (outside the fake's lock) before answering."""
        return self._add(FaultRule("latency", 1.0, _ops(operations), seconds=seconds))

    def fail_next(self, operation: str, error: str = "ThrottlingException", times: int = 1) -> None:
        """Fail the next ``times`` calls of ``operation`` with the modelled ``error``."""
        self._one_shots.setdefault(operation, []).append(_OneShot(error, times))

    def clear(self) -> None:
        """Remove every rule and pending one-shot failure (keeps ``injected``)."""
        self.rules.clear()
        self._one_shots.clear()

    def _add(self, rule: FaultRule) -> FaultRule:
        if not 0.0 <= rule.rate <= 1.0:
            raise ValueError("rate must be within [0, 1]")
        self.rules.append(rule)
        return rule

    def decide(self, operation: str) -> tuple[float, FakeServiceError | None]:
        """Latency to apply and error to answer (if any) for one call."""
        self._calls += 1
        delay = 0.0
        shots = self._one_shots.get(operation)
        if shots:
            shot = shots[0]
            shot.remaining -= 1
            if shot.remaining <= 0:
                shots.pop(0)
            self._record(operation, "fail_next", shot.error)
            return delay, fault_error(shot.error)
        for rule in self.rules:
            if not rule.applies_to(operation):
                continue
            if rule.kind == "latency":
                delay += rule.seconds
                self._record(operation, "latency", f"{rule.seconds}s")
            elif self._rng.random() < rule.rate:
                if rule.kind == "throttle":
                    self._record(operation, "throttle", "ThrottlingException")
                    return delay, fault_error("ThrottlingException", rule.status)
                self._record(operation, "error", f"InternalServerException/{rule.status}")
                return delay, fault_error("InternalServerException", rule.status)
        return delay, None

    def _record(self, operation: str, kind: str, detail: str) -> None:
        self.injected.append(InjectedFault(self._calls, operation, kind, detail))


def _ops(operations: Iterable[str] | None) -> frozenset[str] | None:
    return None if operations is None else frozenset(operations)


__all__ = ["FaultRule", "Faults", "InjectedFault"]
