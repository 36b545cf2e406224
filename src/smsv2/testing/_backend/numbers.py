"""Phone numbers and sender IDs."""

from __future__ import annotations

from collections.abc import Callable

from . import countries
from ._base import Family, Getters, JsonDict, conflict, not_found, validation
from ._context import Ctx
from ._state import PHONE_NUMBER, POOL, REGISTRATION, SENDER_ID
from .rules import limits
from .rules.identities import (
    check_can_join,
    default_keywords,
    join_pool,
    lookup_sender_id,
    sender_key,
)
from .rules.opt_outs import list_name_for

family = Family("numbers")

#: Monthly leasing price per number type (DOC examples; SIMULATOR/SHORT_CODE GUESS).
MONTHLY_PRICES = {
    "SIMULATOR": "0.00",
    "LONG_CODE": "1.00",
    "TOLL_FREE": "2.00",
    "TEN_DLC": "2.00",
    "SHORT_CODE": "995.00",
}
#: Toll-free numbers exist in these countries only (SMS user guide, origination identities).
TOLL_FREE_COUNTRIES = frozenset({"US", "CA"})
#: Seconds from RequestPhoneNumber until PENDING -> ACTIVE in manual settle mode (GUESS).
PHONE_NUMBER_PROVISION_SECONDS = 60.0
SENDER_ID_MONTHLY_PRICE = "0.00"
#: Numbers on offer per (country, number type) for ListAvailablePhoneNumbers and
#: RequestPhoneNumber's NumberPreference (the fake's choice of size).
AVAILABLE_INVENTORY_SIZE = 40
#: +1 area codes of the inventory per number type (so that StartsWith filters have
#: something to match; toll-free numbers use the toll-free codes).
INVENTORY_AREA_CODES: dict[str, tuple[str, ...]] = {
    "TOLL_FREE": ("833", "844", "855", "866", "877", "888"),
    "SIMULATOR": ("206",),
}
DEFAULT_AREA_CODES = ("206", "312", "425", "510", "646")
#: Where ListAvailablePhoneNumbers finds numbers (its reference: TEN_DLC in the US only);
#: elsewhere it answers an empty list, as the service does when nothing matches.
SEARCHABLE_COUNTRIES: dict[str, frozenset[str]] = {"TEN_DLC": frozenset({"US"})}
#: The service's page bound (model: ListAvailablePhoneNumbersMaxResults).
AVAILABLE_PAGE_SIZE = 10


def _new_number(ctx: Ctx, iso: str, number_type: str) -> str:
    existing = {r["PhoneNumber"] for r in ctx.table(PHONE_NUMBER).values()}
    while True:
        number = countries.local_number(iso, number_type, ctx.random_digits)
        if number not in existing:
            return number


def available_numbers(ctx: Ctx, iso: str, number_type: str) -> list[str]:
    """The inventory of (country, type), sorted: the same numbers for the same fake seed
    whatever was called before, less the numbers the account already holds."""
    rng = ctx.engine.derived_random(f"{iso}/{number_type}")

    def digits(count: int) -> str:
        return f"{rng.randrange(10**count):0{count}d}"

    entry = countries.table()[iso]
    areas = INVENTORY_AREA_CODES.get(number_type)
    if areas is None and entry.calling_code == "1":
        areas = tuple(p[1:4] for p in entry.prefixes) or DEFAULT_AREA_CODES
    numbers: set[str] = set()
    while len(numbers) < AVAILABLE_INVENTORY_SIZE:
        suffix = digits(4)
        if areas:
            numbers.add(f"+1{rng.choice(areas)}555{suffix}")
        else:
            numbers.add(countries.local_number(iso, number_type, digits))
    held = {r["PhoneNumber"] for r in ctx.table(PHONE_NUMBER).values()}
    return sorted(numbers - held)


def number_preference(req: JsonDict) -> Callable[[str], bool]:
    """Predicate of the request's NumberPreference (digits compared without the `+`)."""
    preferences: list[JsonDict] = req.get("NumberPreference") or []
    if not preferences:
        return lambda number: True
    kind = preferences[0]["PreferenceType"][0]
    values = [str(v).lstrip("+") for v in preferences[0]["Filter"]]
    if kind != "ExactMatch" and len(values) > 1:
        raise validation(
            "INVALID_PARAMETER",
            f"{kind} takes one filter value.",
            "numberPreference.filter",
        )
    tests: dict[str, Callable[[str, str], bool]] = {
        "StartsWith": str.startswith,
        "EndsWith": str.endswith,
        "Contains": lambda digits, value: value in digits,
        "ExactMatch": str.__eq__,
    }
    test = tests[kind]
    return lambda number: any(test(number.lstrip("+"), value) for value in values)


