"""The async transport: the aiobotocore client that carries `AsyncClient`'s requests.

Same rules as the sync transport (`_transport`): created on first use and shared by every
derived client, aiobotocore's own retries off, and on clients smsv2 creates a successful JSON
body is handed to pydantic-core untouched (errors still go through botocore's parser).
aiobotocore is optional: `pip install 'smsv2[async]'`.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Mapping
from contextlib import AsyncExitStack
from typing import TYPE_CHECKING, Any, cast

from smsv2._botocore_session import use_shared_loader
from smsv2._direct import AsyncDirectSender
from smsv2._errors_base import ClientSetupError
from smsv2._transport import SERVICE_NAME, parser_defaults, raw_success, where_of
from smsv2._transport import _raw_parser_factory as sync_raw_parser_factory
from smsv2._transport import _record_response as record_response

if TYPE_CHECKING:
    from aiobotocore.config import AioConfig
    from aiobotocore.parsers import AioResponseParserFactory
    from aiobotocore.session import AioSession
    from botocore.model import Shape
    from types_aiobotocore_pinpoint_sms_voice_v2 import PinpointSMSVoiceV2Client

INSTALL_HINT = "smsv2.AsyncClient needs aiobotocore: pip install 'smsv2[async]'"


def _raw_parser_factory() -> AioResponseParserFactory:
    from aiobotocore.parsers import AioJSONParser, AioResponseParserFactory
    from botocore.parsers import ResponseParser

    class _RawSuccessJSONParser(AioJSONParser):
        """Hands a 200 body over untouched; errors go through aiobotocore's parser."""

        async def parse(self, response: Mapping[str, Any], shape: Shape | None) -> Any:
            raw = raw_success(response, shape)
            if raw is not None:
                return raw
            # aiobotocore passes None for operations without output; its stubs say Shape.
            return await super().parse(response, cast("Shape", shape))

    class _Factory(AioResponseParserFactory):
        # One parser for every response, as in the sync transport.
        @functools.cached_property
        def _json(self) -> ResponseParser:
            return _RawSuccessJSONParser(**parser_defaults(self))

        def create_parser(self, protocol_name: str) -> ResponseParser:
            return self._json if protocol_name == "json" else super().create_parser(protocol_name)

    return _Factory()


class AsyncTransport:
    """Creates the aiobotocore client on first use (once, even under concurrent first calls)."""

    def __init__(
        self,
        *,
        aiobotocore_client: PinpointSMSVoiceV2Client | None = None,
        session: AioSession | None = None,
        region_name: str | None = None,
        profile_name: str | None = None,
        endpoint_url: str | None = None,
        config: AioConfig | None = None,
    ) -> None:
        self._client = aiobotocore_client
        self._session = session
        self._region_name = region_name
        self._profile_name = profile_name
        self._endpoint_url = endpoint_url
        self._config = config
        self._lock: asyncio.Lock | None = None
        self._stack: AsyncExitStack | None = None
        self.owns_client = aiobotocore_client is None
        self._direct: AsyncDirectSender | None = None

    async def client(self) -> PinpointSMSVoiceV2Client:
        """The underlying aiobotocore client, handed out: from now on every call goes through
        its whole event pipeline, so handlers registered on it see every request."""
        client = await self.botocore_client()
        self._direct = None
        return client

    def caller(self, operation_name: str, method: Callable[..., Any]) -> Callable[..., Any]:
        """How to send one operation: `method`, or the direct path of a client we created."""
        direct = self._direct
        return method if direct is None else direct.caller(operation_name, method)

    async def botocore_client(self) -> PinpointSMSVoiceV2Client:
        """The aiobotocore client, for smsv2's own use (the direct path stays on)."""
        client = self._client
        if client is not None:
            return client
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            if self._client is None:
                self._client = await self._create()
            return self._client

    def where(self) -> tuple[str | None, str | None]:
        """The region and endpoint requests go to: the open client's, else the configured ones
        (creating an aiobotocore client needs the event loop, so a repr cannot)."""
        if self._client is None:
            return self._region_name, self._endpoint_url
        return where_of(self._client, self._region_name, self._endpoint_url)

    async def _create(self) -> PinpointSMSVoiceV2Client:
        try:
            from aiobotocore.config import AioConfig
            from aiobotocore.session import AioSession
        except ImportError:
            raise ClientSetupError(INSTALL_HINT) from None
        from botocore.exceptions import NoRegionError

        from smsv2 import _log_redaction

        _log_redaction.install()
        # smsv2 retries, and its request models already checked every parameter (more
        # strictly than botocore's validator, which would only repeat the work).
        no_retries = AioConfig(
            retries={"total_max_attempts": 1, "mode": "standard"}, parameter_validation=False
        )
        config = self._config.merge(no_retries) if self._config is not None else no_retries
        if self._session is not None:
            # A caller's session keeps its own parser: its other clients are not ours to change.
            session = self._session
        else:
            session = AioSession(profile=self._profile_name)
            use_shared_loader(session, SERVICE_NAME)
            session.register_component("response_parser_factory", _raw_parser_factory())
        stack = AsyncExitStack()
        try:
            client = await stack.enter_async_context(
                session.create_client(  # pyright: ignore[reportUnknownMemberType]
                    SERVICE_NAME,
                    region_name=self._region_name,
                    endpoint_url=self._endpoint_url,
                    config=config,
                )
            )
        except NoRegionError:
            await stack.aclose()
            raise ClientSetupError(
                "no AWS region: pass region_name= or set AWS_REGION / AWS_DEFAULT_REGION"
            ) from None
        self._stack = stack
        if self._session is None:
            credentials = await session.get_credentials()  # the object the client signs with
            if credentials is not None:
                parser = sync_raw_parser_factory().create_parser("json")
                self._direct = AsyncDirectSender(client, credentials, parser, record_response)
        return client

    async def close(self) -> None:
        """Close the connection pool of a client smsv2 created (a handed-in one is left open)."""
        stack, self._stack = self._stack, None
        if stack is not None and self.owns_client:
            self._client = None
            await stack.aclose()
