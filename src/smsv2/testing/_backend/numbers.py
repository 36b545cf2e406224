"""Phone numbers and sender IDs."""

from __future__ import annotations

import random
from collections.abc import Callable

from ._base import JsonDict, conflict, not_found, operation, validation
from ._context import Ctx
from ._state import OPT_OUT_LIST, PHONE_NUMBER, POOL, REGISTRATION, SENDER_ID

#: Calling codes of the countries the fake can provision numbers in (GUESS: a subset).
CALLING_CODES: dict[str, str] = {
    "US": "1",
    "CA": "1",
    "GB": "44",
    "DE": "49",
    "FR": "33",
    "ES": "34",
    "IT": "39",
    "AU": "61",
    "IN": "91",
    "JP": "81",
    "BR": "55",
    "MX": "52",
    "SE": "46",
    "NL": "31",
    "BE": "32",
    "AT": "43",
    "DK": "45",
    "FI": "358",
    "HK": "852",
    "SG": "65",
    "NZ": "64",
    "IE": "353",
    "ZA": "27",
    "CH": "41",
    "NO": "47",
    "PL": "48",
}
#: Monthly leasing price per number type (DOC examples; SIMULATOR/SHORT_CODE GUESS).
MONTHLY_PRICES = {
    "SIMULATOR": "0.00",
    "LONG_CODE": "1.00",
    "TOLL_FREE": "2.00",
    "TEN_DLC": "2.00",
    "SHORT_CODE": "995.00",
}
#: MMS is available in these countries only (DOC UG:phone-numbers-mms-by-country).
MMS_COUNTRIES = frozenset({"US", "CA"})
#: Seconds from RequestPhoneNumber until PENDING -> ACTIVE in manual settle mode (GUESS).
PHONE_NUMBER_PROVISION_SECONDS = 60.0
#: Mandatory keywords on every number and pool (texts are GUESSES, semantics doc §3.2).
DEFAULT_KEYWORDS: dict[str, JsonDict] = {
    "HELP": {
        "KeywordMessage": "This is an automated message. Reply STOP to opt out.",
        "KeywordAction": "AUTOMATIC_RESPONSE",
    },
    "STOP": {
        "KeywordMessage": "You have been unsubscribed and will receive no further messages.",
        "KeywordAction": "OPT_OUT",
    },
}
#: Countries without sender-ID support / needing a registration first (GUESS mapping).
SENDER_ID_UNSUPPORTED_COUNTRIES = frozenset({"US", "CA"})
SENDER_ID_REGISTRATION_COUNTRIES = frozenset({"IN", "SA", "AE", "QA", "VN", "PH", "TR"})
SENDER_ID_MONTHLY_PRICE = "0.00"
DEFAULT_OPT_OUT_LIST = "Default"
#: Numbers on offer per (country, number type) for ListAvailablePhoneNumbers and
#: RequestPhoneNumber's NumberPreference (GUESS size).
AVAILABLE_INVENTORY_SIZE = 40
#: +1 area codes of the inventory per number type (GUESS, so that StartsWith filters have
#: something to match; toll-free numbers use the toll-free codes).
INVENTORY_AREA_CODES: dict[str, tuple[str, ...]] = {
    "TOLL_FREE": ("833", "844", "855", "866", "877", "888"),
    "SIMULATOR": ("206",),
}
DEFAULT_AREA_CODES = ("206", "312", "425", "510", "646")
#: Where ListAvailablePhoneNumbers finds numbers (DOC op: TEN_DLC in the US only); elsewhere
#: it answers an empty list, as the service does when nothing matches.
SEARCHABLE_COUNTRIES: dict[str, frozenset[str]] = {"TEN_DLC": frozenset({"US"})}
#: The service's page bound (MODEL ListAvailablePhoneNumbersMaxResults).
AVAILABLE_PAGE_SIZE = 10


def country_of(number: str) -> str | None:
    """ISO country of an E.164 number by longest calling-code prefix (+1 -> US)."""
    digits = number.lstrip("+")
    # Longest code first; the stable sort keeps US ahead of CA for +1.
    for country, code in sorted(CALLING_CODES.items(), key=lambda item: -len(item[1])):
        if digits.startswith(code):
            return country
    return None


