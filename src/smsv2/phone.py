"""Phone numbers: [`normalize_phone_number`][smsv2.phone.normalize_phone_number] turns what users
type into E.164.

With the optional extra `smsv2[phonenumbers]` (Google's libphonenumber for Python) national
formats such as `(206) 555-0100` are parsed for a region; without it only strict E.164
(`+` country code and subscriber number, at most 15 digits) is accepted.
"""

from __future__ import annotations

import re

from smsv2.errors import InvalidPhoneNumberError, PhoneNumberProblem

__all__ = [
    "E164",
    "InvalidPhoneNumberError",
    "PhoneNumberProblem",
    "country_of",
    "normalize_phone_number",
]

_MIN_DIGITS = 7  # no country's numbers are shorter, country code included
_MAX_DIGITS = 15
E164 = re.compile(rf"\+[1-9][0-9]{{{_MIN_DIGITS - 1},{_MAX_DIGITS - 1}}}")
"""Strict E.164: `+`, a country code that does not start with 0, 7 to 15 digits."""
_HINT = "install smsv2[phonenumbers] to parse national formats"


def normalize_phone_number(text: str, region: str = "US", *, field: str = "phone_number") -> str:
    """`text` as an E.164 number (`+12065550100`), or a typed error that says why not.

    Args:
        text: a number as a user typed it: `+1 206-555-0100`, `(206) 555-0100`...
        region: ISO 3166-1 alpha-2 country for numbers written without a country code.
        field: the field name the error reports.

    Raises:
        InvalidPhoneNumberError: `problem` is a
            [`PhoneNumberProblem`][smsv2.phone.PhoneNumberProblem] (not a number, too short, too
            long, invalid country code, invalid for the region, not E.164). The message never
            contains the number.
    """
    # For callers without a type checker.
    if not isinstance(text, str):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise InvalidPhoneNumberError(field, PhoneNumberProblem.NOT_A_NUMBER, "not a string")
    try:
        # The optional extra, loaded on first use so that `import smsv2` stays light.
        from smsv2._libphonenumber import to_e164
    except ImportError:
        return _strict_e164(text, field)
    return to_e164(text, region, field)


def country_of(number: str) -> str | None:
    """The ISO 3166-1 alpha-2 country of an E.164 `number` (`"US"`), or None if unknown.

    Needs the extra `smsv2[phonenumbers]`; without it the answer is always None.
    """
    try:
        from smsv2._libphonenumber import region_of
    except ImportError:
        return None
    return region_of(number)


def _strict_e164(text: str, field: str) -> str:
    if E164.fullmatch(text):
        return text
    digits = sum(c.isdigit() for c in text)
    if digits == 0:
        problem, detail = PhoneNumberProblem.NOT_A_NUMBER, "contains no digits"
    elif digits < _MIN_DIGITS and re.fullmatch(r"\+?[0-9]+", text):
        problem, detail = PhoneNumberProblem.TOO_SHORT, f"has {digits} digits"
    elif digits > _MAX_DIGITS and re.fullmatch(r"\+?[0-9]+", text):
        problem, detail = PhoneNumberProblem.TOO_LONG, f"has {digits} digits, E.164 allows 15"
    else:
        problem, detail = PhoneNumberProblem.NOT_E164, "must be E.164 (+ and country code)"
    raise InvalidPhoneNumberError(field, problem, f"{detail}; {_HINT}")
