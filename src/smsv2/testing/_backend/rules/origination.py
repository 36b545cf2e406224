"""The origination resolver: which identity a message leaves from, and whether it may reach
the destination with this capability. Every send operation goes through it."""

from __future__ import annotations

from dataclasses import dataclass

from .._base import FakeServiceError, JsonDict, conflict, not_found, validation
from .._context import Ctx, parse_arn
from .._state import PHONE_NUMBER, POOL, RCS_AGENT, SENDER_ID
from .identities import phone_by_number, sender_key
from .opt_outs import DEFAULT_LIST
from .review import rcs_launches

#: Destination simulator numbers, reachable without verification (the SMS user guide's
#: page on simulator numbers lists them).
SIMULATOR_DESTINATIONS = frozenset(
    {
        "+14254147755",
        "+14254147167",
        "+61455944038",
        "+61455944039",
        "+43676800442031",
        "+43676800442032",
        "+32460213922",
        "+32460213923",
        "+33755512501",
        "+33755512502",
        "+85257048426",
        "+85257048854",
    }
)
#: Simulator origination numbers reach only simulator destinations (same page).
SIMULATOR_ONLY_TO_SIMULATOR_DESTINATIONS = True
#: Capabilities an RCS agent can carry (text and media; no voice).
RCS_CAPABILITIES = frozenset({"SMS", "MMS", "RCS"})


@dataclass
class Identity:
    """The origination identity a message leaves from and the opt-out list it checks."""

    kind: str
    key: str
    display: str
    opt_out_list: str
    record: JsonDict | None


def _capability_error(capability: str, message: str) -> FakeServiceError:
    if capability == "VOICE":
        return validation("VOICE_CAPABILITY_NOT_AVAILABLE", message, "originationIdentity")
    return validation("CHANNEL_NOT_ENABLED", message, "originationIdentity")


def _check_phone(record: JsonDict, country: str, capability: str, destination: str) -> None:
    phone_id = record["PhoneNumberId"]
    if record["Status"] != "ACTIVE":
        raise conflict("RESOURCE_NOT_ACTIVE", PHONE_NUMBER, phone_id)
    if capability not in record["NumberCapabilities"]:
        if capability == "VOICE":
            raise _capability_error(capability, "The origination identity cannot make calls.")
        raise _capability_error(
            capability, f"The origination identity has no {capability} capability."
        )
    if record["IsoCountryCode"] != country and not record.get("InternationalSendingEnabled"):
        raise validation(
            "INVALID_IDENTITY_FOR_DESTINATION_COUNTRY",
            f"The origination identity cannot send to {country}.",
            "originationIdentity",
        )
    if (
        SIMULATOR_ONLY_TO_SIMULATOR_DESTINATIONS
        and record["NumberType"] == "SIMULATOR"
        and destination not in SIMULATOR_DESTINATIONS
    ):
        raise validation(
            "INVALID_IDENTITY_FOR_DESTINATION_COUNTRY",
            "Simulator numbers can only send to destination simulator numbers.",
            "destinationPhoneNumber",
        )


def _from_phone(
    ctx: Ctx, record: JsonDict, country: str, capability: str, destination: str
) -> Identity:
    _check_phone(record, country, capability, destination)
    # A number in a pool uses the pool's list.
    pool = ctx.table(POOL).get(record["PoolId"]) if record.get("PoolId") else None
    opt_out_list = pool["OptOutListName"] if pool is not None else record["OptOutListName"]
    return Identity(
        PHONE_NUMBER, record["PhoneNumberId"], record["PhoneNumber"], opt_out_list, record
    )


def _from_sender(record: JsonDict, country: str, capability: str) -> Identity:
    if capability != "SMS":
        raise _capability_error(capability, f"Sender IDs cannot send {capability}.")
    if record["IsoCountryCode"] != country:
        raise validation(
            "INVALID_IDENTITY_FOR_DESTINATION_COUNTRY",
            f"The sender ID cannot send to {country}.",
            "originationIdentity",
        )
    key = sender_key(record["SenderId"], record["IsoCountryCode"])
    # Sender IDs carry no opt-out list of their own: outside a pool they use Default.
    return Identity(SENDER_ID, key, record["SenderId"], DEFAULT_LIST, record)