def ensure_opt_out_list(ctx: Ctx, name_or_arn: str | None) -> str:
    """The opt-out list name to store on a resource; creates ``Default`` lazily."""
    if name_or_arn is None or name_or_arn == DEFAULT_OPT_OUT_LIST:
        from .optouts import ensure_default_list

        ensure_default_list(ctx)
        return DEFAULT_OPT_OUT_LIST
    return str(ctx.lookup(OPT_OUT_LIST, name_or_arn, "optOutListName")["OptOutListName"])


def _new_number(ctx: Ctx, country: str, number_type: str) -> str:
    code = CALLING_CODES[country]
    existing = {r["PhoneNumber"] for r in ctx.table(PHONE_NUMBER).values()}
    while True:
        suffix = f"{ctx.fake._rng.randrange(10**4):04d}"
        if code == "1":
            area = {"TOLL_FREE": "888", "SIMULATOR": "206"}.get(number_type, "425")
            number = f"+1{area}555{suffix}"
        else:
            number = f"+{code}7{ctx.fake._rng.randrange(10**5):05d}{suffix}"
        if number not in existing:
            return number


def available_numbers(ctx: Ctx, country: str, number_type: str) -> list[str]:
    """The inventory of (country, type), sorted: the same numbers for the same fake seed
    whatever was called before, less the numbers the account already holds."""
    rng = random.Random(f"{ctx.fake.seed}/{country}/{number_type}")
    code = CALLING_CODES[country]
    numbers: set[str] = set()
    while len(numbers) < AVAILABLE_INVENTORY_SIZE:
        suffix = f"{rng.randrange(10**4):04d}"
        if code == "1":
            area = rng.choice(INVENTORY_AREA_CODES.get(number_type, DEFAULT_AREA_CODES))
            numbers.add(f"+1{area}555{suffix}")
        else:
            numbers.add(f"+{code}7{rng.randrange(10**5):05d}{suffix}")
    held = {r["PhoneNumber"] for r in ctx.table(PHONE_NUMBER).values()}
    return sorted(numbers - held)


def number_preference(req: JsonDict) -> Callable[[str], bool]:
    """Predicate of the request's NumberPreference (digits compared without the ``+``)."""
    preferences = req.get("NumberPreference") or []
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


@operation("RequestPhoneNumber")
def request_phone_number(ctx: Ctx, req: JsonDict) -> JsonDict:
    country = req["IsoCountryCode"]
    number_type = req["NumberType"]
    capabilities = list(dict.fromkeys(req["NumberCapabilities"]))
    message_type = req["MessageType"]
    if country not in CALLING_CODES:
        raise not_found(PHONE_NUMBER, f"{number_type}/{country}")
    if number_type == "SIMULATOR" and (country != "US" or message_type != "TRANSACTIONAL"):
        # Real service: no matching inventory (OBS TF:pool_test.go).
        raise not_found(PHONE_NUMBER, f"{number_type}/{country}/{message_type}")
    if number_type == "TEN_DLC" and country != "US":
        raise not_found(PHONE_NUMBER, f"{number_type}/{country}")
    if number_type == "LONG_CODE" and country == "US" and set(capabilities) - {"VOICE"}:
        raise validation(
            "INVALID_PARAMETER",
            "US long codes support VOICE only; use TOLL_FREE or TEN_DLC for SMS.",
            "numberCapabilities",
        )
    if "MMS" in capabilities and country not in MMS_COUNTRIES:
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
    opt_out_list = ensure_opt_out_list(ctx, req.get("OptOutListName"))
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
        "CreatedTimestamp": ctx.now,
        "_keywords": {k: dict(v) for k, v in DEFAULT_KEYWORDS.items()},
    }
    if pool is not None:
        from .pools import check_can_join, join_pool

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


