"""The direct path (smsv2._direct) puts on the wire what botocore's own pipeline puts there.

For every operation, with inputs drawn from botocore's model (optional members included), the
request of the direct path and the request of botocore's pipeline are compared byte for byte,
apart from the date, the signature and the per-request invocation id; both signatures are
recomputed with botocore's SigV4 signer and must match. Answers (success and error) come back
as the same result or the same botocore exception.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Callable, Iterator
from typing import Any, cast

import botocore.session
import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSPreparedRequest, AWSRequest, AWSResponse
from botocore.compat import HTTPHeaders
from botocore.credentials import Credentials
from botocore.exceptions import ClientError
from botocore.model import ServiceModel
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import smsv2
from smsv2._setup import Settings
from smsv2._transport import Transport
from smsv2._transport import session_type as transport_session_type

from .shape_strategies import request_value

SERVICE: ServiceModel = botocore.session.get_session().get_service_model("pinpoint-sms-voice-v2")
OPERATION_NAMES = sorted(SERVICE.operation_names)
PER_REQUEST = {"x-amz-date", "authorization", "amz-sdk-invocation-id"}


class _Body:
    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: object) -> Iterator[bytes]:
        yield self._data


class Wire:
    """A before-send handler: records each request, answers with ``status`` and ``body``."""

    def __init__(self) -> None:
        self.requests: list[AWSPreparedRequest] = []
        self.status = 200
        self.body: dict[str, object] = {}

    def __call__(self, request: AWSPreparedRequest, **_: object) -> AWSResponse:
        self.requests.append(request)
        headers = HTTPHeaders()
        headers["x-amzn-RequestId"] = "req-1"
        headers["Content-Type"] = "application/x-amz-json-1.0"
        return AWSResponse(request.url, self.status, headers, _Body(json.dumps(self.body).encode()))


def _settings(session_type: Callable[[], type | None]) -> Settings:
    """The settings of a client made with only a region."""
    return Settings.checked("us-east-1", None, None, None, None, session_type)


@pytest.fixture
def transport() -> Iterator[tuple[Transport, Wire]]:
    wire = Wire()
    transport = Transport(_settings(transport_session_type), None, None)
    # Registered without handing the client out (that would turn the direct path off).
    transport.botocore_client.meta.events.register("before-send", cast("Callable[..., None]", wire))
    yield transport, wire
    transport.close()


def method_of(transport: Transport, name: str) -> Callable[..., Any]:
    """A method of the transport's botocore client (typed as a plain BaseClient)."""
    method: Callable[..., Any] = getattr(transport.botocore_client, name)
    return method


def _text(value: str | bytes) -> str:
    return value.decode() if isinstance(value, bytes) else value


def on_the_wire(request: AWSPreparedRequest) -> tuple[object, ...]:
    """Everything a request carries, less what differs per request."""
    headers = [(name, _text(value)) for name, value in request.headers.items()]
    stable = [(n, v) for n, v in headers if n.lower() not in PER_REQUEST]
    body = request.body
    assert isinstance(body, (bytes, str))
    body = body.encode() if isinstance(body, str) else body
    return request.method, request.url, [n for n, _ in headers], stable, body


def assert_signature_verifies(request: AWSPreparedRequest) -> None:
    """Recompute the SigV4 signature of a request sent with the fixture's credentials."""
    headers = {name: _text(value) for name, value in request.headers.items()}
    authorization = headers["Authorization"]
    scope, signed, signature = (part.split("=", 1)[1] for part in authorization.split(", "))
    signed_names = signed.split(";")
    copy = AWSRequest(
        method=request.method,
        url=request.url,
        headers={n: v for n, v in headers.items() if n.lower() in signed_names},
        data=request.body,
    )
    copy.context["timestamp"] = headers["X-Amz-Date"]
    credentials = Credentials("AKIAFAKEFAKEFAKE", "fake-secret")
    auth = SigV4Auth(credentials, "sms-voice", "us-east-1")
    assert scope.startswith("AKIAFAKEFAKEFAKE/") and scope.endswith(
        "/us-east-1/sms-voice/aws4_request"
    )
    assert auth.signed_headers(auth.headers_to_sign(copy)) == signed
    canonical = auth.canonical_request(copy)
    assert auth.signature(auth.string_to_sign(copy, canonical), copy) == signature


