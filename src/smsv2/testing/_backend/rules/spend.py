"""Monthly spend: the one place that checks and charges a message's price.

Amounts are kept in whole micro-dollars so that "exactly at the limit" is exact.
"""

from __future__ import annotations

import time

from .._base import quota
from .._context import Ctx
from .._state import RegionState
from .accounts import spend_limits

#: Spend channel -> (SpendLimitName, ServiceQuotaExceeded reason when over it).
CHANNEL_LIMITS: dict[str, tuple[str, str]] = {
    "SMS": ("TEXT_MESSAGE_MONTHLY_SPEND_LIMIT", "MONTHLY_SPEND_LIMIT_REACHED_FOR_TEXT"),
    "MMS": ("MEDIA_MESSAGE_MONTHLY_SPEND_LIMIT", "MONTHLY_SPEND_LIMIT_REACHED_FOR_MEDIA"),
    "VOICE": ("VOICE_MESSAGE_MONTHLY_SPEND_LIMIT", "MONTHLY_SPEND_LIMIT_REACHED_FOR_VOICE"),
    "NOTIFY": ("NOTIFY_MESSAGE_MONTHLY_SPEND_LIMIT", "MONTHLY_SPEND_LIMIT_REACHED_FOR_NOTIFY"),
    "RCS": ("RCS_MESSAGE_MONTHLY_SPEND_LIMIT", "MONTHLY_SPEND_LIMIT_REACHED_FOR_RCS"),
}
MICROS_PER_USD = 1_000_000
_SPEND_KEY = "SpendMicros"


def month(now: float) -> str:
    return time.strftime("%Y-%m", time.gmtime(now))


def micros(usd: float) -> int:
    return round(usd * MICROS_PER_USD)


def spent(ctx: Ctx, channel: str) -> float:
    """USD spent on `channel` this month."""
    return _spent_micros(ctx, channel) / MICROS_PER_USD


def _spent_micros(ctx: Ctx, channel: str) -> int:
    return _micros_of(ctx.state, ctx.now, channel)


def _micros_of(state: RegionState, now: float, channel: str) -> int:
    return int(state.settings.get(_SPEND_KEY, {}).get(month(now), {}).get(channel, 0))


def spent_usd(state: RegionState, now: float, channel: str) -> float:
    """USD an account spent on `channel` in the month of `now` (the inbox's account view)."""
    return _micros_of(state, now, channel) / MICROS_PER_USD


def spend(ctx: Ctx, channel: str, price: float, *, dry_run: bool) -> None:
    """Refuse the message when this month's spend plus `price` would pass the enforced
    limit (a message that reaches the limit exactly is sent); charge it unless `dry_run`."""
    limit_name, reason = CHANNEL_LIMITS[channel]
    entry = spend_limits(ctx.state, ctx.engine.limits).get(limit_name)
    cost = micros(price)
    total = _spent_micros(ctx, channel) + cost
    if entry is not None and total > int(entry["EnforcedLimit"]) * MICROS_PER_USD:
        raise quota(reason)
    if dry_run:
        return
    ctx.settings.setdefault(_SPEND_KEY, {}).setdefault(month(ctx.now), {})[channel] = total
