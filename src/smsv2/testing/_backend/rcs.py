"""RCS agents: lifecycle, country launch status (driven by launch registrations) and their use
as an origination identity when sending."""

from __future__ import annotations

from ._base import JsonDict, conflict, operation, quota, validation
from ._context import Ctx, parse_arn
from ._state import RCS_AGENT, REGISTRATION
from .numbers import ensure_opt_out_list
from .registrations import sync_review
from .sending import IDENTITY_RESOLVERS, Identity

#: Max RCS agents per account and region (GUESS).
MAX_RCS_AGENTS = 10
#: Manual mode: seconds from CreateRcsAgent until the testing agent is ready (CREATED ->
#: TESTING) (GUESS).
RCS_AGENT_TESTING_SECONDS = 60.0
#: Carriers reviewing a launch, per country (GUESS; unknown countries get one generic carrier).
LAUNCH_CARRIERS: dict[str, tuple[str, ...]] = {
    "US": ("AT&T", "T-Mobile", "Verizon"),
    "CA": ("Bell", "Rogers", "TELUS"),
    "GB": ("EE", "O2", "Vodafone"),
}
#: Registration status of the launch registration -> country launch / carrier status.
LAUNCH_STATUS: dict[str, tuple[str, str]] = {
    "CREATED": ("CREATED", "PENDING"),
    "COMPLETE": ("ACTIVE", "ACTIVE"),
    "REQUIRES_UPDATES": ("REJECTED", "REJECTED"),
    "CLOSED": ("REJECTED", "REJECTED"),
}
PENDING_LAUNCH = ("PENDING", "PENDING")
#: Capabilities an RCS agent can carry (RCS, text and media; no voice).
RCS_CAPABILITIES = frozenset({"RCS", "SMS", "MMS"})
BOOLEAN_FILTERS = (
    "two-way-enabled",
    "self-managed-opt-outs-enabled",
    "deletion-protection-enabled",
)


def _lookup(ctx: Ctx, value: str) -> JsonDict:
    return ctx.lookup(RCS_AGENT, value, "rcsAgentId")


def launches(ctx: Ctx, agent_id: str) -> list[JsonDict]:
    """CountryLaunchStatusInformation of every launch registration the agent is part of."""
    out: list[JsonDict] = []
    for registration in ctx.table(REGISTRATION).values():
        for assoc in registration["_associations"]:
            if assoc["ResourceId"] != agent_id:
                continue
            sync_review(registration, ctx.now)
            status, carrier_status = LAUNCH_STATUS.get(
                registration["RegistrationStatus"], PENDING_LAUNCH
            )
            country = assoc.get("IsoCountryCode") or "US"
            out.append(
                {
                    "IsoCountryCode": country,
                    "Status": status,
                    "RegistrationId": registration["RegistrationId"],
                    "CarrierStatus": [
                        {"CarrierName": name, "Status": carrier_status}
                        for name in LAUNCH_CARRIERS.get(country, ("Carrier",))
                    ],
                }
            )
    return sorted(out, key=lambda e: (e["IsoCountryCode"], e["RegistrationId"]))


def _status(ctx: Ctx, record: JsonDict) -> str:
    """ACTIVE when every launch is active, PARTIAL when some are, else the lifecycle status."""
    states = {e["Status"] for e in launches(ctx, record["RcsAgentId"])}
    if "ACTIVE" in states:
        return "ACTIVE" if states == {"ACTIVE"} else "PARTIAL"
    if states & {"PENDING", "CREATED"} and record["Status"] == "TESTING":
        return "PENDING"
    return str(record["Status"])


def _info(ctx: Ctx, record: JsonDict, shape: str = "RcsAgentInformation") -> JsonDict:
    return ctx.view({**record, "Status": _status(ctx, record)}, shape)


@operation("CreateRcsAgent")
def create_rcs_agent(ctx: Ctx, req: JsonDict) -> JsonDict:
    if len(ctx.table(RCS_AGENT)) >= MAX_RCS_AGENTS:
        raise quota("RCS_AGENTS_PER_ACCOUNT")
    opt_out_list = ensure_opt_out_list(ctx, req.get("OptOutListName"))
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


RCS_FILTERS = {
    "status": lambda r: r["Status"],
    "two-way-enabled": lambda r: r["TwoWayEnabled"],
    "self-managed-opt-outs-enabled": lambda r: r["SelfManagedOptOutsEnabled"],
    "opt-out-list-name": lambda r: r.get("OptOutListName"),
    "deletion-protection-enabled": lambda r: r["DeletionProtectionEnabled"],
    "two-way-channel-arn": lambda r: r.get("TwoWayChannelArn"),
}


@operation("DescribeRcsAgents")
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


@operation("UpdateRcsAgent")
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
        record["OptOutListName"] = ensure_opt_out_list(ctx, req["OptOutListName"])
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


@operation("DeleteRcsAgent")
def delete_rcs_agent(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = _lookup(ctx, req["RcsAgentId"])
    agent_id = record["RcsAgentId"]
    if record["DeletionProtectionEnabled"]:
        raise conflict("DELETION_PROTECTION_ENABLED", RCS_AGENT, agent_id)
    if record.get("PoolId"):
        raise conflict("RCS_AGENT_ASSOCIATED_TO_POOL", RCS_AGENT, agent_id)
    ctx.remove(RCS_AGENT, agent_id, arn=record["RcsAgentArn"])
    return ctx.view({**record, "Status": "DELETED"}, "DeleteRcsAgentResult")


@operation("DescribeRcsAgentCountryLaunchStatus")
def describe_rcs_agent_country_launch_status(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = _lookup(ctx, req["RcsAgentId"])
    items = launches(ctx, record["RcsAgentId"])
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


def resolve_rcs_agent(ctx: Ctx, value: str, country: str, capability: str) -> Identity | None:
    """``sending.IDENTITY_RESOLVERS`` hook: ``rcs-...`` IDs and rcs-agent ARNs.

    The agent sends to countries where its launch is ACTIVE; a TESTING agent (testing agent
    ready, no active launch) may send anywhere the account may (sandbox accounts: verified
    destinations only, enforced by the send path)."""
    if value.startswith("arn:"):
        parsed = parse_arn(value)
        if parsed is None or parsed[2] != RCS_AGENT:
            return None
    elif not value.startswith("rcs-"):
        return None
    record = ctx.lookup(RCS_AGENT, value, "originationIdentity")
    agent_id = record["RcsAgentId"]
    if capability not in RCS_CAPABILITIES:
        raise validation(
            "VOICE_CAPABILITY_NOT_AVAILABLE" if capability == "VOICE" else "CHANNEL_NOT_ENABLED",
            f"RCS agents cannot send {capability}.",
            "originationIdentity",
        )
    active = {e["IsoCountryCode"] for e in launches(ctx, agent_id) if e["Status"] == "ACTIVE"}
    if country not in active and record["Status"] != "TESTING":
        raise conflict("RESOURCE_NOT_ACTIVE", RCS_AGENT, agent_id)
    return Identity(RCS_AGENT, agent_id, agent_id, record["OptOutListName"], record)


def _ensure_registered() -> None:
    if resolve_rcs_agent not in IDENTITY_RESOLVERS:
        IDENTITY_RESOLVERS.append(resolve_rcs_agent)


_ensure_registered()
