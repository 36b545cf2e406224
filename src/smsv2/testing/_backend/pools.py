"""Pools, origination-identity association and keywords."""

from __future__ import annotations

from ._base import Family, Getters, JsonDict, conflict, not_found, quota, validation
from ._context import Ctx, parse_arn
from ._state import NOTIFY_CONFIGURATION, PHONE_NUMBER, POOL, SENDER_ID
from .rules.identities import (
    check_can_join,
    default_keywords,
    join_pool,
    resolve_member,
)
from .rules.opt_outs import list_name_for

family = Family("pools")

#: Seconds from CreatePool until CREATING -> ACTIVE (and DELETING -> gone) in manual mode.
POOL_TRANSITION_SECONDS = 5.0
PROTECTED_KEYWORDS = {"HELP": "AUTOMATIC_RESPONSE", "STOP": "OPT_OUT"}


def member_metadata(ctx: Ctx, kind: str, key: str) -> JsonDict:
    record = ctx.table(kind)[key]
    if kind == PHONE_NUMBER:
        return {
            "OriginationIdentityArn": record["PhoneNumberArn"],
            "OriginationIdentity": record["PhoneNumberId"],
            "IsoCountryCode": record["IsoCountryCode"],
            "NumberCapabilities": record["NumberCapabilities"],
            "PhoneNumber": record["PhoneNumber"],
        }
    return {
        "OriginationIdentityArn": record["SenderIdArn"],
        "OriginationIdentity": record["SenderId"],
        "IsoCountryCode": record["IsoCountryCode"],
        "NumberCapabilities": ["SMS"],
    }


@family.operation("CreatePool")
def create_pool(ctx: Ctx, req: JsonDict) -> JsonDict:
    kind, key, seed = resolve_member(
        ctx, req["OriginationIdentity"], req.get("IsoCountryCode"), "originationIdentity"
    )
    message_type = req["MessageType"]
    if kind == PHONE_NUMBER:
        if seed["Status"] != "ACTIVE":
            raise conflict("RESOURCE_NOT_ACTIVE", PHONE_NUMBER, key)
        if seed.get("PoolId"):
            raise conflict("PHONE_NUMBER_ASSOCIATED_TO_POOL", PHONE_NUMBER, key)
        if seed["MessageType"] != message_type:
            raise conflict("MESSAGE_TYPE_MISMATCH", PHONE_NUMBER, key)
    elif message_type not in seed["MessageTypes"]:
        raise conflict("MESSAGE_TYPE_MISMATCH", SENDER_ID, seed["SenderId"])
    ctx.check_quota("POOLS")
    pool_id = ctx.new_id("pool")
    arn = ctx.arn(POOL, pool_id)
    inherited = seed if kind == PHONE_NUMBER else {}
    # The pool inherits the seed's configuration, but not its deletion protection.
    pool: JsonDict = {
        "PoolArn": arn,
        "PoolId": pool_id,
        "Status": "CREATING",
        "MessageType": message_type,
        "TwoWayEnabled": bool(inherited.get("TwoWayEnabled", False)),
        "TwoWayChannelArn": inherited.get("TwoWayChannelArn"),
        "TwoWayChannelRole": inherited.get("TwoWayChannelRole"),
        "SelfManagedOptOutsEnabled": bool(inherited.get("SelfManagedOptOutsEnabled", False)),
        "OptOutListName": inherited.get("OptOutListName") or list_name_for(ctx, None),
        "SharedRoutesEnabled": False,
        "DeletionProtectionEnabled": bool(req.get("DeletionProtectionEnabled", False)),
        "CreatedTimestamp": ctx.now,
        "_members": [],
        "_keywords": (
            {k: dict(v) for k, v in inherited["_keywords"].items()}
            if inherited.get("_keywords")
            else default_keywords()
        ),
    }
    ctx.add(POOL, pool_id, pool, arn=arn, tags=req.get("Tags"))
    join_pool(ctx, pool, kind, key)
    ctx.schedule(
        POOL,
        pool_id,
        POOL_TRANSITION_SECONDS,
        set_fields={"Status": "ACTIVE"},
        expect={"Status": "CREATING"},
    )
    out = ctx.view(pool, "CreatePoolResult")
    out["Tags"] = ctx.tag_list(arn)
    return out


