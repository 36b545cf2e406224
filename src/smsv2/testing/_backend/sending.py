"""Sending: SendTextMessage, SendMediaMessage, SendVoiceMessage, SendRcsMessage, message
feedback and inbound messages (`FakeSmsVoice.inbound`)."""

from __future__ import annotations

import math

from smsv2.encoding import segments

from ._base import Family, JsonDict, conflict, not_found, validation
from ._context import Ctx, parse_arn
from ._records import ReceivedMessage
from ._state import (
    CONFIGURATION_SET,
    MESSAGE,
    PHONE_NUMBER,
    POOL,
    PROTECT_CONFIGURATION,
    RCS_AGENT,
)
from .engine import Engine
from .rules.delivery import publish_inbound
from .rules.opt_outs import opt_in, opt_out
from .rules.origination import resolve_origination
from .rules.send import Send, accept, destination_country

family = Family("sending")

#: Prices in USD (the fake's choice: close to US list prices).
PRICE_PER_SMS_PART = 0.00581
PRICE_PER_MMS = 0.0200
PRICE_PER_VOICE_MINUTE = 0.0130
PRICE_PER_RCS_MESSAGE = 0.0100
VOICE_WORDS_PER_MINUTE = 150
#: Voice text limit (SMS bodies use smsv2.segments, the service's 1,530 / 630 maximum).
MAX_VOICE_TEXT_CHARS = 3000
DEFAULT_VOICE_ID = "MATTHEW"


def _price(req: JsonDict, capability: str) -> tuple[float, int, float | None, float]:
    """(price, parts, max price, price compared with the max price) of a request."""
    body = req.get("MessageBody")
    if capability == "RCS":
        return PRICE_PER_RCS_MESSAGE, 1, _float(req.get("MaxPrice")), PRICE_PER_RCS_MESSAGE
    if capability == "SMS":
        if not body:
            raise validation("MISSING_PARAMETER", "MessageBody is required.", "messageBody")
        counted = segments(body)
        parts = counted.parts
        if counted.exceeds_limit:
            raise validation(
                "MAXIMUM_SIZE_EXCEEDED", "The message body is too long.", "messageBody"
            )
        price = parts * PRICE_PER_SMS_PART
        return price, parts, _float(req.get("MaxPrice")), price
    if capability == "MMS":
        if not body and not req.get("MediaUrls"):
            raise validation(
                "MISSING_PARAMETER", "MessageBody or MediaUrls is required.", "messageBody"
            )
        return PRICE_PER_MMS, 1, _float(req.get("MaxPrice")), PRICE_PER_MMS
    if not body:
        raise validation("MISSING_PARAMETER", "MessageBody is required.", "messageBody")
    if req.get("MessageBodyTextType", "TEXT") == "TEXT" and len(body) > MAX_VOICE_TEXT_CHARS:
        raise validation("MAXIMUM_SIZE_EXCEEDED", "The message body is too long.", "messageBody")
    minutes = max(1, math.ceil(len(body.split()) / VOICE_WORDS_PER_MINUTE))
    price = minutes * PRICE_PER_VOICE_MINUTE
    return price, 1, _float(req.get("MaxPricePerMinute")), PRICE_PER_VOICE_MINUTE


def _float(value: object) -> float | None:
    return None if value is None else float(str(value))


def _send(ctx: Ctx, req: JsonDict, capability: str) -> JsonDict:
    destination = req["DestinationPhoneNumber"]
    country = destination_country(destination)
    config_set = None
    if req.get("ConfigurationSetName"):
        config_set = ctx.lookup(
            CONFIGURATION_SET, req["ConfigurationSetName"], "configurationSetName"
        )
    if req.get("ProtectConfigurationId"):
        ctx.lookup(PROTECT_CONFIGURATION, req["ProtectConfigurationId"], "protectConfigurationId")
    body = req.get("MessageBody")
    media_urls = tuple(req.get("MediaUrls") or ())
    if capability == "RCS":
        body, media_urls = _rcs_body(req)
    price, parts, max_price, unit_price = _price(req, capability)
    identity = resolve_origination(
        ctx, req.get("OriginationIdentity"), country, capability, destination, config_set
    )
    if capability == "RCS" and identity.kind != RCS_AGENT:
        # A pool sends RCS only through an RCS agent member.
        raise conflict("NO_ORIGINATION_IDENTITIES_FOUND", POOL, str(req["OriginationIdentity"]))
    voice = capability == "VOICE"
    message_id = accept(
        ctx,
        Send(
            destination=destination,
            country=country,
            capability=capability,
            spend_channel=capability,
            identity=identity,
            price=price,
            dry_run=bool(req.get("DryRun")),
            config_set=config_set,
            protect_configuration_id=req.get("ProtectConfigurationId"),
            max_price=max_price,
            unit_price=unit_price,
            feedback=req.get("MessageFeedbackEnabled"),
            details={
                "message_body": body,
                "message_type": req.get("MessageType")
                or (config_set or {}).get("DefaultMessageType"),
                "media_urls": media_urls,
                "voice_id": (req.get("VoiceId") or DEFAULT_VOICE_ID) if voice else None,
                "message_body_text_type": (req.get("MessageBodyTextType") or "TEXT")
                if voice
                else None,
                "context": dict(req.get("Context") or {}),
                "rcs_content": req.get("RcsMessageContent") if capability == "RCS" else None,
                "parts": parts,
                "time_to_live": req.get("TimeToLive"),
            },
        ),
    )
    return {"MessageId": message_id}


