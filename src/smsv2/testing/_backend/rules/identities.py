"""Phone numbers and sender IDs as origination identities: keys, lookups by ID, ARN or
E.164, and the keywords every new number or pool starts with."""

from __future__ import annotations

from .._base import JsonDict, conflict, not_found, quota, validation
from .._context import Ctx, parse_arn
from .._state import PHONE_NUMBER, POOL, SENDER_ID

#: Mandatory keywords on every number and pool (the texts are the fake's choice).
DEFAULT_KEYWORDS: dict[str, JsonDict] = {
    "HELP": {
        "KeywordMessage": "This is an automated message. Reply STOP to opt out.",
        "KeywordAction": "AUTOMATIC_RESPONSE",
    },
    "STOP": {
        "KeywordMessage": "You have been unsubscribed and will receive no further messages.",
        "KeywordAction": "OPT_OUT",
    },
}


def default_keywords() -> dict[str, JsonDict]:
    """A fresh copy of `DEFAULT_KEYWORDS`."""
    return {k: dict(v) for k, v in DEFAULT_KEYWORDS.items()}


def sender_key(sender_id: str, country: str) -> str:
    return f"{sender_id.upper()}/{country}"


def phone_by_number(ctx: Ctx, e164: str) -> JsonDict | None:
    for record in ctx.table(PHONE_NUMBER).values():
        if record["PhoneNumber"] == e164:
            return record
    return None


def lookup_sender_id(ctx: Ctx, sender_id: str, country: str | None, field: str) -> JsonDict:
    """A sender ID by ARN (country inside) or by bare ID plus `country`."""
    if sender_id.startswith("arn:"):
        key = ctx.key_of(SENDER_ID, sender_id, field)
        found = ctx.table(SENDER_ID).get(key.upper())
        if found is None:
            raise not_found(SENDER_ID, sender_id)
        return found
    if not country:
        raise validation(
            "INVALID_ARN",
            "A sender ID must be given as an ARN or together with IsoCountryCode.",
            field,
        )
    found = ctx.table(SENDER_ID).get(sender_key(sender_id, country))
    if found is None:
        raise not_found(SENDER_ID, sender_id)
    return found


def resolve_member(
    ctx: Ctx, value: str, country: str | None, field: str
) -> tuple[str, str, JsonDict]:
    """(kind, key, record) of a phone number or sender ID given as ID, ARN or E.164."""
    if value.startswith("arn:"):
        parsed = parse_arn(value)
        if parsed is None:
            raise validation("INVALID_ARN", f"{value} is not a valid ARN", field)
        kind = parsed[2]
    elif value.startswith("phone-") or value.startswith("+"):
        kind = PHONE_NUMBER
    else:
        kind = SENDER_ID
    if kind == SENDER_ID:
        record = lookup_sender_id(ctx, value, country, field)
        return SENDER_ID, sender_key(record["SenderId"], record["IsoCountryCode"]), record
    if kind != PHONE_NUMBER:
        raise validation("INVALID_PARAMETER", f"{value} is not a phone number or sender ID", field)
    if value.startswith("+"):
        phone = phone_by_number(ctx, value)
        if phone is None:
            raise not_found(PHONE_NUMBER, value)
        return PHONE_NUMBER, phone["PhoneNumberId"], phone
    record = ctx.lookup(PHONE_NUMBER, value, field)
    return PHONE_NUMBER, record["PhoneNumberId"], record


#: Shared fields that must match between a pool and a joining phone number.
MATCHED_FIELDS = (
    ("MessageType", "MESSAGE_TYPE_MISMATCH"),
    ("OptOutListName", "OPT_OUT_LIST_MISMATCH"),
    ("TwoWayEnabled", "TWO_WAY_CONFIG_MISMATCH"),
    ("SelfManagedOptOutsEnabled", "SELF_MANAGED_OPT_OUTS_MISMATCH"),
)


def check_can_join(ctx: Ctx, pool: JsonDict, kind: str, record: JsonDict) -> None:
    """The checks before a phone number or sender ID joins `pool`."""
    pool_id = pool["PoolId"]
    if len(pool["_members"]) >= ctx.limit("ORIGINATION_IDENTITIES_PER_POOL"):
        raise quota("ORIGINATION_IDENTITIES_PER_POOL")
    if kind == SENDER_ID:
        if pool["MessageType"] not in record["MessageTypes"]:
            raise conflict("MESSAGE_TYPE_MISMATCH", POOL, pool_id)
        return
    phone_id = record["PhoneNumberId"]
    if record.get("PoolId"):
        raise conflict("PHONE_NUMBER_ASSOCIATED_TO_POOL", PHONE_NUMBER, phone_id)
    for name, reason in MATCHED_FIELDS:
        if record.get(name) != pool.get(name):
            raise conflict(reason, POOL, pool_id)


def join_pool(ctx: Ctx, pool: JsonDict, kind: str, key: str) -> None:
    pool["_members"].append([kind, key])
    if kind == PHONE_NUMBER:
        ctx.table(PHONE_NUMBER)[key]["PoolId"] = pool["PoolId"]
