"""Client options: ``with_options`` typed and checked, copies that do not own the transport,
a repr that says where calls go, request metadata on results, and redaction however a client
is made."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
from typing import Any

import pytest

import smsv2
from smsv2 import errors
from smsv2._generated import operations
from smsv2._operation import Operation
from smsv2.models import (
    DescribePoolsResult,
    OperationResult,
    ResponseMetadata,
    SendTextMessageResult,
)

from .stub import POOL_INFO, StubService, error

NUMBER = "+12065550177"
BODY = "your secret code is 998877"


def _sent(op: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    return 200, {"MessageId": "m-1"}


# -- with_options: one "unset" convention, checked types ---------------------------------------


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("timeout", "five"),
        ("timeout", 0),
        ("timeout", True),
        ("on_retry", 42),
        ("max_attempts", 0),
        ("max_attempts", 2.5),
        ("max_attempts", "3"),
        ("backoff_base", -1),
        ("backoff_cap", "1s"),
        ("sleep", None),
    ],
)
def test_with_options_rejects_a_wrong_type_naming_the_option(option: str, value: object) -> None:
    client = smsv2.Client(region_name="us-east-1")
    with pytest.raises(errors.ClientOptionError) as info:
        client.with_options(**{option: value})  # type: ignore[arg-type]
    assert info.value.option == option
    assert str(info.value).startswith(f"{option}: must be ")
    assert isinstance(info.value, errors.ClientSetupError)


def test_constructor_options_are_checked_the_same_way() -> None:
    with pytest.raises(errors.ClientOptionError, match=r"^timeout: "):
        smsv2.Client(region_name="us-east-1", timeout="five")  # type: ignore[arg-type]
    with pytest.raises(errors.ClientOptionError, match=r"^boto3_client: "):
        smsv2.Client(boto3_client=object(), region_name="us-east-1")  # type: ignore[arg-type]


def test_options_left_out_keep_their_values_and_none_clears_the_deadline() -> None:
    def hook(event: smsv2.RetryEvent) -> None:
        print(event)

    client = smsv2.Client(region_name="us-east-1", timeout=5.0, max_attempts=3, on_retry=hook)
    same = client.with_options()
    assert same.retry_policy == client.retry_policy
    changed = client.with_options(backoff_cap=1.0)
    assert (changed.retry_policy.timeout, changed.retry_policy.max_attempts) == (5.0, 3)
    assert changed.retry_policy.on_retry is hook
    assert client.with_options(timeout=None).retry_policy.timeout is None
    assert client.with_options(on_retry=None).retry_policy.on_retry is None
    assert client.with_options(timeout=smsv2.NOT_GIVEN).retry_policy.timeout == 5.0
    assert client.retry_policy.timeout == 5.0  # the parent is never changed


def test_closing_a_copy_leaves_the_parent_and_its_pool_open(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stub = StubService(_sent)
    client = stub.client()
    closed: list[str] = []
    monkeypatch.setattr(client.boto3_client, "close", lambda: closed.append("closed"))
    with client.with_options(max_attempts=1) as quick:
        quick.send_text_message(destination_phone_number=NUMBER, message_body=BODY)
    quick.close()
    assert closed == []
    client.send_text_message(destination_phone_number=NUMBER, message_body=BODY)
    assert stub.operations() == ["SendTextMessage", "SendTextMessage"]
    client.close()
    assert closed == ["closed"]


def test_closing_an_async_copy_leaves_the_parent_open() -> None:
    stub = StubService(_sent)

    async def run() -> list[str]:
        client = await stub.async_client()
        inner = await client.aiobotocore_client()
        async with client.with_options(max_attempts=1) as quick:
            await quick.send_text_message(destination_phone_number=NUMBER, message_body=BODY)
        assert await client.aiobotocore_client() is inner
        await client.send_text_message(destination_phone_number=NUMBER, message_body=BODY)
        await client.close()
        return stub.operations()

    assert asyncio.run(run()) == ["SendTextMessage", "SendTextMessage"]


# -- repr -----------------------------------------------------------------------------------------


def test_repr_shows_region_endpoint_and_only_the_changed_options() -> None:
    client = smsv2.Client(region_name="eu-west-1")
    assert repr(client) == (
        "Client(region='eu-west-1', endpoint='https://sms-voice.eu-west-1.amazonaws.com')"
    )
    local = smsv2.Client(region_name="us-east-1", endpoint_url="http://127.0.0.1:9", timeout=2.5)
    assert repr(local.with_options(max_attempts=2)) == (
        "Client(region='us-east-1', endpoint='http://127.0.0.1:9', max_attempts=2, "
        "timeout=2.5, shares_transport=True)"
    )


def test_repr_names_a_hook_by_its_qualified_name() -> None:
    def count_retries(event: smsv2.RetryEvent) -> None:
        print(event)

    client = smsv2.Client(region_name="us-east-1", on_retry=count_retries)
    assert "on_retry='test_repr_names_a_hook_by_its_qualified_name.<locals>.count_retries'" in (
        repr(client)
    )


def test_repr_of_an_unusable_client_does_not_raise(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_REGION", raising=False)
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    assert repr(smsv2.Client()) == "Client(region=None, endpoint=None)"


def test_async_repr_uses_what_it_knows_before_the_client_opens() -> None:
    client = smsv2.AsyncClient(region_name="us-west-2", backoff_base=0.5)
    assert repr(client) == "AsyncClient(region='us-west-2', endpoint=None, backoff_base=0.5)"


# -- request metadata on results ----------------------------------------------------------------


def test_results_carry_request_id_status_and_attempts_outside_the_model() -> None:
    stub = StubService(_sent)
    result = stub.client().send_text_message(destination_phone_number=NUMBER, message_body=BODY)
    assert result.response_metadata == ResponseMetadata(
        request_id="req-1", http_status=200, attempts=1
    )
    assert result.model_dump() == {"MessageId": "m-1"}
    assert "req-1" not in result.model_dump_json()
    assert "req-1" not in repr(result)
    # Equality is about the members, not which request carried them.
    assert result == SendTextMessageResult(message_id="m-1")
    assert SendTextMessageResult(message_id="m-1").response_metadata == ResponseMetadata.NONE


def test_attempts_count_the_retries_and_the_request_id_is_the_last_ones() -> None:
    answers = iter([error("ThrottlingException", status=400)] * 2 + [(200, {"Pools": []})])
    stub = StubService(lambda op, body: next(answers))
    result = stub.client().describe_pools()
    assert result.response_metadata.attempts == 3
    assert result.response_metadata.request_id == "req-3"


def test_every_page_has_its_own_metadata() -> None:
    def pages(op: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        token = body.get("NextToken")
        return 200, {"Pools": [POOL_INFO], **({} if token else {"NextToken": "t1"})}

    stub = StubService(pages)
    seen: list[DescribePoolsResult] = list(stub.client().pools().pages())
    assert [p.response_metadata.request_id for p in seen] == ["req-1", "req-2"]


def test_async_results_carry_the_same_metadata() -> None:
    stub = StubService(_sent)

    async def run() -> ResponseMetadata:
        async with await stub.async_client() as client:
            result = await client.send_text_message(
                destination_phone_number=NUMBER, message_body=BODY
            )
            return result.response_metadata

    assert asyncio.run(run()) == ResponseMetadata(request_id="req-1", http_status=200, attempts=1)


# -- redaction on every way of making a client --------------------------------------------------

_REDACTION_SCRIPT = """
import io, json, logging, sys
import boto3
from botocore.awsrequest import AWSResponse
import smsv2