def both_ways(transport: Transport, operation: str, params: dict[str, Any]) -> tuple[Any, Any]:
    """Call ``operation`` through botocore's pipeline, then through the direct path."""
    python_name = botocore.xform_name(operation)
    method: Callable[..., Any] = getattr(transport.botocore_client, python_name)
    through_botocore = method(**params)
    direct = transport.caller(operation, method)
    return through_botocore, direct(**params)


@pytest.mark.parametrize("operation", OPERATION_NAMES)
@settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_every_operation_puts_the_same_request_on_the_wire(
    transport: tuple[Transport, Wire], operation: str, data: st.DataObject
) -> None:
    client, wire = transport
    input_shape = SERVICE.operation_model(operation).input_shape
    assert input_shape is not None
    params: dict[str, Any] = data.draw(request_value(input_shape))
    for token in SERVICE.operation_model(operation).idempotent_members:
        params.setdefault(token, str(uuid.uuid4()))  # as smsv2 always sends one
    wire.requests.clear()
    both_ways(client, operation, params)
    ours, botocores = wire.requests[1], wire.requests[0]
    assert ours is not botocores
    assert isinstance(ours.headers["Authorization"], str)  # built by the direct path, not botocore
    assert on_the_wire(ours) == on_the_wire(botocores)
    assert_signature_verifies(botocores)
    assert_signature_verifies(ours)


def test_answers_come_back_as_botocore_returns_them(transport: tuple[Transport, Wire]) -> None:
    client, wire = transport
    wire.body = {"MessageId": "m-1"}
    params = {"DestinationPhoneNumber": "+12065550100", "MessageBody": "hi"}
    through_botocore, direct = both_ways(client, "SendTextMessage", params)
    # smsv2 owns retries: botocore's retry handler is off on every client (no
    # MaxAttemptsReached); botocore still counts its zero retries, which smsv2 never reads.
    metadata = through_botocore["ResponseMetadata"]
    assert metadata.pop("RetryAttempts") == 0
    assert "MaxAttemptsReached" not in metadata
    assert direct == through_botocore


def test_error_answers_raise_the_same_botocore_exception(
    transport: tuple[Transport, Wire],
) -> None:
    client, wire = transport
    wire.status = 400
    wire.body = {
        "__type": "ValidationException",
        "Message": "bad",
        "Reason": "INVALID_PARAMETER",
    }
    params = {"DestinationPhoneNumber": "+12065550100", "MessageBody": "hi"}
    method = method_of(client, "send_text_message")
    errors: list[ClientError] = []
    for call in (
        method,
        client.caller("SendTextMessage", method),
        client.caller("SendTextMessage", method),
    ):
        with pytest.raises(ClientError) as info:
            call(**params)
        errors.append(info.value)
    assert len(wire.requests) == 3
    assert wire.requests[2].headers["Authorization"] != wire.requests[0].headers["Authorization"]
    assert {type(e) for e in errors} == {client.botocore_client.exceptions.ValidationException}
    assert errors[2].response["Error"] == errors[0].response["Error"]
    assert errors[2].response["Reason"] == "INVALID_PARAMETER"  # type: ignore[typeddict-item]


def test_handing_the_client_out_turns_the_direct_path_off() -> None:
    client = smsv2.Client(region_name="us-east-1")
    wire = Wire()
    wire.body = {"MessageId": "m-1"}
    botocore_client = client.boto3_client
    botocore_client.meta.events.register("before-send", cast("Callable[..., None]", wire))
    calls: list[str] = []
    botocore_client.meta.events.register(
        "before-call", lambda **kwargs: calls.append(kwargs["model"].name)
    )
    for _ in range(3):
        client.send_text_message(destination_phone_number="+12065550100", message_body="hi")
    assert calls == ["SendTextMessage"] * 3


def test_a_request_with_a_lambda_trace_id_always_goes_through_botocore(
    monkeypatch: pytest.MonkeyPatch, transport: tuple[Transport, Wire]
) -> None:
    client, wire = transport
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "fn")
    method = method_of(client, "send_text_message")
    send = client.caller("SendTextMessage", method)
    for trace in ("Root=1-aaaa", "Root=1-bbbb"):
        monkeypatch.setenv("_X_AMZN_TRACE_ID", trace)
        send(DestinationPhoneNumber="+12065550100", MessageBody="hi")
    assert [_text(r.headers["X-Amzn-Trace-Id"]) for r in wire.requests] == [
        "Root=1-aaaa",
        "Root=1-bbbb",
    ]


