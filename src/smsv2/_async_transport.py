"""The async transport: the aiobotocore client that carries `AsyncClient`'s requests.

Everything it decides is in `_setup`, shared with the sync transport: this module only
creates the client (on first use, once, shared by every derived client) and closes it. On
clients smsv2 creates a successful JSON body is handed to pydantic-core untouched (errors still
go through botocore's parser). aiobotocore is optional: `pip install 'smsv2[async]'`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from contextlib import AsyncExitStack
from typing import TYPE_CHECKING, Any, cast

from smsv2._botocore_session import use_shared_loader
from smsv2._direct import AsyncDirectSender
from smsv2._errors_base import ClientSetupError
from smsv2._setup import (
    SERVICE_NAME,
    OneJSONParser,
    Settings,
    prepare,
    raw_success,
    setup_error,
    where_of,
)
from smsv2._setup import _record_response as record_response
from smsv2._transport import _raw_parser_factory as sync_raw_parser_factory

if TYPE_CHECKING:
    from aiobotocore.session import AioSession
    from botocore.model import Shape
    from types_aiobotocore_pinpoint_sms_voice_v2 import PinpointSMSVoiceV2Client

INSTALL_HINT = "smsv2.AsyncClient needs aiobotocore: pip install 'smsv2[async]'"


def _raw_parser_factory() -> OneJSONParser:
    from aiobotocore.parsers import AioJSONParser, AioResponseParserFactory

    class _RawSuccessJSONParser(AioJSONParser):
        """Hands a 200 body over untouched; errors go through aiobotocore's parser."""

        async def parse(self, response: Mapping[str, Any], shape: Shape | None) -> Any:
            raw = raw_success(response, shape)
            if raw is not None:
                return raw
            # aiobotocore passes None for operations without output; its stubs say Shape.
            return await super().parse(response, cast("Shape", shape))

    return OneJSONParser(AioResponseParserFactory(), _RawSuccessJSONParser)


def session_type() -> type | None:
    try:
        from aiobotocore.session import AioSession
    except ImportError:  # the first call says how to install it
        return None
    return AioSession


class AsyncTransport:
    """Creates the aiobotocore client on first use (once, even under concurrent first calls)."""

    def __init__(
        self,
        settings: Settings,
        client: PinpointSMSVoiceV2Client | None,
        session: AioSession | None,
    ) -> None:
        self._settings = settings
        # A handed-in client gets log redaction and response records too (prepare).
        self._client = prepare(client) if client is not None else None
        self._session = session
        self._lock: asyncio.Lock | None = None
        self._stack: AsyncExitStack | None = None
        self.owns_client = client is None
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
                self._client = prepare(await self._create())
            return self._client

    def where(self) -> tuple[str | None, str | None]:
        """The region and endpoint requests go to: the open client's, else the configured ones
        (creating an aiobotocore client needs the event loop, so a repr cannot)."""
        settings = self._settings
        return where_of(self._client, settings.region(), settings.endpoint_url)

    async def _create(self) -> PinpointSMSVoiceV2Client:
        try:
            from aiobotocore.config import AioConfig
            from aiobotocore.session import AioSession
        except ImportError:
            raise ClientSetupError(INSTALL_HINT) from None
        session = self._session
        if session is None:
            # A caller's session keeps its own parser: its other clients are not ours to change.
            session = AioSession(profile=self._settings.profile_name)
            use_shared_loader(session, SERVICE_NAME)
            session.register_component("response_parser_factory", _raw_parser_factory())
        stack = AsyncExitStack()
        kwargs = self._settings.client_kwargs(AioConfig)
        try:
            client = await stack.enter_async_context(
                session.create_client(SERVICE_NAME, **kwargs)  # pyright: ignore[reportUnknownMemberType]
            )
        except Exception as exc:
            failure = setup_error(exc)
        else:
            self._stack = stack
            if self._session is None:
                await self._attach_direct(session, client)
            return client
        raise failure

    async def _attach_direct(self, session: AioSession, client: PinpointSMSVoiceV2Client) -> None:
        credentials = await session.get_credentials()  # the object the client signs with
        if credentials is not None:
            parser = sync_raw_parser_factory().create_parser("json")
            self._direct = AsyncDirectSender(client, credentials, parser, record_response)

    async def close(self) -> None:
        """Close the connection pool of a client smsv2 created (a handed-in one is left open)."""
        stack, self._stack = self._stack, None
        if stack is not None and self.owns_client:
            self._client = None
            await stack.aclose()
