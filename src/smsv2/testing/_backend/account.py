"""Account family: attributes, limits, spend limits and overrides, tags, resource policies."""

from __future__ import annotations

from ._base import Family, JsonDict, conflict, not_found, quota, validation
from ._context import Ctx
from ._records import SentMessage
from ._state import VERIFIED_NUMBER
from .quotas import ACCOUNT_LIMIT_TABLES
from .rules.accounts import spend_limit_names, spend_limits

family = Family("account")

#: Resource types that accept resource policies (PutResourcePolicy reference).
POLICY_RESOURCE_TYPES = frozenset(
    {"phone-number", "sender-id", "pool", "opt-out-list", "rcs-agent"}
)
EMPTY_POLICY = "{}"


@family.operation("DescribeAccountAttributes")
def describe_account_attributes(ctx: Ctx, req: JsonDict) -> JsonDict:
    attributes = [{"Name": "ACCOUNT_TIER", "Value": ctx.settings.get("AccountTier", "SANDBOX")}]
    default_protect = ctx.settings.get("DefaultProtectConfigurationId")
    if default_protect:
        attributes.append({"Name": "DEFAULT_PROTECT_CONFIGURATION_ID", "Value": default_protect})
    page, token = ctx.paginate(attributes, req)
    return {"AccountAttributes": page, **({"NextToken": token} if token else {})}


@family.operation("DescribeAccountLimits")
def describe_account_limits(ctx: Ctx, req: JsonDict) -> JsonDict:
    limits = [
        {"Name": name, "Used": len(ctx.table(kind)), "Max": ctx.limit(name)}
        for name, kind in ACCOUNT_LIMIT_TABLES.items()
    ]
    page, token = ctx.paginate(limits, req)
    return {"AccountLimits": page, **({"NextToken": token} if token else {})}


@family.operation("DescribeSpendLimits")
def describe_spend_limits(ctx: Ctx, req: JsonDict) -> JsonDict:
    page, token = ctx.paginate(list(spend_limits(ctx.state, ctx.engine.limits).values()), req)
    return {"SpendLimits": page, **({"NextToken": token} if token else {})}


def _register_spend_ops(channel: str, limit_name: str) -> None:
    def set_override(ctx: Ctx, req: JsonDict) -> JsonDict:
        entry = spend_limits(ctx.state, ctx.engine.limits)[limit_name]
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
        entry = spend_limits(ctx.state, ctx.engine.limits)[limit_name]
        entry["EnforcedLimit"] = entry["MaxLimit"]
        entry["Overridden"] = False
        return {"MonthlyLimit": entry["EnforcedLimit"]}

    family.add(f"Set{channel}MessageSpendLimitOverride", set_override)
    family.add(f"Delete{channel}MessageSpendLimitOverride", delete_override)


# One Set/Delete<Channel>MessageSpendLimitOverride pair per SpendLimitName of the model
# (TEXT_MESSAGE_MONTHLY_SPEND_LIMIT -> SetTextMessageSpendLimitOverride, ...).
for _limit in spend_limit_names():
    _register_spend_ops(_limit.split("_", 1)[0].capitalize(), _limit)


# --- tags: generic over every ARN registered with ``ctx.add(..., arn=...)`` ---------------
@family.operation("TagResource")
def tag_resource(ctx: Ctx, req: JsonDict) -> JsonDict:
    arn = req["ResourceArn"]
    ctx.resource_for_arn(arn)
    ctx.put_tags(arn, req["Tags"])
    return {}


@family.operation("UntagResource")
def untag_resource(ctx: Ctx, req: JsonDict) -> JsonDict:
    arn = req["ResourceArn"]
    ctx.resource_for_arn(arn)
    tags = ctx.state.tags.setdefault(arn, {})
    for key in req["TagKeys"]:
        tags.pop(key, None)
    return {}


@family.operation("ListTagsForResource")
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


@family.operation("PutResourcePolicy")
def put_resource_policy(ctx: Ctx, req: JsonDict) -> JsonDict:
    arn = req["ResourceArn"]
    _policy_target(ctx, arn)
    ctx.state.policies[arn] = req["Policy"]
    return {"ResourceArn": arn, "Policy": req["Policy"], "CreatedTimestamp": ctx.now}


@family.operation("GetResourcePolicy")
def get_resource_policy(ctx: Ctx, req: JsonDict) -> JsonDict:
    arn = req["ResourceArn"]
    _policy_target(ctx, arn)
    # No policy -> 200 with "{}" (what the Terraform provider's tests observe).
    return {"ResourceArn": arn, "Policy": ctx.state.policies.get(arn, EMPTY_POLICY)}


@family.operation("DeleteResourcePolicy")
def delete_resource_policy(ctx: Ctx, req: JsonDict) -> JsonDict:
    arn = req["ResourceArn"]
    _policy_target(ctx, arn)
    policy = ctx.state.policies.pop(arn, None)
    if policy is None:
        raise not_found("policy", arn)
    return {"ResourceArn": arn, "Policy": policy}


# --- verified destination numbers (sandbox) ----------------------------------------------
#: Verification codes: 6 digits valid this long (the fake's choice; AWS documents neither).
VERIFICATION_CODE_TTL_SECONDS = 600.0
VERIFICATION_CODE_DIGITS = 6
#: A verified number can be deleted this long after creation (SMS user guide, sandbox page).
VERIFIED_NUMBER_MIN_AGE_SECONDS = 24 * 3600.0
_DAY = 24 * 3600.0


