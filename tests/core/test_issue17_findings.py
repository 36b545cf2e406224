"""Issue 17's findings on the client paths: each test failed before the fix (one call engine)."""

from __future__ import annotations

import math
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

import smsv2
from smsv2 import errors
from smsv2.retries import RetryPolicy
from tests.promises.support import (
    BODY,
    NUMBER,
    ClientPath,
    answer_with,
    leaks,
    open_path,
)
from tests.typing.pyright_check import run_pyright

from .test_typing import run_mypy

BOTH = pytest.mark.parametrize("kind", ["Client", "AsyncClient"])
JSON = {"content-type": "application/x-amz-json-1.0", "x-amzn-requestid": "rid-17"}


def _raise(
    kind: str, tmp: Path, status: int, body: bytes, call: str, **kw: Any
) -> tuple[errors.SmsV2Error, int]:
    with open_path(ClientPath(kind, "fake", "region"), tmp) as (driver, _):  # type: ignore[arg-type]
        sent = answer_with(driver, status, body, JSON)
        with pytest.raises(errors.SmsV2Error) as info:
            driver.call(call, **kw)
    return info.value, sent.requests


def test_1_async_client_chains_no_number_through_its_cause(tmp_path: Path) -> None:
    conflict = (
        b'{"__type": "ConflictException", "Message": "Conflict on opted-out-number '
        + NUMBER.encode()
        + b': DESTINATION_PHONE_NUMBER_OPTED_OUT", "Reason": '
        b'"DESTINATION_PHONE_NUMBER_OPTED_OUT", "ResourceType": "opted-out-number"}'
    )
    err, _ = _raise(
        "AsyncClient",
        tmp_path,
        400,
        conflict,
        "send_text_message",
        destination_phone_number=NUMBER,
        message_body=BODY,
    )
    assert isinstance(err, errors.DestinationOptedOutError)
    assert err.__cause__ is not None  # a masked copy of botocore's error
    assert leaks(err) == []


_HANDED_IN_DEBUG = """
import asyncio, logging, sys
from aiobotocore.session import AioSession
import smsv2
from smsv2.testing import mock_sms_voice

logging.basicConfig(stream=sys.stdout, level=logging.DEBUG)

async def main():
    with mock_sms_voice() as fake:
        fake.leave_sandbox()
        fake.handle("RequestPhoneNumber", {"IsoCountryCode": "US", "MessageType": "TRANSACTIONAL",
                                           "NumberCapabilities": ["SMS"], "NumberType": "TOLL_FREE"})
        async with AioSession().create_client(
            "pinpoint-sms-voice-v2", region_name="us-east-1"
        ) as raw:
            client = smsv2.AsyncClient(aiobotocore_client=raw)
            await client.send_text_message(destination_phone_number="%s", message_body="%s")

asyncio.run(main())
print("SENT")
"""


def test_2_a_handed_in_aiobotocore_client_gets_log_redaction() -> None:
    # A fresh interpreter: nothing installed the redaction before this client.
    out = subprocess.run(
        [sys.executable, "-c", _HANDED_IN_DEBUG % (NUMBER, BODY)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "y"},
    )
    assert "SENT" in out.stdout, out.stderr[-2000:]
    assert "botocore.endpoint" in out.stdout  # DEBUG did log the request
    assert BODY not in out.stdout
    assert NUMBER[2:] not in out.stdout


@pytest.mark.parametrize("body", [b"\xff\xfe\x00garbage", b"[" * 100000, b'{"__type": 5}'])
def test_3_both_clients_agree_on_an_unreadable_503(tmp_path: Path, body: bytes) -> None:
    seen: list[tuple[object, ...]] = []
    for kind in ("Client", "AsyncClient"):
        err, requests = _raise(kind, tmp_path, 503, body, "describe_account_attributes")
        seen.append((type(err), err.retryable, getattr(err, "http_status", None), requests))
    assert seen[0] == seen[1]
    assert seen[0] == (errors.ServiceError, True, 503, 5)


