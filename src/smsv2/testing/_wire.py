"""One request parser for every way into the fake (in-process mock and HTTP server).

A raw request (method, path, headers, body) becomes a `WireRequest` (operation,
account, region, JSON object) or a `WireError` (the service's JSON error answer).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import cast

TARGET_PREFIX = "PinpointSMSVoiceV2."
CONTENT_TYPE = "application/x-amz-json-1.0"
#: Deeper JSON is refused before it reaches the validator (which recurses per level).
MAX_JSON_DEPTH = 64

_HOST_REGION = re.compile(r"sms-voice(?:-fips)?\.([a-z0-9-]+)\.(?:amazonaws|api\.aws)")
_SCOPE_REGION = re.compile(r"Credential=[^/]+/\d{8}/([a-z0-9-]+)/")
_ACCESS_KEY = re.compile(r"Credential=([^/,\s]+)/")
_ACCOUNT = re.compile(r"[0-9]{12}")


@dataclass(frozen=True)
class WireRequest:
    """A request the engine can run: `account_id`/`region` None mean the fake's defaults."""

    operation: str
    body: dict[str, object]
    account_id: str | None
    region: str | None


@dataclass(frozen=True)
class WireError:
    """A request refused before the engine: HTTP status and the service's error `code`."""

    status: int
    code: str
    message: str

    def to_body(self) -> dict[str, object]:
        """The JSON error body, shaped like the service's."""
        return {"__type": self.code, "Message": self.message}


def is_service_target(target: str | None) -> bool:
    """Whether an `X-Amz-Target` header names an operation of this service."""
    return bool(target) and str(target).startswith(TARGET_PREFIX)


def region_of(host: str | None, authorization: str | None) -> str | None:
    """The region from the endpoint host name, else from the SigV4 credential scope."""
    match = _HOST_REGION.search(host or "")
    if match:
        return match.group(1)
    scope = _SCOPE_REGION.search(authorization or "")
    return scope.group(1) if scope else None


def account_of(authorization: str | None) -> str | None:
    """A 12-digit access key ID is taken as the account (like moto); otherwise None."""
    match = _ACCESS_KEY.search(authorization or "")
    if match and _ACCOUNT.fullmatch(match.group(1)):
        return match.group(1)
    return None


def parse_request(
    method: str, path: str, headers: Mapping[str, str], body: bytes
) -> WireRequest | WireError:
    """Turn one raw request into what the engine needs, or the error to answer.

    `headers` is looked up case-insensitively (keys are lower-cased here). `path` may be a
    full URL (the in-process mock) or a request target (the server); either may carry the
    service's host name, which names the region.
    """
    lowered = {key.lower(): value for key, value in headers.items()}
    if method.upper() != "POST":
        return WireError(400, "UnknownOperationException", f"method {method!r} is not supported")
    target = lowered.get("x-amz-target", "")
    if not is_service_target(target):
        return WireError(400, "UnknownOperationException", "unknown or missing X-Amz-Target")
    operation = target[len(TARGET_PREFIX) :]
    parsed = parse_json_object(body)
    if isinstance(parsed, WireError):
        return parsed
    authorization = lowered.get("authorization")
    host = path if "://" in path else lowered.get("host")
    return WireRequest(
        operation=operation,
        body=parsed,
        account_id=account_of(authorization),
        region=region_of(host, authorization),
    )


def parse_json_object(body: bytes) -> dict[str, object] | WireError:
    """The body as a JSON object (empty body: `{}`), or a SerializationException."""
    if not body.strip():
        return {}
    try:
        value: object = json.loads(body)
    except (ValueError, RecursionError):
        return _serialization("the body is not valid JSON")
    if not isinstance(value, dict):
        return _serialization("the body is not a JSON object")
    obj = cast("dict[str, object]", value)  # JSON object keys are strings
    if depth_exceeds(obj, MAX_JSON_DEPTH):
        return _serialization(f"the body nests deeper than {MAX_JSON_DEPTH} levels")
    return obj


def depth_exceeds(value: object, limit: int) -> bool:
    # Iterative: a recursive walk would itself hit the recursion limit.
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(item, dict):
            values: list[object] = list(cast("dict[str, object]", item).values())
            stack.extend((child, depth + 1) for child in values)
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in cast("list[object]", item))
    return False


def _serialization(message: str) -> WireError:
    return WireError(400, "SerializationException", message)


def encode(payload: Mapping[str, object]) -> bytes:
    """A JSON answer body."""
    return json.dumps(payload, separators=(",", ":")).encode()
