from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest

from smsv2.testing import FakeSmsVoice, mock_sms_voice

Client = Any  # boto3 clients are untyped


@pytest.fixture
def fake() -> Iterator[FakeSmsVoice]:
    with mock_sms_voice() as active:
        yield active


@pytest.fixture
def client(fake: FakeSmsVoice) -> Client:
    return boto3.client("pinpoint-sms-voice-v2", region_name="us-east-1")


def _simulator_number(client: Client) -> dict[str, Any]:
    result: dict[str, Any] = client.request_phone_number(
        IsoCountryCode="US",
        MessageType="TRANSACTIONAL",
        NumberCapabilities=["SMS", "VOICE"],
        NumberType="SIMULATOR",
    )
    return result


@pytest.fixture
def simulator_number() -> Callable[[Client], dict[str, Any]]:
    """Request a US SIMULATOR number (SMS+VOICE) through ``client``."""
    return _simulator_number
