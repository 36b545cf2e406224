"""Protect configurations at send time: which configuration applies and whether it lets the
message through."""

from __future__ import annotations

from .._base import JsonDict, conflict
from .._context import Ctx
from .._state import PROTECT_CONFIGURATION

#: Account setting naming the account's default protect configuration.
DEFAULT_SETTING = "DefaultProtectConfigurationId"
#: Initial status of every country (CreateProtectConfiguration reference).
DEFAULT_PROTECT_STATUS = "ALLOW"
#: Statuses that let a message through (FILTER drops only AIT-predicted traffic; the fake
#: predicts none).
SENDING_STATUSES = frozenset({"ALLOW", "MONITOR", "FILTER"})


def effective_configuration(
    ctx: Ctx, protect_configuration_id: str | None, config_set: JsonDict | None
) -> JsonDict | None:
    """The request's configuration, else the configuration set's, else the account default
    (the order the SMS user guide's protect page gives)."""
    table = ctx.table(PROTECT_CONFIGURATION)
    if protect_configuration_id:
        return ctx.lookup(PROTECT_CONFIGURATION, protect_configuration_id, "protectConfigurationId")
    if config_set and config_set.get("ProtectConfigurationId"):
        return table.get(config_set["ProtectConfigurationId"])
    default = ctx.settings.get(DEFAULT_SETTING)
    return table.get(default) if default else None


def check_send(
    ctx: Ctx,
    *,
    destination: str,
    country: str,
    capability: str,
    protect_configuration_id: str | None,
    config_set: JsonDict | None,
) -> None:
    """A number override (unexpired) beats the country rule of the effective configuration."""
    record = effective_configuration(ctx, protect_configuration_id, config_set)
    if record is None:
        return
    protect_id = record["ProtectConfigurationId"]
    override = record["_overrides"].get(destination)
    if override is not None and (
        override.get("ExpirationTimestamp") is None or override["ExpirationTimestamp"] > ctx.now
    ):
        if override["Action"] == "BLOCK":
            raise conflict(
                "DESTINATION_PHONE_NUMBER_BLOCKED_BY_PROTECT_NUMBER_OVERRIDE",
                PROTECT_CONFIGURATION,
                protect_id,
            )
        return
    rules: dict[str, str] = record["_rules"].get(capability, {})
    if rules.get(country, DEFAULT_PROTECT_STATUS) not in SENDING_STATUSES:
        raise conflict(
            "DESTINATION_COUNTRY_BLOCKED_BY_PROTECT_CONFIGURATION",
            PROTECT_CONFIGURATION,
            protect_id,
        )
