"""The span of a bulk run, its events (throttling, pauses), and its progress gauges.

Each send of the run links to the run's span: the worker threads that send make the run
current with `join_run`, and the call span reads it (`CURRENT_RUN`).
"""

from __future__ import annotations

import uuid
from contextvars import ContextVar
from typing import TYPE_CHECKING

from smsv2.telemetry import _progress
from smsv2.telemetry._attributes import Attributes, identity
from smsv2.telemetry._state import for_core

if TYPE_CHECKING:
    from opentelemetry.trace import Span

    from smsv2.bulk import BulkOutcome, BulkSummary


class RunScope:
    """The span and progress of one bulk run."""

    def __init__(self, span: Span, progress: _progress.RunProgress) -> None:
        self.span = span
        self.progress = progress


CURRENT_RUN: ContextVar[RunScope | None] = ContextVar("smsv2_telemetry_run", default=None)


def run_started(client: object, total: int | None, concurrency: int) -> RunScope | None:
    """A bulk run with `client` begins: its span (None when telemetry is off)."""
    instruments = for_core(client)
    if instruments is None:
        return None
    run_id = uuid.uuid4().hex
    attributes: Attributes = {"smsv2.bulk.run_id": run_id, "smsv2.bulk.concurrency": concurrency}
    if total is not None:
        attributes["smsv2.bulk.total"] = total
    span = instruments.tracer.start_span("smsv2 send_bulk", attributes=attributes)
    scope = RunScope(span, _progress.RunProgress(run_id, total))
    _progress.started(scope.progress)
    return scope


def join_run(scope: RunScope | None) -> None:
    """The calling thread sends for the run: its sends link to the run's span."""
    if scope is not None:
        CURRENT_RUN.set(scope)


def outcome_counted(scope: RunScope | None, outcome: BulkOutcome) -> None:
    """One message of the run has its outcome."""
    if scope is not None:
        _progress.counted(scope.progress, outcome.status.value)


def run_event(name: str, identity_or_bucket: str | None = None, wait: float | None = None) -> None:
    """`throttled` or `paused` (a retry wait) on the current run's span, if any."""
    scope = CURRENT_RUN.get()
    if scope is None:
        return
    attributes: Attributes = {}
    origin = identity(identity_or_bucket or None)
    if origin is not None:
        attributes["smsv2.origination_identity"] = origin
    if wait is not None:
        attributes["smsv2.pause.seconds"] = wait
    scope.span.add_event(f"smsv2.bulk.{name}", attributes)


def run_finished(scope: RunScope | None, summary: BulkSummary) -> None:
    """The run ended: its counts on the span, and the gauges stop reporting it."""
    if scope is None:
        return
    _progress.finished(scope.progress)
    attributes: Attributes = {
        f"smsv2.bulk.{status.value.lower()}": count for status, count in summary.counts.items()
    }
    attributes["smsv2.bulk.parts_sent"] = summary.parts_sent
    attributes["smsv2.bulk.not_started"] = summary.not_started
    attributes["smsv2.bulk.interrupted"] = summary.interrupted
    scope.span.set_attributes(attributes)
    scope.span.end()