@family.operation("AssociateOriginationIdentity")
def associate_origination_identity(ctx: Ctx, req: JsonDict) -> JsonDict:
    pool = ctx.lookup(POOL, req["PoolId"], "poolId")
    kind, key, record = resolve_member(
        ctx, req["OriginationIdentity"], req.get("IsoCountryCode"), "originationIdentity"
    )
    if req.get("IsoCountryCode") and req["IsoCountryCode"] != record["IsoCountryCode"]:
        raise validation(
            "COUNTRY_CODE_MISMATCH",
            "IsoCountryCode does not match the origination identity.",
            "isoCountryCode",
        )
    if [kind, key] in pool["_members"]:
        raise conflict("RESOURCE_ALREADY_ASSOCIATED", POOL, pool["PoolId"])
    if kind == PHONE_NUMBER and record["Status"] != "ACTIVE":
        raise conflict("RESOURCE_NOT_ACTIVE", PHONE_NUMBER, key)
    check_can_join(ctx, pool, kind, record)
    join_pool(ctx, pool, kind, key)
    meta = member_metadata(ctx, kind, key)
    return {
        "PoolArn": pool["PoolArn"],
        "PoolId": pool["PoolId"],
        "OriginationIdentityArn": meta["OriginationIdentityArn"],
        "OriginationIdentity": meta["OriginationIdentity"],
        "IsoCountryCode": meta["IsoCountryCode"],
    }


@family.operation("DisassociateOriginationIdentity")
def disassociate_origination_identity(ctx: Ctx, req: JsonDict) -> JsonDict:
    pool = ctx.lookup(POOL, req["PoolId"], "poolId")
    kind, key, record = resolve_member(
        ctx, req["OriginationIdentity"], req.get("IsoCountryCode"), "originationIdentity"
    )
    if [kind, key] not in pool["_members"]:
        raise conflict("PHONE_NUMBER_NOT_ASSOCIATED_TO_POOL", POOL, pool["PoolId"])
    remaining_phones = [m for m in pool["_members"] if m[0] == PHONE_NUMBER and m[1] != key]
    if len(pool["_members"]) == 1 or (kind == PHONE_NUMBER and not remaining_phones):
        # A pool keeps at least one phone-number identity (OBS TF:pool.go).
        raise conflict("LAST_PHONE_NUMBER", POOL, pool["PoolId"])
    pool["_members"].remove([kind, key])
    if kind == PHONE_NUMBER:
        record.pop("PoolId", None)
    meta = member_metadata(ctx, kind, key)
    return {
        "PoolArn": pool["PoolArn"],
        "PoolId": pool["PoolId"],
        "OriginationIdentityArn": meta["OriginationIdentityArn"],
        "OriginationIdentity": meta["OriginationIdentity"],
        "IsoCountryCode": meta["IsoCountryCode"],
    }


@family.operation("ListPoolOriginationIdentities")
def list_pool_origination_identities(ctx: Ctx, req: JsonDict) -> JsonDict:
    pool = ctx.lookup(POOL, req["PoolId"], "poolId")
    items = [member_metadata(ctx, kind, key) for kind, key in pool["_members"]]
    items = ctx.filter(
        items,
        req.get("Filters"),
        {
            "iso-country-code": lambda m: m["IsoCountryCode"],
            "number-capability": lambda m: m["NumberCapabilities"],
        },
        allowed={"number-capability": ("SMS", "VOICE", "MMS", "RCS")},
    )
    page, token = ctx.paginate(items, req)
    out: JsonDict = {
        "PoolArn": pool["PoolArn"],
        "PoolId": pool["PoolId"],
        "OriginationIdentities": page,
    }
    if token:
        out["NextToken"] = token
    return out


