"""The countries and regions the service supports, loaded once from ``data/countries.json``.

The data file says where its table comes from and when it was taken.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass

from ._base import data_text

#: Values of a capability column in the data file.
YES = "YES"
NO = "NO"
REGISTRATION_REQUIRED = "REGISTRATION_REQUIRED"
_COLUMNS = (
    "sms_short_codes",
    "sms_long_codes",
    "sms_sender_ids",
    "sms_two_way",
    "international_sending",
    "mms",
    "voice",
    "rcs",
)


@dataclass(frozen=True)
class Country:
    """One row of the table. Capability values are ``YES``, ``NO`` or
    ``REGISTRATION_REQUIRED``."""

    iso: str
    name: str
    calling_code: str
    sms_short_codes: str = NO
    sms_long_codes: str = NO
    sms_sender_ids: str = NO
    sms_two_way: str = NO
    international_sending: str = NO
    mms: str = NO
    voice: str = NO
    rcs: str = NO

    def supports(self, column: str) -> bool:
        """Whether the column is YES or REGISTRATION_REQUIRED."""
        return bool(getattr(self, column) != NO)


@functools.cache
def table() -> dict[str, Country]:
    """ISO code -> country, in the data file's order."""
    raw = json.loads(data_text("countries.json"))
    out: dict[str, Country] = {}
    for iso, row in raw["countries"].items():
        values = {k: str(row[k]) for k in _COLUMNS if k in row}
        out[iso] = Country(iso, str(row["name"]), str(row["calling_code"]), **values)
    return out


@functools.cache
def source() -> dict[str, str]:
    """Where the table comes from and when it was taken."""
    raw = json.loads(data_text("countries.json"))
    return {str(k): str(v) for k, v in raw["source"].items()}


def country(iso: str) -> Country | None:
    return table().get(iso)


def calling_code(iso: str) -> str:
    return table()[iso].calling_code


@functools.cache
def _by_code() -> tuple[tuple[str, str], ...]:
    # Longest code first; within a code the data file's first country wins (US for +1).
    pairs = [(c.calling_code, c.iso) for c in table().values()]
    seen: dict[str, str] = {}
    for code, iso in pairs:
        seen.setdefault(code, iso)
    return tuple(sorted(seen.items(), key=lambda item: -len(item[0])))


def country_of(number: str) -> str | None:
    """ISO country of an E.164 number by its longest known calling-code prefix."""
    digits = number.lstrip("+")
    for code, iso in _by_code():
        if digits.startswith(code):
            return iso
    return None
