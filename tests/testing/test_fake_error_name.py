"""The fake's own error class does not share a name with the client's errors."""

from __future__ import annotations

import smsv2.testing
from smsv2 import errors


def test_fake_error_class_has_a_distinct_name() -> None:
    fake_error = smsv2.testing.FakeServiceError("ConflictException", "busy")
    assert type(fake_error).__name__ == "FakeServiceError"
    assert "ServiceError" not in smsv2.testing.__all__
    assert not isinstance(fake_error, errors.SmsV2Error)
    assert fake_error.to_body("req-1")["Message"] == "busy"
