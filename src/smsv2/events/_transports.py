"""Every way a record of the service reaches you, detected from the payload and unwrapped.

Supported: the raw record (a dict or JSON text, also several as newline-delimited JSON, as
Firehose writes them to S3); an SNS notification as an HTTP(S) endpoint receives it; a Lambda
event from SNS, from SQS (whose bodies may be SNS notifications) or from Kinesis Data Streams;
a Kinesis Data Firehose transformation event; a CloudWatch Logs subscription (gzip + base64);
an EventBridge event (`source` is `aws.sms-voice`). A list of any of these works too.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from collections.abc import Callable, Iterator, Mapping
from typing import Generic, TypeVar, cast

from pydantic import TypeAdapter, ValidationError

from smsv2.errors import EventParseError

T = TypeVar("T")

# (format, location, record as JSON text or an already decoded object)
_Item = tuple[str, str, object]

_SNS_NO_EVENTS = {"SubscriptionConfirmation", "UnsubscribeConfirmation"}

MAX_EVENT_DEPTH = 64
"""How deeply a payload (or a JSON document inside it, such as an SQS body) may nest. Wrappers nest
about 6 levels; beyond this, [`EventParseError`][smsv2.events.EventParseError]. The records
themselves are read by pydantic, whose JSON parser has its own limit (200 levels), also an
[`EventParseError`][smsv2.events.EventParseError]."""

MAX_DECOMPRESSED_BYTES = 8 * 1024 * 1024
"""The most a gzip-compressed payload (CloudWatch Logs data) may expand to. CloudWatch Logs batches
stay under 1 MB compressed; beyond this, [`EventParseError`][smsv2.events.EventParseError], decided
while decompressing (a bomb is never expanded in full)."""


class RecordParser(Generic[T]):
    """Parses any supported payload into validated records of one type.

    `choose` may pick a more specific adapter for a record (JSON text or decoded object)
    before validation, e.g. the channel's model of a delivery event.
    """

    def __init__(
        self,
        adapter: TypeAdapter[T],
        kind: str,
        choose: Callable[[object], TypeAdapter[T] | None] | None = None,
    ) -> None:
        self._adapter = adapter
        self._kind = kind
        self._choose = choose

    def parse(self, payload: object) -> list[T]:
        """All records of `payload`, or EventParseError: never a partial list."""
        if isinstance(payload, (str, bytes)):
            # Fast path for the most common case, one SNS notification per HTTP request.
            try:
                data: object = _loads(payload, "raw", "$")
            except EventParseError:
                pass
            else:
                message = _sns_message(data)
                if message is not None:
                    return [self._validate("sns", "$.Message", message)]
                payload = data
        else:
            _check_depth(payload, "raw", "$")
        out: list[T] = []
        for fmt, where, record in _records(payload, "raw", "$"):
            out.append(self._validate(fmt, where, record))
        return out

    def _validate(self, fmt: str, where: str, record: object) -> T:
        adapter = (self._choose(record) if self._choose else None) or self._adapter
        try:
            if isinstance(record, (str, bytes)):
                return adapter.validate_json(record)
            return adapter.validate_python(record)
        except ValidationError as exc:
            error = exc.errors(include_input=False)[0]
            if error["type"] == "json_invalid":
                raise EventParseError(fmt, where, "is not valid JSON") from None
            # Union branches add steps such as "str-enum[MessageStatus]": keep the fields.
            field = ".".join(
                str(step) for step in error["loc"] if isinstance(step, int) or step.isidentifier()
            )
            at = f"{where}.{field}" if field else where
            raise EventParseError(fmt, at, f"{self._kind}: {error['msg']}") from None


def _sns_message(data: object) -> str | None:
    """The Message of an SNS notification, or None when `data` is something else."""
    if type(data) is not dict:
        return None
    envelope = cast("dict[str, object]", data)
    message = envelope.get("Message")
    if isinstance(message, str) and envelope.get("Type") == "Notification":
        return message
    return None


def _records(payload: object, fmt: str, where: str) -> Iterator[_Item]:
    if isinstance(payload, (bytes, bytearray, memoryview)):
        try:
            payload = bytes(cast("bytes", payload)).decode("utf-8")
        except UnicodeDecodeError:
            raise EventParseError(fmt, where, "is not UTF-8 text") from None
    if isinstance(payload, str):
        for index, value in enumerate(_loads_all(payload, fmt, where)):
            yield from _records(value, fmt, where if index == 0 else f"{where}[{index}]")
        return
    if isinstance(payload, list):
        for index, value in enumerate(cast("list[object]", payload)):
            yield from _records(value, fmt, f"{where}[{index}]")
        return
    if type(payload) is not dict and not isinstance(payload, Mapping):
        raise EventParseError(fmt, where, f"is a {type(payload).__name__}, not a JSON object")
    data = cast("Mapping[str, object]", payload)
    if "Records" in data:
        yield from _lambda_records(data["Records"], f"{where}.Records")
    elif "records" in data and ("deliveryStreamArn" in data or "invocationId" in data):
        yield from _firehose_records(data["records"], f"{where}.records")
    elif "awslogs" in data:
        yield from _cloudwatch_logs(data["awslogs"], f"{where}.awslogs")
    elif "logEvents" in data and "messageType" in data:
        yield from _log_events(data, "cloudwatch-logs", where)
    elif data.get("Type") in _SNS_NO_EVENTS:
        raise EventParseError(
            "sns", f"{where}.Type", "an SNS subscription message carries no events"
        )
    elif data.get("Type") == "Notification" and "Message" in data:
        yield "sns", f"{where}.Message", _text(data["Message"], "sns", f"{where}.Message")
    elif data.get("source") == "aws.sms-voice" and "detail" in data:
        detail_type = str(data.get("detail-type", ""))
        if "Registration" not in detail_type:  # registration changes are not message events
            yield "eventbridge", f"{where}.detail", data["detail"]
    else:
        yield fmt, where, data


def _lambda_records(records: object, where: str) -> Iterator[_Item]:
    for index, record in enumerate(_list(records, "lambda", where)):
        at = f"{where}[{index}]"
        entry = _object(record, "lambda", at)
        if "Sns" in entry:
            sns = _object(entry["Sns"], "lambda-sns", f"{at}.Sns")
            yield (
                "lambda-sns",
                f"{at}.Sns.Message",
                _text(sns.get("Message"), "lambda-sns", f"{at}.Sns.Message"),
            )
        elif "kinesis" in entry:
            kinesis = _object(entry["kinesis"], "kinesis", f"{at}.kinesis")
            text = _base64_text(kinesis.get("data"), "kinesis", f"{at}.kinesis.data")
            yield from _json_lines(text, "kinesis", f"{at}.kinesis.data")
        elif "body" in entry:
            body = _text(entry["body"], "sqs", f"{at}.body")
            yield from _records(body, "sqs", f"{at}.body")
        else:
            raise EventParseError("lambda", at, "is neither an SNS, SQS nor Kinesis record")


def _firehose_records(records: object, where: str) -> Iterator[_Item]:
    for index, record in enumerate(_list(records, "firehose", where)):
        at = f"{where}[{index}]"
        entry = _object(record, "firehose", at)
        text = _base64_text(entry.get("data"), "firehose", f"{at}.data")
        yield from _json_lines(text, "firehose", f"{at}.data")


def _cloudwatch_logs(awslogs: object, where: str) -> Iterator[_Item]:
    fmt = "cloudwatch-logs"
    encoded = _object(awslogs, fmt, where).get("data")
    raw = _base64_bytes(encoded, fmt, f"{where}.data")
    text = _gunzip_text(raw, fmt, f"{where}.data")
    decoded = _loads_all(text, fmt, f"{where}.data")
    if len(decoded) != 1:
        raise EventParseError(fmt, f"{where}.data", "does not hold one JSON object")
    yield from _log_events(_object(decoded[0], fmt, f"{where}.data"), fmt, f"{where}.data")


def _log_events(data: Mapping[str, object], fmt: str, where: str) -> Iterator[_Item]:
    if data.get("messageType") == "CONTROL_MESSAGE":  # the subscription's own health check
        return
    for index, event in enumerate(_list(data.get("logEvents"), fmt, f"{where}.logEvents")):
        at = f"{where}.logEvents[{index}].message"
        yield fmt, at, _text(_object(event, fmt, at).get("message"), fmt, at)


def _json_lines(text: str, fmt: str, where: str) -> Iterator[_Item]:
    # Firehose and Kinesis data may hold one record or several, newline-delimited.
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) == 1:
        yield fmt, where, lines[0]
        return
    for index, line in enumerate(lines):
        yield fmt, f"{where}[{index}]", line


def _gunzip_text(raw: bytes, fmt: str, where: str) -> str:
    # Streamed with a cap: a gzip bomb stops at MAX_DECOMPRESSED_BYTES + 1 bytes of output.
    inflate = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = inflate.decompress(raw, MAX_DECOMPRESSED_BYTES + 1)
        if len(out) > MAX_DECOMPRESSED_BYTES:
            raise EventParseError(
                fmt, where, f"expands to more than {MAX_DECOMPRESSED_BYTES} bytes"
            )
        if not inflate.eof:
            raise EventParseError(fmt, where, "is truncated gzip data")
        return out.decode("utf-8")
    except (zlib.error, UnicodeDecodeError):
        raise EventParseError(fmt, where, "is not gzip-compressed UTF-8") from None


def _loads(text: str | bytes, fmt: str, where: str) -> object:
    """One JSON value, or EventParseError (invalid, or nested deeper than MAX_EVENT_DEPTH)."""
    try:
        value: object = json.loads(text)
    except RecursionError:
        raise EventParseError(fmt, where, _TOO_DEEP) from None
    except ValueError:
        raise EventParseError(fmt, where, "is not valid JSON") from None
    _check_depth(value, fmt, where)
    return value


_TOO_DEEP = f"nests deeper than {MAX_EVENT_DEPTH} levels"


def _check_depth(value: object, fmt: str, where: str) -> None:
    # Iterative: a recursive walk would itself hit the recursion limit.
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_EVENT_DEPTH:
            raise EventParseError(fmt, where, _TOO_DEEP)
        if isinstance(item, dict):
            stack.extend((child, depth + 1) for child in cast("dict[str, object]", item).values())
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in cast("list[object]", item))


def _loads_all(text: str, fmt: str, where: str) -> list[object]:
    try:
        return [_loads(text, fmt, where)]
    except EventParseError as exc:
        if exc.problem == _TOO_DEEP:
            raise
    # Concatenated or newline-delimited JSON (Firehose's S3 objects).
    decoder = json.JSONDecoder()
    values: list[object] = []
    position = 0
    length = len(text)
    while position < length:
        while position < length and text[position].isspace():
            position += 1
        if position >= length:
            break
        try:
            value, position = decoder.raw_decode(text, position)
        except RecursionError:
            raise EventParseError(fmt, where, _TOO_DEEP) from None
        except ValueError:
            raise EventParseError(fmt, where, "is not valid JSON") from None
        _check_depth(value, fmt, where)
        values.append(value)
    if not values:
        raise EventParseError(fmt, where, "is empty")
    return values


def _list(value: object, fmt: str, where: str) -> list[object]:
    if not isinstance(value, list):
        raise EventParseError(fmt, where, "is missing or not a list")
    return cast("list[object]", value)


def _object(value: object, fmt: str, where: str) -> Mapping[str, object]:
    if not isinstance(value, Mapping):
        raise EventParseError(fmt, where, "is missing or not a JSON object")
    return cast("Mapping[str, object]", value)


def _text(value: object, fmt: str, where: str) -> str:
    if not isinstance(value, str):
        raise EventParseError(fmt, where, "is missing or not a string")
    return value


def _base64_bytes(value: object, fmt: str, where: str) -> bytes:
    try:
        return base64.b64decode(_text(value, fmt, where), validate=True)
    except (binascii.Error, ValueError):
        raise EventParseError(fmt, where, "is not base64") from None


def _base64_text(value: object, fmt: str, where: str) -> str:
    try:
        return _base64_bytes(value, fmt, where).decode("utf-8")
    except UnicodeDecodeError:
        raise EventParseError(fmt, where, "is not UTF-8 text") from None
