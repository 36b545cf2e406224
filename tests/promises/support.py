"""What every path of the promise suite shares: the leak scanner and the ways to build a client.

A path is one way a user reaches the service. To add one, give it a way to run calls that
raise what the user would see, and check it with these helpers:

* :func:`leaks` lists every text of an exception, through its whole ``__cause__`` /
  ``__context__`` chain (and ``.error`` of a ``SendOutcomeUnknownError``), that holds one of
  :data:`SECRETS`: ``str``, ``repr``, ``args`` and ``__notes__``.
* :func:`log_leaks` does the same for captured log records (message, arguments, traceback).
* :data:`CLIENT_PATHS` and :func:`open_path` build ``Client`` or ``AsyncClient`` in every way
  a user can (region, profile, session, a handed-in boto3/aiobotocore client, a
  ``with_options`` copy), against the in-process fake or the HTTP server; the
  :class:`Driver` they give runs a method the same way for both (``driver.call(name, **kw)``).
* :func:`answer_with` makes a client's own botocore client answer raw bytes (status, body,
  headers), for fuzzing what a response can be.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
from collections.abc import Generator, Iterator
from contextlib import AsyncExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

from botocore.awsrequest import HTTPHeaders

import smsv2
from smsv2.testing import FakeSmsVoice, mock_sms_voice
from smsv2.testing._mock import _Response as RawResponse
from smsv2.testing.server import serve
from tests.core.stub import _RawBody as RawBody

NUMBER = "+12065550177"
"""The destination every path sends to (in the sandbox: not verified, so it is refused)."""
BODY = "promise-suite secret body qZ8"
"""The message body every path sends."""
SECRETS: tuple[str, ...] = ("2065550177", "secret body qZ8")
"""What must never appear: the number's digits (in any format) and the body's text."""

ORIGIN = {
    "IsoCountryCode": "US",
    "MessageType": "TRANSACTIONAL",
    "NumberCapabilities": ["SMS"],
    "NumberType": "TOLL_FREE",
}
REGION = "us-east-1"
SERVICE: Final = "pinpoint-sms-voice-v2"

ClientKind = Literal["Client", "AsyncClient"]
Backend = Literal["fake", "http"]
Build = Literal["region", "profile", "session", "handed_in", "with_options"]
BUILDS: tuple[Build, ...] = ("region", "profile", "session", "handed_in", "with_options")


def reachable(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and everything reachable from it: causes, contexts, a wrapped ``.error``."""
    seen: set[int] = set()
    todo: list[object] = [exc]
    while todo:
        e = todo.pop()
        if not isinstance(e, BaseException) or id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        todo += [e.__cause__, e.__context__, getattr(e, "error", None)]


def texts(exc: BaseException) -> list[str]:
    """What a user or a log can read of one exception."""
    notes = getattr(exc, "__notes__", [])
    return [str(exc), repr(exc), *map(repr, exc.args), *map(str, notes)]


def leaks(exc: BaseException, secrets: tuple[str, ...] = SECRETS) -> list[str]:
    """Every text of ``exc``'s whole chain that holds a secret (empty: no leak)."""
    return [t for e in reachable(exc) for t in texts(e) if any(s in t for s in secrets)]


def log_leaks(records: list[logging.LogRecord], secrets: tuple[str, ...] = SECRETS) -> list[str]:
    """Every captured log line (message, arguments, attached exception) holding a secret."""
    found: list[str] = []
    for record in records:
        lines = [record.getMessage(), repr(record.args)]
        if record.exc_info and record.exc_info[1] is not None:
            lines += [t for e in reachable(record.exc_info[1]) for t in texts(e)]
        found += [f"{record.name}: {line}" for line in lines if any(s in line for s in secrets)]
    return found


@dataclass(frozen=True)
class ClientPath:
    """One way to reach the service through a client."""

    client: ClientKind
    backend: Backend
    build: Build

    @property
    def id(self) -> str:
        return f"{self.client}-{self.backend}-{self.build}"


CLIENTS: tuple[ClientKind, ...] = ("Client", "AsyncClient")
BACKENDS: tuple[Backend, ...] = ("fake", "http")
CLIENT_PATHS: tuple[ClientPath, ...] = tuple(
    ClientPath(c, b, w) for c, b, w in itertools.product(CLIENTS, BACKENDS, BUILDS)
)


class Driver:
    """Runs a client's methods the same way whether it is sync or async."""

    def __init__(self, client: smsv2.Client | smsv2.AsyncClient) -> None:
        self.client = client
        self._loop = asyncio.new_event_loop() if isinstance(client, smsv2.AsyncClient) else None

    def run(self, coro: Any) -> Any:
        assert self._loop is not None
        return self._loop.run_until_complete(coro)

    def call(self, name: str, **kwargs: Any) -> Any:
        """``client.<name>(**kwargs)``, awaited for an AsyncClient."""
        result = getattr(self.client, name)(**kwargs)
        return self.run(result) if self._loop is not None else result

    def botocore_client(self) -> Any:
        """The botocore or aiobotocore client underneath (created if needed)."""
        if isinstance(self.client, smsv2.AsyncClient):
            return self.run(self.client.aiobotocore_client())
        return self.client.boto3_client

    def close(self) -> None:
        if isinstance(self.client, smsv2.AsyncClient):
            self.run(self.client.close())
        else:
            self.client.close()
        if self._loop is not None:
            self._loop.close()