@family.operation("UpdatePool")
def update_pool(ctx: Ctx, req: JsonDict) -> JsonDict:
    pool = ctx.lookup(POOL, req["PoolId"], "poolId")
    if req.get("TwoWayEnabled") and not (
        req.get("TwoWayChannelArn") or pool.get("TwoWayChannelArn")
    ):
        raise validation(
            "TWO_WAY_CHANNEL_NOT_PRESENT",
            "TwoWayChannelArn is required to enable two-way messaging.",
            "twoWayChannelArn",
        )
    if req.get("SharedRoutesEnabled"):
        countries = {member_metadata(ctx, k, key)["IsoCountryCode"] for k, key in pool["_members"]}
        if "US" in countries:
            raise validation(
                "INVALID_PARAMETER",
                "Shared routes are not available in the US.",
                "sharedRoutesEnabled",
            )
    if req.get("OptOutListName") is not None:
        pool["OptOutListName"] = list_name_for(ctx, req["OptOutListName"])
    for name in (
        "TwoWayEnabled",
        "TwoWayChannelArn",
        "TwoWayChannelRole",
        "SelfManagedOptOutsEnabled",
        "SharedRoutesEnabled",
        "DeletionProtectionEnabled",
    ):
        if req.get(name) is not None:
            pool[name] = req[name]
    return ctx.view(pool, "UpdatePoolResult")


@family.operation("DeletePool")
def delete_pool(ctx: Ctx, req: JsonDict) -> JsonDict:
    pool = ctx.lookup(POOL, req["PoolId"], "poolId")
    pool_id: str = pool["PoolId"]
    if pool.get("DeletionProtectionEnabled"):
        raise conflict("DELETION_PROTECTION_ENABLED", POOL, pool_id)
    if pool["Status"] != "ACTIVE":
        raise conflict("RESOURCE_NOT_ACTIVE", POOL, pool_id)
    for notify in ctx.table(NOTIFY_CONFIGURATION).values():
        if pool_id in (notify.get("DefaultPoolId"), notify.get("PoolId")):
            raise conflict("POOL_ASSOCIATED_TO_NOTIFY_CONFIGURATION", POOL, pool_id)
    for kind, key in pool["_members"]:
        if kind == PHONE_NUMBER and key in ctx.table(PHONE_NUMBER):
            ctx.table(PHONE_NUMBER)[key].pop("PoolId", None)
    pool["_members"] = []
    pool["Status"] = "DELETING"
    ctx.schedule(POOL, pool_id, POOL_TRANSITION_SECONDS, expect={"Status": "DELETING"}, delete=True)
    return ctx.view(pool, "DeletePoolResult")


POOL_FILTERS: Getters = {
    "status": lambda r: r["Status"],
    "message-type": lambda r: r["MessageType"],
    "two-way-enabled": lambda r: r["TwoWayEnabled"],
    "self-managed-opt-outs-enabled": lambda r: r["SelfManagedOptOutsEnabled"],
    "opt-out-list-name": lambda r: r["OptOutListName"],
    "shared-routes-enabled": lambda r: r["SharedRoutesEnabled"],
    "deletion-protection-enabled": lambda r: r["DeletionProtectionEnabled"],
    "two-way-channel-arn": lambda r: r.get("TwoWayChannelArn"),
}


@family.operation("DescribePools")
def describe_pools(ctx: Ctx, req: JsonDict) -> JsonDict:
    if ctx.shared_only(req, "PoolIds"):
        records: list[JsonDict] = []
    elif req.get("PoolIds"):
        records = [ctx.lookup(POOL, i, "poolIds") for i in req["PoolIds"]]
    else:
        records = list(ctx.table(POOL).values())
    records = ctx.filter(
        records,
        req.get("Filters"),
        POOL_FILTERS,
        allowed={"status": ("CREATING", "ACTIVE", "DELETING")},
    )
    page, token = ctx.paginate(records, req)
    out: JsonDict = {"Pools": [ctx.view(r, "PoolInformation") for r in page]}
    if token:
        out["NextToken"] = token
    return out