def _offered(entry: countries.Country, number_type: str, capabilities: list[str]) -> bool:
    """Whether the country's table row offers this number type with these capabilities."""
    if number_type == "TEN_DLC" or number_type == "SIMULATOR":
        return entry.iso == "US"
    if number_type == "TOLL_FREE":
        return entry.iso in TOLL_FREE_COUNTRIES
    texts = {"SMS", "MMS"} & set(capabilities)
    if texts and entry.iso != "US" and not entry.supports("sms_long_codes"):
        return False
    return "VOICE" not in capabilities or entry.supports("voice")


def _two_way_check(record: JsonDict, req: JsonDict) -> None:
    if req.get("TwoWayEnabled") and not (
        req.get("TwoWayChannelArn") or record.get("TwoWayChannelArn")
    ):
        raise validation(
            "TWO_WAY_CHANNEL_NOT_PRESENT",
            "TwoWayChannelArn is required to enable two-way messaging.",
            "twoWayChannelArn",
        )


UPDATABLE_TWO_WAY_FIELDS = (
    "TwoWayEnabled",
    "TwoWayChannelArn",
    "TwoWayChannelRole",
    "SelfManagedOptOutsEnabled",
    "DeletionProtectionEnabled",
)


@family.operation("RequestPhoneNumber")
def request_phone_number(ctx: Ctx, req: JsonDict) -> JsonDict:
    country = req["IsoCountryCode"]
    number_type = req["NumberType"]
    capabilities = list(dict.fromkeys(req["NumberCapabilities"]))
    message_type = req["MessageType"]
    entry = countries.country(country)
    if entry is None:
        raise not_found(PHONE_NUMBER, f"{number_type}/{country}")
    if number_type == "SIMULATOR" and (country != "US" or message_type != "TRANSACTIONAL"):
        # Real service: no matching inventory (what the Terraform provider's tests observe).
        raise not_found(PHONE_NUMBER, f"{number_type}/{country}/{message_type}")
    if not _offered(entry, number_type, capabilities):
        raise not_found(PHONE_NUMBER, f"{number_type}/{country}")
    if number_type == "LONG_CODE" and country == "US" and set(capabilities) - {"VOICE"}:
        raise validation(
            "INVALID_PARAMETER",
            "US long codes support VOICE only; use TOLL_FREE or TEN_DLC for SMS.",
            "numberCapabilities",
        )
    if "MMS" in capabilities and not entry.supports("mms"):
        raise validation(
            "INVALID_PARAMETER", f"MMS is not available in {country}.", "numberCapabilities"
        )
    registration_id = req.get("RegistrationId")
    if number_type == "TEN_DLC" and not registration_id:
        raise validation(
            "MISSING_PARAMETER",
            "TEN_DLC numbers require the RegistrationId of an approved campaign.",
            "registrationId",
        )
    if registration_id:
        registration_id = ctx.lookup(REGISTRATION, registration_id, "registrationId")[
            "RegistrationId"
        ]
    pool = ctx.lookup(POOL, req["PoolId"], "poolId") if req.get("PoolId") else None
    opt_out_list = list_name_for(ctx, req.get("OptOutListName"))
    ctx.check_quota("PHONE_NUMBERS")
    if req.get("NumberPreference"):
        wanted = number_preference(req)
        matching = [n for n in available_numbers(ctx, country, number_type) if wanted(n)]
        if not matching:
            raise not_found(PHONE_NUMBER, f"{number_type}/{country}")
        number = matching[0]
    else:
        number = _new_number(ctx, country, number_type)
    phone_id = ctx.new_id("phone")
    arn = ctx.arn(PHONE_NUMBER, phone_id)
    record: JsonDict = {
        "PhoneNumberArn": arn,
        "PhoneNumberId": phone_id,
        "PhoneNumber": number,
        "Status": "PENDING",
        "IsoCountryCode": country,
        "MessageType": message_type,
        "NumberCapabilities": capabilities,
        "NumberType": number_type,
        "MonthlyLeasingPrice": MONTHLY_PRICES[number_type],
        "TwoWayEnabled": False,
        "SelfManagedOptOutsEnabled": False,
        "OptOutListName": opt_out_list,
        "InternationalSendingEnabled": bool(req.get("InternationalSendingEnabled", False)),
        "DeletionProtectionEnabled": bool(req.get("DeletionProtectionEnabled", False)),
        "RegistrationId": registration_id or None,
        "MessagingLimits": limits.phone_limits(number_type, country, capabilities),
        "CreatedTimestamp": ctx.now,
        "_keywords": default_keywords(),
    }
    if pool is not None:
        check_can_join(ctx, pool, PHONE_NUMBER, record)
    ctx.add(PHONE_NUMBER, phone_id, record, arn=arn, tags=req.get("Tags"))
    if pool is not None:
        join_pool(ctx, pool, PHONE_NUMBER, phone_id)
    ctx.schedule(
        PHONE_NUMBER,
        phone_id,
        PHONE_NUMBER_PROVISION_SECONDS,
        set_fields={"Status": "ACTIVE"},
        expect={"Status": "PENDING"},
    )
    out = ctx.view(record, "RequestPhoneNumberResult")
    out["Tags"] = ctx.tag_list(arn)
    return out


