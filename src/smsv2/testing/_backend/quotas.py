"""Resource quotas of a fake account, settable with `FakeSmsVoice(limits={...})`.

AWS documents few of these numbers. `DOCUMENTED` names the ones taken from AWS's public
pages; the others are plausible choices of the fake.
"""

from __future__ import annotations

from collections.abc import Mapping

from ._state import (
    CONFIGURATION_SET,
    NOTIFY_CONFIGURATION,
    OPT_OUT_LIST,
    PHONE_NUMBER,
    POOL,
    PROTECT_CONFIGURATION,
    RCS_AGENT,
    REGISTRATION,
    REGISTRATION_ATTACHMENT,
    SENDER_ID,
    VERIFIED_NUMBER,
)

#: The limits DescribeAccountLimits reports (name -> table counted as "Used").
ACCOUNT_LIMIT_TABLES: dict[str, str] = {
    "PHONE_NUMBERS": PHONE_NUMBER,
    "POOLS": POOL,
    "CONFIGURATION_SETS": CONFIGURATION_SET,
    "OPT_OUT_LISTS": OPT_OUT_LIST,
    "SENDER_IDS": SENDER_ID,
    "REGISTRATIONS": REGISTRATION,
    "REGISTRATION_ATTACHMENTS": REGISTRATION_ATTACHMENT,
    "VERIFIED_DESTINATION_NUMBERS": VERIFIED_NUMBER,
}
#: Further per-account tables with a count quota (not in DescribeAccountLimits).
OTHER_COUNTED_TABLES: dict[str, str] = {
    "PROTECT_CONFIGURATIONS": PROTECT_CONFIGURATION,
    "NOTIFY_CONFIGURATIONS": NOTIFY_CONFIGURATION,
    "RCS_AGENTS": RCS_AGENT,
}
#: Every quota name -> its default.
DEFAULT_LIMITS: dict[str, int] = {
    "PHONE_NUMBERS": 20,
    "POOLS": 25,
    "CONFIGURATION_SETS": 25,
    "OPT_OUT_LISTS": 25,
    "SENDER_IDS": 50,
    "REGISTRATIONS": 100,
    "REGISTRATION_ATTACHMENTS": 100,
    "VERIFIED_DESTINATION_NUMBERS": 10,
    "PROTECT_CONFIGURATIONS": 5,
    "NOTIFY_CONFIGURATIONS": 5,
    "RCS_AGENTS": 10,
    "ORIGINATION_IDENTITIES_PER_POOL": 100,
    "KEYWORDS_PER_IDENTITY": 30,
    "EVENT_DESTINATIONS_PER_CONFIGURATION_SET": 5,
    "TAGS_PER_RESOURCE": 200,
    "VERIFICATION_ATTEMPTS_PER_DAY": 5,
    "REGISTRATION_VERSIONS_CREATED_PER_DAY": 10,
    "ASSOCIATIONS_PER_REGISTRATION": 100,
    # The account limit (MaxLimit, USD a month) of a production account per channel. AWS
    # grants it with production access; it documents no default amount.
    "TEXT_MESSAGE_MONTHLY_SPEND_LIMIT": 1000,
    "MEDIA_MESSAGE_MONTHLY_SPEND_LIMIT": 1000,
    "VOICE_MESSAGE_MONTHLY_SPEND_LIMIT": 1000,
    "NOTIFY_MESSAGE_MONTHLY_SPEND_LIMIT": 1000,
    "RCS_MESSAGE_MONTHLY_SPEND_LIMIT": 1000,
}
#: Defaults AWS documents: verified destination numbers (sandbox page of the SMS user
#: guide), event destinations per configuration set (CreateEventDestination reference).
DOCUMENTED = frozenset({"VERIFIED_DESTINATION_NUMBERS", "EVENT_DESTINATIONS_PER_CONFIGURATION_SET"})
#: Monthly spend account limit (USD) of every channel while the account is in the sandbox
#: (documented for text and media on the sandbox page; the fake uses it for every channel).
SANDBOX_SPEND_LIMIT = 1


def resolve_limits(overrides: Mapping[str, int] | None) -> dict[str, int]:
    """The defaults updated with `overrides`; unknown names and negative values raise
    `ValueError` (a typo must not silently leave a default in place)."""
    limits = dict(DEFAULT_LIMITS)
    for name, value in (overrides or {}).items():
        if name not in DEFAULT_LIMITS:
            raise ValueError(f"unknown limit {name!r}; known: {', '.join(sorted(DEFAULT_LIMITS))}")
        # Overrides come from callers without a type checker too.
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:  # pyright: ignore[reportUnnecessaryIsInstance]
            raise ValueError(f"limit {name!r} must be a non-negative integer")
        limits[name] = value
    return limits
