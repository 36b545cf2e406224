"""Notify: configurations, the AWS-managed template and country catalogs, and
SendNotifyTextMessage / SendNotifyVoiceMessage."""

from __future__ import annotations

import functools
import json
import re

from ._base import Family, Getters, JsonDict, conflict, data_text, not_found, validation
from ._context import Ctx
from ._state import CONFIGURATION_SET, NOTIFY_CONFIGURATION, POOL
from .quotas import DEFAULT_LIMITS
from .rules.opt_outs import DEFAULT_LIST
from .rules.origination import Identity
from .rules.send import Send, accept, destination_country

family = Family("notify")

NOTIFY_TEMPLATE = "notify-template"
#: Default of the NOTIFY_CONFIGURATIONS quota (``FakeSmsVoice(limits=...)`` changes it).
MAX_NOTIFY_CONFIGURATIONS = DEFAULT_LIMITS["NOTIFY_CONFIGURATIONS"]
#: Manual mode: seconds until a new configuration is reviewed (PENDING -> ACTIVE) (the
#: fake's choice).
NOTIFY_ACTIVATION_SECONDS = 300.0
#: USD per message (the fake's choice).
NOTIFY_PRICE_PER_TEXT = 0.0075
NOTIFY_PRICE_PER_VOICE = 0.0150
#: Origination shown in ``sent_messages`` when Notify sends from AWS-managed identities.
MANAGED_ORIGINATION = "aws-notify-managed"
DEFAULT_VOICE_ID = "MATTHEW"
UNSET_TEMPLATE = "UNSET_DEFAULT_TEMPLATE"
UNSET_POOL = "UNSET_DEFAULT_POOL_FOR_NOTIFY"
_VARIABLE = re.compile(r"\{\{(\w+)\}\}")


@functools.cache
def _catalog() -> JsonDict:
    raw = data_text("notify_catalog.json")
    catalog: JsonDict = json.loads(raw)
    return catalog


def notify_templates() -> dict[str, JsonDict]:
    """AWS-managed templates by ID (`data/notify_catalog.json`)."""
    return {t["TemplateId"]: t for t in _catalog()["templates"]}


#: Default template per channel when neither the request nor the configuration names one.
DEFAULT_TEMPLATES: dict[str, str] = {"SMS": "otp-sms-en-basic", "VOICE": "otp-voice-en-basic"}


def notify_countries() -> dict[str, JsonDict]:
    """Notify's country catalog: ISO -> name, channels, tiers, customer-owned identity."""
    countries: dict[str, JsonDict] = _catalog()["countries"]
    return countries


def _lookup(ctx: Ctx, value: str) -> JsonDict:
    return ctx.lookup(NOTIFY_CONFIGURATION, value, "notifyConfigurationId")


def _template_or_404(template_id: str) -> JsonDict:
    template = notify_templates().get(template_id)
    if template is None:
        raise not_found(NOTIFY_TEMPLATE, template_id)
    return template


def _check_countries(countries: list[str] | None) -> None:
    for country in countries or []:
        if country not in notify_countries():
            raise validation(
                "COUNTRY_NOT_ENABLED", f"Notify is not available in {country}.", "enabledCountries"
            )


def _pool_id(ctx: Ctx, value: str) -> str:
    return str(ctx.lookup(POOL, value, "poolId")["PoolId"])


