"""Issue 17 finding 11: hostile payloads give EventParseError, never RecursionError, and a
gzip bomb is rejected while decompressing."""

from __future__ import annotations

import base64
import gzip
import json
import time
import zlib

import pytest

from smsv2.errors import EventParseError
from smsv2.events import (
    MAX_DECOMPRESSED_BYTES,
    MAX_EVENT_DEPTH,
    parse_delivery_events,
    parse_inbound_messages,
)

from .payloads import event_record, lambda_sns

DEEP = "[" * 100_000


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _logs(data: bytes) -> dict[str, object]:
    return {"awslogs": {"data": _b64(data)}}


@pytest.mark.parametrize(
    ("payload", "fmt"),
    [
        (DEEP, "raw"),
        (DEEP.encode(), "raw"),
        ({"Records": [{"body": DEEP}]}, "sqs"),
        ({"Records": [{"kinesis": {"data": _b64(DEEP.encode())}}]}, "kinesis"),
        ({"invocationId": "i", "records": [{"data": _b64(DEEP.encode())}]}, "firehose"),
        (_logs(gzip.compress(DEEP.encode())), "cloudwatch-logs"),
        ('{"a": 1}\n' + DEEP, "raw"),  # newline-delimited, the second document deep
    ],
)
@pytest.mark.parametrize("parse", [parse_delivery_events, parse_inbound_messages])
def test_deep_nesting_is_a_parse_error(payload: object, fmt: str, parse: object) -> None:
    with pytest.raises(EventParseError) as caught:
        parse(payload)  # type: ignore[operator]
    assert caught.value.format == fmt


def test_nesting_limit_is_the_documented_one() -> None:
    # One level under the limit is read; one over is refused, in the envelope and in a body.
    def nested(levels: int) -> object:
        value: object = 1
        for _ in range(levels - 1):
            value = [value]
        return value

    record = json.dumps(event_record())
    ok = {"Records": [{"body": record}], "pad": nested(MAX_EVENT_DEPTH - 1)}
    assert len(parse_delivery_events(json.dumps(ok))) == 1
    assert len(parse_delivery_events(ok)) == 1  # already decoded: the same limit
    too_deep = {"Records": [{"body": record}], "pad": nested(MAX_EVENT_DEPTH)}
    for payload in (json.dumps(too_deep), too_deep):
        with pytest.raises(EventParseError, match=f"deeper than {MAX_EVENT_DEPTH}"):
            parse_delivery_events(payload)
    body = json.dumps([nested(MAX_EVENT_DEPTH + 1)])
    with pytest.raises(EventParseError) as caught:
        parse_delivery_events({"Records": [{"body": body}]})
    assert (caught.value.format, caught.value.field) == ("sqs", "$.Records[0].body")


def test_decoded_python_objects_nested_too_deep() -> None:
    value: object = []
    for _ in range(100_000):
        value = [value]
    with pytest.raises(EventParseError, match="deeper than"):
        parse_delivery_events(value)


def test_gzip_bomb_is_rejected_fast() -> None:
    squeeze = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    bomb = squeeze.compress(b"\0" * (50 * 1024 * 1024)) + squeeze.flush()
    payload = _logs(bomb)
    started = time.perf_counter()
    with pytest.raises(EventParseError, match=f"more than {MAX_DECOMPRESSED_BYTES} bytes"):
        parse_delivery_events(payload)
    assert time.perf_counter() - started < 0.5


def test_decompressed_size_limit_is_exact() -> None:
    # A log batch just under the limit is read; padding it over the limit is refused.
    record = json.dumps(event_record())
    batch = {"messageType": "DATA_MESSAGE", "logEvents": [{"id": "1", "message": record}]}
    text = json.dumps(batch)
    assert len(parse_delivery_events(_logs(gzip.compress(text.encode())))) == 1
    padded = text + " " * (MAX_DECOMPRESSED_BYTES - len(text))
    assert len(parse_delivery_events(_logs(gzip.compress(padded.encode())))) == 1
    with pytest.raises(EventParseError, match="more than"):
        parse_delivery_events(_logs(gzip.compress((padded + " ").encode())))


def test_truncated_gzip_is_a_parse_error() -> None:
    data = gzip.compress(json.dumps({"messageType": "DATA_MESSAGE", "logEvents": []}).encode())
    with pytest.raises(EventParseError, match="truncated"):
        parse_delivery_events(_logs(data[:-12]))


def test_ordinary_payloads_still_parse() -> None:
    assert len(parse_delivery_events(lambda_sns(event_record(), event_record()))) == 2
