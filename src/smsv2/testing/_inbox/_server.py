"""`InboxServer`: the inbox alone on its own port (`FakeSmsVoice.serve_inbox`).

`smsv2 fake serve` serves the same site next to the service's API instead
(`ThreadedServer`)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from .._http import HttpServer, Request, Response, Stream
from ._input import ApiError
from ._site import UI_PATH, InboxSite

if TYPE_CHECKING:
    from .._backend._core import FakeSmsVoice


def error_answer(status: int, reason: str) -> Response:
    """The JSON answer to a request that could not be framed."""
    body = ApiError(status, "BadRequest" if status == 400 else "InternalError", reason).to_body()
    return Response(status, [("Content-Type", "application/json")], json.dumps(body).encode())


class InboxServer:
    """Serve the inbox of `fake` on a background thread (`start`, `stop`)."""

    def __init__(
        self,
        fake: FakeSmsVoice,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        token: str | None = None,
    ) -> None:
        self.site = InboxSite(fake, token=token, host=host)
        self._http = HttpServer((host, port), self._handle, error_answer)

    @property
    def url(self) -> str:
        """The server's base URL."""
        host, port = self._http.address
        return f"http://{host}:{port}"

    @property
    def inbox_url(self) -> str:
        """The web inbox's URL."""
        return self.url + UI_PATH

    def _handle(self, request: Request) -> Response | Stream:
        answer = self.site.handle(request)
        if answer is None:
            return error_answer(404, "not found: the inbox is under /_smsv2/")
        return answer

    def start(self) -> None:
        """Serve on a background thread."""
        self._http.start()

    def stop(self) -> None:
        """Stop serving (live clients are disconnected) and close the socket."""
        self._http.stop()
