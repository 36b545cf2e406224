"""Sending: SendTextMessage, SendMediaMessage, SendVoiceMessage, SendRcsMessage, feedback,
inbound messages."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ._base import FakeServiceError, JsonDict, conflict, not_found, operation, quota, validation
from ._context import Ctx, parse_arn
from ._records import InboundMessage, SentMessage
from ._state import (
    CONFIGURATION_SET,
    MESSAGE,
    PHONE_NUMBER,
    POOL,
    PROTECT_CONFIGURATION,
    RCS_AGENT,
    SENDER_ID,
    VERIFIED_NUMBER,
    RegionState,
)
from .account import in_sandbox, spend_limits
from .numbers import country_of, sender_key
from .optouts import DEFAULT_LIST, is_opted_out, opt_out

if TYPE_CHECKING:
    from ._core import FakeSmsVoice

#: Prices in USD (GUESS: US list prices).
PRICE_PER_SMS_PART = 0.00581
PRICE_PER_MMS = 0.0200
PRICE_PER_VOICE_MINUTE = 0.0130
PRICE_PER_RCS_MESSAGE = 0.0100
SPEND_EPSILON = 1e-9
VOICE_WORDS_PER_MINUTE = 150
#: Body limits (DOC UG:sms-limitations-character).
MAX_GSM_CHARS = 1530
MAX_UCS2_CHARS = 630
MAX_VOICE_TEXT_CHARS = 3000
DEFAULT_VOICE_ID = "MATTHEW"
#: Destination simulator numbers usable without verification (DOC UG:test-phone-numbers).
SIMULATOR_DESTINATIONS = frozenset(
    {
        "+14254147755",
        "+14254147167",
        "+61455944038",
        "+61455944039",
        "+43676800442031",
        "+43676800442032",
        "+32460213922",
        "+32460213923",
        "+33755512501",
        "+33755512502",
        "+85257048426",
        "+85257048854",
    }
)
#: Simulator origination numbers reach only simulator destinations (DOC UG:test-phone-numbers).
SIMULATOR_ONLY_TO_SIMULATOR_DESTINATIONS = True
CHANNEL_LIMITS = {
    "SMS": ("TEXT_MESSAGE_MONTHLY_SPEND_LIMIT", "MONTHLY_SPEND_LIMIT_REACHED_FOR_TEXT"),
    "MMS": ("MEDIA_MESSAGE_MONTHLY_SPEND_LIMIT", "MONTHLY_SPEND_LIMIT_REACHED_FOR_MEDIA"),
    "VOICE": ("VOICE_MESSAGE_MONTHLY_SPEND_LIMIT", "MONTHLY_SPEND_LIMIT_REACHED_FOR_VOICE"),
    "RCS": ("RCS_MESSAGE_MONTHLY_SPEND_LIMIT", "MONTHLY_SPEND_LIMIT_REACHED_FOR_RCS"),
}
#: Members of RcsContent (a tagged union: exactly one is set, checked by the dispatcher).
RCS_CONTENT_KINDS = ("TextMessage", "FileMessage", "RichCard", "Carousel")
_GSM7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà^{}\\[~]|€"
)


@dataclass
class Identity:
    """The origination identity a message leaves from."""

    kind: str
    key: str
    display: str
    opt_out_list: str
    record: JsonDict | None


#: Extra resolvers (e.g. RCS agents, added by another family): return None to pass.
IDENTITY_RESOLVERS: list[Callable[[Ctx, str, str, str], Identity | None]] = []
#: Checks run before a message is accepted (protect configurations plug in here).
SEND_CHECKS: list[Callable[[Ctx, JsonDict], None]] = []


def protect_check(ctx: Ctx, send: JsonDict) -> None:
    """Send-time hook: default allows; registered ``SEND_CHECKS`` may raise FakeServiceError."""
    for check in SEND_CHECKS:
        check(ctx, send)


def _check_phone(
    ctx: Ctx, record: JsonDict, country: str, capability: str, destination: str
) -> None:
    phone_id = record["PhoneNumberId"]
    if record["Status"] != "ACTIVE":
        raise conflict("RESOURCE_NOT_ACTIVE", PHONE_NUMBER, phone_id)
    if capability not in record["NumberCapabilities"]:
        if capability == "VOICE":
            raise validation(
                "VOICE_CAPABILITY_NOT_AVAILABLE",
                "The origination identity cannot make calls.",
                "originationIdentity",
            )
        raise validation(
            "CHANNEL_NOT_ENABLED",
            f"The origination identity has no {capability} capability.",
            "originationIdentity",
        )
    if record["IsoCountryCode"] != country and not record.get("InternationalSendingEnabled"):
        raise validation(
            "INVALID_IDENTITY_FOR_DESTINATION_COUNTRY",
            f"The origination identity cannot send to {country}.",
            "originationIdentity",
        )
    if (
        SIMULATOR_ONLY_TO_SIMULATOR_DESTINATIONS
        and record["NumberType"] == "SIMULATOR"
        and destination not in SIMULATOR_DESTINATIONS
    ):
        raise validation(
            "INVALID_IDENTITY_FOR_DESTINATION_COUNTRY",
            "Simulator numbers can only send to destination simulator numbers.",
            "destinationPhoneNumber",
        )


def _from_phone(
    ctx: Ctx, record: JsonDict, country: str, capability: str, destination: str
) -> Identity:
    _check_phone(ctx, record, country, capability, destination)
    pool_list = None
    if record.get("PoolId"):
        pool_list = ctx.table(POOL)[record["PoolId"]]["OptOutListName"]
    return Identity(
        PHONE_NUMBER,
        record["PhoneNumberId"],
        record["PhoneNumber"],
        pool_list or record["OptOutListName"],
        record,
    )


def _from_sender(record: JsonDict, country: str, capability: str) -> Identity:
    if capability != "SMS":
        raise validation(
            "VOICE_CAPABILITY_NOT_AVAILABLE" if capability == "VOICE" else "CHANNEL_NOT_ENABLED",
            f"Sender IDs cannot send {capability}.",
            "originationIdentity",
        )
    if record["IsoCountryCode"] != country:
        raise validation(
            "INVALID_IDENTITY_FOR_DESTINATION_COUNTRY",
            f"The sender ID cannot send to {country}.",
            "originationIdentity",
        )
    key = sender_key(record["SenderId"], record["IsoCountryCode"])
    return Identity(SENDER_ID, key, record["SenderId"], DEFAULT_LIST, record)


def _from_pool(
    ctx: Ctx, pool: JsonDict, country: str, capability: str, destination: str
) -> Identity:
    if pool["Status"] != "ACTIVE":
        raise conflict("RESOURCE_NOT_ACTIVE", POOL, pool["PoolId"])
    for kind, key in pool["_members"]:
        record = ctx.table(kind).get(key)
        if record is None:
            continue
        try:
            found = (
                _from_phone(ctx, record, country, capability, destination)
                if kind == PHONE_NUMBER
                else _from_sender(record, country, capability)
            )
        except FakeServiceError:
            continue
        found.opt_out_list = pool["OptOutListName"]
        return found
    raise conflict("NO_ORIGINATION_IDENTITIES_FOUND", POOL, pool["PoolId"])


def resolve_origination(
    ctx: Ctx,
    value: str | None,
    country: str,
    capability: str,
    destination: str,
    config_set: JsonDict | None,
) -> Identity:
    """Semantics doc §10.2: ARN, E.164, phone-/pool- IDs, else a sender ID for ``country``."""
    if value is None:
        for record in ctx.table(PHONE_NUMBER).values():
            try:
                return _from_phone(ctx, record, country, capability, destination)
            except FakeServiceError:
                continue
        default_sender = (config_set or {}).get("DefaultSenderId")
        if default_sender and capability == "SMS":
            return Identity(SENDER_ID, default_sender, default_sender, DEFAULT_LIST, None)
        raise conflict("NO_ORIGINATION_IDENTITIES_FOUND", "account", ctx.account_id)
    for resolver in IDENTITY_RESOLVERS:
        found = resolver(ctx, value, country, capability)
        if found is not None:
            return found
    kind = SENDER_ID
    if value.startswith("arn:"):
        parsed = parse_arn(value)
        if parsed is None:
            raise validation("INVALID_ARN", f"{value} is not a valid ARN", "originationIdentity")
        kind = parsed[2]
    elif value.startswith("+"):
        for record in ctx.table(PHONE_NUMBER).values():
            if record["PhoneNumber"] == value:
                return _from_phone(ctx, record, country, capability, destination)
        raise not_found(PHONE_NUMBER, value)
    elif value.startswith("phone-"):
        kind = PHONE_NUMBER
    elif value.startswith("pool-"):
        kind = POOL
    if kind == PHONE_NUMBER:
        return _from_phone(
            ctx,
            ctx.lookup(PHONE_NUMBER, value, "originationIdentity"),
            country,
            capability,
            destination,
        )
    if kind == POOL:
        return _from_pool(
            ctx, ctx.lookup(POOL, value, "originationIdentity"), country, capability, destination
        )
    if kind != SENDER_ID:
        raise not_found(kind, value)
    if value.startswith("arn:"):
        key = ctx.key_of(SENDER_ID, value, "originationIdentity").upper()
    else:
        key = sender_key(value, country)
    sender = ctx.table(SENDER_ID).get(key)
    if sender is None:
        raise not_found(SENDER_ID, value)
    return _from_sender(sender, country, capability)


def is_verified(state: RegionState, destination: str) -> bool:
    return any(
        r["DestinationPhoneNumber"] == destination and r["Status"] == "VERIFIED"
        for r in state.table(VERIFIED_NUMBER).values()
    )


def sms_parts(body: str) -> tuple[int, bool]:
    """(parts, is_gsm7) for an SMS body."""
    gsm = all(c in _GSM7 for c in body)
    single, multi = (160, 153) if gsm else (70, 67)
    parts = 1 if len(body) <= single else math.ceil(len(body) / multi)
    return parts, gsm


def _month(now: float) -> str:
    return time.strftime("%Y-%m", time.gmtime(now))


def _send(ctx: Ctx, req: JsonDict, capability: str) -> JsonDict:
    destination = req["DestinationPhoneNumber"]
    country = country_of(destination)
    if country is None or not destination.startswith("+"):
        raise validation(
            "INVALID_PARAMETER",
            "The destination phone number is not valid.",
            "destinationPhoneNumber",
        )
    config_set = None
    if req.get("ConfigurationSetName"):
        config_set = ctx.lookup(
            CONFIGURATION_SET, req["ConfigurationSetName"], "configurationSetName"
        )
    if req.get("ProtectConfigurationId"):
        ctx.lookup(PROTECT_CONFIGURATION, req["ProtectConfigurationId"], "protectConfigurationId")
    body = req.get("MessageBody")
    parts = 1
    media_urls = tuple(req.get("MediaUrls") or ())
    if capability == "RCS":
        body, media_urls = _rcs_body(req)
        price = PRICE_PER_RCS_MESSAGE
        max_price = req.get("MaxPrice")
    elif capability == "SMS":
        if not body:
            raise validation("MISSING_PARAMETER", "MessageBody is required.", "messageBody")
        parts, gsm = sms_parts(body)
        if len(body) > (MAX_GSM_CHARS if gsm else MAX_UCS2_CHARS):
            raise validation(
                "MAXIMUM_SIZE_EXCEEDED", "The message body is too long.", "messageBody"
            )
        price = parts * PRICE_PER_SMS_PART
        max_price = req.get("MaxPrice")
    elif capability == "MMS":
        if not body and not req.get("MediaUrls"):
            raise validation(
                "MISSING_PARAMETER", "MessageBody or MediaUrls is required.", "messageBody"
            )
        price = PRICE_PER_MMS
        max_price = req.get("MaxPrice")
    else:
        if not body:
            raise validation("MISSING_PARAMETER", "MessageBody is required.", "messageBody")
        if req.get("MessageBodyTextType", "TEXT") == "TEXT" and len(body) > MAX_VOICE_TEXT_CHARS:
            raise validation(
                "MAXIMUM_SIZE_EXCEEDED", "The message body is too long.", "messageBody"
            )
        minutes = max(1, math.ceil(len(body.split()) / VOICE_WORDS_PER_MINUTE))
        price = minutes * PRICE_PER_VOICE_MINUTE
        max_price = req.get("MaxPricePerMinute")
    identity = resolve_origination(
        ctx, req.get("OriginationIdentity"), country, capability, destination, config_set
    )
    if capability == "RCS" and identity.kind != RCS_AGENT:
        # A pool sends RCS only through an RCS agent member.
        raise conflict("NO_ORIGINATION_IDENTITIES_FOUND", POOL, str(req["OriginationIdentity"]))
    if (
        in_sandbox(ctx.state)
        and destination not in SIMULATOR_DESTINATIONS
        and not is_verified(ctx.state, destination)
    ):
        raise conflict("DESTINATION_PHONE_NUMBER_NOT_VERIFIED", VERIFIED_NUMBER, destination)
    if is_opted_out(ctx, identity.opt_out_list, destination):
        raise conflict("DESTINATION_PHONE_NUMBER_OPTED_OUT", "opted-out-number", destination)
    protect_check(
        ctx,
        {
            "Operation": ctx.operation,
            "DestinationPhoneNumber": destination,
            "DestinationCountry": country,
            "Capability": capability,
            "ProtectConfigurationId": req.get("ProtectConfigurationId"),
            "ConfigurationSet": config_set,
        },
    )
    unit_price = PRICE_PER_VOICE_MINUTE if capability == "VOICE" else price
    if max_price is not None and float(max_price) < unit_price:
        raise validation("PRICE_OVER_THRESHOLD", "The message price is over MaxPrice.", "maxPrice")
    limit_name, limit_reason = CHANNEL_LIMITS[capability]
    spent: dict[str, float] = ctx.settings.setdefault("Spend", {}).setdefault(_month(ctx.now), {})
    # The epsilon absorbs float sums: 100 sends at $0.01 fit a $1 limit.
    limit = spend_limits(ctx.state)[limit_name]["EnforcedLimit"]
    if spent.get(capability, 0.0) + price > limit + SPEND_EPSILON:
        raise quota(limit_reason)
    message_id = ctx.new_uuid()
    if req.get("DryRun"):
        return {"MessageId": message_id}
    spent[capability] = spent.get(capability, 0.0) + price
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
            origination=identity.display,
            message_body=body,
            message_type=req.get("MessageType") or (config_set or {}).get("DefaultMessageType"),
            media_urls=media_urls,
            voice_id=(req.get("VoiceId") or DEFAULT_VOICE_ID) if capability == "VOICE" else None,
            message_body_text_type=(req.get("MessageBodyTextType") or "TEXT")
            if capability == "VOICE"
            else None,
            configuration_set=(config_set or {}).get("ConfigurationSetName"),
            context=dict(req.get("Context") or {}),
            rcs_content=req.get("RcsMessageContent") if capability == "RCS" else None,
            price=price,
            parts=parts,
            timestamp=ctx.now,
        )
    )
    return {"MessageId": message_id}


@operation("SendTextMessage")
def send_text_message(ctx: Ctx, req: JsonDict) -> JsonDict:
    return _send(ctx, req, "SMS")


@operation("SendMediaMessage")
def send_media_message(ctx: Ctx, req: JsonDict) -> JsonDict:
    return _send(ctx, req, "MMS")


@operation("SendVoiceMessage")
def send_voice_message(ctx: Ctx, req: JsonDict) -> JsonDict:
    return _send(ctx, req, "VOICE")


def _rcs_body(req: JsonDict) -> tuple[str | None, tuple[str, ...]]:
    """(text body, media URLs) of an RCS message, after the fallback's own rules."""
    content = req.get("RcsMessageContent")
    if not content:
        raise validation("MISSING_PARAMETER", "RcsMessageContent is required.", "rcsMessageContent")
    fallback = req.get("FallbackConfiguration")
    if fallback is not None:
        channel = fallback["Channel"]
        if channel == "SMS" and not fallback.get("MessageBody"):
            raise validation(
                "MISSING_PARAMETER",
                "An SMS fallback needs a MessageBody.",
                "fallbackConfiguration.messageBody",
            )
        if channel == "SMS" and fallback.get("MediaUrls"):
            raise validation(
                "INVALID_PARAMETER",
                "MediaUrls are only valid with an MMS fallback.",
                "fallbackConfiguration.mediaUrls",
            )
        if channel == "MMS" and not (fallback.get("MessageBody") or fallback.get("MediaUrls")):
            raise validation(
                "MISSING_PARAMETER",
                "An MMS fallback needs a MessageBody or MediaUrls.",
                "fallbackConfiguration.messageBody",
            )
    inner = content["Content"]
    if "TextMessage" in inner:
        return str(inner["TextMessage"]["Body"]), ()
    if "FileMessage" in inner:
        return None, (str(inner["FileMessage"]["FileUrl"]),)
    return None, ()


