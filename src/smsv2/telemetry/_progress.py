"""The running bulk jobs, read by the bulk progress gauges when the SDK collects metrics."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from opentelemetry.metrics import CallbackOptions, Observation


def _no_counts() -> dict[str, int]:
    return {}


@dataclass
class RunProgress:
    """How far one bulk job has got: outcomes by status, and the total when known."""

    run_id: str
    total: int | None
    counts: dict[str, int] = field(default_factory=_no_counts)


_LOCK = threading.Lock()
_LIVE: dict[str, RunProgress] = {}


def started(progress: RunProgress) -> None:
    """Report `progress` in the gauges until `finished`."""
    with _LOCK:
        _LIVE[progress.run_id] = progress


def counted(progress: RunProgress, status: str) -> None:
    """One more outcome of `status`."""
    with _LOCK:
        progress.counts[status] = progress.counts.get(status, 0) + 1


def finished(progress: RunProgress) -> None:
    """The job ended: its gauges stop reporting."""
    with _LOCK:
        _LIVE.pop(progress.run_id, None)


def observe_progress(options: CallbackOptions) -> Iterable[Observation]:
    """`smsv2.bulk.messages`: one value per running job and status."""
    from opentelemetry.metrics import Observation

    with _LOCK:
        rows = [(run.run_id, dict(run.counts)) for run in _LIVE.values()]
    return [
        Observation(count, {"smsv2.bulk.run_id": run_id, "smsv2.bulk.status": status})
        for run_id, counts in rows
        for status, count in counts.items()
    ]


def observe_totals(options: CallbackOptions) -> Iterable[Observation]:
    """`smsv2.bulk.total`: the messages each running job was given, when known."""
    from opentelemetry.metrics import Observation

    with _LOCK:
        rows = [(run.run_id, run.total) for run in _LIVE.values() if run.total is not None]
    return [Observation(total, {"smsv2.bulk.run_id": run_id}) for run_id, total in rows]
