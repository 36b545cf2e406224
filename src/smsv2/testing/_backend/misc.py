"""Remaining operations: CarrierLookup (a deterministic, plausible answer per number)."""

from __future__ import annotations

import hashlib
import re

from . import countries
from ._base import Family, JsonDict
from ._context import Ctx
from .rules.origination import SIMULATOR_DESTINATIONS

family = Family("misc")

#: Mobile country code per ISO code (ITU-T E.212; a subset: other countries get none).
MOBILE_COUNTRY_CODES: dict[str, str] = {
    "US": "310",
    "CA": "302",
    "GB": "234",
    "DE": "262",
    "FR": "208",
    "ES": "214",
    "IT": "222",
    "AU": "505",
    "IN": "404",
    "JP": "440",
    "BR": "724",
    "MX": "334",
    "SE": "240",
    "NL": "204",
    "BE": "206",
    "AT": "232",
    "DK": "238",
    "FI": "244",
    "HK": "454",
    "SG": "525",
    "NZ": "530",
    "IE": "272",
    "ZA": "655",
    "CH": "228",
    "NO": "242",
    "PL": "260",
    "NG": "621",
}
#: (carrier, MNC) candidates per country; unknown countries get a generic carrier (GUESS).
CARRIERS: dict[str, tuple[tuple[str, str], ...]] = {
    "US": (("AT&T Wireless", "410"), ("T-Mobile USA", "260"), ("Verizon Wireless", "480")),
    "CA": (("Bell Mobility", "610"), ("Rogers Wireless", "720"), ("TELUS Mobility", "220")),
    "GB": (("EE", "30"), ("O2", "10"), ("Vodafone", "15"), ("Three", "20")),
    "DE": (("Telekom", "01"), ("Vodafone", "02"), ("O2", "03")),
    "FR": (("Orange", "01"), ("SFR", "10"), ("Bouygues Telecom", "20"), ("Free Mobile", "15")),
    "AU": (("Telstra", "01"), ("Optus", "02"), ("Vodafone", "03")),
    "IN": (("Airtel", "10"), ("Vodafone Idea", "20"), ("Jio", "40")),
}
GENERIC_CARRIER = ("Mobile Operator", "01")
#: North American toll-free area codes: such numbers answer PhoneNumberType OTHER.
TOLL_FREE_AREA_CODES = frozenset({"800", "833", "844", "855", "866", "877", "888"})
#: Share of non-simulator numbers reported as LANDLINE (decided by a hash of the number).
LANDLINE_PERCENT = 20
_SEPARATORS = re.compile(r"[\s(){}\[\],.-]")
#: E.164: at most 15 digits.
MAX_E164_DIGITS = 15
MIN_E164_DIGITS = 8


@family.operation("CarrierLookup")
def carrier_lookup(ctx: Ctx, req: JsonDict) -> JsonDict:
    digits = _SEPARATORS.sub("", req["PhoneNumber"]).lstrip("+")
    e164 = "+" + digits
    country = countries.country_of(e164)
    if (
        country is None
        or not digits.isdigit()
        or not MIN_E164_DIGITS <= len(digits) <= MAX_E164_DIGITS
        or (countries.calling_code(country) == "1" and len(digits) != 11)
    ):
        return {"E164PhoneNumber": e164, "PhoneNumberType": "INVALID"}
    name = countries.table()[country].name
    mcc = MOBILE_COUNTRY_CODES.get(country, "")
    out: JsonDict = {
        "E164PhoneNumber": e164,
        "DialingCountryCode": countries.calling_code(country),
        "IsoCountryCode": country,
        "Country": name,
    }
    if countries.calling_code(country) == "1" and digits[1:4] in TOLL_FREE_AREA_CODES:
        out["PhoneNumberType"] = "OTHER"
        return out
    bucket = int(hashlib.sha256(e164.encode()).hexdigest(), 16)
    if e164 not in SIMULATOR_DESTINATIONS and bucket % 100 < LANDLINE_PERCENT:
        out["PhoneNumberType"] = "LANDLINE"
        return out
    carriers = CARRIERS.get(country, (GENERIC_CARRIER,))
    carrier, mnc = carriers[bucket % len(carriers)]
    out["PhoneNumberType"] = "MOBILE"
    out["Carrier"] = carrier
    if mcc:
        out["MCC"] = mcc
        out["MNC"] = mnc
    return out
