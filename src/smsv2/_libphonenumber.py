"""normalize_phone_number's parser when the extra `smsv2[phonenumbers]` is installed.

Importing this module imports Google's `phonenumbers`; `smsv2.phone` imports it only
when a number is normalised, and falls back to strict E.164 without it.
"""

from __future__ import annotations

import phonenumbers

from smsv2.errors import InvalidPhoneNumberError, PhoneNumberProblem

_PARSE_PROBLEMS = {
    "INVALID_COUNTRY_CODE": (PhoneNumberProblem.INVALID_COUNTRY_CODE, "has no valid country code"),
    "NOT_A_NUMBER": (PhoneNumberProblem.NOT_A_NUMBER, "is not a phone number"),
    "TOO_SHORT_AFTER_IDD": (PhoneNumberProblem.TOO_SHORT, "is too short after the prefix"),
    "TOO_SHORT_NSN": (PhoneNumberProblem.TOO_SHORT, "is too short"),
    "TOO_LONG": (PhoneNumberProblem.TOO_LONG, "is too long"),
}


def to_e164(text: str, region: str, field: str) -> str:
    """`text` parsed for `region` as E.164, or InvalidPhoneNumberError saying why not."""
    try:
        number = phonenumbers.parse(text, region.upper())
    except phonenumbers.NumberParseException as exc:
        kind = _parse_error_name(exc.error_type)
        problem, detail = _PARSE_PROBLEMS.get(kind, _PARSE_PROBLEMS["NOT_A_NUMBER"])
        raise InvalidPhoneNumberError(field, problem, detail) from None
    reason = phonenumbers.is_possible_number_with_reason(number)
    validation = phonenumbers.ValidationResult
    if reason in (
        validation.TOO_SHORT,
        validation.INVALID_LENGTH,
    ) and not phonenumbers.is_valid_number(number):
        problem = (
            PhoneNumberProblem.TOO_SHORT
            if reason == validation.TOO_SHORT
            else PhoneNumberProblem.INVALID_FOR_REGION
        )
        raise InvalidPhoneNumberError(field, problem, "has the wrong number of digits")
    if reason == validation.TOO_LONG:
        raise InvalidPhoneNumberError(field, PhoneNumberProblem.TOO_LONG, "is too long")
    if reason == validation.INVALID_COUNTRY_CODE:
        raise InvalidPhoneNumberError(
            field, PhoneNumberProblem.INVALID_COUNTRY_CODE, "has no valid country code"
        )
    if not phonenumbers.is_valid_number(number):
        where = phonenumbers.region_code_for_number(number) or region.upper()
        raise InvalidPhoneNumberError(
            field, PhoneNumberProblem.INVALID_FOR_REGION, f"is not a valid number for {where}"
        )
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def region_of(number: str) -> str | None:
    """The region (ISO country) `number` belongs to, or None when it cannot be told."""
    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        return None
    # A number outside any assigned range still has a country code: its main country.
    region = phonenumbers.region_code_for_number(parsed) or (
        phonenumbers.region_code_for_country_code(parsed.country_code or 0)
    )
    return region if region and region != "ZZ" else None


def _parse_error_name(error_type: int) -> str:
    for name in _PARSE_PROBLEMS:
        if getattr(phonenumbers.NumberParseException, name, None) == error_type:
            return name
    return "NOT_A_NUMBER"
