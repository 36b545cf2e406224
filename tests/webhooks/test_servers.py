"""Real servers in subprocesses: uvicorn (FastAPI) and Django's development server receive the
fake's signed SNS notifications, confirm the subscription, and handle every record once."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import smsv2
from smsv2.testing import FakeSmsVoice, mock_sms_voice

from .apps import TOPIC

ROOT = Path(__file__).resolve().parents[2]
SUCCESS = "+14254147755"  # AWS's US simulator destination
CUSTOMER = "+12065550123"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def _wait_for(check: Callable[[], bool], what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def _lines(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines()]


@pytest.fixture
def app_server(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[Callable[[int, str], Path]]:
    """Start the framework's app on ``port``, trusting the certificate at a URL; the file
    where it writes what it handled."""
    started: list[subprocess.Popen[bytes]] = []

    def start(port: int, certificate_url: str) -> Path:
        received = tmp_path / "received.jsonl"
        env = {
            **os.environ,
            "SMSV2_FAKE_CERT_URL": certificate_url,
            "SMSV2_RECEIVED": str(received),
        }
        framework = request.param
        started.append(
            subprocess.Popen(
                [sys.executable, "-m", "tests.webhooks.apps", framework, str(port)],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        return received

    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=30)


def _send_through(fake: FakeSmsVoice, count: int) -> list[str]:
    with mock_sms_voice(fake=fake):
        client = smsv2.Client(region_name="us-east-1")
        number = client.request_phone_number(
            iso_country_code="US",
            message_type="TRANSACTIONAL",
            number_capabilities=["SMS"],
            number_type="SIMULATOR",
        )
        fake.advance(60)  # settle="manual": the number becomes ACTIVE on the clock
        client.create_configuration_set(configuration_set_name="events")
        client.create_event_destination(
            configuration_set_name="events",
            event_destination_name="dest",
            matching_event_types=["ALL"],
            sns_destination={"topic_arn": TOPIC},
        )
        ids = [
            client.send_text_message(
                destination_phone_number=SUCCESS,
                origination_identity=number.phone_number,
                message_body=f"code {n}",
                configuration_set_name="events",
            ).message_id
            for n in range(count)
        ]
        fake.advance(10)  # every event of every message is due
    return [str(i) for i in ids]


@pytest.mark.parametrize("app_server", ["fastapi", "django"], indirect=True)
def test_real_server_receives_from_the_fake(
    app_server: Callable[[int, str], Path],
) -> None:
    fake = FakeSmsVoice(settle="manual")
    port = _free_port()
    # The forwarder re-sends the confirmation request until the app is up, as SNS does.
    forwarder = fake.forward_to(f"http://127.0.0.1:{port}/sns", topic_arn=TOPIC)
    try:
        received = app_server(port, f"{forwarder.base_url}/certificate.pem")
        assert forwarder.confirmed.wait(60), "the app never confirmed the subscription"
        ids = _send_through(fake, 3)
        fake.inbound(CUSTOMER, str(fake.sent_messages[0].origination), "STOP")
        _wait_for(lambda: len(_lines(received)) == 10, "3 x 3 events and 1 inbound message")
        lines = _lines(received)
        events = [line for line in lines if line["kind"] == "event"]
        assert sorted({e["message_id"] for e in events}) == sorted(ids)
        assert sorted(e["status"] for e in events) == sorted(
            ["PENDING", "SUCCESSFUL", "DELIVERED"] * 3
        )
        assert [line["body"] for line in lines if line["kind"] == "inbound"] == ["STOP"]
        assert forwarder.failures == [] and len(forwarder.delivered) == 10
    finally:
        forwarder.close()
