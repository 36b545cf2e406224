"""Notify: configurations, the AWS-managed template and country catalogs, and
SendNotifyTextMessage / SendNotifyVoiceMessage."""

from __future__ import annotations

import re
import time

from ._base import Getters, JsonDict, conflict, not_found, operation, quota, validation
from ._context import Ctx
from ._records import SentMessage
from ._state import CONFIGURATION_SET, MESSAGE, NOTIFY_CONFIGURATION, POOL, VERIFIED_NUMBER
from .account import in_sandbox, spend_limits
from .numbers import country_of
from .optouts import DEFAULT_LIST, is_opted_out
from .sending import DEFAULT_VOICE_ID, SIMULATOR_DESTINATIONS, is_verified, protect_check

NOTIFY_TEMPLATE = "notify-template"
#: Max notify configurations per account and region (GUESS).
MAX_NOTIFY_CONFIGURATIONS = 5
#: Manual mode: seconds until a new configuration is reviewed (PENDING -> ACTIVE) (GUESS).
NOTIFY_ACTIVATION_SECONDS = 300.0
#: USD per message (GUESS).
NOTIFY_PRICE_PER_TEXT = 0.0075
NOTIFY_PRICE_PER_VOICE = 0.0150
NOTIFY_SPEND_LIMIT = "NOTIFY_MESSAGE_MONTHLY_SPEND_LIMIT"
#: Key of the monthly Notify spend in ``settings["Spend"][month]`` (sending.py uses SMS/MMS/VOICE).
NOTIFY_SPEND_KEY = "NOTIFY"
#: Origination shown in ``sent_messages`` when Notify sends from AWS-managed identities.
MANAGED_ORIGINATION = "aws-notify-managed"
UNSET_TEMPLATE = "UNSET_DEFAULT_TEMPLATE"
UNSET_POOL = "UNSET_DEFAULT_POOL_FOR_NOTIFY"
_VARIABLE = re.compile(r"\{\{(\w+)\}\}")
_T0 = 1_735_689_600.0  # 2025-01-01T00:00:00Z, creation time of the static templates

_CODE = {
    "Type": "STRING",
    "Required": True,
    "Description": "The verification code.",
    "MinValue": None,
    "MaxLength": 10,
    "Pattern": "^[0-9A-Za-z]{4,10}$",
    "Sample": "123456",
    "Source": "CUSTOMER",
}
_APP = {
    "Type": "STRING",
    "Required": True,
    "Description": "The configuration's display name.",
    "Source": "SYSTEM",
    "Sample": "ExampleApp",
}
_MINUTES = {
    "Type": "INTEGER",
    "Required": False,
    "Description": "Minutes until the code expires.",
    "MinValue": 1,
    "MaxValue": 60,
    "DefaultValue": "10",
    "Sample": "10",
    "Source": "CUSTOMER",
}


def _template(
    template_id: str,
    channels: list[str],
    language: str,
    content: str,
    countries: list[str],
    voices: list[str] | None = None,
) -> JsonDict:
    variables: JsonDict = {"code": _CODE, "appName": _APP}
    if "expirationMinutes" in content:
        variables["expirationMinutes"] = _MINUTES
    out: JsonDict = {
        "TemplateId": template_id,
        "Version": 1,
        "TemplateType": "OTP_VERIFICATION",
        "Channels": channels,
        "TierAccess": ["BASIC", "ADVANCED"],
        "Status": "ACTIVE",
        "SupportedCountries": countries,
        "LanguageCode": language,
        "Content": content,
        "Variables": {
            k: {n: x for n, x in v.items() if x is not None} for k, v in variables.items()
        },
        "CreatedTimestamp": _T0,
    }
    if voices:
        out["SupportedVoiceIds"] = voices
    return out


