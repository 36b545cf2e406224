"""Sending on a botocore client without its per-request event pipeline.

botocore spends most of a small call in its event hooks, in building the user agent and in
parameter handling that smsv2 has already done. For the clients smsv2 creates itself, the first
call of each operation goes through botocore's whole pipeline, and a hook records the request it
put on the wire: URL, header names, order and values. Later calls of that operation reuse that
record and run botocore's own pieces directly: its JSON serializer, its credentials (refreshed as
botocore refreshes them), its SigV4 signer, its `before-send` event (where the fake, moto and
stubs answer) and its HTTP session. `tests/core/test_direct.py` checks the requests are equal.

A request whose headers hold anything not understood here (a Lambda trace id, a header some
handler added) is never recorded, so that operation keeps botocore's pipeline.
"""

from __future__ import annotations

import types
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from botocore.awsrequest import AWSPreparedRequest, AWSResponse
    from botocore.client import BaseClient
    from botocore.credentials import Credentials, ReadOnlyCredentials
    from botocore.exceptions import ClientError
    from botocore.model import Shape
    from botocore.parsers import ResponseParser

#: Headers the signer writes, in the order it writes them.
_SIGNATURE = ("X-Amz-Date", "X-Amz-Security-Token", "Authorization")
#: Headers whose value is the same for every request of an operation.
_STATIC = frozenset({"x-amz-target", "content-type", "user-agent", "amz-sdk-request"})
_INVOCATION_ID = "amz-sdk-invocation-id"
_ALGORITHM = "AWS4-HMAC-SHA256 Credential="


@dataclass(frozen=True)
class Template:
    """What botocore put on the wire for one operation, less what changes per request."""

    url: str
    signed: tuple[tuple[str, str], ...]
    """The headers before the signature, in botocore's order."""
    unsigned: tuple[str, ...]
    """The names after it (a fresh value each: the invocation id, the static headers)."""
    static: Mapping[str, str]
    region: str
    signing_name: str


def _text(value: str | bytes) -> str:
    return value.decode() if isinstance(value, bytes) else value


def template_of(request: AWSPreparedRequest) -> Template | None:
    """The template of a request botocore prepared, or None if it holds anything unexpected."""
    headers = [(name, _text(value)) for name, value in request.headers.items()]
    names = [name for name, _ in headers]
    auth = dict(headers).get("Authorization", "")
    if request.method != "POST" or not auth.startswith(_ALGORITHM):
        return None
    scope = auth[len(_ALGORITHM) :].split(",", 1)[0].split("/")
    first_signed = next(i for i, name in enumerate(names) if name in _SIGNATURE)
    signed, rest = headers[:first_signed], headers[first_signed:]
    unsigned = tuple(name for name, _ in rest if name not in _SIGNATURE)
    expected = {"content-length", _INVOCATION_ID}
    if any(n.lower() not in _STATIC for n, _ in signed) or any(
        n.lower() not in _STATIC | expected for n in unsigned
    ):
        return None
    if len(scope) != 5:
        return None
    return Template(
        url=request.url,
        signed=tuple(signed),
        unsigned=tuple(n for n in unsigned if n.lower() != "content-length"),
        static={name: value for name, value in headers if name.lower() in _STATIC},
        region=scope[2],
        signing_name=scope[3],
    )


def _pipeline_wrapped(client: object) -> bool:
    """Whether something wraps botocore's call (OpenTelemetry's botocore instrumentation, an
    APM agent): then every call takes botocore's pipeline, so the wrapper sees it."""
    # type(), not isinstance(): wrapt's proxies report the wrapped function's class.
    return type(getattr(type(client), "_make_api_call", None)) is not types.FunctionType


def _bypassed(client: object, tokens: Iterable[str], wire: Mapping[str, object]) -> bool:
    # botocore fills a missing idempotency token in; smsv2 always sends one itself.
    return _pipeline_wrapped(client) or any(token not in wire for token in tokens)


