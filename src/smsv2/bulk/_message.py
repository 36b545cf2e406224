"""`OutboundMessage`: one message of a bulk job, with the parameters of `send_text_message`."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from functools import cached_property
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from smsv2._errors_base import FieldProblem, RequestValidationError, problems_from_pydantic
from smsv2._generated.enums import (
    DestinationCountryParameterKey,
    DestinationCountryParameterKeyLiteral,
    MessageType,
    MessageTypeLiteral,
)

# Values of these fields never appear in reprs, logs or errors.
_PRIVATE = frozenset({"destination_phone_number", "message_body", "context"})


class OutboundMessage(BaseModel):
    """One text message to send with `Client.send_bulk`.

    The fields are the keyword arguments of `Client.send_text_message`; their types are
    checked here, their service constraints (E.164 number, body length...) when the message is
    sent, so one bad message becomes an `INVALID` outcome instead of stopping the job.

    `key` identifies the message in the journal and in Redis claims. Left out, it is a
    stable hash of the other fields, so the same job run again is recognised. Give your own
    key (an order number, a notification ID) when two identical messages are both meant to go.
    """

    # Built on first use: a client that never sends in bulk does not pay for the schema.
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        use_enum_values=True,
        hide_input_in_errors=True,
        defer_build=True,
    )

    destination_phone_number: str
    origination_identity: str | None = None
    message_body: str | None = None
    message_type: MessageType | MessageTypeLiteral | None = None
    keyword: str | None = None
    configuration_set_name: str | None = None
    max_price: str | None = None
    time_to_live: int | None = None
    context: dict[str, str] | None = None
    destination_country_parameters: (
        dict[DestinationCountryParameterKey | DestinationCountryParameterKeyLiteral, str] | None
    ) = None
    dry_run: bool | None = None
    protect_configuration_id: str | None = None
    message_feedback_enabled: bool | None = None
    key: str | None = None
    """Your idempotency key for this message (1 to 256 characters); a content hash if unset."""

    def send_arguments(self) -> dict[str, Any]:
        """The keyword arguments for `Client.send_text_message` (unset ones left out)."""
        return self.model_dump(exclude={"key"}, exclude_none=True)

    @cached_property
    def key_or_hash(self) -> str:
        """`key`, or a stable SHA-256 of the message's parameters when no key was given."""
        if self.key is not None:
            return self.key
        canonical = json.dumps(
            self.model_dump(mode="json", exclude={"key"}, exclude_none=True),
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
        )
        return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()

    def __repr_args__(self) -> list[tuple[str | None, object]]:
        return [(k, v) for k, v in super().__repr_args__() if k not in _PRIVATE]


def as_message(item: object) -> OutboundMessage:
    """`item` as an OutboundMessage; a mapping is validated (RequestValidationError if bad)."""
    if isinstance(item, OutboundMessage):
        return item
    if not isinstance(item, Mapping):
        kind = type(item).__name__
        raise RequestValidationError(
            "SendTextMessage",
            [FieldProblem("<message>", f"expected an OutboundMessage or a mapping, not {kind}")],
        )
    try:
        return OutboundMessage.model_validate(item)
    except ValidationError as exc:
        raise RequestValidationError(
            "SendTextMessage", problems_from_pydantic(exc.errors(include_input=False))
        ) from None


__all__ = ["OutboundMessage", "as_message"]
