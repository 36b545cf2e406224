"""State that survives a crash: SIGKILL at seeded random points loses no acknowledged change."""

from __future__ import annotations

import random
import threading
import time
from pathlib import Path
from typing import Any, cast

import pytest
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from smsv2.testing import FakeSmsVoice, serve
from smsv2.testing.server import EXIT_STATE_FILE
from tests.testing._server_proc import ServerProcess, client_for

SEED = 20261201
ROUNDS = 4
WRITERS = 3
LIST = "crash-test"
_NO_RETRY = Config(retries={"total_max_attempts": 1}, connect_timeout=2, read_timeout=5)


def _opted_out(server: ServerProcess) -> set[str]:
    pages = server.client().get_paginator("describe_opted_out_numbers")
    return {
        item["OptedOutNumber"]
        for page in pages.paginate(OptOutListName=LIST)
        for item in page["OptedOutNumbers"]
    }


def _write_until_killed(
    server: ServerProcess, prefix: str, acked: list[str], errors: list[Exception]
) -> None:
    client = server.client(config=_NO_RETRY)
    for i in range(100_000):
        number = f"{prefix}{i:05d}"
        try:
            client.put_opted_out_number(OptOutListName=LIST, OptedOutNumber=number)
        except BotoCoreError:
            return  # the server died with this request in flight: not acknowledged
        except ClientError as err:  # an answer, but not the expected one
            errors.append(err)
            return
        acked.append(number)


def test_sigkill_at_random_points_keeps_every_acknowledged_change(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    state_file = tmp_path / "state.json"
    acked: list[str] = []
    errors: list[Exception] = []
    for round_ in range(ROUNDS):
        with ServerProcess("--state-file", str(state_file)) as server:
            if round_ == 0:
                server.client().create_opt_out_list(OptOutListName=LIST)
            assert set(acked) <= _opted_out(server), f"round {round_} lost acknowledged changes"
            # Temporary files the previous kill may have left are removed on start.
            assert [p.name for p in tmp_path.iterdir()] == ["state.json"]
            writers = [
                threading.Thread(
                    target=_write_until_killed,
                    args=(server, f"+1206{round_}{w}", acked, errors),
                )
                for w in range(WRITERS)
            ]
            for writer in writers:
                writer.start()
            time.sleep(rng.uniform(0.3, 1.5))
            server.kill()
            for writer in writers:
                writer.join()
    assert errors == []
    assert len(acked) > 10 * ROUNDS  # the writers did get answers before each kill
    with ServerProcess("--state-file", str(state_file)) as server:
        assert set(acked) <= _opted_out(server)
        assert server.stop() == 0
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]


@pytest.mark.parametrize("cut", [0.0, 0.5, 0.99])
def test_truncated_state_file_exits_with_one_line(tmp_path: Path, cut: float) -> None:
    state_file = tmp_path / "state.json"
    fake = FakeSmsVoice()
    fake.handle("CreateOptOutList", {"OptOutListName": "kept"})
    fake.save(state_file)
    data = state_file.read_bytes()
    state_file.write_bytes(data[: int(len(data) * cut)])
    server = ServerProcess("--state-file", str(state_file))
    with pytest.raises(AssertionError, match=f"rc={EXIT_STATE_FILE}"):
        server.start()
    lines = server.stderr.splitlines()
    assert len(lines) == 1, server.stderr
    assert str(state_file) in lines[0] and "unreadable" in lines[0]


@pytest.mark.parametrize(
    "content",
    ['{"version": 99}', '{"version": 1}', "[1, 2]", '{"version": 1, "offset": "x"}'],
    ids=["version", "incomplete", "not-object", "wrong-type"],
)
def test_foreign_state_file_exits_with_one_line(tmp_path: Path, content: str) -> None:
    state_file = tmp_path / "state.json"
    state_file.write_text(content)
    server = ServerProcess("--state-file", str(state_file))
    with pytest.raises(AssertionError, match=f"rc={EXIT_STATE_FILE}"):
        server.start()
    assert len(server.stderr.splitlines()) == 1 and "not a saved fake state" in server.stderr


def test_every_mutating_answer_is_already_on_disk(tmp_path: Path) -> None:
    state_file = tmp_path / "state.json"
    with serve(state_file=state_file) as server:
        client = client_for(server.endpoint_url)
        client.create_opt_out_list(OptOutListName="first")
        saved = FakeSmsVoice()
        saved.load(state_file)  # read while the server still runs
        body = saved.handle("DescribeOptOutLists", {"OptOutListNames": ["first"]})[1]
        assert cast(list[dict[str, Any]], body["OptOutLists"])[0]["OptOutListName"] == "first"
        before = state_file.stat().st_mtime_ns
        client.describe_opt_out_lists()  # read-only: no snapshot
        assert state_file.stat().st_mtime_ns == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json"]


def test_leftover_temporary_files_are_removed_on_start(tmp_path: Path) -> None:
    state_file = tmp_path / "state.json"
    stale = tmp_path / ".state.json.abc123.tmp"
    stale.write_text('{"half": ')
    unrelated = tmp_path / "notes.tmp"
    unrelated.write_text("mine")
    with serve(state_file=state_file):
        pass
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.tmp", "state.json"]