@family.operation("CreateNotifyConfiguration")
def create_notify_configuration(ctx: Ctx, req: JsonDict) -> JsonDict:
    ctx.check_quota("NOTIFY_CONFIGURATIONS")
    template_id = req.get("DefaultTemplateId") or None
    if template_id == UNSET_TEMPLATE:
        template_id = None
    if template_id is not None:
        _template_or_404(template_id)
    _check_countries(req.get("EnabledCountries"))
    pool_id = _pool_id(ctx, req["PoolId"]) if req.get("PoolId") else None
    config_id = ctx.new_id("notify")
    arn = ctx.arn(NOTIFY_CONFIGURATION, config_id)
    record: JsonDict = {
        "NotifyConfigurationArn": arn,
        "NotifyConfigurationId": config_id,
        "DisplayName": req["DisplayName"],
        "UseCase": req["UseCase"],
        "DefaultTemplateId": template_id,
        "PoolId": pool_id,
        "EnabledCountries": list(req.get("EnabledCountries") or []),
        "EnabledChannels": list(dict.fromkeys(req["EnabledChannels"])),
        "Tier": "BASIC",
        "TierUpgradeStatus": "BASIC",
        "Status": "PENDING",
        "DeletionProtectionEnabled": bool(req.get("DeletionProtectionEnabled", False)),
        "CreatedTimestamp": ctx.now,
    }
    ctx.add(NOTIFY_CONFIGURATION, config_id, record, arn=arn, tags=req.get("Tags"))
    ctx.schedule(
        NOTIFY_CONFIGURATION,
        config_id,
        NOTIFY_ACTIVATION_SECONDS,
        set_fields={"Status": "ACTIVE"},
        expect={"Status": "PENDING"},
    )
    out = ctx.view(record, "CreateNotifyConfigurationResult")
    out["Tags"] = ctx.tag_list(arn)
    return out


NOTIFY_FILTERS: Getters = {
    "display-name": lambda r: r["DisplayName"],
    "enabled-countries": lambda r: r.get("EnabledCountries") or [],
    "enabled-channels": lambda r: r["EnabledChannels"],
    "default-template": lambda r: r.get("DefaultTemplateId"),
    "default-pool": lambda r: r.get("PoolId"),
    "use-case": lambda r: r["UseCase"],
    "status": lambda r: r["Status"],
    "deletion-protection-enabled": lambda r: r["DeletionProtectionEnabled"],
    "tier-upgrade-status": lambda r: r["TierUpgradeStatus"],
}


@family.operation("DescribeNotifyConfigurations")
def describe_notify_configurations(ctx: Ctx, req: JsonDict) -> JsonDict:
    if req.get("NotifyConfigurationIds"):
        records = [_lookup(ctx, i) for i in req["NotifyConfigurationIds"]]
    else:
        records = list(ctx.table(NOTIFY_CONFIGURATION).values())
    records = ctx.filter(
        records,
        req.get("Filters"),
        NOTIFY_FILTERS,
        allowed={
            "status": ("PENDING", "ACTIVE", "REJECTED", "REQUIRES_VERIFICATION"),
            "deletion-protection-enabled": ("true", "false"),
        },
    )
    page, token = ctx.paginate(records, req)
    out: JsonDict = {
        "NotifyConfigurations": [ctx.view(r, "NotifyConfigurationInformation") for r in page]
    }
    if token:
        out["NextToken"] = token
    return out