def _from_pool(
    ctx: Ctx, pool: JsonDict, country: str, capability: str, destination: str
) -> Identity:
    if pool["Status"] != "ACTIVE":
        raise conflict("RESOURCE_NOT_ACTIVE", POOL, pool["PoolId"])
    for kind, key in pool["_members"]:
        record = ctx.table(kind).get(key)
        if record is None:
            continue
        try:
            found = (
                _from_phone(ctx, record, country, capability, destination)
                if kind == PHONE_NUMBER
                else _from_sender(record, country, capability)
            )
        except FakeServiceError:
            continue
        found.opt_out_list = pool["OptOutListName"]
        return found
    raise conflict("NO_ORIGINATION_IDENTITIES_FOUND", POOL, pool["PoolId"])


def _from_rcs_agent(ctx: Ctx, record: JsonDict, country: str, capability: str) -> Identity:
    """The agent sends to countries where its launch is ACTIVE; a TESTING agent (testing
    agent ready, no active launch) may send anywhere the account may (the sandbox check of
    the send pipeline still applies)."""
    agent_id = record["RcsAgentId"]
    if capability not in RCS_CAPABILITIES:
        raise _capability_error(capability, f"RCS agents cannot send {capability}.")
    active = {e["IsoCountryCode"] for e in rcs_launches(ctx, agent_id) if e["Status"] == "ACTIVE"}
    if country not in active and record["Status"] != "TESTING":
        raise conflict("RESOURCE_NOT_ACTIVE", RCS_AGENT, agent_id)
    return Identity(RCS_AGENT, agent_id, agent_id, record["OptOutListName"], record)


def _kind_of(value: str) -> str:
    if value.startswith("arn:"):
        parsed = parse_arn(value)
        if parsed is None:
            raise validation("INVALID_ARN", f"{value} is not a valid ARN", "originationIdentity")
        return parsed[2]
    if value.startswith("phone-"):
        return PHONE_NUMBER
    if value.startswith("pool-"):
        return POOL
    if value.startswith("rcs-"):
        return RCS_AGENT
    return SENDER_ID


def resolve_origination(
    ctx: Ctx,
    value: str | None,
    country: str,
    capability: str,
    destination: str,
    config_set: JsonDict | None,
) -> Identity:
    """The identity for `OriginationIdentity` (ARN, E.164, phone-/pool-/rcs- ID, else a
    sender ID for `country`); without one, the first usable phone number, then the
    configuration set's default sender ID."""
    if value is None:
        for record in ctx.table(PHONE_NUMBER).values():
            try:
                return _from_phone(ctx, record, country, capability, destination)
            except FakeServiceError:
                continue
        default_sender = (config_set or {}).get("DefaultSenderId")
        if default_sender and capability == "SMS":
            return Identity(SENDER_ID, default_sender, default_sender, DEFAULT_LIST, None)
        raise conflict("NO_ORIGINATION_IDENTITIES_FOUND", "account", ctx.account_id)
    if value.startswith("+"):
        phone = phone_by_number(ctx, value)
        if phone is None:
            raise not_found(PHONE_NUMBER, value)
        return _from_phone(ctx, phone, country, capability, destination)
    kind = _kind_of(value)
    if kind == PHONE_NUMBER:
        record = ctx.lookup(PHONE_NUMBER, value, "originationIdentity")
        return _from_phone(ctx, record, country, capability, destination)
    if kind == POOL:
        pool = ctx.lookup(POOL, value, "originationIdentity")
        return _from_pool(ctx, pool, country, capability, destination)
    if kind == RCS_AGENT:
        agent = ctx.lookup(RCS_AGENT, value, "originationIdentity")
        return _from_rcs_agent(ctx, agent, country, capability)
    if kind != SENDER_ID:
        raise not_found(kind, value)
    if value.startswith("arn:"):
        key = ctx.key_of(SENDER_ID, value, "originationIdentity").upper()
    else:
        key = sender_key(value, country)
    sender = ctx.table(SENDER_ID).get(key)
    if sender is None:
        raise not_found(SENDER_ID, value)
    return _from_sender(sender, country, capability)