@operation("UpdatePhoneNumber")
def update_phone_number(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = ctx.lookup(PHONE_NUMBER, req["PhoneNumberId"], "phoneNumberId")
    if record.get("PoolId"):
        raise conflict("PHONE_NUMBER_ASSOCIATED_TO_POOL", PHONE_NUMBER, record["PhoneNumberId"])
    _two_way_check(record, req)
    if req.get("OptOutListName") is not None:
        record["OptOutListName"] = ensure_opt_out_list(ctx, req["OptOutListName"])
    for name in (*UPDATABLE_TWO_WAY_FIELDS, "InternationalSendingEnabled"):
        if req.get(name) is not None:
            record[name] = req[name]
    return ctx.view(record, "UpdatePhoneNumberResult")


@operation("ReleasePhoneNumber")
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


def _owner_check(req: JsonDict, ids_member: str) -> bool:
    """True when only shared resources are asked for (the fake has none)."""
    if req.get("Owner") and req.get(ids_member):
        raise validation(
            "PARAMETERS_CANNOT_BE_USED_TOGETHER",
            f"Owner and {ids_member} cannot be used together.",
            "owner",
        )
    return bool(req.get("Owner") == "SHARED")


PHONE_FILTERS = {
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


@operation("DescribePhoneNumbers")
def describe_phone_numbers(ctx: Ctx, req: JsonDict) -> JsonDict:
    if _owner_check(req, "PhoneNumberIds"):
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


@operation("ListAvailablePhoneNumbers")
def list_available_phone_numbers(ctx: Ctx, req: JsonDict) -> JsonDict:
    country = req["IsoCountryCode"]
    number_type = req["NumberType"]
    if req.get("RegistrationId"):
        ctx.lookup(REGISTRATION, req["RegistrationId"], "registrationId")
    wanted = number_preference(req)
    numbers: list[str] = []
    if country in SEARCHABLE_COUNTRIES.get(number_type, ()) and (
        "MMS" not in req["NumberCapabilities"] or country in MMS_COUNTRIES
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
def sender_key(sender_id: str, country: str) -> str:
    return f"{sender_id.upper()}/{country}"


def lookup_sender_id(ctx: Ctx, sender_id: str, country: str | None, field: str) -> JsonDict:
    """A sender ID by ARN (country inside) or by bare ID plus ``country``."""
    if sender_id.startswith("arn:"):
        key = ctx.key_of(SENDER_ID, sender_id, field)
        found = ctx.table(SENDER_ID).get(key.upper())
        if found is None:
            raise not_found(SENDER_ID, sender_id)
        return found
    if not country:
        raise validation(
            "INVALID_ARN",
            "A sender ID must be given as an ARN or together with IsoCountryCode.",
            field,
        )
    found = ctx.table(SENDER_ID).get(sender_key(sender_id, country))
    if found is None:
        raise not_found(SENDER_ID, sender_id)
    return found


@operation("RequestSenderId")
def request_sender_id(ctx: Ctx, req: JsonDict) -> JsonDict:
    sender_id = str(req["SenderId"]).upper()
    country = req["IsoCountryCode"]
    if country in SENDER_ID_UNSUPPORTED_COUNTRIES:
        raise validation(
            "SENDER_ID_NOT_SUPPORTED",
            f"Sender IDs are not supported in {country}.",
            "isoCountryCode",
        )
    if country in SENDER_ID_REGISTRATION_COUNTRIES:
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
        "CreatedTimestamp": ctx.now,
    }
    ctx.add(SENDER_ID, key, record, arn=arn, tags=req.get("Tags"))
    out = ctx.view(record, "RequestSenderIdResult")
    out["Tags"] = ctx.tag_list(arn)
    return out


@operation("UpdateSenderId")
def update_sender_id(ctx: Ctx, req: JsonDict) -> JsonDict:
    record = lookup_sender_id(ctx, req["SenderId"], req["IsoCountryCode"], "senderId")
    if req.get("DeletionProtectionEnabled") is not None:
        record["DeletionProtectionEnabled"] = req["DeletionProtectionEnabled"]
    return ctx.view(record, "UpdateSenderIdResult")


@operation("ReleaseSenderId")
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


SENDER_FILTERS = {
    "sender-id": lambda r: r["SenderId"],
    "iso-country-code": lambda r: r["IsoCountryCode"],
    "message-type": lambda r: r["MessageTypes"],
    "deletion-protection-enabled": lambda r: r["DeletionProtectionEnabled"],
    "registered": lambda r: r["Registered"],
}


@operation("DescribeSenderIds")
def describe_sender_ids(ctx: Ctx, req: JsonDict) -> JsonDict:
    if _owner_check(req, "SenderIds"):
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