@operation("SendRcsMessage")
def send_rcs_message(ctx: Ctx, req: JsonDict) -> JsonDict:
    value = str(req["OriginationIdentity"])
    parsed = parse_arn(value) if value.startswith("arn:") else None
    if not (value.startswith(("rcs-", "pool-")) or (parsed and parsed[2] in (RCS_AGENT, POOL))):
        raise validation(
            "INVALID_PARAMETER",
            "RCS messages leave from an RCS agent or a pool (ID or ARN).",
            "originationIdentity",
        )
    return _send(ctx, req, "RCS")


@operation("PutMessageFeedback")
def put_message_feedback(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = ctx.table(MESSAGE).get(req["MessageId"])
    if record is None:
        raise not_found(MESSAGE, req["MessageId"])
    record["MessageFeedbackStatus"] = req["MessageFeedbackStatus"]
    return {"MessageId": req["MessageId"], "MessageFeedbackStatus": req["MessageFeedbackStatus"]}


def handle_inbound(
    fake: FakeSmsVoice,
    from_number: str,
    to_number: str,
    body: str,
    account_id: str | None,
    region: str | None,
) -> str | None:
    """See ``FakeSmsVoice.inbound``. Raises LookupError if no account owns ``to_number``."""
    for (acct, reg), state in fake._states.items():
        if (account_id and acct != account_id) or (region and reg != region):
            continue
        for phone in state.table(PHONE_NUMBER).values():
            if phone["PhoneNumber"] == to_number:
                return _inbound(fake, state, acct, reg, phone, from_number, body)
    raise LookupError("no phone number of the fake matches to_number")


def _inbound(
    fake: FakeSmsVoice,
    state: RegionState,
    account_id: str,
    region: str,
    phone: JsonDict,
    sender: str,
    body: str,
) -> str | None:
    owner = state.table(POOL)[phone["PoolId"]] if phone.get("PoolId") else phone
    keyword = body.strip().upper()
    entry = owner["_keywords"].get(keyword)
    action = entry["KeywordAction"] if entry else None
    reply = None
    if entry is not None and not owner.get("SelfManagedOptOutsEnabled"):
        reply = str(entry["KeywordMessage"])
        ctx = Ctx(
            fake,
            state,
            account_id=account_id,
            region=region,
            operation="Inbound",
            request_id="inbound",
        )
        if action == "OPT_OUT":
            opt_out(ctx, owner["OptOutListName"], sender, end_user=True)
        elif action == "OPT_IN":
            state.table("opt-out-list").get(owner["OptOutListName"], {}).get("_numbers", {}).pop(
                sender, None
            )
    fake.inbound_messages.append(
        InboundMessage(
            from_number=sender,
            to_number=phone["PhoneNumber"],
            body=body,
            account_id=account_id,
            region=region,
            keyword=keyword if entry else None,
            action=action,
            reply=reply,
            timestamp=fake.now,
        )
    )
    return reply