_EN_COUNTRIES = ["US", "CA", "GB", "AU", "IE", "NZ", "IN", "SG"]
#: AWS-managed templates (GUESS content; the real catalog is larger).
NOTIFY_TEMPLATES: dict[str, JsonDict] = {
    t["TemplateId"]: t
    for t in (
        _template(
            "otp-sms-en-basic",
            ["SMS"],
            "en-US",
            "Your {{appName}} verification code is {{code}}.",
            _EN_COUNTRIES,
        ),
        _template(
            "otp-sms-en-expiry",
            ["SMS"],
            "en-US",
            "Your {{appName}} verification code is {{code}}. It expires in "
            "{{expirationMinutes}} minutes.",
            _EN_COUNTRIES,
        ),
        _template(
            "otp-voice-en-basic",
            ["VOICE"],
            "en-US",
            "Your {{appName}} verification code is {{code}}.",
            ["US", "CA", "GB"],
            ["JOANNA", "MATTHEW", "AMY", "BRIAN"],
        ),
        _template(
            "otp-sms-es-basic",
            ["SMS"],
            "es-ES",
            "Tu código de verificación de {{appName}} es {{code}}.",
            ["ES", "MX", "US"],
        ),
        _template(
            "otp-sms-fr-basic",
            ["SMS"],
            "fr-FR",
            "Votre code de vérification {{appName}} est {{code}}.",
            ["FR", "BE", "CA"],
        ),
    )
}
#: Default template per channel when neither the request nor the configuration names one.
DEFAULT_TEMPLATES = {"SMS": "otp-sms-en-basic", "VOICE": "otp-voice-en-basic"}
#: Country catalog: ISO -> (name, channels, tiers, customer-owned identity required) (GUESS).
NOTIFY_COUNTRIES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...], bool]] = {
    "AU": ("Australia", ("SMS",), ("BASIC", "ADVANCED"), False),
    "BE": ("Belgium", ("SMS",), ("ADVANCED",), False),
    "CA": ("Canada", ("SMS", "VOICE"), ("BASIC", "ADVANCED"), True),
    "DE": ("Germany", ("SMS",), ("BASIC", "ADVANCED"), False),
    "ES": ("Spain", ("SMS",), ("BASIC", "ADVANCED"), False),
    "FR": ("France", ("SMS",), ("BASIC", "ADVANCED"), False),
    "GB": ("United Kingdom", ("SMS", "VOICE"), ("BASIC", "ADVANCED"), False),
    "IE": ("Ireland", ("SMS",), ("BASIC", "ADVANCED"), False),
    "IN": ("India", ("SMS",), ("ADVANCED",), True),
    "MX": ("Mexico", ("SMS",), ("BASIC", "ADVANCED"), False),
    "NZ": ("New Zealand", ("SMS",), ("BASIC", "ADVANCED"), False),
    "SG": ("Singapore", ("SMS",), ("ADVANCED",), False),
    "US": ("United States", ("SMS", "VOICE"), ("BASIC", "ADVANCED"), False),
}


def _lookup(ctx: Ctx, value: str) -> JsonDict:
    return ctx.lookup(NOTIFY_CONFIGURATION, value, "notifyConfigurationId")


def _template_or_404(template_id: str) -> JsonDict:
    template = NOTIFY_TEMPLATES.get(template_id)
    if template is None:
        raise not_found(NOTIFY_TEMPLATE, template_id)
    return template


def _check_countries(countries: list[str] | None) -> None:
    for country in countries or []:
        if country not in NOTIFY_COUNTRIES:
            raise validation(
                "COUNTRY_NOT_ENABLED", f"Notify is not available in {country}.", "enabledCountries"
            )


def _pool_id(ctx: Ctx, value: str) -> str:
    return str(ctx.lookup(POOL, value, "poolId")["PoolId"])


@operation("CreateNotifyConfiguration")
def create_notify_configuration(ctx: Ctx, req: JsonDict) -> JsonDict:
    if len(ctx.table(NOTIFY_CONFIGURATION)) >= MAX_NOTIFY_CONFIGURATIONS:
        raise quota("NOTIFY_CONFIGURATIONS_PER_ACCOUNT")
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


@operation("DescribeNotifyConfigurations")
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


@operation("UpdateNotifyConfiguration")
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


@operation("DeleteNotifyConfiguration")
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


@operation("DescribeNotifyTemplates")
def describe_notify_templates(ctx: Ctx, req: JsonDict) -> JsonDict:
    if req.get("TemplateIds"):
        templates = [_template_or_404(i) for i in req["TemplateIds"]]
    else:
        templates = list(NOTIFY_TEMPLATES.values())
    templates = ctx.filter(templates, req.get("Filters"), TEMPLATE_FILTERS)
    page, token = ctx.paginate(templates, req)
    out: JsonDict = {"NotifyTemplates": page}
    if token:
        out["NextToken"] = token
    return out


