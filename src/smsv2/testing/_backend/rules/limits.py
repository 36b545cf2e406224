"""Messaging limits of origination identities (`MessagingLimits`) and the send throttle.

Every phone number, sender ID and RCS agent carries `MessagingLimits`: `RateLimits`
(messages per second per capability) and, for 10DLC numbers, advisory `DailyMessageCaps`
per provider. Defaults come from AWS's MPS page and its 10DLC throughput table (cited in
docs/fake-fidelity.md); tests override them per identity with
`FakeSmsVoice.set_messaging_limits`. With `FakeSmsVoice(throttle_sends=True)` a send
above the identity's rate, on the fake clock, answers ThrottlingException.
"""

from __future__ import annotations

from collections.abc import Mapping

from .._base import FakeServiceError, JsonDict
from .._state import PHONE_NUMBER, RCS_AGENT, SENDER_ID, RegionState

#: SMS/MMS message parts per second by (number type, country), from the "What are the
#: Message Parts per Second (MPS) limits" page of the SMS user guide.
RATE_LIMITS: dict[tuple[str, str], dict[str, int]] = {
    ("SHORT_CODE", "US"): {"SMS": 100, "MMS": 40},
    ("SHORT_CODE", "CA"): {"SMS": 100, "MMS": 40},
    ("TEN_DLC", "US"): {"SMS": 1, "MMS": 1},
    ("LONG_CODE", "CA"): {"SMS": 1, "MMS": 1},
    ("TOLL_FREE", "US"): {"SMS": 3, "MMS": 3},
}
#: A long code anywhere else (same page: 10 MPS, no MMS).
LONG_CODE_ELSEWHERE: dict[str, int] = {"SMS": 10}
#: Numbers and capabilities the page does not cover (short codes elsewhere "vary by
#: country", voice, simulator numbers): the fake's choice (GUESS).
OTHER_RATE = 1
#: Sender IDs: the fake's choice (GUESS; the page's table varies by country).
SENDER_ID_RATE_LIMITS: dict[str, int] = {"SMS": 10}
#: RCS agents: the fake's choice (GUESS; the model only says the map is per capability).
RCS_AGENT_RATE_LIMITS: dict[str, int] = {"RCS": 10, "SMS": 10, "MMS": 10}
#: Advisory daily caps of a 10DLC number, per provider: T-Mobile's lowest brand tier
#: (2,000 messages a day for an unvetted brand) in AWS's "10DLC campaign types and quotas"
#: table. The other carriers publish per-minute throughput instead of daily caps.
TEN_DLC_DAILY_CAPS: dict[str, int] = {"T-MOBILE": 2000}
#: Seconds of the rate an identity may send at once (a one-second bucket).
BURST_SECONDS = 1.0


def phone_limits(number_type: str, country: str, capabilities: list[str]) -> JsonDict:
    """The default `MessagingLimits` of a phone number."""
    table = RATE_LIMITS.get((number_type, country))
    if table is None and number_type == "LONG_CODE":
        table = LONG_CODE_ELSEWHERE
    rates = {c: (table or {}).get(c, OTHER_RATE) for c in capabilities}
    out: JsonDict = {"RateLimits": rates}
    if number_type == "TEN_DLC":
        out["DailyMessageCaps"] = dict(TEN_DLC_DAILY_CAPS)
    return out


def sender_id_limits() -> JsonDict:
    """The default `MessagingLimits` of a sender ID."""
    return {"RateLimits": dict(SENDER_ID_RATE_LIMITS)}


def rcs_agent_limits() -> JsonDict:
    """The default `MessagingLimits` of an RCS agent."""
    return {"RateLimits": dict(RCS_AGENT_RATE_LIMITS)}


def override(
    record: JsonDict,
    rate_limits: Mapping[str, int] | None,
    daily_caps: Mapping[str, int] | None,
) -> None:
    """Replace the record's rate limits and/or daily caps (an empty caps mapping drops them)."""
    limits: JsonDict = dict(record.get("MessagingLimits") or {})
    if rate_limits is not None:
        _check("rate_limits", rate_limits)
        limits["RateLimits"] = {str(k): int(v) for k, v in rate_limits.items()}
    if daily_caps is not None:
        _check("daily_caps", daily_caps)
        if daily_caps:
            limits["DailyMessageCaps"] = {str(k): int(v) for k, v in daily_caps.items()}
        else:
            limits.pop("DailyMessageCaps", None)
    record["MessagingLimits"] = limits
    record.pop("_buckets", None)


def _check(name: str, values: Mapping[str, int]) -> None:
    for key, value in values.items():
        # Called by tests without a type checker too.
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:  # pyright: ignore[reportUnnecessaryIsInstance]
            raise ValueError(f"{name}[{key!r}] must be a non-negative integer")


def take(record: JsonDict | None, capability: str, parts: int, now: float) -> None:
    """Spend `parts` of the identity's per-second budget for `capability`; answer
    ThrottlingException (nothing spent) when the budget, refilled on the fake clock, is short."""
    if record is None:
        return
    limits: JsonDict = record.get("MessagingLimits") or {}
    rates: JsonDict = limits.get("RateLimits") or {}
    rate: int | None = rates.get(capability)
    if rate is None:
        return
    burst = max(float(rate) * BURST_SECONDS, 1.0)
    buckets: JsonDict = record.setdefault("_buckets", {})
    stamp, tokens = buckets.get(capability, (now, burst))
    tokens = min(burst, float(tokens) + max(0.0, now - float(stamp)) * rate)
    if tokens < min(parts, burst) or rate == 0:
        buckets[capability] = [now, tokens]
        raise FakeServiceError(
            "ThrottlingException",
            f"Rate exceeded: the origination identity sends at most {rate} {capability} "
            "message parts per second.",
            status=400,
        )
    buckets[capability] = [now, tokens - parts]


def find_identity(state: RegionState, identity: str, iso_country_code: str | None) -> JsonDict:
    """The record of a phone number (ID, ARN or E.164), RCS agent (ID or ARN) or sender ID
    (with its country); LookupError when the fake has none."""
    key = identity.rsplit("/", 1)[-1] if identity.startswith("arn:") else identity
    for kind, id_key, number_key in (
        (PHONE_NUMBER, "PhoneNumberId", "PhoneNumber"),
        (RCS_AGENT, "RcsAgentId", None),
    ):
        for record in state.table(kind).values():
            if record[id_key] == key or (number_key and record[number_key] == key):
                return record
    for record in state.table(SENDER_ID).values():
        if record["SenderId"] == key.upper() and iso_country_code in (
            None,
            record["IsoCountryCode"],
        ):
            return record
    raise LookupError("no origination identity of the fake has this ID")
