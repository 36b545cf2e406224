"""One of several processes folding the same events into one shared tracker store.

    python -m tests.messaging.tracker_worker sqlite|redis TARGET EVENTS.json SEED

Feeds its own shuffle of every event (each twice) and prints how many messages it saw
become final (its ``on_final`` calls)."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from smsv2.events import DeliveryTracker, SqliteTrackerStore, TrackerStore, parse_delivery_events


def store_for(kind: str, target: str) -> TrackerStore:
    if kind == "sqlite":
        return SqliteTrackerStore(target)
    from smsv2.integrations.redis import RedisTrackerStore

    return RedisTrackerStore(target, prefix="tracker-test")


def main(kind: str, target: str, events_file: str, seed: int) -> None:
    events = parse_delivery_events(json.loads(Path(events_file).read_text())) * 2
    random.Random(seed).shuffle(events)
    finals = 0

    def on_final(_: object) -> None:
        nonlocal finals
        finals += 1

    tracker = DeliveryTracker(store=store_for(kind, target), on_final=on_final)
    tracker.add_all(events)
    print(finals, flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