@family.operation("UpdatePhoneNumber")
def update_phone_number(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = ctx.lookup(PHONE_NUMBER, req["PhoneNumberId"], "phoneNumberId")
    if record.get("PoolId"):
        raise conflict("PHONE_NUMBER_ASSOCIATED_TO_POOL", PHONE_NUMBER, record["PhoneNumberId"])
    _two_way_check(record, req)
    if req.get("OptOutListName") is not None:
        record["OptOutListName"] = list_name_for(ctx, req["OptOutListName"])
    for name in (*UPDATABLE_TWO_WAY_FIELDS, "InternationalSendingEnabled"):
        if req.get(name) is not None:
            record[name] = req[name]
    return ctx.view(record, "UpdatePhoneNumberResult")


@family.operation("ReleasePhoneNumber")
def release_phone_number(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = ctx.lookup(PHONE_NUMBER, req["PhoneNumberId"], "phoneNumberId")
    phone_id = record["PhoneNumberId"]
    if record.get("DeletionProtectionEnabled"):
        raise conflict("DELETION_PROTECTION_ENABLED", PHONE_NUMBER, phone_id)
    if record.get("PoolId"):
        raise conflict("PHONE_NUMBER_ASSOCIATED_TO_POOL", PHONE_NUMBER, phone_id)
    if record.get("RegistrationId"):
        raise conflict("PHONE_NUMBER_ASSOCIATED_TO_REGISTRATION", PHONE_NUMBER, phone_id)
    ctx.remove(PHONE_NUMBER, phone_id, arn=record["PhoneNumberArn"])
    return ctx.view({**record, "Status": "DELETED"}, "ReleasePhoneNumberResult")


PHONE_FILTERS: Getters = {
    "status": lambda r: r["Status"],
    "iso-country-code": lambda r: r["IsoCountryCode"],
    "message-type": lambda r: r["MessageType"],
    "number-capability": lambda r: r["NumberCapabilities"],
    "number-type": lambda r: r["NumberType"],
    "two-way-enabled": lambda r: r["TwoWayEnabled"],
    "self-managed-opt-outs-enabled": lambda r: r["SelfManagedOptOutsEnabled"],
    "opt-out-list-name": lambda r: r["OptOutListName"],
    "deletion-protection-enabled": lambda r: r["DeletionProtectionEnabled"],
    "two-way-channel-arn": lambda r: r.get("TwoWayChannelArn"),
}
_BOOL = ("true", "false")
PHONE_FILTER_VALUES = {
    "status": ("PENDING", "ACTIVE", "ASSOCIATING", "DISASSOCIATING", "DELETED"),
    "message-type": ("TRANSACTIONAL", "PROMOTIONAL"),
    "number-capability": ("SMS", "VOICE", "MMS", "RCS"),
    "number-type": ("SHORT_CODE", "LONG_CODE", "TOLL_FREE", "TEN_DLC", "SIMULATOR"),
    "two-way-enabled": _BOOL,
    "self-managed-opt-outs-enabled": _BOOL,
    "deletion-protection-enabled": _BOOL,
}


@family.operation("DescribePhoneNumbers")
def describe_phone_numbers(ctx: Ctx, req: JsonDict) -> JsonDict:
    if ctx.shared_only(req, "PhoneNumberIds"):
        records: list[JsonDict] = []
    elif req.get("PhoneNumberIds"):
        records = [ctx.lookup(PHONE_NUMBER, i, "phoneNumberIds") for i in req["PhoneNumberIds"]]
    else:
        records = list(ctx.table(PHONE_NUMBER).values())
    records = ctx.filter(records, req.get("Filters"), PHONE_FILTERS, allowed=PHONE_FILTER_VALUES)
    page, token = ctx.paginate(records, req)
    out: JsonDict = {"PhoneNumbers": [ctx.view(r, "PhoneNumberInformation") for r in page]}
    if token:
        out["NextToken"] = token
    return out


@family.operation("ListAvailablePhoneNumbers")
def list_available_phone_numbers(ctx: Ctx, req: JsonDict) -> JsonDict:
    country = req["IsoCountryCode"]
    number_type = req["NumberType"]
    if req.get("RegistrationId"):
        ctx.lookup(REGISTRATION, req["RegistrationId"], "registrationId")
    wanted = number_preference(req)
    numbers: list[str] = []
    if country in SEARCHABLE_COUNTRIES.get(number_type, ()) and (
        "MMS" not in req["NumberCapabilities"] or countries.table()[country].supports("mms")
    ):
        numbers = [n for n in available_numbers(ctx, country, number_type) if wanted(n)]
    page, token = ctx.paginate(
        numbers, {**req, "MaxResults": req.get("MaxResults", AVAILABLE_PAGE_SIZE)}
    )
    out: JsonDict = {"AvailablePhoneNumbers": page}
    if token:
        out["NextToken"] = token
    return out


# --- sender IDs --------------------------------------------------------------------------
@family.operation("RequestSenderId")
def request_sender_id(ctx: Ctx, req: JsonDict) -> JsonDict:
    sender_id = str(req["SenderId"]).upper()
    country = req["IsoCountryCode"]
    entry = countries.country(country)
    if entry is None or entry.sms_sender_ids == countries.NO:
        raise validation(
            "SENDER_ID_NOT_SUPPORTED",
            f"Sender IDs are not supported in {country}.",
            "isoCountryCode",
        )
    if entry.sms_sender_ids == countries.REGISTRATION_REQUIRED:
        raise validation(
            "SENDER_ID_REQUIRES_REGISTRATION",
            f"Sender IDs in {country} require a registration.",
            "senderId",
        )
    key = sender_key(sender_id, country)
    if key in ctx.table(SENDER_ID):
        raise conflict("RESOURCE_ALREADY_EXISTS", SENDER_ID, sender_id)
    ctx.check_quota("SENDER_IDS")
    arn = ctx.arn(SENDER_ID, key)
    record: JsonDict = {
        "SenderIdArn": arn,
        "SenderId": sender_id,
        "IsoCountryCode": country,
        "MessageTypes": list(
            dict.fromkeys(req.get("MessageTypes") or ["TRANSACTIONAL", "PROMOTIONAL"])
        ),
        "MonthlyLeasingPrice": SENDER_ID_MONTHLY_PRICE,
        "DeletionProtectionEnabled": bool(req.get("DeletionProtectionEnabled", False)),
        "Registered": False,
        "MessagingLimits": limits.sender_id_limits(),
        "CreatedTimestamp": ctx.now,
    }
    ctx.add(SENDER_ID, key, record, arn=arn, tags=req.get("Tags"))
    out = ctx.view(record, "RequestSenderIdResult")
    out["Tags"] = ctx.tag_list(arn)
    return out


@family.operation("UpdateSenderId")
def update_sender_id(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = lookup_sender_id(ctx, req["SenderId"], req["IsoCountryCode"], "senderId")
    if req.get("DeletionProtectionEnabled") is not None:
        record["DeletionProtectionEnabled"] = req["DeletionProtectionEnabled"]
    return ctx.view(record, "UpdateSenderIdResult")


@family.operation("ReleaseSenderId")
def release_sender_id(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = lookup_sender_id(ctx, req["SenderId"], req["IsoCountryCode"], "senderId")
    key = sender_key(record["SenderId"], record["IsoCountryCode"])
    if record.get("DeletionProtectionEnabled"):
        raise conflict("DELETION_PROTECTION_ENABLED", SENDER_ID, record["SenderId"])
    for pool in ctx.table(POOL).values():
        if [SENDER_ID, key] in pool["_members"]:
            raise conflict("SENDER_ID_ASSOCIATED_TO_POOL", SENDER_ID, record["SenderId"])
    ctx.remove(SENDER_ID, key, arn=record["SenderIdArn"])
    return ctx.view(record, "ReleaseSenderIdResult")


SENDER_FILTERS: Getters = {
    "sender-id": lambda r: r["SenderId"],
    "iso-country-code": lambda r: r["IsoCountryCode"],
    "message-type": lambda r: r["MessageTypes"],
    "deletion-protection-enabled": lambda r: r["DeletionProtectionEnabled"],
    "registered": lambda r: r["Registered"],
}


@family.operation("DescribeSenderIds")
def describe_sender_ids(ctx: Ctx, req: JsonDict) -> JsonDict:
    if ctx.shared_only(req, "SenderIds"):
        records: list[JsonDict] = []
    elif req.get("SenderIds"):
        records = [
            lookup_sender_id(ctx, s["SenderId"], s["IsoCountryCode"], "senderIds")
            for s in req["SenderIds"]
        ]
    else:
        records = list(ctx.table(SENDER_ID).values())
    records = ctx.filter(
        records,
        req.get("Filters"),
        SENDER_FILTERS,
        allowed={
            "message-type": ("TRANSACTIONAL", "PROMOTIONAL"),
            "deletion-protection-enabled": _BOOL,
            "registered": _BOOL,
        },
    )
    page, token = ctx.paginate(records, req)
    out: JsonDict = {"SenderIds": [ctx.view(r, "SenderIdInformation") for r in page]}
    if token:
        out["NextToken"] = token
    return out
