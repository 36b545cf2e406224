"""DeliveryTracker stores: the same fold in memory, SQLite and Redis; with 4 real processes
feeding shuffled, duplicated events, every message ends in its final state, reached once."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from smsv2.events import (
    DeliveryTracker,
    MemoryTrackerStore,
    SqliteTrackerStore,
    TrackerStore,
    parse_delivery_events,
)
from smsv2.integrations.redis import RedisTrackerStore
from tests.bulk.conftest import redis_server  # noqa: F401 - the session fixture

from .payloads import event_record

ROOT = Path(__file__).resolve().parents[2]
MESSAGES = 150
PROCESSES = 4
OUTCOMES = [
    ("DELIVERED", "TEXT_DELIVERED"),
    ("BLOCKED", "TEXT_BLOCKED"),
    ("CARRIER_UNREACHABLE", "TEXT_CARRIER_UNREACHABLE"),
]


def _records() -> tuple[list[dict[str, object]], dict[str, str]]:
    """Every message's PENDING, SUCCESSFUL and one final event; the expected final status."""
    records: list[dict[str, object]] = []
    expected: dict[str, str] = {}
    for n in range(MESSAGES):
        message_id = f"m{n:04d}"
        status, event_type = OUTCOMES[n % len(OUTCOMES)]
        base = 1_700_000_000_000 + n
        steps = [
            ("TEXT_PENDING", "PENDING", False),
            ("TEXT_SUCCESSFUL", "SUCCESSFUL", False),
            (event_type, status, True),
        ]
        for i, (kind, state, final) in enumerate(steps):
            records.append(
                event_record(
                    messageId=message_id,
                    eventType=kind,
                    messageStatus=state,
                    isFinal=final,
                    eventTimestamp=base + 1000 * i,
                )
            )
        expected[message_id] = status
    return records, expected


StoreFactory = Callable[[int], TrackerStore]


@pytest.fixture(params=["memory", "sqlite", "redis"])
def make_store(request: pytest.FixtureRequest, tmp_path: Path) -> StoreFactory:
    def make(remember_final: int) -> TrackerStore:
        if request.param == "memory":
            return MemoryTrackerStore(remember_final=remember_final)
        if request.param == "sqlite":
            return SqliteTrackerStore(tmp_path / "t.sqlite", remember_final=remember_final)
        url = request.getfixturevalue("redis_server")
        prefix = f"t-{request.node.name}"
        return RedisTrackerStore(url, prefix=prefix, remember_final=remember_final)

    return make


def test_the_fold_is_the_same_in_every_store(make_store: StoreFactory) -> None:
    store = make_store(5)
    records, expected = _records()
    events = parse_delivery_events(records[:30])  # 10 messages
    finals: list[str] = []
    tracker = DeliveryTracker(store=store, on_final=lambda s: finals.append(s.message_id))
    pending, successful, final = events[:3]
    assert tracker.add(successful) is not None
    assert tracker.add(pending) is None and tracker.add(successful) is None
    state = tracker.get(pending.message_id)
    assert state is not None and (state.status, state.events_seen) == ("SUCCESSFUL", 2)
    assert [s.message_id for s in tracker.open] == [pending.message_id]
    assert tracker.add(final) is not None
    assert tracker.add(final) is None and tracker.add(pending) is None
    tracker.add_all(events[3:])
    assert finals == [f"m{n:04d}" for n in range(10)]
    # Retention: the last 5 final states are remembered, oldest first.
    assert [s.message_id for s in tracker.final] == [f"m{n:04d}" for n in range(5, 10)]
    assert tracker.open_count == 0 and "m0009" in tracker and "m0000" not in tracker
    kept = tracker.get("m0009")
    assert kept is not None and kept.status == expected["m0009"] and kept.is_final
    assert kept.event.destination_phone_number == events[-1].destination_phone_number


def test_threads_share_a_store(make_store: StoreFactory) -> None:
    store = make_store(1000)
    records, _ = _records()
    events = parse_delivery_events(records[:60]) * 2
    finals: list[str] = []
    lock = threading.Lock()

    def on_final(state: object) -> None:
        with lock:
            finals.append("x")

    def feed(offset: int) -> None:
        tracker = DeliveryTracker(store=store, on_final=on_final)
        tracker.add_all(events[offset:] + events[:offset])

    threads = [threading.Thread(target=feed, args=(i * 17,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(finals) == 20  # each message reached its final state once, in one thread


@pytest.mark.parametrize("kind", ["sqlite", "redis"])
def test_four_processes_never_regress(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    records, expected = _records()
    events_file = tmp_path / "events.json"
    events_file.write_text(json.dumps(records))
    target = (
        str(tmp_path / "t.sqlite") if kind == "sqlite" else request.getfixturevalue("redis_server")
    )
    if kind == "redis":
        from redis import Redis

        Redis.from_url(target).flushdb()
    store: TrackerStore = (
        SqliteTrackerStore(target)
        if kind == "sqlite"
        else RedisTrackerStore(target, prefix="tracker-test")
    )
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.messaging.tracker_worker",
                kind,
                target,
                str(events_file),
                str(seed),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        for seed in range(PROCESSES)
    ]
    outputs = [worker.communicate(timeout=300)[0] for worker in workers]
    assert [worker.returncode for worker in workers] == [0] * PROCESSES
    on_final_calls = sum(int(out.strip()) for out in outputs)
    tracker = DeliveryTracker(store=store)
    finals = {state.message_id: state.status for state in tracker.final}
    print(
        f"\ntracker store {kind}: {PROCESSES} processes x {2 * len(records)} events "
        f"(each shuffled, every event twice), {MESSAGES} messages -> {len(finals)} final, "
        f"{tracker.open_count} open, {sum(finals[m] != s for m, s in expected.items() if m in finals)} "
        f"wrong final states, on_final called {on_final_calls} times"
    )
    assert finals == expected
    assert tracker.open_count == 0
    assert on_final_calls == MESSAGES  # exactly once per message, across all processes


def test_a_redis_store_that_cannot_reach_its_server_is_a_coordination_error() -> None:
    import socket

    from smsv2.errors import CoordinationError

    with socket.socket() as probe:  # a loopback port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    tracker = DeliveryTracker(store=RedisTrackerStore(f"redis://127.0.0.1:{port}/0"))
    (event,) = parse_delivery_events(event_record(messageId="m-redis-down"))
    with pytest.raises(CoordinationError) as caught:
        tracker.add(event)
    assert caught.value.__context__ is None  # Redis's own exception is not chained as context
    assert "127.0.0.1" not in str(caught.value)
    with pytest.raises(CoordinationError):
        _ = tracker.open
    with pytest.raises(CoordinationError):
        _ = tracker.final
