"""Account family: attributes, limits, spend limits and overrides, tags, resource policies."""

from __future__ import annotations

from ._base import JsonDict, ServiceError, not_found, operation, validation
from ._context import LIMIT_TABLES, Ctx
from ._state import RegionState

SPEND_LIMIT_NAMES = (
    "TEXT_MESSAGE_MONTHLY_SPEND_LIMIT",
    "VOICE_MESSAGE_MONTHLY_SPEND_LIMIT",
    "MEDIA_MESSAGE_MONTHLY_SPEND_LIMIT",
    "NOTIFY_MESSAGE_MONTHLY_SPEND_LIMIT",
)
#: Sandbox monthly limit in USD (DOC for text/media; GUESS for voice/notify).
SANDBOX_SPEND_LIMIT = 1
#: MaxLimit after ``FakeSmsVoice.leave_sandbox`` (GUESS: raised through AWS Support).
PRODUCTION_SPEND_LIMIT = 1000
#: Resource types that accept resource policies (DOC M:PutResourcePolicy).
POLICY_RESOURCE_TYPES = frozenset(
    {"phone-number", "sender-id", "pool", "opt-out-list", "rcs-agent"}
)
EMPTY_POLICY = "{}"


def spend_limits(state: RegionState) -> dict[str, JsonDict]:
    """name -> {Name, EnforcedLimit, MaxLimit, Overridden}, created on first use."""
    limits: dict[str, JsonDict] = state.settings.setdefault("SpendLimits", {})
    if not limits:
        for name in SPEND_LIMIT_NAMES:
            limits[name] = {
                "Name": name,
                "EnforcedLimit": SANDBOX_SPEND_LIMIT,
                "MaxLimit": SANDBOX_SPEND_LIMIT,
                "Overridden": False,
            }
    return limits


def set_account_tier(state: RegionState, tier: str) -> None:
    state.settings["AccountTier"] = tier
    maximum = PRODUCTION_SPEND_LIMIT if tier == "PRODUCTION" else SANDBOX_SPEND_LIMIT
    for entry in spend_limits(state).values():
        entry["MaxLimit"] = maximum
        if not entry["Overridden"] or entry["EnforcedLimit"] > maximum:
            entry["EnforcedLimit"] = maximum


def in_sandbox(state: RegionState) -> bool:
    return bool(state.settings.get("AccountTier", "SANDBOX") == "SANDBOX")


@operation("DescribeAccountAttributes")
def describe_account_attributes(ctx: Ctx, req: JsonDict) -> JsonDict:
    attributes = [{"Name": "ACCOUNT_TIER", "Value": ctx.settings.get("AccountTier", "SANDBOX")}]
    default_protect = ctx.settings.get("DefaultProtectConfigurationId")
    if default_protect:
        attributes.append({"Name": "DEFAULT_PROTECT_CONFIGURATION_ID", "Value": default_protect})
    page, token = ctx.paginate(attributes, req)
    return {"AccountAttributes": page, **({"NextToken": token} if token else {})}


@operation("DescribeAccountLimits")
def describe_account_limits(ctx: Ctx, req: JsonDict) -> JsonDict:
    limits = [
        {"Name": name, "Used": len(ctx.table(kind)), "Max": ctx.fake.limits[name]}
        for name, kind in LIMIT_TABLES.items()
    ]
    page, token = ctx.paginate(limits, req)
    return {"AccountLimits": page, **({"NextToken": token} if token else {})}


@operation("DescribeSpendLimits")
def describe_spend_limits(ctx: Ctx, req: JsonDict) -> JsonDict:
    page, token = ctx.paginate(list(spend_limits(ctx.state).values()), req)
    return {"SpendLimits": page, **({"NextToken": token} if token else {})}


