"""Protect configurations: country rule sets, number overrides, account default, send check."""

from __future__ import annotations

from datetime import datetime

from . import countries
from ._base import Family, JsonDict, conflict, not_found, validation
from ._context import Ctx
from ._state import CONFIGURATION_SET, PROTECT_CONFIGURATION
from .quotas import DEFAULT_LIMITS
from .rules.protect import DEFAULT_PROTECT_STATUS, DEFAULT_SETTING

family = Family("protect")

#: Default of the PROTECT_CONFIGURATIONS quota (``FakeSmsVoice(limits=...)`` changes it).
MAX_PROTECT_CONFIGURATIONS = DEFAULT_LIMITS["PROTECT_CONFIGURATIONS"]
#: Rule-set capabilities (model enum NumberCapability).
RULE_CAPABILITIES = ("SMS", "VOICE", "MMS", "RCS")
#: MONITOR/FILTER only for SMS (the fake's reading of the protect pages).
SMS_ONLY_STATUSES = frozenset({"MONITOR", "FILTER"})


def rule_countries() -> tuple[str, ...]:
    """Countries in every rule set: every country of the service's table."""
    return tuple(sorted(countries.table()))


def _lookup(ctx: Ctx, value: str) -> JsonDict:
    return ctx.lookup(PROTECT_CONFIGURATION, value, "protectConfigurationId")


def _info(ctx: Ctx, record: JsonDict) -> JsonDict:
    """ProtectConfigurationInformation members, AccountDefault derived from the settings."""
    return {
        "ProtectConfigurationArn": record["ProtectConfigurationArn"],
        "ProtectConfigurationId": record["ProtectConfigurationId"],
        "CreatedTimestamp": record["CreatedTimestamp"],
        "AccountDefault": ctx.settings.get(DEFAULT_SETTING) == record["ProtectConfigurationId"],
        "DeletionProtectionEnabled": bool(record["DeletionProtectionEnabled"]),
    }


def _header(record: JsonDict) -> JsonDict:
    return {
        "ProtectConfigurationArn": record["ProtectConfigurationArn"],
        "ProtectConfigurationId": record["ProtectConfigurationId"],
    }


@family.operation("CreateProtectConfiguration")
def create_protect_configuration(ctx: Ctx, req: JsonDict) -> JsonDict:
    ctx.check_quota("PROTECT_CONFIGURATIONS")
    protect_id = ctx.new_id("protect")
    arn = ctx.arn(PROTECT_CONFIGURATION, protect_id)
    record: JsonDict = {
        "ProtectConfigurationArn": arn,
        "ProtectConfigurationId": protect_id,
        "CreatedTimestamp": ctx.now,
        "DeletionProtectionEnabled": bool(req.get("DeletionProtectionEnabled", False)),
        "_rules": {
            cap: dict.fromkeys(rule_countries(), DEFAULT_PROTECT_STATUS)
            for cap in RULE_CAPABILITIES
        },
        "_overrides": {},
    }
    ctx.add(PROTECT_CONFIGURATION, protect_id, record, arn=arn, tags=req.get("Tags"))
    out = _info(ctx, record)
    out["Tags"] = ctx.tag_list(arn)
    return out


def _sets_using(ctx: Ctx, protect_id: str) -> list[JsonDict]:
    return [
        s
        for s in ctx.table(CONFIGURATION_SET).values()
        if s.get("ProtectConfigurationId") == protect_id
    ]


