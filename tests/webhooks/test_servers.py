"""Real servers in subprocesses: uvicorn (FastAPI) and Django's development server receive the
fake's signed SNS notifications, confirm the subscription, and handle every record once."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import smsv2
from smsv2.testing import FakeSmsVoice, mock_sms_voice

from ._setup import number_with_sns_events, send, wait_for
from .apps import TOPIC

ROOT = Path(__file__).resolve().parents[2]
SUCCESS = "+14254147755"  # AWS's US simulator destination
CUSTOMER = "+12065550123"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


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
        origination = number_with_sns_events(client, TOPIC, fake)
        ids = [send(client, origination, SUCCESS, f"code {n}") for n in range(count)]
        fake.advance(10)  # every event of every message is due
    return ids


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
        wait_for(lambda: len(_lines(received)) == 10, "3 x 3 events and 1 inbound message")
        lines = _lines(received)
        events = [line for line in lines if line["kind"] == "event"]
        assert sorted({e["message_id"] for e in events}) == sorted(ids)
        assert sorted(e["status"] for e in events) == sorted(
            ["PENDING", "SUCCESSFUL", "DELIVERED"] * 3
        )
        assert [line["body"] for line in lines if line["kind"] == "inbound"] == ["STOP"]
        # The handler writes before the app answers: wait for the answers too.
        wait_for(lambda: len(forwarder.delivered) == 10, "10 answered notifications")
        assert forwarder.failures == []
    finally:
        forwarder.close()