def _register_spend_ops(channel: str, limit_name: str) -> None:
    def set_override(ctx: Ctx, req: JsonDict) -> JsonDict:
        entry = spend_limits(ctx.state)[limit_name]
        value = int(req["MonthlyLimit"])
        if value > entry["MaxLimit"]:
            raise validation(
                "REQUESTED_SPEND_LIMIT_HIGHER_THAN_SERVICE_LIMIT",
                f"MonthlyLimit {value} is higher than the account limit {entry['MaxLimit']}.",
                "monthlyLimit",
            )
        entry["EnforcedLimit"] = value
        entry["Overridden"] = True
        return {"MonthlyLimit": value}

    def delete_override(ctx: Ctx, req: JsonDict) -> JsonDict:
        entry = spend_limits(ctx.state)[limit_name]
        entry["EnforcedLimit"] = entry["MaxLimit"]
        entry["Overridden"] = False
        return {"MonthlyLimit": entry["EnforcedLimit"]}

    operation(f"Set{channel}MessageSpendLimitOverride")(set_override)
    operation(f"Delete{channel}MessageSpendLimitOverride")(delete_override)


for _channel, _limit in (
    ("Text", "TEXT_MESSAGE_MONTHLY_SPEND_LIMIT"),
    ("Voice", "VOICE_MESSAGE_MONTHLY_SPEND_LIMIT"),
    ("Media", "MEDIA_MESSAGE_MONTHLY_SPEND_LIMIT"),
    ("Notify", "NOTIFY_MESSAGE_MONTHLY_SPEND_LIMIT"),
):
    _register_spend_ops(_channel, _limit)


# --- tags: generic over every ARN registered with ``ctx.add(..., arn=...)`` ---------------
@operation("TagResource")
def tag_resource(ctx: Ctx, req: JsonDict) -> JsonDict:
    arn = req["ResourceArn"]
    ctx.resource_for_arn(arn)
    ctx.put_tags(arn, req["Tags"])
    return {}


@operation("UntagResource")
def untag_resource(ctx: Ctx, req: JsonDict) -> JsonDict:
    arn = req["ResourceArn"]
    ctx.resource_for_arn(arn)
    tags = ctx.state.tags.setdefault(arn, {})
    for key in req["TagKeys"]:
        tags.pop(key, None)
    return {}


@operation("ListTagsForResource")
def list_tags_for_resource(ctx: Ctx, req: JsonDict) -> JsonDict:
    arn = req["ResourceArn"]
    ctx.resource_for_arn(arn)
    return {"ResourceArn": arn, "Tags": ctx.tag_list(arn)}


# --- resource policies -------------------------------------------------------------------
def _policy_target(ctx: Ctx, arn: str) -> None:
    kind, _ = ctx.resource_for_arn(arn)
    if kind not in POLICY_RESOURCE_TYPES:
        raise validation(
            "INVALID_ARN", f"Resource policies are not supported on {kind}.", "resourceArn"
        )


@operation("PutResourcePolicy")
def put_resource_policy(ctx: Ctx, req: JsonDict) -> JsonDict:
    arn = req["ResourceArn"]
    _policy_target(ctx, arn)
    ctx.state.policies[arn] = req["Policy"]
    return {"ResourceArn": arn, "Policy": req["Policy"], "CreatedTimestamp": ctx.now}


@operation("GetResourcePolicy")
def get_resource_policy(ctx: Ctx, req: JsonDict) -> JsonDict:
    arn = req["ResourceArn"]
    _policy_target(ctx, arn)
    # No policy -> 200 with "{}" (OBS TF:resource_policy.go).
    return {"ResourceArn": arn, "Policy": ctx.state.policies.get(arn, EMPTY_POLICY)}


@operation("DeleteResourcePolicy")
def delete_resource_policy(ctx: Ctx, req: JsonDict) -> JsonDict:
    arn = req["ResourceArn"]
    _policy_target(ctx, arn)
    policy = ctx.state.policies.pop(arn, None)
    if policy is None:
        raise not_found("policy", arn)
    return {"ResourceArn": arn, "Policy": policy}


__all__ = ["ServiceError", "in_sandbox", "set_account_tier", "spend_limits"]
