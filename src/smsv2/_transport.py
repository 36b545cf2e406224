"""The transport layer: the boto3 client that carries requests, created once and shared.

Everything it decides is in `_setup` (shared with the async transport); this module only
creates the client and closes it. On clients smsv2 creates, a successful JSON response skips
botocore's Python parser: its raw body is handed to pydantic-core, which validates it straight
into the result model. Errors still go through botocore's parser.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, cast

from smsv2._botocore_session import use_shared_loader
from smsv2._direct import DirectSender
from smsv2._setup import (
    RAW_BODY_KEY,
    SERVICE_NAME,
    OneJSONParser,
    ResponseSeen,
    Settings,
    last_response,
    prepare,
    raw_success,
    setup_error,
    start_attempt,
    where_of,
)
from smsv2._setup import _record_response as record_response

if TYPE_CHECKING:
    import boto3
    from botocore.client import BaseClient
    from botocore.model import Shape


def _raw_parser_factory() -> OneJSONParser:
    from botocore.parsers import JSONParser, ResponseParserFactory

    class _RawSuccessJSONParser(JSONParser):
        """Hands a 200 body over untouched; errors go through botocore's parser as usual."""

        def parse(self, response: Mapping[str, Any], shape: Shape | None) -> Any:
            raw = raw_success(response, shape)
            # botocore passes None for operations without output; its stubs say Shape.
            return raw if raw is not None else super().parse(response, cast("Shape", shape))

    return OneJSONParser(ResponseParserFactory(), _RawSuccessJSONParser)


def session_type() -> type:
    # Only to recognise a handed-in boto3 Session: smsv2's own clients never import boto3.
    import boto3

    return boto3.Session


class Transport:
    """Creates the boto3 client on first use (thread-safe) and keeps it for every derived client."""

    def __init__(
        self, settings: Settings, client: BaseClient | None, session: boto3.Session | None
    ) -> None:
        self._settings = settings
        # A handed-in client gets log redaction and response records too (prepare).
        self._client = prepare(client) if client is not None else None
        self._session = session
        self._lock = threading.Lock()
        self.owns_client = client is None
        self._direct: DirectSender | None = None

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
                    self._client = prepare(self._create())
                client = self._client
        return client

    def where(self) -> tuple[str | None, str | None]:
        """The region and endpoint requests go to; creates the client (no request) if needed."""
        settings = self._settings
        try:
            client = self.botocore_client
        except Exception:
            return settings.region(), settings.endpoint_url
        return where_of(client, settings.region(), settings.endpoint_url)

    def _create(self) -> BaseClient:
        from botocore.config import Config

        kwargs = self._settings.client_kwargs(Config)
        try:
            if self._session is not None:
                # A caller's session keeps its own parser: its other clients are not ours.
                # boto3-stubs types the clients of services without installed stubs as unknown.
                client: BaseClient = self._session.client(  # pyright: ignore[reportUnknownMemberType]
                    SERVICE_NAME, **kwargs
                )
                return client
            return self._create_direct(kwargs)
        except Exception as exc:
            failure = setup_error(exc)
        raise failure

    def _create_direct(self, kwargs: dict[str, Any]) -> BaseClient:
        """A client from botocore alone (no boto3 import), with the direct path attached."""
        import botocore.session

        core = botocore.session.Session(profile=self._settings.profile_name)
        use_shared_loader(core, SERVICE_NAME)
        parsers = _raw_parser_factory()
        core.register_component("response_parser_factory", parsers)
        client = core.create_client(SERVICE_NAME, **kwargs)
        credentials = core.get_credentials()  # the object the client signs with
        if credentials is not None:
            parser = parsers.create_parser("json")
            self._direct = DirectSender(client, credentials, parser, record_response)
        return client

    def close(self) -> None:
        """Close the connection pool of a client smsv2 created (a handed-in one is left open)."""
        client = self._client
        if client is not None and self.owns_client:
            client.close()


__all__ = [
    "RAW_BODY_KEY",
    "SERVICE_NAME",
    "ResponseSeen",
    "Transport",
    "last_response",
    "start_attempt",
]