@operation("ListNotifyCountries")
def list_notify_countries(ctx: Ctx, req: JsonDict) -> JsonDict:
    items: list[JsonDict] = []
    for iso, (name, channels, tiers, owned) in sorted(NOTIFY_COUNTRIES.items()):
        if req.get("Channels") and not set(req["Channels"]) & set(channels):
            continue
        if req.get("Tier") and req["Tier"] not in tiers:
            continue
        items.append(
            {
                "IsoCountryCode": iso,
                "CountryName": name,
                "SupportedChannels": list(channels),
                "SupportedUseCases": ["CODE_VERIFICATION"],
                "SupportedTiers": list(tiers),
                "CustomerOwnedIdentityRequired": owned,
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
    country = country_of(destination)
    if country is None or not destination.startswith("+"):
        raise validation(
            "INVALID_PARAMETER",
            "The destination phone number is not valid.",
            "destinationPhoneNumber",
        )
    catalog = NOTIFY_COUNTRIES.get(country)
    enabled: list[str] = config.get("EnabledCountries") or []
    if catalog is None or capability not in catalog[1] or (enabled and country not in enabled):
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
    elif catalog[3]:
        raise conflict("NO_ORIGINATION_IDENTITIES_FOUND", NOTIFY_CONFIGURATION, config_id)
    if (
        in_sandbox(ctx.state)
        and destination not in SIMULATOR_DESTINATIONS
        and not is_verified(ctx.state, destination)
    ):
        raise conflict("DESTINATION_PHONE_NUMBER_NOT_VERIFIED", VERIFIED_NUMBER, destination)
    if is_opted_out(ctx, opt_out_list, destination):
        raise conflict("DESTINATION_PHONE_NUMBER_OPTED_OUT", "opted-out-number", destination)
    protect_check(
        ctx,
        {
            "Operation": ctx.operation,
            "DestinationPhoneNumber": destination,
            "DestinationCountry": country,
            "Capability": capability,
            "ProtectConfigurationId": None,
            "ConfigurationSet": config_set,
        },
    )
    price = NOTIFY_PRICE_PER_VOICE if capability == "VOICE" else NOTIFY_PRICE_PER_TEXT
    month = time.strftime("%Y-%m", time.gmtime(ctx.now))
    spent: dict[str, float] = ctx.settings.setdefault("Spend", {}).setdefault(month, {})
    limit = spend_limits(ctx.state)[NOTIFY_SPEND_LIMIT]["EnforcedLimit"]
    if spent.get(NOTIFY_SPEND_KEY, 0.0) + price > limit:
        raise quota("MONTHLY_SPEND_LIMIT_REACHED_FOR_NOTIFY")
    message_id = ctx.new_uuid()
    out: JsonDict = {
        "MessageId": message_id,
        "TemplateId": template_id,
        "ResolvedMessageBody": body,
    }
    if req.get("DryRun"):
        return out
    spent[NOTIFY_SPEND_KEY] = spent.get(NOTIFY_SPEND_KEY, 0.0) + price
    feedback = req.get("MessageFeedbackEnabled")
    if feedback is None and config_set is not None:
        feedback = config_set.get("DefaultMessageFeedbackEnabled")
    ctx.table(MESSAGE)[message_id] = {"MessageId": message_id, "_feedback": bool(feedback)}
    ctx.fake.sent_messages.append(
        SentMessage(
            message_id=message_id,
            operation=ctx.operation,
            account_id=ctx.account_id,
            region=ctx.region,
            destination=destination,
            origination=origination,
            message_body=body,
            message_type="TRANSACTIONAL",
            voice_id=voice_id,
            message_body_text_type="TEXT" if capability == "VOICE" else None,
            configuration_set=(config_set or {}).get("ConfigurationSetName"),
            context=dict(req.get("Context") or {}),
            price=price,
            timestamp=ctx.now,
        )
    )
    return out


@operation("SendNotifyTextMessage")
def send_notify_text_message(ctx: Ctx, req: JsonDict) -> JsonDict:
    return _notify_send(ctx, req, "SMS")


@operation("SendNotifyVoiceMessage")
def send_notify_voice_message(ctx: Ctx, req: JsonDict) -> JsonDict:
    return _notify_send(ctx, req, "VOICE")
