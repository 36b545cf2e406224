"""Phone numbers, message bodies and credentials stay out of DEBUG logs."""

from __future__ import annotations

import contextlib
import logging

import pytest

from .stub import StubService, error

NUMBER = "+12065550177"
BODY = "your secret code is 998877"


@pytest.mark.parametrize(
    "answer",
    [
        (200, {"MessageId": "m-1"}),
        error(
            "ConflictException", f"{NUMBER} opted out", Reason="DESTINATION_PHONE_NUMBER_OPTED_OUT"
        ),
    ],
)
def test_debug_logs_of_a_send_carry_no_number_or_body(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch, answer: object
) -> None:
    monkeypatch.setenv("AWS_SESSION_TOKEN", "FAKE-SESSION-TOKEN-123")
    stub = StubService(lambda op, body: answer)  # type: ignore[arg-type, return-value]
    client = stub.client()
    with caplog.at_level(logging.DEBUG), contextlib.suppress(Exception):
        client.send_text_message(destination_phone_number=NUMBER, message_body=BODY)
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "Making request for OperationModel(name=SendTextMessage)" in text
    for secret in (NUMBER, "998877", "FAKE-SESSION-TOKEN-123", "fake-secret"):
        assert secret not in text


def test_botocore_logs_outside_smsv2_calls_are_untouched(caplog: pytest.LogCaptureFixture) -> None:
    from smsv2 import _log_redaction

    _log_redaction.install()
    with caplog.at_level(logging.DEBUG, logger="botocore.endpoint"):
        logging.getLogger("botocore.endpoint").debug("params: %s", {"x": 1})
    assert "params: {'x': 1}" in caplog.text
