"""Issue 17 finding 15: a bad --state-file gives exit 3 and one line on stderr, never a
traceback, and is never accepted to fail later with HTTP 500."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from smsv2.testing import FakeSmsVoice
from smsv2.testing.server import EXIT_STATE_FILE
from tests.testing._server_proc import ServerProcess

NUMBER = "+12065550142"
State = dict[str, Any]


def _rich_state() -> State:
    fake = FakeSmsVoice()
    fake.handle("CreateOptOutList", {"OptOutListName": "kept"})
    fake.handle("PutOptedOutNumber", {"OptOutListName": "kept", "OptedOutNumber": NUMBER})
    fake.handle("CreateConfigurationSet", {"ConfigurationSetName": "events"})
    status, body = fake.handle(
        "RequestPhoneNumber",
        {
            "IsoCountryCode": "US",
            "MessageType": "TRANSACTIONAL",
            "NumberCapabilities": ["SMS"],
            "NumberType": "SIMULATOR",
        },
    )
    assert status == 200
    fake.handle(
        "CreatePool",
        {
            "OriginationIdentity": body["PhoneNumberId"],
            "IsoCountryCode": "US",
            "MessageType": "TRANSACTIONAL",
        },
    )
    return fake.dump_state()


def _region(state: State) -> State:
    region: State = next(iter(state["states"].values()))
    return region


def _start_fails(tmp_path: Path, content: str) -> str:
    state_file = tmp_path / "state.json"
    state_file.write_text(content)
    server = ServerProcess("--state-file", str(state_file))
    with pytest.raises(AssertionError, match=f"rc={EXIT_STATE_FILE}"):
        server.start()
    assert len(server.stderr.splitlines()) == 1, server.stderr
    assert "Traceback" not in server.stderr and str(state_file) in server.stderr
    assert NUMBER not in server.stderr
    return server.stderr


@pytest.mark.parametrize("depth", [900, 100_000])
def test_deep_json_is_refused(tmp_path: Path, depth: int) -> None:
    state = _rich_state()
    state["events"] = [json.loads("[" * 500 + "]" * 500)] if depth < 1000 else []
    text = json.dumps(state)
    if depth >= 1000:
        text = "[" * depth + "]" * depth
    assert "deeper than" in _start_fails(tmp_path, text)


def _drop_pool_fields(state: State) -> None:
    pools = _region(state)["tables"]["pool"]
    for key in pools:
        pools[key] = {"PoolId": key}  # a record missing what DescribePools reads


def _opted_out_not_an_object(state: State) -> None:
    lists = _region(state)["tables"]["opt-out-list"]
    lists[NUMBER] = [NUMBER]  # a record that is not an object, under a key that must not leak


def _transition_wrong(state: State) -> None:
    _region(state)["transitions"] = [{"due": "soon"}]


def _sent_message_wrong(state: State) -> None:
    state["sent_messages"] = [{"message_id": 5}]


def _unknown_limit(state: State) -> None:
    state["limits"]["TELEPORTS"] = 3


def _extra_member(state: State) -> None:
    state["surprise"] = {}


def _states_key_list(state: State) -> None:
    state["states"] = [1]


@pytest.mark.parametrize(
    "damage",
    [
        _drop_pool_fields,
        _opted_out_not_an_object,
        _transition_wrong,
        _sent_message_wrong,
        _unknown_limit,
        _extra_member,
        _states_key_list,
    ],
)
def test_structurally_wrong_state_is_refused(
    tmp_path: Path, damage: Callable[[State], None]
) -> None:
    state = _rich_state()
    damage(state)
    assert "not a saved fake state" in _start_fails(tmp_path, json.dumps(state))


def test_in_process_load_refuses_and_leaves_the_fake_empty(tmp_path: Path) -> None:
    from smsv2.testing import StateFileError
    from smsv2.testing._durable import StateFile

    state = _rich_state()
    _drop_pool_fields(state)
    path = tmp_path / "state.json"
    path.write_text(json.dumps(state))
    fake = FakeSmsVoice()
    with pytest.raises(StateFileError, match="DescribePools fails on it"):
        StateFile(path, fake).load()
    assert fake.handle("DescribePools", {})[1]["Pools"] == []


def test_a_good_state_still_loads_and_serves(tmp_path: Path) -> None:
    state = _rich_state()
    path = tmp_path / "state.json"
    path.write_text(json.dumps(copy.deepcopy(state)))
    with ServerProcess("--state-file", str(path)) as server:
        client = server.client()
        assert len(client.describe_pools()["Pools"]) == 1
        numbers = client.describe_opted_out_numbers(OptOutListName="kept")["OptedOutNumbers"]
        assert [n["OptedOutNumber"] for n in numbers] == [NUMBER]
        assert server.stop() == 0
