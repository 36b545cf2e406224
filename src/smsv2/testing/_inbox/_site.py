"""The inbox on the fake's HTTP server: the web UI under `/_smsv2/inbox` and the JSON API
under `/_smsv2/api/` (the UI uses only the API).

Safe by default: state-changing calls need a JSON content type and no foreign `Origin`;
a `Host` that is not the server's own is refused (DNS rebinding); an optional token
protects the API; the page's Content-Security-Policy allows only its own scripts and styles.
Error texts name the field, never the value (a phone number or a body).
"""

from __future__ import annotations

import hmac
import json
import re
import threading
import time
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, unquote, urlsplit

from .._http import Request, Response, Stream
from ._input import (
    ApiError,
    Query,
    clock_input,
    fault_input,
    inbound_input,
    outcome_input,
    parse_body,
)

if TYPE_CHECKING:
    from .._backend._core import FakeSmsVoice
    from .._backend._faults import FaultRule

PREFIX = "/_smsv2/"
UI_PATH = "/_smsv2/inbox"
API_PREFIX = "/_smsv2/api/"
#: Live clients at once (each holds a server thread; at most half of them).
MAX_STREAMS = 8
#: How often a live client's stream looks for changes (seconds).
STREAM_POLL = 0.2
_LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
_ANY_HOST = frozenset({"0.0.0.0", "::", ""})
_STATE_CHANGING = frozenset({"POST", "PUT", "DELETE", "PATCH"})
_ASSETS = {
    "inbox.js": "text/javascript; charset=utf-8",
    "inbox.css": "text/css; charset=utf-8",
    "icon.svg": "image/svg+xml",
}
_COMMON_HEADERS = [
    ("Cache-Control", "no-store"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
]
_PAGE_HEADERS = [
    (
        "Content-Security-Policy",
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    ),
    ("X-Frame-Options", "DENY"),
]


@dataclass(frozen=True)
class _Call:
    request: Request
    query: Query
    match: re.Match[str]


_Route = Callable[["InboxSite", _Call], "Response | Stream"]


class InboxSite:
    """Answers requests under `/_smsv2/` for one fake (`handle`)."""

    def __init__(
        self,
        fake: FakeSmsVoice,
        *,
        token: str | None = None,
        host: str = "127.0.0.1",
        max_streams: int = MAX_STREAMS,
    ) -> None:
        if token is not None and not token:
            raise ValueError("the inbox token must not be empty")
        self.fake = fake
        self._token = token
        self._host = host
        self._max_streams = max_streams
        self._streams = 0
        self._streams_lock = threading.Lock()
        self._fault_rules: list[FaultRule] = []
        self._fault_settings: dict[str, object] = fault_input({})[0]

    def handle(self, request: Request) -> Response | Stream | None:
        """The answer to `request`; None when its path is not the inbox's."""
        split = urlsplit(request.target)
        if not split.path.startswith(PREFIX):
            return None
        try:
            self._check_host(request)
            if split.path.startswith(API_PREFIX):
                query = Query(parse_qs(split.query, keep_blank_values=True))
                self._check_api(request, query)
                return self._route(request, split.path, query)
            return _page(request, split.path)
        except ApiError as err:
            return _json(err.status, err.to_body())

    # --- checks ---------------------------------------------------------------------------
    def _check_host(self, request: Request) -> None:
        host = _hostname(request.headers.get("host", ""))
        if self._host in _ANY_HOST or host in _LOOPBACK_HOSTS or host == self._host:
            return
        raise ApiError(403, "ForbiddenHost", "the Host header is not this server", "Host")

    def _check_api(self, request: Request, query: Query) -> None:
        # EventSource cannot send headers: the page passes the token as ?token= there.
        from_query = query.take_token()
        if self._token is not None:
            given = request.headers.get("authorization", "").removeprefix("Bearer ")
            given = given or from_query
            if not hmac.compare_digest(given.encode(), self._token.encode()):
                raise ApiError(401, "Unauthorized", "a valid inbox token is required", "token")
        if request.method not in _STATE_CHANGING:
            return
        kind = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if kind != "application/json":
            raise ApiError(
                415, "UnsupportedMediaType", "the body must be application/json", "Content-Type"
            )
        origin = request.headers.get("origin")
        foreign = origin is not None and origin != f"http://{request.headers.get('host', '')}"
        site = request.headers.get("sec-fetch-site", "same-origin")
        if foreign or site not in ("same-origin", "none"):
            raise ApiError(403, "ForeignOrigin", "requests from other sites are refused", "Origin")

    # --- routing --------------------------------------------------------------------------
    def _route(self, request: Request, path: str, query: Query) -> Response | Stream:
        rest = path[len(API_PREFIX) :]
        allowed: list[str] = []
        for method, pattern, handler in _ROUTES:
            match = pattern.fullmatch(rest)
            if match is None:
                continue
            if method != request.method:
                allowed.append(method)
                continue
            return handler(self, _Call(request, query, match))
        if allowed:
            raise ApiError(405, "MethodNotAllowed", f"use {', '.join(allowed)}", "method")
        raise ApiError(404, "NotFound", "no such API call", "path")

    def _messages(self, call: _Call) -> Response:
        filters, limit, before = call.query.page()
        found, cursor = self.fake.inbox.page(limit=limit, before=before, **filters)
        next_cursor = None if cursor is None else str(cursor)
        return _json(200, {"messages": found, "next_cursor": next_cursor})

    def _conversations(self, call: _Call) -> Response:
        filters, limit, _ = call.query.page(default_limit=200, max_limit=1000)
        found = self.fake.inbox.conversations(limit=limit, **filters)
        return _json(200, {"conversations": found})

    def _message(self, call: _Call) -> Response:
        call.query.done()
        found = self.fake.inbox.message(unquote(call.match["id"]))
        if found is None:
            raise ApiError(404, "NotFound", "no such message (or it was pruned)", "message_id")
        return _json(200, found)

    def _clear(self, call: _Call) -> Response:
        call.query.done()
        self.fake.inbox.clear()
        return _json(200, {"cleared": True})

    def _inbound(self, call: _Call) -> Response:
        sender, to, body = inbound_input(parse_body(call.request.body))
        try:
            reply = self.fake.inbound(sender, to, body)
        except LookupError:
            raise ApiError(
                400, "InvalidParameter", "no phone number of the fake is this number", "to"
            ) from None
        return _json(200, {"reply": reply})

    def _outcomes(self, call: _Call) -> Response:
        call.query.done()
        overview = self.fake.inbox.overview()
        return _json(200, {k: overview[k] for k in ("delivery_outcomes", "known_outcomes")})

    def _put_outcome(self, call: _Call) -> Response:
        destination = unquote(call.match["destination"])
        status = outcome_input(destination, parse_body(call.request.body))
        try:
            self.fake.set_delivery_outcome(destination, status)
        except ValueError:
            raise ApiError(400, "InvalidParameter", "unknown delivery outcome", "status") from None
        return _json(200, {"destination": destination, "status": status})

    def _clock(self, call: _Call) -> Response:
        call.query.done()
        return _json(200, {"now": self.fake.now, "settle": self.fake.settle})

    def _advance(self, call: _Call) -> Response:
        self.fake.advance(clock_input(parse_body(call.request.body)))
        return _json(200, {"now": self.fake.now, "settle": self.fake.settle})

    def _faults(self, call: _Call) -> Response:
        call.query.done()
        return _json(200, self._fault_view())

    def _put_faults(self, call: _Call) -> Response:
        settings, rates = fault_input(parse_body(call.request.body))
        faults = self.fake.faults
        added: list[FaultRule] = []
        if rates.throttle:
            added.append(faults.throttle(rates.throttle))
        if rates.error:
            added.append(faults.error(rates.error))
        if rates.after_work:
            how = settings["after_work"]
            if how == "drop":
                added.append(faults.drop_after_work(rates.after_work))
            elif how == "timeout":
                added.append(faults.timeout_after_work(rates.after_work, seconds=30.0))
            else:
                added.append(faults.error_after_work(rates.after_work))
        # Swap the inbox's rules in one assignment: calls in flight see old or new ones.
        old = [id(rule) for rule in self._fault_rules]
        faults.rules[:] = [rule for rule in faults.rules if id(rule) not in old]
        self._fault_rules = added
        self._fault_settings = settings
        return _json(200, self._fault_view())

    def _fault_view(self) -> dict[str, object]:
        return {**self._fault_settings, "injected": len(self.fake.faults.injected)}

    def _account(self, call: _Call) -> Response:
        call.query.done()
        return _json(200, self.fake.inbox.overview())

    def _stream(self, call: _Call) -> Stream:
        call.query.done()
        with self._streams_lock:
            if self._streams >= self._max_streams:
                limit = self._max_streams
                raise ApiError(503, "TooManyStreams", f"at most {limit} live clients")
            self._streams += 1
        chunks = self._changes()
        next(chunks)  # started, so that closing it runs its ``finally`` (frees the slot)
        headers = [("Content-Type", "text/event-stream"), *_COMMON_HEADERS]
        return Stream(headers, chunks)

    def _changes(self) -> Generator[bytes, None, None]:
        """Server-sent events: `change` whenever the inbox may show something new, a
        comment line every second otherwise (it also notices a client that left)."""
        try:
            yield b""
            yield b"retry: 1000\n\n"
            last: tuple[float, ...] | None = None
            quiet = 0.0
            while True:
                version = self.fake.inbox.version()
                if version != last:
                    last, quiet = version, 0.0
                    data = json.dumps({"version": list(version)})
                    yield f"event: change\ndata: {data}\n\n".encode()
                elif quiet >= 1.0:
                    quiet = 0.0
                    yield b": idle\n\n"
                time.sleep(STREAM_POLL)
                quiet += STREAM_POLL
        finally:
            with self._streams_lock:
                self._streams -= 1


_ROUTES: list[tuple[str, re.Pattern[str], _Route]] = [
    ("GET", re.compile("messages"), InboxSite._messages),
    ("DELETE", re.compile("messages"), InboxSite._clear),
    ("GET", re.compile("messages/(?P<id>[^/]+)"), InboxSite._message),
    ("GET", re.compile("conversations"), InboxSite._conversations),
    ("POST", re.compile("inbound"), InboxSite._inbound),
    ("GET", re.compile("outcomes"), InboxSite._outcomes),
    ("PUT", re.compile("outcomes/(?P<destination>[^/]+)"), InboxSite._put_outcome),
    ("GET", re.compile("clock"), InboxSite._clock),
    ("POST", re.compile("clock"), InboxSite._advance),
    ("GET", re.compile("faults"), InboxSite._faults),
    ("PUT", re.compile("faults"), InboxSite._put_faults),
    ("GET", re.compile("account"), InboxSite._account),
    ("GET", re.compile("stream"), InboxSite._stream),
]


def _hostname(host: str) -> str:
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _json(status: int, payload: Mapping[str, object]) -> Response:
    body = json.dumps(payload, separators=(",", ":")).encode()
    headers = [("Content-Type", "application/json"), *_COMMON_HEADERS]
    return Response(status, headers, body)


def _page(request: Request, path: str) -> Response:
    if request.method != "GET":
        raise ApiError(405, "MethodNotAllowed", "use GET", "method")
    if path in (UI_PATH, UI_PATH + "/"):
        return Response(200, _html_headers(), _asset("index.html"))
    name = path.removeprefix(UI_PATH + "/assets/")
    if name in _ASSETS:
        return Response(200, [("Content-Type", _ASSETS[name]), *_COMMON_HEADERS], _asset(name))
    raise ApiError(404, "NotFound", "no such page", "path")


def _html_headers() -> list[tuple[str, str]]:
    return [("Content-Type", "text/html; charset=utf-8"), *_COMMON_HEADERS, *_PAGE_HEADERS]


@cache
def _asset(name: str) -> bytes:
    """A file of the UI, shipped in the wheel next to this module (read once)."""
    return (resources.files("smsv2.testing._inbox") / "static" / name).read_bytes()


__all__ = ["API_PREFIX", "MAX_STREAMS", "UI_PATH", "InboxSite"]
