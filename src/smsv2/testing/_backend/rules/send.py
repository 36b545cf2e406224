"""The send pipeline every message-sending family goes through, in the service's order:
sandbox, opt-out, protect, price, spend; then the message is recorded (unless DryRun).

`accept` is the one place an accepted message passes: it ends by planning the message's
delivery events (`rules.delivery`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .._base import JsonDict, conflict, validation
from .._context import Ctx
from .._records import SentMessage
from .._state import MESSAGE, VERIFIED_NUMBER, RegionState
from ..countries import country_of
from . import delivery, limits, opt_outs, protect
from .accounts import in_sandbox
from .origination import SIMULATOR_DESTINATIONS, Identity
from .spend import spend


def destination_country(destination: str) -> str:
    """ISO country of an E.164 destination; ValidationException when no country matches."""
    country = country_of(destination)
    if country is None or not destination.startswith("+") or not destination[1:].isdigit():
        raise validation(
            "INVALID_PARAMETER",
            "The destination phone number is not valid.",
            "destinationPhoneNumber",
        )
    return country


def is_verified(state: RegionState, destination: str) -> bool:
    return any(
        r["DestinationPhoneNumber"] == destination and r["Status"] == "VERIFIED"
        for r in state.table(VERIFIED_NUMBER).values()
    )


def check_sandbox(ctx: Ctx, destination: str) -> None:
    """In the sandbox only verified destinations and simulator numbers can receive."""
    if (
        in_sandbox(ctx.state)
        and destination not in SIMULATOR_DESTINATIONS
        and not is_verified(ctx.state, destination)
    ):
        raise conflict("DESTINATION_PHONE_NUMBER_NOT_VERIFIED", VERIFIED_NUMBER, destination)


@dataclass
class Send:
    """One message on its way out."""

    destination: str
    country: str
    #: SMS, MMS, VOICE or RCS (what protect rules and identities are checked for).
    capability: str
    #: Spend channel (``spend.CHANNEL_LIMITS``): the capability, or NOTIFY.
    spend_channel: str
    identity: Identity
    price: float
    dry_run: bool = False
    config_set: JsonDict | None = None
    protect_configuration_id: str | None = None
    #: MaxPrice (or MaxPricePerMinute) of the request and the price it is compared with.
    max_price: float | None = None
    unit_price: float = 0.0
    feedback: bool | None = None
    #: Extra ``SentMessage`` fields (body, message type, media, voice...).
    details: Mapping[str, object] = field(default_factory=dict[str, object])


def accept(ctx: Ctx, send: Send) -> str:
    """Run the checks, charge the price and record the message; returns its MessageId."""
    check_sandbox(ctx, send.destination)
    opt_outs.check_not_opted_out(ctx, send.identity.opt_out_list, send.destination)
    protect.check_send(
        ctx,
        destination=send.destination,
        country=send.country,
        capability=send.capability,
        protect_configuration_id=send.protect_configuration_id,
        config_set=send.config_set,
    )
    if send.max_price is not None and send.max_price < send.unit_price:
        raise validation("PRICE_OVER_THRESHOLD", "The message price is over MaxPrice.", "maxPrice")
    if ctx.engine.throttle_sends and not send.dry_run:
        parts = int(str(send.details.get("parts", 1)))
        limits.take(send.identity.record, send.capability, parts, ctx.now)
    spend(ctx, send.spend_channel, send.price, dry_run=send.dry_run)
    message_id = ctx.new_uuid()
    if send.dry_run:
        return message_id
    feedback = send.feedback
    if feedback is None and send.config_set is not None:
        feedback = send.config_set.get("DefaultMessageFeedbackEnabled")
    ctx.table(MESSAGE)[message_id] = {"MessageId": message_id, "_feedback": bool(feedback)}
    details = dict(send.details)
    details.setdefault("configuration_set", (send.config_set or {}).get("ConfigurationSetName"))
    channel = delivery.CHANNELS.get(send.capability, "TEXT")
    details["outcome"] = delivery.outcome_for(ctx.engine, channel, send.destination)
    ctx.engine.sent_messages.append(
        SentMessage(
            message_id=message_id,
            operation=ctx.operation,
            account_id=ctx.account_id,
            region=ctx.region,
            destination=send.destination,
            origination=send.identity.display,
            price=send.price,
            timestamp=ctx.now,
            **details,  # type: ignore[arg-type]
        )
    )
    origin = send.identity.record or {}
    delivery.schedule(
        ctx,
        message_id=message_id,
        capability=send.capability,
        config_set=send.config_set,
        destination=send.destination,
        country=send.country,
        origination=send.identity.display,
        origination_country=origin.get("IsoCountryCode"),
        price=send.price,
        details=details,
    )
    return message_id