stream = io.StringIO()
handler = logging.StreamHandler(stream)
logging.getLogger("botocore").addHandler(handler)
logging.getLogger("botocore").setLevel(logging.DEBUG)

class Raw:
    def stream(self, **_):
        yield b'{"MessageId": "m-1"}'

def answer(request, **_):
    return AWSResponse(request.url, 200, {"x-amzn-requestid": "r"}, Raw())

way = sys.argv[1]
if way == "region":
    client = smsv2.Client(region_name="us-east-1")
elif way == "session":
    client = smsv2.Client(session=boto3.Session(region_name="us-east-1"))
elif way == "boto3_client":
    client = smsv2.Client(boto3_client=boto3.client("pinpoint-sms-voice-v2", region_name="us-east-1"))
else:
    client = smsv2.Client(region_name="us-east-1").with_options(max_attempts=1)
client.boto3_client.meta.events.register("before-send", answer)
client.send_text_message(destination_phone_number=sys.argv[2], message_body=sys.argv[3])
print(json.dumps(stream.getvalue()))
"""


@pytest.mark.parametrize("way", ["region", "session", "boto3_client", "with_options"])
def test_every_way_of_making_a_client_redacts_botocore_debug_logs(way: str) -> None:
    # A fresh process each: redaction installed by one way must not cover for another.
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(_REDACTION_SCRIPT), way, NUMBER, BODY],
        capture_output=True,
        text=True,
        check=False,
        env={"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "PATH": ""},
    )
    assert done.returncode == 0, done.stderr
    logs = done.stdout
    assert "SendTextMessage" in logs  # botocore did log the request
    assert BODY not in logs and "998877" not in logs
    assert "2065550177" not in logs


def test_every_operation_returns_an_operation_result() -> None:
    ops = [v for v in vars(operations).values() if isinstance(v, Operation)]
    assert len(ops) >= 110
    for op in ops:
        assert issubclass(op.result_model(), OperationResult), op.name
