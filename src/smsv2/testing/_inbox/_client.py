"""`InboxClient`: the inbox's JSON API from another process (a CI job, a test runner)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from typing import Literal, cast
from urllib.parse import quote, urlencode

from typing_extensions import NotRequired, TypedDict

from smsv2._public import publish
from smsv2.errors import SmsV2Error

from ._site import API_PREFIX

AfterWorkHow = Literal["error", "timeout", "drop"]
Direction = Literal["inbound", "outbound"]


class InboxApiError(SmsV2Error):
    """A call of the inbox API failed. `status` is the HTTP status (None: no answer),
    `code` a stable name (`"InvalidParameter"`, `"NotFound"`...), `field` the
    parameter at fault. The message never holds a phone number or a body."""

    def __init__(self, message: str, *, status: int | None, code: str, field: str | None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.field = field


class TimelineStep(TypedDict):
    """One step of a sent message's delivery, on the fake clock."""

    status: str
    at: float
    final: bool
    reached: bool
    #: Event destinations that received this step's event.
    destinations: list[str]


class InboxMessage(TypedDict):
    """A message as the inbox lists it (`direction` tells which keys are set)."""

    id: str
    seq: int
    direction: Direction
    #: The end user's number: the conversation it belongs to.
    number: str
    status: str
    channel: str
    origination: str | None
    body: str | None
    timestamp: float
    account_id: str
    region: str
    operation: NotRequired[str]
    message_type: NotRequired[str | None]
    configuration_set: NotRequired[str | None]
    media_urls: NotRequired[list[str]]
    voice_id: NotRequired[str | None]
    text_type: NotRequired[str | None]
    keyword: NotRequired[str | None]
    action: NotRequired[str | None]
    reply: NotRequired[str | None]
    # only from InboxClient.message():
    context: NotRequired[dict[str, str]]
    time_to_live: NotRequired[int | None]
    price: NotRequired[float]
    parts: NotRequired[int]
    encoding: NotRequired[dict[str, object] | None]
    timeline: NotRequired[list[TimelineStep]]


class InboxPage(TypedDict):
    """One page of messages, newest first; pass `next_cursor` back for the next one."""

    messages: list[InboxMessage]
    next_cursor: str | None


class Conversation(TypedDict):
    """The messages exchanged with one end-user number."""

    number: str
    count: int
    last: InboxMessage


class FaultSettings(TypedDict):
    """The inbox's fault settings, as percentages of calls."""

    throttle_percent: float
    error_percent: float
    after_work_percent: float
    after_work: AfterWorkHow
    #: Faults the fake injected so far (all sources).
    injected: int