class DirectSender:
    """Sends recorded operations of one botocore client straight through botocore's pieces.

    The result is what the client's method returns for the same call, its exceptions are the
    ones botocore raises (a `ClientError` subclass for an error answer, botocore's connection
    errors), and `on_response` sees each response dict, as a `before-parse` hook would.
    """

    def __init__(
        self,
        client: BaseClient,
        credentials: Credentials,
        parser: ResponseParser,
        on_response: Callable[..., None],
    ) -> None:
        from botocore.serialize import create_serializer

        self._client = client
        self._credentials = credentials
        self._parser = parser
        self._on_response = on_response
        self._model = client.meta.service_model
        self._serializer = create_serializer("json", include_validation=False)
        self._event_prefix = f"before-send.{self._model.service_id.hyphenize()}"
        self._templates: dict[str, Template] = {}
        client.meta.events.register(self._event_prefix, self._learn, unique_id="smsv2-direct")

    def _learn(self, request: AWSPreparedRequest, **_: Any) -> None:
        # A before-send handler that never answers: it only reads botocore's request.
        target = _text(request.headers.get("X-Amz-Target", b""))
        operation = target.rpartition(".")[2]
        if operation and operation not in self._templates:
            template = template_of(request)
            if template is not None:
                self._templates[operation] = template

    def caller(self, operation_name: str, method: Callable[..., Any]) -> Callable[..., Any]:
        """Calls `operation_name` directly once botocore has sent it, until then `method`."""

        # botocore fills a missing idempotency token in; smsv2 always sends one itself.
        tokens = self._model.operation_model(operation_name).idempotent_members

        def call(**wire: object) -> Any:
            template = self._templates.get(operation_name)
            if template is None or _bypassed(self._client, tokens, wire):
                return method(**wire)
            return self._parse(operation_name, self._send(operation_name, template, wire))

        return call

    def _send(
        self, operation_name: str, template: Template, wire: Mapping[str, object]
    ) -> AWSResponse:
        request = self._prepare(
            operation_name, template, wire, self._credentials.get_frozen_credentials()
        )
        answers = self._client.meta.events.emit(
            f"{self._event_prefix}.{operation_name}", request=request
        )
        answer = next((a for _, a in answers if a is not None), None)
        if answer is not None:
            answered: AWSResponse = answer
            return answered
        # This client's own HTTP session: its pool, timeouts, proxies and TLS settings.
        sent: AWSResponse = self._endpoint().http_session.send(request)
        return sent

    def _endpoint(self) -> Any:
        return getattr(self._client, "_endpoint")  # noqa: B009

    def _prepare(
        self,
        operation_name: str,
        template: Template,
        wire: Mapping[str, object],
        frozen: ReadOnlyCredentials,
    ) -> AWSPreparedRequest:
        """The signed request: botocore's serializer and SigV4 signer, the recorded headers."""
        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest

        operation = self._model.operation_model(operation_name)
        body = self._serializer.serialize_to_request(wire, operation)["body"]
        request = AWSRequest("POST", template.url, headers=dict(template.signed), data=body)
        SigV4Auth(frozen, template.signing_name, template.region).add_auth(request)
        for name in template.unsigned:
            value = str(uuid.uuid4()) if name == _INVOCATION_ID else template.static[name]
            request.headers[name] = value
        return request.prepare()

    def _parse(self, operation_name: str, response: AWSResponse) -> Any:
        return self._parse_parts(
            operation_name, response.status_code, response.headers, response.content
        )

    def _parse_parts(self, operation_name: str, status: int, headers: Any, body: bytes) -> Any:
        # What botocore's endpoint and client do with a response of a non-streaming operation.
        response_dict = {
            "headers": headers,
            "status_code": status,
            "body": body,
            "context": {"operation_name": operation_name},
        }
        self._on_response(response_dict=response_dict)
        shape = self._model.operation_model(operation_name).output_shape
        parsed: dict[str, Any] = self._parser.parse(response_dict, shape)  # type: ignore[arg-type]
        if status >= 300:
            error: Mapping[str, Any] = parsed.get("Error", {})
            # Like botocore's endpoint: the error's modeled members (Reason...) join the dict.
            code: Any = error.get("Code")
            # None for a code the model doesn't know (botocore-stubs don't say so).
            error_shape = cast("Shape | None", self._model.shape_for_error_code(code))
            if error_shape is not None:
                parsed.update(self._parser.parse(response_dict, error_shape))
            from_code: Callable[[Any], type[ClientError]] = self._client.exceptions.from_code  # type: ignore[assignment]
            raise from_code(error.get("Code"))(parsed, operation_name)  # type: ignore[arg-type]
        return parsed


class AsyncDirectSender(DirectSender):
    """The same for an aiobotocore client: its credentials, events and HTTP session await."""

    def caller(self, operation_name: str, method: Callable[..., Any]) -> Callable[..., Any]:
        tokens = self._model.operation_model(operation_name).idempotent_members

        async def call(**wire: object) -> Any:
            template = self._templates.get(operation_name)
            if template is None or _bypassed(self._client, tokens, wire):
                return await method(**wire)
            credentials: Any = self._credentials
            frozen = await credentials.get_frozen_credentials()
            request = self._prepare(operation_name, template, wire, frozen)
            events: Any = self._client.meta.events
            answers = await events.emit(f"{self._event_prefix}.{operation_name}", request=request)
            response: Any = next((a for _, a in answers if a is not None), None)
            if response is None:
                response = await self._endpoint().http_session.send(request)
            body: bytes = await response.content
            return self._parse_parts(operation_name, response.status_code, response.headers, body)

        return call
