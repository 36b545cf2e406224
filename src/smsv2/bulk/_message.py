"""`OutboundMessage` (one message of a bulk job), its validation and its key."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, cast

from pydantic import ConfigDict, Field, ValidationError

from smsv2._errors_base import FieldProblem, RequestValidationError, problems_from_pydantic

# The defining module, not the lazy facade: the reference lists the inherited fields.
from smsv2._generated.models._send_text_message_request import SendTextMessageRequest
from smsv2._requests import e164_problem
from smsv2.bulk._parts import message_parts

# Values of these fields never appear in reprs, logs or errors.
_PRIVATE = frozenset({"destination_phone_number", "message_body", "context"})
#: The prefix of a default key: an HMAC-SHA256 of the message's fields.
KEY_PREFIX = "hmac-sha256:"
#: The shortest secret accepted for keys (bytes).
MIN_SECRET_BYTES = 16
#: The ``Context`` entry every bulk send carries: the message's key, never its number. Delivery
#: events bring it back, so ``smsv2.bulk.reconcile`` can settle unknown outcomes.
CORRELATION_KEY = "smsv2-bulk-key"
#: The service's limit on ``Context`` entries: a message may set one fewer.
MAX_CONTEXT_ENTRIES = 5
_OPERATION = "SendTextMessage"


class OutboundMessage(SendTextMessageRequest):
    """One text message to send with `Client.send_bulk`: `SendTextMessageRequest` plus a key.

    The fields are the keyword arguments of `Client.send_text_message`, checked like them
    when the message is built: a bad value raises `smsv2.errors.RequestValidationError`
    naming the field. Messages read from mappings (`send_bulk` of dicts, a CSV file, a
    Celery task) are checked as they are taken, so one bad message becomes an `INVALID`
    outcome instead of stopping the job.

    `key` identifies the message in the journal and in Redis claims. Left out, it is an
    HMAC of the other fields under a secret (the journal's own, or the one you give
    `RedisClaims`), so the same job run again is recognised and nobody can recover a
    number from the key by guessing. Give your own key (an order number, a notification ID)
    when two identical messages are both meant to go.
    """

    model_config = ConfigDict(frozen=True, hide_input_in_errors=True)

    # A Context value's pattern too: the key travels in the send's Context.
    key: str | None = Field(
        default=None, min_length=1, max_length=256, pattern=r"^(?!\s)[\s\S]+(?<!\s)\Z"
    )
    """Your idempotency key for this message (1 to 256 characters, no leading or trailing space); an
    HMAC if unset. It is sent in `Context` under [`CORRELATION_KEY`][smsv2.bulk.CORRELATION_KEY]."""

    if not TYPE_CHECKING:  # type checkers keep the typed keyword signature pydantic gives

        def __init__(self, /, **data: object) -> None:
            try:
                super().__init__(**data)
            except ValidationError as exc:
                problems = problems_from_pydantic(exc.errors(include_input=False))
            else:
                return
            # Raised outside the except block: pydantic's error is not the context.
            raise RequestValidationError(_OPERATION, problems)

    def send_arguments(self, key: str | None = None) -> dict[str, Any]:
        """The keyword arguments for `Client.send_text_message` (unset ones left out); with `key`,
        that key in `Context` under [`CORRELATION_KEY`][smsv2.bulk.CORRELATION_KEY] (what bulk
        sends)."""
        arguments = self.model_dump(by_alias=False, exclude={"key"}, exclude_none=True)
        if key is not None:
            arguments["context"] = {**(self.context or {}), CORRELATION_KEY: key}
        return arguments

    def key_under(self, secret: bytes) -> str:
        """`key`, or an HMAC-SHA256 under `secret` of the other fields."""
        if self.key is not None:
            return self.key
        canonical = json.dumps(
            self.model_dump(mode="json", by_alias=False, exclude={"key"}, exclude_none=True),
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
        )
        return KEY_PREFIX + hmac.new(secret, canonical.encode(), hashlib.sha256).hexdigest()

    def __repr_args__(self) -> list[tuple[str | None, object]]:
        return [(k, v) for k, v in super().__repr_args__() if k not in _PRIVATE]


def validate_message(item: object) -> tuple[OutboundMessage, int]:
    """`item` checked once, fully (model, E.164, length in parts): the message and its parts.

    A mapping is built into an `OutboundMessage` (the model's check); an `OutboundMessage`
    was checked when it was built.

    Raises RequestValidationError naming every bad field; nothing has been spent or written.
    """
    if isinstance(item, OutboundMessage):
        message = item
    else:
        # Built with the fields as keywords: RequestValidationError names each bad one.
        message = cast("Callable[..., OutboundMessage]", OutboundMessage)(**_fields(item))
    found = [e164_problem(message.destination_phone_number)]
    parts, too_long = message_parts(message.message_body)
    if too_long is not None:
        found.append(FieldProblem("message_body", too_long))
    context = message.context or {}
    if CORRELATION_KEY in context or len(context) >= MAX_CONTEXT_ENTRIES:
        found.append(FieldProblem("context", _CONTEXT_FULL))
    problems = [p for p in found if p is not None]
    if problems:
        raise RequestValidationError(_OPERATION, problems)
    return message, parts


_CONTEXT_FULL = (
    f"at most {MAX_CONTEXT_ENTRIES - 1} entries, none named {CORRELATION_KEY!r}: "
    "bulk sends add that entry (the message's key)"
)


def _fields(item: object) -> Mapping[str, object]:
    kind = type(item).__name__
    if isinstance(item, Mapping):
        mapping = cast("Mapping[object, object]", item)
        if all(isinstance(k, str) for k in mapping):
            return cast("Mapping[str, object]", mapping)
    problem = FieldProblem("<message>", f"expected an OutboundMessage or a mapping, not {kind}")
    raise RequestValidationError(_OPERATION, [problem])


def check_key_secret(secret: str | bytes, field: str = "secret") -> bytes:
    """`secret` as bytes, if it can key message keys: at least
    [`MIN_SECRET_BYTES`][smsv2.bulk.MIN_SECRET_BYTES].

    Raises RequestValidationError naming `field` otherwise.
    """
    value = secret.encode() if isinstance(secret, str) else secret
    # Checked at run time too: a secret often comes from configuration, untyped.
    wrong_type = not isinstance(value, (bytes, bytearray))  # pyright: ignore[reportUnnecessaryIsInstance]
    if wrong_type or len(value) < MIN_SECRET_BYTES:
        problem = f"must be at least {MIN_SECRET_BYTES} bytes (for example secrets.token_hex(32))"
        raise RequestValidationError(None, [FieldProblem(field, problem)])
    return bytes(value)


__all__ = [
    "CORRELATION_KEY",
    "KEY_PREFIX",
    "MAX_CONTEXT_ENTRIES",
    "MIN_SECRET_BYTES",
    "OutboundMessage",
    "check_key_secret",
    "validate_message",
]
