"""The transport layer: the boto3 client that carries requests, created once and shared.

On clients smsv2 creates, botocore's own retries are off (smsv2's retry layer owns them), and a
successful JSON response skips botocore's Python parser: its raw body is handed to pydantic-core,
which validates it straight into the result model. Errors still go through botocore's parser.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, Literal, cast

from smsv2 import _log_redaction
from smsv2._botocore_session import use_shared_loader
from smsv2._direct import DirectSender
from smsv2.errors import ClientSetupError

if TYPE_CHECKING:
    import boto3
    from botocore.client import BaseClient
    from botocore.config import Config
    from botocore.model import Shape
    from botocore.parsers import ResponseParser, ResponseParserFactory

SERVICE_NAME: Final[Literal["pinpoint-sms-voice-v2"]] = "pinpoint-sms-voice-v2"
RAW_BODY_KEY = "__smsv2_raw_body__"


@dataclass(frozen=True)
class ResponseSeen:
    """What came back for one attempt, recorded before botocore parses it."""

    status: int
    request_id: str | None


_last_response: ContextVar[ResponseSeen | None] = ContextVar("smsv2_response", default=None)


def start_attempt() -> None:
    """Forget the previous attempt's response (each attempt records its own)."""
    _last_response.set(None)


def last_response() -> ResponseSeen | None:
    """This attempt's HTTP status and request id, if a response came back."""
    return _last_response.get()


def _record_response(response_dict: Mapping[str, Any] | None = None, **_: Any) -> None:
    # Runs in the caller's thread and context, so the attempt reads it right after.
    if response_dict is None:
        return
    status: object = response_dict.get("status_code")
    headers: object = response_dict.get("headers")
    request_id: object = None
    if isinstance(headers, Mapping):
        request_id = cast("Mapping[str, object]", headers).get("x-amzn-requestid")
    if isinstance(status, int):
        _last_response.set(ResponseSeen(status, str(request_id) if request_id else None))


def _prepare(client: BaseClient) -> BaseClient:
    """What every client smsv2 calls gets, however it was made: log redaction, response records."""
    _log_redaction.install()
    meta: object = getattr(client, "meta", None)
    events: object = getattr(meta, "events", None)
    register: object = getattr(events, "register", None)
    if callable(register):  # stand-ins for a boto3 client in tests may have no event system
        register(
            f"before-parse.{SERVICE_NAME}", _record_response, unique_id="smsv2-record-response"
        )
    return client


def where_of(
    client: object, region_name: str | None, endpoint_url: str | None
) -> tuple[str | None, str | None]:
    """A botocore client's region and endpoint, or the configured ones where it lacks them."""
    meta: object = getattr(client, "meta", None)
    region: object = getattr(meta, "region_name", None)
    endpoint: object = getattr(meta, "endpoint_url", None)
    return (
        region if isinstance(region, str) else region_name,
        endpoint if isinstance(endpoint, str) else endpoint_url,
    )


def raw_success(response: Mapping[str, Any], shape: Shape | None) -> dict[str, Any] | None:
    """A 200 response with its body untouched, for pydantic-core; None for botocore's parser."""
    if response.get("status_code") != 200 or shape is None:
        return None
    headers = response.get("headers", {})
    return {
        RAW_BODY_KEY: response.get("body", b""),
        "ResponseMetadata": {
            "RequestId": headers.get("x-amzn-requestid", ""),
            "HTTPStatusCode": 200,
            "HTTPHeaders": headers,
        },
    }


def parser_defaults(factory: ResponseParserFactory) -> dict[str, Any]:
    """The keyword arguments `set_parser_defaults` gave the factory (botocore keeps them in
    an undeclared attribute that its own `create_parser` passes to each parser)."""
    return dict(getattr(factory, "_defaults", {}))


