"""Faults after the work, in server mode: the operation ran, then the connection drops (or
the answer never comes), and smsv2 reports the send's outcome as unknown without resending."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.config import Config

import smsv2
from smsv2 import errors
from smsv2.testing import FakeSmsVoice, HttpLimits, ThreadedServer, serve
from tests.testing._server_proc import client_for, raw_request, read_response

SIMULATOR_DESTINATION = "+14254147755"


@pytest.fixture
def served() -> Iterator[ThreadedServer]:
    with serve(FakeSmsVoice(seed=7)) as server:
        yield server


def _origin(server: ThreadedServer) -> str:
    number: str = client_for(server.endpoint_url).request_phone_number(
        IsoCountryCode="US",
        MessageType="TRANSACTIONAL",
        NumberCapabilities=["SMS"],
        NumberType="SIMULATOR",
    )["PhoneNumberId"]
    return number


def _smsv2(server: ThreadedServer) -> smsv2.Client:
    return smsv2.Client(
        region_name="us-east-1",
        endpoint_url=server.endpoint_url,
        backoff_base=0.0,
        config=Config(read_timeout=1),
    )


def test_drop_after_work_closes_the_connection_without_an_answer(
    served: ThreadedServer,
) -> None:
    served.fake.faults.lose_next("CreateOptOutList", "drop")
    body = b'{"OptOutListName": "dropped"}'
    with socket.create_connection(("127.0.0.1", served.port), timeout=10) as sock:
        sock.sendall(raw_request("PinpointSMSVoiceV2.CreateOptOutList", body))
        assert sock.recv(65536) == b""  # closed, not a byte of answer
    status, _, answer = _describe(served)
    assert status == 200 and "dropped" in {o["OptOutListName"] for o in answer["OptOutLists"]}


def _describe(server: ThreadedServer) -> tuple[int, dict[str, str], dict[str, Any]]:
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(raw_request("PinpointSMSVoiceV2.DescribeOptOutLists"))
        return read_response(sock)


@pytest.mark.parametrize("how", ["drop", "timeout"])
def test_smsv2_raises_send_outcome_unknown_and_the_message_was_sent(
    served: ThreadedServer, how: str
) -> None:
    origin = _origin(served)
    served.fake.faults.lose_next("SendTextMessage", how, seconds=3.0)  # type: ignore[arg-type]
    client = _smsv2(served)
    start = time.monotonic()
    with pytest.raises(errors.SendOutcomeUnknownError):
        client.send_text_message(
            destination_phone_number=SIMULATOR_DESTINATION,
            origination_identity=origin,
            message_body="sent once, answer lost",
        )
    elapsed = time.monotonic() - start
    assert [m.message_body for m in served.fake.sent_messages] == ["sent once, answer lost"]
    assert served.fake.faults.injected[-1].kind == f"{how}_after_work"
    if how == "timeout":
        assert elapsed >= 0.9  # the client waited for its read timeout
    # The server keeps serving afterwards.
    assert client.describe_pools().pools == []


def test_seeded_drops_over_http_hit_only_the_chosen_operation(served: ThreadedServer) -> None:
    served.fake.faults.drop_after_work(0.5, operations=["CreateConfigurationSet"])
    client = client_for(served.endpoint_url, config=Config(retries={"total_max_attempts": 1}))
    answered = 0
    for i in range(20):
        try:
            client.create_configuration_set(ConfigurationSetName=f"cs{i}")
            answered += 1
        except Exception as err:  # botocore's ConnectionClosedError
            assert type(err).__name__ == "ConnectionClosedError"
        client.describe_pools()
    dropped = [f for f in served.fake.faults.injected if f.kind == "drop_after_work"]
    assert answered + len(dropped) == 20 and 0 < len(dropped) < 20
    assert {f.operation for f in dropped} == {"CreateConfigurationSet"}
    sets = client.describe_configuration_sets(MaxResults=100)["ConfigurationSets"]
    assert len(sets) == 20  # every set exists, answered or not


def _send_raw(port: int, target: str, body: bytes) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(raw_request(target, body))
    return sock


def test_timeout_after_work_holds_without_a_thread() -> None:
    """Held answers cost no handler thread: with one thread, two held connections do not
    stop a third request from being answered; the hold ends with a close, never an answer."""
    fake = FakeSmsVoice()
    fake.faults.lose_next("CreateOptOutList", "timeout", times=2)  # seconds=None: until given up
    with serve(fake, http_limits=HttpLimits(threads=1)) as server:
        held = [
            _send_raw(
                server.port,
                "PinpointSMSVoiceV2.CreateOptOutList",
                f'{{"OptOutListName": "h{i}"}}'.encode(),
            )
            for i in range(2)
        ]
        try:
            start = time.monotonic()
            status, _, answer = _describe(server)
            assert time.monotonic() - start < 5
            assert status == 200
            assert {"h0", "h1"} <= {o["OptOutListName"] for o in answer["OptOutLists"]}
            for sock in held:
                sock.settimeout(0.5)
                with pytest.raises(TimeoutError):
                    sock.recv(1)  # still nothing: the client would give up here
        finally:
            for sock in held:
                sock.close()


def test_timeout_after_work_with_seconds_closes_after_them(served: ThreadedServer) -> None:
    served.fake.faults.lose_next("CreateOptOutList", "timeout", seconds=1.0)
    start = time.monotonic()
    with _send_raw(
        served.port, "PinpointSMSVoiceV2.CreateOptOutList", b'{"OptOutListName": "w"}'
    ) as sock:
        assert sock.recv(65536) == b""
    assert 0.9 <= time.monotonic() - start < 6
