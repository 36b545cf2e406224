"""The countries and regions the service supports, loaded once from `data/countries.json`.

The data file says where its table comes from and when it was taken.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ._base import data_text

#: Values of a capability column in the data file.
YES = "YES"
NO = "NO"
REGISTRATION_REQUIRED = "REGISTRATION_REQUIRED"
#: Area code of new NANP numbers per number type, else the country's first area code (US:
#: 425).
NANP_AREA_BY_TYPE = {"TOLL_FREE": "888", "SIMULATOR": "206"}
DEFAULT_NANP_AREA = "425"
_COLUMNS = ("sms_short_codes", "sms_long_codes", "sms_sender_ids", "sms_two_way", "mms", "voice")


@dataclass(frozen=True)
class Country:
    """One row of the table. Capability values are `YES`, `NO` or
    `REGISTRATION_REQUIRED`."""

    iso: str
    name: str
    #: E.164 country code ("1" for every NANP country).
    calling_code: str
    #: Longer prefixes that single the country out among those sharing its code (for
    #: example "1264" for Anguilla); empty for the code's plain owner.
    prefixes: tuple[str, ...] = ()
    sms_short_codes: str = NO
    sms_long_codes: str = NO
    sms_sender_ids: str = NO
    sms_two_way: str = NO
    mms: str = NO
    voice: str = NO

    def supports(self, column: str) -> bool:
        """Whether the column is YES or REGISTRATION_REQUIRED."""
        return bool(getattr(self, column) != NO)


@functools.cache
def _raw() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(data_text("countries.json"))
    return data


@functools.cache
def table() -> dict[str, Country]:
    """ISO code -> country, in the data file's order."""
    out: dict[str, Country] = {}
    for iso, row in _raw()["countries"].items():
        values = {k: str(row[k]) for k in _COLUMNS if k in row}
        prefixes = tuple(str(p) for p in row.get("prefixes", ()))
        out[iso] = Country(iso, str(row["name"]), str(row["calling_code"]), prefixes, **values)
    return out


@functools.cache
def source() -> dict[str, str]:
    """Where the table comes from and when it was taken."""
    return {str(k): str(v) for k, v in _raw()["source"].items()}


def country(iso: str) -> Country | None:
    return table().get(iso)


def calling_code(iso: str) -> str:
    return table()[iso].calling_code


def local_number(iso: str, number_type: str, digits: Callable[[int], str]) -> str:
    """A plausible E.164 number of the country (`digits(n)` gives n random digits): NANP
    numbers are +1 NPA 555 XXXX, others the country's prefix, a 7 and random digits."""
    entry = table()[iso]
    if entry.calling_code == "1":
        if number_type in NANP_AREA_BY_TYPE:
            area = NANP_AREA_BY_TYPE[number_type]
        else:
            area = entry.prefixes[0][1:4] if entry.prefixes else DEFAULT_NANP_AREA
        return f"+1{area}555{digits(4)}"
    prefix = entry.prefixes[0] if entry.prefixes else entry.calling_code
    # As long as a number of the plain code: prefix + 10 digits minus the prefix's extra digits.
    rest = 10 - (len(prefix) - len(entry.calling_code))
    return f"+{prefix}7{digits(rest - 1)}"


@functools.cache
def _by_prefix() -> tuple[tuple[str, str], ...]:
    """(prefix, ISO) pairs, longest prefix first."""
    pairs: dict[str, str] = {}
    for entry in table().values():
        for prefix in entry.prefixes or (entry.calling_code,):
            pairs.setdefault(prefix, entry.iso)
    return tuple(sorted(pairs.items(), key=lambda item: -len(item[0])))


def country_of(number: str) -> str | None:
    """ISO country of an E.164 number by its longest known prefix (+1 area codes of Canada
    and the Caribbean, +44 1481 Guernsey, ...; +1 otherwise is the United States)."""
    digits = number.lstrip("+")
    for code, iso in _by_prefix():
        if digits.startswith(code):
            return iso
    return None
