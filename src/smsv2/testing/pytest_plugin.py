"""pytest plugin (entry point `smsv2`): the `sms_voice` fixture."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from smsv2.testing import FakeSmsVoice


@pytest.fixture
def sms_voice() -> Iterator[FakeSmsVoice]:
    """An active [`FakeSmsVoice`][smsv2.testing.FakeSmsVoice]: boto3 clients of the service created
    or used in the test talk to it."""
    from smsv2.testing import mock_sms_voice  # lazy: keep plugin load cheap

    with mock_sms_voice() as fake:
        yield fake


__all__ = ["sms_voice"]