def test_the_direct_path_signs_with_refreshed_credentials(
    transport: tuple[Transport, Wire],
) -> None:
    client, wire = transport
    method = method_of(client, "send_text_message")
    send = client.caller("SendTextMessage", method)
    send(DestinationPhoneNumber="+12065550100", MessageBody="hi")
    credentials = client.botocore_client._request_signer._credentials  # type: ignore[attr-defined]
    credentials.access_key = "AKIAROTATEDROTATED"
    send(DestinationPhoneNumber="+12065550100", MessageBody="hi")
    assert "Credential=AKIAROTATEDROTATED/" in _text(wire.requests[1].headers["Authorization"])
    assert isinstance(wire.requests[1].headers["Authorization"], str)  # the direct path


def test_a_missing_idempotency_token_is_left_to_botocore(transport: tuple[Transport, Wire]) -> None:
    client, wire = transport
    method = method_of(client, "create_pool")
    send = client.caller("CreatePool", method)
    params = {
        "OriginationIdentity": "+12065550100",
        "IsoCountryCode": "US",
        "MessageType": "TRANSACTIONAL",
    }
    for _ in range(2):
        send(**params)
    tokens = [json.loads(r.body)["ClientToken"] for r in wire.requests]  # type: ignore[arg-type]
    assert len(set(tokens)) == 2  # botocore made one each time
    assert all(isinstance(r.headers["Authorization"], bytes) for r in wire.requests)


class AsyncWire(Wire):
    """The same for aiobotocore, which awaits the response's content."""

    def __call__(self, request: AWSPreparedRequest, **kwargs: object) -> AWSResponse:
        from smsv2.testing._mock import _Response

        plain = super().__call__(request, **kwargs)
        return _Response(
            plain.url, plain.status_code, cast("HTTPHeaders", plain.headers), plain.raw
        )


async def async_both_ways(operation: str, params: dict[str, Any]) -> list[AWSPreparedRequest]:
    from smsv2._async_transport import AsyncTransport
    from smsv2._async_transport import session_type as async_session_type

    wire = AsyncWire()
    transport = AsyncTransport(_settings(async_session_type), None, None)
    try:
        client: Any = await transport.botocore_client()
        client.meta.events.register("before-send", wire)
        method = getattr(client, botocore.xform_name(operation))
        await method(**params)
        await transport.caller(operation, method)(**params)
    finally:
        await transport.close()
    return wire.requests


@pytest.mark.parametrize("operation", OPERATION_NAMES)
@settings(max_examples=2, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_every_operation_puts_the_same_request_on_the_wire_async(
    operation: str, data: st.DataObject
) -> None:
    input_shape = SERVICE.operation_model(operation).input_shape
    assert input_shape is not None
    params: dict[str, Any] = data.draw(request_value(input_shape))
    for token in SERVICE.operation_model(operation).idempotent_members:
        params.setdefault(token, str(uuid.uuid4()))
    botocores, ours = asyncio.run(async_both_ways(operation, params))
    assert isinstance(ours.headers["Authorization"], str)  # built by the direct path
    assert on_the_wire(ours) == on_the_wire(botocores)
    assert_signature_verifies(botocores)
    assert_signature_verifies(ours)


def test_handing_the_async_client_out_turns_the_direct_path_off() -> None:
    async def main() -> list[str]:
        calls: list[str] = []
        wire = AsyncWire()
        wire.body = {"MessageId": "m-1"}
        async with smsv2.AsyncClient(region_name="us-east-1") as client:
            raw: Any = await client.aiobotocore_client()
            raw.meta.events.register("before-send", wire)
            raw.meta.events.register("before-call", lambda **kw: calls.append(kw["model"].name))
            for _ in range(3):
                await client.send_text_message(
                    destination_phone_number="+12065550100", message_body="hi"
                )
        return calls

    assert asyncio.run(main()) == ["SendTextMessage"] * 3
