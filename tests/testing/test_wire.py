"""One request parser for every way in: the mock and the server read requests alike."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, cast

import boto3
import pytest

from smsv2.testing import FakeSmsVoice, mock_sms_voice, serve
from smsv2.testing._wire import (
    MAX_JSON_DEPTH,
    WireError,
    WireRequest,
    account_of,
    parse_request,
    region_of,
)

AUTH = (
    "AWS4-HMAC-SHA256 Credential=111122223333/20261201/eu-west-2/sms-voice/aws4_request, "
    "SignedHeaders=host, Signature=abc"
)
TARGET = {"X-Amz-Target": "PinpointSMSVoiceV2.CreatePool", "Authorization": AUTH}


@contextmanager
def _mocked(fake: FakeSmsVoice) -> Iterator[str | None]:
    with mock_sms_voice(fake=fake):
        yield None


@contextmanager
def _served(fake: FakeSmsVoice) -> Iterator[str | None]:
    with serve(fake) as server:
        yield server.endpoint_url


WAYS_IN: dict[str, Callable[[FakeSmsVoice], Any]] = {"mock": _mocked, "server": _served}


def _list_names(fake: FakeSmsVoice, **where: str) -> set[str]:
    _, body = fake.handle("DescribeOptOutLists", {}, **where)
    return {item["OptOutListName"] for item in cast(list[dict[str, Any]], body["OptOutLists"])}


@pytest.mark.parametrize("way", sorted(WAYS_IN))
def test_account_and_region_come_from_the_credentials_either_way(way: str) -> None:
    fake = FakeSmsVoice()
    with WAYS_IN[way](fake) as endpoint:
        client = boto3.client(
            "pinpoint-sms-voice-v2",
            region_name="eu-west-2",
            endpoint_url=endpoint,
            aws_access_key_id="111122223333",
            aws_secret_access_key="testing",
        )
        arn = client.create_opt_out_list(OptOutListName="per-account")["OptOutListArn"]
    assert arn == "arn:aws:sms-voice:eu-west-2:111122223333:opt-out-list/per-account"
    assert "per-account" in _list_names(fake, account_id="111122223333", region="eu-west-2")
    assert "per-account" not in _list_names(fake)


def test_parse_request_reads_everything_the_engine_needs() -> None:
    parsed = parse_request(
        "POST", "/", {"x-amz-target": TARGET["X-Amz-Target"], "authorization": AUTH}, b'{"A": 1}'
    )
    assert parsed == WireRequest("CreatePool", {"A": 1}, "111122223333", "eu-west-2")


def test_host_name_wins_over_the_credential_scope() -> None:
    url = "https://sms-voice.ap-south-1.amazonaws.com/"
    parsed = parse_request("POST", url, TARGET, b"")
    assert isinstance(parsed, WireRequest)
    assert parsed.region == "ap-south-1" and parsed.body == {}


def test_non_numeric_access_key_means_the_default_account() -> None:
    assert account_of(AUTH.replace("111122223333", "AKIAEXAMPLE")) is None
    assert account_of(None) is None
    assert region_of(None, None) is None


@pytest.mark.parametrize(
    ("method", "headers", "body", "code"),
    [
        ("GET", TARGET, b"{}", "UnknownOperationException"),
        ("POST", {}, b"{}", "UnknownOperationException"),
        ("POST", {"X-Amz-Target": "Other.Op"}, b"{}", "UnknownOperationException"),
        ("POST", TARGET, b"{", "SerializationException"),
        ("POST", TARGET, b'"text"', "SerializationException"),
        ("POST", TARGET, b"\xff\xfe", "SerializationException"),
        ("POST", TARGET, b'{"a":' * 200_000 + b"1" + b"}" * 200_000, "SerializationException"),
    ],
    ids=["method", "no-target", "other-service", "truncated", "string", "bytes", "recursion"],
)
def test_refused_requests(method: str, headers: dict[str, str], body: bytes, code: str) -> None:
    parsed = parse_request(method, "/", headers, body)
    assert isinstance(parsed, WireError)
    assert parsed.status == 400 and parsed.to_body()["__type"] == code


def test_depth_limit_is_exact() -> None:
    def nested(depth: int) -> bytes:
        return b'{"a":' * (depth - 1) + b"{}" + b"}" * (depth - 1)

    assert isinstance(parse_request("POST", "/", TARGET, nested(MAX_JSON_DEPTH)), WireRequest)
    assert isinstance(parse_request("POST", "/", TARGET, nested(MAX_JSON_DEPTH + 1)), WireError)


def test_mock_answers_malformed_bodies_with_the_same_error() -> None:
    with mock_sms_voice():
        client = boto3.client("pinpoint-sms-voice-v2", region_name="us-east-1")

        def corrupt(request: Any, **_: Any) -> None:
            request.data = b"[1]"

        client.meta.events.register("request-created", corrupt)
        with pytest.raises(client.exceptions.ClientError) as caught:
            client.describe_pools()
    assert caught.value.response["Error"]["Code"] == "SerializationException"