class InboxClient:
    """The inbox API of a fake at `base_url` (`http://127.0.0.1:4566`). `token` is the server's
    `--inbox-token`, if it has one. Failures raise [`InboxApiError`][smsv2.testing.InboxApiError]."""

    def __init__(self, base_url: str, *, token: str | None = None, timeout: float = 10.0) -> None:
        self._api = base_url.rstrip("/") + API_PREFIX
        self._token = token
        self._timeout = timeout

    def messages(
        self,
        *,
        destination: str | None = None,
        origination: str | None = None,
        status: str | None = None,
        configuration_set: str | None = None,
        text: str | None = None,
        direction: Direction | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> InboxPage:
        """One page of messages, newest first. `destination`/`origination` match part of
        the number, `text` part of the body (any case)."""
        query = {
            "destination": destination,
            "origination": origination,
            "status": status,
            "configuration_set": configuration_set,
            "text": text,
            "direction": direction,
            "limit": str(limit),
            "cursor": cursor,
        }
        return cast("InboxPage", self._call("GET", "messages", query=query))

    def iter_messages(self, **filters: str) -> Iterator[InboxMessage]:
        """Every message matching `filters` (see [`messages`][smsv2.testing.InboxClient.messages]),
        page by page."""
        cursor = None
        while True:
            page = self.messages(**filters, cursor=cursor)  # type: ignore[arg-type]
            yield from page["messages"]
            cursor = page["next_cursor"]
            if cursor is None:
                return

    def message(self, message_id: str) -> InboxMessage:
        """One message with its timeline, encoding, context, TTL and price."""
        return cast("InboxMessage", self._call("GET", "messages/" + quote(message_id, safe="")))

    def conversations(self, *, limit: int = 200, **filters: str) -> list[Conversation]:
        """One entry per end-user number, the latest first."""
        found = self._call("GET", "conversations", query={"limit": str(limit), **filters})
        return cast("list[Conversation]", found["conversations"])

    def clear(self) -> None:
        """Forget every message listed so far."""
        self._call("DELETE", "messages", body={})

    def reply(self, from_number: str, to_number: str, body: str) -> str | None:
        """Text `body` from `from_number` to the account's `to_number`; returns the
        automatic answer (STOP, HELP...) or None."""
        found = self._call(
            "POST", "inbound", body={"from": from_number, "to": to_number, "body": body}
        )
        reply = found["reply"]
        return reply if isinstance(reply, str) else None

    def set_outcome(self, destination: str, status: str | None) -> None:
        """The final delivery status of later messages to `destination` (None resets)."""
        self._call("PUT", "outcomes/" + quote(destination, safe=""), body={"status": status})

    def advance_clock(self, seconds: float) -> float:
        """Move the fake clock forward; returns the new fake time (epoch seconds)."""
        found = self._call("POST", "clock", body={"advance_seconds": seconds})
        return float(cast("float", found["now"]))

    def set_faults(
        self,
        *,
        throttle_percent: float = 0.0,
        error_percent: float = 0.0,
        after_work_percent: float = 0.0,
        after_work: AfterWorkHow = "error",
    ) -> FaultSettings:
        """Replace the inbox's faults (all zero turns them off)."""
        body = {
            "throttle_percent": throttle_percent,
            "error_percent": error_percent,
            "after_work_percent": after_work_percent,
            "after_work": after_work,
        }
        return cast("FaultSettings", self._call("PUT", "faults", body=body))

    def account(self) -> dict[str, object]:
        """Accounts (opt-out lists, pools, numbers, spend, verified destinations), the
        clock and the chosen delivery outcomes."""
        return self._call("GET", "account")

    def _call(
        self,
        method: str,
        path: str,
        *,
        query: Mapping[str, str | None] | None = None,
        body: Mapping[str, object] | None = None,
    ) -> dict[str, object]:
        url = self._api + path
        given = {k: v for k, v in (query or {}).items() if v is not None}
        if given:
            url += "?" + urlencode(given)
        request = urllib.request.Request(url, method=method)
        if self._token is not None:
            request.add_header("Authorization", f"Bearer {self._token}")
        data = None
        if body is not None:
            request.add_header("Content-Type", "application/json")
            data = json.dumps(body).encode()
        try:
            with urllib.request.urlopen(request, data, timeout=self._timeout) as answer:
                return cast("dict[str, object]", json.loads(answer.read()))
        except urllib.error.HTTPError as err:
            raise _api_error(err.code, err.read()) from None
        except (OSError, ValueError):
            # The URL holds phone numbers (outcomes/+1...): the cause is not kept.
            raise InboxApiError(
                "the inbox API did not answer", status=None, code="ConnectionFailed", field=None
            ) from None


def _api_error(status: int, raw: bytes) -> InboxApiError:
    try:
        error = json.loads(raw)["error"]
        return InboxApiError(
            str(error["message"]), status=status, code=str(error["code"]), field=error.get("field")
        )
    except (ValueError, KeyError, TypeError):
        return InboxApiError(
            f"the inbox API answered HTTP {status}", status=status, code="Unknown", field=None
        )


publish(
    "smsv2.testing",
    [
        "Conversation",
        "FaultSettings",
        "InboxApiError",
        "InboxClient",
        "InboxMessage",
        "InboxPage",
        "TimelineStep",
    ],
    globals(),
)