def _vdn(ctx: Ctx, value: str) -> JsonDict:
    return ctx.lookup(VERIFIED_NUMBER, value, "verifiedDestinationNumberId")


@family.operation("CreateVerifiedDestinationNumber")
def create_verified_destination_number(ctx: Ctx, req: JsonDict) -> JsonDict:
    number = req["DestinationPhoneNumber"]
    if any(r["DestinationPhoneNumber"] == number for r in ctx.table(VERIFIED_NUMBER).values()):
        raise conflict("RESOURCE_ALREADY_EXISTS", VERIFIED_NUMBER, number)
    ctx.check_quota("VERIFIED_DESTINATION_NUMBERS")
    vdn_id = ctx.new_id("vdn")
    arn = ctx.arn(VERIFIED_NUMBER, vdn_id)
    record: JsonDict = {
        "VerifiedDestinationNumberArn": arn,
        "VerifiedDestinationNumberId": vdn_id,
        "DestinationPhoneNumber": number,
        "Status": "PENDING",
        "RcsAgentId": req.get("RcsAgentId"),
        "CreatedTimestamp": ctx.now,
        "_attempts": [],
    }
    ctx.add(VERIFIED_NUMBER, vdn_id, record, arn=arn, tags=req.get("Tags"))
    out = ctx.view(record, "CreateVerifiedDestinationNumberResult")
    out["Tags"] = ctx.tag_list(arn)
    return out


@family.operation("SendDestinationNumberVerificationCode")
def send_destination_number_verification_code(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = _vdn(ctx, req["VerifiedDestinationNumberId"])
    if record["Status"] == "VERIFIED":
        raise conflict(
            "VERIFICATION_ALREADY_COMPLETE", VERIFIED_NUMBER, record["VerifiedDestinationNumberId"]
        )
    attempts = [t for t in record["_attempts"] if ctx.now - t < _DAY]
    if len(attempts) >= ctx.limit("VERIFICATION_ATTEMPTS_PER_DAY"):
        raise quota("VERIFICATION_ATTEMPTS_PER_DAY")
    record["_attempts"] = [*attempts, ctx.now]
    code = ctx.random_digits(VERIFICATION_CODE_DIGITS)
    record["_code"] = code
    record["_code_expires"] = ctx.now + VERIFICATION_CODE_TTL_SECONDS
    message_id = ctx.new_uuid()
    channel = req["VerificationChannel"]
    ctx.engine.sent_messages.append(
        SentMessage(
            message_id=message_id,
            operation=ctx.operation,
            account_id=ctx.account_id,
            region=ctx.region,
            destination=record["DestinationPhoneNumber"],
            origination=req.get("OriginationIdentity"),
            message_body=f"Your verification code is {code}",
            voice_id="MATTHEW" if channel == "VOICE" else None,
            configuration_set=req.get("ConfigurationSetName"),
            context=dict(req.get("Context") or {}),
            timestamp=ctx.now,
        )
    )
    return {"MessageId": message_id}


@family.operation("VerifyDestinationNumber")
def verify_destination_number(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = _vdn(ctx, req["VerifiedDestinationNumberId"])
    vdn_id = record["VerifiedDestinationNumberId"]
    if record["Status"] == "VERIFIED":
        raise conflict("VERIFICATION_ALREADY_COMPLETE", VERIFIED_NUMBER, vdn_id)
    code = record.get("_code")
    if code is None or ctx.now > record["_code_expires"]:
        raise conflict("VERIFICATION_CODE_EXPIRED", VERIFIED_NUMBER, vdn_id)
    if req["VerificationCode"] != code:
        raise validation(
            "VERIFICATION_CODE_MISMATCH", "The verification code is not valid.", "verificationCode"
        )
    record["Status"] = "VERIFIED"
    record.pop("_code", None)
    return ctx.view(record, "VerifyDestinationNumberResult")


@family.operation("DeleteVerifiedDestinationNumber")
def delete_verified_destination_number(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = _vdn(ctx, req["VerifiedDestinationNumberId"])
    vdn_id = record["VerifiedDestinationNumberId"]
    if ctx.now - record["CreatedTimestamp"] < VERIFIED_NUMBER_MIN_AGE_SECONDS:
        raise conflict("RESOURCE_DELETION_NOT_ALLOWED", VERIFIED_NUMBER, vdn_id)
    ctx.remove(VERIFIED_NUMBER, vdn_id, arn=record["VerifiedDestinationNumberArn"])
    return ctx.view(record, "DeleteVerifiedDestinationNumberResult")


@family.operation("DescribeVerifiedDestinationNumbers")
def describe_verified_destination_numbers(ctx: Ctx, req: JsonDict) -> JsonDict:
    records = list(ctx.table(VERIFIED_NUMBER).values())
    if req.get("VerifiedDestinationNumberIds"):
        records = [_vdn(ctx, i) for i in req["VerifiedDestinationNumberIds"]]
    if req.get("DestinationPhoneNumbers"):
        wanted = set(req["DestinationPhoneNumbers"])
        records = [r for r in records if r["DestinationPhoneNumber"] in wanted]
    records = ctx.filter(
        records,
        req.get("Filters"),
        {"status": lambda r: r["Status"], "rcs-agent-id": lambda r: r.get("RcsAgentId")},
        allowed={"status": ("PENDING", "VERIFIED", "UNSUPPORTED")},
    )
    page, token = ctx.paginate(records, req)
    out: JsonDict = {
        "VerifiedDestinationNumbers": [
            ctx.view(r, "VerifiedDestinationNumberInformation") for r in page
        ]
    }
    if token:
        out["NextToken"] = token
    return out
