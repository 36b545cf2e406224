"""Checking what the inbox API is given: query parameters and JSON bodies. A problem is an
`ApiError` (400) that names the field and never repeats the value."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import cast

#: The directions a message can have.
DIRECTIONS = ("inbound", "outbound")
#: How the answer of a call is lost by the "after the work" fault.
AFTER_WORK = ("error", "timeout", "drop")
_E164 = re.compile(r"\+[1-9][0-9]{1,14}")
_FILTERS = ("destination", "origination", "status", "configuration_set", "text", "direction")
_MAX_BODY = 1600
_MAX_ADVANCE = 366 * 24 * 3600.0


class ApiError(Exception):
    """An answer other than 200: HTTP status, a stable code, the field at fault."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.field = field
        self.message = message

    def to_body(self) -> dict[str, object]:
        """The JSON error body."""
        error: dict[str, object] = {"status": self.status, "code": self.code}
        error["message"] = self.message
        if self.field is not None:
            error["field"] = self.field
        return {"error": error}


def bad(field: str, message: str) -> ApiError:
    """A 400 about `field`."""
    return ApiError(400, "InvalidParameter", f"{field}: {message}", field)


class Query:
    """The query parameters of one call; each is read once, leftovers are refused."""

    def __init__(self, values: dict[str, list[str]]) -> None:
        self._values = values

    def take(self, name: str) -> str | None:
        """The parameter's value (None: absent); given twice is an error."""
        values = self._values.pop(name, None)
        if values is None:
            return None
        if len(values) > 1:
            raise bad(name, "given more than once")
        return values[0]

    def take_token(self) -> str:
        """The `token` parameter ("" when absent)."""
        return self.take("token") or ""

    def done(self) -> None:
        """Refuse any parameter not read."""
        for name in sorted(self._values):
            raise bad(name, "unknown parameter")

    def page(
        self, *, default_limit: int = 50, max_limit: int = 500
    ) -> tuple[dict[str, str], int, int | None]:
        """(filters as `Inbox.page` keywords, limit, cursor) of a list call."""
        filters: dict[str, str] = {}
        for name in _FILTERS:
            value = self.take(name)
            if value:
                filters[name] = value
        direction = filters.get("direction")
        if direction is not None and direction not in DIRECTIONS:
            raise bad("direction", "must be inbound or outbound")
        limit = _integer(self.take("limit"), "limit", 1, max_limit, default_limit)
        cursor = self.take("cursor")
        before = None if not cursor else _integer(cursor, "cursor", 1, 2**62, 1)
        self.done()
        return filters, limit, before


def _integer(value: str | None, field: str, low: int, high: int, default: int) -> int:
    if value is None:
        return default
    if not value.isascii() or not value.isdigit():
        raise bad(field, "must be a whole number")
    number = int(value)
    if not low <= number <= high:
        raise bad(field, f"must be between {low} and {high}")
    return number


def parse_body(body: bytes) -> dict[str, object]:
    """The JSON object of a request body."""
    try:
        data: object = json.loads(body or b"{}")
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise bad("body", "is not valid JSON") from None
    if not isinstance(data, dict):
        raise bad("body", "must be a JSON object")
    return {str(k): v for k, v in cast("dict[object, object]", data).items()}


def _only(data: dict[str, object], allowed: tuple[str, ...]) -> None:
    for name in sorted(data):
        if name not in allowed:
            raise bad(name, "unknown member")


def _phone(data: dict[str, object], field: str) -> str:
    value = data.get(field)
    if not isinstance(value, str) or not _E164.fullmatch(value):
        raise bad(field, "must be a phone number in E.164 format (+ and up to 15 digits)")
    return value


def inbound_input(data: dict[str, object]) -> tuple[str, str, str]:
    """(from, to, body) of a reply as the recipient."""
    _only(data, ("from", "to", "body"))
    body = data.get("body")
    if not isinstance(body, str) or not body.strip():
        raise bad("body", "must be a non-empty string")
    if len(body) > _MAX_BODY:
        raise bad("body", f"must be at most {_MAX_BODY} characters")
    return _phone(data, "from"), _phone(data, "to"), body


def outcome_input(destination: str, data: dict[str, object]) -> str | None:
    """The chosen outcome (None: back to the default) for `destination`."""
    if not _E164.fullmatch(destination):
        raise bad("destination", "must be a phone number in E.164 format")
    _only(data, ("status",))
    if "status" not in data:
        raise bad("status", "is required (null resets the outcome)")
    status = data["status"]
    if status is not None and not isinstance(status, str):
        raise bad("status", "must be a string or null")
    return status


def clock_input(data: dict[str, object]) -> float:
    """The seconds to move the fake clock forward."""
    _only(data, ("advance_seconds",))
    return _number(data, "advance_seconds", 0.0, _MAX_ADVANCE, required=True)


def _number(
    data: dict[str, object], field: str, low: float, high: float, *, required: bool = False
) -> float:
    value = data.get(field)
    if value is None and not required:
        return 0.0
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise bad(field, "must be a number")
    if not low <= value <= high:
        raise bad(field, f"must be between {low:g} and {high:g}")
    return float(value)


@dataclass(frozen=True)
class Rates:
    """Fault rates as fractions of calls (0 to 1)."""

    throttle: float
    error: float
    after_work: float


def fault_input(data: dict[str, object]) -> tuple[dict[str, object], Rates]:
    """(the settings as given, with defaults; their rates) of `PUT /faults`."""
    _only(data, ("throttle_percent", "error_percent", "after_work_percent", "after_work"))
    percents = {
        name: _number(data, name, 0.0, 100.0)
        for name in ("throttle_percent", "error_percent", "after_work_percent")
    }
    how = data.get("after_work", "error")
    if how not in AFTER_WORK:
        raise bad("after_work", "must be error, timeout or drop")
    rates = Rates(
        percents["throttle_percent"] / 100,
        percents["error_percent"] / 100,
        percents["after_work_percent"] / 100,
    )
    return {**percents, "after_work": how}, rates
