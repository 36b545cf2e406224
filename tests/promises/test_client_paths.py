"""The three promises on every client path: nothing personal leaks, only typed failures,
never twice. Each path is a ``support.ClientPath``: Client or AsyncClient, against the
in-process fake or the HTTP server, built in each way a user can build one.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from smsv2 import errors

from .support import BODY, CLIENT_PATHS, NUMBER, ClientPath, leaks, log_leaks, open_path

PATHS = pytest.mark.parametrize("path", CLIENT_PATHS, ids=lambda p: p.id)


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    for name in ("botocore", "aiobotocore", "smsv2"):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


@PATHS
def test_privacy_a_refused_send_leaks_nothing(
    path: ClientPath, tmp_path: Path, debug_logs: pytest.LogCaptureFixture
) -> None:
    # In the sandbox, an unverified destination is refused with its number in the message.
    with (
        open_path(path, tmp_path) as (driver, _),
        pytest.raises(errors.DestinationNotVerifiedError) as info,
    ):
        driver.call("send_text_message", destination_phone_number=NUMBER, message_body=BODY)
    err = info.value
    err.add_note(f"while sending to {NUMBER}")  # notes mask numbers too
    assert leaks(err) == []
    assert err.request_id and err.http_status == 400
    assert log_leaks(debug_logs.records) == []
    assert any(r.name.startswith("botocore") for r in debug_logs.records)  # DEBUG did log


@PATHS
def test_privacy_a_validation_error_from_the_service_leaks_nothing(
    path: ClientPath, tmp_path: Path, debug_logs: pytest.LogCaptureFixture
) -> None:
    with open_path(path, tmp_path) as (driver, fake):
        fake.leave_sandbox()
        with pytest.raises(errors.SmsV2Error) as info:
            driver.call(
                "send_text_message",
                destination_phone_number=NUMBER,
                message_body=BODY,
                origination_identity="phone-does-not-exist",
            )
    assert leaks(info.value) == []
    assert log_leaks(debug_logs.records) == []


@PATHS
def test_never_twice_an_answer_lost_after_the_send(path: ClientPath, tmp_path: Path) -> None:
    with open_path(path, tmp_path) as (driver, fake):
        fake.leave_sandbox()
        fake.faults.error_after_work(1.0, status=503, operations=["SendTextMessage"])
        with pytest.raises(errors.SendOutcomeUnknownError) as info:
            driver.call("send_text_message", destination_phone_number=NUMBER, message_body=BODY)
        sent = len(fake.sent_messages)
    assert sent == 1  # the fake did the work once: nobody sent it again
    assert info.value.attempts == 1
    assert info.value.http_status == 503
    assert not info.value.retryable
    assert leaks(info.value) == []


@PATHS
def test_typed_a_throttled_read_is_retried_then_typed(path: ClientPath, tmp_path: Path) -> None:
    with open_path(path, tmp_path) as (driver, fake):
        fake.faults.throttle(1.0, operations=["DescribePools"])
        with pytest.raises(errors.ThrottlingException) as info:
            driver.call("describe_pools")
    assert info.value.retryable
    assert info.value.attempts == (4 if path.build == "with_options" else 5)
