"""RCS agents: lifecycle, country launch status (driven by launch registrations) and their use
as an origination identity when sending."""

from __future__ import annotations

from ._base import Family, Getters, JsonDict, conflict, validation
from ._context import Ctx
from ._state import RCS_AGENT
from .quotas import DEFAULT_LIMITS
from .rules import limits
from .rules.opt_outs import list_name_for
from .rules.review import rcs_launches

family = Family("rcs")

#: Default of the RCS_AGENTS quota (``FakeSmsVoice(limits=...)`` changes it).
MAX_RCS_AGENTS = DEFAULT_LIMITS["RCS_AGENTS"]
#: Manual mode: seconds from CreateRcsAgent until the testing agent is ready (CREATED ->
#: TESTING) (the fake's choice).
RCS_AGENT_TESTING_SECONDS = 60.0
BOOLEAN_FILTERS = (
    "two-way-enabled",
    "self-managed-opt-outs-enabled",
    "deletion-protection-enabled",
)


def _lookup(ctx: Ctx, value: str) -> JsonDict:
    return ctx.lookup(RCS_AGENT, value, "rcsAgentId")


def _status(ctx: Ctx, record: JsonDict) -> str:
    """ACTIVE when every launch is active, PARTIAL when some are, else the lifecycle status."""
    states = {e["Status"] for e in rcs_launches(ctx, record["RcsAgentId"])}
    if "ACTIVE" in states:
        return "ACTIVE" if states == {"ACTIVE"} else "PARTIAL"
    if states & {"PENDING", "CREATED"} and record["Status"] == "TESTING":
        return "PENDING"
    return str(record["Status"])


def _info(ctx: Ctx, record: JsonDict, shape: str = "RcsAgentInformation") -> JsonDict:
    return ctx.view({**record, "Status": _status(ctx, record)}, shape)


@family.operation("CreateRcsAgent")
def create_rcs_agent(ctx: Ctx, req: JsonDict) -> JsonDict:
    ctx.check_quota("RCS_AGENTS")
    opt_out_list = list_name_for(ctx, req.get("OptOutListName"))
    agent_id = ctx.new_id("rcs")
    arn = ctx.arn(RCS_AGENT, agent_id)
    record: JsonDict = {
        "RcsAgentArn": arn,
        "RcsAgentId": agent_id,
        "Status": "CREATED",
        "CreatedTimestamp": ctx.now,
        "DeletionProtectionEnabled": bool(req.get("DeletionProtectionEnabled", False)),
        "OptOutListName": opt_out_list,
        "SelfManagedOptOutsEnabled": False,
        "TwoWayEnabled": False,
        "MessagingLimits": limits.rcs_agent_limits(),
    }
    ctx.add(RCS_AGENT, agent_id, record, arn=arn, tags=req.get("Tags"))
    ctx.schedule(
        RCS_AGENT,
        agent_id,
        RCS_AGENT_TESTING_SECONDS,
        set_fields={"Status": "TESTING"},
        expect={"Status": "CREATED"},
    )
    out = ctx.view(record, "CreateRcsAgentResult")
    out["Tags"] = ctx.tag_list(arn)
    return out


RCS_FILTERS: Getters = {
    "status": lambda r: r["Status"],
    "two-way-enabled": lambda r: r["TwoWayEnabled"],
    "self-managed-opt-outs-enabled": lambda r: r["SelfManagedOptOutsEnabled"],
    "opt-out-list-name": lambda r: r.get("OptOutListName"),
    "deletion-protection-enabled": lambda r: r["DeletionProtectionEnabled"],
    "two-way-channel-arn": lambda r: r.get("TwoWayChannelArn"),
}


@family.operation("DescribeRcsAgents")
def describe_rcs_agents(ctx: Ctx, req: JsonDict) -> JsonDict:
    if req.get("Owner") and req.get("RcsAgentIds"):
        raise validation(
            "PARAMETERS_CANNOT_BE_USED_TOGETHER",
            "Owner and RcsAgentIds cannot be used together.",
            "owner",
        )
    if req.get("Owner") == "SHARED":
        records: list[JsonDict] = []
    elif req.get("RcsAgentIds"):
        records = [_lookup(ctx, i) for i in req["RcsAgentIds"]]
    else:
        records = list(ctx.table(RCS_AGENT).values())
    infos = ctx.filter(
        [_info(ctx, r) for r in records],
        req.get("Filters"),
        RCS_FILTERS,
        allowed={name: ("true", "false") for name in BOOLEAN_FILTERS},
    )
    page, token = ctx.paginate(infos, req)
    out: JsonDict = {"RcsAgents": page}
    if token:
        out["NextToken"] = token
    return out


@family.operation("UpdateRcsAgent")
def update_rcs_agent(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = _lookup(ctx, req["RcsAgentId"])
    two_way = req.get("TwoWayEnabled", record["TwoWayEnabled"])
    channel = req.get("TwoWayChannelArn", record.get("TwoWayChannelArn"))
    if two_way and not channel:
        raise validation(
            "TWO_WAY_CHANNEL_NOT_PRESENT",
            "TwoWayChannelArn is required to enable two-way messaging.",
            "twoWayChannelArn",
        )
    if req.get("OptOutListName") is not None:
        record["OptOutListName"] = list_name_for(ctx, req["OptOutListName"])
    for name in (
        "DeletionProtectionEnabled",
        "SelfManagedOptOutsEnabled",
        "TwoWayChannelArn",
        "TwoWayChannelRole",
        "TwoWayEnabled",
    ):
        if req.get(name) is not None:
            record[name] = req[name]
    return _info(ctx, record, "UpdateRcsAgentResult")


@family.operation("DeleteRcsAgent")
def delete_rcs_agent(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = _lookup(ctx, req["RcsAgentId"])
    agent_id = record["RcsAgentId"]
    if record["DeletionProtectionEnabled"]:
        raise conflict("DELETION_PROTECTION_ENABLED", RCS_AGENT, agent_id)
    if record.get("PoolId"):
        raise conflict("RCS_AGENT_ASSOCIATED_TO_POOL", RCS_AGENT, agent_id)
    ctx.remove(RCS_AGENT, agent_id, arn=record["RcsAgentArn"])
    return ctx.view({**record, "Status": "DELETED"}, "DeleteRcsAgentResult")


@family.operation("DescribeRcsAgentCountryLaunchStatus")
def describe_rcs_agent_country_launch_status(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = _lookup(ctx, req["RcsAgentId"])
    items = rcs_launches(ctx, record["RcsAgentId"])
    if req.get("IsoCountryCodes"):
        items = [e for e in items if e["IsoCountryCode"] in req["IsoCountryCodes"]]
    items = ctx.filter(
        items,
        req.get("Filters"),
        {"country-launch-status": lambda e: e["Status"]},
        allowed={"country-launch-status": ("CREATED", "PENDING", "PARTIAL", "ACTIVE", "REJECTED")},
    )
    page, token = ctx.paginate(items, req)
    out: JsonDict = {
        "RcsAgentId": record["RcsAgentId"],
        "RcsAgentArn": record["RcsAgentArn"],
        "CountryLaunchStatus": page,
    }
    if token:
        out["NextToken"] = token
    return out