def _raw_parser_factory() -> ResponseParserFactory:
    from botocore.parsers import JSONParser, ResponseParserFactory

    class _RawSuccessJSONParser(JSONParser):
        """Hands a 200 body over untouched; errors go through botocore's parser as usual."""

        def parse(self, response: Mapping[str, Any], shape: Shape | None) -> Any:
            raw = raw_success(response, shape)
            # botocore passes None for operations without output; its stubs say Shape.
            return raw if raw is not None else super().parse(response, cast("Shape", shape))

    class _Factory(ResponseParserFactory):
        # One parser for every response: it keeps no state between them, and a new one per
        # response is a reference cycle left for the garbage collector.
        @functools.cached_property
        def _json(self) -> ResponseParser:
            return _RawSuccessJSONParser(**parser_defaults(self))

        def create_parser(self, protocol_name: str) -> ResponseParser:
            return self._json if protocol_name == "json" else super().create_parser(protocol_name)

    return _Factory()


class Transport:
    """Creates the boto3 client on first use (thread-safe) and keeps it for every derived client."""

    def __init__(
        self,
        *,
        boto3_client: BaseClient | None = None,
        session: boto3.Session | None = None,
        region_name: str | None = None,
        profile_name: str | None = None,
        endpoint_url: str | None = None,
        config: Config | None = None,
    ) -> None:
        self._client = boto3_client
        self._session = session
        self._region_name = region_name
        self._profile_name = profile_name
        self._endpoint_url = endpoint_url
        self._config = config
        self._lock = threading.Lock()
        self.owns_client = boto3_client is None
        self._direct: DirectSender | None = None
        if boto3_client is not None:
            _prepare(boto3_client)

    @property
    def client(self) -> BaseClient:
        """The underlying boto3 client, handed out: from now on every call goes through its
        whole event pipeline, so handlers registered on it (a Stubber...) see every request."""
        client = self.botocore_client
        self._direct = None
        return client

    def caller(self, operation_name: str, method: Callable[..., Any]) -> Callable[..., Any]:
        """How to send one operation: `method`, or the direct path of a client we created."""
        direct = self._direct
        return method if direct is None else direct.caller(operation_name, method)

    @property
    def botocore_client(self) -> BaseClient:
        """The botocore client, for smsv2's own use (the direct path stays on)."""
        client = self._client
        if client is None:
            with self._lock:
                if self._client is None:
                    self._client = _prepare(self._create())
                client = self._client
        return client

    def where(self) -> tuple[str | None, str | None]:
        """The region and endpoint requests go to; creates the client (no request) if needed."""
        try:
            client = self.botocore_client
        except Exception:
            return self._region_name, self._endpoint_url
        return where_of(client, self._region_name, self._endpoint_url)

    def _create(self) -> BaseClient:
        import botocore.session
        from botocore.config import Config
        from botocore.exceptions import NoRegionError

        # smsv2 retries, and its request models already checked every parameter (more
        # strictly than botocore's validator, which would only repeat the work).
        no_retries = Config(
            retries={"total_max_attempts": 1, "mode": "standard"}, parameter_validation=False
        )
        config = self._config.merge(no_retries) if self._config is not None else no_retries
        try:
            if self._session is not None:
                # A caller's session keeps its own parser: its other clients are not ours.
                # boto3-stubs types the clients of services without installed stubs as unknown.
                return self._session.client(  # pyright: ignore[reportUnknownMemberType]
                    SERVICE_NAME,
                    region_name=self._region_name,
                    endpoint_url=self._endpoint_url,
                    config=config,
                )
            core = botocore.session.Session(profile=self._profile_name)  # botocore alone: no boto3
            use_shared_loader(core, SERVICE_NAME)
            parsers = _raw_parser_factory()
            core.register_component("response_parser_factory", parsers)
            client = core.create_client(
                SERVICE_NAME,
                region_name=self._region_name,
                endpoint_url=self._endpoint_url,
                config=config,
            )
        except NoRegionError:
            raise ClientSetupError(
                "no AWS region: pass region_name= or set AWS_REGION / AWS_DEFAULT_REGION"
            ) from None
        credentials = core.get_credentials()  # the object the client signs with
        if credentials is not None:
            parser = parsers.create_parser("json")
            self._direct = DirectSender(client, credentials, parser, _record_response)
        return client

    def close(self) -> None:
        """Close the connection pool of a client smsv2 created (a handed-in one is left open)."""
        client = self._client
        if client is not None and self.owns_client:
            client.close()
