"""Settling unknown outcomes with delivery events: `smsv2.bulk.reconcile`.

Every bulk send carries its message's key in `Context`
([`CORRELATION_KEY`][smsv2.bulk.CORRELATION_KEY]), and the service copies `Context` into the
message's delivery events. An event for a key whose outcome was unknown proves the service accepted
the message: the key becomes SENT, and a later `send_bulk(..., resend_unknown=True)` re-sends only
the keys no event was seen for.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from smsv2.bulk._journal import Journal
from smsv2.bulk._message import CORRELATION_KEY
from smsv2.errors import FieldProblem, RequestValidationError
from smsv2.events import DeliveryEvent

#: AWS documents that delivery events can take up to 72 hours to arrive.
DEFAULT_DEADLINE = timedelta(hours=72)


@dataclass(frozen=True)
class ReconcileReport:
    """What [`reconcile`][smsv2.bulk.reconcile] found."""

    settled: Mapping[str, str]
    """Keys that were OUTCOME_UNKNOWN and that an event showed went out: now SENT (key to
    message ID)."""
    unknown: tuple[str, ...]
    """Keys still unknown: no event has been seen for them."""
    overdue: tuple[str, ...]
    """The keys of `unknown` sent longer than the deadline ago: their events should have
    arrived, so they most likely never went out. Decide: `resend_unknown=True` sends them."""


def reconcile(
    journal: str | os.PathLike[str],
    events: Iterable[DeliveryEvent],
    *,
    deadline: timedelta = DEFAULT_DEADLINE,
    now: datetime | None = None,
) -> ReconcileReport:
    """Mark OUTCOME_UNKNOWN keys of `journal` SENT when `events` show they went out.

    Args:
        journal: the bulk job's journal file.
        events: delivery events (`smsv2.events.parse_delivery_events` of what your event
            destination received); events of other messages are ignored.
        deadline: how long after a send its events may still come (72 hours, as AWS
            documents); keys unknown for longer are listed in `overdue`.
        now: the current time (for tests); `datetime.now()` by default.

    Raises:
        smsv2.errors.JournalError: there is no journal at `journal`.
        smsv2.errors.JournalCorruptError: the file is not a journal.
    """
    if deadline < timedelta(0):
        raise RequestValidationError(None, [FieldProblem("deadline", "must not be negative")])
    settled: dict[str, str] = {}
    opened = Journal(journal, create=False)
    try:
        for event in events:
            key = (event.context or {}).get(CORRELATION_KEY)
            if key is not None and key not in settled and opened.settle(key, event.message_id):
                settled[key] = event.message_id
        left = opened.unknown()
    finally:
        opened.close()
    cutoff = (now.timestamp() if now is not None else time.time()) - deadline.total_seconds()
    return ReconcileReport(
        settled=settled,
        unknown=tuple(key for key, _ in left),
        overdue=tuple(key for key, sent in left if sent <= cutoff),
    )


__all__ = ["DEFAULT_DEADLINE", "ReconcileReport", "reconcile"]
