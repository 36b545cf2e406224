"""Remaining operations: CarrierLookup (a deterministic, plausible answer per number)."""

from __future__ import annotations

import hashlib
import re

from . import countries
from ._base import Family, JsonDict
from ._context import Ctx
from .rules.origination import SIMULATOR_DESTINATIONS

family = Family("misc")

#: Country name and MCC per ISO code (MCCs per ITU-T E.212; a subset).
COUNTRIES: dict[str, tuple[str, str]] = {
    "US": ("United States", "310"),
    "CA": ("Canada", "302"),
    "GB": ("United Kingdom", "234"),
    "DE": ("Germany", "262"),
    "FR": ("France", "208"),
    "ES": ("Spain", "214"),
    "IT": ("Italy", "222"),
    "AU": ("Australia", "505"),
    "IN": ("India", "404"),
    "JP": ("Japan", "440"),
    "BR": ("Brazil", "724"),
    "MX": ("Mexico", "334"),
    "SE": ("Sweden", "240"),
    "NL": ("Netherlands", "204"),
    "BE": ("Belgium", "206"),
    "AT": ("Austria", "232"),
    "DK": ("Denmark", "238"),
    "FI": ("Finland", "244"),
    "HK": ("Hong Kong", "454"),
    "SG": ("Singapore", "525"),
    "NZ": ("New Zealand", "530"),
    "IE": ("Ireland", "272"),
    "ZA": ("South Africa", "655"),
    "CH": ("Switzerland", "228"),
    "NO": ("Norway", "242"),
    "PL": ("Poland", "260"),
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
    name, mcc = COUNTRIES.get(country, (country, ""))
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
