"""Fixtures for the object API tests: a fake service, a client, and a request counter."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import smsv2
from smsv2._default_client import configure
from smsv2.testing import FakeSmsVoice, mock_sms_voice


@pytest.fixture(autouse=True)
def _fresh_default_client() -> Iterator[None]:
    configure()
    yield
    configure()


@pytest.fixture
def fake() -> Iterator[FakeSmsVoice]:
    """A fake whose asynchronous transitions wait for ``fake.advance()``."""
    with mock_sms_voice(settle="manual") as active:
        yield active


@pytest.fixture
def client(fake: FakeSmsVoice) -> smsv2.Client:
    return smsv2.Client(region_name="us-east-1", backoff_base=0.0)


class RequestCounter:
    """Counts the requests one client sends (by operation name)."""

    def __init__(self, client: smsv2.Client) -> None:
        self.operations: list[str] = []
        client.boto3_client.meta.events.register("before-call", self._seen)

    def _seen(self, model: object, **_: object) -> None:
        self.operations.append(str(getattr(model, "name", "?")))

    def reset(self) -> None:
        self.operations.clear()


@pytest.fixture
def requests(client: smsv2.Client) -> RequestCounter:
    return RequestCounter(client)
