"""Route every botocore and aiobotocore client of the service to the active fake
(`mock_sms_voice`)."""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable, Generator, Iterator
from types import TracebackType
from typing import ParamSpec, TypeVar

import botocore.handlers
from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from botocore.compat import HTTPHeaders
from botocore.exceptions import ConnectionClosedError, ReadTimeoutError
from typing_extensions import Unpack

from smsv2._public import publish

from ._backend import FakeSmsVoice
from ._backend._core import FakeOptions
from ._wire import CONTENT_TYPE, WireError, encode, is_service_target, parse_request

P = ParamSpec("P")
R = TypeVar("R")

_FAKE_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}

_active: list[FakeSmsVoice] = []
_active_lock = threading.Lock()


class _Body:
    """The minimal raw-stream interface AWSResponse reads from."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: object) -> Iterator[bytes]:
        yield self._data


class _Content(bytes):
    """Response bytes that can also be awaited: aiobotocore awaits `response.content`."""

    def __await__(self) -> Generator[None, None, bytes]:
        yield from ()
        return bytes(self)


class _Response(AWSResponse):
    """The fake's answer, readable by botocore (`content` is bytes) and by aiobotocore
    (which runs the same before-send handlers but awaits `content`)."""

    @property
    def content(self) -> bytes:
        return _Content(super().content)


def active_fake() -> FakeSmsVoice | None:
    """The innermost fake activated by `mock_sms_voice` (None when none is active)."""
    with _active_lock:
        return _active[-1] if _active else None


def _header(request: AWSPreparedRequest, name: str) -> str | None:
    value = request.headers.get(name)
    return value.decode() if isinstance(value, bytes) else value


def _before_send(request: AWSPreparedRequest, **_: object) -> AWSResponse | None:
    # botocore calls every before-send handler; we may be registered twice on a session
    # (builtin + existing default session), so answer each request once.
    cached = getattr(request, "_smsv2_response", None)
    if isinstance(cached, AWSResponse):
        return cached
    response = _answer(request)
    if response is not None:
        request._smsv2_response = response  # type: ignore[attr-defined]
    return response


def _answer(request: AWSPreparedRequest) -> AWSResponse | None:
    fake = active_fake()
    if fake is None or not is_service_target(_header(request, "X-Amz-Target")):
        return None
    raw = request.body
    if raw is not None and not isinstance(raw, (str, bytes, bytearray)):
        raw = raw.read()
    data = raw.encode() if isinstance(raw, str) else bytes(raw or b"")
    headers = {
        name: value
        for name in ("X-Amz-Target", "Authorization", "Host")
        if (value := _header(request, name)) is not None
    }
    parsed = parse_request(request.method or "POST", request.url or "", headers, data)
    if isinstance(parsed, WireError):
        status, payload, request_id = parsed.status, parsed.to_body(), "0"
    else:
        answer = fake.respond(
            parsed.operation, parsed.body, account_id=parsed.account_id, region=parsed.region
        )
        # The work is done but the answer is lost: what botocore raises for each.
        if answer.lost is not None and answer.lost.how == "timeout":
            raise ReadTimeoutError(endpoint_url=request.url or "")
        if answer.lost is not None:
            raise ConnectionClosedError(endpoint_url=request.url or "")
        status, payload, request_id = answer.status, answer.body, answer.request_id
    response_headers = HTTPHeaders()
    response_headers["x-amzn-RequestId"] = request_id
    response_headers["Content-Type"] = CONTENT_TYPE
    return _Response(request.url, status, response_headers, _Body(encode(payload)))


# REGISTER_FIRST puts the handler ahead of moto's before-send stubber, which otherwise
# answers 404 "Not yet implemented" for this service, whatever the import order.
_HANDLER_SPEC = ("before-send", _before_send, botocore.handlers.REGISTER_FIRST)
if _HANDLER_SPEC not in botocore.handlers.BUILTIN_HANDLERS:
    botocore.handlers.BUILTIN_HANDLERS.append(_HANDLER_SPEC)


def _register_on_existing_sessions() -> None:
    # Sessions created before this module was imported (e.g. boto3's default session)
    # copied BUILTIN_HANDLERS already; add the handler to them too.
    try:
        import boto3
    except ImportError:  # pragma: no cover - boto3 is a dependency
        return
    session = boto3.DEFAULT_SESSION
    if session is not None:
        emitter = session._session.get_component("event_emitter")
        emitter.register_first("before-send", _before_send, unique_id="smsv2.testing.before-send")


class mock_sms_voice:
    """Context manager and decorator: inside it, every boto3/botocore client of
    `pinpoint-sms-voice-v2` talks to a [`FakeSmsVoice`][smsv2.testing.FakeSmsVoice] (no network, no
    real credentials). Keyword arguments are passed to [`FakeSmsVoice`][smsv2.testing.FakeSmsVoice];
    pass `fake=` to reuse an existing one.

    ```python
    with mock_sms_voice() as fake:
        boto3.client("pinpoint-sms-voice-v2", region_name="us-east-1").create_pool(...)
    ```
    """

    def __init__(
        self, *, fake: FakeSmsVoice | None = None, **fake_options: Unpack[FakeOptions]
    ) -> None:
        self._given = fake
        self._options = fake_options
        self._fake: FakeSmsVoice | None = None
        self._saved_env: dict[str, str | None] = {}

    @property
    def fake(self) -> FakeSmsVoice:
        """The active fake (only inside the `with` block)."""
        if self._fake is None:
            raise RuntimeError("mock_sms_voice is not active")
        return self._fake

    def __enter__(self) -> FakeSmsVoice:
        fake = self._given or FakeSmsVoice(**self._options)
        self._fake = fake
        self._saved_env = {}
        for key, value in _FAKE_ENV.items():
            if not os.environ.get(key):
                self._saved_env[key] = os.environ.get(key)
                os.environ[key] = value
        _register_on_existing_sessions()
        with _active_lock:
            _active.append(fake)
        return fake

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        with _active_lock:
            if self._fake in _active:
                # remove the innermost occurrence: nested mocks unwind in order
                index = len(_active) - 1 - _active[::-1].index(self._fake)
                del _active[index]
        for key, value in self._saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        self._fake = None

    def __call__(self, func: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            with mock_sms_voice(fake=self._given, **self._options):
                return func(*args, **kwargs)

        return wrapper


publish("smsv2.testing", ["active_fake", "mock_sms_voice"], globals())