@family.operation("UpdateNotifyConfiguration")
def update_notify_configuration(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = _lookup(ctx, req["NotifyConfigurationId"])
    template_id = req.get("DefaultTemplateId")
    if template_id is not None:
        if template_id in (UNSET_TEMPLATE, ""):
            record["DefaultTemplateId"] = None
        else:
            record["DefaultTemplateId"] = _template_or_404(template_id)["TemplateId"]
    if req.get("PoolId") is not None:
        record["PoolId"] = None if req["PoolId"] == UNSET_POOL else _pool_id(ctx, req["PoolId"])
    if req.get("EnabledCountries") is not None:
        _check_countries(req["EnabledCountries"])
        record["EnabledCountries"] = list(req["EnabledCountries"])
    if req.get("EnabledChannels") is not None:
        record["EnabledChannels"] = list(dict.fromkeys(req["EnabledChannels"]))
    if req.get("DeletionProtectionEnabled") is not None:
        record["DeletionProtectionEnabled"] = bool(req["DeletionProtectionEnabled"])
    return ctx.view(record, "UpdateNotifyConfigurationResult")


@family.operation("DeleteNotifyConfiguration")
def delete_notify_configuration(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = _lookup(ctx, req["NotifyConfigurationId"])
    config_id = record["NotifyConfigurationId"]
    if record["DeletionProtectionEnabled"]:
        raise conflict("DELETION_PROTECTION_ENABLED", NOTIFY_CONFIGURATION, config_id)
    ctx.remove(NOTIFY_CONFIGURATION, config_id, arn=record["NotifyConfigurationArn"])
    return ctx.view(record, "DeleteNotifyConfigurationResult")


TEMPLATE_FILTERS: Getters = {
    "template-type": lambda t: t["TemplateType"],
    "channels": lambda t: t["Channels"],
    "tier-access": lambda t: t["TierAccess"],
    "supported-countries": lambda t: t["SupportedCountries"],
    "language-code": lambda t: t["LanguageCode"],
    "supported-voice-ids": lambda t: t.get("SupportedVoiceIds") or [],
}


@family.operation("DescribeNotifyTemplates")
def describe_notify_templates(ctx: Ctx, req: JsonDict) -> JsonDict:
    if req.get("TemplateIds"):
        templates = [_template_or_404(i) for i in req["TemplateIds"]]
    else:
        templates = list(notify_templates().values())
    templates = ctx.filter(templates, req.get("Filters"), TEMPLATE_FILTERS)
    page, token = ctx.paginate(templates, req)
    out: JsonDict = {"NotifyTemplates": page}
    if token:
        out["NextToken"] = token
    return out


@family.operation("ListNotifyCountries")
def list_notify_countries(ctx: Ctx, req: JsonDict) -> JsonDict:
    items: list[JsonDict] = []
    for iso, entry in sorted(notify_countries().items()):
        if req.get("Channels") and not set(req["Channels"]) & set(entry["channels"]):
            continue
        if req.get("Tier") and req["Tier"] not in entry["tiers"]:
            continue
        items.append(
            {
                "IsoCountryCode": iso,
                "CountryName": entry["name"],
                "SupportedChannels": list(entry["channels"]),
                "SupportedUseCases": ["CODE_VERIFICATION"],
                "SupportedTiers": list(entry["tiers"]),
                "CustomerOwnedIdentityRequired": entry["customer_owned_identity_required"],
            }
        )
    page, token = ctx.paginate(items, req)
    out: JsonDict = {"NotifyCountries": page}
    if token:
        out["NextToken"] = token
    return out


def _resolve_body(template: JsonDict, config: JsonDict, given: dict[str, str]) -> str:
    variables: dict[str, JsonDict] = template["Variables"]
    values: dict[str, str] = {}
    for name in given:
        spec = variables.get(name)
        if spec is None or spec["Source"] != "CUSTOMER":
            raise validation(
                "INVALID_PARAMETER", f"Unknown template variable {name}.", "templateVariables"
            )
    for name, spec in variables.items():
        if spec["Source"] == "SYSTEM":
            values[name] = str(config["DisplayName"])
            continue
        value = given.get(name, spec.get("DefaultValue"))
        if value is None:
            if spec["Required"]:
                raise validation(
                    "MISSING_PARAMETER",
                    f"Template variable {name} is required.",
                    "templateVariables",
                )
            continue
        _check_variable(name, spec, value)
        values[name] = value
    return _VARIABLE.sub(lambda m: values.get(m.group(1), ""), str(template["Content"]))


def _check_variable(name: str, spec: JsonDict, value: str) -> None:
    def fail(message: str) -> Exception:
        return validation("FIELD_VALIDATION_FAILED", message, f"templateVariables.{name}")

    if spec.get("MaxLength") is not None and len(value) > spec["MaxLength"]:
        raise fail(f"{name} is too long.")
    if spec.get("Pattern") and re.search(spec["Pattern"], value) is None:
        raise fail(f"{name} does not match the template's pattern.")
    if spec["Type"] == "INTEGER":
        try:
            number = int(value)
        except ValueError:
            raise fail(f"{name} must be an integer.") from None
        if spec.get("MinValue") is not None and number < spec["MinValue"]:
            raise fail(f"{name} is below the minimum.")
        if spec.get("MaxValue") is not None and number > spec["MaxValue"]:
            raise fail(f"{name} is above the maximum.")


def _notify_send(ctx: Ctx, req: JsonDict, capability: str) -> JsonDict:
    config = _lookup(ctx, req["NotifyConfigurationId"])
    config_id = config["NotifyConfigurationId"]
    if config["Status"] != "ACTIVE":
        raise conflict("NOTIFY_CONFIGURATION_NOT_ACTIVE", NOTIFY_CONFIGURATION, config_id)
    if capability not in config["EnabledChannels"]:
        raise validation(
            "CHANNEL_NOT_ENABLED",
            f"{capability} is not enabled on the notify configuration.",
            "notifyConfigurationId",
        )
    destination = req["DestinationPhoneNumber"]
    country = destination_country(destination)
    catalog = notify_countries().get(country)
    enabled: list[str] = config.get("EnabledCountries") or []
    if (
        catalog is None
        or capability not in catalog["channels"]
        or (enabled and country not in enabled)
    ):
        raise validation(
            "COUNTRY_NOT_ENABLED",
            f"Notify cannot reach {country} over {capability}.",
            "destinationPhoneNumber",
        )
    template_id = (
        req.get("TemplateId") or config.get("DefaultTemplateId") or DEFAULT_TEMPLATES[capability]
    )
    template = _template_or_404(template_id)
    if capability not in template["Channels"]:
        raise validation(
            "INVALID_PARAMETER",
            f"Template {template_id} does not support {capability}.",
            "templateId",
        )
    if country not in template["SupportedCountries"]:
        raise validation(
            "COUNTRY_NOT_ENABLED",
            f"Template {template_id} does not support {country}.",
            "templateId",
        )
    voice_id = None
    if capability == "VOICE":
        voice_id = req.get("VoiceId") or DEFAULT_VOICE_ID
        if voice_id not in (template.get("SupportedVoiceIds") or [voice_id]):
            raise validation(
                "INVALID_PARAMETER", f"Template {template_id} does not offer {voice_id}.", "voiceId"
            )
    body = _resolve_body(template, config, dict(req["TemplateVariables"]))
    config_set = None
    if req.get("ConfigurationSetName"):
        config_set = ctx.lookup(
            CONFIGURATION_SET, req["ConfigurationSetName"], "configurationSetName"
        )
    origination = MANAGED_ORIGINATION
    opt_out_list = DEFAULT_LIST
    if config.get("PoolId"):
        pool = ctx.table(POOL).get(config["PoolId"])
        if pool is not None:
            origination = pool["PoolId"]
            opt_out_list = pool["OptOutListName"]
    elif catalog["customer_owned_identity_required"]:
        raise conflict("NO_ORIGINATION_IDENTITIES_FOUND", NOTIFY_CONFIGURATION, config_id)
    price = NOTIFY_PRICE_PER_VOICE if capability == "VOICE" else NOTIFY_PRICE_PER_TEXT
    message_id = accept(
        ctx,
        Send(
            destination=destination,
            country=country,
            capability=capability,
            spend_channel="NOTIFY",
            identity=Identity("notify", origination, origination, opt_out_list, None),
            price=price,
            dry_run=bool(req.get("DryRun")),
            config_set=config_set,
            feedback=req.get("MessageFeedbackEnabled"),
            details={
                "message_body": body,
                "message_type": "TRANSACTIONAL",
                "voice_id": voice_id,
                "message_body_text_type": "TEXT" if capability == "VOICE" else None,
                "context": dict(req.get("Context") or {}),
            },
        ),
    )
    return {"MessageId": message_id, "TemplateId": template_id, "ResolvedMessageBody": body}


@family.operation("SendNotifyTextMessage")
def send_notify_text_message(ctx: Ctx, req: JsonDict) -> JsonDict:
    return _notify_send(ctx, req, "SMS")


@family.operation("SendNotifyVoiceMessage")
def send_notify_voice_message(ctx: Ctx, req: JsonDict) -> JsonDict:
    return _notify_send(ctx, req, "VOICE")