@BOTH
@pytest.mark.parametrize("body", [b"<html>", b"", b"{}", b'{"MessageId": 5}'])
def test_5_a_send_answered_200_with_an_unreadable_body_is_outcome_unknown(
    tmp_path: Path, kind: str, body: bytes
) -> None:
    err, requests = _raise(
        kind,
        tmp_path,
        200,
        body,
        "send_text_message",
        destination_phone_number=NUMBER,
        message_body=BODY,
    )
    assert isinstance(err, errors.SendOutcomeUnknownError)  # it went out: never "not sent"
    assert isinstance(err.error, errors.ResponseParseError)
    assert requests == 1
    assert leaks(err) == []
    read, _ = _raise(kind, tmp_path, 200, b"<html>", "describe_account_attributes")
    assert isinstance(read, errors.ResponseParseError)  # a read keeps its parse error


BAD_SETUP = [
    ({"profile_name": "nope"}, "profile_name"),
    ({"region_name": "us east 1"}, "region_name"),
    ({"endpoint_url": "not a url"}, "endpoint_url"),
    ({"region_name": 5}, "region_name"),
    ({"config": "x"}, "config"),
    ({"session": "x"}, "session"),
]


@BOTH
@pytest.mark.parametrize(("options", "option"), BAD_SETUP)
def test_12_setup_errors_are_typed_at_construction(
    kind: str, options: dict[str, Any], option: str
) -> None:
    cls = getattr(smsv2, kind)
    with pytest.raises(errors.ClientOptionError) as info:
        cls(**options)
    assert info.value.option == option


@BOTH
def test_12_aws_region_comes_before_aws_default_region(
    kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_REGION", "eu-west-2")
    assert "region='eu-west-2'" in repr(getattr(smsv2, kind)())
    monkeypatch.delenv("AWS_DEFAULT_REGION")
    if kind == "Client":
        assert smsv2.Client().boto3_client.meta.region_name == "eu-west-2"


@BOTH
def test_13_masking_drops_echoed_values_and_masks_the_type(tmp_path: Path, kind: str) -> None:
    echo = (
        b'{"__type": "ValidationException", "Message": "Value '
        + BODY.encode()
        + (
            b' at messageBody failed to satisfy constraint", "Reason": "OTHER", '
            b'"Fields": [{"Name": "MessageBody", "Message": "bad ' + BODY.encode() + b'"}]}'
        )
    )
    err, _ = _raise(
        kind,
        tmp_path,
        400,
        echo,
        "send_text_message",
        destination_phone_number=NUMBER,
        message_body=BODY,
    )
    assert isinstance(err, errors.ValidationException)
    assert leaks(err) == []
    assert "messageBody" in str(err) and "reason=OTHER" in str(err)  # field names, reasons
    assert [f.field for f in err.fields] == ["MessageBody"]
    typed, _ = _raise(
        kind,
        tmp_path,
        400,
        b'{"__type": "' + NUMBER.encode() + b'"}',
        "describe_account_attributes",
    )
    assert leaks(typed) == []


@pytest.mark.parametrize(
    "options",
    [
        {"timeout": math.nan},
        {"timeout": math.inf},
        {"backoff_base": math.inf},
        {"backoff_cap": math.nan},
    ],
)
def test_14_retry_policy_rejects_non_finite_numbers(options: dict[str, float]) -> None:
    with pytest.raises(errors.ClientOptionError) as info:
        RetryPolicy(**options)  # type: ignore[arg-type]
    assert info.value.option == next(iter(options))


TYPO = """
from smsv2.errors import DestinationOptedOutError

def reason_of(e: DestinationOptedOutError) -> object:
    return e.reasn
"""


def test_16_an_error_attribute_typo_fails_mypy_and_pyright(tmp_path: Path) -> None:
    assert 'has no attribute "reasn"' in run_mypy(tmp_path, TYPO)
    path = tmp_path / "typo.py"
    path.write_text(textwrap.dedent(TYPO))
    result = run_pyright([path])
    assert 'Cannot access attribute "reasn"' in result.stdout, result.stdout
    assert "reasn" not in run_mypy(tmp_path, TYPO.replace("reasn", "reason"))