@family.operation("DeleteProtectConfiguration")
def delete_protect_configuration(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = _lookup(ctx, req["ProtectConfigurationId"])
    protect_id = record["ProtectConfigurationId"]
    if record["DeletionProtectionEnabled"]:
        raise conflict("DELETION_PROTECTION_ENABLED", PROTECT_CONFIGURATION, protect_id)
    if ctx.settings.get(DEFAULT_SETTING) == protect_id:
        raise conflict(
            "PROTECT_CONFIGURATION_IS_ACCOUNT_DEFAULT", PROTECT_CONFIGURATION, protect_id
        )
    if _sets_using(ctx, protect_id):
        raise conflict(
            "PROTECT_CONFIGURATION_ASSOCIATED_WITH_CONFIGURATION_SET",
            PROTECT_CONFIGURATION,
            protect_id,
        )
    out = _info(ctx, record)
    ctx.remove(PROTECT_CONFIGURATION, protect_id, arn=record["ProtectConfigurationArn"])
    return out


@family.operation("DescribeProtectConfigurations")
def describe_protect_configurations(ctx: Ctx, req: JsonDict) -> JsonDict:
    if req.get("ProtectConfigurationIds"):
        records = [_lookup(ctx, i) for i in req["ProtectConfigurationIds"]]
    else:
        records = list(ctx.table(PROTECT_CONFIGURATION).values())
    infos = ctx.filter(
        [_info(ctx, r) for r in records],
        req.get("Filters"),
        {
            "account-default": lambda r: r["AccountDefault"],
            "deletion-protection-enabled": lambda r: r["DeletionProtectionEnabled"],
        },
        allowed={
            "account-default": ("true", "false"),
            "deletion-protection-enabled": ("true", "false"),
        },
    )
    page, token = ctx.paginate(infos, req)
    out: JsonDict = {"ProtectConfigurations": page}
    if token:
        out["NextToken"] = token
    return out


@family.operation("UpdateProtectConfiguration")
def update_protect_configuration(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = _lookup(ctx, req["ProtectConfigurationId"])
    if req.get("DeletionProtectionEnabled") is not None:
        record["DeletionProtectionEnabled"] = bool(req["DeletionProtectionEnabled"])
    return _info(ctx, record)


def _rule_set_out(record: JsonDict, capability: str) -> JsonDict:
    rules: dict[str, str] = record["_rules"][capability]
    return {
        **_header(record),
        "NumberCapability": capability,
        "CountryRuleSet": {c: {"ProtectStatus": s} for c, s in sorted(rules.items())},
    }


@family.operation("GetProtectConfigurationCountryRuleSet")
def get_protect_configuration_country_rule_set(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = _lookup(ctx, req["ProtectConfigurationId"])
    return _rule_set_out(record, req["NumberCapability"])


@family.operation("UpdateProtectConfigurationCountryRuleSet")
def update_protect_configuration_country_rule_set(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = _lookup(ctx, req["ProtectConfigurationId"])
    capability = req["NumberCapability"]
    updates: dict[str, JsonDict] = req["CountryRuleSetUpdates"]
    for country, rule in updates.items():
        if countries.country(country) is None:
            raise validation(
                "INVALID_PARAMETER",
                f"{country} is not a supported country code.",
                "countryRuleSetUpdates",
            )
        if capability != "SMS" and rule["ProtectStatus"] in SMS_ONLY_STATUSES:
            raise validation(
                "INVALID_PARAMETER",
                f"{rule['ProtectStatus']} is only available for SMS.",
                "countryRuleSetUpdates",
            )
    rules: dict[str, str] = record["_rules"][capability]
    for country, rule in updates.items():
        rules[country] = rule["ProtectStatus"]
    return _rule_set_out(record, capability)


@family.operation("SetAccountDefaultProtectConfiguration")
def set_account_default_protect_configuration(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = _lookup(ctx, req["ProtectConfigurationId"])
    ctx.settings[DEFAULT_SETTING] = record["ProtectConfigurationId"]
    return {
        "DefaultProtectConfigurationArn": record["ProtectConfigurationArn"],
        "DefaultProtectConfigurationId": record["ProtectConfigurationId"],
    }


@family.operation("DeleteAccountDefaultProtectConfiguration")
def delete_account_default_protect_configuration(ctx: Ctx, req: JsonDict) -> JsonDict:
    current = ctx.settings.get(DEFAULT_SETTING)
    record = ctx.table(PROTECT_CONFIGURATION).get(current) if current else None
    if record is None:
        raise not_found(PROTECT_CONFIGURATION, "default")
    ctx.settings.pop(DEFAULT_SETTING, None)
    return {
        "DefaultProtectConfigurationArn": record["ProtectConfigurationArn"],
        "DefaultProtectConfigurationId": record["ProtectConfigurationId"],
    }


def _association_out(config_set: JsonDict, record: JsonDict) -> JsonDict:
    return {
        "ConfigurationSetArn": config_set["ConfigurationSetArn"],
        "ConfigurationSetName": config_set["ConfigurationSetName"],
        **_header(record),
    }


@family.operation("AssociateProtectConfiguration")
def associate_protect_configuration(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = _lookup(ctx, req["ProtectConfigurationId"])
    config_set = ctx.lookup(CONFIGURATION_SET, req["ConfigurationSetName"], "configurationSetName")
    config_set["ProtectConfigurationId"] = record["ProtectConfigurationId"]
    return _association_out(config_set, record)


@family.operation("DisassociateProtectConfiguration")
def disassociate_protect_configuration(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = _lookup(ctx, req["ProtectConfigurationId"])
    config_set = ctx.lookup(CONFIGURATION_SET, req["ConfigurationSetName"], "configurationSetName")
    if config_set.get("ProtectConfigurationId") != record["ProtectConfigurationId"]:
        raise conflict(
            "PROTECT_CONFIGURATION_NOT_ASSOCIATED_WITH_CONFIGURATION_SET",
            PROTECT_CONFIGURATION,
            record["ProtectConfigurationId"],
        )
    config_set.pop("ProtectConfigurationId", None)
    return _association_out(config_set, record)


def _override_out(entry: JsonDict) -> JsonDict:
    return {k: v for k, v in entry.items() if v is not None}


@family.operation("PutProtectConfigurationRuleSetNumberOverride")
def put_number_override(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = _lookup(ctx, req["ProtectConfigurationId"])
    number = req["DestinationPhoneNumber"]
    if not number.startswith("+"):
        raise validation(
            "INVALID_PARAMETER",
            "The destination phone number is not valid.",
            "destinationPhoneNumber",
        )
    expiration = req.get("ExpirationTimestamp")
    if expiration is not None and float(expiration) <= ctx.now:
        raise validation(
            "INVALID_PARAMETER", "ExpirationTimestamp must be in the future.", "expirationTimestamp"
        )
    overrides: dict[str, JsonDict] = record["_overrides"]
    previous = overrides.get(number)
    entry: JsonDict = {
        "DestinationPhoneNumber": number,
        "CreatedTimestamp": previous["CreatedTimestamp"] if previous else ctx.now,
        "Action": req["Action"],
        "IsoCountryCode": countries.country_of(number),
        "ExpirationTimestamp": float(expiration) if expiration is not None else None,
    }
    overrides[number] = entry
    return {**_header(record), **_override_out(entry)}


@family.operation("DeleteProtectConfigurationRuleSetNumberOverride")
def delete_number_override(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = _lookup(ctx, req["ProtectConfigurationId"])
    number = req["DestinationPhoneNumber"]
    entry = record["_overrides"].pop(number, None)
    if entry is None:
        raise not_found(PROTECT_CONFIGURATION, number)
    return {**_header(record), **_override_out(entry)}


def _epoch(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        raise validation(
            "INVALID_FILTER_VALUES", f"{value} is not a timestamp.", "filters"
        ) from None


def _override_matches(entry: JsonDict, name: str, values: list[str], now: float) -> bool:
    if name == "iso-country-code":
        return entry.get("IsoCountryCode") in values
    if name == "action":
        return entry["Action"] in values
    if name == "destination-phone-number-begins-with":
        return any(entry["DestinationPhoneNumber"].startswith(v) for v in values)
    stamp = (
        entry["CreatedTimestamp"]
        if name.startswith("created")
        else entry.get("ExpirationTimestamp")
    )
    if stamp is None:
        return False
    bounds = [_epoch(v) for v in values]
    if name.endswith("before"):
        return any(stamp < b for b in bounds)
    return any(stamp > b for b in bounds)


@family.operation("ListProtectConfigurationRuleSetNumberOverrides")
def list_number_overrides(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = _lookup(ctx, req["ProtectConfigurationId"])
    entries = sorted(record["_overrides"].values(), key=lambda e: e["DestinationPhoneNumber"])
    filters: list[JsonDict] = req.get("Filters") or []
    for flt in filters:
        values = [str(v) for v in flt["Values"]]
        entries = [e for e in entries if _override_matches(e, flt["Name"], values, ctx.now)]
    page, token = ctx.paginate(entries, req)
    out: JsonDict = {**_header(record), "RuleSetNumberOverrides": [_override_out(e) for e in page]}
    if token:
        out["NextToken"] = token
    return out