@contextmanager
def _profile(tmp: Path) -> Generator[None, None, None]:
    config = tmp / "promise-config"
    # A named profile skips the environment's credentials: it carries its own (fake) ones.
    config.write_text(
        f"[profile promise]\nregion = {REGION}\n"
        "aws_access_key_id = AKIAPROMISEPROMISE\naws_secret_access_key = promise\n"
    )
    saved = os.environ.get("AWS_CONFIG_FILE")
    os.environ["AWS_CONFIG_FILE"] = str(config)
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("AWS_CONFIG_FILE", None)
        else:
            os.environ["AWS_CONFIG_FILE"] = saved


def build_client(path: ClientPath, endpoint_url: str | None, stack: AsyncExitStack) -> Driver:
    """The client of ``path``, retrying without waits (``backoff_base=0``)."""
    fast: dict[str, Any] = {"backoff_base": 0.0, "endpoint_url": endpoint_url}
    if path.client == "Client":
        return Driver(_sync_client(path.build, fast))
    driver = Driver(smsv2.AsyncClient(region_name=REGION, **fast))  # replaced below if needed
    driver.client = _async_client(path.build, fast, driver, stack)
    return driver


def _sync_client(build: Build, fast: dict[str, Any]) -> smsv2.Client:
    import boto3

    if build == "profile":
        return smsv2.Client(profile_name="promise", **fast)
    if build == "session":
        return smsv2.Client(session=boto3.Session(region_name=REGION), **fast)
    if build == "handed_in":
        raw = boto3.client(  # pyright: ignore[reportUnknownMemberType]
            SERVICE, region_name=REGION, endpoint_url=fast["endpoint_url"]
        )
        return smsv2.Client(boto3_client=raw, backoff_base=0.0)
    client = smsv2.Client(region_name=REGION, **fast)
    return client.with_options(max_attempts=4) if build == "with_options" else client


def _async_client(
    build: Build, fast: dict[str, Any], driver: Driver, stack: AsyncExitStack
) -> smsv2.AsyncClient:
    from aiobotocore.session import AioSession

    if build == "profile":
        return smsv2.AsyncClient(profile_name="promise", **fast)
    if build == "session":
        session = AioSession()
        session.set_config_variable("region", REGION)
        return smsv2.AsyncClient(session=session, **fast)
    if build == "handed_in":
        creating = AioSession().create_client(  # pyright: ignore[reportUnknownMemberType]
            SERVICE, region_name=REGION, endpoint_url=fast["endpoint_url"]
        )
        raw = driver.run(stack.enter_async_context(creating))
        return smsv2.AsyncClient(aiobotocore_client=raw, backoff_base=0.0)
    client = smsv2.AsyncClient(region_name=REGION, **fast)
    return client.with_options(max_attempts=4) if build == "with_options" else client


@contextmanager
def open_path(path: ClientPath, tmp: Path) -> Generator[tuple[Driver, FakeSmsVoice], None, None]:
    """A client built the way ``path`` says, and the fake that answers it."""
    fake = FakeSmsVoice()
    # One origination number, so a send reaches the sandbox's destination check.
    fake.handle("RequestPhoneNumber", ORIGIN)
    stack = AsyncExitStack()
    with _profile(tmp):
        if path.backend == "http":
            with serve(fake) as server:
                driver = build_client(path, server.endpoint_url, stack)
                yield from _closing(driver, stack, fake)
        else:
            with mock_sms_voice(fake=fake):
                driver = build_client(path, None, stack)
                yield from _closing(driver, stack, fake)


def _closing(
    driver: Driver, stack: AsyncExitStack, fake: FakeSmsVoice
) -> Iterator[tuple[Driver, FakeSmsVoice]]:
    try:
        yield driver, fake
    finally:
        if driver._loop is not None:
            driver.run(stack.aclose())
        driver.close()


class RawAnswer:
    """What a client's own botocore client answers every request with: ``status``, ``body``
    and ``headers`` (change them between calls); ``requests`` counts the requests answered."""

    def __init__(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.status, self.body, self.headers = status, body, headers
        self.requests = 0

    def __call__(self, request: Any, **_: object) -> RawResponse:
        self.requests += 1
        headers = HTTPHeaders.from_dict(self.headers)
        return RawResponse(request.url, self.status, headers, RawBody(self.body))


def answer_with(driver: Driver, status: int, body: bytes, headers: dict[str, str]) -> RawAnswer:
    """Make ``driver``'s client answer every request with these bytes (no fake, no network)."""
    answer = RawAnswer(status, body, headers)
    driver.botocore_client().meta.events.register(f"before-send.{SERVICE}", answer)
    return answer


__all__ = [
    "BODY",
    "BUILDS",
    "CLIENT_PATHS",
    "NUMBER",
    "RawAnswer",
    "SECRETS",
    "ClientPath",
    "Driver",
    "answer_with",
    "build_client",
    "leaks",
    "log_leaks",
    "open_path",
    "reachable",
]