# --- keywords ----------------------------------------------------------------------------
def keyword_owner(ctx: Ctx, value: str) -> tuple[str, JsonDict, str, str]:
    """(kind, record, id, arn) of the phone number or pool holding keywords."""
    is_pool = value.startswith("pool-") or (
        value.startswith("arn:") and (parse_arn(value) or ("", "", ""))[2] == POOL
    )
    if is_pool:
        pool = ctx.lookup(POOL, value, "originationIdentity")
        return POOL, pool, pool["PoolId"], pool["PoolArn"]
    _, key, record = resolve_member(ctx, value, None, "originationIdentity")
    return PHONE_NUMBER, record, key, record["PhoneNumberArn"]


def _keyword_out(owner_id: str, owner_arn: str, keyword: str, entry: JsonDict) -> JsonDict:
    return {
        "OriginationIdentityArn": owner_arn,
        "OriginationIdentity": owner_id,
        "Keyword": keyword,
        "KeywordMessage": entry["KeywordMessage"],
        "KeywordAction": entry["KeywordAction"],
    }


@family.operation("PutKeyword")
def put_keyword(ctx: Ctx, req: JsonDict) -> JsonDict:
    kind, owner, owner_id, owner_arn = keyword_owner(ctx, req["OriginationIdentity"])
    if kind == PHONE_NUMBER and owner.get("PoolId"):
        raise conflict("PHONE_NUMBER_ASSOCIATED_TO_POOL", PHONE_NUMBER, owner_id)
    keyword = str(req["Keyword"]).strip().upper()
    keywords: dict[str, JsonDict] = owner["_keywords"]
    existing = keywords.get(keyword)
    action = (
        req.get("KeywordAction") or (existing or {}).get("KeywordAction") or "AUTOMATIC_RESPONSE"
    )
    fixed = PROTECTED_KEYWORDS.get(keyword)
    if fixed is not None and action != fixed:
        raise conflict("RESOURCE_MODIFICATION_NOT_ALLOWED", "keyword", keyword)
    if existing is None and len(keywords) >= ctx.limit("KEYWORDS_PER_IDENTITY"):
        raise quota("KEYWORDS_PER_POOL" if kind == POOL else "KEYWORDS_PER_PHONE_NUMBER")
    keywords[keyword] = {"KeywordMessage": req["KeywordMessage"], "KeywordAction": action}
    return _keyword_out(owner_id, owner_arn, keyword, keywords[keyword])


@family.operation("DeleteKeyword")
def delete_keyword(ctx: Ctx, req: JsonDict) -> JsonDict:
    kind, owner, owner_id, owner_arn = keyword_owner(ctx, req["OriginationIdentity"])
    keyword = str(req["Keyword"]).strip().upper()
    if keyword in PROTECTED_KEYWORDS:
        raise conflict("RESOURCE_DELETION_NOT_ALLOWED", "keyword", keyword)
    if kind == PHONE_NUMBER and owner.get("PoolId"):
        raise conflict("PHONE_NUMBER_ASSOCIATED_TO_POOL", PHONE_NUMBER, owner_id)
    entry = owner["_keywords"].pop(keyword, None)
    if entry is None:
        raise not_found("keyword", keyword)
    return _keyword_out(owner_id, owner_arn, keyword, entry)


@family.operation("DescribeKeywords")
def describe_keywords(ctx: Ctx, req: JsonDict) -> JsonDict:
    _, owner, owner_id, owner_arn = keyword_owner(ctx, req["OriginationIdentity"])
    keywords: dict[str, JsonDict] = owner["_keywords"]
    asked: list[object] = req.get("Keywords") or []
    wanted = [str(k).strip().upper() for k in asked]
    for keyword in wanted:
        if keyword not in keywords:
            raise not_found("keyword", keyword)
    items = [{"Keyword": k, **v} for k, v in keywords.items() if not wanted or k in wanted]
    items = ctx.filter(
        items,
        req.get("Filters"),
        {"keyword-action": lambda k: k["KeywordAction"]},
        allowed={"keyword-action": ("AUTOMATIC_RESPONSE", "OPT_OUT", "OPT_IN")},
    )
    page, token = ctx.paginate(items, req)
    out: JsonDict = {
        "OriginationIdentityArn": owner_arn,
        "OriginationIdentity": owner_id,
        "Keywords": page,
    }
    if token:
        out["NextToken"] = token
    return out