@family.operation("SendTextMessage")
def send_text_message(ctx: Ctx, req: JsonDict) -> JsonDict:
    return _send(ctx, req, "SMS")


@family.operation("SendMediaMessage")
def send_media_message(ctx: Ctx, req: JsonDict) -> JsonDict:
    return _send(ctx, req, "MMS")


@family.operation("SendVoiceMessage")
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


@family.operation("SendRcsMessage")
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


@family.operation("PutMessageFeedback")
def put_message_feedback(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = ctx.table(MESSAGE).get(req["MessageId"])
    if record is None:
        raise not_found(MESSAGE, req["MessageId"])
    record["MessageFeedbackStatus"] = req["MessageFeedbackStatus"]
    return {"MessageId": req["MessageId"], "MessageFeedbackStatus": req["MessageFeedbackStatus"]}


def handle_inbound(
    engine: Engine,
    from_number: str,
    to_number: str,
    body: str,
    account_id: str | None,
    region: str | None,
) -> str | None:
    """See `FakeSmsVoice.inbound`. Raises LookupError if no account owns `to_number`."""
    for acct, reg, state in engine.states(account_id, region):
        for phone in state.table(PHONE_NUMBER).values():
            if phone["PhoneNumber"] == to_number:
                ctx = Ctx(
                    engine,
                    state,
                    account_id=acct,
                    region=reg,
                    operation="Inbound",
                    request_id="inbound",
                )
                return _inbound(ctx, phone, from_number, body)
    raise LookupError("no phone number of the fake matches to_number")


def _inbound(ctx: Ctx, phone: JsonDict, sender: str, body: str) -> str | None:
    owner = ctx.table(POOL)[phone["PoolId"]] if phone.get("PoolId") else phone
    keyword = body.strip().upper()
    entry = owner["_keywords"].get(keyword)
    action = entry["KeywordAction"] if entry else None
    reply = None
    if entry is not None and not owner.get("SelfManagedOptOutsEnabled"):
        reply = str(entry["KeywordMessage"])
        if action == "OPT_OUT":
            opt_out(ctx, owner["OptOutListName"], sender, end_user=True)
        elif action == "OPT_IN":
            opt_in(ctx, owner["OptOutListName"], sender)
    channel = owner.get("TwoWayChannelArn") if owner.get("TwoWayEnabled") else None
    if channel or ctx.engine.listeners:  # built only when needed: it draws a seeded id
        payload = _two_way_payload(ctx, phone, sender, body, keyword if entry else "")
        if channel:
            publish_inbound(ctx.engine, str(channel), payload)
        for listener in ctx.engine.listeners:
            listener(payload)
    ctx.engine.inbound_messages.append(
        ReceivedMessage(
            from_number=sender,
            to_number=phone["PhoneNumber"],
            body=body,
            account_id=ctx.account_id,
            region=ctx.region,
            keyword=keyword if entry else None,
            action=action,
            reply=reply,
            timestamp=ctx.now,
            sent_before=len(ctx.engine.sent_messages),
        )
    )
    return reply


def _two_way_payload(ctx: Ctx, phone: JsonDict, sender: str, body: str, keyword: str) -> JsonDict:
    """The JSON the service publishes for an inbound message (AWS's two-way payload page)."""
    number = phone["PhoneNumber"]
    previous = next(
        (
            m.message_id
            for m in reversed(ctx.engine.sent_messages)
            if m.destination == sender and m.origination == number
        ),
        None,
    )
    payload: JsonDict = {
        "originationNumber": sender,
        "destinationNumber": number,
        "messageKeyword": keyword,
        "messageBody": body,
        "inboundMessageId": ctx.new_uuid(),
    }
    if previous is not None:
        payload["previousPublishedMessageId"] = previous
    return payload
